/**
 * Any host description → a host capability document. The source format
 * (and the architecture) is detected from the text, not asked for.
 */
import { aarch64HostDoc } from '../arch/aarch64/fleet.js';
import { ppc64HostDoc } from '../arch/ppc64/libvirt-host.js';
import { s390DriverFor } from '../arch/s390x/libvirt-host.js';
import { latestX86Driver } from '../arch/x86_64/libvirt-host.js';
import type { Profile } from '../core/profile.js';
import { fail, ok, type Result } from '../core/errors.js';
import { signature } from '../core/signature.js';
import { s390Catalog } from '../arch/s390x/catalog.js';
import { formatIdentity } from '../arch/s390x/identity.js';
import { detectFormat as detectS390, probeText as probeS390 } from '../arch/s390x/probe.js';
import { detectX86Format, probeX86Text } from '../arch/x86_64/probe.js';
import { detectTextArch } from '../arch/detect-arch.js';
import { LibvirtXmlError, libvirtFormats, type LibvirtCpu } from '../core/libvirt-model.js';
import { releaseOfMachine } from './engine.js';
import { HOST_DOC_FORMAT, isHostDocText, parseHostDoc, type HostDoc } from './doc.js';
import { isLibvirtArchKnown, managementOfLibvirt, MANAGEMENT_DRIVERS } from './management.js';
import type { LibvirtHostCpu, LibvirtHostSource } from '../core/management.js';

export type HostArch = HostDoc['arch'];

/** Which architecture a text describes, or null (arch/detect-arch.ts). */
export function detectArch(text: string): HostArch | null {
  return detectTextArch(text);
}

function s390Doc(text: string, origin: string, profile: Profile): Result<HostDoc> {
  const cat = s390Catalog(profile);
  const p = probeS390(cat, text, origin);
  if (!p.ok) return p;
  const norm = s390DriverFor(profile).normalize({ model: p.value.def.name, features: p.value.features });
  return ok({
    format: HOST_DOC_FORMAT,
    arch: 's390x',
    name: origin,
    identity: { ...formatIdentity(p.value.def, cat), machineType: p.value.machineType.toString(16).padStart(4, '0') },
    model: p.value.def.name,
    features: cat.features.names(p.value.features),
    signature: norm.signature,
    display: norm.display,
    delta: { added: norm.added, removed: norm.removed },
    source: { kind: p.value.source, origin },
    notes: p.value.notes,
  });
}

function x86Doc(text: string, origin: string): Result<HostDoc> {
  const cpu = probeX86Text(text, origin);
  if (!cpu.ok) return cpu;
  const x86 = latestX86Driver();
  const set = x86.catalog.setOf(cpu.value.qemu.filter((n) => x86.catalog.feature(n)));
  // QEMU shows every guest the hypervisor bit, which bare metal never has: match models without it
  const model = x86.bestNamed(set.or(x86.cat.alwaysOn), cpu.value.vendorString);
  const sig = signature(x86.catalog, set);
  const fmt = detectX86Format(text);
  const kind = fmt === 'cpudata' ? 'cpudata' : fmt === 'cpuid-r' ? 'cpuid-r' : fmt === 'qmp-expansion' ? 'qmp-expansion' : 'cpuinfo';
  return ok({
    format: HOST_DOC_FORMAT,
    arch: 'x86_64',
    name: origin,
    identity: { vendor: cpu.value.vendorString, family: cpu.value.family, model: cpu.value.model, stepping: cpu.value.stepping, brand: cpu.value.brand },
    model: model.cls.name,
    features: x86.catalog.names(set),
    signature: sig,
    display: `${model.cls.name}@${sig}`,
    delta: { added: x86.catalog.names(set.andNot(model.features)), removed: x86.catalog.names(model.features.andNot(set)) },
    source: { kind, origin },
  });
}

// ------------------------------------------------------------ libvirt documents

/** A libvirt host `<cpu>` → a host document, by its architecture's driver; one libvirt names otherwise is "… is not supported on ARCH". */
function fromLibvirtHost(h: LibvirtHostCpu, origin: string, kind: LibvirtHostSource['kind'], tcg = false): Result<HostDoc> {
  const read = managementOfLibvirt(h.arch, 'hostFromLibvirt');
  if (!read.ok) {
    // an architecture cpumodels has no driver for (libvirt's test data has an ia64 host): the file and its <arch> named
    if (!isLibvirtArchKnown(h.arch)) {
      const arches = Object.keys(MANAGEMENT_DRIVERS).join(', ');
      return h.arch
        ? fail({ code: 'unknown-arch', message: `${origin}: the host CPU's <arch> is '${h.arch}', an architecture cpumodels does not know`, value: h.arch, hint: `give a host of one of ${arches}` })
        : fail({ code: 'unknown-arch', message: `${origin}: the host <cpu> names no <arch>`, value: origin, hint: `add the host's <arch> (one of ${arches}), as virsh capabilities writes it` });
    }
    return fail({ ...read.error, message: `${origin}: ${read.error.message}`, value: h.arch });
  }
  return read.value(h, { origin, kind, ...(tcg ? { accel: 'tcg' as const } : {}) });
}

function libvirtCapabilitiesDoc(text: string, origin: string): Result<HostDoc> {
  return hostDocOfLibvirtCpu(libvirtFormats().readCapabilitiesCpu(text, origin), origin);
}

