/**
 * libvirt's choice of a named CPU model for decoded CPU data (the host CPU
 * definition of `virsh capabilities` / cputest's -host.xml, and the guest
 * CPU definition of cputest's -guest.xml), implemented from the rules
 * restated in src/data/x86_64/libvirt-models.ts:
 *
 *  - the data's vendor rules out models of another vendor;
 *  - Intel family 6 models with broken TSX lose hle/rtm first;
 *  - candidates are tried newest first (reverse cpu_map index order), only
 *    those marked decodable for the kind of definition being produced;
 *  - per candidate, features the data has beyond the model are "require",
 *    model features the data lacks are "disable" (a host definition may not
 *    disable anything; a guest definition also disables the model's
 *    `removed` features the data lacks);
 *  - a candidate whose signature matches the data beats one that does not;
 *    otherwise the shorter feature list wins (guest definitions weigh the
 *    k-th disabled feature 2 + k), ties keeping the earlier pick.
 */
import { lazy } from '../../core/lazy.js';
import { fail, ok, type Result } from '../../core/errors.js';
import { LIBVIRT_X86_FEATURES } from '../../data/x86_64/libvirt-features.js';
import { LIBVIRT_X86_BROKEN_TSX, LIBVIRT_X86_MODELS, type LibvirtX86ModelRow } from '../../data/x86_64/libvirt-models.js';
import type { LibvirtCpu } from '../../core/libvirt-model.js';
import type { DecodedX86Cpu } from './cpuid.js';

export type DefinitionKind = 'host' | 'guest';

export interface HostModelResult {
  /** libvirt model name, e.g. 'Skylake-Client-v2' */
  model: string;
  /** libvirt vendor name ('Intel', 'AMD', 'Hygon', …); absent for an unknown vendor */
  vendor?: string;
  signature: { family: number; model: number; stepping: number };
  /** features to require beyond the model, in libvirt's feature order */
  features: string[];
  /** model features the CPU lacks (plus, for guest definitions, the model's removed features), in libvirt's order */
  disabled: string[];
}

export interface HostModelOptions {
  /** 'host' (default): the host CPU definition; 'guest': the guest CPU definition */
  kind?: DefinitionKind;
  /** restrict candidates to these model names (the hypervisor's supported models) */
  models?: readonly string[];
  /** drop features libvirt marks not migratable (invtsc, xsaves) */
  migratable?: boolean;
}

// ------------------------------------------------------------ the model map

export interface ResolvedLibvirtModel {
  row: LibvirtX86ModelRow;
  /** index in cpu_map order */
  order: number;
  vendor?: string;
  signatures: readonly { family: number; model: number; stepping?: string }[];
  /** the model's CPUID data: own features plus the ancestors', as names */
  features: ReadonlySet<string>;
}

// made on first use: loading this module (release.ts does, for every libvirt <cpu> written) reads no table
const featureOrder = lazy(() => new Map(LIBVIRT_X86_FEATURES.map((f, i) => [f.name, i])));
const rowByName = lazy(() => new Map(LIBVIRT_X86_MODELS.map((m) => [m.name, m])));
const resolvedCache = new Map<string, ResolvedLibvirtModel>();

/** A libvirt model with its inheritance followed (vendor, signatures, features). */
export function libvirtModel(name: string): ResolvedLibvirtModel | undefined {
  const hit = resolvedCache.get(name);
  if (hit) return hit;
  const row = rowByName().get(name);
  if (!row) return undefined;
  const parent = row.inherits ? libvirtModel(row.inherits) : undefined;
  const features = new Set(parent ? [...parent.features].filter((f) => !(parent.row.removed ?? []).includes(f)) : []);
  for (const f of row.features) features.add(f);
  const vendor = row.vendor ?? parent?.vendor;
  const r: ResolvedLibvirtModel = {
    row,
    order: LIBVIRT_X86_MODELS.indexOf(row),
    ...(vendor ? { vendor } : {}),
    signatures: row.signatures.length ? row.signatures : (parent?.signatures ?? []),
    features,
  };
  resolvedCache.set(name, r);
  return r;
}

/** Feature names sorted into libvirt's feature order (unknown names last, by name). */
/** Does libvirt's x86 CPU map have a feature of this name? */
export function isLibvirtFeature(name: string): boolean {
  return featureOrder().has(name);
}

export function inLibvirtOrder(names: Iterable<string>): string[] {
  const order = featureOrder();
  return [...new Set(names)].sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || a.localeCompare(b));
}

/**
 * A libvirt CPU definition expanded to all its features: the model's data,
 * plus required features, minus disabled ones. Unknown models give undefined.
 */
export function expandLibvirtCpu(model: string, require: Iterable<string>, disable: Iterable<string> = []): string[] | undefined {
  const m = libvirtModel(model);
  if (!m) return undefined;
  const s = new Set(m.features);
  for (const f of require) s.add(f);
  for (const f of disable) s.delete(f);
  return inLibvirtOrder(s);
}

