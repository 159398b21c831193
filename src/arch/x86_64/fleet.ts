/**
 * x86_64's fleet rules (fleet/fleet.ts has the interface and the generic
 * algorithms): the runnability engine decides (host/engine.ts): the host's
 * own driver (KVM with its features, or TCG; its QEMU release) creates the
 * guest's model with its props and names what is missing; guests without a
 * model (host documents, host-model) need their features in the engine's
 * host set. A vendor is checked only where the guest names one (libvirt's
 * <vendor>, host-model, a host's own CPU): QEMU runs a custom model of
 * another vendor. What the host's release does not know is refused by name.
 * The baseline never mixes vendors and leaves out what a migratable CPU
 * cannot carry (`invtsc`), answering the newest versioned model of the
 * vendor plus a delta, and in libvirt's vocabulary (feature names mapped by
 * CPUID bit, plus disables for what QEMU's model of that name would add).
 */
import { near } from '../../core/suggest.js';
import type { FeatureSet } from '../../core/bitset.js';
import type { FeatureCatalog } from '../../core/catalog.js';
import type { ModelInfo } from '../../core/driver.js';
import { fail, ok, type Result } from '../../core/errors.js';
import { modelWithSignature, signature } from '../../core/signature.js';
import type { HostDoc } from '../../host/doc.js';
import { knownIn, profileFor, x86ClassSince, x86FeaturesUnknownIn, x86KvmDriver, x86KvmSupported } from '../../host/engine.js';
import { X86_KVM_DEFAULT_PROPS, X86_KVM_EMULATED_FEATURES } from '../../data/x86_64/models.js';
import {
  fleetErr,
  guestSetOf,
  listSome,
  resolveGuest,
  resolveQmp,
  setOfNames,
  type FleetClass,
  type FleetRules,
  type LibvirtCpu,
  type ResolvedGuest,
} from '../../fleet/fleet.js';
import { x86Catalog } from './catalog.js';
import { vendorName } from './cpuid.js';
import { X86Driver } from './driver.js';
import { decodeGuest, libvirtX86Catalog, resolveCpu } from './libvirt-cpu.js';
import { x86FeatureNames } from './names.js';

export interface X86Candidate {
  name: string;
  vendor: string;
  set: FeatureSet;
  count: number;
  deprecated: boolean;
}

