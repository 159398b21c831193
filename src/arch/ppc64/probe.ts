/**
 * ppc64 host probing from /proc/cpuinfo (a pure parser: text in, data out).
 *
 * Linux on POWER prints, per processor:
 *
 *   processor : 0
 *   cpu       : POWER9 (architected), altivec supported
 *   clock     : 2200.000000MHz
 *   revision  : 2.2 (pvr 004e 1202)
 *
 * and once at the end:
 *
 *   timebase  : 512000000
 *   platform  : pSeries            (a guest or an LPAR; PowerNV on bare metal)
 *   model     : IBM pSeries (emulated by qemu)
 *   machine   : CHRP IBM pSeries (emulated by qemu)
 *   MMU       : Radix
 *
 * The PVR identifies the processor (and so QEMU's class and libvirt's
 * model); "(architected)" says the kernel runs in an architected mode, the
 * one the `cpu` line names (a POWER9 in power8 mode prints
 * "POWER8 (architected)" with the POWER9's PVR), "(raw)" that it runs on the
 * processor's own level.
 */
import { fail, ok, type Result } from '../../core/errors.js';
import { looksLikeJson, readExpansionReply } from '../../core/expansion-reply.js';
import type { FeatureSet } from '../../core/bitset.js';
import type { Ppc64Catalog, Ppc64Class, Ppc64Compat } from './catalog.js';

export interface Ppc64CpuInfo {
  /** The PVR from the first `revision` line. */
  pvr: number;
  /** `cpu` line, name part ("POWER9"). */
  cpuName: string;
  /** "(architected)" or "(raw)", when printed. */
  mode: 'architected' | 'raw' | undefined;
  altivec: boolean;
  revision: string;
  processors: number;
  platform: string | undefined;
  model: string | undefined;
  machine: string | undefined;
  mmu: string | undefined;
}

