/**
 * The aarch64 driver: QEMU 7.2's ARM CPU-model semantics (target/arm's
 * query-cpu-model-expansion) as set algebra over the catalog, plus
 * comparison and baseline in the s390x form (which QEMU lacks on ARM).
 *
 * A CPU is a model's feature set (hwcaps decoded from its ID registers,
 * plus `aarch64`, `pmu`, the SVE vector lengths and `pauth-impdef`) changed
 * by the request's props. QEMU applies props in its own fixed order (the
 * advertised-feature list), not in the request's order; the first failing
 * property wins, then keys nobody asked for are "unexpected", then the CPU
 * is finalized (SVE vector-length rules, PAuth rules).
 *
 * Two entry vocabularies:
 * - QEMU's (expand/expandJson): only the advertised props, exactly QEMU's
 *   errors;
 * - the extended one (resolve/compare/baseline/maskToHost): QEMU's props
 *   with QEMU's rules, then any catalog feature name (Linux hwcap names such
 *   as `sve2` or `paca`) as a plain switch, applied in the request's order.
 *   Baselines and normalized models are written in it.
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
import { mask } from '../../core/ops.js';
import { toQmpJson } from '../../core/qmp-json.js';
import { firstUnvisitedKey } from '../../core/qobject-visitor.js';
import { modelWithSignature, signature } from '../../core/signature.js';
import { assertKvmHost } from '../kvm-host.js';
import { definitionsOnce } from '../../core/lazy.js';
import { compareAarch64Cpus } from './compare.js';
import { near } from '../../core/suggest.js';
import { AARCH64_QEMU_PROPS } from '../../data/aarch64/features.js';
import { aarch64Catalog, implementerName, joinMidr, type Aarch64Catalog, type Aarch64CatalogProfile, type Aarch64Class, type Midr } from './catalog.js';

/** A probed host (see probe.ts), for accel kvm. */
export interface Aarch64HostModel {
  midr: Midr;
  features: FeatureSet;
  source: string;
}

export interface Aarch64DriverOptions {
  accel?: Accel;
  profile?: Aarch64CatalogProfile;
  /** the host capability (required for kvm) */
  host?: Aarch64HostModel;
}

/** A concrete CPU after props and finalization. */
export interface Aarch64Cpu {
  readonly cls: Aarch64Class;
  readonly features: FeatureSet;
  /** what a full expansion reports (advertised props the class has) */
  readonly view: Record<string, boolean>;
}

type Mode = 'qemu' | 'extended';

const SVE_POW2 = (1 << 0) | (1 << 1) | (1 << 3) | (1 << 7) | (1 << 15);
const ADVERTISED = new Set(AARCH64_QEMU_PROPS);

const clz32 = Math.clz32;
const ctz32 = (v: number): number => (v === 0 ? 32 : 31 - clz32(v & -v));
const lowMask = (n: number): number => (n >= 32 ? 0xffffffff : (1 << n) - 1) >>> 0;

export class Aarch64Driver implements CpuDriver {
  readonly arch = 'aarch64' as const;
  readonly qemuCommands = ['query-cpu-definitions', 'query-cpu-model-expansion'];
  readonly accel: Accel;
  readonly cat: Aarch64Catalog;
  readonly catalog;
  readonly host: Aarch64HostModel | null;
  private readonly classes: Aarch64Class[];
  private readonly classByName: Map<string, Aarch64Class>;

  constructor(opts: Aarch64DriverOptions = {}) {
    this.accel = opts.accel ?? 'tcg';
    this.cat = aarch64Catalog(opts.profile ?? '7.2');
    this.catalog = this.cat.features;
    this.host = opts.host ?? null;
    this.classes = [...this.cat.classes];
    assertKvmHost('aarch64', this.accel, this.host);
    if (this.accel === 'kvm' && this.host) {
      // under KVM, 'host' is registered and is what 'max' gives
      const i = this.cat.idx;
      const features = this.host.features.clone().add(i('aarch64')).add(i('pmu'));
      const hostCls = (name: string): Aarch64Class => {
        const base = this.cat.byName.get('max')!;
        const hasProp = new Set(['aarch64', 'pmu', 'kvm-no-adjvtime', 'kvm-steal-time']);
        if (features.has(i('sve'))) {
          hasProp.add('sve');
          for (let vq = 1; vq <= 16; vq++) hasProp.add(`sve${vq * 128}`);
        }
        let sveSupported = 0;
        this.cat.vlIndex.forEach((fi, k) => {
          if (features.has(fi)) sveSupported |= 1 << k;
        });
        return Object.freeze({ ...base, name, typename: `${name}-arm-cpu`, midr: this.host!.midr, features, hasProp, sveSupported, order: this.classes.length });
      };
      this.classes = this.classes.map((c) => (c.name === 'max' ? hostCls('max') : c));
      this.classes.push(hostCls('host'));
    }
    this.classByName = new Map(this.classes.map((c) => [c.name, c]));
  }

