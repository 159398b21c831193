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
import type { FeatureCatalog } from '../core/catalog.js';
import type { ModelInfo } from '../core/driver.js';
import { fail, ok, type CpuModelError, type Result } from '../core/errors.js';
import { modelWithSignature, signature } from '../core/signature.js';
import { didYouMean } from '../core/suggest.js';
import { HOST_DOC_FORMAT, validateHostDoc, type HostDoc } from '../host/doc.js';
import { knownIn, profileFor, x86ClassSince, x86FeaturesUnknownIn, x86KvmDriver } from '../host/engine.js';
import { x86Catalog } from '../arch/x86_64/catalog.js';
import { X86_KVM_DEFAULT_PROPS, X86_KVM_EMULATED_FEATURES } from '../data/x86_64/models.js';
import type { S390Def } from '../arch/s390x/catalog.js';
import { S390Driver } from '../arch/s390x/driver.js';
import { X86Driver } from '../arch/x86_64/driver.js';
import { Ppc64Driver } from '../arch/ppc64/driver.js';
import { vendorName } from '../arch/x86_64/cpuid.js';
import { x86FeatureNames } from '../arch/x86_64/names.js';
import { decodeGuest, libvirtX86Catalog, resolveCpu } from '../arch/x86_64/libvirt-cpu.js';
import { LibvirtXmlError, attrsOf, childrenOf, findAll, tagOf, parseXml, readCpu, writeCpu, type CpuMode, type LibvirtCpu } from '../adapters/libvirt/cpu-xml.js';

export type FleetArch = 's390x' | 'x86_64' | 'ppc64';
export const FLEET_ARCHES: readonly FleetArch[] = ['s390x', 'x86_64', 'ppc64'];

export const isFleetArch = (arch: string): arch is FleetArch => (FLEET_ARCHES as readonly string[]).includes(arch);

// ---------------------------------------------------------------------------
// per-architecture context (built once)
// ---------------------------------------------------------------------------

interface X86Candidate {
  name: string;
  vendor: string;
  set: FeatureSet;
  count: number;
  deprecated: boolean;
}

export interface S390Context {
  readonly arch: 's390x';
  readonly catalog: FeatureCatalog;
  readonly driver: S390Driver;
}

export interface X86Context {
  readonly arch: 'x86_64';
  readonly catalog: FeatureCatalog;
  readonly driver: X86Driver;
  /** what KVM provides whatever the host: hypervisor, the KVM paravirtual leaves */
  readonly provided: FeatureSet;
  /** what every guest model carries (hypervisor) */
  readonly alwaysOn: FeatureSet;
  /** what KVM emulates on every host (x2apic, tsc-deadline …) */
  readonly emulated: FeatureSet;
  /** what a migratable CPU never carries (invtsc) */
  readonly unmigratable: FeatureSet;
  /** versioned models, oldest first, expanded once */
  readonly candidates: readonly X86Candidate[];
  readonly toLibvirt: ReadonlyMap<string, string>;
  readonly fromLibvirt: ReadonlyMap<string, string>;
}

/**
 * ppc64: the features are the compat modes, each with every older one
 * (libvirt runs a custom POWERx guest on a POWERy host in compat mode x when
 * y ≥ x), so runnability and the baseline are set algebra on them.
 */
export interface Ppc64Context {
  readonly arch: 'ppc64';
  readonly catalog: FeatureCatalog;
  readonly driver: Ppc64Driver;
}

export type ArchContext = S390Context | X86Context | Ppc64Context;

let s390Ctx: S390Context | undefined;
let x86Ctx: X86Context | undefined;
let ppc64Ctx: Ppc64Context | undefined;

export function archContext(arch: FleetArch): ArchContext {
  if (arch === 'ppc64') {
    if (!ppc64Ctx) {
      const driver = new Ppc64Driver({ profile: 'latest' });
      ppc64Ctx = { arch, catalog: driver.catalog, driver };
    }
    return ppc64Ctx;
  }
  if (arch === 's390x') {
    if (!s390Ctx) {
      const driver = new S390Driver({ profile: 'latest' });
      s390Ctx = { arch, catalog: driver.catalog, driver };
    }
    return s390Ctx;
  }
  if (!x86Ctx) {
    // KVM, not TCG: a fleet runs KVM guests (no TCG default vme=off, KVM leaves allowed)
    const driver = new X86Driver({ profile: 'latest', accel: 'kvm' });
    const cat = driver.cat;
    const candidates: X86Candidate[] = [];
    for (const c of cat.classes) {
      if (c.kind !== 'version') continue;
      const p = driver.parse({ name: c.name });
      if (!p.ok) continue;
      candidates.push({ name: c.name, vendor: p.value.identity.vendor, set: p.value.features, count: p.value.features.count(), deprecated: c.deprecated });
    }
    const toLibvirt = new Map<string, string>();
    const fromLibvirt = new Map<string, string>();
    for (const r of x86FeatureNames()) {
      if (!r.qemu || !r.libvirt || !cat.features.feature(r.qemu)) continue;
      if (!toLibvirt.has(r.qemu)) toLibvirt.set(r.qemu, r.libvirt);
      if (!fromLibvirt.has(r.libvirt)) fromLibvirt.set(r.libvirt, r.qemu);
    }
    x86Ctx = {
      arch,
      catalog: cat.features,
      driver,
      provided: cat.alwaysOn.or(cat.kvmOnly),
      alwaysOn: cat.alwaysOn,
      emulated: cat.features.setOf(X86_KVM_EMULATED_FEATURES.filter((n) => cat.features.feature(n))),
      unmigratable: cat.unmigratable,
      candidates,
      toLibvirt,
      fromLibvirt,
    };
  }
  return x86Ctx;
}

