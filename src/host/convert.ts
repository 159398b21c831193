/**
 * Any host description → a host capability document. The source format
 * (and the architecture) is detected from the text, not asked for.
 */
import { aarch64FromLibvirtCpu, aarch64HostDoc } from '../arch/aarch64/fleet.js';
import type { Profile } from '../core/profile.js';
import { fail, ok, type Result } from '../core/errors.js';
import { signature } from '../core/signature.js';
import { s390Catalog } from '../arch/s390x/catalog.js';
import { S390Driver } from '../arch/s390x/driver.js';
import { formatIdentity } from '../arch/s390x/identity.js';
import { detectFormat as detectS390, probeText as probeS390 } from '../arch/s390x/probe.js';
import { X86Driver } from '../arch/x86_64/driver.js';
import { detectX86Format, probeX86Text } from '../arch/x86_64/probe.js';
import { LibvirtXmlError, libvirtFormats } from '../core/libvirt-model.js';
import { ppc64Catalog } from '../arch/ppc64/catalog.js';
import { Ppc64Driver } from '../arch/ppc64/driver.js';
import type { S390Def } from '../arch/s390x/catalog.js';
import { expandLibvirtCpu } from '../arch/x86_64/hostmodel.js';
import { x86NameMap } from '../arch/x86_64/names.js';
import type { FeatureSet } from '../core/bitset.js';
import { LIBVIRT_X86_VENDORS } from '../data/x86_64/libvirt-features.js';
import { releaseOfMachine } from './engine.js';
import { HOST_DOC_FORMAT, isHostDocText, parseHostDoc, type HostDoc } from './doc.js';
import { management } from './management.js';

export type HostArch = HostDoc['arch'];

