/**
 * libvirt-compatible CPU comparison and baseline for x86_64.
 *
 * Pure functions (no I/O) over a catalog built from libvirt's cpu_map as data
 * (src/data/x86_64/libvirt-features.ts and libvirt-models.ts). The semantics
 * follow libvirt's x86 CPU driver as observed through its test suite and
 * `virsh cpu-baseline`; the implementation is our own.
 *
 * CPU data is a FeatureSet over libvirt's feature vocabulary. No two libvirt
 * features share a CPUID or MSR bit, so a set of feature indices carries
 * exactly the information libvirt's CPUID/MSR bitmaps carry (apart from the
 * vendor string, which is kept beside the set).
 *
 * Two forms of `<cpu>`:
 *  - host form (an `<arch>` element is present): every listed feature is
 *    present; policies are ignored, as libvirt ignores them;
 *  - guest form (no `<arch>`): features carry policies (default 'require')
 *    and `match` defaults to 'exact' when a model is given.
 *
 * Compare (host vs guest), libvirt's rules:
 *  1. a guest arch that is not an x86 arch: INCOMPATIBLE;
 *  2. a guest vendor the host does not have: INCOMPATIBLE;
 *  3. forbidden features the host has: INCOMPATIBLE;
 *  4. required = model features + require − force − optional − disable must
 *     all be on the host, else INCOMPATIBLE (the missing ones are listed);
 *  5. host features beyond required ∪ force ∪ optional ∪ disable make it a
 *     SUPERSET, none make it IDENTICAL; a SUPERSET is INCOMPATIBLE for a
 *     guest with match='strict'.
 *  An unknown model or feature is an ERROR (a failed Result here).
 *
 * Baseline, libvirt's rules:
 *  - every CPU needs a model; the first CPU's vendor (if any) must be known;
 *  - for later CPUs, a written vendor must agree with the vendor of the CPU's
 *    model; a CPU without a vendor suppresses the vendor in the output but
 *    still contributes its model's vendor to the vendor check; all vendors
 *    seen must be equal ("CPU vendors do not match");
 *  - the features of all CPUs are intersected (an empty intersection is an
 *    error); the result is decoded into the best guest model: models are
 *    tried newest first, skipping models not meant for guest definitions
 *    and models of another vendor; features the data has beyond the model
 *    become 'require', model features the data lacks become 'disable', then
 *    features the model dropped in later libvirt versions ('removed') are
 *    added as 'disable'. Ranking: when all CPUs name one and the same model
 *    and that model is a candidate, it wins outright; otherwise the shorter
 *    list wins, where disabled features weigh more (2, 3, 4 … for the
 *    first, second, third … counted disabled feature; libvirt's counting
 *    loop stops early once disabled features were found, reproduced here);
 *    an equal weight with fewer disabled features wins too, and a model
 *    named by an input CPU also wins with fewer disabled features;
 *  - 'migratable' drops the non-migratable features (invtsc, xsaves) from
 *    the list; 'features' expands the list to every feature of the model
 *    (sorted by name, as virsh prints it);
 *  - fallback='forbid' when all CPUs name one model and it was chosen,
 *    'allow' otherwise.
 */
import { FeatureSet } from '../../core/bitset.js';
import { FeatureCatalog, type FeatureRowInput } from '../../core/catalog.js';
import { describeError, error, fail, hintOf, ok, type CpuModelError, type Result } from '../../core/errors.js';
import { near } from '../../core/suggest.js';
import { LIBVIRT_X86_FEATURES, LIBVIRT_X86_VENDORS } from '../../data/x86_64/libvirt-features.js';
import { LIBVIRT_X86_MODELS } from '../../data/x86_64/libvirt-models.js';
import { LIBVIRT_X86_PRECOMPUTED } from './libvirt-precomputed.js';
import type { CpuMatch, FeaturePolicy, LibvirtCpu } from '../../core/libvirt-model.js';

// ---------------------------------------------------------------------------
// catalog
// ---------------------------------------------------------------------------

export interface LibvirtX86Signature {
  readonly family: number;
  readonly model: number;
  /** allowed steppings (undefined: any) */
  readonly steppings?: ReadonlySet<number>;
}

