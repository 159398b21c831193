/**
 * aarch64's host documents and fleet rules (fleet/fleet.ts has the interface
 * and the generic algorithms).
 *
 * A host is what libvirt's ARM driver reads of it: the MIDR (implementer,
 * part; libvirt src/cpu/cpu_arm.c names the host CPU by the vendor and the
 * model of that MIDR) and the hwcaps decoded from the ID registers (what
 * Linux prints as Features). Its model is QEMU's class of the same
 * implementer and part, else `host`.
 *
 * Rules, libvirt's and QEMU's under KVM:
 *  - libvirt reports no host-model on aarch64 (domcapabilities: host-model
 *    supported='no'), so a host-model guest is refused with that reason;
 *    host-passthrough and maximum run anywhere and migrate only between
 *    identical hosts.
 *  - QEMU 7.2 under KVM creates only `host` and `max` (any other type: "We
 *    cannot guarantee the CPU type … works with KVM"), and libvirt's ARM
 *    compare of a host CPU with another is identical only for the same
 *    vendor and model. So a custom guest runs on a host whose CPU is that
 *    model (same MIDR implementer and part) with every feature the guest
 *    has; the `type` reason names a host of another model.
 *  - the baseline (libvirt's ARM baseline keeps the first CPU's model):
 *    the hwcaps every host has, named by the hosts' model when they all
 *    share one; hosts of several models get the first one's name and a note
 *    that only host-passthrough runs across them.
 */
import { ok, type Result } from '../../core/errors.js';
import { modelWithSignature, signature } from '../../core/signature.js';
import { HOST_DOC_FORMAT, type HostDoc } from '../../host/doc.js';
import { customGuest, qemuNamedRules, fleetErr, resolveLibvirtByQemuNames, type FleetRules, type LibvirtCpu } from '../../fleet/fleet.js';
import { aarch64Catalog, implementerName, joinMidr, type Aarch64Catalog, type Midr } from './catalog.js';
import { probeHostText } from './probe.js';

const hex = (n: number, w: number): string => `0x${n.toString(16).padStart(w, '0')}`;

/** QEMU's class of a MIDR (same implementer and part), if it has one. */
function modelOfMidr(cat: Aarch64Catalog, m: Midr): string | undefined {
  return cat.classes.find((c) => c.midr.implementer === m.implementer && c.midr.part === m.part && c.name !== 'max')?.name;
}

/** A host document of an aarch64 host's /proc/cpuinfo or QMP expansion of `host`. */
export function aarch64HostDoc(text: string, origin: string): Result<HostDoc> {
  const cat = aarch64Catalog('latest');
  const p = probeHostText(cat, text, origin);
  if (!p.ok) return p;
  const m = p.value.midr;
  const model = modelOfMidr(cat, m) ?? 'host';
  const sig = signature(cat.features, p.value.features);
  return ok({
    format: HOST_DOC_FORMAT,
    arch: 'aarch64',
    name: origin,
    identity: { implementer: hex(m.implementer, 2), vendor: implementerName(m.implementer), part: hex(m.part, 3), variant: m.variant, revision: m.revision, midr: hex(joinMidr(m), 8) },
    model,
    features: cat.features.names(p.value.features),
    signature: sig,
    display: modelWithSignature(model, sig),
    source: { kind: looksJson(text) ? 'qmp-expansion' : 'cpuinfo', origin },
  });
}

const looksJson = (t: string): boolean => t.trimStart().startsWith('{');

export interface Aarch64Context extends FleetRules {
  readonly arch: 'aarch64';
}

let ctxOnce: Aarch64Context | undefined;

