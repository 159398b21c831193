/**
 * Node Feature Discovery's names for a host's CPU (its `cpu` source):
 * feature.node.kubernetes.io/cpu-cpuid.<FEATURE>=true and
 * cpu-model.vendor_id / cpu-model.family / cpu-model.id, plus the lines of
 * a features file for NFD's `local` source (features.d).
 *
 * The names per architecture, and where they come from, are in
 * nfd-names.ts; this file only applies them (one entry per architecture in
 * NFD_SCHEMES).
 */
import type { HostDoc } from '../host/doc.js';
import { ARM64_HWCAPS, NFD_X86_DENY, S390_HWCAP, X86_KLAUSPOST } from './nfd-names.js';

export { NFD_X86_DENY } from './nfd-names.js';
export const NFD_PREFIX = 'feature.node.kubernetes.io/';

interface NfdScheme {
  /** NFD's cpu-cpuid names of a host's features (QEMU's names) */
  features(features: readonly string[]): string[];
  /** cpu-model.vendor_id, family, id */
  model(identity: Readonly<Record<string, unknown>>): { vendor_id?: string; family?: string; id?: string };
}

/** klauspost/cpuid's Vendor names for the CPUID vendor strings (cpuid.go vendorMapping) */
const X86_VENDOR: Readonly<Record<string, string>> = { GenuineIntel: 'Intel', AuthenticAMD: 'AMD', HygonGenuine: 'Hygon', CentaurHauls: 'VIA', 'VIA VIA VIA ': 'VIA', 'Geode by NSC': 'NSC', 'SiS SiS SiS ': 'SiS', 'Genuine  RDC': 'RDC' };
const X86_DENY = new Set(NFD_X86_DENY);
const ARM64 = new Set(ARM64_HWCAPS);
const num = (v: unknown) => (typeof v === 'number' ? String(v) : undefined);
const defined = <T extends Record<string, string | undefined>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: string };

const NFD_SCHEMES: Readonly<Record<HostDoc['arch'], NfdScheme>> = {
  x86_64: {
    features: (fs) => [...new Set(fs.map((f) => X86_KLAUSPOST[f]).filter((n): n is string => !!n && !X86_DENY.has(n)))],
    model: (id) => defined({ vendor_id: id['vendor'] ? (X86_VENDOR[String(id['vendor'])] ?? String(id['vendor'])) : undefined, family: num(id['family']), id: num(id['model']) }),
  },
  aarch64: {
    features: (fs) => fs.map((f) => f.toUpperCase().replace(/[-_]/g, '')).filter((n) => ARM64.has(n)),
    model: (id) => defined({ vendor_id: id['implementer'] !== undefined ? String(id['implementer']) : undefined, id: id['part'] !== undefined ? String(id['part']) : undefined }),
  },
  s390x: {
    features: (fs) => {
      const have = new Set(fs);
      return Object.entries(S390_HWCAP).filter(([, need]) => need.every((f) => have.has(f))).map(([n]) => n);
    },
    model: (id) => defined({ vendor_id: 'IBM', id: typeof id['type'] === 'string' ? String(parseInt(id['type'], 16)) : undefined }),
  },
  // the host documents carry no ppc64 hwcaps (AT_HWCAP), so no cpu-cpuid labels
  ppc64: { features: () => [], model: () => ({ vendor_id: 'IBM' }) },
};

/** NFD's cpu-cpuid name for one QEMU feature of an architecture, if NFD reports it. */
export function nfdFeatureName(arch: HostDoc['arch'], qemu: string): string | undefined {
  return NFD_SCHEMES[arch].features([qemu])[0];
}

/** The NFD labels of one host. */
export function nfdLabels(doc: HostDoc): Record<string, string> {
  const s = NFD_SCHEMES[doc.arch];
  const out: Record<string, string> = {};
  for (const n of s.features(doc.features)) out[`${NFD_PREFIX}cpu-cpuid.${n}`] = 'true';
  for (const [k, v] of Object.entries(s.model(doc.identity))) if (v !== undefined) out[`${NFD_PREFIX}cpu-model.${k}`] = v;
  return out;
}

/** A features file for NFD's local source: one `name=value` per line (names with a prefix keep it). */
export function nfdFeaturesFile(labels: Record<string, string>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
}