/** A host document of one libvirt host `<cpu>` (capabilities' host CPU, or one of a list). */
export function hostDocOfLibvirtCpu(cpu: LibvirtCpu, origin: string): Result<HostDoc> {
  if (!cpu.model) {
    // libvirt could not name the CPU: where the architecture keeps such hosts, one whose CPU is not known
    const unknownHost = managementOfLibvirt(cpu.arch ?? '', 'unknownHost');
    if (unknownHost.ok) return ok(unknownHost.value({ origin, kind: 'libvirt-capabilities', why: "libvirt's capabilities name no host CPU model" }));
    return fail({ code: 'bad-host-data', message: `${origin}: the host <cpu> names no model`, value: origin, hint: "libvirt's domcapabilities of the host carry its host-model CPU: give `virsh domcapabilities` instead" });
  }
  return fromLibvirtHost(
    {
      arch: cpu.arch ?? '',
      model: cpu.model.name,
      ...(cpu.vendor ? { vendor: cpu.vendor } : {}),
      ...(cpu.signature ? { signature: cpu.signature } : {}),
      require: cpu.features.filter((f) => f.policy !== 'disable' && f.policy !== 'forbid').map((f) => f.name),
      disable: cpu.features.filter((f) => f.policy === 'disable' || f.policy === 'forbid').map((f) => f.name),
    },
    origin,
    'libvirt-capabilities',
  );
}

function libvirtDomCapsDoc(text: string, origin: string): Result<HostDoc> {
  const dc = libvirtFormats().readDomCapsCpu(text, origin);
  const hm = dc.hostModel;
  if (!hm?.supported || !hm.model) {
    // an architecture whose libvirt never reports a host-model keeps the host, its CPU unknown (libvirt's usable='unknown')
    const unknownHost = managementOfLibvirt(dc.arch ?? '', 'unknownHost');
    if (unknownHost.ok) {
      const release = releaseOfMachine(dc.machine);
      const why = "libvirt's domcapabilities report no host-model and usable='unknown' for every custom model";
      return ok(unknownHost.value({ origin, kind: 'libvirt-domcapabilities', why, ...(release ? { release } : {}), ...(dc.domain === 'qemu' ? { accel: 'tcg' as const } : {}) }));
    }
    return fail({
      code: 'host-model-unavailable',
      message: `${origin}: libvirt reports no host-model for this ${dc.arch ? `${dc.arch} ` : ''}host (host-model supported='no'), so the file says nothing about the host CPU`,
      value: origin,
      hint: 'give another description of the host: /proc/cpuinfo, a CPUID dump, a QMP expansion of host, or probe the hypervisor (qmp:… / exec:…)',
    });
  }
  const r = fromLibvirtHost(
    {
      arch: dc.arch ?? '',
      model: hm.model.name,
      ...(hm.vendor ? { vendor: hm.vendor } : {}),
      require: hm.features.filter((f) => f.policy !== 'disable' && f.policy !== 'forbid').map((f) => f.name),
      disable: hm.features.filter((f) => f.policy === 'disable' || f.policy === 'forbid').map((f) => f.name),
    },
    origin,
    'libvirt-domcapabilities',
    dc.domain === 'qemu',
  );
  // the QEMU release the machine type names: what the host's QEMU knows
  const release = releaseOfMachine(dc.machine);
  // <domain>qemu</domain>: the file describes what TCG emulates there, not a KVM host
  const accel = dc.domain === 'qemu' ? ({ accel: 'tcg' } as const) : {};
  return r.ok ? ok({ ...r.value, ...(release ? { release } : {}), ...accel }) : r;
}

function libvirtDoc(text: string, origin: string): Result<HostDoc> | null {
  const lv = libvirtFormats();
  const dom = lv.isDomCapsText(text);
  if (!dom && !lv.isCapabilitiesText(text)) return null;
  try {
    return dom ? libvirtDomCapsDoc(text, origin) : libvirtCapabilitiesDoc(text, origin);
  } catch (e) {
    if (e instanceof LibvirtXmlError) return fail({ code: e.code, message: e.message, ...(e.value !== undefined ? { value: e.value } : {}) });
    throw e;
  }
}

export interface ConvertOptions {
  /** s390x catalog profile (default latest: a host may be newer than QEMU 7.2) */
  profile?: Profile;
}

/** The converters of a host's own text (/proc, CPUID, sysinfo), per architecture. */
const TEXT_CONVERTERS: Partial<Record<HostArch, (text: string, origin: string, profile: Profile) => Result<HostDoc>>> = { s390x: s390Doc, x86_64: (text, origin) => x86Doc(text, origin), aarch64: (text, origin) => aarch64HostDoc(text, origin), ppc64: (text, origin) => ppc64HostDoc(text, origin) };

/** Convert any supported host description to a host document. */
export function toHostDoc(text: string, origin: string, opts: ConvertOptions = {}): Result<HostDoc> {
  if (isHostDocText(text)) return parseHostDoc(text, origin);
  const lv = libvirtDoc(text, origin);
  if (lv) return lv;
  // an s390x description detectArch misses (a /proc/sysinfo fragment …) is still one; a QMP expansion reply names no architecture
  const s390 = detectS390(text);
  const arch = detectArch(text) ?? (s390 !== null && s390 !== 'qmp-expansion' ? 's390x' : null);
  const convert = arch ? TEXT_CONVERTERS[arch] : undefined;
  if (convert) return convert(text, origin, opts.profile ?? 'latest');
  return fail({
    code: 'bad-host-data',
    message: `${origin}: not a host description cpumodels can read`,
    hint: 'one of: /proc/cpuinfo (s390x, x86_64, ppc64, aarch64), /proc/sysinfo, a CPUID dump (libvirt <cpudata> or cpuid -r), a QMP query-cpu-model-expansion reply, libvirt capabilities or domcapabilities XML, or a cpumodels host document',
  });
}
