/**
 * Many hosts: a fleet of host capability documents in compact form, its
 * N-way baseline and guest placement. Pure (no I/O): the CLI layer
 * (fleet/commands.ts) reads the files.
 *
 * Loading collapses hosts by capability signature into classes, per
 * architecture: a class is one FeatureSet over the architecture's catalog
 * (the `latest` profile: hosts may be newer than QEMU 7.2) plus the
 * identity that matters for runnability (s390x: the CPU definition, i.e.
 * generation/GA/machine type; x86: the vendor) and the names of its hosts.
 * Everything after loading works on classes, never on hosts, so 100,000
 * hosts cost what their few hundred distinct capability sets cost.
 *
 * Signatures are trusted only as far as they are checked: the first host of
 * a class has its signature recomputed from its features, later hosts with
 * the same signature must list the same features (a cheap array comparison
 * when they are written in the same order, a set comparison otherwise). A
 * document whose signature does not match its features is an error naming
 * the file; a true hash collision opens a separate class.
 *
 * Rules:
 *  - s390x: a guest runs on a host when its generation/GA is not newer
 *    (`type` otherwise) and its features are a subset of the host's; the
 *    baseline is the s390x driver's (intersection, oldest generation/GA, the
 *    newest definition whose base features are present), folded over the
 *    distinct host definitions.
 *  - x86_64: the runnability engine decides (host/engine.ts): the host's
 *    own driver (KVM with its features, or TCG; its QEMU release) creates
 *    the guest's model with its props and names what is missing; guests
 *    without a model (host documents, host-model) need their features in the
 *    engine's host set. A vendor is checked only where the guest names one
 *    (libvirt's <vendor>, host-model, a host's own CPU): QEMU runs a custom
 *    model of another vendor. What the host's release does not know is
 *    refused by name. The baseline never mixes vendors and leaves out what a
 *    migratable CPU cannot carry (`invtsc`), answering the newest versioned
 *    model of the vendor plus a delta, and in libvirt's vocabulary (feature
 *    names mapped by CPUID bit, plus disables for what QEMU's model of that
 *    name would add).
 *  - ppc64: the features are the compat modes (each with the older ones);
 *    libvirt runs a custom POWERx in compat mode x on any host that has it,
 *    so runnability and the baseline are set algebra on them.
 */
import { FeatureSet } from '../core/bitset.js';
import { takeSet, type FeatureCatalog } from '../core/catalog.js';
import type { Arch, ModelInfo } from '../core/driver.js';
import { fail, ok, type CpuModelError, type Result } from '../core/errors.js';
import { modelWithSignature, signature } from '../core/signature.js';
import { near } from '../core/suggest.js';
import { HOST_DOC_FORMAT, validateHostDoc, type HostDoc } from '../host/doc.js';
import { MANAGEMENT_DRIVERS, management } from '../host/management.js';
import { archFacts } from '../arch/facts.js';
import type { S390Def } from '../arch/s390x/catalog.js';
import type { S390Context } from '../arch/s390x/fleet.js';
import type { X86Context } from '../arch/x86_64/fleet.js';
import type { Ppc64Context } from '../arch/ppc64/fleet.js';
import type { Aarch64Context } from '../arch/aarch64/fleet.js';
import { libvirtFormats } from '../core/libvirt-model.js';
import type { CpuMode, LibvirtCpu } from '../core/libvirt-model.js';

export type { CpuMode, LibvirtCpu };

/** The architectures whose management driver has fleet rules (host/management.ts). */
export type FleetArch = Arch;
export const fleetArches = (): FleetArch[] => (Object.keys(MANAGEMENT_DRIVERS) as Arch[]).filter((a) => typeof MANAGEMENT_DRIVERS[a].fleetRules === 'function');

export const isFleetArch = (arch: string): arch is FleetArch => (fleetArches() as string[]).includes(arch);

// ---------------------------------------------------------------------------
// per-architecture rules (src/arch/ARCH/fleet.ts, through the management table)
// ---------------------------------------------------------------------------

/** What a guest or a baseline is besides its features: s390x its CPU definition, x86 its vendor. */
export interface Ident {
  def?: S390Def;
  vendor?: string;
  /** aarch64: the model, and the CPU (MIDR implementer:part) it is */
  model?: string;
  cpu?: string;
}

/** What a new class is besides its features: its model (s390x: the definition; x86: what the runnability engine builds the host from). */
export interface ClassParts {
  model: string;
  def?: S390Def;
  supported?: FeatureSet;
  doc?: HostDoc;
  guestSet?: FeatureSet;
}

/**
 * The fleet's rules of one architecture, built once: its catalog (the
 * `latest` profile: hosts may be newer than QEMU 7.2) and what the generic
 * algorithms here (loading, baseline, hold-backs, placement, migration) ask
 * of it. Each architecture implements them in src/arch/ARCH/fleet.ts.
 */