export interface LibvirtX86Model {
  readonly name: string;
  /** position in libvirt's model order (index.xml) */
  readonly index: number;
  /** vendor name (own or inherited) */
  readonly vendor?: string;
  readonly decodeHost: boolean;
  readonly decodeGuest: boolean;
  readonly signatures: readonly LibvirtX86Signature[];
  /** the model's CPU data: own features + ancestor's data */
  readonly data: FeatureSet;
  /** features dropped from the model (disabled explicitly in guest definitions) */
  readonly removed: readonly string[];
  readonly ancestor?: string;
}

export interface LibvirtX86Catalog {
  /** libvirt's feature names (aliases are known only to suggest the real name) */
  readonly features: FeatureCatalog;
  readonly models: readonly LibvirtX86Model[];
  readonly vendors: readonly string[];
  /** features libvirt marks migratable='no' */
  readonly nonMigratable: FeatureSet;
  model(name: string): LibvirtX86Model | undefined;
}

/** x86 architectures libvirt's x86 driver handles. */
export const X86_ARCHS: readonly string[] = ['i686', 'x86_64'];

function parseSteppings(spec: string): Set<number> {
  const out = new Set<number>();
  for (const part of spec.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
    if (!m) throw new Error(`libvirt x86 data: bad stepping range '${spec}'`);
    const lo = Number(m[1]);
    const hi = m[2] !== undefined ? Number(m[2]) : lo;
    for (let s = lo; s <= hi; s++) out.add(s);
  }
  return out;
}

export function buildLibvirtX86Catalog(): LibvirtX86Catalog {
  const rows: FeatureRowInput[] = LIBVIRT_X86_FEATURES.map((f) => {
    const row: FeatureRowInput = f.cpuid
      ? {
          name: f.name,
          kind: 'cpuid',
          bit: f.cpuid.bit,
          desc: `CPUID 0x${f.cpuid.leaf.toString(16)}${f.cpuid.subleaf !== undefined ? `.${f.cpuid.subleaf}` : ''} ${f.cpuid.reg.toUpperCase()}[${f.cpuid.bit}]`,
        }
      : { name: f.name, kind: 'msr', bit: f.msr!.bit, desc: `MSR 0x${f.msr!.index.toString(16)}[${f.msr!.bit}]` };
    if (f.aliases?.length) row.aliases = f.aliases;
    return row;
  });
  const features = new FeatureCatalog('x86_64', rows);
  const nonMigratable = features.setOf(LIBVIRT_X86_FEATURES.filter((f) => f.migratable === false).map((f) => f.name));
  const byName = new Map<string, LibvirtX86Model>();
  const models: LibvirtX86Model[] = [];
  LIBVIRT_X86_MODELS.forEach((r, index) => {
    const anc = r.inherits ? byName.get(r.inherits) : undefined;
    if (r.inherits && !anc) throw new Error(`libvirt x86 data: model '${r.name}' inherits unknown '${r.inherits}'`);
    const data = anc ? anc.data.clone() : features.empty();
    data.ior(features.setOf(r.features));
    const signatures: LibvirtX86Signature[] = r.signatures.length
      ? r.signatures.map((s) => (s.stepping !== undefined ? { family: s.family, model: s.model, steppings: parseSteppings(s.stepping) } : { family: s.family, model: s.model }))
      : [...(anc?.signatures ?? [])];
    for (const f of r.removed ?? []) if (!features.feature(f)) throw new Error(`libvirt x86 data: model '${r.name}' removes unknown '${f}'`);
    const vendor = r.vendor ?? anc?.vendor;
    const m: LibvirtX86Model = Object.freeze({
      name: r.name,
      index,
      ...(vendor !== undefined ? { vendor } : {}),
      decodeHost: r.decodeHost ?? false,
      decodeGuest: r.decodeGuest ?? false,
      signatures,
      data,
      removed: [...(r.removed ?? [])],
      ...(r.inherits ? { ancestor: r.inherits } : {}),
    });
    if (byName.has(m.name)) throw new Error(`libvirt x86 data: model '${m.name}' declared twice`);
    byName.set(m.name, m);
    models.push(m);
  });
  return {
    features,
    models,
    vendors: LIBVIRT_X86_VENDORS.map((v) => v.name),
    nonMigratable,
    model: (name) => byName.get(name),
  };
}

