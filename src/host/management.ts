/**
 * The management drivers, one per architecture, registered in one table
 * (core/management.ts has the interface). Each operation calls the
 * architecture's CPU driver or the module that owns the rule; `fits` and
 * `domcapsModels` are the one runnability engine (host/engine.ts): the CPU
 * driver under KVM for the host, so they answer what query-cpu-definitions
 * answers under `--accel kvm --host`.
 */
import { near } from '../core/suggest.js';
import { s390DefaultUnder, s390ModelSince, s390QemuUnder } from '../arch/s390x/machine-compat.js';
import type { Arch, ModelInfo } from '../core/driver.js';
import { fail, ok, type Result } from '../core/errors.js';
import { operation, type ManagementDriver, type ManagementOperation, type RunVerdict } from '../core/management.js';
import { S390Driver } from '../arch/s390x/driver.js';
import { Ppc64Driver } from '../arch/ppc64/driver.js';
import { s390Catalog } from '../arch/s390x/catalog.js';
import { baselineCpus, compareCpus } from '../arch/x86_64/libvirt-cpu.js';
import type { DomCapsHostModel, DomCapsMode, LibvirtCpu } from '../core/libvirt-model.js';
import { fitsOnHost, fleetBaseline, type Fleet, type FleetBaseline, type FleetRules } from '../fleet/fleet.js';
import { x86FleetRules } from '../arch/x86_64/fleet.js';
import { s390FleetRules } from '../arch/s390x/fleet.js';
import { ppc64Baseline, ppc64Compare, ppc64FleetRules } from '../arch/ppc64/fleet.js';
import { aarch64Baseline, aarch64Compare, aarch64FleetRules, aarch64UnknownHostDoc, aarch64FromLibvirtCpu } from '../arch/aarch64/fleet.js';
import type { HostDoc } from './doc.js';
import { computeDomCaps } from './domcaps.js';
import { knownIn, profileFor, x86ClassSince, x86FeaturesUnknownIn, x86KvmDriver, x86Runnability } from './engine.js';
import { ppc64Catalog } from '../arch/ppc64/catalog.js';
import { aarch64Catalog } from '../arch/aarch64/catalog.js';
import { x86CustomModels, x86HostFromLibvirt } from '../arch/x86_64/libvirt-host.js';
import { s390HostFromLibvirt } from '../arch/s390x/libvirt-host.js';
import { ppc64CustomModels, ppc64HostFromLibvirt } from '../arch/ppc64/libvirt-host.js';
import { everyModel } from '../arch/custom-models.js';
import { ARCH_FACTS } from '../arch/facts.js';

/** What a migration verdict checks on an architecture. */
export interface MigrationRules {
  /** when a host of another vendor refuses a guest */
  vendor: 'never' | 'when the guest names one';
  /** the generation/GA order (s390x: a guest newer than the host is refused with 'type') */
  generationOrder: boolean;
  /** features a migratable CPU never carries */
  unmigratable: string[];
}

export type HostModelBlock = DomCapsMode & DomCapsHostModel;
export type MgmtDriver = ManagementDriver<HostDoc, ModelInfo, LibvirtCpu, Fleet, FleetBaseline, HostModelBlock, MigrationRules, FleetRules>;

/** libvirt's host-model: the domcapabilities computation over the host document. */
function hostModel(doc: HostDoc): Result<HostModelBlock> {
  const r = computeDomCaps(JSON.stringify(doc), doc.name ?? doc.source.origin);
  if (!r.ok) return r;
  const hm = r.value.cpu.hostModel;
  return hm?.supported ? ok(hm) : fail({ code: 'host-model-unavailable', message: `hostModel is not supported on ${doc.arch}`, value: doc.arch });
}

// ------------------------------------------------------------------ x86_64

const x86: MgmtDriver = {
  arch: 'x86_64',
  hostModel,
  compare(host, guest) {
    const r = compareCpus(host, guest);
    if (!r.ok) return r;
    return ok({ result: r.value.result, reasons: [...r.value.features] });
  },
  baseline: (cpus, opts) => baselineCpus(cpus, opts ?? {}),
  domcapsModels: (host, release) => x86Runnability(host, release ?? host.release),
  fits(host, guest) {
    const d = x86KvmDriver(host);
    const cpu = d.parse(guest);
    if (!cpu.ok) {
      // a model the host's QEMU release does not have (a newer one, or one it removed): 'type', as QEMU says of a class it cannot create
      if (cpu.error.code === 'unknown-model' && host.release && x86KvmDriver({ ...host, release: undefined } as HostDoc).cat.classByName.has(guest.name)) return ok({ name: guest.name, runnable: false, blockers: ['type'] });
      return cpu;
    }
    const blockers = d.catalog.names(cpu.value.features.andNot(d.supported()));
    const cls = cpu.value.cls;
    if (host.release && !knownIn(x86ClassSince(cls), host.release)) blockers.unshift('type');
    blockers.push(...x86FeaturesUnknownIn(Object.keys(guest.props ?? {}), host.release));
    return ok({ name: guest.name, runnable: blockers.length === 0, blockers });
  },
  fleetBaseline: (f) => fleetBaseline(f),
  migrationRules: () => ({ vendor: 'when the guest names one', generationOrder: false, unmigratable: ['invtsc'] }),
  fleetRules: () => x86FleetRules(),
  hostFromLibvirt: x86HostFromLibvirt,
  customModels: x86CustomModels,
};

