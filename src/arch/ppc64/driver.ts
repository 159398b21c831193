/**
 * The ppc64 driver.
 *
 * What QEMU 7.2 has on ppc64, answered exactly:
 *  - query-cpu-definitions: every class and every alias, aliases first (QEMU
 *    prepends them, so in reverse table order), each with name, typename,
 *    static=false and deprecated=false. The typename is the class's for an
 *    alias and empty for the classes themselves (QEMU 7.2 leaves it unset;
 *    in the 'latest' profile we give the class's typename). QEMU 7.2 reports neither
 *    `migration-safe` nor `unavailable-features` on ppc64 (not even under
 *    TCG) and no `alias-of`: an alias carries its class's typename.
 *  - nothing else: qemu-system-ppc64 7.2 has no query-cpu-model-expansion,
 *    -comparison or -baseline (CommandNotFound). `qemuCommands` says so, and
 *    the strict QMP server leaves them out.
 *
 * What we answer beyond QEMU, in QEMU's vocabulary (model name + props):
 * the compat-mode view. A ppc64 CPU model has no switchable features in
 * QEMU; what tells guests apart is the architected level they run at (the
 * pseries machine's `max-cpu-compat`, libvirt's host-model
 * `<model>power8</model>`). So:
 *  - the features are the compat modes, `compat-power6` … `compat-power10`;
 *    a class of a server family has its family's level and every older one
 *    (POWER9: power6…power9), other classes have none;
 *  - props: `max-cpu-compat` (a mode name: the CPU runs at that level),
 *    and the booleans `compat-powerN` (true: run at N or above what is set,
 *    false: stay below N). Levels stay downward closed: a CPU that runs in
 *    power8 mode also offers power7 and power6. Errors use QEMU's texts for
 *    the same settings on the machine (`Invalid compatibility mode "x"`,
 *    `Compatibility PVR 0x0f000005 not valid for CPU`);
 *  - expansion names the class (aliases and PVR names resolved) with
 *    `max-cpu-compat` set to the CPU's level (static), plus every
 *    `compat-powerN` (full);
 *  - comparison and baseline follow libvirt's ppc64 rules: CPUs of
 *    different families (PVR classes: POWER8E and POWER8NVL are POWER8) are
 *    incompatible and have no baseline ("CPUs are incompatible"); within a
 *    family, the compat levels decide. Replies have s390x's QMP form
 *    (`type` is responsible when the families differ).
 *
 * libvirt's side (its <cpu> compare, update and baseline rules, the
 * host-model it computes and the domcapabilities CPU section) is at the end
 * of this file.
 */
import type { FeatureSet } from '../../core/bitset.js';
import type {
  Accel,
  ComparisonInfo,
  CpuDefinitionInfo,
  CpuDriver,
  ExpansionType,
  HostCapability,
  ModelInfo,
  NormalizedModel,
  ResolvedModel,
} from '../../core/driver.js';
import { both, err, fail, ok, type CpuModelError, type Result } from '../../core/errors.js';
import { bestModel } from '../../core/ops.js';
import { modelWithSignature, signature } from '../../core/signature.js';
import { assertKvmHost } from '../kvm-host.js';
import { definitionsOnce } from '../../core/lazy.js';
import { near } from '../../core/suggest.js';
import type { DomCapsCpu, LibvirtCpu } from '../../core/libvirt-model.js';
import { LIBVIRT_PPC64_COMPAT_RANGE, LIBVIRT_PPC64_LEGACY_MODELS, LIBVIRT_PPC64_VENDORS } from '../../data/ppc64/models.js';
import { ppc64Catalog, type Ppc64Catalog, type Ppc64Class, type Ppc64Profile } from './catalog.js';
import type { Ppc64Host } from './probe.js';
import { comparePpc64Models } from './compare.js';

/** A concrete ppc64 CPU: a class and the compat modes it offers. */
export interface Ppc64Model {
  readonly cls: Ppc64Class;
  readonly features: FeatureSet;
  /** Named `host` (KVM only). */
  readonly host?: boolean;
}

