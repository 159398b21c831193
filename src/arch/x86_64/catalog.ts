/**
 * The x86_64 model room, computed from src/data/x86_64.
 *
 * Every table model NAME yields NAME-vN for each version (v1's features plus
 * the props of v2…vN applied in turn), NAME itself (an alias configured by
 * the machine type: v1 under machine 'none') and the versions' fixed aliases.
 * 'base', 'max' and 'host' complete the room. A profile chooses QEMU 7.2's
 * view or the latest one.
 */
import { FeatureSet } from '../../core/bitset.js';
import { FeatureCatalog, type FeatureRowInput } from '../../core/catalog.js';
import { alive, deprecatedIn, perProfile, visibleIn, type Profile } from '../../core/profile.js';
import { X86_FEATURE_DEPENDENCIES, X86_FEATURES, type X86FeatureRow } from '../../data/x86_64/features.js';
import { X86_AUTO_LEVEL, X86_ALWAYS_ON_FEATURES, X86_DEFAULT_VERSION_MACHINE_NONE, X86_MACHINE_NONE_V1_SINCE, X86_KVM_ONLY_WORDS, X86_MODELS, X86_STATIC_EXTRA_BOOLEANS, X86_TCG_DEFAULT_PROPS, type X86ModelRow } from '../../data/x86_64/models.js';
import { X86_PSABI_LEVELS, X86_UNMIGRATABLE_FEATURES } from '../../data/x86_64/psabi.js';
import { X86_PRECOMPUTED_CLASSES, X86_PRECOMPUTED_CORE } from './precomputed.js';
import { X86_CACHE_INFO_MODELS_72, X86_QOM_PROPERTIES, X86_TCG_FEATURES_72, X86_TCG_FEATURES_SINCE, X86_TCG_MAX_IDENTITY, type X86QomPropertyRow } from '../../data/x86_64/qom.js';

export type X86Profile = Profile;

export { visibleIn };

export interface X86Identity {
  vendor: string;
  family: number;
  model: number;
  stepping: number;
  modelId: string;
  level: number;
  xlevel: number;
  xlevel2: number;
}

export interface X86Class {
  readonly name: string;
  readonly typename: string;
  readonly kind: 'version' | 'alias' | 'base' | 'max' | 'host' | 'abi';
  /** for aliases: the versioned model they stand for */
  readonly aliasOf?: string;
  readonly row?: X86ModelRow;
  readonly version?: number;
  /** declared features (before QEMU's expansion rules) */
  readonly declared: FeatureSet;
  readonly identity: X86Identity;
  readonly static: boolean;
  readonly migrationSafe: boolean;
  readonly deprecated: boolean;
  readonly legacyCache: boolean;
  readonly maxFeatures: boolean;
}

export interface X86Catalog {
  readonly profile: X86Profile;
  readonly features: FeatureCatalog;
  /** all rows per feature name (a name may cover bits in two words) */
  readonly rowsOf: ReadonlyMap<string, readonly X86FeatureRow[]>;
  readonly classes: readonly X86Class[];
  readonly classByName: ReadonlyMap<string, X86Class>;
  /** feature indices of each QEMU feature word */
  readonly word: ReadonlyMap<string, FeatureSet>;
  readonly leafOfWord: ReadonlyMap<string, number>;
  readonly dependencies: readonly { from: FeatureSet; to: FeatureSet }[];
  readonly alwaysOn: FeatureSet;
  readonly kvmOnly: FeatureSet;
  readonly tcgDefaults: readonly [number, boolean][];
  readonly tcgFeatures: FeatureSet;
  readonly staticExtraBooleans: Readonly<Record<string, boolean>>;
  readonly qom: ReadonlyMap<string, X86QomPropertyRow>;
  readonly autoLevel: { words: readonly string[]; features: readonly { index: number; leaf: number }[]; func7Words: readonly { word: string; subleaf: number }[] };
  readonly unmigratable: FeatureSet;
}