  modelNames(): string[] {
    return this.classes.map((c) => c.name);
  }

  // ---------------------------------------------------------------- parsing

  /** The class for a name, with QEMU's checks in QEMU's order. */
  private lookup(name: string): Result<Aarch64Class> {
    if (this.accel !== 'kvm' && name === 'host') return err('requires-kvm', `The CPU type '${name}' requires KVM`, { value: name });
    const cls = this.classByName.get(name);
    if (!cls) {
      return err('unknown-model', `The CPU type '${name}' is not a recognized ARM CPU type`, { value: name, ...near(name, this.modelNames()) });
    }
    if (this.accel === 'kvm' && name !== 'host' && name !== 'max') {
      // with -machine none there is no machine CPU type that KVM would vouch for
      return err('unavailable-in-configuration', `We cannot guarantee the CPU type '${name}' works with KVM on this host`, { value: name });
    }
    return ok(cls);
  }

  /** QEMU's qmp_query_cpu_model_expansion minus the type check; `extended` also takes catalog feature names. */
  parse(info: ModelInfo, mode: Mode = 'extended'): Result<Aarch64Cpu> {
    const c = this.lookup(info.name);
    if (!c.ok) return c;
    const cls = c.value;
    const raw = info.props as unknown;
    if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) {
      return err('invalid-type', "Invalid parameter type for 'props', expected: dict", { value: 'props' });
    }
    const props = (raw ?? {}) as Record<string, unknown>;
    const keys = Object.keys(props);
    const i = this.cat.idx;
    const has = (p: string) => cls.hasProp.has(p);

    // the CPU object as created: QEMU's property state
    let sveOn = has('sve') && cls.features.has(i('sve'));
    let vqMap = 0;
    let vqInit = 0;
    let pmu = cls.features.has(i('pmu'));
    let pauth = has('pauth');
    let impdef = false;
    const visited: string[] = [];
    const plain: string[] = [];

    // 1. the advertised props, in QEMU's order
    for (const p of AARCH64_QEMU_PROPS) {
      if (!Object.prototype.hasOwnProperty.call(props, p)) continue;
      if (!has(p)) {
        // extended vocabulary: a catalog name the class has no QEMU property for is a plain switch
        if (mode === 'extended' && this.catalog.feature(p)) {
          visited.push(p);
          continue;
        }
        return err('unknown-property', `Property '${cls.typename}.${p}' not found`, { value: p });
      }
      const v = props[p];
      if (typeof v !== 'boolean') return err('invalid-type', `Invalid parameter type for '${p}', expected: boolean`, { value: p });
      visited.push(p);
      if (p === 'aarch64') {
        if (!v && this.accel !== 'kvm') {
          return err('conflicting-properties', "'aarch64' feature cannot be disabled unless KVM is enabled and 32-bit EL1 is supported", { value: p });
        }
      } else if (p === 'pmu') pmu = v;
      else if (p === 'sve') sveOn = v;
      else if (p.startsWith('sve')) {
        const bit = 1 << (Number(p.slice(3)) / 128 - 1);
        vqMap = v ? vqMap | bit : vqMap & ~bit;
        vqInit |= bit;
      } else if (p === 'pauth') pauth = v;
      else if (p === 'pauth-impdef') impdef = v;
    }

    // 2. keys nobody asked for: QEMU names the first one its hash table yields
    const left = keys.filter((k) => !ADVERTISED.has(k));
    if (mode === 'extended') {
      for (const k of left) if (this.catalog.feature(k)) plain.push(k);
    }
    const unknown = left.filter((k) => !plain.includes(k));
    if (unknown.length) {
      const first = firstRemainingKey(keys, new Set([...visited, ...plain]));
      const name = first ?? unknown[0]!;
      const names = mode === 'extended' ? this.catalog.allNames() : [...cls.hasProp];
      return err('unknown-property', `Parameter '${name}' is unexpected`, { value: name, ...near(name, names) });
    }