export interface Ppc64DriverOptions {
  accel?: Accel;
  profile?: Ppc64Profile;
  /** The host (required for kvm): see probe.ts. */
  host?: Ppc64Host;
}

/** QOM properties of a ppc64 CPU object that are not part of the CPU model. */
const READ_ONLY = new Set(['type', 'parent_bus', 'hotplugged', 'hotpluggable']);
const NOT_MODEL = new Set(['realized', 'memory', 'start-powered-off', 'legacy-memory', 'pre-3.0-migration', 'pre-2.8-migration', 'pre-2.10-migration']);
const MAX_CPU_COMPAT = 'max-cpu-compat';

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

export class Ppc64Driver implements CpuDriver {
  readonly arch = 'ppc64' as const;
  /** qemu-system-ppc64 7.2 has only query-cpu-definitions (checked against the binary). */
  readonly qemuCommands = ['query-cpu-definitions'];
  readonly accel: Accel;
  readonly cat: Ppc64Catalog;
  readonly catalog;
  readonly host: Ppc64Host | null;
  /** TCG: the newest server class at its own level; KVM: the host. */
  readonly max: Ppc64Model;
  private readonly propNames: string[];

  constructor(opts: Ppc64DriverOptions = {}) {
    this.accel = opts.accel ?? 'tcg';
    this.cat = ppc64Catalog(opts.profile ?? '7.2');
    this.catalog = this.cat.features;
    this.host = opts.host ?? null;
    assertKvmHost('ppc64', this.accel, this.host);
    if (this.accel === 'kvm' && this.host) {
      this.max = { cls: this.host.cls, features: this.host.features, host: true };
    } else {
      this.max = { cls: this.cat.newest, features: this.cat.newest.features };
    }
    this.propNames = [MAX_CPU_COMPAT, ...this.catalog.features.map((f) => f.name)];
  }

  modelNames(): string[] {
    const names = this.cat.definitionOrder.map((d) => d.name);
    return this.accel === 'kvm' ? ['host', ...names] : names;
  }

  // ---------------------------------------------------------------- parsing

  /** A model name plus props → a concrete CPU (props applied in the order given). */
  parse(info: ModelInfo): Result<Ppc64Model> {
    const props = info.props as unknown;
    if (props !== undefined && (props === null || typeof props !== 'object' || Array.isArray(props))) {
      return err('invalid-type', "Invalid parameter type for 'props', expected: dict", { value: 'props' });
    }
    let cls: Ppc64Class | undefined;
    let isHost = false;
    if (info.name === 'host' && this.accel === 'kvm') {
      cls = this.host!.cls;
      isHost = true;
    } else {
      cls = this.cat.lookup(info.name);
    }
    if (!cls) {
      // QEMU's text for an unknown -cpu on ppc64
      return err('unknown-model', `unable to find CPU model '${info.name}'`, { value: info.name, ...near(info.name, this.modelNames()) });
    }
    const features = isHost ? this.host!.features.clone() : cls.features.clone();
    const typename = isHost ? 'host-powerpc64-cpu' : cls.typename;
    if (props) {
      for (const [key, value] of Object.entries(props as Record<string, unknown>)) {
        const r = this.setProperty(cls, typename, features, key, value);
        if (r) return r;
      }
    }
    return ok(isHost ? { cls, features, host: true } : { cls, features });
  }