export interface FleetRules {
  readonly arch: FleetArch;
  readonly catalog: FeatureCatalog;
  /** what besides the features and the release keys a host's class (s390x: its model; x86: its vendor, which the class keeps) */
  classKey(doc: HostDoc): { ident: string; vendor?: string };
  /** the parts of a new class beyond its features, or an error naming the host */
  classParts(doc: HostDoc, set: FeatureSet, vendor: string | undefined, where: string): Result<ClassParts>;
  /** a concrete CPU as a QMP model */
  qmpOf(set: FeatureSet, ident: Ident): ModelInfo;
  /** `<cpu mode='custom' match='exact'><model fallback='forbid'>…` for a concrete CPU */
  libvirtOf(set: FeatureSet, ident: Ident, qmp?: ModelInfo): { cpu: LibvirtCpu; notes: string[] };
  /** the N-way baseline's features and identity (notes: what it leaves out) */
  baseline(af: ArchFleet, notes: string[]): Result<{ set: FeatureSet; ident: Ident }>;
  /** features a hold-back never names (x86: what a migratable CPU cannot carry) */
  readonly holdBackSkip?: FeatureSet;
  /** s390x: which class alone holds the generation/GA of the baseline down */
  typeHolder?(cs: readonly FleetClass[]): (c: FleetClass) => boolean;
  /** the guest's CPU is one the host's cannot be (s390x: of a newer generation/GA; aarch64: another CPU under KVM) */
  newer?(guest: { def?: S390Def; cpu?: string; model?: string }, host: { def?: S390Def; identity?: Readonly<Record<string, unknown>> }): boolean;
  /** aarch64: why `newer` refuses the guest on the host, in words */
  typeWhy?(guest: { cpu?: string; model?: string }, host: { model?: string; identity?: Readonly<Record<string, unknown>> }): string;
  /** why a host's CPU is not known (libvirt's usable='unknown'), from its identity; undefined: known */
  unknownWhy?(identity: Readonly<Record<string, unknown>>): string | undefined;
  /** what placement says of a guest on this architecture whatever the hosts */
  guestNotes?(g: ResolvedGuest): string[];
  /** why a host-model guest cannot be (aarch64: libvirt has no host-model there) */
  readonly hostModelRefused?: string;
  /** a host's own CPU as a guest: the features it runs with and what a host needs */
  hostGuest(own: FeatureSet): { features: FeatureSet; required: FeatureSet };
  /** a libvirt custom `<cpu>` with a `<model>` */
  resolveLibvirt(cpu: LibvirtCpu, g: GuestInput, where: string, depr: Set<string>): Result<ResolvedGuest>;
  /** a QMP model other than host and max */
  resolveModel(info: ModelInfo, where: string, depr: Set<string>): Result<ResolvedGuest>;
  /** x86: what QEMU `release` does not know of a guest, its model then its features */
  unknownIn?(g: ResolvedGuest, release: string): string[];
  /** s390x: what the machine of QEMU `release` leaves out of the guest's default model (and the guest does not ask for) */
  releaseOmits?(g: ResolvedGuest, release: string): FeatureSet | undefined;
  /** s390x: the guest's model as the machine of QEMU `release` defines it, where that is another definition (the qemu model before 2.12: a z900) */
  releaseModel?(g: ResolvedGuest, release: string): Pick<ResolvedGuest, 'def' | 'features' | 'required'> | undefined;
  /** x86: what the host's own driver finds missing when it creates the guest's model (undefined: it cannot) */
  engineMissing?(info: ModelInfo, doc: HostDoc): FeatureSet | undefined;
  /** the source's host-model as a concrete CPU (notes: what it leaves out) */
  hostModelOf(src: FleetClass, notes: string[]): { set: FeatureSet; ident: Ident };
  /** of a concrete CPU's features, what a host must have (x86: not what KVM provides anyway) */
  requiredOf(set: FeatureSet): FeatureSet;
  /** the features a libvirt `<feature name>` stands for */
  policyFeature(name: string): FeatureSet | undefined;
  /** a QEMU feature name in libvirt's vocabulary */
  libvirtName(qemu: string): string;
  /** x86: a definition as TCG normalizes it (its defaults, vme=off) */
  tcgVariant?(defined: FeatureSet): FeatureSet;
}

export type ArchContext = S390Context | X86Context | Ppc64Context | Aarch64Context;

const contexts = new Map<FleetArch, ArchContext>();

/** An architecture's fleet rules, from its management driver (asked once per architecture). */
export function archContext<A extends FleetArch>(arch: A): Extract<ArchContext, { arch: A }>;
export function archContext(arch: FleetArch): ArchContext;
export function archContext(arch: FleetArch): ArchContext {
  let c = contexts.get(arch);
  if (!c) {
    const r = management(arch, 'fleetRules');
    if (!r.ok) throw new Error(r.error.message);
    c = r.value() as ArchContext;
    contexts.set(arch, c);
  }
  return c;
}

/** A libvirt `<feature name>` in a catalog where libvirt's names are QEMU's: a feature or a group. */
export function featureOrGroup(catalog: FeatureCatalog, name: string): FeatureSet | undefined {
  const d = catalog.feature(name);
  const g = d ? undefined : catalog.group(name);
  return d ? catalog.empty().add(d.index) : g?.members;
}

export function fleetErr(code: CpuModelError['code'], message: string, extra: Partial<CpuModelError> = {}): Result<never> {
  return fail({ code, message, ...extra });
}
const err = fleetErr;