    // 3. finalize
    let finalMap = 0;
    if (has('sve')) {
      const r = finalizeSve(vqMap, vqInit, cls.sveSupported, sveOn);
      if (typeof r === 'string') return err('conflicting-properties', r);
      finalMap = r;
    }
    if (has('pauth') && !pauth && impdef) return err('conflicting-properties', 'cannot enable pauth-impdef without pauth', { value: 'pauth-impdef', hint: 'add pauth=on to the CPU property list' });

    // 4. the resulting features
    const features = cls.features.clone();
    const view: Record<string, boolean> = {};
    if (has('aarch64')) view['aarch64'] = true;
    if (has('pmu')) {
      features.set(i('pmu'), pmu);
      view['pmu'] = pmu;
    }
    if (has('sve')) {
      if (!sveOn) features.iandNot(cls.sveGated);
      else features.add(i('sve'));
      view['sve'] = sveOn;
      this.cat.vlIndex.forEach((fi, k) => {
        const on = sveOn && (finalMap & (1 << k)) !== 0;
        features.set(fi, on);
        view[`sve${(k + 1) * 128}`] = on;
      });
    }
    if (has('kvm-no-adjvtime')) view['kvm-no-adjvtime'] = props['kvm-no-adjvtime'] === true;
    if (has('kvm-steal-time')) view['kvm-steal-time'] = props['kvm-steal-time'] !== false;
    if (has('pauth')) {
      if (!pauth) {
        features.delete(i('paca'));
        features.delete(i('pacg'));
      }
      features.set(i('pauth-impdef'), pauth && impdef);
      view['pauth'] = pauth;
      view['pauth-impdef'] = impdef;
    }