export const x86Catalog = perProfile(build);

const tn = (n: string) => `${n}-x86_64-cpu`;

/**
 * The table models' classes (versions and aliases) of a profile. One-shot
 * bundles carry them precomputed (x86_64/precomputed.ts, filled in by
 * tools/build-oneshot.mjs from encodeModelClasses): computing them is most of
 * a cold start's catalog build.
 */
function modelClasses(features: FeatureCatalog, profile: X86Profile): X86Class[] {
  const pre = X86_PRECOMPUTED_CLASSES?.[profile];
  if (pre !== undefined) return decodeModelClasses(pre, features);
  return computeModelClasses(features, profile);
}

export function computeModelClasses(features: FeatureCatalog, profile: X86Profile): X86Class[] {
  const classes: X86Class[] = [];
  const cacheInfo = new Set(X86_CACHE_INFO_MODELS_72);
  for (const m of X86_MODELS) {
    if (!alive(m, profile)) continue;
    const inRelease = (n: string) => features.feature(n) && alive(m.featureLifespans?.[n] ?? {}, profile);
    const feats = features.setOf(m.features.filter(inRelease));
    const deprecated = deprecatedIn(m.deprecatedSince, profile);
    const ident: X86Identity = { vendor: m.vendor, family: m.family, model: m.model, stepping: m.stepping, modelId: m.modelId, level: m.level, xlevel: m.xlevel, xlevel2: m.xlevel2 ?? 0 };
    const versions: X86Class[] = [];
    for (const v of m.versions) {
      if (!alive(v, profile)) continue;
      for (const [k, val] of Object.entries(v.props ?? {})) {
        if (typeof val === 'boolean') {
          const f = features.feature(k);
          if (f) feats.set(f.index, val);
        } else if (k === 'model-id') ident.modelId = String(val);
        else if (k === 'stepping') ident.stepping = Number(val);
        else if (k === 'model') ident.model = Number(val);
        else if (k === 'family') ident.family = Number(val);
      }
      const name = `${m.name}-v${v.version}`;
      const cls: X86Class = {
        name,
        typename: tn(name),
        kind: 'version',
        row: m,
        version: v.version,
        declared: feats.clone(),
        identity: { ...ident },
        static: false,
        migrationSafe: true,
        deprecated,
        legacyCache: !cacheInfo.has(name),
        maxFeatures: false,
      };
      versions.push(cls);
      if (v.alias) classes.push({ ...cls, name: v.alias, typename: tn(v.alias), kind: 'alias', aliasOf: name });
    }
    const def = visibleIn(X86_MACHINE_NONE_V1_SINCE, profile)
      ? (versions.find((x) => x.version === X86_DEFAULT_VERSION_MACHINE_NONE) ?? versions[0])
      : versions.reduce<X86Class | undefined>((a, x) => (!a || (x.version ?? 0) > (a.version ?? 0) ? x : a), undefined);
    if (def) classes.push({ ...def, name: m.name, typename: tn(m.name), kind: 'alias', aliasOf: def.name });
    classes.push(...versions);
  }
  return classes;
}

/** computeModelClasses' answer as plain data (model rows by index, feature sets as words). */
export function encodeModelClasses(classes: readonly X86Class[]): EncodedX86Class[] {
  const versionOf = new Map<string, X86Class>();
  return classes.map((c) => {
    if (c.kind === 'alias') return { name: c.name, aliasOf: c.aliasOf! };
    if (c.kind !== 'version' || !c.row || c.version === undefined) throw new Error(`x86_64: cannot encode class ${c.name} (${c.kind})`);
    versionOf.set(c.name, c);
    return {
      name: c.name,
      row: X86_MODELS.indexOf(c.row),
      version: c.version,
      declared: [...c.declared.words],
      identity: c.identity,
      deprecated: c.deprecated,
      legacyCache: c.legacyCache,
    };
  });
}

