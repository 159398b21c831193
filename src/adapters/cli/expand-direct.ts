/**
 * The direct `expand` answer of a model the build stored (bin/oneshot.cjs
 * tries it first, from its own small bundle dist/oneshot-expand-direct.cjs):
 * argv `expand MODEL [--type static|full] [--json] [--arch ARCH] [--accel
 * tcg|kvm]`. The build answered each model, both types, text and --json, with
 * the full path (expand-direct-store.ts) into dist/expand-ARCH/MODEL.json:
 * x86_64's table models under TCG, and under KVM where the answer was the same
 * on unlike hosts; every model of the other architectures under TCG, where the
 * answer depends on nothing of the machine. At run time the stored answer is
 * written as it is; under KVM only after this machine's host file reads as
 * /proc/cpuinfo (anything else: the full path reads it).
 * Anything else returns false having done nothing.
 * test/adapters/expand-direct.test.ts compares both byte for byte.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isHostDocumentText } from '../../core/host-text.js';
import { detectX86Format, readCpuinfoHeader } from '../../arch/x86_64/cpuinfo-header.js';
import { writeDirectly, writeOut } from './direct-output.js';
export { wroteViaStream } from './direct-output.js';
import { detectHostFacts, type HostFacts } from './host-facts.js';
import { readInput } from './input.js';
import { directArgs, resolveStored } from '../../arch/x86_64/direct-resolve.js';

/** One stored answer: stdout and stderr (the exit code is 0). */
export type StoredAnswer = [out: string, err: string];

/** A model's stored file: per accelerator (KVM: 'tcg' when the same as TCG's), per form (`static`, `static --json`, `full`, `full --json`). */
export interface StoredExpansions {
  tcg: Record<string, StoredAnswer>;
  kvm?: Record<string, StoredAnswer> | 'tcg';
}

/** The form key of a type and --json. */
export const formKey = (type: string, json: boolean): string => `${type}${json ? ' --json' : ''}`;

/** The stored file of a model (names the build could not store as a file name are not stored). */
export const storedFile = (dir: string, model: string): string | undefined => (/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(model) ? path.join(dir, `${model}.json`) : undefined);

/** Whether a host file is one the stored KVM answers hold for: /proc/cpuinfo that reads (create.ts would accept it). */
function readsAsCpuinfo(file: string): boolean {
  let text: string;
  try {
    text = readInput(file, 'host file');
  } catch {
    return false;
  }
  return !isHostDocumentText(text) && detectX86Format(text) === 'cpuinfo' && readCpuinfoHeader(text, file).ok;
}

/** The stored answers of an architecture: DIR/expand-ARCH (a name that is not a plain word has none). */
export const storeOf = (dir: string, arch: string): string | undefined => (/^[a-z][a-z0-9_]*$/.test(arch) ? path.join(dir, `expand-${arch}`) : undefined);

/**
 * The answer to argv (without node and script) from the store under `dir`
 * (dist/: expand-ARCH/MODEL.json), true; false when this path does not
 * answer it (nothing was written). x86_64 under TCG or KVM; the other
 * architectures under TCG.
 */
export function runExpandDirect(args: readonly string[], dir: string, facts: HostFacts = detectHostFacts(), directOutput = false): boolean {
  if (args[0] !== 'expand') return false;
  const p = directArgs(args.slice(1), ['--arch', '--accel', '--type'], 1);
  if (!p) return false;
  const type = p.opts.get('--type') ?? 'static';
  if (type !== 'static' && type !== 'full') return false;
  const o = { arch: p.opts.get('--arch') as string | undefined, accel: p.opts.get('--accel') as string | undefined };
  // x86_64 under TCG, or KVM with this machine's host file; any other architecture under TCG only
  const r = resolveStored(o, facts);
  if (!r) return false;
  const store = storeOf(dir, r.arch);
  const file = store && storedFile(store, p.operands[0]!);
  if (!file) return false;
  let stored: StoredExpansions;
  try {
    stored = JSON.parse(readFileSync(file, 'latin1')) as StoredExpansions;
  } catch {
    return false;
  }
  const forms = r.kvmHostFile === undefined ? stored.tcg : stored.kvm === 'tcg' ? stored.tcg : stored.kvm;
  const answer = forms?.[formKey(type, p.opts.has('--json'))];
  if (!answer) return false;
  if (r.kvmHostFile !== undefined && !readsAsCpuinfo(r.kvmHostFile)) return false;
  if (directOutput) writeDirectly();
  if (answer[1]) writeOut(2, answer[1]);
  writeOut(1, answer[0]);
  return true;
}
