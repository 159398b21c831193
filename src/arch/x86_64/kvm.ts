/**
 * What KVM lets an x86 guest have, and how QEMU names what is missing.
 * The facts live in src/data/x86_64/kvm.ts, each with its source.
 */
import type { FeatureSet } from '../../core/bitset.js';
import {
  X86_KVM_AMD_HOST,
  X86_KVM_ANY_HOST,
  X86_KVM_HOST_ERRATA,
  X86_KVM_NEVER_FROM_HOST,
  X86_KVM_NO_AUTOENABLE,
  X86_KVM_NOT_AFFECTED,
  X86_KVM_SPEC_CTRL,
  X86_XSAVE_XCR0_COMPONENTS,
  X86_XSAVE_XCR0_NEXT_WORD,
  X86_XSAVE_REPEATS_UNTIL,
} from '../../data/x86_64/kvm.js';
import type { X86Catalog } from './catalog.js';

/** What is known about a host, for KVM's verdict. */
export interface X86HostFacts {
  /** the host's features, in QEMU's names */
  features: FeatureSet;
  /** CPUID vendor string (GenuineIntel, AuthenticAMD, HygonGenuine …) */
  vendor: string;
  /** CPUID family (for the kernel's per-family errata), when known */
  family?: number;
  /**
   * 'kvm' when the features are QEMU's expansion of `host` under KVM (they
   * already are KVM's view); 'cpu' when they describe the bare CPU (a
   * CPUID dump, /proc/cpuinfo); 'libvirt' for libvirt's host-model (QEMU's
   * KVM view, less what libvirt's cpu_map cannot name or leaves out, such
   * as the ARCH_CAPABILITIES bits KVM synthesizes): nothing is taken away,
   * and what KVM gives on any host of that vendor is added.
   */
  view: 'kvm' | 'cpu' | 'libvirt';
}

const known = (cat: X86Catalog, names: readonly string[]) => cat.features.setOf(names.filter((n) => cat.features.feature(n)));

/** The catalog's sets of the data tables' lists (the lists are constants: made once per catalog and list, read-only). */
const constSets = new WeakMap<X86Catalog, Map<readonly string[], FeatureSet>>();
function knownConst(cat: X86Catalog, names: readonly string[]): FeatureSet {
  let m = constSets.get(cat);
  if (!m) constSets.set(cat, (m = new Map()));
  let s = m.get(names);
  if (!s) m.set(names, (s = known(cat, names)));
  return s;
}

/** The spec-ctrl flags' sources as sets of the catalog, made once per catalog. */
const specCtrlSources = new WeakMap<X86Catalog, [string, FeatureSet][]>();
function specCtrlSourcesOf(cat: X86Catalog): [string, FeatureSet][] {
  let s = specCtrlSources.get(cat);
  if (!s) specCtrlSources.set(cat, (s = Object.entries(X86_KVM_SPEC_CTRL.sources).map(([flag, from]) => [flag, known(cat, from)])));
  return s;
}

/**
 * The features a KVM guest may use on this host: QEMU's
 * kvm_arch_get_supported_cpuid / kvm_arch_get_supported_msr_feature as
 * Linux's KVM fills them. From QEMU's own expansion that is the expansion
 * plus what QEMU never switches on in `host`; from the bare CPU, KVM's
 * rules: what KVM never passes through goes, what it emulates or
 * synthesizes (per vendor and per hardware bug) comes.
 */