export type EncodedX86Class =
  | { name: string; aliasOf: string }
  | { name: string; row: number; version: number; declared: number[]; identity: X86Identity; deprecated: boolean; legacyCache: boolean };

export function decodeModelClasses(data: readonly EncodedX86Class[], features: FeatureCatalog): X86Class[] {
  type Plain = Omit<X86Class, 'row'>;
  const versions = new Map<string, { plain: Plain; row: number }>();
  // a class's model row is looked up when read (the one-shot answers read none: the table may stay unmade);
  // one getter for all, finding the row by the class (no closure per class)
  const rowOf = new WeakMap<object, number>();
  const row = { get: function (this: object) { return X86_MODELS[rowOf.get(this)!]!; }, enumerable: true, configurable: true };
  const withRow = (c: Plain, i: number): X86Class => {
    rowOf.set(c, i);
    return Object.defineProperty(c, 'row', row) as X86Class;
  };
  // the versions' feature sets in one buffer (FeatureSet.packed)
  const stored = data.filter((d) => !('aliasOf' in d)) as Extract<EncodedX86Class, { row: number }>[];
  const sets = FeatureSet.packed(features.size, stored.map((d) => d.declared));
  for (let i = 0; i < stored.length; i++) {
    const d = stored[i]!;
    const declared = sets[i]!;
    const plain: Plain = {
      name: d.name,
      typename: tn(d.name),
      kind: 'version',
      version: d.version,
      declared,
      identity: { ...d.identity },
      static: false,
      migrationSafe: true,
      deprecated: d.deprecated,
      legacyCache: d.legacyCache,
      maxFeatures: false,
    };
    versions.set(d.name, { plain, row: d.row });
  }
  // an alias shares its version's feature set and identity, as computed
  return data.map((d) => {
    const v = versions.get('aliasOf' in d ? d.aliasOf : d.name)!;
    return withRow('aliasOf' in d ? { ...v.plain, name: d.name, typename: tn(d.name), kind: 'alias', aliasOf: d.aliasOf } : { ...v.plain }, v.row);
  });
}

/**
 * What build() derives from the feature tables (src/data/x86_64) for a
 * profile: the catalog's feature rows, the feature words, dependencies and
 * the fixed sets. One-shot bundles carry it precomputed (encodeCore, in
 * x86_64/precomputed.ts): deriving it is most of a cold catalog build.
 */
export interface X86Core {
  readonly rows: readonly FeatureRowInput[];
  readonly features: FeatureCatalog;
  readonly word: ReadonlyMap<string, FeatureSet>;
  readonly leafOfWord: ReadonlyMap<string, number>;
  readonly dependencies: readonly { from: FeatureSet; to: FeatureSet }[];
  readonly kvmOnly: FeatureSet;
  readonly tcgFeatures: FeatureSet;
  readonly alwaysOn: FeatureSet;
  readonly unmigratable: FeatureSet;
  readonly tcgDefaults: readonly [number, boolean][];
  readonly autoLevelFeatures: readonly { index: number; leaf: number }[];
}

/** X86Core as plain data: feature sets as their 32-bit words, maps as entry lists in their order. */
export interface EncodedX86Core {
  rows: FeatureRowInput[];
  word: [string, number[]][];
  leafOfWord: [string, number][];
  dependencies: [number[], number[]][];
  kvmOnly: number[];
  tcgFeatures: number[];
  alwaysOn: number[];
  unmigratable: number[];
  tcgDefaults: [number, boolean][];
  autoLevelFeatures: [number, number][];
}

