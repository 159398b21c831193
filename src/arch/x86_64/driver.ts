/**
 * The x86_64 driver: QEMU's x86 CPU-model semantics (target/i386) as set
 * algebra over the catalog: load the model, apply the props as QOM property
 * writes in QEMU's order, expand (max features, dependencies, KVM-only
 * words, automatic CPUID levels), then report.
 */
import { FeatureSet } from '../../core/bitset.js';
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
import { near } from '../../core/suggest.js';
import { definitionsOnce } from '../../core/lazy.js';
import { X86_KVM_DEFAULT_PROPS } from '../../data/x86_64/models.js';
import { X86_LBR_FMT_MASK, X86_LEVEL_AUTO, X86_MODEL_ID_MAX, X86_QOM_OBJECTS } from '../../data/x86_64/qom.js';
import { exactInt, qdictOrder, toQmpJson } from '../../core/qmp-json.js';
import { kvmAutoEnabled, kvmGuestFeatures, kvmUnavailable, type X86HostFacts } from './kvm.js';
import { x86Catalog, type X86Catalog, type X86Class, type X86Identity, type X86Profile } from './catalog.js';
import { X86_PRECOMPUTED_EXPANDED } from './precomputed.js';
import { compareX86Cpus } from './compare.js';

/** A concrete x86 CPU object after QEMU's expansion. */
export interface X86Cpu {
  readonly cls: X86Class;
  readonly features: FeatureSet;
  readonly identity: X86Identity;
  /** min-level etc. and the level values QEMU ends up with */
  readonly levels: { minLevel: number; minXlevel: number; minXlevel2: number; level: number; xlevel: number; xlevel2: number; levelFunc7: number };
  /** values of the non-feature QOM properties */
  readonly qom: ReadonlyMap<string, unknown>;
}

/** A probed x86 host, for accel kvm. */
export interface X86Host {
  /** QEMU features the host CPU has */
  features: FeatureSet;
  vendor: string;
  family: number;
  model: number;
  stepping: number;
  brand: string;
  source: string;
  /**
   * 'kvm' when `features` is QEMU's expansion of `host` under KVM (already
   * KVM's view), 'libvirt' for libvirt's host-model, 'cpu' (the default)
   * when it describes the bare CPU (see X86HostFacts in kvm.ts)
   */
  view?: 'kvm' | 'cpu' | 'libvirt';
}

export interface X86DriverOptions {
  accel?: Accel;
  profile?: X86Profile;
  /** the host (for kvm: what the guest may use, and the 'host' model) */
  host?: X86Host;
  /**
   * under TCG: what this TCG emulates, when known better than the release
   * catalog's set (a TCG domcapabilities file's host-model is TCG's 'max')
   */
  tcgFeatures?: FeatureSet;
  /**
   * the QEMU release whose answer forms to reproduce (default: the
   * profile's release; 'latest' for the newest)
   */
  release?: string;
}

/** What KVM's verdict needs of a host (kvm.ts). */
export const x86HostFacts = (host: X86Host): X86HostFacts => ({ features: host.features, vendor: host.vendor, family: host.family, view: host.view ?? 'cpu' });

const INT64_MAX = 2n ** 63n - 1n;
const READ_ONLY = new Set(['hotplugged', 'hotpluggable', 'parent_bus', 'type', 'feature-words', 'filtered-features', 'crash-information']);

export class X86Driver implements CpuDriver {
  readonly arch = 'x86_64' as const;
  readonly qemuCommands = ['query-cpu-definitions', 'query-cpu-model-expansion'];
  readonly accel: Accel;
  readonly cat: X86Catalog;
  readonly catalog;

  readonly host: X86Host | null;
  readonly release: string;
  private kvmSupportedSet: FeatureSet | null | undefined;
  private kvmDefaultsList: [number, boolean][] | undefined;
  private readonly qomByClass = new Map<string, ReadonlyMap<string, unknown>>();
  private readonly tcgSupported: FeatureSet | null;

  constructor(opts: X86DriverOptions = {}) {
    this.accel = opts.accel ?? 'tcg';
    this.cat = x86Catalog(opts.profile ?? '7.2');
    this.catalog = this.cat.features;
    this.host = opts.host ?? null;
    this.release = opts.release ?? this.cat.profile;
    this.tcgSupported = opts.tcgFeatures ?? null;
  }

  /**
   * Under KVM, what a guest may use on this host (src/arch/x86_64/kvm.ts);
   * null without a host. Found when first asked: a table model's answer
   * does not depend on it.
   */
  private get kvmSupported(): FeatureSet | null {
    if (this.kvmSupportedSet === undefined) this.kvmSupportedSet = this.host ? kvmGuestFeatures(this.cat, this.hostFacts()!) : null;
    return this.kvmSupportedSet;
  }

  /** Every property name a model takes (features, their aliases, QOM properties): for suggestions, so made only when one is needed. */
  private propNames(): string[] {
    return [...this.catalog.features.flatMap((f) => [f.name, ...(f.aliases ?? [])]), ...this.cat.qom.keys()];
  }

