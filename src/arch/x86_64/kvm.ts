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
  const t = kvmTablesOf(cat);
  const cpu = host.view === 'cpu';
  const out = host.features.or(t.always);
  if (cpu) out.iandNot(t.neverFromHost);
  else out.ior(cat.unmigratable);
  const amd = host.vendor === 'AuthenticAMD' || host.vendor === 'HygonGenuine';
  if (amd) out.ior(t.amdHost);
  if (cpu) for (const e of t.errata) if (e.vendor === host.vendor && e.family === host.family && e.index >= 0) out.delete(e.index);
  // Linux's synthetic flags (bit k: the k-th source) the host's bits set, and what they give
  let flags = 0;
  for (let k = 0; k < t.sources.length; k++) if (t.sources[k]!.intersects(host.features)) flags |= 1 << k;
  const give: number[] = [];
  for (const g of t.gives) if ((flags & g.needs) === g.needs) give.push(g.index);
  if (amd && flags & t.ssbd) give.push(...t.amdOnly);
  else if (cpu) out.iandNot(t.amdOnlySet);
  for (const b of t.notAffected) {
    if (b.rtm && !(t.rtm >= 0 && host.features.has(t.rtm))) {
      if (cpu && b.index >= 0) out.delete(b.index);
      continue;
    }
    if (b.vendors.includes(host.vendor)) give.push(b.index);
  }
  for (const i of give) if (i >= 0) out.add(i);
  return out;
}

/** The data tables' facts kvmGuestFeatures asks, as the catalog's sets and indices (-1: not in the catalog), made once per catalog. */
interface KvmTables {
  /** what KVM gives every host: its own leaves, what it emulates, what QEMU never switches on by itself */
  always: FeatureSet;
  neverFromHost: FeatureSet;
  amdHost: FeatureSet;
  errata: { vendor: string; family: number; index: number }[];
  /** the spec-ctrl flags' sources, in X86_KVM_SPEC_CTRL.sources' order */
  sources: FeatureSet[];
  /** each guest feature the flags give, with the flags it needs as bits of `sources` */
  gives: { index: number; needs: number }[];
  /** the SSBD flag's bit */
  ssbd: number;
  amdOnly: number[];
  amdOnlySet: FeatureSet;
  notAffected: { index: number; vendors: readonly string[]; rtm: boolean }[];
  rtm: number;
}

const kvmTables = new WeakMap<X86Catalog, KvmTables>();
function kvmTablesOf(cat: X86Catalog): KvmTables {
  let t = kvmTables.get(cat);
  if (t) return t;
  const at = (n: string) => cat.features.feature(n)?.index ?? -1;
  const flagNames = Object.keys(X86_KVM_SPEC_CTRL.sources);
  const bit = (flag: string) => 1 << flagNames.indexOf(flag);
  t = {
    always: cat.kvmOnly.or(knownConst(cat, X86_KVM_ANY_HOST)).ior(knownConst(cat, X86_KVM_NO_AUTOENABLE)),
    neverFromHost: knownConst(cat, X86_KVM_NEVER_FROM_HOST),
    amdHost: knownConst(cat, X86_KVM_AMD_HOST),
    errata: X86_KVM_HOST_ERRATA.map((e) => ({ vendor: e.vendor, family: e.family, index: at(e.feature) })),
    sources: specCtrlSourcesOf(cat).map(([, set]) => set),
    gives: X86_KVM_SPEC_CTRL.gives.map((g) => ({ index: at(g.feature), needs: g.needs.reduce((m, f) => m | bit(f), 0) })),
    ssbd: bit('SSBD'),
    amdOnly: X86_KVM_SPEC_CTRL.amdOnly.map(at),
    amdOnlySet: knownConst(cat, X86_KVM_SPEC_CTRL.amdOnly),
    notAffected: X86_KVM_NOT_AFFECTED.map((b) => ({ index: at(b.feature), vendors: b.vendors, rtm: !!b.rtm })),
    rtm: at('rtm'),
  };
  kvmTables.set(cat, t);
  return t;
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
  // cat.features.names(features.andNot(supported)), without the set in between (`models` asks for every model)
  const names: string[] = [];
  const a = features.words;
  const b = supported.words;
  const defs = cat.features.features;
  for (let k = 0; k < a.length; k++) {
    let v = (a[k]! & ~b[k]!) >>> 0;
    while (v !== 0) {
      const low = v & -v;
      names.push(defs[(k << 5) + (31 - Math.clz32(low))]!.name);
      v = (v ^ low) >>> 0;
    }
  }
  const x = xsaveOf(cat);
  if (!x || !features.has(x.xsave) || !repeatsIn(release)) return names;
  const repeats: string[] = [];
  for (const c of x.components) if (features.has(c.index) && !supported.has(c.index)) repeats.push(c.name);
  if (!repeats.length) return names;
  const at = names.findIndex((n) => cat.features.feature(n)!.index >= x.next);
  const cut = at < 0 ? names.length : at;
  return [...names.slice(0, cut), ...repeats, ...names.slice(cut)];
}

/** Per catalog (made once: `models` asks for every model): xsave's index, the XCR0 components it has (table order) and where QEMU's XCR0 word sits. */
const xsaveFacts = new WeakMap<X86Catalog, { xsave: number; components: { name: string; index: number }[]; next: number } | null>();
function xsaveOf(cat: X86Catalog): { xsave: number; components: { name: string; index: number }[]; next: number } | null {
  let x = xsaveFacts.get(cat);
  if (x === undefined) {
    const xsave = cat.features.feature('xsave');
    x = xsave
      ? {
          xsave: xsave.index,
          components: X86_XSAVE_XCR0_COMPONENTS.flatMap((c) => {
            const f = cat.features.feature(c.feature);
            return f ? [{ name: c.feature, index: f.index }] : [];
          }),
          next: cat.word.get(X86_XSAVE_XCR0_NEXT_WORD)?.toArray()[0] ?? Infinity,
        }
      : null;
    xsaveFacts.set(cat, x);
  }
  return x;
}

/** Whether a release names the XSAVE components again (releaseAtMost X86_XSAVE_REPEATS_UNTIL), per release. */
const repeatsByRelease = new Map<string, boolean>();
function repeatsIn(release: string): boolean {
  let r = repeatsByRelease.get(release);
  if (r === undefined) repeatsByRelease.set(release, (r = releaseAtMost(release, X86_XSAVE_REPEATS_UNTIL)));
  return r;
}

/** Is QEMU release `a` (e.g. '9.1', or 'latest') at most `b`? */
export function releaseAtMost(a: string, b: string): boolean {
  if (a === 'latest') return false;
  const [x = 0, y = 0] = a.split('.').map(Number);
  const [p = 0, q = 0] = b.split('.').map(Number);
  return x < p || (x === p && y <= q);
}
