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
