/**
 * The direct `models` answer (bin/oneshot.cjs tries it first, from its own
 * small bundle dist/oneshot-models-kvm.cjs): `models`, optionally with
 * `--json`, `--accel kvm` and `--arch x86_64`, on an x86_64 machine where the
 * command runs under KVM with this machine's host file (/proc/cpuinfo), as
 * resolveCommon (oneshot.ts) decides. Anything else, and anything the table
 * cannot decide (models-direct.ts), returns false having done nothing: the
 * one-shot bundle or the full CLI answers, errors included. Given a memo
 * (bin/oneshot.cjs gives one), the answer is also remembered for the next
 * run on the same host (models-memo.ts).
 */
import { directKvmDefinitions, type DirectModelsTable } from '../../arch/x86_64/models-direct.js';
import { X86_DIRECT_MODELS } from '../../arch/x86_64/models-direct-data.js';
import { writeDirectly, writeOut } from './direct-output.js';
export { wroteViaStream } from './direct-output.js';
import { detectHostFacts, type HostFacts } from './host-facts.js';
import { kvmModelsRequest, memoFileOf, memoKeyOf, readKvmModelsHost, writeMemo } from './models-memo.js';
import { modelsText } from './models-format.js';

/**
 * The answer to argv (without node and script), true; false when this path
 * does not answer it (nothing was written). memo: where to remember it (the
 * directory) and the build it is of (the memo bundle's MEMO_ID).
 */
export function runModelsDirect(args: readonly string[], facts: HostFacts = detectHostFacts(), table: DirectModelsTable | undefined = X86_DIRECT_MODELS, directOutput = false, memo?: { dir: string; id: string }): boolean {
  if (!table) return false;
  const req = kvmModelsRequest(args, facts);
  const host = req && readKvmModelsHost(req.hostFile);
  const defs = host && directKvmDefinitions(table, host);
  if (!defs) return false;
  const answer = modelsText(defs, { json: req.json });
  if (directOutput) writeDirectly();
  writeOut(1, answer);
  if (memo) writeMemo(memoFileOf(memo.dir, req.json), memoKeyOf(memo.id, req.json, host), answer);
  return true;
}
