/**
 * The s390x model room, computed from the data tables in src/data/s390x.
 *
 * The tables declare what each generation/GA adds; the cumulative base,
 * default and full sets are computed here, in table order (the rule, with
 * its one exception at gen15 GA1, is written down in
 * data/s390x/generations.ts).
 * A profile selects which QEMU's view to present: '7.2' leaves out every row
 * marked `since` a later version; 'latest' keeps everything (z17 …).
 */
import { FeatureSet } from '../../core/bitset.js';
import { FeatureCatalog } from '../../core/catalog.js';
import { perProfile, PROFILES, visibleIn, type Profile } from '../../core/profile.js';
import { S390_FEATURES } from '../../data/s390x/features.js';
import { S390_GROUPS } from '../../data/s390x/groups.js';
import { S390_GENERATIONS } from '../../data/s390x/generations.js';
import {
  S390_DEPENDENCIES,
  S390_IGNORED_BASE_FEATURES,
  S390_MODELS,
  S390_QEMU_MAX_FEATURES,
  S390_QEMU_MODEL,
} from '../../data/s390x/models.js';
import { S390_PRECOMPUTED_CUMULATIVE } from './precomputed.js';

export type S390Profile = Profile;
export const S390_PROFILES = PROFILES;

/** One CPU definition (one row of QEMU's s390_cpu_defs). */
export interface S390Def {
  readonly index: number;
  readonly name: string;
  readonly type: number;
  readonly gen: number;
  readonly ga: number;
  readonly mhaPow: number;
  readonly hmfai: number;
  readonly desc: string;
  readonly base: FeatureSet;
  readonly default: FeatureSet;
  readonly full: FeatureSet;
}

/** One named model as listed by query-cpu-definitions (a QOM class). */
export interface S390Class {
  readonly name: string;
  readonly typename: string;
  readonly desc: string;
  readonly kind: 'base' | 'default' | 'qemu' | 'max' | 'host';
  readonly def: S390Def | null;
  readonly features: FeatureSet | null;
  readonly static: boolean;
  readonly migrationSafe: boolean;
  readonly deprecated: boolean;
  readonly kvmRequired: boolean;
}

export interface S390Catalog {
  readonly profile: S390Profile;
  readonly features: FeatureCatalog;
  readonly defs: readonly S390Def[];
  readonly qemuDef: S390Def;
  readonly qemuFeatures: FeatureSet;
  readonly tcgMaxFeatures: FeatureSet;
  readonly ignoredBase: FeatureSet;
  readonly dependencies: readonly { feature: number; requires: number }[];
  defByName(name: string): S390Def | undefined;
  findDef(type: number, gen: number, ga: number): S390Def | undefined;
}

export { visibleIn };

export const s390Catalog = perProfile(build);

/** The base, default and full sets of one generation row, cumulative over the rows before it. */
export interface S390Cumulative {
  readonly base: FeatureSet;
  readonly default: FeatureSet;
  readonly full: FeatureSet;
}

/**
 * The cumulative sets per "GEN.GA". One-shot bundles carry them precomputed
 * per profile (s390x/precomputed.ts, filled in by tools/build-oneshot.mjs from
 * encodeCumulative): computing them is most of a cold start's catalog build.
 */
function cumulativeSets(features: FeatureCatalog, profile: S390Profile): Map<string, S390Cumulative> {
  const pre = S390_PRECOMPUTED_CUMULATIVE && unpackCumulative(S390_PRECOMPUTED_CUMULATIVE, profile);
  return pre !== undefined ? decodeCumulative(pre, features) : computeCumulative(features, profile);
}

