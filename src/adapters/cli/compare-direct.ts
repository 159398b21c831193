/**
 * The direct s390x `compare A B` answer (bin/oneshot.cjs tries it first, from
 * its own small bundle dist/oneshot-compare-direct.cjs): argv `compare A B
 * [--arch s390x] [--accel tcg] [--json]` that resolves to s390x under TCG,
 * whose operands are plain model names the build's table holds
 * (compare-direct-table.ts, default profile). The answer is
 * compareS390Models' (the driver's own comparison) over a catalog of the
 * stored names and groups, printed by the same printComparison as the full
 * path. Anything else (props, other names, profiles, architectures or
 * accelerators, two files: libvirt's compare) returns false having done
 * nothing. test/adapters/compare-direct.test.ts compares both byte for byte.
 */
import { statSync } from 'node:fs';
import { FeatureSet } from '../../core/bitset.js';
import { FeatureCatalog } from '../../core/catalog.js';
import { compareS390Models } from '../../arch/s390x/compare.js';
import { S390_COMPARE_TABLE } from '../../arch/s390x/compare-direct-data.js';
import type { S390CompareTable } from '../../arch/s390x/compare-direct-table.js';
import { directArgs, resolveTcgArch, type MachineFacts } from '../../arch/x86_64/direct-resolve.js';
import { writeDirectly } from './direct-output.js';
export { wroteViaStream } from './direct-output.js';
import { detectHostFacts } from './host-facts.js';
import { printComparison } from './compare-format.js';

const isFile = (p: string): boolean => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/** The answer to argv (without node and script), true; false when this path does not answer it (nothing was written). */
export function runCompareDirect(args: readonly string[], table: S390CompareTable | undefined = S390_COMPARE_TABLE, facts: Pick<MachineFacts, 'arch' | 'kvm'> = detectHostFacts(), directOutput = false): boolean {
  if (!table || args[0] !== 'compare') return false;
  const p = directArgs(args.slice(1), ['--arch', '--accel'], 2);
  if (!p) return false;
  if (resolveTcgArch({ arch: p.opts.get('--arch') as string | undefined, accel: p.opts.get('--accel') as string | undefined }, facts) !== 's390x') return false;
  const [a, b] = p.operands as [string, string];
  const ma = Object.hasOwn(table.models, a) ? table.models[a] : undefined;
  const mb = Object.hasOwn(table.models, b) ? table.models[b] : undefined;
  // two files are libvirt's compare (oneshot.ts parseFast)
  if (!ma || !mb || (isFile(a) && isFile(b))) return false;
  const catalog = new FeatureCatalog(
    's390x',
    table.features.map((name) => ({ name, kind: '', bit: 0, desc: '' })),
    table.groups,
  );
  const set = (i: number) => new FeatureSet(catalog.size, Uint32Array.from(table.sets[i]!));
  const r = compareS390Models(catalog, { def: { gen: ma[0], ga: ma[1] }, features: set(ma[2]) }, { def: { gen: mb[0], ga: mb[1] }, features: set(mb[2]) });
  if (directOutput) writeDirectly();
  printComparison(a, b, r, p.opts.has('--json') ? { json: true } : {});
  return true;
}