/** "a, b, c … and 7 more" */
export function listSome(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} … and ${items.length - max} more`;
}

// ---------------------------------------------------------------------------
// the compact fleet
// ---------------------------------------------------------------------------

export interface FleetClass {
  readonly id: number;
  readonly arch: FleetArch;
  readonly signature: string;
  /** features, over the architecture's catalog */
  readonly set: FeatureSet;
  /** s390x: the model the first host's document names; x86: the best versioned model the host runs */
  readonly model: string;
  /** s390x: the host's CPU definition */
  readonly def?: S390Def;
  /** x86: the vendor string (GenuineIntel …) */
  readonly vendor?: string;
  /** x86: what a KVM guest may use on this host — the runnability engine's answer (host/engine.ts) */
  readonly supported?: FeatureSet;
  /** the QEMU release the host runs, when its document says */
  readonly release?: string;
  /** x86: the first host's document, which the runnability engine builds the host's driver from */
  readonly doc?: HostDoc;
  /**
   * x86: the host's features a KVM guest can have (set ∩ supported: what KVM
   * does not pass on — acpi, monitor, ht … — left out); what a host-model
   * guest, a baseline and a host-as-guest are made of
   */
  readonly guestSet?: FeatureSet;
  /** the identity of the first host */
  readonly identity: Readonly<Record<string, unknown>>;
  /** host names (document name, else its file) */
  readonly hosts: string[];
  /** the first host's feature list as written (fast equality for later hosts) */
  readonly names: readonly string[];
}

export interface ArchFleet {
  readonly arch: FleetArch;
  readonly catalog: FeatureCatalog;
  readonly classes: FleetClass[];
  hostCount: number;
  /** the file (or name) of the first FILES_KEPT hosts, in input order (what the mixed-architecture error names; hostCount counts them all) */
  readonly files: string[];
}

export interface Fleet {
  readonly arches: Map<FleetArch, ArchFleet>;
  hostCount: number;
}

/** A host document and where it came from. */
export interface HostInput {
  doc: HostDoc;
  file?: string;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true; // hosts of one compact class share the list
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Incremental loading: add documents one by one, then read `fleet`. */
/** How many hosts' files an architecture keeps for its errors (not one string per host of 100,000). */
const FILES_KEPT = 4;

export class FleetBuilder {
  readonly fleet: Fleet = { arches: new Map(), hostCount: 0 };
  private readonly index = new Map<string, FleetClass[]>();
  /** the class found for a feature list object (compact documents of one class share it) and the rest of its key */
  private readonly byFeatures = new Map<readonly string[], { signature: string; ident: string; release: string | undefined; accel: string | undefined; lv: boolean; cls: FleetClass }[]>();

  add(doc: HostDoc, file?: string): Result<FleetClass> {
    const where = file ?? doc.name ?? doc.source.origin;
    const arch = doc.arch;
    if (!isFleetArch(arch)) {
      return err('unsupported', `${where}: architecture '${arch}' has no fleet support yet`, { value: arch, hint: `fleets of ${fleetArches().join(' or ')}` });
    }
    const ctx = archContext(arch);
    let af = this.fleet.arches.get(arch);
    if (!af) {
      af = { arch, catalog: ctx.catalog, classes: [], hostCount: 0, files: [] };
      this.fleet.arches.set(arch, af);
    }
    const { ident, vendor } = ctx.classKey(doc);
    const lv = doc.source.kind.startsWith('libvirt-');
    // a host of a class seen before, by its shared feature list: no key to build and hash
    const seen = this.byFeatures.get(doc.features);
    if (seen) {
      for (const k of seen) {
        if (k.signature === doc.signature && k.ident === ident && k.release === doc.release && k.accel === doc.accel && k.lv === lv && k.cls.arch === arch) return ok(this.count(af, k.cls, doc, where));
      }
    }
    // what else decides runnability: the QEMU release, and (x86) whether libvirt described the host
    const key = `${arch}\u0000${doc.signature}\u0000${ident}\u0000${doc.release ?? ''}\u0000${doc.accel ?? ''}\u0000${lv ? 'lv' : ''}`;
    const bucket = this.index.get(key);
    let cls: FleetClass | undefined;
    let set: FeatureSet | undefined;
    if (bucket) {
      for (const c of bucket) {
        if (sameNames(c.names, doc.features)) {
          cls = c;
          break;
        }
      }
      if (!cls) {
        const s = this.setOf(ctx, doc, where);
        if (!s.ok) return s;
        set = s.value;
        cls = bucket.find((c) => c.set.equals(set!));
      }
    }
    if (!cls) {
      if (!set) {
        const s = this.setOf(ctx, doc, where);
        if (!s.ok) return s;
        set = s.value;
      }
      const sig = signature(ctx.catalog, set);
      if (sig !== doc.signature) {
        return err('bad-host-data', `${where}: signature ${doc.signature} does not match the document's features (they give ${sig})`, { value: doc.signature, hint: 'regenerate the document (cpumodels probe --json)' });
      }
      const parts = ctx.classParts(doc, set, vendor, where);
      if (!parts.ok) return parts;
      const { model, def, ...engine } = parts.value;
      cls = {
        id: af.classes.length,
        arch,
        signature: sig,
        set,
        model,
        ...(def ? { def } : {}),
        ...(vendor !== undefined ? { vendor } : {}),
        ...engine,
        ...(doc.release ? { release: doc.release } : {}),
        identity: doc.identity,
        hosts: [],
        names: doc.features,
      };
      af.classes.push(cls);
      if (bucket) bucket.push(cls);
      else this.index.set(key, [cls]);
    }
    // only lists shared by the hosts of a class (a verbose document has its own)
    if (doc.features === cls.names) {
      const entry = { signature: doc.signature, ident, release: doc.release, accel: doc.accel, lv, cls };
      if (seen) seen.push(entry);
      else this.byFeatures.set(doc.features, [entry]);
    }
    return ok(this.count(af, cls, doc, where));
  }

  /** One more host of a class. */
  private count(af: ArchFleet, cls: FleetClass, doc: HostDoc, where: string): FleetClass {
    cls.hosts.push(doc.name ?? where);
    if (af.files.length < FILES_KEPT) af.files.push(where);
    af.hostCount++;
    this.fleet.hostCount++;
    return cls;
  }

  private setOf(ctx: ArchContext, doc: HostDoc, where: string): Result<FeatureSet> {
    const known = takeSet(doc.features, ctx.catalog);
    if (known) return ok(known);
    const s = ctx.catalog.empty();
    for (const n of doc.features) {
      const f = ctx.catalog.feature(n);
      if (!f) {
        const hint = near(n, ctx.catalog.features.map((x) => x.name));
        return err('unknown-property', `${where}: unknown ${ctx.arch} feature '${n}'`, { value: n, ...hint });
      }
      s.add(f.index);
    }
    return ok(s);
  }
}

/** What a guest of this class can be made of: x86 the host's features KVM passes on, else the host's features. */
export const guestSetOf = (c: FleetClass): FeatureSet => c.guestSet ?? c.set;

/** Load host documents into a fleet (classes per architecture). */
export function loadFleet(inputs: Iterable<HostDoc | HostInput>): Result<Fleet> {
  const b = new FleetBuilder();
  for (const i of inputs) {
    const r = 'doc' in i ? b.add(i.doc, i.file) : b.add(i);
    if (!r.ok) return r;
  }
  return ok(b.fleet);
}

/** The fleet's one architecture, or an error naming the files of each. */
export function singleArch(fleet: Fleet): Result<ArchFleet> {
  if (fleet.arches.size === 0) return err('missing-input', 'no hosts given');
  if (fleet.arches.size > 1) {
    const parts = [...fleet.arches.values()].sort((x, y) => (x.arch < y.arch ? -1 : 1)).map((a) => `${a.arch} (${a.files.join(', ')}${a.hostCount > a.files.length ? ` … and ${a.hostCount - a.files.length} more` : ''})`);
    return err('mixed-arch', `hosts of several architectures: ${parts.join('; ')}; a fleet has one architecture`, { value: [...fleet.arches.keys()].sort().join(','), hint: 'split the hosts by architecture' });
  }
  return ok([...fleet.arches.values()][0]!);
}

