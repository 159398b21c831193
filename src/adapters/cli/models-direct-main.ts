/**
 * The direct `models` answer (bin/oneshot.cjs tries it first, from its own
 * small bundle dist/oneshot-models-kvm.cjs): `models`, optionally with
 * `--json`, `--accel kvm` and `--arch x86_64`, on an x86_64 machine where the
 * command runs under KVM with this machine's host file (/proc/cpuinfo), as
 * resolveCommon (oneshot.ts) decides. Anything else, and anything the table
 * cannot decide (models-direct.ts), returns false having done nothing: the
 * one-shot bundle or the full CLI answers, errors included.
 */
import { directKvmDefinitions, type DirectModelsTable } from '../../arch/x86_64/models-direct.js';
import { X86_DIRECT_MODELS } from '../../arch/x86_64/models-direct-data.js';
import { writeDirectly } from './direct-output.js';
export { wroteViaStream } from './direct-output.js';
import { detectHostFacts, type HostFacts } from './host-facts.js';
import { readInput } from './input.js';
import { formatModels } from './models-format.js';
import { directArgs, resolveX86Direct } from '../../arch/x86_64/direct-resolve.js';

/** The answer to argv (without node and script), true; false when this path does not answer it (nothing was written). */
export function runModelsDirect(args: readonly string[], facts: HostFacts = detectHostFacts(), table: DirectModelsTable | undefined = X86_DIRECT_MODELS, directOutput = false): boolean {
  if (!table || args[0] !== 'models') return false;
  const p = directArgs(args.slice(1), ['--arch', '--accel'], 0);
  if (!p) return false;
  const r = resolveX86Direct({ arch: p.opts.get('--arch') as string | undefined, accel: p.opts.get('--accel') as string | undefined }, facts);
  if (r?.accel !== 'kvm') return false;
  const file = r.hostFile;
  let text: string;
  try {
    text = readInput(file, 'host file');
  } catch {
    return false;
  }
  const defs = directKvmDefinitions(table, text, file);
  if (!defs) return false;
  if (directOutput) writeDirectly();
  formatModels(defs, p.opts.has('--json') ? { json: true } : {});
  return true;
}