/** Which architecture a text describes, or null. */
export function detectArch(text: string): HostArch | null {
  if (/^vendor_id\s*:\s*IBM\/S390/m.test(text) || /^facilities\s*:/m.test(text)) return 's390x';
  if (/^Manufacturer:\s+IBM/m.test(text) && /^Type:\s+[0-9A-Fa-f]{4}/m.test(text)) return 's390x';
  if (/<cpudata arch=['"]x86['"]/.test(text) || /^vendor_id\s*:\s*(GenuineIntel|AuthenticAMD|HygonGenuine|CentaurHauls)/m.test(text)) return 'x86_64';
  if (detectX86Format(text) === 'cpuid-r') return 'x86_64';
  // arm64 /proc/cpuinfo: the MIDR fields
  if (/^CPU implementer\s*:/m.test(text) && /^Features\s*:/m.test(text)) return 'aarch64';
  const t = text.trimStart();
  if (t.startsWith('{')) {
    if (/"vendor"\s*:/.test(text) || /"family"\s*:/.test(text)) return 'x86_64';
    if (/"name"\s*:\s*"(z\d|gen1\d|qemu|max|host)[^"]*-base"/.test(text) || /"name"\s*:\s*"(z\d|gen1\d)/.test(text)) return 's390x';
  }
  return null;
}

const s390Driver = new Map<string, S390Driver>();

function s390Doc(text: string, origin: string, profile: Profile): Result<HostDoc> {
  const cat = s390Catalog(profile);
  const p = probeS390(cat, text, origin);
  if (!p.ok) return p;
  const key = profile;
  let drv = s390Driver.get(key);
  if (!drv) {
    drv = new S390Driver({ profile });
    s390Driver.set(key, drv);
  }
  const norm = drv.normalize({ model: p.value.def.name, features: p.value.features });
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

let x86: X86Driver | undefined;

function x86Doc(text: string, origin: string): Result<HostDoc> {
  const cpu = probeX86Text(text, origin);
  if (!cpu.ok) return cpu;
  x86 ??= new X86Driver({ profile: 'latest' });
  const set = x86.catalog.setOf(cpu.value.qemu.filter((n) => x86!.catalog.feature(n)));
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

type LibvirtKind = 'libvirt-capabilities' | 'libvirt-domcapabilities';

interface LibvirtHostCpu {
  arch: string;
  model: string;
  vendor?: string;
  signature?: { family: number; model: number; stepping?: number };
  require: string[];
  disable: string[];
}

/** libvirt x86 feature name → QEMU's (same CPUID bit). */
const x86LibvirtToQemu = (): ReadonlyMap<string, string> => x86NameMap().libvirtToQemu;

function x86FromLibvirt(h: LibvirtHostCpu, origin: string, kind: LibvirtKind): Result<HostDoc> {
  const names = expandLibvirtCpu(h.model, h.require, h.disable);
  if (!names) return fail({ code: 'bad-host-data', message: `${origin}: the host CPU names '${h.model}', which libvirt's x86 CPU map does not know`, value: h.model });
  x86 ??= new X86Driver({ profile: 'latest' });
  const cat = x86.catalog;
  const toQemu = x86LibvirtToQemu();
  const qemu: string[] = [];
  const unknown: string[] = [];
  for (const n of names) {
    const q = toQemu.get(n);
    if (q && cat.feature(q)) qemu.push(q);
    else unknown.push(n);
  }
  const set = cat.setOf(qemu);
  const vendorString = h.vendor ? (LIBVIRT_X86_VENDORS.find((v) => v.name === h.vendor)?.string ?? h.vendor) : '';
  const model = x86.bestNamed(set.or(x86.cat.alwaysOn), vendorString || undefined);
  const sig = signature(cat, set);
  const notes = [`from libvirt's ${h.model} + ${h.require.length} required − ${h.disable.length} disabled features, expanded through libvirt's x86 CPU map`];
  if (unknown.length) notes.push(`libvirt features without a QEMU name, not used: ${unknown.join(' ')}`);
  return ok({
    format: HOST_DOC_FORMAT,
    arch: 'x86_64',
    name: origin,
    identity: {
      vendor: vendorString,
      ...(h.signature ? { family: h.signature.family, model: h.signature.model, ...(h.signature.stepping !== undefined ? { stepping: h.signature.stepping } : {}) } : {}),
      libvirtModel: h.model,
    },
    model: model.cls.name,
    features: cat.names(set),
    signature: sig,
    display: `${model.cls.name}@${sig}`,
    delta: { added: cat.names(set.andNot(model.features)), removed: cat.names(model.features.andNot(set)) },
    source: { kind, origin },
    notes,
  });
}

function s390FromLibvirt(h: LibvirtHostCpu, origin: string, kind: LibvirtKind): Result<HostDoc> {
  const cat = s390Catalog('latest');
  const def: S390Def | undefined = cat.defByName(h.model.replace(/-base$/, ''));
  if (!def) return fail({ code: 'bad-host-data', message: `${origin}: the host CPU names '${h.model}', which is no s390x CPU model`, value: h.model });
  const features: FeatureSet = def.base.clone();
  const unknown: string[] = [];
  for (const [list, on] of [[h.require, true], [h.disable, false]] as const) {
    for (const n of list) {
      // a name is a feature or a group (QEMU folds whole groups into one name)
      if (!cat.features.switchName(features, n, on)) unknown.push(n);
    }
  }
  let drv = s390Driver.get('latest');
  if (!drv) {
    drv = new S390Driver({ profile: 'latest' });
    s390Driver.set('latest', drv);
  }
  const norm = drv.normalize({ model: def.name, features });
  const notes = unknown.length ? [`features this catalog does not know, not used: ${unknown.join(' ')}`] : [];
  return ok({
    format: HOST_DOC_FORMAT,
    arch: 's390x',
    name: origin,
    identity: { ...formatIdentity(def, cat) },
    model: def.name,
    features: cat.features.names(features),
    signature: norm.signature,
    display: norm.display,
    delta: { added: norm.added, removed: norm.removed },
    source: { kind, origin },
    ...(notes.length ? { notes } : {}),
  });
}

function ppc64FromLibvirt(h: LibvirtHostCpu, origin: string, kind: LibvirtKind): Result<HostDoc> {
  const cat = ppc64Catalog('latest');
  const row = cat.libvirtModels.find((m) => m.name === h.model);
  if (!row) return fail({ code: 'bad-host-data', message: `${origin}: the host CPU names '${h.model}', which libvirt's ppc64 CPU map does not know`, value: h.model });
  // the family's default class (what its generic alias names), else the first class with one of the model's PVRs
  const fam = [...cat.families.values()].find((f) => f.libvirt === row.name);
  const cls = (fam?.defaultClass ? cat.classByName.get(fam.defaultClass) : undefined) ?? cat.classes.find((c) => row.pvr.some((p) => ((c.pvr & p.mask) >>> 0) === p.value));
  if (!cls) return fail({ code: 'bad-host-data', message: `${origin}: no QEMU ppc64 class has a PVR of libvirt's model '${h.model}'`, value: h.model });
  const drv = new Ppc64Driver({ profile: 'latest' });
  const norm = drv.normalize({ model: cls.name, features: cls.features });
  const top = cls.features.count() - 1;
  return ok({
    format: HOST_DOC_FORMAT,
    arch: 'ppc64',
    name: origin,
    identity: { model: cls.name, family: cls.family.name, pvr: `0x${cls.pvr.toString(16).padStart(8, '0')}`, vendor: h.vendor ?? row.vendor, ...(top >= 0 ? { compat: cat.compat[top]!.name } : {}), libvirtModel: row.name },
    model: norm.name,
    features: cat.features.names(cls.features),
    signature: norm.signature,
    display: norm.display,
    delta: { added: norm.added, removed: norm.removed },
    source: { kind, origin },
    notes: [`libvirt names the model (${row.name}), not the PVR: the family's class ${cls.name} at its own compat level stands for it`],
  });
}

function fromLibvirtHost(h: LibvirtHostCpu, origin: string, kind: LibvirtKind): Result<HostDoc> {
  switch (h.arch) {
    case 'x86_64':
      return x86FromLibvirt(h, origin, kind);
    case 's390x':
      return s390FromLibvirt(h, origin, kind);
    case 'ppc64':
    case 'ppc64le':
      return ppc64FromLibvirt(h, origin, kind);
    case 'aarch64':
      return aarch64FromLibvirtCpu(h, origin, kind);
    default:
      return fail({ code: 'unsupported', message: `${origin}: host CPUs of architecture '${h.arch || '(none given)'}' in libvirt documents are not read`, value: h.arch, hint: 'x86_64, s390x, ppc64 and aarch64 are' });
  }
}

function libvirtCapabilitiesDoc(text: string, origin: string): Result<HostDoc> {
  const cpu = libvirtFormats().readCapabilitiesCpu(text, origin);
  if (!cpu.model) {
    // libvirt could not name the CPU: where the architecture keeps such hosts, one whose CPU is not known
    const unknownHost = management(cpu.arch ?? '', 'unknownHost');
    if (unknownHost.ok) return ok(unknownHost.value({ origin, kind: 'libvirt-capabilities', why: "libvirt's capabilities name no host CPU model" }));
    return fail({ code: 'bad-host-data', message: `${origin}: the host <cpu> names no model` });
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
    const unknownHost = management(dc.arch ?? '', 'unknownHost');
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
const TEXT_CONVERTERS: Partial<Record<HostArch, (text: string, origin: string, profile: Profile) => Result<HostDoc>>> = { s390x: s390Doc, x86_64: (text, origin) => x86Doc(text, origin), aarch64: (text, origin) => aarch64HostDoc(text, origin) };

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
    hint: 'one of: /proc/cpuinfo, /proc/sysinfo, a CPUID dump (libvirt <cpudata> or cpuid -r), a QMP query-cpu-model-expansion reply, libvirt capabilities or domcapabilities XML, or a cpumodels host document',
  });
}