/**
 * LibvirtX86Catalog as plain data: the feature rows, feature sets as their
 * 32-bit words, models in order. The baseline bundle carries it, made at
 * build time by the catalog's own code (tools/build-baseline.mjs, through
 * libvirt-precomputed.ts): building the catalog from the tables is most of
 * a one-element `baseline FILE`'s own work.
 */
export interface EncodedLibvirtX86Catalog {
  rows: FeatureRowInput[];
  nonMigratable: number[];
  vendors: string[];
  models: {
    name: string;
    vendor?: string;
    decodeHost: boolean;
    decodeGuest: boolean;
    /** family, model and the allowed steppings (none: any) */
    signatures: [number, number, number[]?][];
    data: number[];
    removed: string[];
    ancestor?: string;
  }[];
}

export function encodeLibvirtX86Catalog(c: LibvirtX86Catalog): EncodedLibvirtX86Catalog {
  return {
    rows: c.features.features.map(({ index: _, ...row }) => ({ ...row, ...(row.aliases ? { aliases: [...row.aliases] } : {}) })),
    nonMigratable: [...c.nonMigratable.words],
    vendors: [...c.vendors],
    models: c.models.map((m) => ({
      name: m.name,
      ...(m.vendor !== undefined ? { vendor: m.vendor } : {}),
      decodeHost: m.decodeHost,
      decodeGuest: m.decodeGuest,
      signatures: m.signatures.map((s): [number, number, number[]?] => (s.steppings ? [s.family, s.model, [...s.steppings]] : [s.family, s.model])),
      data: [...m.data.words],
      removed: [...m.removed],
      ...(m.ancestor !== undefined ? { ancestor: m.ancestor } : {}),
    })),
  };
}

export function decodeLibvirtX86Catalog(d: EncodedLibvirtX86Catalog): LibvirtX86Catalog {
  const features = new FeatureCatalog('x86_64', d.rows);
  const set = (words: readonly number[]) => new FeatureSet(features.size, Uint32Array.from(words));
  const byName = new Map<string, LibvirtX86Model>();
  const models = d.models.map((r, index) => {
    const m: LibvirtX86Model = Object.freeze({
      name: r.name,
      index,
      ...(r.vendor !== undefined ? { vendor: r.vendor } : {}),
      decodeHost: r.decodeHost,
      decodeGuest: r.decodeGuest,
      signatures: r.signatures.map(([family, model, steppings]) => (steppings ? { family, model, steppings: new Set(steppings) } : { family, model })),
      data: set(r.data),
      removed: r.removed,
      ...(r.ancestor !== undefined ? { ancestor: r.ancestor } : {}),
    });
    byName.set(m.name, m);
    return m;
  });
  return { features, models, vendors: d.vendors, nonMigratable: set(d.nonMigratable), model: (name) => byName.get(name) };
}

let cached: LibvirtX86Catalog | undefined;

/** The catalog, built once (decoded, where the build stored it). */
export function libvirtX86Catalog(): LibvirtX86Catalog {
  return (cached ??= LIBVIRT_X86_PRECOMPUTED ? decodeLibvirtX86Catalog(LIBVIRT_X86_PRECOMPUTED) : buildLibvirtX86Catalog());
}

// ---------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------

/** "file" or "file: cpu[3]" */
function whereOf(cpu: LibvirtCpu, index?: number): string {
  const file = cpu.origin ?? '<cpu>';
  return index === undefined ? file : `${file}: cpu[${index}]`;
}

/** One line for humans: the message plus the hint in parentheses. */
export const formatLibvirtError = describeError;

// ---------------------------------------------------------------------------
// resolving a <cpu>
// ---------------------------------------------------------------------------

export type LibvirtCpuType = 'host' | 'guest';