// ---------------------------------------------------------------------------
// answers in QMP's and libvirt's vocabularies
// ---------------------------------------------------------------------------

/** A concrete CPU as a QMP model: s390x `<def>-base` plus delta; x86 the best versioned model plus delta; ppc64 the newest compat mode's class. */
export function qmpOf(ctx: ArchContext, set: FeatureSet, ident: Ident): ModelInfo {
  return ctx.qmpOf(set, ident);
}

/** `<cpu mode='custom' match='exact'><model fallback='forbid'>…` for a concrete CPU. */
export function libvirtOf(ctx: ArchContext, set: FeatureSet, ident: Ident, qmp?: ModelInfo): { cpu: LibvirtCpu; notes: string[] } {
  return ctx.libvirtOf(set, ident, qmp);
}

// ---------------------------------------------------------------------------
// baseline
// ---------------------------------------------------------------------------

export interface ClassSummary {
  signature: string;
  model: string;
  vendor?: string;
  hostCount: number;
  hosts: readonly string[];
}

export interface HoldBack extends ClassSummary {
  /** features every other class has and this one lacks (the baseline would gain them without it) */
  features: string[];
  /** s390x: this class alone holds the generation/GA down */
  type?: boolean;
}

/**
 * The fleet baseline: `status: 'ok'` when some host's CPU is known (the
 * baseline is over those hosts), `'unknown'` when no host's CPU is known
 * (there is no model to give; placement and migrate-check answer 'unknown'
 * for such hosts alike).
 */
export type FleetBaseline = KnownFleetBaseline | UnknownFleetBaseline;

export interface KnownFleetBaseline {
  status: 'ok';
  arch: FleetArch;
  /** the hosts the baseline is over (those whose CPU is known) */
  hostCount: number;
  classCount: number;
  qmp: ModelInfo;
  libvirt: string;
  libvirtCpu: LibvirtCpu;
  /** the baseline's features (QEMU's names) */
  features: string[];
  signature: string;
  display: string;
  /** what holds the baseline back: classes that alone remove something, fewest hosts first */
  heldBackBy: HoldBack[];
  /** hosts that could not contribute (their CPU is not known), and why; present only when there are some */
  unknown?: PlacementUnknown[];
  notes: string[];
}

/** No host's CPU is known: no model, every host under `unknown` with why. */
export interface UnknownFleetBaseline {
  status: 'unknown';
  arch: FleetArch;
  /** the hosts the baseline is over: none */
  hostCount: 0;
  classCount: 0;
  /** every host, by class, and why its CPU is not known (most hosts first) */
  unknown: PlacementUnknown[];
  notes: string[];
}

export function summary(c: FleetClass): ClassSummary {
  // built member by member (a conditional spread leaves an object every later copy is slow on)
  const o: { signature: string; model: string; vendor?: string; hostCount?: number; hosts?: readonly string[] } = { signature: c.signature, model: c.model };
  if (c.vendor !== undefined) o.vendor = c.vendor;
  o.hostCount = c.hosts.length;
  o.hosts = c.hosts;
  return o as ClassSummary;
}

const expressedMemo = new Map<string, { qmp: ModelInfo; lv: { cpu: LibvirtCpu; notes: string[] } }>();

/**
 * A feature set as a QMP model and a libvirt <cpu> (the model search: qmpOf,
 * then libvirtOf with that model), memoized per (architecture, identity, set).
 */
export function expressed(ctx: ArchContext, set: FeatureSet, ident: Ident): { qmp: ModelInfo; lv: { cpu: LibvirtCpu; notes: string[] } } {
  const key = `${ctx.arch}|${ident.def?.name ?? ''}|${ident.vendor ?? ''}|${ident.model ?? ''}|${ident.cpu ?? ''}|${set.words.join(',')}`;
  let hit = expressedMemo.get(key);
  if (!hit) {
    const qmp = qmpOf(ctx, set, ident);
    hit = { qmp, lv: libvirtOf(ctx, set, ident, qmp) };
    if (expressedMemo.size >= 1000) expressedMemo.delete(expressedMemo.keys().next().value!);
    expressedMemo.set(key, hit);
  }
  // callers may change the answer they get: each gets its own copy
  return structuredClone(hit);
}

/** The N-way baseline of a fleet (one architecture). */
export function fleetBaseline(fleet: Fleet): Result<FleetBaseline> {
  const a = singleArch(fleet);
  if (!a.ok) return a;
  const ctx = archContext(a.value.arch);
  const { af, unknown } = knownPart(ctx, a.value);
  if (!af) {
    return ok({
      status: 'unknown',
      arch: a.value.arch,
      hostCount: 0,
      classCount: 0,
      unknown,
      notes: ["no baseline: no host's CPU is known; describe one by its CPU (/proc/cpuinfo, or a QMP expansion of host: cpumodels probe) for a baseline"],
    });
  }
  return knownBaseline(ctx, af, af.classes.length, unknown, () => holdBacks(ctx, af));
}

/**
 * The baseline answer of the known hosts: `af` is what the architecture's
 * baseline rule folds (the classes, or — fleet/baseline-lean.ts — classes
 * merged where that rule cannot tell them apart), `classCount` the classes
 * there are, `heldBack` what each class alone removes.
 */
export function knownBaseline(ctx: ArchContext, af: ArchFleet, classCount: number, unknown: PlacementUnknown[], heldBack: () => HoldBack[]): Result<FleetBaseline> {
  const notes: string[] = [];
  if (unknown.length) notes.push(`${listSome(unknown.flatMap((u) => u.hosts), 4)}: could not contribute, their CPU is not known (${unknown[0]!.why})`);
  const b = ctx.baseline(af, notes);
  if (!b.ok) return b;
  const { set, ident } = b.value;
  const { qmp, lv } = expressed(ctx, set, ident);
  notes.push(...lv.notes);
  const sig = signature(ctx.catalog, set);
  return ok({
    status: 'ok',
    arch: af.arch,
    hostCount: af.hostCount,
    classCount,
    qmp,
    libvirt: libvirtFormats().writeCpu(lv.cpu),
    libvirtCpu: lv.cpu,
    features: ctx.catalog.names(set),
    signature: sig,
    display: modelWithSignature(qmp.name, sig),
    heldBackBy: heldBack(),
    ...(unknown.length ? { unknown } : {}),
    notes,
  });
}

