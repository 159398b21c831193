/**
 * The stored `models` answers under TCG (bin/oneshot.cjs tries them first,
 * from the small bundle dist/oneshot-models-stored.cjs): argv `models
 * [--arch ARCH] [--accel tcg] [--json]` whose answer is TCG's. Under TCG,
 * without --host and at the default profile, the answer depends on the
 * architecture and --json alone (the catalog and what QEMU's TCG can do), so
 * the build answers each architecture, text and --json, with the full path
 * (models-stored-store.ts) into dist/models-stored/ARCH[.json].out, and a
 * run writes the stored bytes as they are. Anything else (KVM, --host, --profile, an
 * architecture without a stored file, errors) returns false having done
 * nothing: the one-shot bundle or the full CLI answers it.
 * test/adapters/models-stored.test.ts compares both byte for byte.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeDirectly, writeOut } from './direct-output.js';
export { wroteViaStream } from './direct-output.js';
import { detectHostFacts } from './host-facts.js';
import { directArgs, resolveTcgArch, type MachineFacts } from '../../arch/x86_64/direct-resolve.js';

/**
 * The stored file of an architecture's answer, without or with --json: its
 * stdout as it is (an answer with anything on stderr is not stored). A name
 * that is not a plain word has none.
 */
export const storedModelsFile = (dir: string, arch: string, json: boolean): string | undefined =>
  /^[a-z][a-z0-9_]*$/.test(arch) ? path.join(dir, `${arch}${json ? '.json' : ''}.out`) : undefined;

/**
 * The architecture whose TCG answer argv asks for, as resolveCommon
 * (oneshot.ts) decides it: --arch, else this machine's; the accelerator
 * --accel, else KVM when the architecture is this machine's and /dev/kvm
 * opens, else TCG. Undefined when argv is not that form or the answer is not
 * TCG's.
 */
export function tcgModelsArch(args: readonly string[], facts: MachineFacts): { arch: string; json: boolean } | undefined {
  if (args[0] !== 'models') return undefined;
  const p = directArgs(args.slice(1), ['--arch', '--accel'], 0);
  if (!p) return undefined;
  const arch = resolveTcgArch({ arch: p.opts.get('--arch') as string | undefined, accel: p.opts.get('--accel') as string | undefined }, facts);
  return arch === undefined ? undefined : { arch, json: p.opts.has('--json') };
}

/** The answer to argv (without node and script), true; false when this path does not answer it (nothing was written). */
export function runModelsStored(args: readonly string[], dir: string, facts: MachineFacts = detectHostFacts(), directOutput = false): boolean {
  const t = tcgModelsArch(args, facts);
  const file = t && storedModelsFile(dir, t.arch, t.json);
  if (!file) return false;
  let out: Buffer;
  try {
    out = readFileSync(file);
  } catch {
    return false;
  }
  if (directOutput) writeDirectly();
  writeOut(1, out);
  return true;
}