// ------------------------------------------------------------------ s390x

function s390Kvm(host: HostDoc): Result<S390Driver> {
  const cat = s390Catalog('latest');
  const def = cat.defByName(host.model.replace(/-base$/, ''));
  if (!def) return fail({ code: 'bad-host-data', message: `${host.name ?? host.source.origin}: '${host.model}' is no s390x CPU model`, value: host.model, ...near(host.model, cat.defs.map((d) => d.name)) });
  const features = cat.features.setOf(host.features.filter((n) => cat.features.feature(n)));
  return ok(new S390Driver({ accel: 'kvm', profile: 'latest', host: { def, features, source: host.source.origin } }));
}


const s390x: MgmtDriver = {
  arch: 's390x',
  hostModel,
  // libvirt's s390 compare leaves every runnability check to QEMU: always identical (its driver has no baseline)
  compare: () => ok({ result: 'IDENTICAL', reasons: [] }),
  domcapsModels(host, release = host.release) {
    const d = s390Kvm(host);
    if (!d.ok) return [];
    return d.value
      .classes_()
      .filter((c) => c.kind !== 'host' && !(c.def && (c.kind === 'base' || c.kind === 'default') && !knownIn(s390ModelSince(c.def.name), release)) && !(c.kind === 'max' && !knownIn(s390ModelSince('max'), release)))
      .map((c): RunVerdict => {
        // a default model as the release's machine has it (data/s390x/machine-compat.ts), and that machine's qemu model
        const q = c.kind === 'qemu' ? s390QemuUnder(d.value.catalog, s390Catalog('latest').findDef, release) : undefined;
        const features = q ? q.features : c.def && c.features && c.kind === 'default' ? s390DefaultUnder(d.value.catalog, c.def, c.features, release) : c.features;
        const blockers = c.def && features ? d.value.unavailable({ def: q?.def ?? c.def, features }) : [];
        return { name: c.name, runnable: blockers.length === 0, blockers };
      });
  },
  fits(host, guest) {
    const d = s390Kvm(host);
    if (!d.ok) return d;
    const m = d.value.parse(guest);
    if (!m.ok) return m;
    // the qemu model of the host's release's machine, where it is not the catalog's (a z900 before 2.12)
    const q = guest.name === 'qemu' ? s390QemuUnder(d.value.catalog, s390Catalog('latest').findDef, host.release) : undefined;
    if (q) {
      const own = d.value.catalog.setOf([]).or(q.features);
      for (const [k, v] of Object.entries(guest.props ?? {})) if (typeof v === 'boolean') d.value.catalog.switchName(own, k, v);
      const blockers = d.value.unavailable({ def: q.def, features: own });
      return ok({ name: guest.name, runnable: blockers.length === 0, blockers });
    }
    // a default model as the host's release has it: what that machine leaves out of it, unless the guest asks for it
    const def = m.value.def;
    const dflt = d.value.catalog.setOf([]).or(def.default);
    const off = dflt.andNot(s390DefaultUnder(d.value.catalog, def, dflt, host.release));
    const asked = new Set(Object.entries(guest.props ?? {}).filter(([, v]) => v === true).map(([k]) => k));
    const features = guest.name.endsWith('-base') || off.isEmpty() ? m.value.features : m.value.features.andNot(d.value.catalog.setOf(d.value.catalog.names(off).filter((n) => !asked.has(n))));
    const blockers = d.value.unavailable({ ...m.value, features });
    if (host.release && !knownIn(s390ModelSince(m.value.def.name), host.release)) blockers.unshift('type');
    return ok({ name: guest.name, runnable: blockers.length === 0, blockers });
  },
  fleetBaseline: (f) => fleetBaseline(f),
  migrationRules: () => ({ vendor: 'never', generationOrder: true, unmigratable: [] }),
  fleetRules: () => s390FleetRules(),
  hostFromLibvirt: s390HostFromLibvirt,
  customModels: (defs) => everyModel(defs, ARCH_FACTS.s390x.modelVendor),
};

// ------------------------------------------------------------------ ppc64, aarch64

/**
 * ppc64: libvirt's host-model (the host's cpu_map model). libvirt runs a
 * custom POWERx guest in compat mode x, so a host runs it when it has that
 * compat mode (the features are the compat modes, each with the older ones).
 */