/** The classes whose CPU is known (none: `af` undefined), and the others with why, most hosts first. */
function knownPart(ctx: ArchContext, all: ArchFleet): { af?: ArchFleet; unknown: PlacementUnknown[] } {
  const unknown: PlacementUnknown[] = [];
  const known: FleetClass[] = [];
  for (const c of all.classes) {
    const why = ctx.unknownWhy?.(c.identity);
    if (why === undefined) known.push(c);
    else unknown.push({ ...summary(c), why });
  }
  if (!unknown.length) return { af: all, unknown };
  // most hosts first, then by why (the CLI and the service load classes in different orders)
  unknown.sort((x, y) => y.hostCount - x.hostCount || (x.why < y.why ? -1 : x.why > y.why ? 1 : 0));
  if (!known.length) return { unknown };
  const hostCount = known.reduce((n, c) => n + c.hosts.length, 0);
  return { af: { ...all, classes: known, hostCount }, unknown };
}

/**
 * For each class, what it alone removes from the baseline: features every
 * other class has and it lacks (prefix/suffix intersections, O(classes)).
 * Sorted by host count, fewest first (the cheapest hosts to leave out), then
 * by how much they remove.
 */
export function holdBacks(ctx: ArchContext, af: ArchFleet): HoldBack[] {
  const cs = af.classes;
  const k = cs.length;
  if (k < 2) return [];
  const size = ctx.catalog.size;
  const words = (size + 31) >>> 5;
  // suffix[i] = ∩ cs[i..k-1]
  const suffix = new Uint32Array((k + 1) * words);
  suffix.fill(0xffffffff, k * words);
  for (let i = k - 1; i >= 0; i--) {
    const w = guestSetOf(cs[i]!).words;
    for (let j = 0; j < words; j++) suffix[i * words + j] = suffix[(i + 1) * words + j]! & w[j]!;
  }
  const prefix = new Uint32Array(words).fill(0xffffffff);
  const others = new Uint32Array(words);
  const out: HoldBack[] = [];
  const typeHolder = ctx.typeHolder?.(cs);
  const skip = ctx.holdBackSkip?.words;
  for (let i = 0; i < k; i++) {
    const c = cs[i]!;
    const w = guestSetOf(c).words;
    let any = false;
    for (let j = 0; j < words; j++) {
      let v = prefix[j]! & suffix[(i + 1) * words + j]! & ~w[j]!;
      if (skip) v &= ~skip[j]!;
      others[j] = v >>> 0;
      if (v) any = true;
    }
    const type = typeHolder?.(c) ?? false;
    if (any || type) {
      const features = ctx.catalog.names(new FeatureSet(size, others.slice()));
      out.push({ ...summary(c), features, ...(type ? { type: true } : {}) });
    }
    for (let j = 0; j < words; j++) prefix[j]! &= w[j]!;
  }
  return sortHoldBacks(out);
}

/** Hold-backs in the order answers give them: fewest hosts first, then most removed, then by signature (ties keep class order). */
export function sortHoldBacks(out: HoldBack[]): HoldBack[] {
  return out.sort((x, y) => x.hostCount - y.hostCount || y.features.length - x.features.length || (x.signature < y.signature ? -1 : 1));
}

// ---------------------------------------------------------------------------
// guests
// ---------------------------------------------------------------------------

/** A guest CPU as given, before it is resolved against an architecture. */
export type GuestInput =
  | { kind: 'qmp'; model: ModelInfo; origin?: string }
  /** the normalized model from query-cpu-model */
  | { kind: 'normalized'; model: ModelInfo; signature?: string; name?: string; origin?: string }
  | { kind: 'libvirt'; cpu: LibvirtCpu; arch?: string; origin?: string }
  | { kind: 'host'; doc: HostDoc; origin?: string };

/** A guest resolved against an architecture: what a host must have to run it. */
export interface ResolvedGuest {
  arch: FleetArch;
  input: GuestInput;
  mode: CpuMode;
  /** runs on any host of the architecture (host-model, host-passthrough, maximum): features unknown until started */
  anyHost: boolean;
  /** QEMU model name (s390x definition, x86 model), when known */
  model?: string;
  def?: S390Def;
  vendor?: string;
  /** aarch64: the CPU (MIDR implementer:part) a custom model is */
  cpu?: string;
  /**
   * false: the vendor only names the guest's CPU (QEMU runs a custom Intel
   * model on an AMD host under KVM); otherwise a host of another vendor
   * does not fit (libvirt's <vendor>, a host's own CPU, host-model)
   */
  vendorStrict?: boolean;
  /** x86: the QEMU model and props the guest is (-cpu NAME,props), which a host's driver parses itself */
  qemu?: ModelInfo;
  /** the features the guest runs with (QEMU's names, the catalog's indices) */
  features: FeatureSet;
  /** what a host must have */
  required: FeatureSet;
  /** what a host must not have (libvirt policy='forbid') */
  forbidden: FeatureSet;
  /** libvirt policy='optional' features (taken if the host has them) */
  optional: FeatureSet;
  deprecated: boolean;
  display: string;
}