export interface X86Context extends FleetRules {
  readonly arch: 'x86_64';
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

/** The newest versioned x86 model (of the vendor) whose features all fit in `set`. */
export function x86BestNamed(ctx: X86Context, set: FeatureSet, vendor?: string): X86Candidate | undefined {
  // the candidates with the most features first (those of equal count in their order): the first that fits is the
  // one with the most features, the first of them in the candidates' order
  // (none with more features than the set has can fit)
  const n = set.count();
  for (const c of byCount(ctx.candidates)) {
    if (c.count > n || (vendor && c.vendor !== vendor)) continue;
    if (c.set.isSubsetOf(set)) return c;
  }
  return undefined;
}

const sortedByCount = new WeakMap<readonly X86Candidate[], readonly X86Candidate[]>();
/** The candidates by feature count, most first; a stable sort keeps the order of those of equal count. */
function byCount(cs: readonly X86Candidate[]): readonly X86Candidate[] {
  let s = sortedByCount.get(cs);
  if (!s) sortedByCount.set(cs, (s = [...cs].sort((a, b) => b.count - a.count)));
  return s;
}

/**
 * What the runnability engine lets a KVM guest use on this host (the
 * driver of the host's QEMU release), carried over to the fleet's catalog by
 * name: a feature that release does not know stays absent.
 */
function engineSupported(catalog: FeatureCatalog, doc: HostDoc, set: FeatureSet): FeatureSet {
  const sup = x86KvmSupported(doc, doc.release, { catalog, set });
  return sup.catalog === catalog ? sup.set : catalog.setOf(sup.catalog.names(sup.set).filter((n) => catalog.feature(n)));
}

function libvirtVendorString(name: string): string | undefined {
  return { Intel: 'GenuineIntel', AMD: 'AuthenticAMD', Hygon: 'HygonGenuine', 'Zhaoxin CentaurHauls': 'CentaurHauls' }[name];
}

let x86Ctx: X86Context | undefined;

/** x86_64's fleet context, built once (KVM, not TCG: a fleet runs KVM guests — no TCG default vme=off, KVM leaves allowed). */
export function x86FleetRules(): X86Context {
  if (x86Ctx) return x86Ctx;
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
  const catalog = cat.features;
  const alwaysOn = cat.alwaysOn;
  const provided = cat.alwaysOn.or(cat.kvmOnly);
  const unmigratable = cat.unmigratable;
  const emulated = catalog.setOf(X86_KVM_EMULATED_FEATURES.filter((n) => catalog.feature(n)));
  const withAlwaysOn = catalog.empty();

  const resolveModel = (info: ModelInfo, where: string, depr: Set<string>): Result<ResolvedGuest> => {
    const empty = catalog.empty();
    // QEMU loads a table model under KVM with KVM's defaults, then the user's props
    const user = info.props && typeof info.props === 'object' && !Array.isArray(info.props) ? info.props : {};
    const kvmDefaults = Object.fromEntries(Object.entries(X86_KVM_DEFAULT_PROPS).filter(([k]) => catalog.feature(k)));
    const known = cat.classByName.get(info.name);
    const c = driver.parse(known && (known.kind === 'version' || known.kind === 'alias') ? { name: info.name, props: { ...kvmDefaults, ...user } } : info);
    if (!c.ok) return fail({ ...c.error, message: `${where}: ${c.error.message}` });
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
      display: modelWithSignature(name, signature(catalog, features)),
    });
  };

  const ctx: X86Context = {
    arch: 'x86_64',
    catalog,
    driver,
    provided,
    alwaysOn,
    emulated,
    unmigratable,
    candidates,
    toLibvirt,
    fromLibvirt,
    holdBackSkip: unmigratable,

    classKey(doc) {
      const v = doc.identity['vendor'];
      const vendor = typeof v === 'string' ? v : '';
      return { ident: vendor, vendor };
    },

    classParts(doc, set, vendor) {
      // the model is ours (the best versioned model of the vendor the host
      // can run, hypervisor counted as KVM provides it), not the document's,
      // which may name a model by another rule
      // (the union in a set kept for it: x86BestNamed only reads it)
      withAlwaysOn.words.set(set.words);
      const model = x86BestNamed(ctx, withAlwaysOn.ior(alwaysOn), vendor || undefined)?.name ?? doc.model;
      const supported = engineSupported(catalog, doc, set);
      return ok({ model, supported, doc, guestSet: set.and(supported) });
    },

    qmpOf(set, ident) {
      const best = x86BestNamed(ctx, set, ident.vendor || undefined);
      const base = best?.set ?? catalog.empty();
      const name = best?.name ?? 'base';
      // the driver settles dependent features (vmx brings the model's vmx-* bits back)
      const props = driver.deltaProps(name, base, set);
      return Object.keys(props).length ? { name, props } : { name };
    },

    libvirtOf(set, ident) {
      const notes: string[] = [];
      const lv = libvirtX86Catalog();
      const data = lv.features.empty();
      const unnamed: string[] = [];
      for (const n of catalog.names(set)) {
        const l = toLibvirt.get(n);
        const f = l ? lv.features.feature(l) : undefined;
        if (f) data.add(f.index);
        else if (!provided.has(catalog.feature(n)!.index)) unnamed.push(n);
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
        const extra = g.value.features.andNot(set).iandNot(provided).iandNot(emulated);
        const lvNames: string[] = [];
        for (const n of catalog.names(extra)) {
          const l = toLibvirt.get(n);
          if (l && lv.features.feature(l)) lvNames.push(l);
          else notes.push(`QEMU's ${d.value.model.name} adds ${n}, which libvirt cannot disable`);
        }
        if (lvNames.length) cpu.features = [...cpu.features, ...lvNames.map((name) => ({ name, policy: 'disable' as const }))];
      }
      return { cpu, notes };
    },

    baseline(af, notes) {
      const classes = af.classes;
      const vendors = new Map<string, FleetClass[]>();
      for (const c of classes) {
        if (!c.vendor) continue;
        const l = vendors.get(c.vendor) ?? [];
        l.push(c);
        vendors.set(c.vendor, l);
      }
      if (vendors.size > 1) {
        const parts = [...vendors].map(([v, cs]) => `${v} (${listSome(cs.flatMap((c) => c.hosts.slice(0, 3)), 3)}; ${((n) => `${n} host${n === 1 ? '' : 's'}`)(cs.reduce((n, c) => n + c.hosts.length, 0))})`);
        return fleetErr('mixed-vendor', `CPU vendors differ: ${parts.join(' and ')}; a baseline never mixes vendors`, { value: [...vendors.keys()].join(','), hint: 'baseline the hosts of each vendor separately' });
      }
      const set = guestSetOf(classes[0]!).clone();
      for (let i = 1; i < classes.length; i++) set.iand(guestSetOf(classes[i]!));
      const dropped = set.and(unmigratable);
      if (!dropped.isEmpty()) notes.push(`left out (a migratable CPU cannot carry): ${catalog.names(dropped).join(', ')}`);
      set.iandNot(unmigratable).ior(alwaysOn);
      const vendor = vendors.size === 1 ? [...vendors.keys()][0]! : undefined;
      return ok({ set, ident: vendor ? { vendor } : {} });
    },

    hostGuest: (own) => ({ features: own.or(alwaysOn), required: own.andNot(provided) }),

    resolveLibvirt(cpu, g, where, depr) {
      const mode = cpu.mode ?? 'custom';
      // QEMU runs the model libvirt names (-cpu MODEL,+f,-g), with KVM's defaults underneath
      const lvVendor = cpu.vendor;
      const vendor = lvVendor ? (libvirtVendorString(lvVendor) ?? lvVendor) : undefined;
      const model = cpu.model!.name;
      if (cat.classByName.has(model)) {
        const props: Record<string, boolean> = {};
        const names = (pol: readonly string[]) => cpu.features.filter((f) => pol.includes(f.policy ?? 'require')).map((f) => fromLibvirt.get(f.name) ?? f.name);
        const lvCat = libvirtX86Catalog();
        for (const f of cpu.features) {
          const q = fromLibvirt.get(f.name);
          // a libvirt feature QEMU has no property for (osxsave, ospke, cmt …): libvirt leaves it out of the command line
          if ((!q || !catalog.feature(q)) && lvCat.features.feature(f.name)) continue;
          if (!q || !catalog.feature(q)) {
            return fleetErr('unknown-property', `${where}: <feature name='${f.name}'/>: unknown CPU feature '${f.name}'`, { value: f.name, ...near(f.name, fromLibvirt.keys()) });
          }
          const p = f.policy ?? 'require';
          if (p === 'require' || p === 'force') props[q] = true;
          else if (p === 'disable' || p === 'forbid') props[q] = false;
        }
        const r = resolveQmp(ctx, { name: model, props }, where, depr);
        if (!r.ok) return r;
        const forbidden = setOfNames(ctx, names(['forbid']), where);
        if (!forbidden.ok) return forbidden;
        const optional = setOfNames(ctx, names(['optional']), where);
        if (!optional.ok) return optional;
        return ok({ ...r.value, input: g, mode, ...(vendor ? { vendor, vendorStrict: true } : {}), forbidden: forbidden.value, optional: optional.value, display: model });
      }
      // a name only libvirt's CPU map has: libvirt's vocabulary, mapped to QEMU's by CPUID bit
      const lv = libvirtX86Catalog();
      const rc = resolveCpu({ ...cpu, origin: cpu.origin ?? where }, { type: 'guest' }, lv);
      if (!rc.ok) return rc;
      const v = rc.value;
      const toQemu = (s: FeatureSet): FeatureSet => {
        const out = catalog.empty();
        for (const n of lv.features.names(s)) {
          const q = fromLibvirt.get(n);
          const f = q ? catalog.feature(q) : undefined;
          if (f) out.add(f.index);
        }
        return out;
      };
      const features = toQemu(v.full).ior(alwaysOn);
      const required = toQemu(v.required.andNot(v.forced).iandNot(v.optional).iandNot(v.disabled).iandNot(v.forbidden)).iandNot(provided);
      // the host's own release may still have the model (Icelake-Client before 7.1): its driver decides there
      const qprops = Object.fromEntries(cpu.features.filter((f) => f.policy !== 'optional').map((f) => [fromLibvirt.get(f.name) ?? f.name, f.policy === 'require' || f.policy === 'force' || f.policy === undefined]));
      return ok({
        arch: 'x86_64',
        input: g,
        mode,
        anyHost: false,
        model,
        ...(vendor ? { vendor, vendorStrict: true } : {}),
        qemu: Object.keys(qprops).length ? { name: model, props: qprops } : { name: model },
        features,
        required,
        forbidden: toQemu(v.forbidden),
        optional: toQemu(v.optional),
        deprecated: depr.has(model),
        display: model,
      });
    },

    resolveModel,

    unknownIn(g, release) {
      if (!g.model) return [];
      const out: string[] = [];
      // the model the guest names: absent from that release's catalog (added later, or removed), or newer than it
      const asked = g.input.kind === 'qmp' || g.input.kind === 'normalized' ? g.input.model.name : g.input.kind === 'libvirt' ? g.input.cpu.model?.name : undefined;
      const profile = profileFor(release);
      const cls = cat.classByName.get(g.model);
      if (asked && profile !== 'latest' && !x86Catalog(profile).classByName.has(asked)) out.push(`model ${asked}`);
      else if (cls && !knownIn(x86ClassSince(cls), release)) out.push(`model ${g.model}`);
      // the features it has, and those it names (QEMU refuses a property it does not know, even one it would drop)
      const named = g.input.kind === 'qmp' || g.input.kind === 'normalized' ? Object.keys(g.input.model.props ?? {}) : g.input.kind === 'libvirt' ? g.input.cpu.features.map((f) => fromLibvirt.get(f.name) ?? f.name) : [];
      const names = [...new Set([...catalog.names(g.required), ...named])];
      for (const f of x86FeaturesUnknownIn(names, release)) out.push(`feature ${f}`);
      return out;
    },

    /**
     * What the host's own driver (the engine: its accelerator, release and
     * features) finds missing when it creates the guest's model with its
     * props — TCG's model defaults, KVM's, by construction the same as
     * domcapabilities. Undefined when that driver cannot create it (a
     * release without the model or a property: unknownIn names those).
     */
    engineMissing(info, doc) {
      const d = x86KvmDriver(doc);
      const p = d.parse(info);
      if (!p.ok) return undefined;
      const names = d.catalog.names(p.value.features.andNot(d.supported()));
      return catalog.setOf(names.filter((n) => catalog.feature(n)));
    },

    hostModelOf(src, notes) {
      const set = guestSetOf(src).or(alwaysOn);
      const dropped = set.and(unmigratable);
      if (!dropped.isEmpty()) notes.push(`left out of the migratable host-model: ${catalog.names(dropped).join(', ')}`);
      set.iandNot(unmigratable);
      return { set, ident: src.vendor ? { vendor: src.vendor } : {} };
    },

    requiredOf: (set) => set.andNot(provided),

    policyFeature(name) {
      const q = fromLibvirt.get(name);
      const d = q ? catalog.feature(q) : undefined;
      return d ? catalog.empty().add(d.index) : undefined;
    },

    libvirtName: (q) => toLibvirt.get(q) ?? q,

    tcgVariant(defined) {
      // a definition normalized under TCG carries TCG's defaults (vme=off)
      const t = defined.clone();
      for (const [i, on] of cat.tcgDefaults) t.set(i, on);
      return t;
    },
  };
  x86Ctx = ctx;
  return ctx;
}