function err(code: CpuModelError['code'], message: string, extra: Partial<CpuModelError> = {}): Result<never> {
  return fail({ code, message, ...extra });
}

const hintOf = (wanted: string, names: Iterable<string>): string | undefined => didYouMean(wanted, names).replace(/^ \((.*)\)$/, '$1') || undefined;

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
  /** the file (or name) of every host, in input order */
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
export class FleetBuilder {
  readonly fleet: Fleet = { arches: new Map(), hostCount: 0 };
  private readonly index = new Map<string, FleetClass[]>();

  add(doc: HostDoc, file?: string): Result<FleetClass> {
    const where = file ?? doc.name ?? doc.source.origin;
    const arch = doc.arch;
    if (!isFleetArch(arch)) {
      return err('unsupported', `${where}: architecture '${arch}' has no fleet support yet`, { value: arch, hint: `fleets of ${FLEET_ARCHES.join(' or ')}` });
    }
    const ctx = archContext(arch);
    let af = this.fleet.arches.get(arch);
    if (!af) {
      af = { arch, catalog: ctx.catalog, classes: [], hostCount: 0, files: [] };
      this.fleet.arches.set(arch, af);
    }
    let vendor: string | undefined;
    if (arch === 'x86_64') {
      const v = doc.identity['vendor'];
      vendor = typeof v === 'string' ? v : '';
    }
    const ident = arch === 's390x' ? doc.model : vendor!;
    // what else decides runnability: the QEMU release, and (x86) whether libvirt described the host
    const key = `${arch}\u0000${doc.signature}\u0000${ident}\u0000${doc.release ?? ''}\u0000${doc.accel ?? ''}\u0000${doc.source.kind.startsWith('libvirt-') ? 'lv' : ''}`;
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
      let def: S390Def | undefined;
      if (ctx.arch === 's390x') {
        const name = doc.model.replace(/-base$/, '');
        def = ctx.driver.cat.defByName(name);
        if (!def) {
          const hint = hintOf(name, ctx.driver.cat.defs.map((d) => d.name));
          return err('unknown-model', `${where}: model '${doc.model}' is not an s390x CPU definition`, { value: doc.model, ...(hint ? { hint } : {}) });
        }
      }
      // x86: the model is ours (the best versioned model of the vendor the
      // host can run, hypervisor counted as KVM provides it), not the
      // document's, which may name a model by another rule
      const model = ctx.arch === 'x86_64' ? (x86BestNamed(ctx, set.or(ctx.alwaysOn), vendor || undefined)?.name ?? doc.model) : doc.model;
      cls = {
        id: af.classes.length,
        arch,
        signature: sig,
        set,
        model,
        ...(def ? { def } : {}),
        ...(vendor !== undefined ? { vendor } : {}),
        ...(ctx.arch === 'x86_64' ? x86EngineParts(ctx, doc, set) : {}),
        ...(doc.release ? { release: doc.release } : {}),
        identity: doc.identity,
        hosts: [],
        names: doc.features,
      };
      af.classes.push(cls);
      if (bucket) bucket.push(cls);
      else this.index.set(key, [cls]);
    }
    cls.hosts.push(doc.name ?? where);
    af.files.push(where);
    af.hostCount++;
    this.fleet.hostCount++;
    return ok(cls);
  }

  private setOf(ctx: ArchContext, doc: HostDoc, where: string): Result<FeatureSet> {
    const s = ctx.catalog.empty();
    for (const n of doc.features) {
      const f = ctx.catalog.feature(n);
      if (!f) {
        const hint = hintOf(n, ctx.catalog.features.map((x) => x.name));
        return err('unknown-property', `${where}: unknown ${ctx.arch} feature '${n}'`, { value: n, ...(hint ? { hint } : {}) });
      }
      s.add(f.index);
    }
    return ok(s);
  }
}

/**
 * x86: what the runnability engine lets a KVM guest use on this host (the
 * driver of the host's QEMU release), carried over to the fleet's catalog by
 * name: a feature that release does not know stays absent.
 */
function engineSupported(ctx: X86Context, doc: HostDoc): FeatureSet {
  const d = x86KvmDriver(doc);
  const sup = d.supported();
  return d.catalog === ctx.catalog ? sup : ctx.catalog.setOf(d.catalog.names(sup).filter((n) => ctx.catalog.feature(n)));
}