  /** KVM's defaults for a table model (X86_KVM_DEFAULT_PROPS) as feature indices, the catalog's features only, in the table's order. */
  private kvmDefaults(): readonly [number, boolean][] {
    return (this.kvmDefaultsList ??= Object.entries(X86_KVM_DEFAULT_PROPS).flatMap(([n, on]) => {
      const f = this.catalog.feature(n);
      return f ? [[f.index, on] as [number, boolean]] : [];
    }));
  }

  /** The QOM properties a class starts with (its kind's, in the catalog's order, then pmu and legacy-cache): made once per kind and flags, read-only. */
  private qomDefaults(cls: X86Class): ReadonlyMap<string, unknown> {
    const key = `${cls.kind} ${cls.maxFeatures} ${cls.legacyCache}`;
    let m = this.qomByClass.get(key);
    if (!m) {
      const made = new Map<string, unknown>();
      for (const p of this.cat.qom.values()) if (!p.only || p.only.includes(cls.kind)) made.set(p.name, p.value);
      made.set('pmu', cls.maxFeatures);
      made.set('legacy-cache', cls.legacyCache);
      this.qomByClass.set(key, (m = made));
    }
    return m;
  }

  /** What is known about the host, for KVM's rules (src/arch/x86_64/kvm.ts). */
  hostFacts(): X86HostFacts | null {
    return this.host ? x86HostFacts(this.host) : null;
  }

  modelNames(): string[] {
    return this.cat.classes.filter((c) => c.kind !== 'abi').map((c) => c.name);
  }

  // ---------------------------------------------------------------- parsing

  /** QEMU's x86_cpu_from_model: class, instance defaults, props, expansion. */
  parse(info: ModelInfo): Result<X86Cpu> {
    const cls = this.cat.classByName.get(info.name);
    if (!cls) return err('unknown-model', `CPU model '${info.name}' not found`, { value: info.name, ...near(info.name, this.modelNames()) });
    const c = this.cat;
    const features = cls.declared.clone();
    const user = c.features.empty();
    if (cls.kind !== 'base' && cls.kind !== 'abi') {
      features.ior(c.alwaysOn);
      if (this.accel === 'tcg') for (const [i, on] of c.tcgDefaults) features.set(i, on);
      // QEMU applies KVM's defaults when it loads a table model (on a probed host; callers
      // without a host, such as domcapabilities, apply them as props themselves)
      else if (this.host && (cls.kind === 'version' || cls.kind === 'alias')) for (const [i, on] of this.kvmDefaults()) features.set(i, on);
    }
    const identity = { ...cls.identity };
    if ((cls.kind === 'host' || cls.kind === 'max') && this.host && this.accel === 'kvm') {
      Object.assign(identity, { vendor: this.host.vendor, family: this.host.family, model: this.host.model, stepping: this.host.stepping, modelId: this.host.brand });
    }
    // a model without props shares its class's defaults (nothing writes them); props write to a copy
    let qom = this.qomDefaults(cls);
    const explicit: { level?: number; xlevel?: number; xlevel2?: number; levelFunc7?: number; minLevel?: number; minXlevel?: number; minXlevel2?: number } = {};
    const props = info.props as unknown;
    // a props value that is not a dict is ignored by QEMU on x86
    if (props && typeof props === 'object' && !Array.isArray(props)) {
      const own = new Map(qom);
      qom = own;
      for (const [key, value] of Object.entries(props as Record<string, unknown>)) {
        const r = this.setProperty(cls, key, value, features, user, identity, own, explicit);
        if (r) return r;
      }
    }
    // x86_cpu_expand_features
    if (cls.maxFeatures) features.ior((this.kvmSupported ? kvmAutoEnabled(this.cat, this.hostFacts()!, this.kvmSupported) : this.supported()).andNot(user));
    for (const d of c.dependencies) if (!d.from.intersects(features)) features.iandNot(d.to);
    if (!(this.accel === 'kvm' && qom.get('kvm') === true)) features.iandNot(c.kvmOnly);
    // each CPUID range has its own maximum: basic, extended (0x8…), Centaur (0xC…); raiseLevel keeps them
    const min = { level: explicit.minLevel ?? identity.level, xlevel: explicit.minXlevel ?? identity.xlevel, xlevel2: explicit.minXlevel2 ?? identity.xlevel2 };
    let minFunc7 = 0;
    const auto = qom.get('full-cpuid-auto-level') !== false;
    for (const w of c.autoLevel.words) {
      if (!auto && w !== 'FEAT_7_0_EBX') continue;
      if (c.word.get(w)?.intersects(features)) raiseLevel(min, c.leafOfWord.get(w)!);
    }
    if (auto) {
      const pt = c.features.feature('intel-pt');
      if (pt && features.has(pt.index) && qom.get('x-intel-pt-auto-level') === false && min.level < 0x14) {
        // without automatic level, Intel PT needs min-level 0x14 or it is dropped
        features.delete(pt.index);
      }
      for (const f of c.autoLevel.features) {
        if (!features.has(f.index)) continue;
        if (pt && f.index === pt.index && qom.get('x-intel-pt-auto-level') === false) continue;
        raiseLevel(min, f.leaf);
      }
      for (const { word, subleaf } of c.autoLevel.func7Words) {
        if (!c.word.get(word)?.intersects(features)) continue;
        raiseLevel(min, 7);
        minFunc7 = Math.max(minFunc7, subleaf);
      }
    }
    const { level: minLevel, xlevel: minXlevel, xlevel2: minXlevel2 } = min;
    const levels = {
      minLevel,
      minXlevel,
      minXlevel2,
      level: explicit.level ?? minLevel,
      xlevel: explicit.xlevel ?? minXlevel,
      xlevel2: explicit.xlevel2 ?? minXlevel2,
      levelFunc7: explicit.levelFunc7 ?? minFunc7,
    };
    return ok({ cls, features, identity, levels, qom });
  }