export interface ResolvedLibvirtCpu {
  readonly source: LibvirtCpu;
  /** 'host' when the element has <arch>, else 'guest' (libvirt's rule) */
  readonly type: LibvirtCpuType;
  readonly arch?: string;
  /** the vendor as written */
  readonly vendor?: string;
  /** the vendor is one libvirt knows */
  readonly vendorKnown: boolean;
  readonly model?: LibvirtX86Model;
  /** guest form only: 'exact' by default when a model is given */
  readonly match?: CpuMatch;
  /** everything the CPU provides: model + require/force − disable/forbid */
  readonly full: FeatureSet;
  /** model features + features with policy require (host form: every listed feature) */
  readonly required: FeatureSet;
  readonly forced: FeatureSet;
  readonly optional: FeatureSet;
  readonly disabled: FeatureSet;
  readonly forbidden: FeatureSet;
  /** the effective policy of every listed feature, by libvirt name */
  readonly policies: ReadonlyMap<string, FeaturePolicy>;
}

export interface ResolveOptions {
  /** override libvirt's host/guest rule (e.g. a domain-capabilities host-model CPU is a guest form with an arch) */
  type?: LibvirtCpuType;
  /** index of the CPU in its file, for messages */
  index?: number;
}

/**
 * A libvirt `<cpu>` as feature sets, or an error naming the file, the
 * element and the value, with the nearest known name as a hint.
 */
export function resolveCpu(cpu: LibvirtCpu, opts: ResolveOptions = {}, cat: LibvirtX86Catalog = libvirtX86Catalog()): Result<ResolvedLibvirtCpu> {
  const where = whereOf(cpu, opts.index);
  const type: LibvirtCpuType = opts.type ?? (cpu.arch !== undefined ? 'host' : 'guest');
  if (cpu.arch !== undefined && !X86_ARCHS.includes(cpu.arch)) {
    return fail(error('unsupported', `${where}: <arch>${cpu.arch}</arch>: CPU architecture '${cpu.arch}' is not handled by the x86 CPU driver (one of ${X86_ARCHS.join(', ')})`, { value: cpu.arch, ...near(cpu.arch, X86_ARCHS) }));
  }
  let model: LibvirtX86Model | undefined;
  if (cpu.model) {
    model = cat.model(cpu.model.name);
    if (!model) {
      return fail(error('unknown-model', `${where}: <model>${cpu.model.name}</model>: unknown CPU model '${cpu.model.name}'`, { value: cpu.model.name, ...near(cpu.model.name, cat.models.map((m) => m.name)) }));
    }
  }
  const vendorKnown = cpu.vendor !== undefined && cat.vendors.includes(cpu.vendor);
  const full = model ? model.data.clone() : cat.features.empty();
  const required = full.clone();
  const forced = cat.features.empty();
  const optional = cat.features.empty();
  const disabled = cat.features.empty();
  const forbidden = cat.features.empty();
  const policies = new Map<string, FeaturePolicy>();
  const off = cat.features.empty();
  for (const f of cpu.features) {
    const def = cat.features.feature(f.name);
    if (!def || def.name !== f.name) {
      const hint = def ? { suggestions: [def.name], hint: 'libvirt spells it that way' } : near(f.name, cat.features.features.map((x) => x.name));
      const el = f.policy ? `<feature policy='${f.policy}' name='${f.name}'/>` : `<feature name='${f.name}'/>`;
      return fail(error('unknown-property', `${where}: ${el}: unknown CPU feature '${f.name}'`, { value: f.name, ...hint }));
    }
    const policy: FeaturePolicy = type === 'host' ? 'require' : (f.policy ?? 'require');
    policies.set(def.name, policy);
    switch (policy) {
      case 'force':
        forced.add(def.index);
        full.add(def.index);
        break;
      case 'require':
        required.add(def.index);
        full.add(def.index);
        break;
      case 'optional':
        optional.add(def.index);
        break;
      case 'disable':
        disabled.add(def.index);
        off.add(def.index);
        break;
      case 'forbid':
        forbidden.add(def.index);
        off.add(def.index);
        break;
    }
  }
  full.iandNot(off);
  const r: { -readonly [K in keyof ResolvedLibvirtCpu]: ResolvedLibvirtCpu[K] } = {
    source: cpu,
    type,
    vendorKnown,
    full,
    required,
    forced,
    optional,
    disabled,
    forbidden,
    policies,
  };
  if (cpu.arch !== undefined) r.arch = cpu.arch;
  if (cpu.vendor !== undefined) r.vendor = cpu.vendor;
  if (model) r.model = model;
  if (type === 'guest') {
    const match = cpu.match ?? (cpu.model ? 'exact' : undefined);
    if (match) r.match = match;
  }
  return ok(r);
}