export function kvmGuestFeatures(cat: X86Catalog, host: X86HostFacts): FeatureSet {
  // QEMU's expansion of `host` (migratable by default) never shows the
  // features a migratable CPU cannot carry (invtsc), so it says nothing of
  // them: they are taken as present, as on every x86 host since Nehalem/Zen
  if (host.view === 'kvm') return host.features.or(knownConst(cat, X86_KVM_NO_AUTOENABLE)).ior(cat.unmigratable);
  const has = (n: string) => {
    const f = cat.features.feature(n);
    return !!f && host.features.has(f.index);
  };
  const out = host.features.or(cat.kvmOnly).ior(knownConst(cat, X86_KVM_ANY_HOST)).ior(knownConst(cat, X86_KVM_NO_AUTOENABLE));
  if (host.view === 'cpu') out.iandNot(knownConst(cat, X86_KVM_NEVER_FROM_HOST));
  else out.ior(cat.unmigratable);
  const amd = host.vendor === 'AuthenticAMD' || host.vendor === 'HygonGenuine';
  if (amd) out.ior(knownConst(cat, X86_KVM_AMD_HOST));
  if (host.view === 'cpu') for (const e of X86_KVM_HOST_ERRATA) if (e.vendor === host.vendor && e.family === host.family) out.iandNot(known(cat, [e.feature]));
  const flags = new Set<string>();
  for (const [flag, from] of specCtrlSourcesOf(cat)) if (from.intersects(host.features)) flags.add(flag);
  const give: string[] = [];
  for (const g of X86_KVM_SPEC_CTRL.gives) if (g.needs.every((n) => flags.has(n))) give.push(g.feature);
  if (amd && flags.has('SSBD')) give.push(...X86_KVM_SPEC_CTRL.amdOnly);
  else if (host.view === 'cpu') out.iandNot(knownConst(cat, X86_KVM_SPEC_CTRL.amdOnly));
  for (const b of X86_KVM_NOT_AFFECTED) {
    if (b.rtm && !has('rtm')) {
      if (host.view === 'cpu') out.iandNot(known(cat, [b.feature]));
      continue;
    }
    if (b.vendors.includes(host.vendor)) give.push(b.feature);
  }
  for (const n of give) {
    const f = cat.features.feature(n);
    if (f) out.add(f.index);
  }
  return out;
}

/**
 * What QEMU's `host`/`max` switch on by themselves: what the guest may use,
 * less the features QEMU supports without the host CPU having them and
 * never switches on by itself, and (migratable by default) less invtsc.
 */
export function kvmAutoEnabled(cat: X86Catalog, host: X86HostFacts, supported: FeatureSet): FeatureSet {
  return supported.andNot(knownConst(cat, X86_KVM_NO_AUTOENABLE).or(cat.unmigratable).andNot(host.features));
}

/**
 * QEMU's unavailable-features under KVM for a model with `features` on a
 * host supporting `supported`: the missing features in feature-word order,
 * with each XSAVE component the host cannot save named again (under its
 * feature's name) where QEMU's XCR0 word sits (x86_cpu_filter_features,
 * x86_cpu_list_feature_names, x86_cpu_feature_name), in the releases that
 * do so (X86_XSAVE_REPEATS_UNTIL).
 */
export function kvmUnavailable(cat: X86Catalog, features: FeatureSet, supported: FeatureSet, release: string): string[] {
  const names = cat.features.names(features.andNot(supported));
  const xsave = cat.features.feature('xsave');
  if (!xsave || !features.has(xsave.index) || !releaseAtMost(release, X86_XSAVE_REPEATS_UNTIL)) return names;
  const repeats: string[] = [];
  for (const c of X86_XSAVE_XCR0_COMPONENTS) {
    const f = cat.features.feature(c.feature);
    if (f && features.has(f.index) && !supported.has(f.index)) repeats.push(c.feature);
  }
  if (!repeats.length) return names;
  const next = cat.word.get(X86_XSAVE_XCR0_NEXT_WORD)?.toArray()[0] ?? Infinity;
  const at = names.findIndex((n) => cat.features.feature(n)!.index >= next);
  const cut = at < 0 ? names.length : at;
  return [...names.slice(0, cut), ...repeats, ...names.slice(cut)];
}

/** Is QEMU release `a` (e.g. '9.1', or 'latest') at most `b`? */
export function releaseAtMost(a: string, b: string): boolean {
  if (a === 'latest') return false;
  const [x = 0, y = 0] = a.split('.').map(Number);
  const [p = 0, q = 0] = b.split('.').map(Number);
  return x < p || (x === p && y <= q);
}