  private setProperty(
    cls: X86Class,
    key: string,
    value: unknown,
    features: FeatureSet,
    user: FeatureSet,
    identity: X86Identity,
    qom: Map<string, unknown>,
    explicit: Record<string, number>,
  ): Result<never> | null {
    const f = this.catalog.feature(key);
    if (f) {
      if (typeof value !== 'boolean') return err('invalid-type', `Invalid parameter type for '${key}', expected: boolean`, { value: key });
      features.set(f.index, value);
      user.add(f.index);
      return null;
    }
    const typeErr = (expected: string) => err('invalid-type', `Invalid parameter type for '${key}', expected: ${expected}`, { value: key });
    const valueErr = (what: string) => err('invalid-type', `Parameter '${key}' expects ${what}`, { value: key });
    // Integers arrive as numbers, or as bigints beyond 2^53 (exact, see json-stream's integerValue).
    // (a number beyond 2^53 can only have been a double: QEMU's integer visitors refuse doubles)
    const isInt = (v: unknown): v is number | bigint => typeof v === 'bigint' || Number.isSafeInteger(v);
    // QEMU's int64 visitor: anything else, uint64 values above INT64_MAX included, is a type error
    const int = (): number | bigint | Result<never> => (isInt(value) && (typeof value === 'number' || value <= INT64_MAX) ? value : typeErr('integer'));
    const uint = (bits: 8 | 16 | 32 | 64): number | bigint | Result<never> => {
      if (!isInt(value)) return valueErr('uint64');
      // negative numbers are taken as 64-bit two's complement, then range-checked
      const v = value < 0 ? 2n ** 64n + BigInt(value) : value;
      if (bits < 64 && v >= 2 ** bits) return valueErr(`uint${bits}_t`);
      return exactInt(v);
    };
    const range = (n: number | bigint, max: number | bigint): Result<never> | null =>
      n < 0 || n > max ? err('bad-property-value', `Property .${key} doesn't take value ${n} (minimum: 0, maximum: ${max})`, { value: key }) : null;
    switch (key) {
      case 'family':
      case 'model':
      case 'stepping': {
        const n = int();
        if (typeof n === 'object') return n;
        const bad = range(n, key === 'family' ? 0xff + 0xf : key === 'model' ? 0xff : 0xf);
        if (bad) return bad;
        identity[key] = Number(n);
        return null;
      }
      case 'vendor':
        if (typeof value !== 'string') return typeErr('string');
        if (value.length !== 12) return err('bad-property-value', `Property '.vendor' doesn't take value '${value}'`, { value });
        identity.vendor = value;
        return null;
      case 'model-id':
        if (typeof value !== 'string') return typeErr('string');
        identity.modelId = value.slice(0, X86_MODEL_ID_MAX);
        return null;
      case 'min-level':
      case 'min-xlevel':
      case 'min-xlevel2':
      case 'level':
      case 'xlevel':
      case 'xlevel2':
      case 'level-func7': {
        const n = uint(32);
        if (typeof n === 'object') return n;
        const k = { 'min-level': 'minLevel', 'min-xlevel': 'minXlevel', 'min-xlevel2': 'minXlevel2', level: 'level', xlevel: 'xlevel', xlevel2: 'xlevel2', 'level-func7': 'levelFunc7' }[key]!;
        // the level properties take 0xffffffff as "automatic"
        if (n === X86_LEVEL_AUTO && !key.startsWith('min-')) delete explicit[k];
        else explicit[k] = Number(n);
        return null;
      }
      case 'lmce':
        if (typeof value !== 'boolean') return typeErr('boolean');
        qom.set('lmce', value);
        return null;
      case 'realized':
        if (typeof value !== 'boolean') return typeErr('boolean');
        return value ? err('bad-property-value', 'apic-id property was not initialized properly') : null;
      default:
        break;
    }
    if (READ_ONLY.has(key)) return err('read-only-property', `Property '${cls.typename}.${key}' is not writable`, { value: key });
    const p = this.cat.qom.get(key);
    if (!p || (p.only && !p.only.includes(cls.kind))) {
      return err('unknown-property', `Property '${cls.typename}.${key}' not found`, { value: key, ...near(key, this.propNames()) });
    }
    switch (p.type) {
      case 'bool':
        if (typeof value !== 'boolean') return typeErr('boolean');
        break;
      case 'str':
      case 'link':
        if (typeof value !== 'string') return typeErr('string');
        break;
      case 'OnOffAuto':
        if (typeof value !== 'string') return typeErr('string');
        if (!['on', 'off', 'auto'].includes(value)) return err('bad-property-value', `Parameter '${key}' does not accept value '${value}'`, { value });
        break;
      case 'int32':
      case 'int64': {
        const n = int();
        if (typeof n === 'object') return n;
        if (p.type === 'int32' && (n < -(2 ** 31) || n >= 2 ** 31)) return valueErr('int32_t');
        if (key === 'tsc-frequency') {
          const bad = range(n, INT64_MAX);
          if (bad) return bad;
        }
        value = n;
        break;
      }
      case 'uint8':
      case 'uint16':
      case 'uint32':
      case 'uint64': {
        const n = uint(p.type === 'uint8' ? 8 : p.type === 'uint16' ? 16 : p.type === 'uint32' ? 32 : 64);
        if (typeof n === 'object') return n;
        if ((key === 'lbr-fmt' || key === 'lbr_fmt') && n > X86_LBR_FMT_MASK) {
          return err('bad-property-value', `Property value for 'lbr-fmt' has bits outside mask '0x${X86_LBR_FMT_MASK.toString(16)}'`, { value: key });
        }
        value = n;
        break;
      }
    }
    if (p.type === 'link' && value !== '') {
      // '' clears the link; anything else must name an object of the right type
      const target = resolveQomPath(value as string);
      if (target === null) return err('device-not-found', `Device '${value as string}' not found`, { value: value as string });
      if (X86_QOM_OBJECTS[target] !== 'memory-region') return err('invalid-type', `Invalid parameter type for '${key}', expected: memory-region`, { value: key });
      value = target;
    }
    // QEMU keeps the TSC frequency in kHz
    if (key === 'tsc-frequency') value = exactInt((BigInt(value as number | bigint) / 1000n) * 1000n);
    qom.set(key, value);
    // alias spellings of one property share its value
    const target = p.aliasOf ?? key;
    qom.set(target, value);
    for (const q of this.cat.qom.values()) if (q.aliasOf === target) qom.set(q.name, value);
    return null;
  }