let ppc64Driver: Ppc64Driver | undefined;
const ppc64: MgmtDriver = {
  arch: 'ppc64',
  hostModel,
  compare: (host, guest) => ppc64Compare(host, guest),
  baseline: (cpus) => ppc64Baseline(cpus),
  // libvirt's custom models (its cpu_map's POWERx) that QEMU `release` has, each with the compat-mode verdict
  domcapsModels: (host, release = host.release) => ppc64Catalog(profileFor(release)).libvirtModels.map((m) => verdictOf(ppc64, host, m.name)),
  fits(host, guest) {
    ppc64Driver ??= new Ppc64Driver({ profile: 'latest' });
    const m = ppc64Driver.parse(guest);
    if (!m.ok) return m;
    const cat = ppc64Driver.catalog;
    const blockers = cat.names(m.value.features.andNot(cat.setOf(host.features.filter((n) => cat.feature(n)))));
    return ok({ name: guest.name, runnable: blockers.length === 0, blockers });
  },
  fleetBaseline: (f) => fleetBaseline(f),
  migrationRules: () => ({ vendor: 'never', generationOrder: false, unmigratable: [] }),
  fleetRules: () => ppc64FleetRules(),
  hostFromLibvirt: ppc64HostFromLibvirt,
  customModels: ppc64CustomModels,
};

/**
 * aarch64: libvirt reports no host-model and QEMU no unavailable-features;
 * libvirt's ARM compare and baseline go by the CPU model (MIDR); under KVM
 * a host runs host, max, and cortex-a53/a57 when it is that CPU
 * (arch/aarch64/fleet.ts). A domcapabilities file (no host-model, every
 * model usable='unknown') is a host whose CPU is not known.
 */
const aarch64: MgmtDriver = {
  arch: 'aarch64',
  compare: (host, guest) => aarch64Compare(host, guest),
  baseline: (cpus) => aarch64Baseline(cpus),
  // QEMU's models of `release` (host aside) with QEMU's KVM rule; libvirt's own domcapabilities say usable='unknown' for each
  domcapsModels: (host, release = host.release) =>
    aarch64Catalog(profileFor(release))
      .classes.filter((c) => c.name !== 'host')
      .map((c) => verdictOf(aarch64, host, c.name)),
  fits: (host, guest) => fitsOnHost(host, guest),
  fleetBaseline: (f) => fleetBaseline(f),
  migrationRules: () => ({ vendor: 'when the guest names one', generationOrder: false, unmigratable: [] }),
  fleetRules: () => aarch64FleetRules(),
  unknownHost: (src) => aarch64UnknownHostDoc(src),
  hostFromLibvirt: (cpu, { origin, kind }) => aarch64FromLibvirtCpu(cpu, origin, kind),
  customModels: (defs) => everyModel(defs, ARCH_FACTS.aarch64.modelVendor),
};

/** A model's verdict by a driver's `fits`; a model that cannot be created there is blocked by `type`, as QEMU says of a class it cannot create. */
function verdictOf(d: MgmtDriver, host: HostDoc, name: string): RunVerdict {
  const v = d.fits!(host, { name });
  return v.ok ? v.value : { name, runnable: false, blockers: ['type'] };
}

/** The one table. */
export const MANAGEMENT_DRIVERS: Readonly<Record<Arch, MgmtDriver>> = { x86_64: x86, s390x, ppc64, aarch64 };

/** An architecture's management operation, or "OP is not supported on ARCH". */
export function management<K extends ManagementOperation>(arch: string, op: K): Result<NonNullable<MgmtDriver[K]>> {
  const d = (MANAGEMENT_DRIVERS as Record<string, MgmtDriver | undefined>)[arch];
  if (!d) return fail({ code: 'unsupported', message: `${op} is not supported on ${arch || '(no architecture)'}`, value: arch, hint: `architectures: ${Object.keys(MANAGEMENT_DRIVERS).join(', ')}` });
  return operation(d, op);
}

/** libvirt's `<arch>` names that the table knows by another name: libvirt reads a little-endian POWER host's CPU with its ppc64 driver. */
const LIBVIRT_ARCH_NAMES: Readonly<Record<string, Arch>> = { ppc64le: 'ppc64' };

/** Whether an architecture as a libvirt document names it (x86_64, ppc64le …) is one cpumodels has a driver for. */
export function isLibvirtArchKnown(libvirtArch: string): boolean {
  return Object.hasOwn(MANAGEMENT_DRIVERS, Object.hasOwn(LIBVIRT_ARCH_NAMES, libvirtArch) ? LIBVIRT_ARCH_NAMES[libvirtArch]! : libvirtArch);
}

/** The same, for an architecture as a libvirt document names it. */
export function managementOfLibvirt<K extends ManagementOperation>(libvirtArch: string, op: K): Result<NonNullable<MgmtDriver[K]>> {
  return management(Object.hasOwn(LIBVIRT_ARCH_NAMES, libvirtArch) ? LIBVIRT_ARCH_NAMES[libvirtArch]! : libvirtArch, op);
}