  private setProperty(cls: Ppc64Class, typename: string, features: FeatureSet, key: string, value: unknown): Result<never> | null {
    const own = cls.family.compat?.level ?? -1;
    const notValid = (level: number) =>
      err('feature-not-available', `Compatibility PVR 0x${hex8(this.cat.compat[level]!.logicalPvr)} not valid for CPU`, {
        value: key,
        features: [this.cat.compat[level]!.feature],
        hint: own >= 0 ? `${cls.name} runs at ${this.cat.compat[own]!.name} and older modes` : `${cls.name} has no compatibility modes`,
      });
    if (key === MAX_CPU_COMPAT) {
      if (typeof value !== 'string') return err('invalid-type', `Invalid parameter type for '${key}', expected: string`, { value: key });
      const c = this.cat.compatByName(value);
      if (!c) return err('bad-property-value', `Invalid compatibility mode "${value}"`, { value, ...near(value, this.cat.compat.map((x) => x.name)) });
      if (c.level > own) return notValid(c.level);
      features.iand(features.complement());
      features.ior(this.cat.levelSet(c.level));
      return null;
    }
    const f = this.catalog.feature(key);
    if (f) {
      if (typeof value !== 'boolean') return err('invalid-type', `Invalid parameter type for '${key}', expected: boolean`, { value: key });
      if (value) {
        if (f.index > own) return notValid(f.index);
        features.ior(this.cat.levelSet(f.index));
      } else {
        for (let i = f.index; i < this.catalog.size; i++) features.delete(i);
      }
      return null;
    }
    if (READ_ONLY.has(key)) return err('read-only-property', `Property '${typename}.${key}' is not writable`, { value: key });
    if (NOT_MODEL.has(key)) return err('unsupported', `Property '${typename}.${key}' is not a CPU model property`, { value: key });
    return err('unknown-property', `Property '${typename}.${key}' not found`, { value: key, ...near(key, this.propNames) });
  }

  // ------------------------------------------------------------- formatting

  /** The highest compat level a (downward-closed) set offers, or -1. */
  private top(features: FeatureSet): number {
    return features.count() - 1;
  }

  /** Model name + props: `max-cpu-compat` (static), plus every compat-powerN (full). */
  info(model: Ppc64Model, full: boolean): ModelInfo {
    const name = model.host ? 'host' : model.cls.name;
    const props: Record<string, unknown> = {};
    if (model.cls.family.compat) {
      const top = this.top(model.features);
      if (top >= 0) props[MAX_CPU_COMPAT] = this.cat.compat[top]!.name;
      else props[this.catalog.features[0]!.name] = false;
    }
    if (full) for (const f of this.catalog.features) props[f.name] = model.features.has(f.index);
    return Object.keys(props).length ? { name, props } : { name };
  }

  // ------------------------------------------------------------- operations

  definitions(): CpuDefinitionInfo[] {
    return this.defs();
  }

  definitionsShared(): readonly CpuDefinitionInfo[] {
    return this.defs.shared();
  }

  private readonly defs = definitionsOnce(() => {
      const out: Record<string, unknown>[] = [];
      if (this.accel === 'kvm') out.push({ name: 'host', typename: 'host-powerpc64-cpu', static: false, deprecated: false });
      // QEMU 7.2 fills in the typename only for aliases (the alias's class);
      // the classes themselves come out with an empty typename
      const classTypename = (d: { name: string; cls: Ppc64Class }) => (d.name !== d.cls.name ? d.cls.typename : this.cat.profile === '7.2' ? '' : d.cls.typename);
      for (const d of this.cat.definitionOrder) out.push({ name: d.name, typename: classTypename(d), static: false, deprecated: false });
      // QEMU 7.2 leaves out the optional migration-safe and unavailable-features on ppc64
      return out as unknown as CpuDefinitionInfo[];
  });

  expand(type: ExpansionType, info: ModelInfo): Result<{ model: ModelInfo }> {
    const m = this.parse(info);
    if (!m.ok) return m;
    if (type !== 'static' && type !== 'full') return err('unsupported-expansion-type', 'The requested expansion type is not supported.');
    return ok({ model: this.info(m.value, type === 'full') });
  }

  compare(a: ModelInfo, b: ModelInfo): Result<ComparisonInfo> {
    return both(this.parse(a), () => this.parse(b), (x, y) => ok(this.compareModels(x, y)));
  }