export function computeCore(profile: X86Profile): X86Core {
  const rows = X86_FEATURES.filter((f) => visibleIn(f.since, profile));
  const rowsOf = featureRowsOf(rows);
  const unique = [...rowsOf.values()].map((rs): FeatureRowInput => {
    const r = rs[0]!;
    const aliases = [...new Set(rs.flatMap((x) => x.aliases ?? []))];
    const loc = r.cpuid ? `CPUID.${r.cpuid.leaf.toString(16)}${r.cpuid.subleaf !== undefined ? `.${r.cpuid.subleaf}` : ''}:${r.cpuid.reg.toUpperCase()}` : `MSR ${r.msr!.index.toString(16)}`;
    return { name: r.name, kind: `${r.word} (${loc})`, bit: r.cpuid ? r.cpuid.bit : r.msr!.bit, desc: r.desc ?? r.name, ...(aliases.length ? { aliases } : {}) };
  });
  const features = new FeatureCatalog('x86_64', unique);
  const idx = (n: string) => {
    const f = features.feature(n);
    if (!f) throw new Error(`x86_64: unknown feature '${n}' in data`);
    return f.index;
  };
  const word = new Map<string, FeatureSet>();
  const leafOfWord = new Map<string, number>();
  for (const r of rows) {
    if (!word.has(r.word)) word.set(r.word, features.empty());
    word.get(r.word)!.add(idx(r.name));
    if (r.cpuid) leafOfWord.set(r.word, r.cpuid.leaf);
  }
  const dependencies = X86_FEATURE_DEPENDENCIES.filter((d) => visibleIn(d.since, profile)).map((d) => ({
    from: features.setOf(d.from.filter((n) => features.feature(n))),
    to: d.to.names ? features.setOf(d.to.names.filter((n) => features.feature(n))) : (word.get(d.to.word) ?? features.empty()).clone(),
  }));
  const kvmOnly = features.empty();
  for (const w of X86_KVM_ONLY_WORDS) kvmOnly.ior(word.get(w) ?? features.empty());
  const tcgFeatures = features.setOf(X86_TCG_FEATURES_72.filter((n) => features.feature(n)));
  for (const t of X86_TCG_FEATURES_SINCE.filter((x) => visibleIn(x.since, profile))) {
    if (t.word) tcgFeatures.ior(word.get(t.word) ?? features.empty());
    for (const n of t.names ?? []) if (features.feature(n)) tcgFeatures.add(features.feature(n)!.index);
  }
  return {
    rows: unique,
    features,
    word,
    leafOfWord,
    dependencies,
    kvmOnly,
    tcgFeatures,
    alwaysOn: features.setOf(X86_ALWAYS_ON_FEATURES),
    unmigratable: features.setOf(X86_UNMIGRATABLE_FEATURES.filter((n) => features.feature(n))),
    tcgDefaults: Object.entries(X86_TCG_DEFAULT_PROPS).map(([k, v]) => [idx(k), v] as [number, boolean]),
    autoLevelFeatures: X86_AUTO_LEVEL.features.filter((f) => features.feature(f.feature)).map((f) => ({ index: idx(f.feature), leaf: f.leaf })),
  };
}

const wordsOf = (s: FeatureSet): number[] => [...s.words];

export function encodeCore(c: X86Core): EncodedX86Core {
  return {
    rows: c.rows.map((r) => ({ ...r })),
    word: [...c.word].map(([w, s]) => [w, wordsOf(s)]),
    leafOfWord: [...c.leafOfWord],
    dependencies: c.dependencies.map((d) => [wordsOf(d.from), wordsOf(d.to)]),
    kvmOnly: wordsOf(c.kvmOnly),
    tcgFeatures: wordsOf(c.tcgFeatures),
    alwaysOn: wordsOf(c.alwaysOn),
    unmigratable: wordsOf(c.unmigratable),
    tcgDefaults: c.tcgDefaults.map(([i, on]) => [i, on]),
    autoLevelFeatures: c.autoLevelFeatures.map((f) => [f.index, f.leaf]),
  };
}

