/**
 * ppc64's fleet rules (fleet/fleet.ts has the interface and the generic
 * algorithms). The features are the compat modes, each with every older one:
 * libvirt runs a custom POWERx guest on a POWERy host in compat mode x when
 * y ≥ x (libvirt src/cpu/cpu_ppc64.c: ppc64Compute accepts a guest model of
 * the host's generation or an older one, as the compat mode; a newer one is
 * incompatible), so runnability and the baseline are set algebra on them:
 * the baseline is the compat modes every host has, named by the newest of
 * them (libvirt's ppc64 baseline refuses mixed generations only when one is
 * not a compat mode of the other, which the set algebra covers). Host-model
 * is the host's own model in its own compat mode; libvirt's feature names
 * are QEMU's.
 */
import type { FeatureSet } from '../../core/bitset.js';
import type { ModelInfo } from '../../core/driver.js';
import { fail, ok, type Result } from '../../core/errors.js';
import { modelWithSignature, signature } from '../../core/signature.js';
import { customGuest, qemuNamedRules, fleetErr, resolveLibvirtByQemuNames, type FleetRules, type LibvirtCpu } from '../../fleet/fleet.js';
import { Ppc64Driver } from './driver.js';

export interface Ppc64Context extends FleetRules {
  readonly arch: 'ppc64';
  readonly driver: Ppc64Driver;
}

let ppc64Ctx: Ppc64Context | undefined;

export function ppc64FleetRules(): Ppc64Context {
  if (ppc64Ctx) return ppc64Ctx;
  const driver = new Ppc64Driver({ profile: 'latest' });
  const catalog = driver.catalog;
  /**
   * The newest compat mode of the set names the CPU — QEMU's family class at
   * that level, libvirt's model of that family (libvirt runs it in that
   * compat mode on any newer host).
   */
  const named = (set: FeatureSet): { qmp: ModelInfo; libvirt: string } => {
    const norm = driver.normalize({ model: '', features: set });
    const cls = driver.cat.classByName.get(norm.name);
    const lv = driver.cat.libvirtModels.find((m) => m.name.toLowerCase() === cls?.family.name.toLowerCase())?.name ?? cls?.family.name ?? norm.name;
    return { qmp: { name: norm.name }, libvirt: lv };
  };
  const ctx: Ppc64Context = {
    arch: 'ppc64',
    catalog,
    ...qemuNamedRules(catalog),
    driver,
    classKey: () => ({ ident: '' }),
    classParts: (doc) => ok({ model: doc.model }),
    qmpOf: (set) => named(set).qmp,
    libvirtOf: (set) => ({ cpu: { mode: 'custom', match: 'exact', model: { name: named(set).libvirt, fallback: 'forbid' }, features: [] }, notes: [] }),
    baseline(af) {
      // the compat modes every host has
      const set = af.classes[0]!.set.clone();
      for (let i = 1; i < af.classes.length; i++) set.iand(af.classes[i]!.set);
      return ok({ set, ident: {} });
    },
    resolveLibvirt: (cpu, g, where, depr) => resolveLibvirtByQemuNames(ctx, cpu, g, where, depr),
    resolveModel(info, where, depr) {
      // libvirt runs a custom POWERx in compat mode x: the model's compat modes are what a host must have
      const m = driver.parse(info);
      if (!m.ok) return fail({ ...m.error, message: `${where}: ${m.error.message}` });
      const features = m.value.features;
      return ok(customGuest(ctx, info, m.value.cls.name, features, depr.has(info.name), modelWithSignature(m.value.cls.name, signature(catalog, features))));
    },
    // libvirt's ppc64 host-model: the source's model in its own compat mode
    hostModelOf: (src) => ({ set: src.set.clone(), ident: {} }),
  };
  ppc64Ctx = ctx;
  return ctx;
}

/**
 * libvirt's ppc64 cpu-compare (src/cpu/cpu_ppc64.c): a guest model runs on
 * the host in compat mode when the host's generation has that compat mode;
 * a newer one is incompatible, named by the compat modes the host lacks.
 */
export function ppc64Compare(host: LibvirtCpu, guest: LibvirtCpu): Result<{ result: string; reasons: string[] }> {
  if (guest.mode && guest.mode !== 'custom') return ok({ result: 'IDENTICAL', reasons: [] });
  const ctx = ppc64FleetRules();
  const h = ctx.resolveLibvirt({ ...host, mode: 'custom', features: [] }, { kind: 'libvirt', cpu: host }, host.origin ?? 'host', new Set());
  if (!h.ok) return h;
  const g = ctx.resolveLibvirt(guest, { kind: 'libvirt', cpu: guest }, guest.origin ?? 'guest', new Set());
  if (!g.ok) return g;
  const missing = g.value.required.andNot(h.value.features);
  if (!missing.isEmpty()) return ok({ result: 'INCOMPATIBLE', reasons: ctx.catalog.names(missing) });
  return ok({ result: h.value.features.equals(g.value.features) ? 'IDENTICAL' : 'SUPERSET', reasons: [] });
}

/**
 * libvirt's ppc64 cpu-baseline: every CPU must be of one model (libvirt:
 * "CPUs are incompatible" otherwise; compat modes are a fleet's answer, not
 * cpu-baseline's), and a vendor, when given, one vendor.
 */
export function ppc64Baseline(cpus: readonly LibvirtCpu[]): Result<LibvirtCpu> {
  const first = cpus[0];
  if (!first?.model) return fleetErr('missing-input', 'ppc64 baseline: no CPU with a <model> given', { value: String(cpus.length) });
  for (const c of cpus.slice(1)) {
    if (c.model?.name !== first.model.name) return fleetErr('no-baseline', `CPUs are incompatible: ${c.origin ?? 'a CPU'} is ${c.model?.name ?? '(no model)'}, ${first.origin ?? 'the first'} is ${first.model.name}`, { value: c.model?.name ?? '' });
    if (c.vendor && first.vendor && c.vendor !== first.vendor) return fleetErr('no-baseline', `CPU vendors differ: ${c.vendor} and ${first.vendor}`, { value: c.vendor });
  }
  return ok({ mode: 'custom', match: 'exact', model: { name: first.model.name, fallback: 'forbid' }, ...(first.vendor ? { vendor: first.vendor } : {}), features: [] });
}