function x86EngineParts(ctx: X86Context, doc: HostDoc, set: FeatureSet): { supported: FeatureSet; doc: HostDoc; guestSet: FeatureSet } {
  const supported = engineSupported(ctx, doc);
  return { supported, doc, guestSet: set.and(supported) };
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
  if (fleet.arches.size === 0) return err('invalid-argument', 'no hosts given');
  if (fleet.arches.size > 1) {
    const parts = [...fleet.arches.values()].sort((x, y) => (x.arch < y.arch ? -1 : 1)).map((a) => `${a.arch} (${listSome(a.files, 4)})`);
    return err('invalid-argument', `hosts of several architectures: ${parts.join('; ')}; a fleet has one architecture`, { value: [...fleet.arches.keys()].sort().join(','), hint: 'split the hosts by architecture' });
  }
  return ok([...fleet.arches.values()][0]!);
}

// ---------------------------------------------------------------------------
// answers in QMP's and libvirt's vocabularies
// ---------------------------------------------------------------------------

/** The newest versioned x86 model (of the vendor) whose features all fit in `set`. */
export function x86BestNamed(ctx: X86Context, set: FeatureSet, vendor?: string): X86Candidate | undefined {
  let best: X86Candidate | undefined;
  for (const c of ctx.candidates) {
    if (vendor && c.vendor !== vendor) continue;
    if (best && c.count <= best.count) continue;
    if (c.set.isSubsetOf(set)) best = c;
  }
  return best;
}

/** A concrete CPU as a QMP model: s390x `<def>-base` plus delta; x86 the best versioned model plus delta. */
export function qmpOf(ctx: ArchContext, set: FeatureSet, ident: { def?: S390Def; vendor?: string }): ModelInfo {
  if (ctx.arch === 's390x') return ctx.driver.info({ def: ident.def ?? ctx.driver.cat.qemuDef, features: set }, true);
  if (ctx.arch === 'ppc64') return ppc64Of(ctx, set).qmp;
  const best = x86BestNamed(ctx, set, ident.vendor || undefined);
  const base = best?.set ?? ctx.catalog.empty();
  const name = best?.name ?? 'base';
  // the driver settles dependent features (vmx brings the model's vmx-* bits back)
  const props = ctx.driver.deltaProps(name, base, set);
  return Object.keys(props).length ? { name, props } : { name };
}

/**
 * ppc64: the newest compat mode of the set names the CPU — QEMU's family
 * class at that level, libvirt's model of that family (libvirt runs it in
 * that compat mode on any newer host).
 */
function ppc64Of(ctx: Ppc64Context, set: FeatureSet): { qmp: ModelInfo; libvirt: string } {
  const norm = ctx.driver.normalize({ model: '', features: set });
  const cls = ctx.driver.cat.classByName.get(norm.name);
  const lv = ctx.driver.cat.libvirtModels.find((m) => m.name.toLowerCase() === cls?.family.name.toLowerCase())?.name ?? cls?.family.name ?? norm.name;
  return { qmp: { name: norm.name }, libvirt: lv };
}

