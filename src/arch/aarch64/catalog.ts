/**
 * The aarch64 model room, computed from src/data/aarch64: the feature
 * catalog (Linux hwcap names plus QEMU's own properties), each model's
 * identity (MIDR fields) and its feature set decoded from its ID registers.
 */
import { alive, perProfile, visibleIn, type Profile } from '../../core/profile.js';
import type { FeatureSet } from '../../core/bitset.js';
import { FeatureCatalog } from '../../core/catalog.js';
import { AARCH64_FEATURES, ID_REGS, type Aarch64FeatureRow, type IdReg } from '../../data/aarch64/features.js';
import { AARCH64_IMPLEMENTERS, AARCH64_MODELS, AARCH64_QEMU_DEFINITION_ORDER, type Aarch64ModelRow, type Aarch64Profile } from '../../data/aarch64/models.js';

export type Aarch64CatalogProfile = Profile;

/** The MIDR split into its fields. */
export interface Midr {
  implementer: number;
  variant: number;
  architecture: number;
  part: number;
  revision: number;
}

export function splitMidr(midr: number): Midr {
  return {
    implementer: (midr >>> 24) & 0xff,
    variant: (midr >>> 20) & 0xf,
    architecture: (midr >>> 16) & 0xf,
    part: (midr >>> 4) & 0xfff,
    revision: midr & 0xf,
  };
}

export function joinMidr(m: Midr): number {
  return ((m.implementer << 24) | (m.variant << 20) | (m.architecture << 16) | (m.part << 4) | m.revision) >>> 0;
}

export function implementerName(code: number): string {
  return AARCH64_IMPLEMENTERS[code] ?? `0x${code.toString(16).padStart(2, '0')}`;
}

/** One model (one QOM class `<name>-arm-cpu`). */
export interface Aarch64Class {
  readonly name: string;
  readonly typename: string;
  readonly row: Aarch64ModelRow;
  readonly profile: Aarch64Profile;
  readonly midr: Midr;
  /** features as QEMU creates the CPU (no props), hwcaps decoded from the ID registers */
  readonly features: FeatureSet;
  /** the hwcaps reported only while SVE is on (sve and the ZFR0 ones) */
  readonly sveGated: FeatureSet;
  readonly hasProp: ReadonlySet<string>;
  /** supported SVE vector lengths, bit vq-1 */
  readonly sveSupported: number;
  /** position in the table (older first) */
  readonly order: number;
}

export interface Aarch64Catalog {
  readonly profile: Aarch64CatalogProfile;
  readonly features: FeatureCatalog;
  readonly classes: readonly Aarch64Class[];
  readonly byName: ReadonlyMap<string, Aarch64Class>;
  /** query-cpu-definitions order */
  readonly definitionOrder: readonly string[];
  /** everything TCG can give a guest (the union of all models, pauth-impdef included) */
  readonly tcgCapability: FeatureSet;
  readonly vlIndex: readonly number[];
  readonly idx: (name: string) => number;
  decode(regs: Partial<Record<IdReg, bigint>>): FeatureSet;
}

function field(v: bigint, bit: number, width: number): number {
  return Number((v >> BigInt(bit)) & ((1n << BigInt(width)) - 1n));
}

/** Linux's rule for one hwcap row against a set of ID register values. */
export function hwcapPresent(row: Aarch64FeatureRow, regs: Partial<Record<IdReg, bigint>>): boolean {
  if (!row.reg) return false;
  const width = row.width ?? 4;
  let v = field(regs[row.reg] ?? 0n, row.bit, width);
  if (row.signed && v >= 1 << (width - 1)) v -= 1 << width;
  if (row.eq !== undefined ? v === row.eq : v >= (row.min ?? 1)) return true;
  for (const alt of row.or ?? []) if (field(regs[alt.reg] ?? 0n, alt.bit, 4) >= alt.min) return true;
  return false;
}

export const aarch64Catalog = perProfile(build);

function build(profile: Aarch64CatalogProfile): Aarch64Catalog {
  const rows = AARCH64_FEATURES.filter((f) => visibleIn(f.since, profile));
  const features = new FeatureCatalog('aarch64', rows.map((f) => ({ name: f.name, kind: f.kind, bit: f.bit, desc: f.desc })));
  const idx = (name: string): number => {
    const f = features.feature(name);
    if (!f) throw new Error(`aarch64: unknown feature '${name}' in data`);
    return f.index;
  };
  const decode = (regs: Partial<Record<IdReg, bigint>>): FeatureSet => {
    const s = features.empty();
    for (const row of rows) if (hwcapPresent(row, regs)) s.add(idx(row.name));
    // gated features need their gate (Linux reports SVE/SME sub-features only with SVE/SME)
    for (const row of rows) if (row.gate && !s.has(idx(row.gate))) s.delete(idx(row.name));
    return s;
  };
  const sveGated = features.setOf(rows.filter((r) => r.gate === 'sve' || r.name === 'sve').map((r) => r.name));
  const vlIndex = Array.from({ length: 16 }, (_, i) => idx(`sve${(i + 1) * 128}`));

  const classes: Aarch64Class[] = [];
  AARCH64_MODELS.filter((m) => alive(m, profile)).forEach((row, order) => {
    const regs: Partial<Record<IdReg, bigint>> = {};
    for (const r of ID_REGS) if (row.regs?.[r]) regs[r] = BigInt(row.regs[r]!);
    const set = row.profile === 'A64' ? decode(regs) : features.empty();
    const hasProp = new Set<string>(row.qemuProps);
    if (hasProp.has('aarch64')) set.add(idx('aarch64'));
    if (hasProp.has('pmu')) set.add(idx('pmu'));
    let sveSupported = 0;
    for (const vq of row.sveVq ?? []) sveSupported |= 1 << (vq - 1);
    if (hasProp.has('sve') && set.has(idx('sve'))) for (let vq = 1; vq <= 16; vq++) if (sveSupported & (1 << (vq - 1))) set.add(vlIndex[vq - 1]!);
    if (hasProp.has('sve')) {
      for (let vq = 1; vq <= 16; vq++) hasProp.add(`sve${vq * 128}`);
    }
    if (hasProp.has('pauth')) hasProp.add('pauth-impdef');
    classes.push(
      Object.freeze({
        name: row.name,
        typename: `${row.name}-arm-cpu`,
        row,
        profile: row.profile,
        midr: splitMidr(row.midr),
        features: set,
        sveGated,
        hasProp,
        sveSupported,
        order,
      }),
    );
  });
  const byName = new Map(classes.map((c) => [c.name, c]));
  const definitionOrder = [...AARCH64_QEMU_DEFINITION_ORDER.filter((n) => byName.has(n)), ...classes.map((c) => c.name).filter((n) => !AARCH64_QEMU_DEFINITION_ORDER.includes(n))];
  const tcgCapability = features.empty();
  for (const c of classes) tcgCapability.ior(c.features);
  tcgCapability.add(idx('pauth-impdef'));
  return Object.freeze({ profile, features, classes, byName, definitionOrder, tcgCapability, vlIndex, idx, decode });
}