  // ------------------------------------------------------------- formatting

  /** x86_cpu_to_dict: the static properties. */
  private staticProps(cpu: X86Cpu): Record<string, unknown> {
    const props: Record<string, unknown> = {
      model: cpu.identity.model,
      stepping: cpu.identity.stepping,
      family: cpu.identity.family,
      'model-id': cpu.identity.modelId,
      vendor: cpu.identity.vendor,
      lmce: cpu.qom.get('lmce') ?? this.cat.staticExtraBooleans['lmce'] ?? false,
      'min-level': cpu.levels.minLevel,
      'min-xlevel': cpu.levels.minXlevel,
    };
    for (const f of this.catalog.features) props[f.name] = cpu.features.has(f.index);
    return props;
  }

  /** x86_cpu_to_dict_full: every readable and writable property. */
  private fullProps(cpu: X86Cpu): Record<string, unknown> {
    const props: Record<string, unknown> = {};
    for (const [k, v] of cpu.qom) props[k] = v;
    props['level'] = cpu.levels.level;
    props['xlevel'] = cpu.levels.xlevel;
    props['xlevel2'] = cpu.levels.xlevel2;
    props['min-xlevel2'] = cpu.levels.minXlevel2;
    props['level-func7'] = cpu.levels.levelFunc7;
    for (const f of this.catalog.features) {
      const on = cpu.features.has(f.index);
      for (const a of f.aliases ?? []) props[a] = on;
    }
    return { ...props, ...this.staticProps(cpu) };
  }

  // ------------------------------------------------------- fast serializer

  /** Per key set: the keys in QDict order, each with its JSON prefix and how to read its value. */
  private layouts = new Map<string, LayoutEntry[]>();