export interface ResolveGuestOptions {
  /** models to treat as deprecated (in addition to the catalog's flags) */
  deprecated?: Iterable<string>;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Read a guest from text: a libvirt domain XML or `<cpu>`, a QMP CpuModelInfo
 * (`{"name": …, "props": …}`, also inside `{"return": {"model": …}}`), the
 * normalized model of query-cpu-model (`{"model": …, "signature": …, "name": …}`)
 * or a host document.
 */
export function parseGuest(text: string, origin: string): Result<GuestInput> {
  const t = text.trimStart();
  if (t.startsWith('<')) {
    const g = libvirtFormats().readGuestCpu(text, origin);
    return g.ok ? ok({ kind: 'libvirt', cpu: g.value.cpu, ...(g.value.arch ? { arch: g.value.arch } : {}), origin }) : g;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return err('malformed-json', `${origin}: malformed JSON: ${(e as Error).message}`, { value: origin });
  }
  return guestFromJson(json, origin);
}

export function guestFromJson(json: unknown, origin: string): Result<GuestInput> {
  if (isObj(json) && json['format'] === HOST_DOC_FORMAT) {
    const d = validateHostDoc(json, origin);
    if (!d.ok) return d;
    return ok({ kind: 'host', doc: d.value, origin });
  }
  let v: unknown = json;
  if (isObj(v) && isObj(v['return'])) v = v['return'];
  const model = (m: unknown): Result<ModelInfo> => {
    if (!isObj(m) || typeof m['name'] !== 'string' || !m['name']) return err('bad-guest', `${origin}: a CPU model needs a "name"`, { value: origin });
    if (m['props'] !== undefined && !isObj(m['props'])) return err('invalid-type', `${origin}: "props" must be an object`, { value: 'props' });
    return ok(m['props'] !== undefined ? { name: m['name'], props: m['props'] as Record<string, unknown> } : { name: m['name'] });
  };
  if (isObj(v) && isObj(v['model'])) {
    const m = model(v['model']);
    if (!m.ok) return m;
    const sig = v['signature'];
    const name = v['name'];
    if (sig !== undefined || name !== undefined) {
      if (sig !== undefined && (typeof sig !== 'string' || !/^[0-9a-f]{16}$/.test(sig))) return err('bad-guest', `${origin}: "signature" must be 16 hex digits`, { value: String(sig) });
      return ok({ kind: 'normalized', model: m.value, ...(typeof sig === 'string' ? { signature: sig } : {}), ...(typeof name === 'string' ? { name } : {}), origin });
    }
    return ok({ kind: 'qmp', model: m.value, origin });
  }
  const m = model(v);
  if (!m.ok) return err('bad-guest', `${origin}: not a guest CPU (expected a libvirt <cpu> or domain, a QMP model {"name", "props"}, the reply of query-cpu-model, or a host document)`, { value: origin });
  return ok({ kind: 'qmp', model: m.value, origin });
}

const s390xLike = /^(z\d|gen1\d|qemu$|max$|host$)/;

/** Which architecture a guest is for, when it says so. */
export function guestArch(g: GuestInput): FleetArch | undefined {
  if (g.kind === 'host') return isFleetArch(g.doc.arch) ? g.doc.arch : undefined;
  if (g.kind === 'libvirt') {
    const a = g.arch ?? g.cpu.arch;
    const f = archFacts(a);
    return f && isFleetArch(f.arch) ? f.arch : undefined;
  }
  return undefined;
}

function deprecatedSet(opts: ResolveGuestOptions): Set<string> {
  return new Set(opts.deprecated ?? []);
}

/** Resolve a guest against an architecture's catalog and rules. */
export function resolveGuest(arch: FleetArch, g: GuestInput, opts: ResolveGuestOptions = {}): Result<ResolvedGuest> {
  const ctx = archContext(arch);
  const where = g.origin ?? 'guest';
  const said = guestArch(g);
  if (g.kind === 'libvirt' && (g.arch ?? g.cpu.arch) && !said) {
    return err('unsupported', `${where}: guest architecture '${g.arch ?? g.cpu.arch}' has no fleet support`, { value: g.arch ?? g.cpu.arch ?? '' });
  }
  if (said && said !== arch) return err('mixed-arch', `${where}: the guest is ${said}, the hosts are ${arch}`, { value: said });
  const depr = deprecatedSet(opts);
  const empty = ctx.catalog.empty();
  const base = { arch, input: g, optional: empty, forbidden: empty };
  if (g.kind === 'host') {
    const d = g.doc;
    const unknownCpu = ctx.unknownWhy?.(d.identity);
    if (unknownCpu) return err('bad-guest', `${where}: the host's CPU is not known (${unknownCpu}), so it cannot stand for a guest CPU`, { value: d.name ?? where, hint: 'give a host document read from /proc/cpuinfo or a QMP expansion of host' });
    const b = new FleetBuilder();
    const c = b.add(d, where);
    if (!c.ok) return c;
    const cls = c.value;
    const own = guestSetOf(cls);
    const { features, required } = ctx.hostGuest(own);
    return ok({
      ...base,
      mode: 'custom',
      anyHost: false,
      model: cls.model,
      ...(cls.def ? { def: cls.def } : {}),
      ...(cls.vendor ? { vendor: cls.vendor } : {}),
      features,
      required,
      deprecated: depr.has(cls.model),
      display: modelWithSignature(cls.model, cls.signature),
    });
  }
  if (g.kind === 'libvirt') {
    const cpu = g.cpu;
    const mode: CpuMode = cpu.mode ?? 'custom';
    if (mode === 'host-model' && ctx.hostModelRefused) return err('unsupported', `${where}: host-model: ${ctx.hostModelRefused}`, { value: 'host-model' });
    if (mode !== 'custom') {
      return ok({ ...base, mode, anyHost: true, features: empty, required: empty, deprecated: false, display: mode });
    }
    if (!cpu.model) return err('bad-guest', `${where}: <cpu mode='custom'> without <model>`, { value: where });
    return ctx.resolveLibvirt(cpu, g, where, depr);
  }
  const r = resolveQmp(ctx, g.model, where, depr);
  if (!r.ok) return r;
  return ok({ ...r.value, input: g });
}

/** The rules an architecture shares when libvirt's feature names are QEMU's and a host's features are what a guest of it needs (s390x, ppc64, aarch64). */
export function qemuNamedRules(catalog: FeatureCatalog): Pick<FleetRules, 'hostGuest' | 'requiredOf' | 'policyFeature' | 'libvirtName'> {
  return {
    hostGuest: (own) => ({ features: own.clone(), required: own.clone() }),
    requiredOf: (set) => set,
    policyFeature: (name) => featureOrGroup(catalog, name),
    libvirtName: (q) => q,
  };
}

/** A custom guest of a QMP model: its features are what a host must have. */
export function customGuest(ctx: FleetRules, info: ModelInfo, model: string, features: FeatureSet, deprecated: boolean, display: string, extra: Pick<ResolvedGuest, 'def' | 'cpu'> = {}): ResolvedGuest {
  const empty = ctx.catalog.empty();
  return { arch: ctx.arch, input: { kind: 'qmp', model: info }, mode: 'custom', anyHost: false, model, ...extra, features, required: features.clone(), forbidden: empty, optional: empty, deprecated, display };
}

/**
 * A libvirt custom `<cpu>` where libvirt's feature names are QEMU's (s390x,
 * ppc64, aarch64): the model with its require/disable policies as props;
 * forbid and optional features kept apart.
 */
export function resolveLibvirtByQemuNames(ctx: FleetRules, cpu: LibvirtCpu, g: GuestInput, where: string, depr: Set<string>): Result<ResolvedGuest> {
  const mode: CpuMode = cpu.mode ?? 'custom';
  const props: Record<string, boolean> = {};
  const forb: string[] = [];
  const opt: string[] = [];
  for (const f of cpu.features) {
    const p = f.policy ?? 'require';
    if (p === 'require' || p === 'force') props[f.name] = true;
    else if (p === 'disable') props[f.name] = false;
    else if (p === 'forbid') {
      props[f.name] = false;
      forb.push(f.name);
    } else opt.push(f.name);
  }
  const r = resolveQmp(ctx, { name: cpu.model!.name, props }, where, depr);
  if (!r.ok) return r;
  const forbidden = setOfNames(ctx, forb, where);
  if (!forbidden.ok) return forbidden;
  const optional = setOfNames(ctx, opt, where);
  if (!optional.ok) return optional;
  return ok({ ...r.value, input: g, mode, forbidden: forbidden.value, optional: optional.value });
}

export function setOfNames(ctx: FleetRules, names: readonly string[], where: string): Result<FeatureSet> {
  const s = ctx.catalog.empty();
  for (const n of names) {
    const f = ctx.catalog.feature(n);
    const g = f ? undefined : ctx.catalog.group(n);
    if (f) s.add(f.index);
    else if (g) s.ior(g.members);
    else {
      const hint = near(n, ctx.catalog.allNames());
      return err('unknown-property', `${where}: unknown ${ctx.arch} feature '${n}'`, { value: n, ...hint });
    }
  }
  return ok(s);
}

export function resolveQmp(ctx: FleetRules, info: ModelInfo, where: string, depr: Set<string>): Result<ResolvedGuest> {
  const empty = ctx.catalog.empty();
  if (info.name === 'host' || info.name === 'max') {
    return ok({ arch: ctx.arch, input: { kind: 'qmp', model: info }, mode: info.name === 'host' ? 'host-passthrough' : 'maximum', anyHost: true, features: empty, required: empty, forbidden: empty, optional: empty, deprecated: false, display: info.name });
  }
  return ctx.resolveModel(info, where, depr);
}

// ---------------------------------------------------------------------------
// runnability and placement
// ---------------------------------------------------------------------------

export interface Fit {
  ok: boolean;
  /** features the guest needs and the host lacks */
  missing: FeatureSet;
  /** features the guest forbids and the host has */
  forbidden: FeatureSet;
  /** s390x: the guest's generation/GA is newer than the host's */
  type: boolean;
  /** the guest's CPU names a vendor the host's is not (libvirt's <vendor>) */
  vendor?: { guest: string; host: string };
  /** the model and features the host's QEMU release does not know */
  unknown: string[];
  release?: string;
  /** the host's CPU is not known and the verdict needs it: why (neither fit nor unfit) */
  indeterminate?: string;
}

/**
 * Can a host (class) run the guest? The features: the runnability engine's
 * host set (x86: the CPU driver under KVM for that host, host/engine.ts),
 * so the answer is the one domcapabilities and query-cpu-definitions give.
 */
export function fits(g: ResolvedGuest, host: { set: FeatureSet; def?: S390Def; vendor?: string; supported?: FeatureSet; release?: string; doc?: HostDoc; identity?: Readonly<Record<string, unknown>> }): Fit {
  if (g.anyHost) return { ok: true, missing: g.required, forbidden: g.forbidden, type: false, unknown: [] };
  const ctx = archContext(g.arch);
  const why = host.identity && ctx.unknownWhy?.(host.identity);
  if (why) {
    // what holds whatever the host CPU is is answered; the rest cannot be known
    const type = ctx.newer?.(g, host) ?? false;
    const none = ctx.catalog.empty();
    return { ok: false, missing: none, forbidden: none, type, unknown: [], ...(type ? {} : { indeterminate: why }) };
  }
  const rel = host.release ? ctx.releaseModel?.(g, host.release) : undefined;
  if (rel) g = { ...g, ...rel };
  const omits = host.release ? ctx.releaseOmits?.(g, host.release) : undefined;
  const required = omits ? g.required.andNot(omits) : g.required;
  const missing = (g.qemu && host.doc && g.optional.isEmpty() ? ctx.engineMissing?.(g.qemu, host.doc) : undefined) ?? required.andNot(host.supported ?? host.set);
  const forbidden = g.forbidden.isEmpty() ? g.forbidden : g.forbidden.and(host.set);
  const type = ctx.newer?.(g, host) ?? false;
  const vendor = g.vendorStrict !== false && g.vendor && host.vendor && g.vendor !== host.vendor ? { guest: g.vendor, host: host.vendor } : undefined;
  const unknown = (host.release && ctx.unknownIn?.(g, host.release)) || [];
  return {
    ok: missing.isEmpty() && forbidden.isEmpty() && !type && !vendor && !unknown.length,
    missing,
    forbidden,
    type,
    ...(vendor ? { vendor } : {}),
    unknown,
    ...(host.release ? { release: host.release } : {}),
  };
}

/** The reasons of a misfit, in the form of responsible-properties: type, vendor, unknown to the release, then the features. */
export function reasonsOf(catalog: FeatureCatalog, f: Fit): string[] {
  const out: string[] = [];
  if (f.type) out.push('type');
  if (f.vendor) out.push('vendor');
  for (const u of f.unknown) out.push(`unknown ${u}`);
  out.push(...catalog.names(f.missing));
  for (const n of catalog.names(f.forbidden)) out.push(`!${n}`);
  return out;
}

export interface PlacementClass extends ClassSummary {
  /** why not: 'type', 'vendor', missing features, '!feature' for forbidden ones present */
  reasons: string[];
  missing: string[];
  forbidden: string[];
  type: boolean;
  vendorMismatch?: { guest: string; host: string };
}

/** Hosts whose verdict cannot be known (their CPU is not), and why. */
export interface PlacementUnknown extends ClassSummary {
  why: string;
}

export interface Placement {
  arch: FleetArch;
  guest: { display: string; model?: string; mode: CpuMode };
  hostCount: number;
  /** how many hosts can run the guest */
  fitCount: number;
  fit: ClassSummary[];
  /** classes that cannot, each with why not */
  misfit: PlacementClass[];
  /** classes whose verdict cannot be known (present only when there are some) */
  unknown?: PlacementUnknown[];
  notes: string[];
}

/** One class's answer for a guest: fits, or why not (what placement lists per misfit class beside its hosts). */
export interface ClassVerdict {
  /** undefined: the class runs the guest */
  why?: Omit<PlacementClass, keyof ClassSummary>;
  /** the verdict cannot be known: why */
  unknown?: string;
}

export function classVerdict(catalog: FeatureCatalog, g: ResolvedGuest, c: FleetClass): ClassVerdict {
  const f = fits(g, c);
  if (f.ok) return {};
  if (f.indeterminate) return { unknown: f.indeterminate };
  return { why: { reasons: reasonsOf(catalog, f), missing: catalog.names(f.missing), forbidden: catalog.names(f.forbidden), type: f.type, ...(f.vendor ? { vendorMismatch: f.vendor } : {}) } };
}

export interface PlacementOptions extends ResolveGuestOptions {
  /**
   * A memo of class verdicts (the service keeps one per guest and class: a
   * class's capability never changes); default: computed each time
   */
  verdict?: (c: FleetClass, compute: () => ClassVerdict) => ClassVerdict;
}

/** Which hosts can run a guest, and why the others cannot. */
export function placement(fleet: Fleet, guest: GuestInput | ResolvedGuest, opts: PlacementOptions = {}): Result<Placement> {
  const a = singleArch(fleet);
  if (!a.ok) return a;
  const af = a.value;
  let g: ResolvedGuest;
  if ('required' in guest) {
    if (guest.arch !== af.arch) return err('mixed-arch', `the guest is ${guest.arch}, the hosts are ${af.arch}`, { value: guest.arch });
    g = guest;
  } else {
    const r = resolveGuest(af.arch, guest, opts);
    if (!r.ok) return r;
    g = r.value;
  }
  const fit: ClassSummary[] = [];
  const misfit: PlacementClass[] = [];
  const unknown: PlacementUnknown[] = [];
  let fitCount = 0;
  for (const c of af.classes) {
    const v = opts.verdict ? opts.verdict(c, () => classVerdict(af.catalog, g, c)) : classVerdict(af.catalog, g, c);
    if (v.unknown !== undefined) {
      const u = summary(c) as PlacementUnknown;
      u.why = v.unknown;
      unknown.push(u);
    } else if (!v.why) {
      fit.push(summary(c));
      fitCount += c.hosts.length;
    } else {
      // members assigned one by one: an object spread here costs more than the rest of placement
      const m = summary(c) as PlacementClass;
      m.reasons = v.why.reasons;
      m.missing = v.why.missing;
      m.forbidden = v.why.forbidden;
      m.type = v.why.type;
      if (v.why.vendorMismatch) m.vendorMismatch = v.why.vendorMismatch;
      misfit.push(m);
    }
  }
  // a total order (ties by signature): pages of the answer are the same whichever order the hosts came in
  const bySig = (x: ClassSummary, y: ClassSummary): number => (x.signature < y.signature ? -1 : x.signature > y.signature ? 1 : 0);
  misfit.sort((x, y) => y.hostCount - x.hostCount || x.reasons.length - y.reasons.length || bySig(x, y));
  fit.sort((x, y) => y.hostCount - x.hostCount || bySig(x, y));
  const notes: string[] = [];
  if (g.anyHost) notes.push(`a ${g.mode} guest starts on any ${af.arch} host; it can migrate only between hosts that can run what it started with`);
  if (g.deprecated) notes.push(`model '${g.model}' is deprecated`);
  notes.push(...(archContext(af.arch).guestNotes?.(g) ?? []));
  unknown.sort((x, y) => y.hostCount - x.hostCount || bySig(x, y));
  if (unknown.length) notes.push(`${unknown.reduce((n, u) => n + u.hostCount, 0)} of ${af.hostCount} hosts cannot be judged: their CPU is not known (libvirt's usable='unknown')`);
  return ok({ arch: af.arch, guest: { display: g.display, ...(g.model ? { model: g.model } : {}), mode: g.mode }, hostCount: af.hostCount, fitCount, fit, misfit, ...(unknown.length ? { unknown } : {}), notes });
}

/** Every host name that can run the guest. */
export function placementHosts(p: Placement): string[] {
  const out: string[] = [];
  for (const c of p.fit) for (const h of c.hosts) out.push(h);
  return out;
}

/** One host's verdict on a QMP guest model, by the fleet's rules (the management `fits` of an architecture without a runnability engine). */
export function fitsOnHost(doc: HostDoc, guest: ModelInfo): Result<{ name: string; runnable: boolean; blockers: string[]; unknown?: string }> {
  const c = new FleetBuilder().add(doc);
  if (!c.ok) return c;
  const g = resolveGuest(c.value.arch, { kind: 'qmp', model: guest });
  if (!g.ok) return g;
  const f = fits(g.value, c.value);
  return ok({ name: guest.name, runnable: f.ok, blockers: reasonsOf(archContext(c.value.arch).catalog, f), ...(f.indeterminate ? { unknown: f.indeterminate } : {}) });
}
