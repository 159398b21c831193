/**
 * The s390x driver: QEMU's s390x CPU-model semantics (target/s390x,
 * cpu_models_system.c) re-expressed as set algebra over the catalog.
 *
 * Every QMP operation has the same three steps: parse the CpuModelInfo into
 * a concrete model (definition + feature set), compute, and write the answer
 * back out as `<gen>-base` plus a feature delta.
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
import { s390Catalog, s390Classes, type S390Catalog, type S390Class, type S390Def, type S390Profile } from './catalog.js';
import { s390Identity } from './identity.js';
import { compareS390Models } from './compare.js';

/** A concrete s390x CPU model: QEMU's S390CPUModel. */
export interface S390Model {
  readonly def: S390Def;
  readonly features: FeatureSet;
}

export interface S390HostModel {
  def: S390Def;
  features: FeatureSet;
  source: string;
}

export interface S390DriverOptions {
  accel?: Accel;
  profile?: S390Profile;
  /** The host capability (required for kvm). */
  host?: S390HostModel;
}

export class S390Driver implements CpuDriver {
  readonly arch = 's390x' as const;
  readonly qemuCommands = ['query-cpu-definitions', 'query-cpu-model-expansion', 'query-cpu-model-comparison', 'query-cpu-model-baseline'];
  readonly accel: Accel;
  readonly cat: S390Catalog;
  readonly catalog;
  /** The max model of this configuration (TCG's emulation, or the KVM host). */
  readonly max: S390Model;
  readonly host: S390HostModel | null;
  private readonly classes: S390Class[];
  private readonly classByName: Map<string, S390Class>;
  private readonly propNames: Set<string>;

  constructor(opts: S390DriverOptions = {}) {
    this.accel = opts.accel ?? 'tcg';
    this.cat = s390Catalog(opts.profile ?? '7.2');
    this.catalog = this.cat.features;
    this.host = opts.host ?? null;
    assertKvmHost('s390x', this.accel, this.host);
    if (this.accel === 'kvm' && this.host) {
      this.max = { def: this.host.def, features: this.host.features };
    } else {
      this.max = { def: this.cat.qemuDef, features: this.cat.tcgMaxFeatures };
    }
    this.classes = s390Classes(this.cat, this.max, this.accel === 'kvm' ? this.host : null);
    this.classByName = new Map(this.classes.map((c) => [c.name, c]));
    this.propNames = new Set(this.catalog.allNames());
  }

  modelNames(): string[] {
    return this.classes.filter((c) => !c.kvmRequired || this.accel === 'kvm').map((c) => c.name);
  }

  classes_(): readonly S390Class[] {
    return this.classes;
  }

  // ---------------------------------------------------------------- parsing

  /** QEMU's cpu_model_from_info: name → class → model, then props in order. */
  parse(info: ModelInfo): Result<S390Model> {
    const props = info.props as unknown;
    if (props !== undefined && (props === null || typeof props !== 'object' || Array.isArray(props))) {
      return err('invalid-type', "Invalid parameter type for 'props', expected: dict", { value: 'props' });
    }
    const cls = this.classByName.get(info.name);
    if (!cls) {
      return err('unknown-model', `The CPU definition '${info.name}' is unknown.`, {
        value: info.name,
        ...near(info.name, this.modelNames()),
      });
    }
    if (cls.kvmRequired && this.accel !== 'kvm') {
      return err('requires-kvm', `The CPU definition '${info.name}' requires KVM`, { value: info.name });
    }
    if (!cls.def || !cls.features) {
      return err('host-model-unavailable', 'Details about the host CPU model are not available, it cannot be used.');
    }
    const def = cls.def;
    const features = cls.features.clone();
    if (props) {
      const coreId = { value: 0 };
      for (const [key, value] of Object.entries(props as Record<string, unknown>)) {
        const r = this.setProperty(cls, def, features, key, value, coreId);
        if (r) return r;
      }
    }
    return ok({ def, features });
  }