  /**
   * Different families are incompatible (`type` responsible); within a
   * family the compat levels decide. Names come out reversed, as QEMU lists
   * them (it prepends).
   */
  compareModels(a: Ppc64Model, b: Ppc64Model): ComparisonInfo {
    return comparePpc64Models(this.catalog, a, b);
  }

  baseline(a: ModelInfo, b: ModelInfo): Result<{ model: ModelInfo }> {
    const r = both(this.parse(a), () => this.parse(b), (x, y) => this.baselineModels(x, y));
    if (!r.ok) return r;
    return ok({ model: this.info(r.value, false) });
  }

  /**
   * libvirt's rule: one family or no baseline. The class is the common one,
   * else the family's default class (what its generic alias names), else
   * the family's first class; the level is the lower of the two.
   */
  baselineModels(a: Ppc64Model, b: Ppc64Model): Result<Ppc64Model> {
    if (a.cls.family !== b.cls.family) {
      return err('no-baseline', 'CPUs are incompatible', { hint: `${a.cls.name} is ${a.cls.family.name}, ${b.cls.name} is ${b.cls.family.name}` });
    }
    if (a.host && b.host) return ok({ cls: a.cls, features: a.features.and(b.features), host: true });
    let cls = a.cls;
    if (a.cls !== b.cls) {
      const fam = a.cls.family;
      cls = (fam.defaultClass ? this.cat.classByName.get(fam.defaultClass) : undefined) ?? this.cat.classes.find((c) => c.family === fam)!;
    }
    return ok({ cls, features: a.features.and(b.features).iand(cls.features) });
  }

  baselineMany(models: readonly ModelInfo[]): Result<{ model: ModelInfo }> {
    if (models.length === 0) return err('missing-input', 'A baseline needs at least one CPU model');
    let acc: Ppc64Model | null = null;
    for (const info of models) {
      const m = this.parse(info);
      if (!m.ok) return m;
      if (!acc) {
        acc = m.value;
        continue;
      }
      const r = this.baselineModels(acc, m.value);
      if (!r.ok) return r;
      acc = r.value;
    }
    return ok({ model: this.info(acc!, false) });
  }

  resolve(info: ModelInfo): Result<ResolvedModel> {
    const m = this.parse(info);
    if (!m.ok) return m;
    return ok({ model: m.value.cls.name, features: m.value.features });
  }

  /**
   * What keeps a model off this configuration. TCG emulates every class at
   * every level it has. KVM (HV) runs the host's family only, at the host's
   * level or below.
   */
  blockers(model: Ppc64Model): string[] {
    const out: string[] = [];
    if (this.accel === 'kvm' && model.cls.family !== this.max.cls.family) out.push('type');
    out.push(...this.catalog.names(model.features.andNot(this.max.features)));
    return out;
  }

  runnability(): { name: string; runnable: boolean; blockers: string[] }[] {
    return this.modelNames().map((name) => {
      const m = this.parse({ name });
      const b = m.ok ? this.blockers(m.value) : ['type'];
      return { name, runnable: b.length === 0, blockers: b };
    });
  }

  maskToHost(info: ModelInfo): Result<ResolvedModel> {
    const m = this.parse(info);
    if (!m.ok) return m;
    const b = this.blockers(m.value);
    if (b.includes('type')) {
      return err('unavailable-in-configuration', `CPU model '${m.value.cls.name}' (${m.value.cls.family.name}) cannot run on this ${this.max.cls.family.name} host under KVM`, {
        value: m.value.cls.name,
        hint: `use a ${this.max.cls.family.name} model, or host`,
      });
    }
    if (b.length) {
      return err('unavailable-in-configuration', `The host cannot provide ${b.length === 1 ? 'compat mode' : 'compat modes'} ${b.map((n) => `'${n}'`).join(', ')}`, {
        features: b,
        hint: `lower ${MAX_CPU_COMPAT} to ${this.cat.compat[this.top(this.max.features)]?.name ?? 'none'}`,
      });
    }
    return ok({ model: m.value.cls.name, features: m.value.features.and(this.max.features) });
  }