/** Does the CPU provide this feature? (libvirt's virCPUCheckFeature) */
export function cpuHasFeature(cpu: LibvirtCpu, feature: string, cat: LibvirtX86Catalog = libvirtX86Catalog()): Result<boolean> {
  const r = resolveCpu(cpu, {}, cat);
  if (!r.ok) return r;
  const def = cat.features.feature(feature);
  if (!def || def.name !== feature) {
    return fail(error('unknown-property', `unknown CPU feature '${feature}'`, { value: feature, ...near(feature, cat.features.features.map((x) => x.name)) }));
  }
  return ok(r.value.full.has(def.index));
}

// ---------------------------------------------------------------------------
// compare
// ---------------------------------------------------------------------------

export type CompareCode = 'IDENTICAL' | 'SUPERSET' | 'INCOMPATIBLE';

export interface CompareOutcome {
  readonly result: CompareCode;
  /** why it is incompatible (or what makes it a superset) */
  readonly reason?: string;
  /** the features behind the verdict: missing / forbidden / extra */
  readonly features: readonly string[];
}

/**
 * libvirt's x86 CPU comparison: how does `host` relate to `guest`?
 * A failed Result is libvirt's ERROR (unknown model or feature, or a host
 * that is not an x86 CPU).
 */
export function compareCpus(host: LibvirtCpu, guest: LibvirtCpu, cat: LibvirtX86Catalog = libvirtX86Catalog()): Result<CompareOutcome> {
  if (host.arch !== undefined && !X86_ARCHS.includes(host.arch)) {
    return fail(error('unsupported', `${whereOf(host)}: <arch>${host.arch}</arch>: host CPU architecture '${host.arch}' is not handled by the x86 CPU driver`, { value: host.arch }));
  }
  if (!host.model) return ok({ result: 'INCOMPATIBLE', reason: `${whereOf(host)}: unknown host CPU (no <model>)`, features: [] });
  if (guest.arch !== undefined && !X86_ARCHS.includes(guest.arch)) {
    return ok({ result: 'INCOMPATIBLE', reason: `CPU arch ${guest.arch} does not match host arch`, features: [] });
  }
  if (guest.vendor !== undefined && guest.vendor !== host.vendor) {
    const known = cat.vendors.includes(guest.vendor) ? '' : ` (unknown vendor; ${hintOf(error('unknown-vendor', '', near(guest.vendor, cat.vendors))) ?? `known: ${cat.vendors.join(', ')}`})`;
    return ok({ result: 'INCOMPATIBLE', reason: `host CPU vendor does not match required CPU vendor ${guest.vendor}${known}`, features: [] });
  }
  const h = resolveCpu(host, {}, cat);
  if (!h.ok) return h;
  const g = resolveCpu(guest, {}, cat);
  if (!g.ok) return g;
  const hostData = h.value.full;
  const gv = g.value;
  // a host-form CPU as the guest: only "required" exists (policies ignored)
  const forbidden = gv.forbidden.and(hostData);
  if (!forbidden.isEmpty()) {
    const names = cat.features.names(forbidden);
    return ok({ result: 'INCOMPATIBLE', reason: `host CPU provides forbidden features: ${names.join(', ')}`, features: names });
  }
  const required = gv.required.andNot(gv.forced).iandNot(gv.optional).iandNot(gv.disabled);
  if (!required.isSubsetOf(hostData)) {
    const names = cat.features.names(required.andNot(hostData));
    return ok({ result: 'INCOMPATIBLE', reason: `host CPU does not provide required features: ${names.join(', ')}`, features: names });
  }
  const extra = hostData.andNot(gv.optional).iandNot(required).iandNot(gv.disabled).iandNot(gv.forced);
  if (extra.isEmpty()) return ok({ result: 'IDENTICAL', features: [] });
  const names = cat.features.names(extra);
  if (gv.type === 'guest' && gv.match === 'strict') {
    return ok({ result: 'INCOMPATIBLE', reason: `host CPU does not strictly match guest CPU: extra features: ${names.join(', ')}`, features: names });
  }
  return ok({ result: 'SUPERSET', reason: `host CPU has extra features: ${names.join(', ')}`, features: names });
}

