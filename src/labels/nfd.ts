/**
 * Node Feature Discovery's names for a host's CPU (its `cpu` source):
 * feature.node.kubernetes.io/cpu-cpuid.<FEATURE>=true and
 * cpu-model.vendor_id / cpu-model.family / cpu-model.id, plus the lines of
 * a features file for NFD's `local` source (features.d).
 *
 * NFD names x86 CPUID features as the klauspost/cpuid library does (upper
 * case, no punctuation, a few renamed: AESNI, SSE4, SSE42, FMA3, CMPXCHG8,
 * LAHF, SCE, X87, SHA …) and by default leaves out the ones every x86-64
 * CPU has (its attributeBlacklist). On aarch64 the features are Linux hwcap
 * names, upper case.
 */
import type { HostDoc } from '../host/doc.js';
import { archLabels } from '../arch/labels.js';

export const NFD_PREFIX = 'feature.node.kubernetes.io/';

export { NFD_X86_DENY } from '../arch/labels.js';

/** NFD's name of a feature (QEMU's name) on an architecture. */
export function nfdFeatureName(arch: string, qemu: string): string {
  return archLabels(arch).nfdName(qemu);
}

/** The NFD labels of one host. */
export function nfdLabels(doc: HostDoc): Record<string, string> {
  const out: Record<string, string> = {};
  const rules = archLabels(doc.arch);
  const deny = new Set(rules.nfdDeny);
  for (const f of doc.features) {
    const n = rules.nfdName(f);
    if (!deny.has(n)) out[`${NFD_PREFIX}cpu-cpuid.${n}`] = 'true';
  }
  for (const [k, v] of Object.entries(rules.nfdModel(doc.identity))) out[`${NFD_PREFIX}cpu-model.${k}`] = v;
  return out;
}

/** A features file for NFD's local source: one `name=value` per line (names with a prefix keep it). */
export function nfdFeaturesFile(labels: Record<string, string>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
}