  /**
   * The normalized model: the family's default class (what its generic
   * alias names: power9 → power9_v2.0) so that all steppings of a family at
   * one level share a name, plus the compat delta. Classes of families
   * without compat modes keep their own name.
   */
  normalize(cpu: ResolvedModel): NormalizedModel {
    const own = this.cat.classByName.get(cpu.model);
    let chosen: Ppc64Class;
    if (own) {
      chosen = (own.family.defaultClass ? this.cat.classByName.get(own.family.defaultClass) : undefined) ?? own;
    } else {
      const defaults = [...this.cat.families.values()].filter((f) => f.defaultClass).map((f) => this.cat.classByName.get(f.defaultClass!)!);
      defaults.sort((x, y) => x.family.compat!.level - y.family.compat!.level);
      chosen = bestModel(cpu.features, defaults.map((c) => ({ model: c, set: c.features })))?.model ?? this.cat.newest;
    }
    const added = this.catalog.names(cpu.features.andNot(chosen.features));
    const removed = this.catalog.names(chosen.features.andNot(cpu.features));
    const sig = signature(this.catalog, cpu.features);
    return { name: chosen.name, base: chosen.name, added, removed, signature: sig, display: modelWithSignature(chosen.name, sig) };
  }

  hostCapability(): HostCapability {
    const c = this.max.cls;
    const top = this.top(this.max.features);
    return {
      arch: 'ppc64',
      identity: {
        model: c.name,
        family: c.family.name,
        pvr: `0x${hex8(this.accel === 'kvm' ? this.host!.info.pvr : c.pvr)}`,
        vendor: c.family.vendor,
        compat: top >= 0 ? this.cat.compat[top]!.name : undefined,
        libvirtModel: this.accel === 'kvm' ? this.host!.libvirtModel : c.family.libvirt,
      },
      features: this.catalog.names(this.max.features),
      source: this.accel === 'kvm' ? this.host!.source : 'tcg',
    };
  }
}

export function createPpc64Driver(opts: Ppc64DriverOptions = {}): Ppc64Driver {
  return new Ppc64Driver(opts);
}

// ===================================================================== libvirt

/** libvirt's CPU comparison results (ppc64 never answers SUPERSET). */
export type LibvirtCompareResult = 'IDENTICAL' | 'INCOMPATIBLE' | 'ERROR';

export interface LibvirtCompareOutcome {
  result: LibvirtCompareResult;
  /** Why it is incompatible, or the error. */
  message?: string;
}

const PPC64_ARCHES = new Set(['ppc64', 'ppc64le']);

/** libvirt's legacy names (POWER7_v2.1 …) read as the generation (POWER7). */
export function libvirtPpc64ConvertLegacy(cpu: LibvirtCpu): LibvirtCpu {
  const to = cpu.model ? LIBVIRT_PPC64_LEGACY_MODELS[cpu.model.name] : undefined;
  return to ? { ...cpu, model: { ...cpu.model!, name: to } } : cpu;
}

/** A `<cpu>` with `<arch>` is a host CPU; without, a guest CPU (libvirt's automatic type). */
function isHostForm(cpu: LibvirtCpu): boolean {
  return cpu.arch !== undefined;
}

/**
 * libvirt's compat check for host-model guests: the host must be POWER6 …
 * POWER10 and the mode power6 … power10; a mode newer than the host is
 * incompatible.
 */
function checkCompat(hostModel: string, compat: string | undefined): LibvirtCompareOutcome {
  if (!compat) return { result: 'IDENTICAL' };
  const { min, max } = LIBVIRT_PPC64_COMPAT_RANGE;
  const h = /^POWER(\d+)/.exec(hostModel);
  const host = h ? Number(h[1]) : NaN;
  if (!(host >= min && host <= max)) return { result: 'ERROR', message: 'Host CPU does not support compatibility modes' };
  const c = /^power(\d+)/.exec(compat);
  const mode = c ? Number(c[1]) : NaN;
  if (!(mode >= min && mode <= max)) return { result: 'ERROR', message: `Unknown compatibility mode ${compat}` };
  if (mode > host) return { result: 'INCOMPATIBLE', message: `compatibility mode ${compat} is newer than host CPU ${hostModel}` };
  return { result: 'IDENTICAL' };
}