export function decodeCore(d: EncodedX86Core): X86Core {
  const features = new FeatureCatalog('x86_64', d.rows);
  // every stored set in one buffer (FeatureSet.packed), taken in this order
  const sets = FeatureSet.packed(features.size, [...d.word.map(([, s]) => s), ...d.dependencies.flat(), d.kvmOnly, d.tcgFeatures, d.alwaysOn, d.unmigratable]);
  let next = 0;
  const set = () => sets[next++]!;
  return {
    rows: d.rows,
    features,
    word: new Map(d.word.map(([w]) => [w, set()])),
    leafOfWord: new Map(d.leafOfWord),
    dependencies: d.dependencies.map(() => ({ from: set(), to: set() })),
    kvmOnly: set(),
    tcgFeatures: set(),
    alwaysOn: set(),
    unmigratable: set(),
    tcgDefaults: d.tcgDefaults.map(([i, on]) => [i, on] as [number, boolean]),
    autoLevelFeatures: d.autoLevelFeatures.map(([index, leaf]) => ({ index, leaf })),
  };
}

/** The feature table's rows per feature name (a name may cover bits in two words), in table order. */
function featureRowsOf(rows: readonly X86FeatureRow[]): Map<string, X86FeatureRow[]> {
  const rowsOf = new Map<string, X86FeatureRow[]>();
  for (const r of rows) rowsOf.set(r.name, [...(rowsOf.get(r.name) ?? []), r]);
  return rowsOf;
}

function build(profile: X86Profile): X86Catalog {
  const pre = X86_PRECOMPUTED_CORE?.[profile];
  const core = pre !== undefined ? decodeCore(pre) : computeCore(profile);
  const { features, word, leafOfWord, dependencies, kvmOnly, tcgFeatures } = core;
  const classes: X86Class[] = modelClasses(features, profile);
  const maxIdent: X86Identity = { ...X86_TCG_MAX_IDENTITY, xlevel2: 0 };
  const special = (name: string, kind: 'base' | 'max' | 'host', ident: X86Identity): X86Class => ({
    name,
    typename: tn(name),
    kind,
    declared: features.empty(),
    identity: ident,
    static: kind === 'base',
    migrationSafe: kind === 'base',
    deprecated: false,
    legacyCache: true,
    maxFeatures: kind !== 'base',
  });
  classes.push(special('base', 'base', { vendor: '', family: 0, model: 0, stepping: 0, modelId: '', level: 0, xlevel: 0, xlevel2: 0 }));
  classes.push(special('max', 'max', maxIdent));
  classes.push(special('host', 'host', maxIdent));
  // the psABI levels: our own models, not QEMU's
  const abi = features.empty();
  for (const l of X86_PSABI_LEVELS) {
    abi.ior(features.setOf(l.adds));
    classes.push({ ...special(l.name, 'base', { vendor: '', family: 0, model: 0, stepping: 0, modelId: l.desc, level: 0, xlevel: 0, xlevel2: 0 }), kind: 'abi', declared: abi.clone(), static: true, migrationSafe: true });
  }
  const classByName = new Map(classes.map((c) => [c.name, c]));
  let rowsOf: Map<string, X86FeatureRow[]> | undefined;
  return {
    profile,
    features,
    // only the libvirt and fleet paths read the rows: found when first asked
    get rowsOf() {
      return (rowsOf ??= featureRowsOf(X86_FEATURES.filter((f) => visibleIn(f.since, profile))));
    },
    classes,
    classByName,
    word,
    leafOfWord,
    dependencies,
    alwaysOn: core.alwaysOn,
    kvmOnly,
    tcgDefaults: core.tcgDefaults,
    tcgFeatures,
    staticExtraBooleans: X86_STATIC_EXTRA_BOOLEANS,
    qom: new Map(X86_QOM_PROPERTIES.map((p) => [p.name, p])),
    unmigratable: core.unmigratable,
    autoLevel: { words: X86_AUTO_LEVEL.words, func7Words: X86_AUTO_LEVEL.func7Words, features: core.autoLevelFeatures },
  };
}