  private setProperty(cls: S390Class, def: S390Def, features: FeatureSet, key: string, value: unknown, coreId: { value: number }): Result<never> | null {
    const f = this.catalog.feature(key);
    const g = f ? undefined : this.catalog.group(key);
    if (f || g) {
      if (typeof value !== 'boolean') return err('invalid-type', `Invalid parameter type for '${key}', expected: boolean`, { value: key });
      if (f) {
        if (value) {
          if (!def.full.has(f.index)) {
            return err('feature-not-available', `Feature '${key}' is not available for CPU model '${def.name}', it was introduced with later models.`, { value: key, features: [key] });
          }
          features.add(f.index);
        } else {
          features.delete(f.index);
        }
      } else if (g) {
        if (value) {
          if (!g.members.isSubsetOf(def.full)) {
            return err('feature-not-available', `Group '${key}' is not available for CPU model '${def.name}', it was introduced with later models.`, { value: key, features: [key] });
          }
          features.ior(g.members);
        } else {
          features.iandNot(g.members);
        }
      }
      return null;
    }
    // The few QOM properties of a CPU device that are not features.
    switch (key) {
      case 'hotplugged':
      case 'hotpluggable':
      case 'type':
      case 'parent_bus':
        return err('read-only-property', `Property '${cls.typename}.${key}' is not writable`, { value: key });
      case 'core-id':
        // QEMU's uint32 visitor: an int64 or uint64 (a bigint beyond 2^53; negative ones wrap), then the range;
        // a double (a QmpDouble or a fraction) or anything else is not a uint64
        if (typeof value !== 'bigint' && (typeof value !== 'number' || !Number.isSafeInteger(value))) return err('invalid-type', `Parameter '${key}' expects uint64`, { value: key });
        if (value < 0 || value > 0xffffffff) return err('invalid-type', `Parameter '${key}' expects uint32_t`, { value: key });
        coreId.value = Number(value);
        return null;
      case 'realized':
        if (typeof value !== 'boolean') return err('invalid-type', `Invalid parameter type for '${key}', expected: boolean`, { value: key });
        if (!value) return null;
        return this.realize({ def, features }, coreId.value);
      default:
        return err('unknown-property', `Property '${cls.typename}.${key}' not found`, {
          value: key,
          ...near(key, this.propNames),
        });
    }
  }

  /**
   * Setting `realized` makes QEMU plug the CPU into the configured machine
   * (one CPU, core-id 0, of the default model): the model must fit the max
   * model, equal the machine's CPU model, and have a free core id.
   */
  private realize(model: S390Model, coreId: number): Result<never> {
    const incompatible = this.realizeCheck(model);
    if (incompatible) return incompatible;
    const machine = this.classByName.get(this.accel === 'kvm' ? 'host' : 'qemu')!;
    if (machine.def !== model.def || !machine.features!.equals(model.features)) {
      return err('unavailable-in-configuration', 'Mixed CPU models are not supported on s390x.');
    }
    if (coreId > 0) return err('bad-property-value', `Unable to add CPU with core-id: ${coreId}, maximum core-id: 0`);
    return err('bad-property-value', `Unable to add CPU with core-id: ${coreId}, it already exists`);
  }

  /** QEMU's check_compatibility when a CPU is realized against the max model. */
  realizeCheck(model: S390Model): Result<never> | null {
    const max = this.max;
    if (model.def.gen > max.def.gen || (model.def.gen === max.def.gen && model.def.ga > max.def.ga)) {
      return err('unavailable-in-configuration', `Selected CPU generation is too new. Maximum supported model in the configuration: '${max.def.name}'`);
    }
    const missing = model.features.andNot(max.features);
    if (missing.isEmpty()) return null;
    const names = this.catalog.foldedNames(missing);
    // QEMU prepends "name " for each in order onto " ", so the list comes out reversed.
    let text = ' ';
    for (const n of names) text = `${n} ${text}`;
    return err('unavailable-in-configuration', `Some features requested in the CPU model are not available in the configuration: ${text}`, { features: names });
  }