/**
 * libvirt's ppc64 CPU comparison of `cpu` against `host` (virsh
 * cpu-compare): arch, vendor, then the model names after legacy
 * conversion; host-model guests go through the compat check and then are
 * the host; failIncompatible turns INCOMPATIBLE into an ERROR.
 */
export function libvirtPpc64Compare(cat: Ppc64Catalog, host: LibvirtCpu, other: LibvirtCpu, failIncompatible = false): LibvirtCompareOutcome {
  if (!host.model) {
    return failIncompatible ? { result: 'ERROR', message: 'unknown host CPU' } : { result: 'INCOMPATIBLE', message: 'unknown host CPU' };
  }
  const r = compute(cat, host, other);
  if (failIncompatible && r.result === 'INCOMPATIBLE') return { result: 'ERROR', message: r.message ?? 'the CPU is incompatible with host CPU' };
  return r;
}

function compute(cat: Ppc64Catalog, host: LibvirtCpu, other: LibvirtCpu): LibvirtCompareOutcome {
  const cpu = libvirtPpc64ConvertLegacy(other);
  if (cpu.arch !== undefined && !PPC64_ARCHES.has(cpu.arch)) return { result: 'INCOMPATIBLE', message: `CPU arch ${cpu.arch} does not match host arch` };
  if (cpu.vendor && (!host.vendor || cpu.vendor !== host.vendor)) {
    return { result: 'INCOMPATIBLE', message: `host CPU vendor does not match required CPU vendor ${cpu.vendor}` };
  }
  const byName = (name: string | undefined) => (name ? cat.libvirtModels.find((m) => m.name === name) : undefined);
  const hostModel = byName(host.model!.name);
  if (!hostModel) return { result: 'ERROR', message: `Unknown CPU model ${host.model!.name}` };
  let guestName: string | undefined;
  if (isHostForm(cpu)) {
    guestName = cpu.model?.name;
  } else {
    switch (cpu.mode ?? 'custom') {
      case 'host-model': {
        const c = checkCompat(host.model!.name, cpu.model?.name);
        if (c.result !== 'IDENTICAL') return c;
        guestName = hostModel.name;
        break;
      }
      case 'host-passthrough':
      case 'maximum':
        guestName = hostModel.name;
        break;
      case 'custom':
        guestName = cpu.model?.name;
        break;
    }
  }
  if (!guestName) return { result: 'ERROR', message: 'no CPU model specified' };
  const guestModel = byName(guestName);
  if (!guestModel) return { result: 'ERROR', message: `Unknown CPU model ${guestName}` };
  if (guestModel.name !== hostModel.name) return { result: 'INCOMPATIBLE', message: `host CPU model does not match required CPU model ${guestModel.name}` };
  return { result: 'IDENTICAL' };
}

/**
 * libvirt's update of a guest CPU for migration on ppc64: custom CPUs
 * become match='exact' (there are no optional features to fill in);
 * host-model (a compat mode) stays as it is. The result carries libvirt's
 * defaults as it formats them (mode custom, fallback allow).
 */
export function libvirtPpc64Update(guest: LibvirtCpu): LibvirtCpu {
  const mode = guest.mode ?? 'custom';
  const out: LibvirtCpu = { ...guest, mode, features: [...guest.features] };
  if (mode === 'custom') out.match = 'exact';
  if (out.model) out.model = { fallback: 'allow', ...out.model };
  return out;
}

/**
 * libvirt's ppc64 baseline (virsh cpu-baseline): every CPU must name the
 * first CPU's model (no legacy conversion, so old names never baseline), and
 * name known vendors that agree with it. The result is that model,
 * match='exact', fallback='forbid', with a vendor only when the model
 * itself has none.
 */
