/**
 * The tables the direct `compare` path reads (adapters/cli/compare-direct.ts),
 * made at build time by each driver itself: the catalog's feature names and
 * groups (what naming and folding the responsible properties read), and for
 * each model name the driver parses under TCG, its key (what
 * arch/compare-direct.ts compares besides features) and its feature set.
 * test/adapters/compare-direct.test.ts holds the answers made from them to the
 * drivers', byte for byte.
 */
import { loadDriver } from './arches.js';
import { spellingOf } from './compare-direct.js';
import { unwrap } from '../core/errors.js';
import type { FeatureSet } from '../core/bitset.js';
import type { CpuDriver } from '../core/driver.js';
import type { Profile } from '../core/profile.js';
import type { S390Driver } from './s390x/driver.js';
import type { X86Driver } from './x86_64/driver.js';
import type { Ppc64Driver } from './ppc64/driver.js';
import type { Aarch64Driver } from './aarch64/driver.js';

export interface CompareTable {
  /** the architecture and catalog profile the table is of */
  arch: string;
  profile: string;
  /** the catalog's feature names in index order */
  features: string[];
  /** its groups, in order, by member names */
  groups: { name: string; desc: string; members: string[] }[];
  /** distinct feature sets, as words */
  sets: number[][];
  /** each model name the driver parses: its key, and the index of its set in `sets` */
  models: Record<string, [key: (string | number)[], set: number]>;
}

/** The key and features of a parsed model name, per architecture (build time only). */
const KEYED: Readonly<Record<string, (d: CpuDriver, name: string) => { key: (string | number)[]; features: FeatureSet } | undefined>> = {
  s390x: (d, name) => {
    const m = (d as S390Driver).parse({ name });
    return m.ok ? { key: [m.value.def.gen, m.value.def.ga], features: m.value.features } : undefined;
  },
  x86_64: (d, name) => {
    const m = (d as X86Driver).parse({ name });
    return m.ok ? { key: [m.value.identity.vendor ?? ''], features: m.value.features } : undefined;
  },
  ppc64: (d, name) => {
    const m = (d as Ppc64Driver).parse({ name });
    if (!m.ok) return undefined;
    // the driver compares families as objects: a name must be one family's only
    const family = m.value.cls.family;
    const seen = familyOfName.get(family.name);
    if (seen !== undefined && seen !== family) throw new Error(`ppc64: two families are named ${family.name}`);
    familyOfName.set(family.name, family);
    return { key: [family.name], features: m.value.features };
  },
  aarch64: (d, name) => {
    const m = (d as Aarch64Driver).parse({ name });
    return m.ok ? { key: [m.value.cls.midr.implementer], features: m.value.features } : undefined;
  },
};
const familyOfName = new Map<string, unknown>();

/** The architectures the direct compare path serves. */
export const DIRECT_COMPARE_ARCHES: readonly string[] = Object.keys(KEYED);

/** The table of an architecture under TCG, made by its driver (build time). */
export async function computeCompareTable(arch: string, profile: Profile): Promise<CompareTable> {
  return compareTableOf(arch, profile, [unwrap(await loadDriver({ arch, accel: 'tcg', profile }))]);
}

/**
 * The table of the names that every driver given (one profile's catalog)
 * parses alike: the same key and the same set on each. One driver: its
 * table. Several drivers under KVM, each on an unlike host: the names whose
 * parse does not depend on the host (a table model: KVM's defaults, not the
 * host's features), without those whose parse does (host, max).
 */
export function compareTableOf(arch: string, profile: Profile, drivers: readonly CpuDriver[]): CompareTable {
  const keyed = KEYED[arch];
  if (!keyed) throw new Error(`no direct compare for ${arch}`);
  const [d, ...others] = drivers;
  if (!d) throw new Error(`${arch}: no driver to make the compare table with`);
  const names = d.catalog.features.map((f) => f.name);
  for (const o of others) if (o.catalog.features.map((f) => f.name).join(' ') !== names.join(' ')) throw new Error(`${arch}: the drivers' catalogs differ`);
  const sets: number[][] = [];
  const setKeys = new Map<string, number>();
  const models: Record<string, [(string | number)[], number]> = {};
  for (const { name } of d.definitions()) {
    // keyed by the spelling the run looks up (ppc64: lower case), made of that spelling; it must be the name's own model
    const spelled = spellingOf(arch, name);
    const m = keyed(d, spelled);
    if (!m) continue;
    const own = keyed(d, name);
    if (!own || own.key.join('\0') !== m.key.join('\0') || !own.features.equals(m.features)) throw new Error(`${arch}: '${name}' and '${spelled}' are not the same model`);
    if (!others.every((o) => {
      const x = keyed(o, spelled);
      return x !== undefined && x.key.join('\0') === m.key.join('\0') && x.features.equals(m.features);
    })) continue;
    const words = Array.from(m.features.words);
    const k = words.join(',');
    let i = setKeys.get(k);
    if (i === undefined) setKeys.set(k, (i = sets.push(words) - 1));
    models[spelled] = [m.key, i];
  }
  return {
    arch,
    profile,
    features: names,
    groups: d.catalog.groups.map((g) => ({ name: g.name, desc: g.desc, members: [...g.memberNames] })),
    sets,
    models,
  };
}