/** `<cpu mode='custom' match='exact'><model fallback='forbid'>…` for a concrete CPU. */
export function libvirtOf(ctx: ArchContext, set: FeatureSet, ident: { def?: S390Def; vendor?: string }, qmp?: ModelInfo): { cpu: LibvirtCpu; notes: string[] } {
  const notes: string[] = [];
  if (ctx.arch === 's390x') {
    const m = qmp ?? qmpOf(ctx, set, ident);
    const features = Object.entries(m.props ?? {}).map(([name, on]) => ({ name, policy: on ? ('require' as const) : ('disable' as const) }));
    return { cpu: { mode: 'custom', match: 'exact', model: { name: m.name, fallback: 'forbid' }, features }, notes };
  }
  if (ctx.arch === 'ppc64') return { cpu: { mode: 'custom', match: 'exact', model: { name: ppc64Of(ctx, set).libvirt, fallback: 'forbid' }, features: [] }, notes };
  const lv = libvirtX86Catalog();
  const data = lv.features.empty();
  const unnamed: string[] = [];
  for (const n of ctx.catalog.names(set)) {
    const l = ctx.toLibvirt.get(n);
    const f = l ? lv.features.feature(l) : undefined;
    if (f) data.add(f.index);
    else if (!ctx.provided.has(ctx.catalog.feature(n)!.index)) unnamed.push(n);
  }
  if (unnamed.length) notes.push(`libvirt has no name for ${unnamed.join(', ')}; left out of the libvirt definition`);
  const vn = ident.vendor ? vendorName(ident.vendor) : undefined;
  const d = decodeGuest(data, { ...(vn ? { vendor: vn } : {}), migratable: true }, lv);
  if (!d.ok) {
    notes.push(`libvirt: ${d.error.message}`);
    return { cpu: { mode: 'custom', match: 'exact', features: [] }, notes };
  }
  const cpu: LibvirtCpu = { mode: 'custom', match: 'exact', model: { name: d.value.model.name, fallback: 'forbid' }, features: d.value.features };
  // QEMU runs its own model of that name: disable what it would add beyond the set (vmx brings the model's vmx-* bits)
  const g = resolveGuest('x86_64', { kind: 'libvirt', cpu });
  if (g.ok) {
    const extra = g.value.features.andNot(set).iandNot(ctx.provided).iandNot(ctx.emulated);
    const lvNames: string[] = [];
    for (const n of ctx.catalog.names(extra)) {
      const l = ctx.toLibvirt.get(n);
      if (l && lv.features.feature(l)) lvNames.push(l);
      else notes.push(`QEMU's ${d.value.model.name} adds ${n}, which libvirt cannot disable`);
    }
    if (lvNames.length) cpu.features = [...cpu.features, ...lvNames.map((name) => ({ name, policy: 'disable' as const }))];
  }
  return { cpu, notes };
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

export interface FleetBaseline {
  arch: FleetArch;
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

const genOrder = (a: S390Def, b: S390Def): number => a.gen - b.gen || a.ga - b.ga;

const expressedMemo = new Map<string, { qmp: ModelInfo; lv: { cpu: LibvirtCpu; notes: string[] } }>();

/** A feature set as a QMP model and a libvirt <cpu> (the model search), memoized per (architecture, identity, set). */
function expressed(ctx: ArchContext, set: FeatureSet, ident: { def?: S390Def; vendor?: string }): { qmp: ModelInfo; lv: { cpu: LibvirtCpu; notes: string[] } } {
  const key = `${ctx.arch}|${ident.def?.name ?? ''}|${ident.vendor ?? ''}|${set.words.join(',')}`;
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
  const af = a.value;
  const ctx = archContext(af.arch);
  const classes = af.classes;
  const notes: string[] = [];
  let set: FeatureSet;
  let ident: { def?: S390Def; vendor?: string };
  if (ctx.arch === 's390x') {
    // the driver's pairwise rule, folded over the distinct host definitions
    const byDef = new Map<S390Def, FeatureSet>();
    for (const c of classes) {
      const s = byDef.get(c.def!);
      if (s) s.iand(c.set);
      else byDef.set(c.def!, c.set.clone());
    }
    let acc: { def: S390Def; features: FeatureSet } | undefined;
    for (const [def, features] of byDef) {
      if (!acc) {
        acc = { def, features };
        continue;
      }
      const r = ctx.driver.baselineModels(acc, { def, features });
      if (!r.ok) return fail({ ...r.error, message: `${r.error.message} (baseline of ${af.hostCount} hosts)` });
      acc = r.value;
    }
    if (byDef.size === 1) {
      // one definition: the driver still clips to what the definition can carry
      const r = ctx.driver.baselineModels(acc!, acc!);
      if (!r.ok) return r;
      acc = r.value;
    }
    set = acc!.features;
    ident = { def: acc!.def };
  } else if (ctx.arch === 'ppc64') {
    // the compat modes every host has
    set = classes[0]!.set.clone();
    for (let i = 1; i < classes.length; i++) set.iand(classes[i]!.set);
    ident = {};
  } else {
    const vendors = new Map<string, FleetClass[]>();
    for (const c of classes) {
      if (!c.vendor) continue;
      const l = vendors.get(c.vendor) ?? [];
      l.push(c);
      vendors.set(c.vendor, l);
    }
    if (vendors.size > 1) {
      const parts = [...vendors].map(([v, cs]) => `${v} (${listSome(cs.flatMap((c) => c.hosts.slice(0, 3)), 3)}; ${cs.reduce((n, c) => n + c.hosts.length, 0)} hosts)`);
      return err('invalid-argument', `CPU vendors differ: ${parts.join(' and ')}; a baseline never mixes vendors`, { value: [...vendors.keys()].join(','), hint: 'baseline the hosts of each vendor separately' });
    }
    set = guestSetOf(classes[0]!).clone();
    for (let i = 1; i < classes.length; i++) set.iand(guestSetOf(classes[i]!));
    const dropped = set.and(ctx.unmigratable);
    if (!dropped.isEmpty()) notes.push(`left out (a migratable CPU cannot carry): ${ctx.catalog.names(dropped).join(', ')}`);
    set.iandNot(ctx.unmigratable).ior(ctx.alwaysOn);
    const vendor = vendors.size === 1 ? [...vendors.keys()][0]! : undefined;
    ident = vendor ? { vendor } : {};
  }
  const { qmp, lv } = expressed(ctx, set, ident);
  notes.push(...lv.notes);
  const sig = signature(ctx.catalog, set);
  return ok({
    arch: af.arch,
    hostCount: af.hostCount,
    classCount: classes.length,
    qmp,
    libvirt: writeCpu(lv.cpu),
    libvirtCpu: lv.cpu,
    features: ctx.catalog.names(set),
    signature: sig,
    display: modelWithSignature(qmp.name, sig),
    heldBackBy: holdBacks(ctx, af),
    notes,
  });
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
  // s390x: the oldest definition, and whether one class alone has it
  let oldest: S390Def | undefined;
  let oldestCount = 0;
  let second: S390Def | undefined;
  if (ctx.arch === 's390x') {
    for (const c of cs) {
      if (!oldest || genOrder(c.def!, oldest) < 0) {
        second = oldest;
        oldest = c.def!;
        oldestCount = 1;
      } else if (genOrder(c.def!, oldest) === 0) oldestCount++;
      else if (!second || genOrder(c.def!, second) < 0) second = c.def!;
    }
  }
  const skip = ctx.arch === 'x86_64' ? ctx.unmigratable.words : undefined;
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
    const type = ctx.arch === 's390x' && oldestCount === 1 && genOrder(c.def!, oldest!) === 0 && second !== undefined && genOrder(second, oldest!) > 0;
    if (any || type) {
      const features = ctx.catalog.names(new FeatureSet(size, others.slice()));
      out.push({ ...summary(c), features, ...(type ? { type: true } : {}) });
    }
    for (let j = 0; j < words; j++) prefix[j]! &= w[j]!;
  }
  out.sort((x, y) => x.hostCount - y.hostCount || y.features.length - x.features.length || (x.signature < y.signature ? -1 : 1));
  return out;
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
    try {
      const doc = parseXml(text, origin);
      // domain capabilities' <cpu> holds <mode> elements: not a guest CPU
      const guestCpus = findAll(doc, 'cpu').filter((n) => !childrenOf(n).some((c) => tagOf(c) === 'mode'));
      if (guestCpus.length === 0) return err('invalid-argument', `${origin}: no <cpu> element found (a guest without <cpu> gets the hypervisor's default model)`, { value: origin, hint: 'add <cpu mode=…> to the domain' });
      if (guestCpus.length > 1) return err('invalid-argument', `${origin}: ${guestCpus.length} <cpu> elements; a guest has one`, { value: origin });
      const cpu = readCpu(guestCpus[0]!, origin);
      let arch = cpu.arch;
      if (!arch) {
        const types = findAll(doc, 'type').map(attrsOf).filter((x) => x['arch']);
        if (types.length) arch = types[0]!['arch'];
      }
      return ok({ kind: 'libvirt', cpu, ...(arch ? { arch } : {}), origin });
    } catch (e) {
      if (e instanceof LibvirtXmlError) return err('bad-host-data', e.message, { ...(e.value !== undefined ? { value: e.value } : {}) });
      throw e;
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return err('bad-host-data', `${origin}: malformed JSON: ${(e as Error).message}`, { value: origin });
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
    if (!isObj(m) || typeof m['name'] !== 'string' || !m['name']) return err('invalid-argument', `${origin}: a CPU model needs a "name"`, { value: origin });
    if (m['props'] !== undefined && !isObj(m['props'])) return err('invalid-type', `${origin}: "props" must be an object`, { value: 'props' });
    return ok(m['props'] !== undefined ? { name: m['name'], props: m['props'] as Record<string, unknown> } : { name: m['name'] });
  };
  if (isObj(v) && isObj(v['model'])) {
    const m = model(v['model']);
    if (!m.ok) return m;
    const sig = v['signature'];
    const name = v['name'];
    if (sig !== undefined || name !== undefined) {
      if (sig !== undefined && (typeof sig !== 'string' || !/^[0-9a-f]{16}$/.test(sig))) return err('invalid-argument', `${origin}: "signature" must be 16 hex digits`, { value: String(sig) });
      return ok({ kind: 'normalized', model: m.value, ...(typeof sig === 'string' ? { signature: sig } : {}), ...(typeof name === 'string' ? { name } : {}), origin });
    }
    return ok({ kind: 'qmp', model: m.value, origin });
  }
  const m = model(v);
  if (!m.ok) return err('invalid-argument', `${origin}: not a guest CPU (expected a libvirt <cpu> or domain, a QMP model {"name", "props"}, the reply of query-cpu-model, or a host document)`, { value: origin });
  return ok({ kind: 'qmp', model: m.value, origin });
}

const s390xLike = /^(z\d|gen1\d|qemu$|max$|host$)/;

/** Which architecture a guest is for, when it says so. */
export function guestArch(g: GuestInput): FleetArch | undefined {
  if (g.kind === 'host') return isFleetArch(g.doc.arch) ? g.doc.arch : undefined;
  if (g.kind === 'libvirt') {
    const a = g.arch ?? g.cpu.arch;
    if (a === 's390x') return 's390x';
    if (a === 'ppc64' || a === 'ppc64le') return 'ppc64';
    if (a === 'x86_64' || a === 'i686') return 'x86_64';
    return undefined;
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
  if (said && said !== arch) return err('invalid-argument', `${where}: the guest is ${said}, the hosts are ${arch}`, { value: said });
  const depr = deprecatedSet(opts);
  const empty = ctx.catalog.empty();
  const base = { arch, input: g, optional: empty, forbidden: empty };
  if (g.kind === 'host') {
    const d = g.doc;
    const b = new FleetBuilder();
    const c = b.add(d, where);
    if (!c.ok) return c;
    const cls = c.value;
    const own = guestSetOf(cls);
    const features = ctx.arch === 'x86_64' ? own.or(ctx.alwaysOn) : own.clone();
    const required = ctx.arch === 'x86_64' ? own.andNot(ctx.provided) : own.clone();
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
    if (mode !== 'custom') {
      return ok({ ...base, mode, anyHost: true, features: empty, required: empty, deprecated: false, display: mode });
    }
    if (!cpu.model) return err('invalid-argument', `${where}: <cpu mode='custom'> without <model>`, { value: where });
    // s390x and ppc64: libvirt's names are QEMU's
    if (ctx.arch !== 'x86_64') {
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
      const r = resolveQmp(ctx, { name: cpu.model.name, props }, where, depr);
      if (!r.ok) return r;
      const forbidden = setOfNames(ctx, forb, where);
      if (!forbidden.ok) return forbidden;
      const optional = setOfNames(ctx, opt, where);
      if (!optional.ok) return optional;
      return ok({ ...r.value, input: g, mode, forbidden: forbidden.value, optional: optional.value });
    }
    // x86: QEMU runs the model libvirt names (-cpu MODEL,+f,-g), with KVM's defaults underneath
    const lvVendor = cpu.vendor;
    const vendor = lvVendor ? (libvirtVendorString(lvVendor) ?? lvVendor) : undefined;
    if (ctx.driver.cat.classByName.has(cpu.model.name)) {
      const props: Record<string, boolean> = {};
      const names = (pol: readonly string[]) => cpu.features.filter((f) => pol.includes(f.policy ?? 'require')).map((f) => ctx.fromLibvirt.get(f.name) ?? f.name);
      const lvCat = libvirtX86Catalog();
      for (const f of cpu.features) {
        const q = ctx.fromLibvirt.get(f.name);
        // a libvirt feature QEMU has no property for (osxsave, ospke, cmt …): libvirt leaves it out of the command line
        if ((!q || !ctx.catalog.feature(q)) && lvCat.features.feature(f.name)) continue;
        if (!q || !ctx.catalog.feature(q)) {
          const hint = hintOf(f.name, ctx.fromLibvirt.keys());
          return err('unknown-property', `${where}: <feature name='${f.name}'/>: unknown CPU feature '${f.name}'`, { value: f.name, ...(hint ? { hint } : {}) });
        }
        const p = f.policy ?? 'require';
        if (p === 'require' || p === 'force') props[q] = true;
        else if (p === 'disable' || p === 'forbid') props[q] = false;
      }
      const r = resolveQmp(ctx, { name: cpu.model.name, props }, where, depr);
      if (!r.ok) return r;
      const forbidden = setOfNames(ctx, names(['forbid']), where);
      if (!forbidden.ok) return forbidden;
      const optional = setOfNames(ctx, names(['optional']), where);
      if (!optional.ok) return optional;
      return ok({ ...r.value, input: g, mode, ...(vendor ? { vendor, vendorStrict: true } : {}), forbidden: forbidden.value, optional: optional.value, display: cpu.model.name });
    }
    // a name only libvirt's CPU map has: libvirt's vocabulary, mapped to QEMU's by CPUID bit
    const lv = libvirtX86Catalog();
    const rc = resolveCpu({ ...cpu, origin: cpu.origin ?? where }, { type: 'guest' }, lv);
    if (!rc.ok) return rc;
    const v = rc.value;
    const toQemu = (s: FeatureSet): FeatureSet => {
      const out = ctx.catalog.empty();
      for (const n of lv.features.names(s)) {
        const q = ctx.fromLibvirt.get(n);
        const f = q ? ctx.catalog.feature(q) : undefined;
        if (f) out.add(f.index);
      }
      return out;
    };
    const features = toQemu(v.full).ior(ctx.alwaysOn);
    const required = toQemu(v.required.andNot(v.forced).iandNot(v.optional).iandNot(v.disabled).iandNot(v.forbidden)).iandNot(ctx.provided);
    // the host's own release may still have the model (Icelake-Client before 7.1): its driver decides there
    const qprops = Object.fromEntries(cpu.features.filter((f) => f.policy !== 'optional').map((f) => [ctx.fromLibvirt.get(f.name) ?? f.name, f.policy === 'require' || f.policy === 'force' || f.policy === undefined]));
    return ok({
      ...base,
      mode,
      anyHost: false,
      model: cpu.model.name,
      ...(vendor ? { vendor, vendorStrict: true } : {}),
      qemu: Object.keys(qprops).length ? { name: cpu.model.name, props: qprops } : { name: cpu.model.name },
      features,
      required,
      forbidden: toQemu(v.forbidden),
      optional: toQemu(v.optional),
      deprecated: depr.has(cpu.model.name),
      display: cpu.model.name,
    });
  }
  const r = resolveQmp(ctx, g.model, where, depr);
  if (!r.ok) return r;
  return ok({ ...r.value, input: g });
}

function libvirtVendorString(name: string): string | undefined {
  return { Intel: 'GenuineIntel', AMD: 'AuthenticAMD', Hygon: 'HygonGenuine', 'Zhaoxin CentaurHauls': 'CentaurHauls' }[name];
}

function setOfNames(ctx: ArchContext, names: readonly string[], where: string): Result<FeatureSet> {
  const s = ctx.catalog.empty();
  for (const n of names) {
    const f = ctx.catalog.feature(n);
    const g = f ? undefined : ctx.catalog.group(n);
    if (f) s.add(f.index);
    else if (g) s.ior(g.members);
    else {
      const hint = hintOf(n, ctx.catalog.allNames());
      return err('unknown-property', `${where}: unknown ${ctx.arch} feature '${n}'`, { value: n, ...(hint ? { hint } : {}) });
    }
  }
  return ok(s);
}

function resolveQmp(ctx: ArchContext, info: ModelInfo, where: string, depr: Set<string>): Result<ResolvedGuest> {
  const empty = ctx.catalog.empty();
  const withWhere = (e: CpuModelError): Result<never> => fail({ ...e, message: `${where}: ${e.message}` });
  if (info.name === 'host' || info.name === 'max') {
    return ok({ arch: ctx.arch, input: { kind: 'qmp', model: info }, mode: info.name === 'host' ? 'host-passthrough' : 'maximum', anyHost: true, features: empty, required: empty, forbidden: empty, optional: empty, deprecated: false, display: info.name });
  }
  if (ctx.arch === 's390x') {
    const m = ctx.driver.parse(info);
    if (!m.ok) return withWhere(m.error);
    const cls = ctx.driver.classes_().find((c) => c.name === info.name);
    const features = m.value.features;
    return ok({
      arch: 's390x',
      input: { kind: 'qmp', model: info },
      mode: 'custom',
      anyHost: false,
      model: m.value.def.name,
      def: m.value.def,
      features,
      required: features.clone(),
      forbidden: empty,
      optional: empty,
      deprecated: (cls?.deprecated ?? false) || depr.has(info.name) || depr.has(m.value.def.name),
      display: modelWithSignature(`${m.value.def.name}-base`, signature(ctx.catalog, features)),
    });
  }
  if (ctx.arch === 'ppc64') {
    // libvirt runs a custom POWERx in compat mode x: the model's compat modes are what a host must have
    const m = ctx.driver.parse(info);
    if (!m.ok) return withWhere(m.error);
    const features = m.value.features;
    return {
      ok: true,
      value: {
        arch: 'ppc64',
        input: { kind: 'qmp', model: info },
        mode: 'custom',
        anyHost: false,
        model: m.value.cls.name,
        features,
        required: features.clone(),
        forbidden: empty,
        optional: empty,
        deprecated: depr.has(info.name),
        display: modelWithSignature(m.value.cls.name, signature(ctx.catalog, features)),
      },
    };
  }
  // QEMU loads a table model under KVM with KVM's defaults, then the user's props
  const user = info.props && typeof info.props === 'object' && !Array.isArray(info.props) ? info.props : {};
  const kvmDefaults = Object.fromEntries(Object.entries(X86_KVM_DEFAULT_PROPS).filter(([k]) => ctx.catalog.feature(k)));
  const known = ctx.driver.cat.classByName.get(info.name);
  const c = ctx.driver.parse(known && (known.kind === 'version' || known.kind === 'alias') ? { name: info.name, props: { ...kvmDefaults, ...user } } : info);
  if (!c.ok) return withWhere(c.error);
  const cls = c.value.cls;
  const name = cls.aliasOf ?? cls.name;
  const features = c.value.features;
  return ok({
    arch: 'x86_64',
    input: { kind: 'qmp', model: info },
    mode: 'custom',
    anyHost: false,
    model: name,
    ...(c.value.identity.vendor ? { vendor: c.value.identity.vendor, vendorStrict: false } : {}),
    qemu: info,
    features,
    // all of them: the runnability engine's host set has what KVM provides
    required: features.clone(),
    forbidden: empty,
    optional: empty,
    deprecated: cls.deprecated || depr.has(info.name) || depr.has(name),
    display: modelWithSignature(name, signature(ctx.catalog, features)),
  });
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
}

/**
 * x86: what the host's own driver (the engine: its accelerator, release and
 * features) finds missing when it creates the guest's model with its props —
 * TCG's model defaults, KVM's, by construction the same as domcapabilities.
 * Undefined when that driver cannot create it (a release without the model
 * or a property: unknownIn names those).
 */
function engineMissing(info: ModelInfo, doc: HostDoc): FeatureSet | undefined {
  const ctx = archContext('x86_64') as X86Context;
  const d = x86KvmDriver(doc);
  const p = d.parse(info);
  if (!p.ok) return undefined;
  const names = d.catalog.names(p.value.features.andNot(d.supported()));
  return ctx.catalog.setOf(names.filter((n) => ctx.catalog.feature(n)));
}

/** What QEMU `release` does not know of a guest: its model, then its features. */
function unknownIn(g: ResolvedGuest, release: string | undefined): string[] {
  if (!release || g.arch !== 'x86_64' || !g.model) return [];
  const ctx = archContext('x86_64') as X86Context;
  const out: string[] = [];
  // the model the guest names: absent from that release's catalog (added later, or removed), or newer than it
  const asked = g.input.kind === 'qmp' || g.input.kind === 'normalized' ? g.input.model.name : g.input.kind === 'libvirt' ? g.input.cpu.model?.name : undefined;
  const profile = profileFor(release);
  const cls = ctx.driver.cat.classByName.get(g.model);
  if (asked && profile !== 'latest' && !x86Catalog(profile).classByName.has(asked)) out.push(`model ${asked}`);
  else if (cls && !knownIn(x86ClassSince(cls), release)) out.push(`model ${g.model}`);
  // the features it has, and those it names (QEMU refuses a property it does not know, even one it would drop)
  const named = g.input.kind === 'qmp' || g.input.kind === 'normalized' ? Object.keys(g.input.model.props ?? {}) : g.input.kind === 'libvirt' ? g.input.cpu.features.map((f) => ctx.fromLibvirt.get(f.name) ?? f.name) : [];
  const names = [...new Set([...ctx.catalog.names(g.required), ...named])];
  for (const f of x86FeaturesUnknownIn(names, release)) out.push(`feature ${f}`);
  return out;
}

/**
 * Can a host (class) run the guest? The features: the runnability engine's
 * host set (x86: the CPU driver under KVM for that host, host/engine.ts),
 * so the answer is the one domcapabilities and query-cpu-definitions give.
 */
export function fits(g: ResolvedGuest, host: { set: FeatureSet; def?: S390Def; vendor?: string; supported?: FeatureSet; release?: string; doc?: HostDoc }): Fit {
  if (g.anyHost) return { ok: true, missing: g.required, forbidden: g.forbidden, type: false, unknown: [] };
  const missing = (g.qemu && host.doc && g.optional.isEmpty() ? engineMissing(g.qemu, host.doc) : undefined) ?? g.required.andNot(host.supported ?? host.set);
  const forbidden = g.forbidden.isEmpty() ? g.forbidden : g.forbidden.and(host.set);
  const type = !!(g.def && host.def && genOrder(g.def, host.def) > 0);
  const vendor = g.vendorStrict !== false && g.vendor && host.vendor && g.vendor !== host.vendor ? { guest: g.vendor, host: host.vendor } : undefined;
  const unknown = unknownIn(g, host.release);
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

export interface Placement {
  arch: FleetArch;
  guest: { display: string; model?: string; mode: CpuMode };
  hostCount: number;
  /** how many hosts can run the guest */
  fitCount: number;
  fit: ClassSummary[];
  /** classes that cannot, each with why not */
  misfit: PlacementClass[];
  notes: string[];
}

/** One class's answer for a guest: fits, or why not (what placement lists per misfit class beside its hosts). */
export interface ClassVerdict {
  /** undefined: the class runs the guest */
  why?: Omit<PlacementClass, keyof ClassSummary>;
}

export function classVerdict(catalog: FeatureCatalog, g: ResolvedGuest, c: FleetClass): ClassVerdict {
  const f = fits(g, c);
  if (f.ok) return {};
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
    if (guest.arch !== af.arch) return err('invalid-argument', `the guest is ${guest.arch}, the hosts are ${af.arch}`, { value: guest.arch });
    g = guest;
  } else {
    const r = resolveGuest(af.arch, guest, opts);
    if (!r.ok) return r;
    g = r.value;
  }
  const fit: ClassSummary[] = [];
  const misfit: PlacementClass[] = [];
  let fitCount = 0;
  for (const c of af.classes) {
    const v = opts.verdict ? opts.verdict(c, () => classVerdict(af.catalog, g, c)) : classVerdict(af.catalog, g, c);
    if (!v.why) {
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
  misfit.sort((x, y) => y.hostCount - x.hostCount || x.reasons.length - y.reasons.length);
  fit.sort((x, y) => y.hostCount - x.hostCount);
  const notes: string[] = [];
  if (g.anyHost) notes.push(`a ${g.mode} guest starts on any ${af.arch} host; it can migrate only between hosts that can run what it started with`);
  if (g.deprecated) notes.push(`model '${g.model}' is deprecated`);
  return ok({ arch: af.arch, guest: { display: g.display, ...(g.model ? { model: g.model } : {}), mode: g.mode }, hostCount: af.hostCount, fitCount, fit, misfit, notes });
}

/** Every host name that can run the guest. */
export function placementHosts(p: Placement): string[] {
  const out: string[] = [];
  for (const c of p.fit) for (const h of c.hosts) out.push(h);
  return out;
}
