/**
 * The direct `s390x identify` answer (bin/oneshot.cjs tries it first, from its
 * own small bundle dist/oneshot-identify-direct.cjs): argv `s390x identify
 * --type T [--ga N] | --model NAME [--profile P] [--json]`, answered by
 * identity.ts's own functions over the definitions the build stored for each
 * catalog profile (identity-data.ts: names, machine types, generations, GA
 * levels and descriptions; no facility set, which identifying never reads),
 * printed by the same printIdentity as the full path. Anything else, and
 * every error (an unknown type, GA, model or profile), returns false having
 * done nothing: the one-shot bundle or the full CLI answers it, with its
 * suggestions. test/adapters/identify-direct.test.ts compares both byte for
 * byte.
 */
import { identifyByModel, identifyByType, identityCatalogOf, type IdentityDef } from '../../arch/s390x/identity.js';
import { S390_IDENTITY_DEFS } from '../../arch/s390x/identity-data.js';
import { checkProfile } from '../../core/profile.js';
import { directArgs } from '../../arch/x86_64/direct-resolve.js';
import { writeDirectly } from './direct-output.js';
export { wroteViaStream } from './direct-output.js';
import { printIdentity } from './identify-format.js';

/** The answer to argv (without node and script), true; false when this path does not answer it (nothing was written). */
export function runIdentifyDirect(args: readonly string[], table: Readonly<Record<string, () => readonly IdentityDef[]>> | undefined = S390_IDENTITY_DEFS, directOutput = false): boolean {
  if (!table || args[0] !== 's390x' || args[1] !== 'identify') return false;
  const p = directArgs(args.slice(2), ['--type', '--ga', '--model', '--profile'], 0);
  if (!p) return false;
  // as runFast: GA 1 unless given, the latest profile unless named
  const profile = checkProfile((p.opts.get('--profile') as string | undefined) ?? 'latest');
  if (!profile.ok || !Object.hasOwn(table, profile.value)) return false;
  const model = p.opts.get('--model') as string | undefined;
  const type = p.opts.get('--type') as string | undefined;
  if (model === undefined && type === undefined) return false;
  const cat = identityCatalogOf(table[profile.value]!());
  const id = model !== undefined ? identifyByModel(cat, model) : identifyByType(cat, type!, (p.opts.get('--ga') as string | undefined) ?? '1');
  if (!id.ok) return false;
  if (directOutput) writeDirectly();
  printIdentity(id.value, { byModel: model !== undefined, ...(p.opts.has('--json') ? { json: true } : {}) });
  return true;
}