  /**
   * Feature dependencies the set breaks ("'vxeh' requires 'vx'."): QEMU only
   * warns about these when a CPU is realized, and so do we.
   */
  dependencyWarnings(features: FeatureSet): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    for (const { feature, requires } of this.cat.dependencies) {
      if (features.has(feature) && !features.has(requires)) {
        const text = `'${this.catalog.features[feature]!.name}' requires '${this.catalog.features[requires]!.name}'.`;
        if (!seen.has(text)) out.push(text);
        seen.add(text);
      }
    }
    return out;
  }

  // ------------------------------------------------------------- formatting

  /** QEMU's cpu_info_from_model: `<def>-base` plus props. */
  info(model: S390Model, delta: boolean): ModelInfo {
    const name = `${model.def.name}-base`;
    const props: Record<string, boolean> = {};
    let any = false;
    if (delta) {
      for (const n of this.catalog.foldedNames(model.def.base.andNot(model.features))) {
        props[n] = false;
        any = true;
      }
      for (const n of this.catalog.foldedNames(model.features.andNot(model.def.base))) {
        props[n] = true;
        any = true;
      }
    } else {
      for (const n of this.catalog.foldedNames(model.features)) {
        props[n] = true;
        any = true;
      }
      for (const n of this.catalog.foldedNames(model.features.complement())) {
        props[n] = false;
        any = true;
      }
    }
    return any ? { name, props } : { name };
  }

  /** QEMU lists names by prepending, so replies carry them in reverse. */
  private reversedNames(set: FeatureSet, prefix: string[] = []): string[] {
    const names = [...prefix, ...this.catalog.foldedNames(set)];
    return names.reverse();
  }

  // ------------------------------------------------------------- operations

  definitions(): CpuDefinitionInfo[] {
    return this.defs();
  }

  definitionsShared(): readonly CpuDefinitionInfo[] {
    return this.defs.shared();
  }

  private readonly defs = definitionsOnce(() => {
    const out: CpuDefinitionInfo[] = [];
    for (const c of this.classes) {
      if (c.kvmRequired && this.accel !== 'kvm') continue;
      const entry: CpuDefinitionInfo = { name: c.name, typename: c.typename, 'unavailable-features': [], static: c.static, 'migration-safe': c.migrationSafe, deprecated: c.deprecated };
      if (c.def && c.features) entry['unavailable-features'] = this.unavailable({ def: c.def, features: c.features });
      out.push(entry);
    }
    return out;
  });

  /** QEMU's check_unavailable_features against the max model. */
  unavailable(model: S390Model): string[] {
    const prefix: string[] = [];
    const max = this.max.def;
    if (max.gen < model.def.gen || (max.gen === model.def.gen && max.ga < model.def.ga)) prefix.push('type');
    return this.reversedNames(model.features.andNot(this.max.features), prefix);
  }

  expand(type: ExpansionType, info: ModelInfo): Result<{ model: ModelInfo }> {
    const m = this.parse(info);
    if (!m.ok) return m;
    if (type !== 'static' && type !== 'full') return err('unsupported-expansion-type', 'The requested expansion type is not supported.');
    return ok({ model: this.info(m.value, type === 'static') });
  }

  compare(a: ModelInfo, b: ModelInfo): Result<ComparisonInfo> {
    return both(this.parse(a), () => this.parse(b), (x, y) => ok(this.compareModels(x, y)));
  }

  compareModels(a: S390Model, b: S390Model): ComparisonInfo {
    return compareS390Models(this.catalog, a, b);
  }

  baseline(a: ModelInfo, b: ModelInfo): Result<{ model: ModelInfo }> {
    const r = both(this.parse(a), () => this.parse(b), (x, y) => this.baselineModels(x, y));
    if (!r.ok) return r;
    return ok({ model: this.info(r.value, true) });
  }

  baselineModels(a: S390Model, b: S390Model): Result<S390Model> {
    const features = a.features.and(b.features);
    let type: number;
    let gen: number;
    let ga: number;
    if (a.def.gen === b.def.gen) {
      type = a.def.type === b.def.type ? a.def.type : 0;
      gen = a.def.gen;
      ga = Math.min(a.def.ga, b.def.ga);
    } else if (a.def.gen > b.def.gen) {
      ({ type, gen, ga } = b.def);
    } else {
      ({ type, gen, ga } = a.def);
    }
    const def = this.findDef(type, gen, ga, features);
    if (!def) return err('no-baseline', 'No compatible CPU model could be created as important base features are disabled');
    return ok({ def, features: features.iand(def.full) });
  }

  baselineMany(models: readonly ModelInfo[]): Result<{ model: ModelInfo }> {
    if (models.length === 0) return err('missing-input', 'A baseline needs at least one CPU model');
    let acc: S390Model | null = null;
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
    return ok({ model: this.info(acc!, true) });
  }

  /**
   * QEMU's s390_find_cpu_def: the newest definition up to (gen, ga) whose
   * base features (minus the ignored ones) are all present, preferring the
   * same machine type (an EC is never replaced by its BC sibling).
   */
  findDef(type: number, gen: number, ga: number, features: FeatureSet | null): S390Def | undefined {
    let lastCompatible: S390Def | undefined;
    let sameType: S390Def | undefined;
    if (!gen) ga = 0;
    if (!gen && type) gen = this.cat.defs.find((d) => d.type === type)?.gen ?? 0;
    for (const def of this.cat.defs) {
      if (gen) {
        if (def.gen > gen) break;
        if (def.gen === gen && ga && def.ga > ga) break;
      }
      if (features) {
        const missing = def.base.andNot(features).iandNot(this.cat.ignoredBase);
        if (!missing.isEmpty()) break;
      }
      if (def.type === type && def.ga === ga) return def;
      if (def.type === type) sameType = def;
      lastCompatible = def;
    }
    return sameType ?? lastCompatible;
  }

  resolve(info: ModelInfo): Result<ResolvedModel> {
    const m = this.parse(info);
    if (!m.ok) return m;
    return ok({ model: m.value.def.name, features: m.value.features });
  }

  runnability(): { name: string; runnable: boolean; blockers: string[] }[] {
    return this.definitionsShared().map((d) => ({ name: d.name, runnable: d['unavailable-features']!.length === 0, blockers: [...d['unavailable-features']!].reverse() }));
  }

  maskToHost(info: ModelInfo): Result<ResolvedModel> {
    const m = this.parse(info);
    if (!m.ok) return m;
    const bad = this.realizeCheck(m.value);
    if (bad) return bad;
    return ok({ model: m.value.def.name, features: m.value.features.and(this.max.features) });
  }

  /**
   * The normalized model: the CPU's own definition as `<def>-base` plus the
   * delta (what QEMU's static expansion reports). Without a known definition,
   * the newest definition that can carry every feature (full set) and whose
   * base set is contained in the CPU's features.
   */
  normalize(cpu: ResolvedModel): NormalizedModel {
    let chosen = this.cat.defByName(cpu.model);
    if (!chosen) {
      const carriers = this.cat.defs.filter((d) => cpu.features.isSubsetOf(d.full));
      chosen = bestModel(cpu.features, (carriers.length ? carriers : this.cat.defs).map((d) => ({ model: d, set: d.base })))?.model ?? this.cat.defs[0]!;
    }
    const added = this.catalog.foldedNames(cpu.features.andNot(chosen.base));
    const removed = this.catalog.foldedNames(chosen.base.andNot(cpu.features));
    const sig = signature(this.catalog, cpu.features);
    const base = `${chosen.name}-base`;
    return { name: chosen.name, base, added, removed, signature: sig, display: modelWithSignature(base, sig) };
  }

  hostCapability(): HostCapability {
    const d = this.max.def;
    return {
      arch: 's390x',
      identity: { ...s390Identity(d), model: d.name },
      features: this.catalog.names(this.max.features),
      source: this.accel === 'kvm' ? this.host!.source : 'tcg',
    };
  }
}

export function createS390Driver(opts: S390DriverOptions = {}): S390Driver {
  return new S390Driver(opts);
}