  private layout(type: ExpansionType, cpu: X86Cpu): LayoutEntry[] {
    const id = `${type}:${cpu.cls.kind === 'max' || cpu.cls.kind === 'host' ? 'max' : 'model'}`;
    let l = this.layouts.get(id);
    if (l) return l;
    const sample = type === 'static' ? this.staticProps(cpu) : this.fullProps(cpu);
    const readers = new Map<string, (c: X86Cpu) => unknown>();
    const ident: Record<string, (c: X86Cpu) => unknown> = {
      model: (c) => c.identity.model,
      stepping: (c) => c.identity.stepping,
      family: (c) => c.identity.family,
      'model-id': (c) => c.identity.modelId,
      vendor: (c) => c.identity.vendor,
      lmce: (c) => c.qom.get('lmce') ?? this.cat.staticExtraBooleans['lmce'] ?? false,
      'min-level': (c) => c.levels.minLevel,
      'min-xlevel': (c) => c.levels.minXlevel,
      level: (c) => c.levels.level,
      xlevel: (c) => c.levels.xlevel,
      xlevel2: (c) => c.levels.xlevel2,
      'min-xlevel2': (c) => c.levels.minXlevel2,
      'level-func7': (c) => c.levels.levelFunc7,
    };
    for (const k of Object.keys(sample)) {
      const f = this.catalog.feature(k);
      if (ident[k]) readers.set(k, ident[k]!);
      else if (f) readers.set(k, (c) => c.features.has(f.index));
      else readers.set(k, (c) => c.qom.get(k));
    }
    l = qdictOrder(Object.keys(sample)).map((k) => {
      const prefix = `${toQmpJson(k)}: `;
      const f = ident[k] ? undefined : this.catalog.feature(k);
      return { prefix, read: readers.get(k)!, feature: f ? f.index : -1, whenTrue: `${prefix}true`, whenFalse: `${prefix}false` };
    });
    this.layouts.set(id, l);
    return l;
  }

  /** Serialized props of each class without props, to patch for requests with props. */
  private baseParts = new Map<string, { cpu: X86Cpu; parts: string[]; joined: string; offsets: number[] }>();

  private entryJson(e: LayoutEntry, c: X86Cpu): string {
    if (e.feature >= 0) return c.features.has(e.feature) ? e.whenTrue : e.whenFalse;
    const v = e.read(c);
    return v === true ? e.whenTrue : v === false ? e.whenFalse : e.prefix + toQmpJson(v);
  }

  expandJson(type: ExpansionType, info: ModelInfo): Result<string> {
    const cpu = this.parse(info);
    if (!cpu.ok) return cpu;
    const c = cpu.value;
    const layout = this.layout(type, c);
    const key = `${type}:${c.cls.name}`;
    let base = this.baseParts.get(key);
    if (!base) {
      const plain = this.parse({ name: c.cls.name }) as { ok: true; value: X86Cpu };
      const parts = layout.map((e) => this.entryJson(e, plain.value));
      const offsets: number[] = [];
      let at = 0;
      for (const p of parts) {
        offsets.push(at);
        at += p.length + 2;
      }
      base = { cpu: plain.value, parts, joined: parts.join(', '), offsets };
      this.baseParts.set(key, base);
    }
    let body = base.joined;
    if (info.props !== undefined) {
      // only what the props changed is serialized again; the rest is sliced from the cached text
      const positions = this.positions(type, c, layout);
      const changed = new Map<number, string>();
      for (const i of c.features.xor(base.cpu.features).toArray()) {
        for (const pos of positions.byFeature.get(i) ?? []) changed.set(pos, this.entryJson(layout[pos]!, c));
      }
      for (const pos of positions.others) {
        const e = layout[pos]!;
        if (e.read(c) !== e.read(base.cpu)) changed.set(pos, this.entryJson(e, c));
      }
      if (changed.size) {
        const order = [...changed.keys()].sort((a, b) => a - b);
        let out = '';
        let from = 0;
        for (const pos of order) {
          out += base.joined.slice(from, base.offsets[pos]) + changed.get(pos)!;
          from = base.offsets[pos]! + base.parts[pos]!.length;
        }
        body = out + base.joined.slice(from);
      }
    }
    const name = type === 'static' ? 'base' : info.name;
    const model = { name: toQmpJson(name), props: `{${body}}` };
    const inner = qdictOrder(['name', 'props']).map((k) => `"${k}": ${model[k as 'name' | 'props']}`).join(', ');
    return ok(`{"model": {${inner}}}`);
  }

  private positionCache = new Map<LayoutEntry[], { byFeature: Map<number, number[]>; others: number[] }>();

  private positions(_type: ExpansionType, _c: X86Cpu, layout: LayoutEntry[]): { byFeature: Map<number, number[]>; others: number[] } {
    let p = this.positionCache.get(layout);
    if (!p) {
      p = { byFeature: new Map(), others: [] };
      layout.forEach((e, i) => {
        if (e.feature >= 0) p!.byFeature.set(e.feature, [...(p!.byFeature.get(e.feature) ?? []), i]);
        else p!.others.push(i);
      });
      this.positionCache.set(layout, p);
    }
    return p;
  }

  // ------------------------------------------------------------- operations

  definitions(): CpuDefinitionInfo[] {
    return this.defs();
  }

  definitionsShared(): readonly CpuDefinitionInfo[] {
    return this.defs.shared();
  }

