/**
 * The `<cpu>` block of libvirt's domain capabilities, computed for a host.
 *
 * Input: any host description —
 *  (a) a domcapabilities document: its host-model IS the host capability
 *      (x86: the libvirt model + require − disable, expanded through
 *      libvirt's cpu_map, then carried to QEMU's names by CPUID bit;
 *      s390x: `<gen>-base` + require − disable, QEMU's names already);
 *  (b) libvirt's capabilities document (`<host><cpu>`, x86);
 *  (c) anything toHostDoc reads (/proc/cpuinfo, /proc/sysinfo, CPUID dumps,
 *      QMP expansions, cpumodels host documents).
 *
 * Output, as libvirt computes it for a KVM domain:
 *  - host-model: from a domcapabilities input the model it names, with the
 *    features recomputed against it; otherwise libvirt's choice (x86: the
 *    guest CPU definition of hostmodel.ts over the listed models; s390x:
 *    `<gen>-base` + delta, as QEMU's static expansion of `host` gives it);
 *  - custom: every model of the architecture's QEMU catalog that QEMU of
 *    the machine type's version has (profile 'latest', rows newer than the
 *    machine's version left out; no machine type: all), listed as libvirt
 *    lists them — sorted by name; x86 only the names libvirt's cpu_map
 *    knows, aliases with canonical=; s390x with `max` and `qemu`, never
 *    `host` — each with usable and, when not usable, the blockers: QEMU's
 *    unavailable-features of the model on this host, i.e. the model's
 *    features after QEMU's expansion under KVM (KVM's default props such as
 *    svm=off, then the dependency rules) minus what the host supports, in
 *    libvirt's names, sorted by name.
 *
 * On x86, what the host supports is what its host-model says, plus what a
 * libvirt host-model cannot say: QEMU features libvirt has no name for (and
 * KVM's paravirtual words) are taken as available. From CPUID data (not a
 * libvirt document), the features KVM emulates on every host are added.
 */
import { near } from '../core/suggest.js';
import { s390DefaultUnder, s390ModelSince, s390QemuUnder } from '../arch/s390x/machine-compat.js';
import { LIBVIRT_X86_MODELS } from '../data/x86_64/libvirt-models.js';
import { LibvirtXmlError, libvirtFormats, type DomCapsCpu, type DomCapsHostModel, type DomCapsMode, type DomCapsModel, type LibvirtCpu } from '../core/libvirt-model.js';
import { checkArch } from '../arch/index.js';
import { archFacts } from '../arch/facts.js';
import { S390Driver } from '../arch/s390x/driver.js';
import { s390Catalog, type S390Def } from '../arch/s390x/catalog.js';
import { decodedFromLibvirt, type DecodedX86Cpu } from '../arch/x86_64/cpuid.js';
import { X86Driver } from '../arch/x86_64/driver.js';
import type { X86Class } from '../arch/x86_64/catalog.js';
import { expandLibvirtCpu, inLibvirtOrder, isLibvirtFeature, libvirtHostModel, libvirtModel } from '../arch/x86_64/hostmodel.js';
import { x86NameMap } from '../arch/x86_64/names.js';
import type { FeatureSet } from '../core/bitset.js';
import { fail, ok, type Result } from '../core/errors.js';
import { LIBVIRT_X86_VENDORS } from '../data/x86_64/libvirt-features.js';
import { X86_KVM_DEFAULT_PROPS, X86_KVM_EMULATED_FEATURES } from '../data/x86_64/models.js';
import { PPC64_ALIASES, PPC64_MODELS } from '../data/ppc64/models.js';
import { ppc64Catalog } from '../arch/ppc64/catalog.js';
import { ppc64DomainCaps } from '../arch/ppc64/driver.js';
import { aarch64Catalog } from '../arch/aarch64/catalog.js';
import { toHostDoc } from './convert.js';
import { readHostDoc } from './read.js';
import { knownIn, profileFor, x86ClassSince } from './engine.js';
import { MANAGEMENT_DRIVERS } from './management.js';
import type { HostDoc } from './doc.js';

