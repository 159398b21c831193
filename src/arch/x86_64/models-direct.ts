/**
 * `models` under KVM on this x86_64 machine (host: /proc/cpuinfo), answered
 * from one table the build made with the driver's own code
 * (models-direct-table.ts computeDirectModels), without the catalog, the
 * driver or the feature tables: the host's flags are named with the stored
 * cpuinfo naming, KVM's verdict is kvm.ts's own functions over a catalog of
 * the stored feature names, and each table model's stored KVM expansion is
 * judged against it. When the table cannot decide (the text is not plainly
 * /proc/cpuinfo, or a model that the driver parses at run time might have a
 * blocker) the answer is undefined and the full path answers.
 * test/adapters/models-direct.test.ts compares both byte for byte.
 */
import { FeatureSet } from '../../core/bitset.js';
import { FeatureCatalog } from '../../core/catalog.js';
import type { CpuDefinitionInfo } from '../../core/driver.js';
import { X86_XSAVE_XCR0_NEXT_WORD } from '../../data/x86_64/kvm.js';
import { qemuNamesOfFlags, type CpuinfoNaming } from './cpuinfo-header.js';
import type { KvmModelsHost } from './models-direct-host.js';
import type { X86Catalog } from './catalog.js';
import { kvmGuestFeatures, kvmUnavailable } from './kvm.js';

/** What the direct path reads, as plain data (made at build time). */
export interface DirectModelsTable {
  /** the catalog profile the table is of (only the default profile is stored) */
  profile: string;
  /** the QEMU release whose answer forms it reproduces (the driver's release) */
  release: string;
  /** the catalog's feature names in index order, and each one's aliases ('' when none, else space-separated) */
  features: string[];
  aliases: string[];
  /** the catalog's sets kvm.ts reads, as words */
  kvmOnly: number[];
  unmigratable: number[];
  /** the catalog's XCR0 next word (kvm.ts xsaveOf), as words; null when the catalog has none */
  xcr0Next: number[] | null;
  /** distinct feature sets, as words */
  sets: number[][];
  /**
   * The definitions in the driver's order, 'unavailable-features' empty; per
   * row, its set and whether the set is the model's expansion (exact: its
   * blockers are kvmUnavailable's) or only what it may have beyond what KVM
   * supports (a model the driver parses at run time: runnable when the set is
   * supported, else undecided).
   */
  definitions: CpuDefinitionInfo[];
  rowSet: number[];
  rowExact: boolean[];
  /** how /proc/cpuinfo flags are named in QEMU's vocabulary (cpuid.ts computeCpuinfoNaming) */
  naming: CpuinfoNaming;
}

/**
 * The definitions (query-cpu-definitions) of the table's profile under KVM
 * on the host a /proc/cpuinfo text describes (its projection:
 * models-direct-host.ts kvmModelsHostOf), as the x86_64 driver answers;
 * undefined when the table cannot say (the full path then answers, errors
 * included).
 */
export function directKvmDefinitions(t: DirectModelsTable, h: KvmModelsHost): CpuDefinitionInfo[] | undefined {
  const features = new FeatureCatalog(
    'x86_64',
    t.features.map((name, i) => (t.aliases[i] ? { name, kind: '', bit: 0, desc: '', aliases: t.aliases[i]!.split(' ') } : { name, kind: '', bit: 0, desc: '' })),
  );
  const words = (w: readonly number[]) => new FeatureSet(features.size, Uint32Array.from(w));
  // the parts of the catalog kvm.ts reads
  const cat = {
    features,
    kvmOnly: words(t.kvmOnly),
    unmigratable: words(t.unmigratable),
    word: new Map(t.xcr0Next ? [[X86_XSAVE_XCR0_NEXT_WORD, words(t.xcr0Next)]] : []),
  } as unknown as X86Catalog;
  // the host as create.ts makes it of /proc/cpuinfo (view 'cpu')
  const hostFeatures = features.setOf(qemuNamesOfFlags(t.naming, new Set(h.flags)).filter((n) => features.feature(n)));
  const supported = kvmGuestFeatures(cat, { features: hostFeatures, vendor: h.vendorString, family: h.family, view: 'cpu' });
  const sets = FeatureSet.packed(features.size, t.sets);
  const out: CpuDefinitionInfo[] = [];
  for (let i = 0; i < t.definitions.length; i++) {
    const s = sets[t.rowSet[i]!]!;
    let unavailable: string[];
    if (t.rowExact[i]) unavailable = kvmUnavailable(cat, s, supported, t.release);
    else if (s.isSubsetOf(supported)) unavailable = [];
    else return undefined;
    out.push({ ...t.definitions[i]!, 'unavailable-features': unavailable });
  }
  return out;
}