    // 5. extended: plain switches, in the request's order
    if (mode === 'extended') {
      for (const k of keys) {
        if (!plain.includes(k) && !(ADVERTISED.has(k) && !has(k))) continue;
        const v = props[k];
        if (typeof v !== 'boolean') return err('invalid-type', `Invalid parameter type for '${k}', expected: boolean`, { value: k });
        features.set(this.catalog.feature(k)!.index, v);
      }
    }
    return ok({ cls, features, view });
  }

  // ------------------------------------------------------------- operations

  /**
   * query-cpu-definitions. QEMU's ARM answer has only name, typename,
   * static and deprecated; `migration-safe` (false) and
   * `unavailable-features` (none under TCG) are attached as non-enumerable
   * properties so the typed interface is complete while the QMP wire form
   * stays QEMU's.
   */
  definitions(): CpuDefinitionInfo[] {
    return this.defs();
  }

  definitionsShared(): readonly CpuDefinitionInfo[] {
    return this.defs.shared();
  }

  private readonly defs = definitionsOnce(() => {
    const order = [...this.cat.definitionOrder, ...this.classes.map((c) => c.name).filter((n) => !this.cat.definitionOrder.includes(n))];
    return order.map((name) => {
      const out = { name, typename: `${name}-arm-cpu`, static: false, deprecated: false } as unknown as CpuDefinitionInfo;
      Object.defineProperty(out, 'migration-safe', { value: false, enumerable: false });
      Object.defineProperty(out, 'unavailable-features', { value: this.unavailable(name), enumerable: false });
      return out;
    });
  });

  /** What a model needs that this accelerator cannot give (none under TCG). */
  private unavailable(name: string): string[] {
    const c = this.classByName.get(name);
    if (!c) return [];
    return this.catalog.names(c.features.andNot(this.capability()));
  }

  private capability(): FeatureSet {
    return this.accel === 'kvm' ? this.classByName.get('host')!.features : this.cat.tcgCapability;
  }

  /**
   * The library form: the model and its props are checked before the
   * expansion type, so a bad name is reported as such; only 'full' exists.
   */
  expand(type: ExpansionType, info: ModelInfo): Result<{ model: ModelInfo }> {
    const cpu = this.parse(info, 'qemu');
    if (!cpu.ok) return cpu;
    if (type !== 'full') return err('unsupported', 'The requested expansion type is not supported', { value: type, hint: "aarch64 has only 'full' expansion" });
    return ok({ model: this.toInfo(info.name, cpu.value) });
  }

  /** The QMP form: QEMU's exact order (the type is checked first). */
  expandJson(type: ExpansionType, info: ModelInfo): Result<string> {
    if (type !== 'full') return err('unsupported', 'The requested expansion type is not supported', { value: type });
    const cpu = this.parse(info, 'qemu');
    if (!cpu.ok) return cpu;
    return ok(toQmpJson({ model: this.toInfo(info.name, cpu.value) }));
  }

  private toInfo(name: string, cpu: Aarch64Cpu): ModelInfo {
    return Object.keys(cpu.view).length ? { name, props: { ...cpu.view } } : { name };
  }

  resolve(info: ModelInfo): Result<ResolvedModel> {
    const cpu = this.parse(info);
    if (!cpu.ok) return cpu;
    return ok({ model: cpu.value.cls.name, features: cpu.value.features });
  }

  /**
   * Comparison (beyond QEMU, in s390x's form): the implementers must agree
   * (implementer 0, QEMU's software-defined 'max', fits any), then the
   * feature sets decide. `implementer` is responsible when they differ.
   */
  compare(a: ModelInfo, b: ModelInfo): Result<ComparisonInfo> {
    return both(this.parse(a), () => this.parse(b), (x, y) => ok(this.compareCpus(x, y)));
  }

  compareCpus(a: Aarch64Cpu, b: Aarch64Cpu): ComparisonInfo {
    return compareAarch64Cpus(this.catalog, a, b);
  }

  baseline(a: ModelInfo, b: ModelInfo): Result<{ model: ModelInfo }> {
    return this.baselineMany([a, b]);
  }

  /**
   * Baseline (beyond QEMU): the features all CPUs have. The answer is the
   * model of their common implementer (implementer 0 does not count) whose
   * features fit in the intersection and are the most, ties going to one of
   * the inputs, then to the later table row; plus the delta. Without a
   * common implementer, or when none of its models fits, the answer is the
   * generic form 'max' plus the delta, as long as the CPUs share the
   * AArch64 state (QEMU cannot switch AArch64 off under TCG); otherwise
   * there is no baseline.
   */
  baselineMany(models: readonly ModelInfo[]): Result<{ model: ModelInfo }> {
    if (!models.length) return err('missing-input', 'A baseline needs at least one CPU model');
    const cpus: Aarch64Cpu[] = [];
    for (const m of models) {
      const c = this.parse(m);
      if (!c.ok) return c;
      cpus.push(c.value);
    }
    const features = cpus.slice(1).reduce((acc, c) => acc.iand(c.features), cpus[0]!.features.clone());
    const impl = [...new Set(cpus.map((c) => c.cls.midr.implementer).filter((x) => x !== 0))];
    const inputs = new Set(cpus.map((c) => c.cls.name));
    let best: Aarch64Cpu | undefined;
    let bestKey: [number, number, number] = [-1, -1, -1];
    if (impl.length <= 1) {
      const want = impl[0] ?? 0;
      for (const cls of this.classes) {
        if (cls.midr.implementer !== want || (cls.name === 'host' && this.accel !== 'kvm')) continue;
        const cpu = this.parse({ name: cls.name });
        if (!cpu.ok || !cpu.value.features.isSubsetOf(features)) continue;
        const key: [number, number, number] = [cpu.value.features.count(), inputs.has(cls.name) ? 1 : 0, cls.order];
        if (key[0] > bestKey[0] || (key[0] === bestKey[0] && (key[1] > bestKey[1] || (key[1] === bestKey[1] && key[2] > bestKey[2])))) {
          best = cpu.value;
          bestKey = key;
        }
      }
    }
    if (!best) {
      if (!features.has(this.cat.idx('aarch64'))) {
        return err('no-baseline', `No common CPU model: the CPUs share no implementer (${cpus.map((c) => implementerName(c.cls.midr.implementer)).join(', ')}) and not all of them have the AArch64 state`, {
          hint: 'baseline CPUs of one implementer, or only AArch64 CPUs',
        });
      }
      const max = this.parse({ name: 'max' });
      if (!max.ok) return max;
      best = max.value;
    }
    return ok({ model: this.withDelta(best, features) });
  }

  /** name + the props that turn the model's features into `features` (false first, then true). */
  private withDelta(cpu: Aarch64Cpu, features: FeatureSet): ModelInfo {
    const props: Record<string, boolean> = {};
    for (const n of this.catalog.names(cpu.features.andNot(features))) props[n] = false;
    for (const n of this.catalog.names(features.andNot(cpu.features))) props[n] = true;
    return Object.keys(props).length ? { name: cpu.cls.name, props } : { name: cpu.cls.name };
  }

  runnability(): { name: string; runnable: boolean; blockers: string[] }[] {
    return this.definitionsShared().map((d) => ({ name: d.name, runnable: d['unavailable-features']!.length === 0, blockers: [...d['unavailable-features']!] }));
  }

  maskToHost(info: ModelInfo): Result<ResolvedModel> {
    const cpu = this.parse(info);
    if (!cpu.ok) return cpu;
    const m = mask(this.catalog, cpu.value.features, this.capability());
    if (!m.ok) return m;
    return ok({ model: cpu.value.cls.name, features: m.value });
  }

  /**
   * The CPU's own model plus the delta when the model is known; otherwise
   * the model with the most features that fit (ties: the later row).
   */
  normalize(cpu: ResolvedModel): NormalizedModel {
    let chosen = this.classByName.get(cpu.model);
    if (!chosen) {
      let bestCount = -1;
      for (const c of this.classes) {
        if (!c.features.isSubsetOf(cpu.features)) continue;
        const n = c.features.count();
        if (n >= bestCount) {
          chosen = c;
          bestCount = n;
        }
      }
      // a fitting model only needs additions, so never an impossible removal (aarch64=off)
      chosen ??= this.classByName.get('max')!;
    }
    const base = this.parse({ name: chosen.name });
    const set = base.ok ? base.value.features : chosen.features;
    const added = this.catalog.names(cpu.features.andNot(set));
    const removed = this.catalog.names(set.andNot(cpu.features));
    const sig = signature(this.catalog, cpu.features);
    return { name: chosen.name, base: chosen.name, added, removed, signature: sig, display: modelWithSignature(chosen.name, sig) };
  }

  hostCapability(): HostCapability {
    if (this.accel === 'kvm') {
      const h = this.host!;
      return { arch: 'aarch64', identity: { ...h.midr, midr: joinMidr(h.midr), vendor: implementerName(h.midr.implementer) }, features: this.catalog.names(this.capability()), source: h.source };
    }
    const max = this.classByName.get('max')!;
    return {
      arch: 'aarch64',
      identity: { ...max.midr, midr: joinMidr(max.midr), vendor: implementerName(max.midr.implementer), model: 'max' },
      features: this.catalog.names(this.capability()),
      source: 'tcg',
    };
  }
}