export function aarch64FleetRules(): Aarch64Context {
  if (ctxOnce) return ctxOnce;
  const cat = aarch64Catalog('latest');
  const catalog = cat.features;
  const kvmAdds = catalog.setOf(['aarch64', 'pmu']);
  /** a host's CPU model: its MIDR implementer and part, as the document names it */
  const cpuOf = (identity: Readonly<Record<string, unknown>>): string => `${String(identity['implementer'] ?? '?')}:${String(identity['part'] ?? '?')}`;
  const ctx: Aarch64Context = {
    arch: 'aarch64',
    catalog,
    ...qemuNamedRules(catalog),
    classKey: (doc) => ({ ident: cpuOf(doc.identity) }),
    // under KVM QEMU's host CPU also has the 64-bit state and the PMU (the driver's KVM host class adds them), which no hwcap names
    classParts: (doc, set) => ok({ model: doc.model, supported: set.or(kvmAdds) }),
    qmpOf: (_set, ident) => ({ name: ident.model ?? 'host' }),
    libvirtOf: (set, ident) => ({ cpu: { mode: 'custom', match: 'exact', model: { name: ident.model ?? 'host', fallback: 'forbid' }, features: [] }, notes: [] }),
    baseline(af, notes) {
      // the hwcaps every host has, under the first host's model (libvirt's ARM baseline)
      const set = af.classes[0]!.set.clone();
      for (let i = 1; i < af.classes.length; i++) set.iand(af.classes[i]!.set);
      const models = [...new Set(af.classes.map((c) => c.model))];
      if (models.length > 1) notes.push(`hosts of ${models.length} CPU models (${models.join(', ')}): libvirt's ARM baseline names the first; under KVM QEMU runs only host or max, so a guest migrates only between hosts of one model`);
      return ok({ set, ident: { model: af.classes[0]!.model, cpu: cpuOf(af.classes[0]!.identity) } });
    },
    newer: (guest, host) => !!(guest.cpu && host.identity && guest.cpu !== cpuOf(host.identity)),
    resolveLibvirt: (cpu, g, where, depr) => resolveLibvirtByQemuNames(ctx, cpu, g, where, depr),
    resolveModel(info, where, depr) {
      const c = cat.byName.get(info.name);
      if (!c || c.name === 'max') {
        return fleetErr('unknown-model', `${where}: '${info.name}' is no aarch64 CPU model a KVM guest can name`, { value: info.name, hint: 'under KVM QEMU creates host or max; a named model runs only on a host of that CPU' });
      }
      const features = c.features.clone();
      for (const [k, v] of Object.entries(info.props ?? {})) {
        const f = catalog.feature(k);
        if (!f) return fleetErr('unknown-property', `${where}: unknown aarch64 feature '${k}'`, { value: k });
        features.set(f.index, v === true);
      }
      return ok(customGuest(ctx, info, c.name, features, depr.has(info.name), modelWithSignature(c.name, signature(catalog, features)), { cpu: `${hex(c.midr.implementer, 2)}:${hex(c.midr.part, 3)}` }));
    },
    hostModelOf: (src) => ({ set: src.set.clone(), ident: { model: src.model, cpu: cpuOf(src.identity) } }),
    hostModelRefused: "libvirt reports no host-model on aarch64 (domcapabilities host-model supported='no'): use host-passthrough, or a custom model of the hosts' CPU",
  };
  ctxOnce = ctx;
  return ctx;
}

/**
 * libvirt's ARM cpu-compare (src/cpu/cpu_arm.c): two CPUs are identical
 * when their vendor and model are, else incompatible ("host CPU model does
 * not match required CPU model"); a guest without a model (host-passthrough,
 * maximum) is identical.
 */
export function aarch64Compare(host: LibvirtCpu, guest: LibvirtCpu): Result<{ result: string; reasons: string[] }> {
  if (!guest.model || (guest.mode && guest.mode !== 'custom')) return ok({ result: 'IDENTICAL', reasons: [] });
  if (!host.model) return fleetErr('bad-host-data', `${host.origin ?? 'host'}: the host CPU names no model`, { value: host.origin ?? 'host' });
  const reasons: string[] = [];
  if (host.model.name !== guest.model.name) reasons.push(`host CPU model does not match required CPU model ${guest.model.name}`);
  if (guest.vendor && host.vendor !== guest.vendor) reasons.push(`host CPU vendor does not match required CPU vendor ${guest.vendor}`);
  return ok({ result: reasons.length ? 'INCOMPATIBLE' : 'IDENTICAL', reasons });
}

/** libvirt's ARM cpu-baseline: the first CPU's model (and vendor), exact, fallback forbid. */
export function aarch64Baseline(cpus: readonly LibvirtCpu[]): Result<LibvirtCpu> {
  const first = cpus[0];
  if (!first?.model) return fleetErr('missing-input', 'aarch64 baseline: no CPU with a <model> given', { value: String(cpus.length) });
  return ok({ mode: 'custom', match: 'exact', model: { name: first.model.name, fallback: 'forbid' }, ...(first.vendor ? { vendor: first.vendor } : {}), features: [] });
}