export interface HostDomCaps {
  arch: string;
  /** QEMU version the listing follows (from the machine type), if known */
  qemuVersion?: string;
  /** what the input was */
  source: 'domcapabilities' | 'capabilities' | HostDoc['source']['kind'];
  cpu: DomCapsCpu;
  /** things worth knowing about the answer (unknown names skipped …) */
  notes: string[];
}

// ------------------------------------------------------------ versions

type Ver = [number, number];

function machineVersion(machine: string | undefined): Ver | undefined {
  const m = machine ? /-(\d+)\.(\d+)$/.exec(machine) : null;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function existsIn(since: string | undefined, v: Ver | undefined): boolean {
  if (!since || !v) return true;
  const [a, b] = since.split('.').map(Number) as [number, number | undefined];
  return a < v[0] || (a === v[0] && (b ?? 0) <= v[1]);
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const sorted = (names: Iterable<string>) => [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

// ------------------------------------------------------------ x86 names

function nameMaps(): { toQemu: ReadonlyMap<string, string>; toLibvirt: ReadonlyMap<string, string> } {
  const m = x86NameMap();
  return { toQemu: m.libvirtToQemu, toLibvirt: m.qemuToLibvirt };
}

/** The x86 catalog of a QEMU release (no release: the newest), for the listing. */
const x86Drivers = new Map<string, X86Driver>();
const x86Driver = (release?: string) => {
  const profile = profileFor(release);
  let d = x86Drivers.get(profile);
  if (!d) x86Drivers.set(profile, (d = new X86Driver({ accel: 'kvm', profile })));
  return d;
};

/**
 * An x86 host: its host document (what the runnability engine asks the
 * driver about) and its features in libvirt's names (for the host-model).
 */
interface X86Host {
  doc: HostDoc;
  libvirt: Set<string>;
  decoded?: DecodedX86Cpu;
}

/** A libvirt-described x86 host (domcapabilities' host-model, capabilities' host CPU): the same document migrate-check and placement read. */
function x86HostFromLibvirt(text: string, model: string, require: string[], disable: string[], file: string, notes: string[]): Result<X86Host> {
  const names = expandLibvirtCpu(model, require, disable);
  if (!names) return fail({ code: 'bad-host-data', message: `${file}: host-model names '${model}', which libvirt's x86 CPU map does not know`, value: model, ...near(model, LIBVIRT_X86_MODELS.map((m) => m.name)) });
  const doc = toHostDoc(text, file);
  if (!doc.ok) return doc;
  notes.push(...(doc.value.notes ?? []).filter((n) => n.startsWith('libvirt features without a QEMU name')));
  return ok({ doc: doc.value, libvirt: new Set(names) });
}

/**
 * The custom models: the one runnability engine's verdicts
 * (host/engine.ts, through the management table: the x86 driver for this
 * host — under KVM with its features, or TCG's for a `<domain>qemu</domain>`
 * document — with the catalog of the release).
 */
function x86Models(doc: HostDoc, release: string | undefined): DomCapsModel[] {
  const drv = x86Driver(release);
  const { toLibvirt } = nameMaps();
  const verdicts = new Map(MANAGEMENT_DRIVERS.x86_64.domcapsModels!(doc, release).map((v) => [v.name, v.blockers]));
  const out: DomCapsModel[] = [];
  for (const c of drv.cat.classes) {
    if (c.kind !== 'version' && c.kind !== 'alias') continue;
    if (!knownIn(x86ClassSince(c), release)) continue;
    const lv = libvirtModel(c.name);
    if (!lv) continue; // libvirt lists only the QEMU models its CPU map knows
    const m: DomCapsModel = { name: c.name, usable: 'yes', vendor: lv.vendor ?? 'unknown' };
    if (c.aliasOf) m.canonical = c.aliasOf;
    if (c.deprecated) m.deprecated = true;
    const b = verdicts.get(c.name) ?? ['type'];
    if (b.length) {
      m.usable = 'no';
      m.blockers = sorted(b.map((q) => toLibvirt.get(q) ?? q));
    }
    out.push(m);
  }
  return out.sort(byName);
}

const VENDOR_STRING = new Map(LIBVIRT_X86_VENDORS.map((v) => [v.name, v.string]));

/**
 * libvirt's host-model (cpu_x86.c x86DataToCPU): require what the host has
 * beyond libvirt's model; disable what the model has and the host lacks —
 * the model being libvirt's cpu_map model plus QEMU's own version of it,
 * i.e. the model's blockers in the custom listing (QEMU's model may carry
 * features libvirt's lacks, such as xsaves in EPYC-Rome).
 */
function x86HostModelFor(host: X86Host, model: string, vendor: string | undefined, maxphysaddr: DomCapsHostModel['maxphysaddr'], models: readonly DomCapsModel[]): DomCapsMode & DomCapsHostModel {
  const lv = libvirtModel(model)!;
  const blockers = (models.find((m) => m.name === model)?.blockers ?? []).filter(isLibvirtFeature);
  const require = inLibvirtOrder([...host.libvirt].filter((f) => !lv.features.has(f)));
  const disable = inLibvirtOrder([...lv.features, ...blockers].filter((f) => !host.libvirt.has(f)));
  const v = vendor ?? lv.vendor;
  return {
    supported: true,
    enums: [],
    model: { name: model, fallback: 'forbid' },
    ...(v ? { vendor: v } : {}),
    ...(maxphysaddr ? { maxphysaddr } : {}),
    features: [...require.map((name) => ({ name, policy: 'require' as const })), ...disable.map((name) => ({ name, policy: 'disable' as const }))],
  };
}

const migratableEnum = (name: string, values: string[]) => ({ name, values });

function defaultModes(arch: string): Pick<DomCapsCpu, 'hostPassthrough' | 'maximum'> {
  const facts = archFacts(arch);
  return {
    hostPassthrough: { supported: true, enums: [migratableEnum('hostPassthroughMigratable', [...(facts?.hostPassthroughMigratable ?? ['on', 'off'])])] },
    // QEMU has no `max` CPU on ppc64
    maximum: facts && !facts.maximum ? { supported: false, enums: [] } : { supported: true, enums: [migratableEnum('maximumMigratable', ['on', 'off'])] },
  };
}

// ------------------------------------------------------------ s390x

/** The release a domcapabilities machine version stands for ('2.11'). */
const releaseOfVer = (v: Ver | undefined): string | undefined => (v ? `${v[0]}.${v[1]}` : undefined);

function s390Compute(def: S390Def, features: FeatureSet, ver: Ver | undefined, source: string, accel: 'kvm' | 'tcg' = 'kvm'): { models: DomCapsModel[]; hostModel: DomCapsMode & DomCapsHostModel } {
  const cat = s390Catalog('latest');
  // under TCG the models are checked against TCG's max model, not the host
  const drv = accel === 'kvm' ? new S390Driver({ accel: 'kvm', profile: 'latest', host: { def, features, source } }) : new S390Driver({ accel: 'tcg', profile: 'latest' });
  const models: DomCapsModel[] = [];
  for (const c of drv.classes_()) {
    if (c.kind === 'host') continue; // libvirt never lists 'host'
    // a model the machine's QEMU did not have yet is not listed (max too: QEMU added it in 4.0)
    if (c.def && (c.kind === 'base' || c.kind === 'default') && !existsIn(s390ModelSince(c.def.name), ver)) continue;
    if (c.kind === 'max' && !existsIn(s390ModelSince('max'), ver)) continue;
    const m: DomCapsModel = { name: c.name, usable: 'yes', vendor: c.kind === 'qemu' || c.kind === 'max' ? 'unknown' : 'IBM' };
    if (c.deprecated) m.deprecated = true;
    if (c.def && c.features) {
      // a default model as that release's machine has it (older machines lack bpb/ppa15, mepoch …), and that machine's qemu model
      const q = c.kind === 'qemu' ? s390QemuUnder(cat.features, cat.findDef, releaseOfVer(ver)) : undefined;
      const features = q ? q.features : c.kind === 'default' ? s390DefaultUnder(cat.features, c.def, c.features, releaseOfVer(ver)) : c.features;
      const b = drv.unavailable({ def: q?.def ?? c.def, features });
      if (b.length) {
        m.usable = 'no';
        m.blockers = sorted(b);
      }
    }
    models.push(m);
  }
  // as QEMU's static expansion gives them (whole groups folded), sorted by name as libvirt shows them
  const require = sorted(cat.features.foldedNames(features.andNot(def.base)));
  const disable = sorted(cat.features.foldedNames(def.base.andNot(features)));
  return {
    models: models.sort(byName),
    hostModel: {
      supported: true,
      enums: [],
      model: { name: `${def.name}-base`, fallback: 'forbid' },
      features: [...require.map((name) => ({ name, policy: 'require' as const })), ...disable.map((name) => ({ name, policy: 'disable' as const }))],
    },
  };
}

// ------------------------------------------------------------ ppc64

/**
 * ppc64 (libvirt's ppc64 driver, through ppc64DomainCaps): host-model is
 * the host's libvirt model with fallback='allow'; custom is libvirt's
 * cpu_map models whose name QEMU of the machine's version offers (QEMU's
 * names upper-cased), usable='unknown' (QEMU reports no
 * unavailable-features on ppc64), so no blockers.
 */
function ppc64Compute(libvirtModel: string, ver: Ver | undefined, file: string): Result<{ hostModel: DomCapsMode & DomCapsHostModel; models: DomCapsModel[] }> {
  const cat = ppc64Catalog('latest');
  const row = cat.libvirtModels.find((m) => m.name === libvirtModel);
  if (!row) return fail({ code: 'bad-host-data', message: `${file}: host-model names '${libvirtModel}', which libvirt's ppc64 CPU map does not know`, value: libvirtModel, ...near(libvirtModel, cat.libvirtModels.map((m) => m.name)) });
  const qemuModels = [...PPC64_MODELS.filter((m) => existsIn(m.since, ver)).map((m) => m.name), ...PPC64_ALIASES.filter((a) => existsIn(a.since, ver)).map((a) => a.alias)];
  const dc = ppc64DomainCaps(cat, { hostPvr: row.pvr[0]!.value, qemuModels });
  if (!dc.ok) return dc;
  return ok({ hostModel: dc.value.hostModel, models: dc.value.custom.models });
}

// ------------------------------------------------------------ aarch64

/**
 * aarch64: libvirt reports no host-model (host-model supported='no'), and
 * lists QEMU's models with usable='unknown' and vendor='unknown' (QEMU
 * reports no unavailable-features on aarch64), sorted by name; never `host`.
 * The models are the aarch64 catalog's (profile latest) that QEMU of the
 * machine's version has.
 */
function aarch64Models(ver: Ver | undefined): DomCapsModel[] {
  // the catalog of the file's release: models QEMU had then, removed ones (pxa*) included
  const cat = aarch64Catalog(profileFor(ver ? `${ver[0]}.${ver[1]}` : undefined));
  return cat.classes
    .filter((c) => c.name !== 'host' && existsIn(c.row.since, ver))
    .map((c): DomCapsModel => ({ name: c.name, usable: 'unknown', vendor: 'unknown' }))
    .sort(byName);
}

// ------------------------------------------------------------ entry points

/** The architectures this module computes domcapabilities for. */
export const DOMCAPS_ARCHES: readonly string[] = ['x86_64', 's390x', 'ppc64', 'aarch64'];

function unsupportedArch(arch: string, file: string): Result<never> | null {
  const a = checkArch(arch);
  if (!a.ok && a.error.code !== 'unsupported') return fail({ ...a.error, message: `${file}: ${a.error.message}` });
  if (DOMCAPS_ARCHES.includes(arch)) return null;
  return fail({ code: 'unsupported', message: `${file}: domcapabilities for '${arch}' are not implemented yet`, value: arch, hint: `available: ${DOMCAPS_ARCHES.join(', ')}` });
}

/** What a domcapabilities file gives the per-architecture computation. */
interface DomCapsFile {
  text: string;
  file: string;
  hm: DomCapsCpu['hostModel'];
  ver: Ver | undefined;
  verText: string | undefined;
  notes: string[];
  base: DomCapsCpu;
  require: string[];
  disable: string[];
  accel: 'kvm' | 'tcg';
}

type HostModelOf = NonNullable<DomCapsFile['hm']> & { model: NonNullable<NonNullable<DomCapsFile['hm']>['model']> };

/** Per architecture: whether the file must have a host-model, and the computation. */
const FROM_DOMCAPS: Record<string, { needsHostModel: boolean; run(f: DomCapsFile, hm: HostModelOf): Result<HostDomCaps> }> = {
  aarch64: {
    // libvirt has no host-model on aarch64: the file's custom list is all there is to reproduce
    needsHostModel: false,
    run: (f) => {
      f.notes.push('aarch64: libvirt reports no host-model; the custom models are listed with usable=unknown (QEMU reports no unavailable-features on aarch64)');
      return ok({ arch: 'aarch64', ...(f.verText ? { qemuVersion: f.verText } : {}), source: 'domcapabilities', notes: f.notes, cpu: { ...f.base, hostModel: { supported: false, enums: [], features: [] }, custom: { supported: true, enums: [], models: aarch64Models(f.ver) } } });
    },
  },
  x86_64: {
    needsHostModel: true,
    run: (f, hm) => {
      const host = x86HostFromLibvirt(f.text, hm.model.name, f.require, f.disable, f.file, f.notes);
      if (!host.ok) return host;
      const models = x86Models(host.value.doc, f.verText);
      const hostModel = x86HostModelFor(host.value, hm.model.name, hm.vendor, hm.maxphysaddr, models);
      return ok({ arch: 'x86_64', ...(f.verText ? { qemuVersion: f.verText } : {}), source: 'domcapabilities', notes: f.notes, cpu: { ...f.base, hostModel, custom: { supported: true, enums: [], models } } });
    },
  },
  ppc64: {
    needsHostModel: true,
    run: (f, hm) => {
      const r = ppc64Compute(hm.model.name, f.ver, f.file);
      if (!r.ok) return r;
      const hostModel = { ...r.value.hostModel, ...(hm.maxphysaddr ? { maxphysaddr: hm.maxphysaddr } : {}) };
      return ok({ arch: 'ppc64', ...(f.verText ? { qemuVersion: f.verText } : {}), source: 'domcapabilities', notes: f.notes, cpu: { ...f.base, hostModel, custom: { supported: true, enums: [], models: r.value.models } } });
    },
  },
  s390x: {
    needsHostModel: true,
    run: (f, hm) => {
      const cat = s390Catalog('latest');
      const def = cat.defByName(hm.model.name.replace(/-base$/, ''));
      if (!def) return fail({ code: 'bad-host-data', message: `${f.file}: host-model names '${hm.model.name}', which is no s390x CPU model`, value: hm.model.name, ...near(hm.model.name, cat.defs.map((d) => d.name)) });
      const features = def.base.clone();
      const unknown: string[] = [];
      for (const [names, on] of [[f.require, true], [f.disable, false]] as const) {
        for (const n of names) {
          // a name is a feature or a group (QEMU folds whole groups into one name)
          if (!cat.features.switchName(features, n, on)) unknown.push(n);
        }
      }
      if (unknown.length) f.notes.push(`features this catalog does not know, not used: ${unknown.join(' ')}`);
      const r = s390Compute(def, features, f.ver, f.file, f.accel);
      return ok({ arch: 's390x', ...(f.verText ? { qemuVersion: f.verText } : {}), source: 'domcapabilities', notes: f.notes, cpu: { ...f.base, hostModel: r.hostModel, custom: { supported: true, enums: [], models: r.models } } });
    },
  },
};

function fromDomCaps(text: string, file: string): Result<HostDomCaps> {
  const dc = libvirtFormats().readDomCapsCpu(text, file);
  const arch = dc.arch ?? '';
  if (!arch) return fail({ code: 'bad-host-data', message: `${file}: domain capabilities without <arch>` });
  const un = unsupportedArch(arch, file);
  if (un) return un;
  const handler = FROM_DOMCAPS[arch];
  if (!handler) return fail({ code: 'unsupported', message: `domcapabilities is not supported on ${arch}`, value: arch });
  const hm = dc.hostModel;
  if (handler.needsHostModel && (!hm?.supported || !hm.model)) return fail({ code: 'host-model-unavailable', message: `${file}: the host-model mode is not supported, so the file says nothing about the host CPU`, value: file });
  const ver = machineVersion(dc.machine);
  const notes: string[] = [];
  const base: DomCapsCpu = {
    ...(dc.path !== undefined ? { path: dc.path } : {}),
    domain: dc.domain ?? 'kvm',
    ...(dc.machine !== undefined ? { machine: dc.machine } : {}),
    arch,
    ...defaultModes(arch),
    ...(dc.hostPassthrough ? { hostPassthrough: dc.hostPassthrough } : {}),
    ...(dc.maximum ? { maximum: dc.maximum } : {}),
  };
  const feats = hm?.features ?? [];
  const require = feats.filter((f) => f.policy !== 'disable' && f.policy !== 'forbid').map((f) => f.name);
  const disable = feats.filter((f) => f.policy === 'disable' || f.policy === 'forbid').map((f) => f.name);
  const verText = ver ? `${ver[0]}.${ver[1]}` : undefined;
  // <domain>qemu</domain>: TCG — the models are checked against what TCG emulates
  const accel = dc.domain === 'qemu' ? 'tcg' : 'kvm';
  if (accel === 'tcg' && handler.needsHostModel) notes.push('domain type qemu (TCG): usable and blockers follow what TCG of that release emulates');
  return handler.run({ text, file, hm, ver, verText, notes, base, require, disable, accel }, hm as HostModelOf);
}

function fromCapabilities(text: string, file: string): Result<HostDomCaps> {
  const cpu: LibvirtCpu = libvirtFormats().readCapabilitiesCpu(text, file);
  const arch = cpu.arch ?? '';
  const un = unsupportedArch(arch, file);
  if (un) return un;
  // x86's libvirt host <cpu> is read against libvirt's cpu_map here; the others' as probe reads
  // them (the architecture's hostFromLibvirt: the model's class stands for the host), then as
  // any host document is
  if (!archFacts(arch)?.libvirtCpuMap) return fromHostDoc(text, file);
  if (!cpu.model) return fail({ code: 'bad-host-data', message: `${file}: the host <cpu> names no model`, value: file, hint: "libvirt's domcapabilities of the host carry its host-model CPU: give `virsh domcapabilities` instead" });
  const notes: string[] = [];
  const host = x86HostFromLibvirt(
    text,
    cpu.model.name,
    cpu.features.filter((f) => f.policy !== 'disable').map((f) => f.name),
    cpu.features.filter((f) => f.policy === 'disable').map((f) => f.name),
    file,
    notes,
  );
  if (!host.ok) return host;
  const vendorString = cpu.vendor ? (VENDOR_STRING.get(cpu.vendor) ?? cpu.vendor) : '';
  const { toQemu } = nameMaps();
  const libvirt = inLibvirtOrder(host.value.libvirt);
  const decoded = decodedFromLibvirt({ source: file, vendorString, vendor: cpu.vendor, signature: cpu.signature, libvirt, qemu: libvirt.map((n) => toQemu.get(n)).filter((n): n is string => !!n) });
  return x86Finish({ ...host.value, decoded }, file, 'capabilities', notes);
}

function x86Finish(host: X86Host, file: string, source: HostDomCaps['source'], notes: string[]): Result<HostDomCaps> {
  const models = x86Models(host.doc, host.doc.release);
  const hm = libvirtHostModel(host.decoded!, { kind: 'guest', models: models.map((m) => m.name) });
  if (!hm.ok) return hm;
  const hostModel = x86HostModelFor(host, hm.value.model, hm.value.vendor, { mode: 'passthrough', limit: 64 }, models);
  // libvirt's guest definition also disables the model's removed features the CPU lacks
  for (const f of hm.value.disabled) if (!hostModel.features.some((x) => x.name === f)) hostModel.features.push({ name: f, policy: 'disable' });
  return ok({ arch: 'x86_64', source, notes, cpu: { domain: 'kvm', arch: 'x86_64', ...defaultModes('x86_64'), hostModel, custom: { supported: true, enums: [], models } } });
}

/** Per architecture: domcapabilities from a host document. */
const FROM_HOST_DOC: Record<string, (doc: HostDoc, file: string, notes: string[]) => Result<HostDomCaps>> = {
  x86_64: (doc, file, notes) => {
    const id = doc.identity as { vendor?: string; family?: number; model?: number; stepping?: number; brand?: string };
    const { toLibvirt } = nameMaps();
    const vendorString = id.vendor ?? '';
    const vendor = LIBVIRT_X86_VENDORS.find((v) => v.string === vendorString)?.name;
    const decoded: DecodedX86Cpu = {
      source: file,
      vendorString,
      ...(vendor ? { vendor } : {}),
      family: id.family ?? 0,
      model: id.model ?? 0,
      stepping: id.stepping ?? 0,
      signature: 0,
      brand: id.brand ?? '',
      libvirt: inLibvirtOrder(doc.features.map((q) => toLibvirt.get(q)).filter((n): n is string => !!n)),
      qemu: doc.features,
    };
    return x86Finish({ doc, libvirt: new Set(decoded.libvirt), decoded }, file, doc.source.kind, notes);
  },
  ppc64: (doc, file, notes) => {
    const id = doc.identity as { libvirtModel?: string; family?: string };
    const lv = id.libvirtModel ?? id.family;
    if (!lv) return fail({ code: 'bad-host-data', message: `${file}: the ppc64 host names no libvirt model (identity.libvirtModel)`, value: doc.model });
    const r = ppc64Compute(lv, undefined, file);
    if (!r.ok) return r;
    return ok({ arch: 'ppc64', source: doc.source.kind, notes, cpu: { domain: 'kvm', arch: 'ppc64', ...defaultModes('ppc64'), hostModel: { ...r.value.hostModel, maxphysaddr: { mode: 'passthrough', limit: 64 } }, custom: { supported: true, enums: [], models: r.value.models } } });
  },
  aarch64: (doc, file, notes) => {
    notes.push('aarch64: libvirt reports no host-model; the custom models are listed with usable=unknown');
    return ok({ arch: 'aarch64', source: doc.source.kind, notes, cpu: { domain: 'kvm', arch: 'aarch64', ...defaultModes('aarch64'), hostModel: { supported: false, enums: [], features: [] }, custom: { supported: true, enums: [], models: aarch64Models(undefined) } } });
  },
  s390x: (doc, file, notes) => {
    const cat = s390Catalog('latest');
    const def = cat.defByName(doc.model);
    if (!def) return fail({ code: 'bad-host-data', message: `${file}: '${doc.model}' is no s390x CPU model`, value: doc.model, ...near(doc.model, cat.defs.map((d) => d.name)) });
    const r = s390Compute(def, cat.features.setOf(doc.features.filter((n) => cat.features.feature(n))), machineVersion(doc.release ? `-${doc.release}` : undefined), file);
    return ok({ arch: 's390x', source: doc.source.kind, notes, cpu: { domain: 'kvm', arch: 's390x', ...defaultModes('s390x'), hostModel: r.hostModel, custom: { supported: true, enums: [], models: r.models } } });
  },
};

function fromHostDoc(text: string, file: string): Result<HostDomCaps> {
  // the one host reader (read.ts): whatever probe reads
  const d = readHostDoc(text, file);
  if (!d.ok) return d;
  const doc = d.value;
  const un = unsupportedArch(doc.arch, file);
  if (un) return un;
  const run = FROM_HOST_DOC[doc.arch];
  if (!run) return fail({ code: 'unsupported', message: `domcapabilities is not supported on ${doc.arch}`, value: doc.arch });
  return run(doc, file, [...(doc.notes ?? [])]);
}

/** The domcapabilities `<cpu>` block for a host, as data. */
export function computeDomCaps(text: string, file: string): Result<HostDomCaps> {
  try {
    const lv = libvirtFormats();
    if (lv.isDomCapsText(text)) return fromDomCaps(text, file);
    if (lv.isCapabilitiesText(text)) return fromCapabilities(text, file);
    return fromHostDoc(text, file);
  } catch (e) {
    if (e instanceof LibvirtXmlError) return fail({ code: e.code, message: e.message, ...(e.value !== undefined ? { value: e.value } : {}) });
    throw e;
  }
}
