/**
 * The direct `compare A B` answer (bin/oneshot.cjs tries it first, from its
 * own small bundle dist/oneshot-compare-direct.cjs): argv `compare A B
 * [--arch ARCH] [--accel tcg|kvm] [--json]` that resolves to an architecture
 * under TCG, or to x86_64 under KVM with this machine's /proc/cpuinfo, whose
 * operands are model names the build's table of that architecture and
 * accelerator holds (arch/compare-direct-table.ts, default profile). The
 * answer is the driver's own comparison (arch/compare-direct.ts: its
 * compare.ts) over a catalog of the stored names and groups, printed by the
 * same printComparison as the full path. Anything else (props, other names, profiles, architectures or
 * accelerators, two files: libvirt's compare) returns false having done
 * nothing. test/adapters/compare-direct.test.ts compares both byte for byte.
 */
import { statSync } from 'node:fs';
import { FeatureSet } from '../../core/bitset.js';
import { FeatureCatalog } from '../../core/catalog.js';
import { DIRECT_COMPARE, spellingOf } from '../../arch/compare-direct.js';
import { COMPARE_TABLES, COMPARE_TABLES_KVM } from '../../arch/compare-direct-data.js';
import type { CompareTable } from '../../arch/compare-direct-table.js';
import { directArgs, resolveStored, type MachineFacts } from '../../arch/x86_64/direct-resolve.js';
import { writeDirectly } from './direct-output.js';
export { wroteViaStream } from './direct-output.js';
import { detectHostFacts } from './host-facts.js';
import { printComparison } from './compare-format.js';
import { readKvmModelsHost } from './models-memo.js';

const isFile = (p: string): boolean => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/**
 * The answer to argv (without node and script), true; false when this path
 * does not answer it (nothing was written). Under TCG from `tables`; under
 * KVM with this machine's host file (x86_64) from `kvmTables`, when the host
 * file is plainly /proc/cpuinfo (what the full path reads without a word; it
 * reads anything else, or refuses it, itself).
 */
export function runCompareDirect(
  args: readonly string[],
  tables: Readonly<Record<string, () => CompareTable>> | undefined = COMPARE_TABLES,
  facts: MachineFacts = detectHostFacts(),
  directOutput = false,
  kvmTables: Readonly<Record<string, () => CompareTable>> | undefined = COMPARE_TABLES_KVM,
): boolean {
  if (args[0] !== 'compare') return false;
  const p = directArgs(args.slice(1), ['--arch', '--accel'], 2);
  if (!p) return false;
  const resolved = resolveStored({ arch: p.opts.get('--arch') as string | undefined, accel: p.opts.get('--accel') as string | undefined }, facts);
  const source = resolved?.kvmHostFile === undefined ? tables : kvmTables;
  if (!resolved || !source || !Object.hasOwn(source, resolved.arch) || !Object.hasOwn(DIRECT_COMPARE, resolved.arch)) return false;
  if (resolved.kvmHostFile !== undefined && !readKvmModelsHost(resolved.kvmHostFile)) return false;
  const arch = resolved.arch;
  const table = source[arch]!();
  const [a, b] = p.operands as [string, string];
  const sa = spellingOf(arch, a);
  const sb = spellingOf(arch, b);
  const ma = Object.hasOwn(table.models, sa) ? table.models[sa] : undefined;
  const mb = Object.hasOwn(table.models, sb) ? table.models[sb] : undefined;
  // two files are libvirt's compare (oneshot.ts parseFast)
  if (!ma || !mb || (isFile(a) && isFile(b))) return false;
  const catalog = new FeatureCatalog(
    arch,
    table.features.map((name) => ({ name, kind: '', bit: 0, desc: '' })),
    table.groups,
  );
  const set = (i: number) => new FeatureSet(catalog.size, Uint32Array.from(table.sets[i]!));
  const r = DIRECT_COMPARE[arch]!(catalog, { key: ma[0], features: set(ma[1]) }, { key: mb[0], features: set(mb[1]) });
  if (directOutput) writeDirectly();
  printComparison(a, b, r, p.opts.has('--json') ? { json: true } : {});
  return true;
}
