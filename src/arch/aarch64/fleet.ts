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
 *    supported='no'; libvirt refuses to start such a guest: "CPU mode
 *    'host-model' … is not supported by hypervisor"), so a host-model guest
 *    is refused with that reason; host-passthrough and maximum run anywhere
 *    and migrate only between identical hosts.
 *  - QEMU under KVM (7.2 and later) runs `host`, `max` and the models with
 *    a KVM target, cortex-a53 and cortex-a57, and Linux takes those only on
 *    a host of that CPU (data/aarch64/models.ts AARCH64_KVM_TARGET_MODELS).
 *    Any other model is refused on every KVM host ("KVM is not supported
 *    for this guest CPU type"); a cortex-a53/a57 guest runs on a host whose
 *    MIDR has its implementer and part, with every feature it has. The
 *    `type` reason names both cases.
 *  - a host whose CPU is not known (libvirt's domcapabilities without a
 *    host-model: every custom model usable='unknown', QEMU reports no
 *    unavailable-features on aarch64): what needs the host CPU cannot be
 *    known there, so such a host is neither fit nor unfit for a
 *    cortex-a53/a57 guest; what does not (host-passthrough and maximum run,
 *    a model without a KVM target does not) is answered.
 *  - the baseline (libvirt's ARM baseline keeps the first CPU's model):
 *    the hwcaps every known host has, named by the hosts' model when they
 *    all share one; hosts of several models get the name of the model most
 *    hosts have (ties: by name; a fleet has no first host) and a note that
 *    only host-passthrough runs across them. Hosts whose CPU is
 *    not known cannot contribute (fleet/fleet.ts names them).
 */
import { near } from '../../core/suggest.js';
import { fail, ok, type Result } from '../../core/errors.js';
import type { UnknownHostSource } from '../../core/management.js';
import { modelWithSignature, signature } from '../../core/signature.js';
import { HOST_DOC_FORMAT, type HostDoc } from '../../host/doc.js';
import { customGuest, qemuNamedRules, fleetErr, resolveLibvirtByQemuNames, type FleetRules, type LibvirtCpu } from '../../fleet/fleet.js';
import { aarch64Catalog, implementerName, joinMidr, type Aarch64Catalog, type Midr } from './catalog.js';
import { AARCH64_KVM_TARGET_MODELS, LIBVIRT_ARM_MODELS } from '../../data/aarch64/models.js';
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

/**
 * A host document of libvirt's host `<cpu>` on aarch64 (capabilities XML):
 * libvirt names the CPU by its ARM CPU map's model (MIDR implementer and
 * part) and lists the hwcaps as features (Linux's names, ours).
 */
export function aarch64FromLibvirtCpu(h: { model: string; vendor?: string; require: readonly string[] }, origin: string, kind: 'libvirt-capabilities' | 'libvirt-domcapabilities'): Result<HostDoc> {
  const row = LIBVIRT_ARM_MODELS.find((m) => m.name === h.model);
  if (!row) {
    return fail({ code: 'bad-host-data', message: `${origin}: the host CPU names '${h.model}', which libvirt's ARM CPU map (as cpumodels knows it) does not`, value: h.model, ...near(h.model, LIBVIRT_ARM_MODELS.map((m) => m.name), `known: ${LIBVIRT_ARM_MODELS.map((m) => m.name).join(', ')}; or give /proc/cpuinfo`) });
  }
  const cat = aarch64Catalog('latest');
  const known = h.require.filter((n) => cat.features.feature(n));
  const unknown = h.require.filter((n) => !cat.features.feature(n));
  const set = cat.features.setOf(known);
  const model = modelOfMidr(cat, { implementer: row.implementer, part: row.part, variant: 0, architecture: 0xf, revision: 0 }) ?? 'host';
  const sig = signature(cat.features, set);
  return ok({
    format: HOST_DOC_FORMAT,
    arch: 'aarch64',
    name: origin,
    identity: { implementer: hex(row.implementer, 2), vendor: implementerName(row.implementer), part: hex(row.part, 3), libvirtModel: row.name },
    model,
    features: cat.features.names(set),
    signature: sig,
    display: modelWithSignature(model, sig),
    source: { kind, origin },
    notes: [`libvirt names the CPU ${row.name} (MIDR implementer ${hex(row.implementer, 2)}, part ${hex(row.part, 3)}); the features are its hwcaps`, ...(unknown.length ? [`features this catalog does not know, not used: ${unknown.join(' ')}`] : [])],
  });
}

/**
 * The host document of an aarch64 host whose CPU the source does not
 * describe (libvirt's domcapabilities: host-model supported='no', every
 * custom model usable='unknown'): no features, no model, and the reason in
 * its identity (`unknown`), which the fleet rules read back (also from a
 * stored class).
 */
export function aarch64UnknownHostDoc(src: UnknownHostSource): HostDoc {
  const cat = aarch64Catalog('latest');
  if (src.accel === 'tcg') {
    // domain type qemu: TCG emulates every model (what it can emulate is `max`), whatever the host CPU is
    const tsig = signature(cat.features, cat.tcgCapability);
    return {
      format: HOST_DOC_FORMAT,
      arch: 'aarch64',
      name: src.origin,
      identity: { accel: 'tcg' },
      model: 'max',
      features: cat.features.names(cat.tcgCapability),
      signature: tsig,
      display: modelWithSignature('max', tsig),
      source: { kind: src.kind, origin: src.origin },
      ...(src.release ? { release: src.release } : {}),
      accel: 'tcg',
      notes: ['domain type qemu (TCG): every model is emulated, whatever the host CPU; the features are what TCG emulates (max)'],
    };
  }
  const sig = signature(cat.features, cat.features.empty());
  return {
    format: HOST_DOC_FORMAT,
    arch: 'aarch64',
    name: src.origin,
    identity: { unknown: src.why },
    model: UNKNOWN_MODEL,
    features: [],
    signature: sig,
    display: modelWithSignature(UNKNOWN_MODEL, sig),
    source: { kind: src.kind, origin: src.origin },
    ...(src.release ? { release: src.release } : {}),
    ...(src.accel ? { accel: src.accel } : {}),
    notes: [`the host CPU is not known (${src.why}): only what holds for any aarch64 host is answered`],
  };
}

const UNKNOWN_MODEL = 'unknown';

/** Why a host's CPU is not known (its identity says so), or undefined. */
export const unknownCpuOf = (identity: Readonly<Record<string, unknown>>): string | undefined => (typeof identity['unknown'] === 'string' ? identity['unknown'] : undefined);

const KVM_TARGETS = new Set(AARCH64_KVM_TARGET_MODELS);

/** Under KVM QEMU creates this named model at all (it has a KVM target). */
export const hasKvmTarget = (model: string): boolean => KVM_TARGETS.has(model);

const KVM_RULE = `under KVM QEMU runs host, max, and ${AARCH64_KVM_TARGET_MODELS.join(' or ')} on a host of that CPU`;

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
  const known = (identity: Readonly<Record<string, unknown>> | undefined): identity is Readonly<Record<string, unknown>> => !!identity && unknownCpuOf(identity) === undefined;
  /** a TCG host (libvirt's domain type qemu): QEMU's KVM rule does not apply there */
  const tcg = (identity: Readonly<Record<string, unknown>> | undefined): boolean => identity?.['accel'] === 'tcg';
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
      // the hwcaps every host has, under one host's model: libvirt's ARM baseline names the first CPU's; a fleet has no
      // order, so the first is the model most hosts have (ties: by name), the same answer whatever order the hosts come in
      const set = af.classes[0]!.set.clone();
      for (let i = 1; i < af.classes.length; i++) set.iand(af.classes[i]!.set);
      const count = new Map<string, number>();
      for (const c of af.classes) count.set(c.model, (count.get(c.model) ?? 0) + c.hosts.length);
      const models = [...count.keys()].sort((x, y) => count.get(y)! - count.get(x)! || (x < y ? -1 : x > y ? 1 : 0));
      const model = models[0]!;
      const first = af.classes.find((c) => c.model === model)!;
      if (models.length > 1) notes.push(`hosts of ${models.length} CPU models (${models.join(', ')}): libvirt's ARM baseline names the first (here: the model most hosts have); ${KVM_RULE}, so a guest migrates only between hosts of one model`);
      if (!hasKvmTarget(model)) notes.push(`libvirt's ARM baseline names ${model}, but ${KVM_RULE}: a KVM guest of these hosts is host-passthrough, which migrates only between identical hosts`);
      return ok({ set, ident: { model, cpu: cpuOf(first.identity) } });
    },
    // QEMU's KVM rule: a model without a KVM target runs on no KVM host; one with a target only on a host of its CPU (undecided where that is not known)
    newer: (guest, host) => !tcg(host.identity) && ((!!guest.model && !hasKvmTarget(guest.model)) || (!!guest.cpu && known(host.identity) && guest.cpu !== cpuOf(host.identity))),
    typeWhy: (guest, host) =>
      guest.model && !hasKvmTarget(guest.model)
        ? `QEMU has no KVM target for ${guest.model} ("KVM is not supported for this guest CPU type"): ${KVM_RULE}`
        : `the guest's CPU is ${guest.model ?? 'another CPU'}${guest.cpu ? ` (MIDR ${guest.cpu})` : ''}, the host's is ${host.model ?? 'another'}${known(host.identity) ? ` (MIDR ${cpuOf(host.identity)})` : ''}: ${KVM_RULE}`,
    unknownWhy: (identity) => unknownCpuOf(identity),
    guestNotes: (g) => (g.model && !hasKvmTarget(g.model) ? [`${g.model} runs on no KVM host: ${KVM_RULE}; use host-passthrough (or maximum) instead`] : []),
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
 * libvirt's ARM cpu-compare (src/cpu/cpu_arm.c): only a host CPU is
 * compared with a host CPU (libvirt's host form: a `<cpu>` with `<arch>`),
 * identical when vendor and model are, else incompatible ("host CPU model
 * does not match required CPU model"); a host CPU without a model is
 * incompatible ("unknown host CPU"). A guest CPU (custom, host-passthrough,
 * maximum) is identical: libvirt checks nothing and leaves it to QEMU.
 */
export function aarch64Compare(host: LibvirtCpu, guest: LibvirtCpu): Result<{ result: string; reasons: string[] }> {
  if (!guest.arch) return ok({ result: 'IDENTICAL', reasons: [] });
  if (!host.model) return ok({ result: 'INCOMPATIBLE', reasons: ['unknown host CPU'] });
  const reasons: string[] = [];
  if (guest.model && host.model.name !== guest.model.name) reasons.push(`host CPU model does not match required CPU model ${guest.model.name}`);
  if (guest.vendor && host.vendor !== guest.vendor) reasons.push(`host CPU vendor does not match required CPU vendor ${guest.vendor}`);
  return ok({ result: reasons.length ? 'INCOMPATIBLE' : 'IDENTICAL', reasons });
}

/** libvirt's ARM cpu-baseline: the first CPU's model (and vendor), exact, fallback forbid. */
export function aarch64Baseline(cpus: readonly LibvirtCpu[]): Result<LibvirtCpu> {
  const first = cpus[0];
  if (!first?.model) return fleetErr('missing-input', 'aarch64 baseline: no CPU with a <model> given', { value: String(cpus.length) });
  return ok({ mode: 'custom', match: 'exact', model: { name: first.model.name, fallback: 'forbid' }, ...(first.vendor ? { vendor: first.vendor } : {}), features: [] });
}