function signatureMatches(m: ResolvedLibvirtModel, sig: { family: number; model: number; stepping: number }): boolean {
  return m.signatures.some((s) => {
    if (s.family !== sig.family || s.model !== sig.model) return false;
    if (s.stepping === undefined) return true;
    const [lo, hi] = s.stepping.split('-').map(Number) as [number, number | undefined];
    return sig.stepping >= lo && sig.stepping <= (hi ?? lo);
  });
}

function brokenTsx(cpu: DecodedX86Cpu): boolean {
  if (cpu.vendor !== 'Intel') return false;
  return LIBVIRT_X86_BROKEN_TSX.some((b) => b.family === cpu.family && b.model === cpu.model && (b.steppingBelow === undefined || cpu.stepping < b.steppingBelow));
}

interface Candidate {
  model: ResolvedLibvirtModel;
  features: string[];
  disabled: string[];
  cost: number;
  sigMatch: boolean;
}

/**
 * libvirt's model choice for a decoded CPU: a host CPU definition by
 * default, a guest CPU definition with kind 'guest'.
 */
export function libvirtHostModel(cpu: DecodedX86Cpu, opts: HostModelOptions = {}): Result<HostModelResult> {
  const kind = opts.kind ?? 'host';
  const data = new Set(cpu.libvirt);
  if (brokenTsx(cpu)) {
    data.delete('hle');
    data.delete('rtm');
  }
  const allowed = opts.models ? new Set(opts.models) : undefined;
  const sig = { family: cpu.family, model: cpu.model, stepping: cpu.stepping };
  const hasSig = cpu.family !== 0 || cpu.model !== 0;
  let best: Candidate | undefined;
  for (let i = LIBVIRT_X86_MODELS.length - 1; i >= 0; i--) {
    const row = LIBVIRT_X86_MODELS[i]!;
    if (allowed && !allowed.has(row.name)) continue;
    if (kind === 'host' ? !row.decodeHost : !row.decodeGuest) continue;
    const m = libvirtModel(row.name)!;
    if (m.vendor && cpu.vendor && m.vendor !== cpu.vendor) continue;
    const features = inLibvirtOrder([...data].filter((f) => !m.features.has(f)));
    let disabled = inLibvirtOrder([...m.features].filter((f) => !data.has(f)));
    if (kind === 'host' && disabled.length) continue;
    // a guest definition also turns off the features the model file marks
    // removed (they were part of the model once) when the data lacks them
    if (kind === 'guest') disabled = [...new Set([...disabled, ...(row.removed ?? []).filter((f) => !data.has(f))])];
    let cost = features.length;
    if (kind === 'guest') disabled.forEach((_, k) => (cost += 2 + k));
    else cost += disabled.length;
    const cand: Candidate = { model: m, features, disabled, cost, sigMatch: hasSig && signatureMatches(m, sig) };
    if (!best) {
      best = cand;
      continue;
    }
    if (hasSig && best.sigMatch !== cand.sigMatch) {
      if (cand.sigMatch) best = cand;
      continue;
    }
    if (cand.cost < best.cost || (cand.cost === best.cost && cand.disabled.length < best.disabled.length)) best = cand;
  }
  if (!best) {
    return fail({
      code: 'no-baseline',
      message: `${cpu.source}: no libvirt CPU model fits the CPU (vendor ${cpu.vendor ?? `'${cpu.vendorString}'`}, family ${cpu.family} model ${cpu.model}) as a ${kind} CPU definition`,
      value: cpu.source,
    });
  }
  let features = best.features;
  let disabled = best.disabled;
  if (opts.migratable) {
    const nonMigratable = new Set(LIBVIRT_X86_FEATURES.filter((f) => f.migratable === false).map((f) => f.name));
    features = features.filter((f) => !nonMigratable.has(f));
    disabled = disabled.filter((f) => !nonMigratable.has(f));
  }
  return ok({
    model: best.model.row.name,
    ...(cpu.vendor ? { vendor: cpu.vendor } : {}),
    signature: sig,
    features,
    disabled,
  });
}

/**
 * libvirt's `<cpu>` forms of a model choice:
 *  - 'host': the host CPU definition (capabilities, cputest -host.xml):
 *    arch, model, vendor, signature and the extra features without policy;
 *  - 'guest' (or 'custom'): the guest CPU definition (cputest -guest.xml):
 *    mode='custom' match='exact', fallback='forbid', vendor, require/disable.
 */
export function hostModelCpu(r: HostModelResult, mode: DefinitionKind | 'custom'): LibvirtCpu {
  return (
    mode === 'host'
      ? {
          arch: 'x86_64',
          model: { name: r.model },
          ...(r.vendor ? { vendor: r.vendor } : {}),
          signature: { ...r.signature },
          features: [...r.features.map((name) => ({ name })), ...r.disabled.map((name) => ({ name, policy: 'disable' as const }))],
        }
      : {
          mode: 'custom',
          match: 'exact',
          model: { name: r.model, fallback: 'forbid' },
          ...(r.vendor ? { vendor: r.vendor } : {}),
          features: [...r.features.map((name) => ({ name, policy: 'require' as const })), ...r.disabled.map((name) => ({ name, policy: 'disable' as const }))],
        });
}
