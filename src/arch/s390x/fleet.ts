/**
 * s390x's fleet rules (fleet/fleet.ts has the interface and the generic
 * algorithms): a guest runs on a host when its generation/GA is not newer
 * (`type` otherwise) and its features are a subset of the host's; the
 * baseline is the s390x driver's (intersection, oldest generation/GA, the
 * newest definition whose base features are present), folded over the
 * distinct host definitions. libvirt's feature names are QEMU's.
 */
import { near } from '../../core/suggest.js';
import type { FeatureSet } from '../../core/bitset.js';
import { fail, ok } from '../../core/errors.js';
import { modelWithSignature, signature } from '../../core/signature.js';
import { customGuest, qemuNamedRules, fleetErr, resolveLibvirtByQemuNames, type FleetClass, type FleetRules, type ResolvedGuest } from '../../fleet/fleet.js';
import type { S390Def } from './catalog.js';
import { S390Driver } from './driver.js';
import { s390DefaultUnder, s390ModelIn, s390QemuUnder } from './machine-compat.js';

export interface S390Context extends FleetRules {
  readonly arch: 's390x';
  readonly driver: S390Driver;
}

/** generation, then GA */
export const genOrder = (a: S390Def, b: S390Def): number => a.gen - b.gen || a.ga - b.ga;

let s390Ctx: S390Context | undefined;

/** The model name a guest gives (QMP name or libvirt <model>), not the definition it stands for. */
function guestName(g: ResolvedGuest): string | undefined {
  const input = g.input;
  return g.qemu?.name ?? (input.kind === 'qmp' ? input.model.name : input.kind === 'libvirt' ? input.cpu.model?.name : undefined);
}

export function s390FleetRules(): S390Context {
  if (s390Ctx) return s390Ctx;
  const driver = new S390Driver({ profile: 'latest' });
  const catalog = driver.catalog;
  const ctx: S390Context = {
    arch: 's390x',
    catalog,
    ...qemuNamedRules(catalog),
    driver,
    classKey: (doc) => ({ ident: doc.model }),
    classParts(doc, _set, _vendor, where) {
      const name = doc.model.replace(/-base$/, '');
      const def = driver.cat.defByName(name);
      if (!def) {
        return fleetErr('unknown-model', `${where}: model '${doc.model}' is not an s390x CPU definition`, { value: doc.model, ...near(name, driver.cat.defs.map((d) => d.name)) });
      }
      return ok({ model: doc.model, def });
    },
    qmpOf: (set, ident) => driver.info({ def: ident.def ?? driver.cat.qemuDef, features: set }, true),
    libvirtOf(set, ident, qmp) {
      const m = qmp ?? ctx.qmpOf(set, ident);
      const features = Object.entries(m.props ?? {}).map(([name, on]) => ({ name, policy: on ? ('require' as const) : ('disable' as const) }));
      return { cpu: { mode: 'custom', match: 'exact', model: { name: m.name, fallback: 'forbid' }, features }, notes: [] };
    },
    baseline(af) {
      // the driver's pairwise rule, folded over the distinct host definitions
      const byDef = new Map<S390Def, FeatureSet>();
      for (const c of af.classes) {
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
        const r = driver.baselineModels(acc, { def, features });
        if (!r.ok) return fail({ ...r.error, message: `${r.error.message} (baseline of ${af.hostCount} hosts)` });
        acc = r.value;
      }
      if (byDef.size === 1) {
        // one definition: the driver still clips to what the definition can carry
        const r = driver.baselineModels(acc!, acc!);
        if (!r.ok) return r;
        acc = r.value;
      }
      return ok({ set: acc!.features, ident: { def: acc!.def } });
    },
    typeHolder(cs: readonly FleetClass[]) {
      // the oldest definition, and whether one class alone has it
      let oldest: S390Def | undefined;
      let oldestCount = 0;
      let second: S390Def | undefined;
      for (const c of cs) {
        if (!oldest || genOrder(c.def!, oldest) < 0) {
          second = oldest;
          oldest = c.def!;
          oldestCount = 1;
        } else if (genOrder(c.def!, oldest) === 0) oldestCount++;
        else if (!second || genOrder(c.def!, second) < 0) second = c.def!;
      }
      return (c) => oldestCount === 1 && genOrder(c.def!, oldest!) === 0 && second !== undefined && genOrder(second, oldest!) > 0;
    },
    newer: (guest, host) => !!(guest.def && host.def && genOrder(guest.def, host.def) > 0),
    resolveLibvirt: (cpu, g, where, depr) => resolveLibvirtByQemuNames(ctx, cpu, g, where, depr),
    resolveModel(info, where, depr) {
      const m = driver.parse(info);
      if (!m.ok) return fail({ ...m.error, message: `${where}: ${m.error.message}` });
      const cls = driver.classes_().find((c) => c.name === info.name);
      const features = m.value.features;
      const deprecated = (cls?.deprecated ?? false) || depr.has(info.name) || depr.has(m.value.def.name);
      return ok(customGuest(ctx, info, m.value.def.name, features, deprecated, modelWithSignature(`${m.value.def.name}-base`, signature(catalog, features)), { def: m.value.def }));
    },
    hostModelOf: (src) => ({ set: src.set.clone(), ident: { def: src.def! } }),
    // a definition the host's QEMU release does not have yet: unknown there, as QEMU says of a class it lacks
    // (the qemu model is in every release, whatever definition it stands for there)
    unknownIn: (g, release) => (g.def && guestName(g) !== 'qemu' && !s390ModelIn(g.def.name, release) ? [g.def.name] : []),
    releaseModel(g, release) {
      // the qemu model, as the release's machine defines it (a z900 before 2.12), with the props the guest gives
      const input = g.input;
      const info = g.qemu ?? (input.kind === 'qmp' ? input.model : undefined);
      if (guestName(g) !== 'qemu') return undefined;
      const q = s390QemuUnder(catalog, driver.cat.findDef, release);
      if (!q) return undefined;
      const props = info?.props ?? (input.kind === 'libvirt' ? Object.fromEntries(input.cpu.features.map((f) => [f.name, f.policy !== 'disable' && f.policy !== 'forbid'])) : {});
      const features = q.features.clone();
      for (const [k, v] of Object.entries(props)) if (typeof v === 'boolean') catalog.switchName(features, k, v);
      return { def: q.def, features, required: features.clone() };
    },
    releaseOmits(g, release) {
      // a default model (not NAME-base) as that release's machine has it, less what the guest asks for by name
      const input = g.input;
      const name = guestName(g);
      if (!g.def || name !== g.def.name) return undefined;
      const off = g.def.default.andNot(s390DefaultUnder(catalog, g.def, g.def.default, release));
      if (off.isEmpty()) return undefined;
      const asked =
        input.kind === 'libvirt'
          ? input.cpu.features.filter((f) => (f.policy ?? 'require') === 'require' || f.policy === 'force').map((f) => f.name)
          : Object.entries((g.qemu ?? (input.kind === 'qmp' ? input.model : undefined))?.props ?? {}).filter(([, v]) => v === true).map(([k]) => k);
      for (const k of asked) catalog.switchName(off, k, false);
      return off;
    },
  };
  s390Ctx = ctx;
  return ctx;
}