  private readonly defs = definitionsOnce(() => {
      // QEMU sorts by (ordering class, name) and then prepends each entry, so the list comes out reversed
      const sorted = [...this.cat.classes].filter((c) => c.kind !== 'abi').sort((a, b) => order(a) - order(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).reverse();
      return sorted.map((c) => {
        const d: CpuDefinitionInfo = { name: c.name, typename: c.typename, 'unavailable-features': this.unavailable(c), static: c.static, 'migration-safe': c.migrationSafe, deprecated: c.deprecated };
        if (c.aliasOf) d['alias-of'] = c.aliasOf;
        return d;
      });
  });

  /** x86_cpu_class_check_missing_features */
  private unavailable(c: X86Class): string[] {
    if (c.kind === 'host' && (this.accel !== 'kvm' || !this.host)) return ['kvm'];
    let features = this.storedPlain()?.get(c.name);
    if (!features) {
      const cpu = this.parse({ name: c.name });
      if (!cpu.ok) return ['type'];
      features = cpu.value.features;
    }
    // under KVM QEMU also names each XSAVE component the host cannot save
    if (this.kvmSupported) return kvmUnavailable(this.cat, features, this.kvmSupported, this.release);
    return this.catalog.names(features.andNot(this.supported()));
  }

  private storedPlainMap: ReadonlyMap<string, FeatureSet> | null | undefined;

  /**
   * The table models' features without props as parse finds them here, when
   * the one-shot bundle carries them (X86_PRECOMPUTED_EXPANDED, made by the
   * build with computePlainExpansions) for this profile and accelerator
   * (TCG; KVM with a host); else null and each model is parsed.
   */
  private storedPlain(): ReadonlyMap<string, FeatureSet> | null {
    if (this.storedPlainMap === undefined) {
      const stored = X86_PRECOMPUTED_EXPANDED?.[this.cat.profile];
      const mode = plainModeOf(this.accel, this.host !== null);
      this.storedPlainMap = stored && mode ? decodePlainExpansions(stored, mode, this.cat) : null;
    }
    return this.storedPlainMap;
  }

  /** What this accelerator can run: TCG's emulation, or under KVM the host plus what KVM adds. */
  supported(): FeatureSet {
    return this.kvmSupported ?? this.tcgSupported ?? this.cat.tcgFeatures;
  }

  expand(type: ExpansionType, info: ModelInfo): Result<{ model: ModelInfo }> {
    const cpu = this.parse(info);
    if (!cpu.ok) return cpu;
    if (type === 'static') return ok({ model: { name: 'base', props: this.staticProps(cpu.value) } });
    return ok({ model: { name: info.name, props: this.fullProps(cpu.value) } });
  }

  resolve(info: ModelInfo): Result<ResolvedModel> {
    const cpu = this.parse(info);
    if (!cpu.ok) return cpu;
    return ok({ model: cpu.value.cls.aliasOf ?? cpu.value.cls.name, features: cpu.value.features });
  }

  /**
   * Comparison (beyond QEMU, in QEMU's s390x form): vendors must agree, then
   * the feature sets decide. `vendor` is responsible when vendors differ.
   */
  compare(a: ModelInfo, b: ModelInfo): Result<ComparisonInfo> {
    return both(this.parse(a), () => this.parse(b), (x, y) => ok(this.compareCpus(x, y)));
  }

  compareCpus(a: X86Cpu, b: X86Cpu): ComparisonInfo {
    return compareX86Cpus(this.catalog, a, b);
  }

  /**
   * Baseline (beyond QEMU): the features both CPUs have; the vendor must be
   * the same. The answer is the newest named model of that vendor whose
   * features all fit, plus the delta (see docs/x86.md).
   */
  baseline(a: ModelInfo, b: ModelInfo): Result<{ model: ModelInfo }> {
    return this.baselineMany([a, b]);
  }

  baselineMany(models: readonly ModelInfo[], opts: { vendors?: 'same' | 'any' } = {}): Result<{ model: ModelInfo }> {
    if (!models.length) return err('missing-input', 'A baseline needs at least one CPU model');
    const cpus: X86Cpu[] = [];
    for (const m of models) {
      const c = this.parse(m);
      if (!c.ok) return c;
      cpus.push(c.value);
    }
    const vendors = [...new Set(cpus.map((c) => c.identity.vendor).filter((v) => v))];
    if (vendors.length > 1 && opts.vendors !== 'any') {
      return err('mixed-vendor', `CPU vendors differ: ${vendors.map((v) => `'${v}'`).join(' and ')}; a baseline never mixes vendors unless asked`, { value: vendors.join(','), hint: 'baseline CPUs of one vendor, or allow mixing vendors explicitly' });
    }
    // what all have, minus what a migratable CPU can never carry
    const features = cpus.slice(1).reduce((acc, c) => acc.iand(c.features), cpus[0]!.features.clone()).iandNot(this.cat.unmigratable);
    const vendor = vendors.length === 1 ? vendors[0]! : undefined;
    const model = this.bestNamed(features, vendor);
    return ok({ model: this.modelWithDelta(model, features) });
  }

  /** The newest versioned model (of a vendor) whose expanded features fit in `features`. */
  bestNamed(features: FeatureSet, vendor?: string): X86Cpu {
    let best: X86Cpu | undefined;
    let bestCount = -1;
    for (const c of this.cat.classes) {
      if (c.kind !== 'version' || (vendor && c.identity.vendor !== vendor)) continue;
      const cpu = this.parse({ name: c.name });
      if (!cpu.ok || !cpu.value.features.isSubsetOf(features)) continue;
      const n = cpu.value.features.count();
      if (n > bestCount) {
        best = cpu.value;
        bestCount = n;
      }
    }
    return best ?? (this.parse({ name: 'base' }) as { ok: true; value: X86Cpu }).value;
  }

  private modelWithDelta(model: X86Cpu, features: FeatureSet): ModelInfo {
    const props = this.deltaProps(model.cls.name, model.features, features);
    return Object.keys(props).length ? { name: model.cls.name, props } : { name: model.cls.name };
  }

  /**
   * Props that turn model `name` (with features `from`) into exactly
   * `target`. Switching a feature on can bring back what depended on it
   * (vmx brings the model's vmx-* capabilities), so the result is resolved
   * and patched until it matches.
   */
  deltaProps(name: string, from: FeatureSet, target: FeatureSet): Record<string, boolean> {
    const props: Record<string, boolean> = {};
    for (const n of this.catalog.names(from.andNot(target))) props[n] = false;
    for (const n of this.catalog.names(target.andNot(from))) props[n] = true;
    for (let round = 0; round < 3; round++) {
      const r = this.parse({ name, props });
      if (!r.ok) break;
      const extra = r.value.features.andNot(target);
      const missing = target.andNot(r.value.features);
      if (extra.isEmpty() && missing.isEmpty()) break;
      for (const n of this.catalog.names(extra)) props[n] = false;
      for (const n of this.catalog.names(missing)) props[n] = true;
    }
    return props;
  }

  /** The verdict per model: the blockers are the features QEMU names, each once (QEMU's repeats are its answer form only). */
  runnability(): { name: string; runnable: boolean; blockers: string[] }[] {
    return this.definitionsShared().map((d) => ({ name: d.name, runnable: d['unavailable-features']!.length === 0, blockers: [...new Set(d['unavailable-features']!)] }));
  }

  maskToHost(info: ModelInfo): Result<ResolvedModel> {
    const cpu = this.parse(info);
    if (!cpu.ok) return cpu;
    if (cpu.value.cls.kind === 'host' && this.accel !== 'kvm') return err('requires-kvm', `CPU model '${info.name}' requires KVM or HVF`, { value: info.name });
    const missing = cpu.value.features.andNot(this.supported());
    if (!missing.isEmpty()) {
      const names = this.catalog.names(missing);
      return err('unavailable-in-configuration', `The host lacks ${names.length === 1 ? 'feature' : 'features'} ${names.join(' ')} requested by CPU model '${info.name}'`, { features: names, hint: `disable ${names.map((n) => `${n}=off`).join(',')}` });
    }
    return ok({ model: cpu.value.cls.aliasOf ?? cpu.value.cls.name, features: cpu.value.features });
  }

  normalize(cpu: ResolvedModel): NormalizedModel {
    const candidates = this.cat.classes.filter((c) => c.kind === 'version').map((c) => {
      const p = this.parse({ name: c.name });
      return { model: c, set: p.ok ? p.value.features : c.declared };
    });
    const own = this.cat.classByName.get(cpu.model);
    const chosen = own?.kind === 'version' ? own : (bestModel(cpu.features, candidates)?.model ?? this.cat.classByName.get('base')!);
    const base = this.parse({ name: chosen.name });
    const set = base.ok ? base.value.features : chosen.declared;
    const props = this.deltaProps(chosen.name, set, cpu.features);
    const added = Object.keys(props).filter((k) => props[k]);
    const removed = Object.keys(props).filter((k) => !props[k]);
    const sig = signature(this.catalog, cpu.features);
    return { name: chosen.name, base: chosen.name, added, removed, signature: sig, display: modelWithSignature(chosen.name, sig) };
  }

  hostCapability(): HostCapability {
    const h = this.host;
    return {
      arch: 'x86_64',
      identity: h && this.accel === 'kvm' ? { model: 'host', vendor: h.vendor, family: h.family, stepping: h.stepping, brand: h.brand } : { model: 'max', vendor: 'AuthenticAMD' },
      features: this.catalog.names(this.supported()),
      source: h && this.accel === 'kvm' ? h.source : this.accel,
    };
  }
}

/** Raises the minimum level of the CPUID range a leaf is in (basic, extended 0x8…, Centaur 0xC…) to that leaf. */
function raiseLevel(min: { level: number; xlevel: number; xlevel2: number }, leaf: number): void {
  if (leaf >= 0xc0000000) min.xlevel2 = Math.max(min.xlevel2, leaf);
  else if (leaf >= 0x80000000) min.xlevel = Math.max(min.xlevel, leaf);
  else min.level = Math.max(min.level, leaf);
}

/** QEMU's ordering class: the table models first, then base, host and max. */
function order(c: X86Class): number {
  return c.kind === 'base' || c.kind === 'max' || c.kind === 'host' ? 1 : 0;
}

interface LayoutEntry {
  prefix: string;
  read: (cpu: X86Cpu) => unknown;
  /** feature index, or -1 for other properties */
  feature: number;
  whenTrue: string;
  whenFalse: string;
}

/** QEMU's object_resolve_path: an absolute path, or a unique partial one. */
function resolveQomPath(path: string): string | null {
  if (path.startsWith('/')) return path in X86_QOM_OBJECTS ? path : null;
  const hits = Object.keys(X86_QOM_OBJECTS).filter((p) => p.endsWith(`/${path}`));
  return hits.length === 1 ? hits[0]! : null;
}

/**
 * The drivers whose table models (versions and aliases) expand alike without
 * props: under TCG (the host plays no part for them), and under KVM with a
 * host (KVM's default props applied; which host it is plays no part either:
 * only max and host read it). Undefined for KVM without a host.
 */
export type PlainMode = 'tcg' | 'kvm';

function plainModeOf(accel: Accel, hasHost: boolean): PlainMode | undefined {
  return accel === 'tcg' ? 'tcg' : accel === 'kvm' && hasHost ? 'kvm' : undefined;
}

/** Each table model's features without props, per mode, as the driver's parse finds them. */
export type PlainExpansions = Record<PlainMode, Map<string, FeatureSet>>;

/** PlainExpansions as plain data: each distinct set's words once, each mode a set index per model name. */
export interface EncodedPlainExpansions {
  names: string[];
  sets: number[][];
  tcg: number[];
  kvm: number[];
}

/**
 * Build time (tools/build-oneshot.mjs): what parse gives for each table
 * model without props, under TCG and under KVM with a host. The KVM answer
 * is taken with two unlike hosts (no feature, Intel; every feature, AMD) and
 * must be the same, or this throws: a model whose expansion read the host
 * could not be stored.
 */
export function computePlainExpansions(profile: X86Profile): PlainExpansions {
  const cat = x86Catalog(profile);
  const host = (features: FeatureSet, vendor: string): X86Host => ({ features, vendor, family: 6, model: 85, stepping: 4, brand: 'any', source: 'computePlainExpansions' });
  const drivers = {
    tcg: [new X86Driver({ accel: 'tcg', profile })],
    kvm: [new X86Driver({ accel: 'kvm', profile, host: host(cat.features.empty(), 'GenuineIntel') }), new X86Driver({ accel: 'kvm', profile, host: host(cat.features.empty().complement(), 'AuthenticAMD') })],
  };
  const out: PlainExpansions = { tcg: new Map(), kvm: new Map() };
  for (const c of cat.classes) {
    if (c.kind !== 'version' && c.kind !== 'alias') continue;
    for (const mode of ['tcg', 'kvm'] as const) {
      const sets = drivers[mode].map((d) => {
        const r = d.parse({ name: c.name });
        if (!r.ok) throw new Error(`x86_64: table model ${c.name} does not parse: ${r.error.message}`);
        return r.value.features;
      });
      if (!sets.every((x) => x.equals(sets[0]!))) throw new Error(`x86_64: table model ${c.name} expands differently on two hosts under ${mode}; it cannot be stored`);
      out[mode].set(c.name, sets[0]!);
    }
  }
  return out;
}

/** Build time: sets as words, each distinct set once (`sets`), and the index of a set in it (added when new). */
export function setPool(): { sets: number[][]; index(s: FeatureSet): number } {
  const sets: number[][] = [];
  const at = new Map<string, number>();
  return {
    sets,
    index(s: FeatureSet): number {
      const words = [...s.words];
      const key = words.join(',');
      let i = at.get(key);
      if (i === undefined) at.set(key, (i = sets.push(words) - 1));
      return i;
    },
  };
}

export function encodePlainExpansions(p: PlainExpansions): EncodedPlainExpansions {
  const names = [...p.tcg.keys()];
  const { sets, index } = setPool();
  const tcg = names.map((n) => index(p.tcg.get(n)!));
  const kvm = names.map((n) => {
    const s = p.kvm.get(n);
    if (!s) throw new Error(`x86_64: no KVM expansion of ${n}`);
    return index(s);
  });
  if (p.kvm.size !== names.length) throw new Error('x86_64: the TCG and KVM expansions name different models');
  return { names, sets, tcg, kvm };
}

/** One mode's sets of EncodedPlainExpansions, by model name (a distinct set is one object: read-only). */
export function decodePlainExpansions(e: EncodedPlainExpansions, mode: PlainMode, cat: X86Catalog): Map<string, FeatureSet> {
  // every distinct set in one buffer (FeatureSet.packed)
  const made = FeatureSet.packed(cat.features.size, e.sets);
  const sets = e[mode];
  return new Map(e.names.map((n, i) => [n, made[sets[i]!]!]));
}

export function createX86Driver(opts: X86DriverOptions = {}): X86Driver {
  return new X86Driver(opts);
}
