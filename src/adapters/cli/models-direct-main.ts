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
import { detectHostFacts, type HostFacts } from './host-facts.js';
import { readInput } from './input.js';
import { formatModels } from './models-format.js';

/** The answer to argv (without node and script), true; false when this path does not answer it (nothing was written). */
export function runModelsDirect(args: readonly string[], facts: HostFacts = detectHostFacts(), table: DirectModelsTable | undefined = X86_DIRECT_MODELS, directOutput = false): boolean {
  if (!table || args[0] !== 'models') return false;
  const opts = new Map<string, string | true>();
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (opts.has(a)) return false;
    if (a === '--json') opts.set(a, true);
    else if (a === '--accel' || a === '--arch') opts.set(a, args[++i] ?? '');
    else return false;
  }
  const arch = opts.get('--arch');
  const accel = opts.get('--accel');
  if ((arch !== undefined && arch !== 'x86_64') || (accel !== undefined && accel !== 'kvm')) return false;
  // resolveCommon's defaults: this machine's architecture; KVM when /dev/kvm opens; its host file under KVM
  if (facts.arch() !== 'x86_64' || (accel === undefined && !facts.kvm())) return false;
  const file = facts.hostFile();
  if (file === undefined || file === '-') return false;
  let text: string;
  try {
    text = readInput(file, 'host file');
  } catch {
    return false;
  }
  const defs = directKvmDefinitions(table, text, file);
  if (!defs) return false;
  if (directOutput) writeDirectly();
  formatModels(defs, opts.has('--json') ? { json: true } : {});
  return true;
}
