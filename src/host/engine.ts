/**
 * The one runnability engine: does host H, under KVM, with QEMU release R,
 * run CPU C, and which features block it?
 *
 * It does not decide anything itself: it builds the architecture's CPU
 * driver for the host (accel kvm, the host's features) and asks it, so the
 * answer is by construction the one query-cpu-definitions gives under
 * `--accel kvm --host` (unavailable-features). Every management command
 * (domcapabilities, migrate-check, placement, the fleet baseline) asks
 * through here.
 *
 * The host is a host document (host/doc.ts). What the driver gets as the
 * host's features is the document's features, plus — when the document was
 * read from a libvirt description — every QEMU feature libvirt has no name
 * for (libvirt cannot say whether the host has it, and QEMU checks it, so
 * libvirt's own usable verdicts show it as present).
 *
 * The QEMU release: a document read from a domcapabilities file carries the
 * release its machine type names (`release`); models and features that QEMU
 * release does not know are reported as unknown, never as runnable.
 */
import type { FeatureSet } from '../core/bitset.js';
import { PROFILES, visibleIn, type Profile } from '../core/profile.js';
import { X86Driver, x86HostFacts } from '../arch/x86_64/driver.js';
import { x86Catalog, type X86Class } from '../arch/x86_64/catalog.js';
import { kvmGuestFeatures } from '../arch/x86_64/kvm.js';
import type { FeatureCatalog } from '../core/catalog.js';
import { isLibvirtSourced, x86HostOfDoc, x86HostView, x86LibvirtNamed } from '../arch/x86_64/host-doc.js';
import { X86_FEATURES } from '../data/x86_64/features.js';
import type { HostDoc } from './doc.js';

/** The catalog profile for a QEMU release: the release's own when there is one, else the newest. */
export function profileFor(release: string | undefined): Profile {
  return release && (PROFILES as readonly string[]).includes(release) ? (release as Profile) : 'latest';
}

/** Does QEMU `release` have a row added in `since`? (no release: every row) */
export function knownIn(since: string | undefined, release: string | undefined): boolean {
  return !release || visibleIn(since, release as Profile);
}