export function libvirtPpc64Baseline(cat: Ppc64Catalog, cpus: readonly LibvirtCpu[]): Result<LibvirtCpu> {
  if (!cpus.length) return err('missing-input', 'nothing to baseline');
  const first = cpus[0]!.model?.name ?? '';
  const model = cat.libvirtModels.find((m) => m.name === first);
  if (!model) return err('no-baseline', `Unknown CPU model ${first}`, { value: first });
  let vendor: string | undefined;
  for (const cpu of cpus) {
    if (cpu.model?.name !== model.name) return err('no-baseline', 'CPUs are incompatible', { value: cpu.model?.name ?? '' });
    if (!cpu.vendor) continue;
    if (!LIBVIRT_PPC64_VENDORS.includes(cpu.vendor)) return err('no-baseline', `Unknown CPU vendor ${cpu.vendor}`, { value: cpu.vendor });
    if (model.vendor) {
      if (model.vendor !== cpu.vendor) return err('no-baseline', `CPU vendor ${model.vendor} of model ${model.name} differs from vendor ${cpu.vendor}`, { value: cpu.vendor });
    } else if (vendor && vendor !== cpu.vendor) {
      return err('no-baseline', 'CPU vendors do not match', { value: cpu.vendor });
    } else {
      vendor = cpu.vendor;
    }
  }
  const out: LibvirtCpu = { mode: 'custom', match: 'exact', model: { name: model.name, fallback: 'forbid' }, features: [] };
  if (vendor) out.vendor = vendor;
  return ok(out);
}

/** libvirt's host CPU for a PVR: the first cpu_map model claiming it, with its vendor. */
export function libvirtPpc64HostCpu(cat: Ppc64Catalog, pvr: number): Result<LibvirtCpu> {
  const m = cat.libvirtModelByPvr(pvr);
  if (!m) return err('bad-host-data', `Cannot find CPU model with PVR 0x${hex8(pvr)}`, { value: `0x${hex8(pvr)}` });
  return ok({ arch: 'ppc64', model: { name: m.name }, vendor: m.vendor, features: [] });
}

/**
 * libvirt's host-model on ppc64: the host's own model (the guest runs at the
 * host's architected level, or at an older compat mode named in the domain),
 * with fallback='allow'.
 */
export function libvirtPpc64HostModel(cat: Ppc64Catalog, pvr: number): Result<LibvirtCpu> {
  const h = libvirtPpc64HostCpu(cat, pvr);
  if (!h.ok) return h;
  return ok({ mode: 'host-model', model: { name: h.value.model!.name, fallback: 'allow' }, features: [] });
}

/**
 * The CPU part of `virsh domcapabilities` on a ppc64 host: host-model as
 * above, and the custom models: libvirt's cpu_map models whose name QEMU
 * offers (libvirt reads QEMU's ppc64 names in upper case), sorted by name;
 * usability is 'unknown' because QEMU reports no unavailable-features on
 * ppc64.
 */
export function ppc64DomainCaps(cat: Ppc64Catalog, opts: { hostPvr: number; qemuModels: readonly string[] }): Result<Required<Pick<DomCapsCpu, 'hostModel' | 'custom'>>> {
  const hm = libvirtPpc64HostModel(cat, opts.hostPvr);
  if (!hm.ok) return hm;
  const offered = new Set(opts.qemuModels.map((n) => n.toUpperCase()));
  const custom = cat.libvirtModels
    .filter((m) => offered.has(m.name))
    .map((m) => m.name)
    .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const vendorOf = (name: string) => cat.libvirtModels.find((m) => m.name === name)!.vendor;
  return ok({
    hostModel: { supported: true, enums: [], model: { name: hm.value.model!.name, fallback: 'allow' }, features: [] },
    custom: { supported: true, enums: [], models: custom.map((n) => ({ name: n, usable: 'unknown', vendor: vendorOf(n) })) },
  });
}
