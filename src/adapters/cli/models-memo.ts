/**
 * `models` under KVM on this x86_64 machine, remembered. The direct path's
 * answer (models-direct-main.ts) is a function of the build (its table and
 * code, named by X86_DIRECT_MODELS_ID: the direct bundle's content hash),
 * of --json, and of the host file's projection that directKvmDefinitions
 * takes (models-direct-host.ts: vendor, family, flags). So, as libvirt keeps
 * QEMU's capabilities per binary and host CPU in its cache folder, the
 * direct path writes each answer with that key to the user's cache folder
 * (host-facts.ts userCacheDir: ${XDG_CACHE_HOME:-~/.cache}/cpumodels, where
 * the installed libvirt's version is remembered too; models-kvm[.json].memo,
 * the last answer per form), and a later run whose key is the same writes it
 * back from the small bundle dist/oneshot-models-memo.cjs without loading
 * the table or computing anything. The host file is read and projected on
 * every run: a changed host (other flags after a kernel or microcode update)
 * or another build (an upgrade, another install) is a miss, which computes
 * the answer again and remembers it in place of the old one. A memo that
 * cannot be read, whose key is not this run's or whose length is not its own
 * (a torn or edited file) is a miss too; a folder that cannot be written
 * only means no memo. test/adapters/models-memo.test.ts checks the
 * remembered answers against the full path.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { directArgs, resolveX86Direct, type MachineFacts } from '../../arch/x86_64/direct-resolve.js';
import { X86_DIRECT_MODELS_ID } from '../../arch/x86_64/models-direct-id.js';
import { kvmModelsHostOf, type KvmModelsHost } from '../../arch/x86_64/models-direct-host.js';
import { writeDirectly, writeOut } from './direct-output.js';
export { wroteViaStream } from './direct-output.js';
import { detectHostFacts, userCacheDir } from './host-facts.js';
import { readInput } from './input.js';

/** The build this bundle remembers answers of (bin/oneshot.cjs hands it to the direct path). */
export const MEMO_ID = X86_DIRECT_MODELS_ID;

/** What argv asks the direct path for: `models` [--json] [--arch A] [--accel K], resolved to KVM with this machine's host file; undefined otherwise. */
export function kvmModelsRequest(args: readonly string[], facts: MachineFacts): { hostFile: string; json: boolean } | undefined {
  if (args[0] !== 'models') return undefined;
  const p = directArgs(args.slice(1), ['--arch', '--accel'], 0);
  if (!p) return undefined;
  const r = resolveX86Direct({ arch: p.opts.get('--arch') as string | undefined, accel: p.opts.get('--accel') as string | undefined }, facts);
  return r?.accel === 'kvm' ? { hostFile: r.hostFile, json: p.opts.has('--json') } : undefined;
}

/** The host file's projection, read now; undefined when it cannot be read or is not plainly /proc/cpuinfo. */
export function readKvmModelsHost(file: string): KvmModelsHost | undefined {
  let text: string;
  try {
    text = readInput(file, 'host file');
  } catch {
    return undefined;
  }
  return kvmModelsHostOf(text, file);
}

/** Where the answer of a form is remembered (one host's per form). */
export const memoFileOf = (dir: string, json: boolean): string => path.join(dir, json ? 'models-kvm.json.memo' : 'models-kvm.memo');

/** The folder the memos are in: the user's cache folder (bin/oneshot.cjs asks this bundle). */
export const memoDir = (env: NodeJS.ProcessEnv = process.env): string => userCacheDir(env);

/** The first line of a memo: what it is, in which layout. */
const MAGIC = 'cpumodels models-kvm memo 1';

/** The key of an answer: everything it is a function of, as one line of JSON. */
export function memoKeyOf(id: string, json: boolean, h: KvmModelsHost): string {
  return JSON.stringify([id, json ? 'json' : 'text', h.vendorString, h.family, h.flags]);
}

/** A memo's answer, when its key is this one and it is whole; undefined otherwise. */
export function readMemo(file: string, key: string): Buffer | undefined {
  let b: Buffer;
  try {
    b = readFileSync(file);
  } catch {
    return undefined;
  }
  const head = Buffer.from(`${MAGIC}\n${key}\n`, 'utf8');
  if (b.length < head.length || !b.subarray(0, head.length).equals(head)) return undefined;
  const nl = b.indexOf(0x0a, head.length);
  const len = nl < 0 ? '' : b.toString('latin1', head.length, nl);
  if (!/^(0|[1-9]\d{0,9})$/.test(len) || b.length - nl - 1 !== Number(len)) return undefined;
  return b.subarray(nl + 1);
}

/** Remember an answer under its key, making its folder if need be; best effort (the folder may not be writable). Readers see the old memo or the new one whole. */
export function writeMemo(file: string, key: string, answer: string): void {
  const body = Buffer.from(answer, 'utf8');
  const tmp = `${file}.${process.pid}`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, Buffer.concat([Buffer.from(`${MAGIC}\n${key}\n${body.length}\n`, 'utf8'), body]));
    renameSync(tmp, file);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* no such folder: nothing was written */
    }
  }
}

/** The remembered answer to argv (without node and script), true; false when there is none for this run's key (nothing was written). */
export function runModelsMemo(args: readonly string[], dir: string = memoDir(), facts: MachineFacts = detectHostFacts(), directOutput = false, id: string | undefined = MEMO_ID): boolean {
  if (!id) return false;
  const req = kvmModelsRequest(args, facts);
  const host = req && readKvmModelsHost(req.hostFile);
  const answer = host && readMemo(memoFileOf(dir, req.json), memoKeyOf(id, req.json, host));
  if (!answer) return false;
  if (directOutput) writeDirectly();
  writeOut(1, answer);
  return true;
}
