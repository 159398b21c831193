/**
 * One view of every x86 feature bit under its three names: QEMU's (with
 * alias spellings), libvirt's and Linux's /proc/cpuinfo flag. The tables are
 * declared separately, each in its project's vocabulary; they are joined here
 * by CPUID leaf/subleaf/register/bit (or MSR index/bit).
 */
import { X86_FEATURES } from '../../data/x86_64/features.js';
import { LIBVIRT_X86_FEATURES } from '../../data/x86_64/libvirt-features.js';
import { LINUX_X86_FLAGS } from '../../data/x86_64/linux-features.js';

export interface X86FeatureNames {
  location: string;
  qemu?: string;
  qemuAliases: string[];
  libvirt?: string;
  linux?: string;
  word?: string;
}

type Loc = { cpuid?: { leaf: number; subleaf?: number; reg: string; bit: number }; msr?: { index: number; bit: number } };

export function locationKey(l: Loc): string | undefined {
  if (l.cpuid) return `CPUID.0x${l.cpuid.leaf.toString(16)}.${l.cpuid.subleaf ?? 0}:${l.cpuid.reg.toUpperCase()}[${l.cpuid.bit}]`;
  if (l.msr) return `MSR.0x${l.msr.index.toString(16)}[${l.msr.bit}]`;
  return undefined;
}

let cache: X86FeatureNames[] | undefined;

/** Every named bit, in QEMU's order first, then bits only libvirt or Linux name. */
export function x86FeatureNames(): X86FeatureNames[] {
  if (cache) return cache;
  const rows = new Map<string, X86FeatureNames>();
  const row = (k: string) => {
    let r = rows.get(k);
    if (!r) {
      r = { location: k, qemuAliases: [] };
      rows.set(k, r);
    }
    return r;
  };
  for (const f of X86_FEATURES) {
    const k = locationKey(f);
    if (!k) continue;
    const r = row(k);
    r.qemu = f.name;
    r.qemuAliases = [...(f.aliases ?? [])];
    r.word = f.word;
  }
  for (const f of LIBVIRT_X86_FEATURES) {
    const k = locationKey(f);
    if (k) row(k).libvirt = f.name;
  }
  for (const f of LINUX_X86_FLAGS) {
    const k = f.cpuid ? locationKey({ cpuid: f.cpuid }) : undefined;
    if (k && f.name) row(k).linux = f.name;
  }
  cache = [...rows.values()];
  return cache;
}

export interface X86NameMap {
  /** QEMU name (or one of QEMU's alias spellings) → libvirt's name for the same bit */
  readonly qemuToLibvirt: ReadonlyMap<string, string>;
  /** libvirt name → QEMU's name for the same bit */
  readonly libvirtToQemu: ReadonlyMap<string, string>;
}

let nameMap: X86NameMap | undefined;

/**
 * The one x86 QEMU↔libvirt feature name map, joined by bit. One tie-break
 * for a name that two bits carry: the first bit in QEMU's order keeps it
 * (QEMU 7.2 names MSR 0x48c bit 41 'vmx-invept-single-context' as well as
 * bit 25, target/i386/cpu.c; the name stays with bit 25, libvirt's
 * 'vmx-invept-single-context'). QEMU's alias spellings map too, but never
 * take a name a primary name has.
 */
export function x86NameMap(): X86NameMap {
  if (nameMap) return nameMap;
  const qemuToLibvirt = new Map<string, string>();
  const libvirtToQemu = new Map<string, string>();
  const first = (m: Map<string, string>, k: string, v: string) => {
    if (!m.has(k)) m.set(k, v);
  };
  const rows = x86FeatureNames().filter((r) => r.qemu && r.libvirt);
  for (const r of rows) {
    first(qemuToLibvirt, r.qemu!, r.libvirt!);
    first(libvirtToQemu, r.libvirt!, r.qemu!);
  }
  for (const r of rows) for (const a of r.qemuAliases) first(qemuToLibvirt, a, r.libvirt!);
  return (nameMap = { qemuToLibvirt, libvirtToQemu });
}