/** The QEMU release a machine type names (`pc-q35-9.1` → `9.1`), if any. */
export function releaseOfMachine(machine: string | undefined): string | undefined {
  const m = machine ? /-(\d+)\.(\d+)$/.exec(machine) : null;
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

// ------------------------------------------------------------------ x86

/** The release that added an x86 class: the later of its model's and its version's. */
export function x86ClassSince(c: X86Class): string | undefined {
  const row = c.row;
  if (!row) return undefined;
  const v = row.versions.find((x) => x.version === c.version);
  const s = [row.since, v?.since].filter((x): x is string => !!x);
  return s.reduce<string | undefined>((acc, x) => (!acc || visibleIn(acc, x as Profile) ? x : acc), undefined);
}

const X86_FEATURE_SINCE = new Map(X86_FEATURES.filter((f) => f.since).map((f) => [f.name, f.since!]));

/** The x86 features QEMU `release` does not know, of these names. */
export function x86FeaturesUnknownIn(names: readonly string[], release: string | undefined): string[] {
  if (!release) return [];
  return names.filter((n) => !knownIn(X86_FEATURE_SINCE.get(n), release));
}

const fromLibvirt = isLibvirtSourced;

const x86Engines = new Map<string, X86Driver>();

/** What decides a KVM host driver's answers: the profile, what the features are a view of, the features (by signature) and the CPU's identity. */
function x86KvmKey(doc: HostDoc, profile: Profile): string {
  const id = doc.identity as { vendor?: string; family?: number; model?: number; stepping?: number };
  return [profile, x86HostView(doc), doc.signature, id.vendor ?? '', id.family ?? '', id.model ?? '', id.stepping ?? ''].join('\u0000');
}

/**
 * What a KVM guest may use on this host (the engine driver's supported()),
 * without building the driver when none is kept: the fleet asks it once per
 * class, with the document's features as a set when it has them (`known`,
 * any catalog: used when it is the release's). A TCG description asks its
 * driver.
 */
export function x86KvmSupported(doc: HostDoc, release = doc.release, known?: { catalog: FeatureCatalog; set: FeatureSet }): { catalog: FeatureCatalog; set: FeatureSet } {
  const profile = profileFor(release);
  // (no driver kept: no key to build — a fleet of ever new classes asks once per class)
  const d = doc.accel === 'tcg' ? x86KvmDriver(doc, release) : x86Engines.size ? x86Engines.get(x86KvmKey(doc, profile)) : undefined;
  if (d) return { catalog: d.catalog, set: d.supported() };
  const cat = x86Catalog(profile);
  return { catalog: cat.features, set: kvmGuestFeatures(cat, x86HostFacts(x86HostOfDoc(doc, cat, known))) };
}

/** The x86 CPU driver for this host: under KVM with its features, or TCG's for a TCG description (memoised by what decides its answers). */
export function x86KvmDriver(doc: HostDoc, release = doc.release): X86Driver {
  const profile = profileFor(release);
  const lv = fromLibvirt(doc);
  if (doc.accel === 'tcg') {
    // a TCG "host": what TCG of that release emulates, whatever the machine. A
    // domcapabilities file says it itself: its host-model is TCG's 'max' as libvirt
    // names it; features libvirt has no name for are the release catalog's
    const own = lv && doc.features.length > 0;
    const key = [profile, 'tcg', own ? doc.signature : ''].join('\u0000');
    let t = x86Engines.get(key);
    if (t) return t;
    const probe = new X86Driver({ accel: 'tcg', profile });
    let tcgFeatures: FeatureSet | undefined;
    if (own) {
      const cat = probe.catalog;
      const named = x86LibvirtNamed();
      tcgFeatures = cat.setOf(doc.features.filter((n) => cat.feature(n)));
      for (const f of cat.features) if (!named.has(f.name) && probe.cat.tcgFeatures.has(f.index)) tcgFeatures.add(f.index);
      // 'max' drops what depends on a feature it lacks (QEMU's feature dependencies, e.g. the
      // IA32_ARCH_CAPABILITIES bits without arch-capabilities), so the host-model cannot show
      // those: they follow the release catalog
      for (const d of probe.cat.dependencies) if (!d.from.andNot(tcgFeatures).isEmpty()) tcgFeatures.ior(d.to.and(probe.cat.tcgFeatures));
    }
    t = tcgFeatures ? new X86Driver({ accel: 'tcg', profile, tcgFeatures }) : probe;
    x86Engines.set(key, t);
    return t;
  }
  const key = x86KvmKey(doc, profile);
  let d = x86Engines.get(key);
  if (d) return d;
  d = new X86Driver({ accel: 'kvm', profile, host: x86HostOfDoc(doc, x86Catalog(profile)) });
  if (x86Engines.size > 4096) x86Engines.clear();
  x86Engines.set(key, d);
  return d;
}

/** One model's verdict on a host. */
export interface ModelVerdict {
  name: string;
  runnable: boolean;
  /** QEMU's names, as unavailable-features gives them */
  blockers: string[];
}

/**
 * Every model QEMU `release` has on this x86 host, with its blockers: the
 * driver's query-cpu-definitions under KVM, models newer than the release
 * left out.
 */
export function x86Runnability(doc: HostDoc, release = doc.release): ModelVerdict[] {
  const d = x86KvmDriver(doc, release);
  const cls = d.cat.classByName;
  return d
    .definitions()
    .filter((x) => knownIn(cls.get(x.name) ? x86ClassSince(cls.get(x.name)!) : undefined, release))
    .map((x) => ({ name: x.name, runnable: (x['unavailable-features'] ?? []).length === 0, blockers: x['unavailable-features'] ?? [] }));
}