export interface Ppc64Host {
  info: Ppc64CpuInfo;
  /** QEMU's class for the PVR (exact, else the family's default class). */
  cls: Ppc64Class;
  /** The architected mode the host runs in, if it reports one below its own. */
  compat: Ppc64Compat | undefined;
  /** Compat modes available: the family's level (or the architected one) and older. */
  features: FeatureSet;
  /** libvirt's model for the PVR (POWER9 …), if libvirt's map has one. */
  libvirtModel: string | undefined;
  vendor: string | undefined;
  source: string;
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/** Parse /proc/cpuinfo of a ppc64 Linux. Errors name the file and what is missing. */
export function parseCpuInfo(text: string, origin = '/proc/cpuinfo'): Result<Ppc64CpuInfo> {
  let pvr: number | undefined;
  let revision = '';
  let cpuName: string | undefined;
  let mode: Ppc64CpuInfo['mode'];
  let altivec = false;
  let processors = 0;
  let platform: string | undefined;
  let model: string | undefined;
  let machine: string | undefined;
  let mmu: string | undefined;
  for (const raw of text.split('\n')) {
    const colon = raw.indexOf(':');
    if (colon < 0) continue;
    const key = raw.slice(0, colon).trim();
    const value = raw.slice(colon + 1).trim();
    switch (key) {
      case 'processor':
        processors++;
        break;
      case 'cpu':
        if (cpuName === undefined) {
          const m = /^([^,(]+?)\s*(?:\((architected|raw)\))?\s*(?:,(.*))?$/.exec(value);
          cpuName = (m?.[1] ?? value).trim();
          mode = (m?.[2] as Ppc64CpuInfo['mode']) ?? undefined;
          altivec = /altivec supported/.test(m?.[3] ?? '');
        }
        break;
      case 'revision':
        if (pvr === undefined) {
          const m = /\(pvr\s+([0-9a-fA-F]{4})\s+([0-9a-fA-F]{4})\)/.exec(value);
          if (m) {
            pvr = parseInt(m[1]! + m[2]!, 16) >>> 0;
            revision = value.slice(0, m.index).trim();
          }
        }
        break;
      case 'platform':
        platform = value;
        break;
      case 'model':
        model = value;
        break;
      case 'machine':
        machine = value;
        break;
      case 'MMU':
        mmu = value;
        break;
      default:
        break;
    }
  }
  if (pvr === undefined) {
    return fail({
      code: 'bad-host-data',
      message: `${origin}: no PVR found (expected a line like 'revision : 2.2 (pvr 004e 1202)')`,
      hint: 'is this /proc/cpuinfo of a ppc64 Linux?',
      value: origin,
    });
  }
  if (cpuName === undefined) {
    return fail({ code: 'bad-host-data', message: `${origin}: no 'cpu' line found`, value: origin });
  }
  return ok({ pvr, cpuName, mode, altivec, revision, processors: Math.max(processors, 1), platform, model, machine, mmu });
}

/** The host behind a /proc/cpuinfo: QEMU's class, libvirt's model and the compat modes it offers. */
export function probeCpuInfo(cat: Ppc64Catalog, text: string, origin = '/proc/cpuinfo'): Result<Ppc64Host> {
  const p = parseCpuInfo(text, origin);
  if (!p.ok) return p;
  return hostFromPvr(cat, p.value, `/proc/cpuinfo:${origin}`);
}

export function hostFromPvr(cat: Ppc64Catalog, info: Ppc64CpuInfo, source: string): Result<Ppc64Host> {
  const cls = cat.classByPvr(info.pvr);
  if (!cls) {
    return fail({ code: 'bad-host-data', message: `Cannot find CPU model with PVR 0x${hex8(info.pvr)}`, value: `0x${hex8(info.pvr)}` });
  }
  let features = cls.features.clone();
  let compat: Ppc64Compat | undefined;
  if (info.mode === 'architected' && cls.family.compat) {
    // "POWER8 (architected)" on a POWER9: the kernel runs in power8 mode
    const named = cat.compatByName(info.cpuName.toLowerCase().replace(/\+$/, ''));
    if (named && named.level < cls.family.compat.level) {
      compat = named;
      features = cat.levelSet(named.level);
    }
  }
  const lv = cat.libvirtModelByPvr(info.pvr);
  return ok({ info, cls, compat, features, libvirtModel: lv?.name, vendor: lv?.vendor ?? cls.family.vendor, source });
}

/**
 * The host behind an expansion reply of `host` (or of a named model): the
 * class is the model's (for `host`, the default class of the family whose
 * mode `max-cpu-compat` names), the compat modes are those up to
 * `max-cpu-compat` (or the highest `compat-*` prop set).
 */
export function probeQmpExpansion(cat: Ppc64Catalog, text: string, origin: string): Result<Ppc64Host> {
  const m = readExpansionReply(text, origin);
  if (!m.ok) return m;
  const { name, props } = m.value;
  const named = typeof props['max-cpu-compat'] === 'string' ? cat.compatByName(props['max-cpu-compat'] as string) : undefined;
  const flagged = [...cat.compat].reverse().find((c) => props[c.feature] === true);
  const top = named ?? flagged;
  let cls = name === 'host' ? undefined : cat.lookup(name);
  if (!cls && top) {
    const family = [...cat.families.values()].find((f) => f.compat?.name === top.name && f.defaultClass);
    cls = family ? cat.classByName.get(family.defaultClass!) : undefined;
  }
  if (!cls) {
    return fail({
      code: 'bad-host-data',
      message: `${origin}: the expansion of '${name}' names no ppc64 class nor compat mode`,
      value: name,
      hint: "pass QEMU's expansion of host with its max-cpu-compat property",
    });
  }
  const own = cls.family.compat;
  const info: Ppc64CpuInfo = {
    pvr: cls.pvr,
    cpuName: (top ?? own)?.name.toUpperCase() ?? cls.family.name,
    mode: top && own && top.level < own.level ? 'architected' : undefined,
    altivec: true,
    revision: '',
    processors: 1,
    platform: undefined,
    model: undefined,
    machine: undefined,
    mmu: undefined,
  };
  return hostFromPvr(cat, info, `qmp-expansion:${origin}`);
}

/** Any host text: an expansion reply (JSON) or /proc/cpuinfo. */
export function probeHostText(cat: Ppc64Catalog, text: string, origin: string): Result<Ppc64Host> {
  return looksLikeJson(text) ? probeQmpExpansion(cat, text, origin) : probeCpuInfo(cat, text, origin);
}