/** The cumulative sets, in table order (the rule is documented in data/s390x/generations.ts). */
export function computeCumulative(features: FeatureCatalog, profile: S390Profile): Map<string, S390Cumulative> {
  // names of rows left out of this profile are not in its catalog: skipped
  const setOf = (names: readonly string[]) => features.setOf(names.filter((n) => features.feature(n) ?? features.group(n)));
  const cumulative = new Map<string, S390Cumulative>();
  const first = setOf([]);
  let base = first;
  let dflt = first;
  let full = first;
  for (const row of S390_GENERATIONS) {
    if (!visibleIn(row.since, profile)) continue;
    const keep = (names: readonly string[]) => names.filter((n) => visibleIn(row.entrySince?.[n], profile));
    if (row.dropBeforeAdding) {
      base = base.andNot(setOf(row.dropBeforeAdding.base));
      dflt = dflt.andNot(setOf(row.dropBeforeAdding.default));
    }
    const rowBase = setOf(keep(row.base));
    base = base.or(rowBase);
    dflt = dflt.or(rowBase).or(setOf(keep(row.default)));
    full = full.or(rowBase).or(setOf(keep(row.full)));
    cumulative.set(`${row.gen}.${row.ga}`, { base, default: dflt, full });
  }
  return cumulative;
}

/** computeCumulative's answer as plain data: per "GEN.GA", the three sets as 32-bit words. */
export type EncodedS390Cumulative = readonly (readonly [key: string, base: number[], dflt: number[], full: number[]])[];

export function encodeCumulative(sets: ReadonlyMap<string, S390Cumulative>): EncodedS390Cumulative {
  return [...sets].map(([k, c]) => [k, [...c.base.words], [...c.default.words], [...c.full.words]] as const);
}

export function decodeCumulative(data: EncodedS390Cumulative, features: FeatureCatalog): Map<string, S390Cumulative> {
  const set = (words: readonly number[]) => {
    const s = features.empty();
    s.words.set(words);
    return s;
  };
  return new Map(data.map(([k, b, d, f]) => [k, { base: set(b), default: set(d), full: set(f) }]));
}

/**
 * encodeCumulative's answers for every profile, packed: each distinct set's
 * words once (pool), and per profile its rows as [GEN.GA, base, default, full]
 * indices into the pool. Profiles share most sets: 22 profiles' 1,578 sets are
 * 107 distinct ones (120 KB of JSON unpacked, ~17 KB packed).
 */
export interface PackedS390Cumulative {
  readonly pool: readonly (readonly number[])[];
  readonly profiles: Readonly<Record<string, readonly (readonly [key: string, base: number, dflt: number, full: number])[]>>;
}

export function packCumulative(byProfile: Readonly<Record<string, EncodedS390Cumulative>>): PackedS390Cumulative {
  const pool: number[][] = [];
  const index = new Map<string, number>();
  const at = (words: readonly number[]): number => {
    const k = words.join(',');
    let i = index.get(k);
    if (i === undefined) {
      i = pool.push([...words]) - 1;
      index.set(k, i);
    }
    return i;
  };
  const profiles: Record<string, [string, number, number, number][]> = {};
  for (const [p, rows] of Object.entries(byProfile)) profiles[p] = rows.map(([k, b, d, f]) => [k, at(b), at(d), at(f)]);
  return { pool, profiles };
}

/** One profile's encoded sets from the packed table; undefined when the table has no such profile. */
export function unpackCumulative(packed: PackedS390Cumulative, profile: string): EncodedS390Cumulative | undefined {
  const rows = Object.hasOwn(packed.profiles, profile) ? packed.profiles[profile] : undefined;
  return rows?.map(([k, b, d, f]) => [k, [...packed.pool[b]!], [...packed.pool[d]!], [...packed.pool[f]!]] as const);
}