/**
 * QEMU's SVE vector-length rules under TCG (arm_cpu_sve_finalize): the
 * final length map, or the error text. Bits are vq-1 (vq = length/128).
 * - lengths switched on imply every power of two below the largest one,
 *   unless those were switched off explicitly;
 * - with none switched on, switching off a power of two switches off every
 *   larger length, and at least one length must remain;
 * - the set must be what the model supports up to the maximum, with every
 *   power of two below the maximum present;
 * - lengths need SVE itself.
 */
export function finalizeSve(map: number, init: number, supported: number, sveOn: boolean): number | string {
  let maxVq = 0;
  let vqMask = 0;
  if (map !== 0) {
    maxVq = 32 - clz32(map);
    vqMask = lowMask(maxVq);
    map |= SVE_POW2 & ~init & vqMask;
  } else {
    if (!sveOn) return 0;
    const tmp = init & SVE_POW2;
    const vq = ctz32(tmp) + 1;
    maxVq = vq <= 16 ? vq - 1 : 16;
    vqMask = lowMask(maxVq);
    map = supported & ~init & vqMask;
    if (maxVq === 0 || map === 0) return `cannot disable sve${vq * 128}`;
    maxVq = 32 - clz32(map);
    vqMask = lowMask(maxVq);
  }
  map &= vqMask;
  let tmp = (map ^ (supported & vqMask)) >>> 0;
  if (tmp) {
    const vq = 32 - clz32(tmp);
    if (map & (1 << (vq - 1))) return `cannot enable sve${vq * 128}`;
    tmp = SVE_POW2 & vqMask & ~map;
    if (tmp) return `cannot disable sve${(32 - clz32(tmp)) * 128}`;
  }
  if (!sveOn) return `cannot enable sve${maxVq * 128}`;
  return map >>> 0;
}

/** The key QEMU reports as unexpected: `keys` in QDict order, `visited` removed in QEMU's visiting order. */
export function firstRemainingKey(keys: readonly string[], visited: ReadonlySet<string>): string | undefined {
  const order = [...AARCH64_QEMU_PROPS.filter((p) => visited.has(p)), ...keys.filter((k) => visited.has(k) && !ADVERTISED.has(k))];
  return firstUnvisitedKey(keys, order);
}

export function createAarch64Driver(opts: Aarch64DriverOptions = {}): Aarch64Driver {
  return new Aarch64Driver(opts);
}
