/**
 * The s390x identity mapping, usable both ways:
 *   (machine type, GA)  <->  model name  <->  (cpuid, IBC, facility set)
 *
 * The GA here is the machine type's own GA ("IBM System z9 BC GA2" is
 * z9BC.2), and a model's name is formed from it: the type's family name, plus
 * ".N" from the second GA on. The generation's EC GA level (which the IBC
 * encodes) is reported as `ecGa`.
 */
import { err, fail, ok, type Result } from '../../core/errors.js';
import { near } from '../../core/suggest.js';
import {
  S390_CPUID_FORMAT_SHIFT,
  S390_CPUID_ID_SHIFT,
  S390_CPUID_KVM_VERSION,
  S390_CPUID_NO_FORMAT_GEN,
  S390_CPUID_TYPE_SHIFT,
  S390_CPUID_VERSION_SHIFT,
  S390_IBC_FIRST_GEN,
  S390_IBC_GA_BITS,
  S390_IBC_MASK,
} from '../../data/s390x/models.js';
import type { S390Catalog, S390Def } from './catalog.js';

/** A definition's IBC value (0 before z10). */
export function ibcOf(def: Pick<S390Def, 'gen' | 'ga'>): number {
  if (def.gen < S390_IBC_FIRST_GEN) return 0;
  return (((def.gen - S390_IBC_FIRST_GEN) << S390_IBC_GA_BITS) + def.ga) & S390_IBC_MASK;
}

/** (gen, EC GA) from an IBC value; null for 0. */
export function fromIbc(ibc: number): { gen: number; ga: number } | null {
  if (!ibc) return null;
  return { gen: (ibc >> S390_IBC_GA_BITS) + S390_IBC_FIRST_GEN, ga: ibc & ((1 << S390_IBC_GA_BITS) - 1) };
}

/** The CPUID QEMU shows a KVM guest (version 0xff, CPU id 0, format bit 1). */
export function cpuidOf(def: Pick<S390Def, 'gen' | 'type'>, opts: { version?: number; id?: number; format?: number } = {}): bigint {
  const version = BigInt(opts.version ?? S390_CPUID_KVM_VERSION);
  const id = BigInt(opts.id ?? 0);
  const format = def.gen === S390_CPUID_NO_FORMAT_GEN ? 0n : BigInt(opts.format ?? 1);
  return (version << BigInt(S390_CPUID_VERSION_SHIFT)) | (id << BigInt(S390_CPUID_ID_SHIFT)) | (BigInt(def.type) << BigInt(S390_CPUID_TYPE_SHIFT)) | (format << BigInt(S390_CPUID_FORMAT_SHIFT));
}

/** The machine type inside a CPUID. */
export function typeFromCpuid(cpuid: bigint): number {
  return Number((cpuid >> BigInt(S390_CPUID_TYPE_SHIFT)) & 0xffffn);
}

export interface S390Identity {
  model: string;
  type: string;
  generation: number;
  /** the machine type's GA (z9BC.2 → 2) */
  ga: number;
  /** the generation's EC GA level (what the IBC encodes) */
  ecGa: number;
  cpuid: string;
  ibc: string;
  description: string;
}

const hex = (n: number, w: number) => '0x' + n.toString(16).padStart(w, '0');

/** What identifying reads of a definition: no feature set. */
export type IdentityDef = Pick<S390Def, 'index' | 'name' | 'type' | 'gen' | 'ga' | 'desc'>;

/**
 * What identifying reads of a catalog: its definitions and their names. An
 * S390Catalog is one; the direct `s390x identify` path (adapters/cli/
 * identify-direct.ts) passes the definitions the build stored.
 */
export interface IdentityCatalog {
  readonly defs: readonly IdentityDef[];
  defByName(name: string): IdentityDef | undefined;
}

/** The machine type's GA of a definition (1 for the first definition of that type). */
export function typeGa(cat: IdentityCatalog, def: IdentityDef): number {
  return cat.defs.filter((d) => d.type === def.type && d.index <= def.index).length;
}

export function formatIdentity(def: IdentityDef, cat?: IdentityCatalog): S390Identity {
  return {
    model: def.name,
    type: hex(def.type, 4),
    generation: def.gen,
    ga: cat ? typeGa(cat, def) : def.ga,
    ecGa: def.ga,
    cpuid: '0x' + cpuidOf(def).toString(16).padStart(16, '0'),
    ibc: hex(ibcOf(def), 3),
    description: def.desc,
  };
}

export function s390Identity(def: S390Def): Record<string, unknown> {
  return { ...formatIdentity(def) };
}

export function identifyByModel(cat: IdentityCatalog, name: string): Result<S390Identity> {
  const bare = name.replace(/-base$/, '');
  const def = cat.defByName(bare);
  if (!def) {
    return err('unknown-model', `unknown s390x model '${name}'`, { value: name, ...near(bare, cat.defs.map((d) => d.name)) });
  }
  return ok(formatIdentity(def, cat));
}

export function parseType(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{1,4}$/.test(t)) return null;
  return parseInt(t, 16);
}

export function identifyByType(cat: IdentityCatalog, typeText: string, gaText: string | number): Result<S390Identity> {
  const type = parseType(String(typeText));
  if (type === null) return err('bad-option', `'${typeText}' is not a machine type (4 hex digits, e.g. 0x3906)`, { value: String(typeText) });
  const ga = Number(gaText);
  const sameType = cat.defs.filter((d) => d.type === type);
  if (!sameType.length) {
    const known = [...new Set(cat.defs.map((d) => hex(d.type, 4)))];
    return err('unknown-model', `no s390x model has machine type ${hex(type, 4)}`, { value: hex(type, 4), ...near(hex(type, 4), known, `known types: ${known.join(' ')}`) });
  }
  if (!Number.isInteger(ga) || ga < 1 || ga > sameType.length) {
    return err('bad-option', `machine type ${hex(type, 4)} has no GA ${gaText}`, { value: String(gaText), hint: `GA 1..${sameType.length} (${sameType.map((d) => d.name).join(', ')})` });
  }
  return ok(formatIdentity(sameType[ga - 1]!, cat));
}

/** The model for a (cpuid, IBC) pair: the machine type from the CPUID, the EC GA from the IBC. */
export function identifyByCpuidIbc(cat: S390Catalog, cpuid: bigint, ibc: number): S390Def | undefined {
  const type = typeFromCpuid(cpuid);
  const g = fromIbc(ibc & S390_IBC_MASK);
  const sameType = cat.defs.filter((d) => d.type === type);
  if (!g) return sameType[sameType.length - 1];
  return sameType.find((d) => d.gen === g.gen && d.ga === g.ga);
}

/** A catalog's definitions as identifying reads them (build time: the direct path's table, identity-data.ts). */
export function identityDefsOf(cat: IdentityCatalog): IdentityDef[] {
  return cat.defs.map((d) => ({ index: d.index, name: d.name, type: d.type, gen: d.gen, ga: d.ga, desc: d.desc }));
}

/** The catalog identifying reads, of stored definitions (each at its index: identityDefsOf keeps them in order). */
export function identityCatalogOf(defs: readonly IdentityDef[]): IdentityCatalog {
  const byName = new Map(defs.map((d) => [d.name, d]));
  return { defs, defByName: (name) => byName.get(name) };
}