function build(profile: S390Profile): S390Catalog {
  const featureRows = S390_FEATURES.filter((f) => visibleIn(f.since, profile));
  const known = new Set(featureRows.map((f) => f.name));
  const groupRows = S390_GROUPS.filter((g) => visibleIn(g.since, profile)).map((g) => ({
    name: g.name,
    desc: g.desc,
    members: g.members.filter((m) => known.has(m)),
  }));
  const features = new FeatureCatalog('s390x', featureRows, groupRows);
  const knownNames = new Set([...known, ...groupRows.map((g) => g.name)]);
  const setOf = (names: readonly string[]): FeatureSet => features.setOf(names.filter((n) => knownNames.has(n)));

  const cumulative = cumulativeSets(features, profile);

  const defs: S390Def[] = [];
  for (const m of S390_MODELS) {
    if (!visibleIn(m.since, profile)) continue;
    const sets = cumulative.get(`${m.gen}.${m.ga}`);
    if (!sets) throw new Error(`s390x: model ${m.name} names generation ${m.gen} GA${m.ga}, which has no feature row`);
    defs.push(
      Object.freeze({
        index: defs.length,
        name: m.name,
        type: m.type,
        gen: m.gen,
        ga: m.ga,
        mhaPow: m.mhaPow,
        hmfai: m.hmfai,
        desc: m.desc,
        base: sets.base,
        default: sets.default,
        full: sets.full,
      }),
    );
  }
  const byName = new Map(defs.map((d) => [d.name, d]));
  const findDef = (type: number, gen: number, ga: number) => defs.find((d) => d.type === type && d.gen === gen && d.ga === ga);
  const qemuDef = findDef(S390_QEMU_MODEL.type, S390_QEMU_MODEL.gen, S390_QEMU_MODEL.ga);
  if (!qemuDef) throw new Error('s390x: the qemu model names no known definition');

  const dependencies = S390_DEPENDENCIES.filter(([f, r]) => known.has(f) && known.has(r)).map(([f, r]) => ({
    feature: features.feature(f)!.index,
    requires: features.feature(r)!.index,
  }));

  return Object.freeze({
    profile,
    features,
    defs,
    qemuDef,
    qemuFeatures: setOf(S390_QEMU_MODEL.features),
    tcgMaxFeatures: setOf(S390_QEMU_MAX_FEATURES),
    ignoredBase: setOf(S390_IGNORED_BASE_FEATURES),
    dependencies,
    defByName: (name: string) => byName.get(name),
    findDef,
  });
}

/**
 * The QOM classes QEMU registers: for every definition NAME (default
 * features, migration-safe) and NAME-base (base features, static), plus
 * qemu, max and host.
 */
export function s390Classes(cat: S390Catalog, max: { def: S390Def; features: FeatureSet }, host: { def: S390Def; features: FeatureSet } | null): S390Class[] {
  const out: S390Class[] = [];
  const tn = (n: string) => `${n}-s390x-cpu`;
  out.push({ name: 'qemu', typename: tn('qemu'), desc: 'QEMU Virtual CPU version 2.5+', kind: 'qemu', def: cat.qemuDef, features: cat.qemuFeatures, static: false, migrationSafe: true, deprecated: false, kvmRequired: false });
  out.push({ name: 'max', typename: tn('max'), desc: 'Enables all features supported by the accelerator in the current host', kind: 'max', def: max.def, features: max.features, static: false, migrationSafe: false, deprecated: false, kvmRequired: false });
  // 'host' is registered only with KVM (under TCG QEMU calls it unknown).
  if (host) out.push({ name: 'host', typename: tn('host'), desc: 'Enables all features supported by the accelerator in the current host', kind: 'host', def: host.def, features: host.features, static: false, migrationSafe: false, deprecated: false, kvmRequired: true });
  for (const d of cat.defs) {
    out.push({ name: `${d.name}-base`, typename: tn(`${d.name}-base`), desc: d.desc, kind: 'base', def: d, features: d.base, static: true, migrationSafe: true, deprecated: false, kvmRequired: false });
    out.push({ name: d.name, typename: tn(d.name), desc: d.desc, kind: 'default', def: d, features: d.default, static: false, migrationSafe: true, deprecated: false, kvmRequired: false });
  }
  return out;
}