// ---------------------------------------------------------------------------
// decode (CPU data → model + feature list), guest definitions
// ---------------------------------------------------------------------------

interface Candidate {
  model: LibvirtX86Model;
  features: { name: string; policy: 'require' | 'disable' }[];
}

function sigMatches(sigs: readonly LibvirtX86Signature[], family: number, model: number, stepping: number): boolean {
  return sigs.some((s) => s.family === family && s.model === model && (!s.steppings || s.steppings.has(stepping)));
}

/** libvirt's weighing of a guest feature list: [total weight, disabled weight]. */
function weigh(c: Candidate): [number, number] {
  let enabled = c.features.length;
  let disabled = 0;
  let penalty = 2;
  // libvirt's loop compares the index with the shrinking enabled count, so
  // it stops early once disabled features were counted; kept on purpose
  for (let i = 0; i < enabled; i++) {
    if (c.features[i]!.policy === 'disable') {
      enabled--;
      disabled += penalty;
      penalty++;
    }
  }
  return [enabled + disabled, disabled];
}

export interface DecodeOptions {
  vendor?: string;
  /** model names the input CPUs used */
  preferred?: readonly string[];
  migratable?: boolean;
  /** CPU signature, when known (baselines have none) */
  signature?: { family: number; model: number; stepping: number };
}

/** Turn CPU data into libvirt's best guest CPU model + feature list. */
export function decodeGuest(data: FeatureSet, opts: DecodeOptions, cat: LibvirtX86Catalog = libvirtX86Catalog()): Result<{ model: LibvirtX86Model; features: { name: string; policy: 'require' | 'disable' }[] }> {
  const preferred = opts.preferred && opts.preferred.length ? opts.preferred : undefined;
  const sig = opts.signature;
  let best: Candidate | undefined;
  for (let i = cat.models.length - 1; i >= 0; i--) {
    const model = cat.models[i]!;
    if (opts.vendor && model.vendor && model.vendor !== opts.vendor) continue;
    if (!model.decodeGuest) continue;
    const features: Candidate['features'] = [];
    for (const n of cat.features.names(data.andNot(model.data))) features.push({ name: n, policy: 'require' });
    for (const n of cat.features.names(model.data.andNot(data))) features.push({ name: n, policy: 'disable' });
    for (const n of model.removed) if (!features.some((f) => f.name === n)) features.push({ name: n, policy: 'disable' });
    const cand: Candidate = { model, features };
    const isPreferred = preferred ? preferred.includes(model.name) : false;
    if (isPreferred && preferred!.length === 1) {
      best = cand;
      break;
    }
    if (!best) {
      best = cand;
      continue;
    }
    if (sig) {
      const bestSig = sigMatches(best.model.signatures, sig.family, sig.model, sig.stepping);
      const candSig = sigMatches(model.signatures, sig.family, sig.model, sig.stepping);
      if (bestSig && !candSig) continue;
      if (!bestSig && candSig) {
        best = cand;
        continue;
      }
    }
    const [cur, curDis] = weigh(best);
    const [w, dis] = weigh(cand);
    if (w < cur || (w === cur && dis < curDis) || (isPreferred && dis < curDis)) best = cand;
  }
  if (!best) return fail(error('no-baseline', 'cannot find a suitable CPU model for the given data'));
  let features = best.features;
  if (opts.migratable) {
    features = features.filter((f) => {
      const d = cat.features.feature(f.name);
      return !d || !cat.nonMigratable.has(d.index);
    });
  }
  return ok({ model: best.model, features });
}

// ---------------------------------------------------------------------------
// baseline
// ---------------------------------------------------------------------------

export interface BaselineOptions {
  /** list every feature of the chosen model too (virsh cpu-baseline --features) */
  features?: boolean;
  /** drop features that block migration (virsh cpu-baseline --migratable) */
  migratable?: boolean;
  /** override the host/guest form of some inputs (e.g. a domain-capabilities host-model CPU is a guest form that carries an arch) */
  typeOf?: (cpu: LibvirtCpu, index: number) => LibvirtCpuType | undefined;
  /**
   * The CPUs given are a longer list's tally (extract-cpus.ts CpuTally): each
   * distinct CPU object at its first place in the list, and the first CPU at
   * its second place too, if any (the first is read by other rules; met
   * again, it is one of the rest); `positions` holds those places (one per
   * CPU given, rising from 0) and `total` the list's length. The answer is the
   * list's (any other CPU object met again changes nothing), its messages
   * naming places in it; a fleet file of 100,000 elements is then a few CPUs.
   */
  positions?: readonly number[];
  total?: number;
}

/**
 * libvirt's x86 baseline of host CPUs: the best guest CPU every one of them
 * can run. Identical CPU objects are resolved once (a fleet file repeats
 * the same host many times).
 */
export function baselineCpus(cpus: readonly LibvirtCpu[], opts: BaselineOptions = {}, cat: LibvirtX86Catalog = libvirtX86Catalog()): Result<LibvirtCpu> {
  if (cpus.length === 0) return fail(error('missing-input', 'no CPUs given to baseline'));
  const { positions } = opts;
  if (positions && (positions.length !== cpus.length || positions[0] !== 0 || opts.total === undefined || opts.total < positions[positions.length - 1]! + 1)) {
    throw new RangeError(`baselineCpus: ${positions.length} positions (first ${positions[0]}, total ${opts.total}) for ${cpus.length} distinct CPUs; give one place per CPU, the first at 0, and the list's length as total`);
  }
  /** the place of cpus[i] in the list */
  const at = positions ? (i: number): number => positions[i]! : (i: number): number => i;
  // resolve each distinct CPU once: by object, then by content (hosts that
  // differ only in topology, comments … resolve to the same feature set)
  const memo = new Map<LibvirtCpu, ResolvedLibvirtCpu>();
  const byContent = new Map<string, ResolvedLibvirtCpu>();
  const resolve = (cpu: LibvirtCpu, index: number): Result<ResolvedLibvirtCpu> => {
    const hit = memo.get(cpu);
    if (hit) return ok(hit);
    const type = opts.typeOf?.(cpu, index);
    let key = `${type ?? ''}\u0000${cpu.arch ?? ''}\u0000${cpu.model?.name ?? ''}\u0000${cpu.vendor ?? ''}`;
    for (const f of cpu.features) key += `\u0000${f.name}:${f.policy ?? ''}`;
    const same = byContent.get(key);
    if (same) {
      memo.set(cpu, same);
      return ok(same);
    }
    const r = resolveCpu(cpu, type ? { index, type } : { index }, cat);
    if (r.ok) {
      memo.set(cpu, r.value);
      byContent.set(key, r.value);
    }
    return r;
  };
  const first = cpus[0]!;
  let arch: string | undefined;
  let archFrom = 0;
  let base: FeatureSet | undefined;
  let vendor: string | undefined;
  let outputVendor = true;
  const names: string[] = [];
  // a CPU object already taken in after the first changes nothing a second
  // time (every check passed for it, and the intersection is idempotent)
  const taken = new Set<LibvirtCpu>();
  for (let i = 0; i < cpus.length; i++) {
    const cpu = cpus[i]!;
    if (taken.has(cpu)) continue;
    if (!cpu.model) {
      return fail(error('bad-guest', `${whereOf(cpu, at(i))}: <cpu>: no CPU model specified (a <model> element is required)`, { value: '' }));
    }
    if (cpu.arch !== undefined) {
      if (arch === undefined) {
        arch = cpu.arch;
        archFrom = i;
      } else if (cpu.arch !== arch) {
        return fail(error('mixed-arch', `${whereOf(cpu, at(i))}: <arch>${cpu.arch}</arch>: CPU architecture '${cpu.arch}' differs from '${arch}' of ${whereOf(cpus[archFrom]!, at(archFrom))}; a baseline needs CPUs of one architecture`, { value: cpu.arch }));
      }
    }
    const r = resolve(cpu, at(i));
    if (!r.ok) return r;
    const rc = r.value;
    if (!names.includes(cpu.model.name)) names.push(cpu.model.name);
    if (i === 0) {
      base = rc.full.clone();
      if (cpu.vendor === undefined) outputVendor = false;
      else if (!rc.vendorKnown) {
        return fail(error('unknown-vendor', `${whereOf(cpu, at(i))}: <vendor>${cpu.vendor}</vendor>: unknown CPU vendor '${cpu.vendor}'`, { value: cpu.vendor, ...near(cpu.vendor, cat.vendors, `known vendors: ${cat.vendors.join(', ')}`) }));
      } else vendor = cpu.vendor;
      continue;
    }
    const modelVendor = rc.model?.vendor;
    if (cpu.vendor !== undefined && modelVendor && cpu.vendor !== modelVendor) {
      return fail(error('mixed-vendor', `${whereOf(cpu, at(i))}: <vendor>${cpu.vendor}</vendor>: CPU vendor ${modelVendor} of model ${cpu.model.name} differs from vendor ${cpu.vendor}`, { value: cpu.vendor }));
    }
    let vn: string | undefined;
    if (cpu.vendor !== undefined) vn = cpu.vendor;
    else {
      outputVendor = false;
      vn = modelVendor;
    }
    if (vn !== undefined) {
      if (vendor === undefined) {
        if (!cat.vendors.includes(vn)) {
          return fail(error('unknown-vendor', `${whereOf(cpu, at(i))}: <vendor>${vn}</vendor>: unknown CPU vendor '${vn}'`, { value: vn, ...near(vn, cat.vendors, `known vendors: ${cat.vendors.join(', ')}`) }));
        }
        vendor = vn;
      } else if (vendor !== vn) {
        return fail(error('mixed-vendor', `${whereOf(cpu, at(i))}: <vendor>${vn}</vendor>: CPU vendors do not match ('${vn}' here, '${vendor}' before; mixed vendors cannot be baselined)`, { value: vn }));
      }
    }
    base!.iand(rc.full);
    taken.add(cpu);
  }
  if (base!.isEmpty()) return fail(error('no-baseline', `${whereOf(first)}: CPUs are incompatible (no feature common to all ${opts.total ?? cpus.length} CPUs)`));
  const decodeOpts: DecodeOptions = { preferred: names };
  if (vendor !== undefined) decodeOpts.vendor = vendor;
  if (opts.migratable) decodeOpts.migratable = true;
  const d = decodeGuest(base!, decodeOpts, cat);
  if (!d.ok) return d;
  const { model } = d.value;
  let features: { name: string; policy: FeaturePolicy }[] = d.value.features;
  if (opts.features) features = expandFeatures(model, features, cat);
  const out: LibvirtCpu = {
    mode: 'custom',
    match: 'exact',
    model: { name: model.name, fallback: names.length === 1 && names[0] === model.name ? 'forbid' : 'allow' },
    features,
  };
  if (outputVendor && vendor !== undefined) out.vendor = vendor;
  return ok(out);
}

/** Every feature of the model as 'require', then the list's require/disable on top, then removed ones disabled; sorted by name. */
function expandFeatures(model: LibvirtX86Model, list: readonly { name: string; policy: FeaturePolicy }[], cat: LibvirtX86Catalog): { name: string; policy: FeaturePolicy }[] {
  const out = new Map<string, FeaturePolicy>();
  for (const n of cat.features.names(model.data)) out.set(n, 'require');
  for (const f of list) if (f.policy === 'require' || f.policy === 'disable') out.set(f.name, f.policy);
  for (const n of model.removed) if (!out.has(n)) out.set(n, 'disable');
  return [...out].map(([name, policy]) => ({ name, policy })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
