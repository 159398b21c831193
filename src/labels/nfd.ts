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

export const NFD_PREFIX = 'feature.node.kubernetes.io/';

/** QEMU name → NFD (klauspost/cpuid) name, where they differ by more than case and punctuation */
const X86_RENAMED: Readonly<Record<string, string>> = {
  aes: 'AESNI', 'sse4.1': 'SSE4', 'sse4.2': 'SSE42', fma: 'FMA3', cx8: 'CMPXCHG8', cx16: 'CX16', lahf_lm: 'LAHF', syscall: 'SCE',
  fpu: 'X87', 'sha-ni': 'SHA', pclmulqdq: 'CLMUL', pni: 'SSE3', abm: 'LZCNT', '3dnowprefetch': 'PREFETCHW', 'md-clear': 'MD_CLEAR',
  'spec-ctrl': 'IBRS', ibpb: 'IBPB', stibp: 'STIBP', ssbd: 'SSBD', 'arch-capabilities': 'IA32_ARCH_CAP', 'avx512-vpopcntdq': 'AVX512VPOPCNTDQ',
  mmxext: 'MMXEXT', 'fxsr-opt': 'FXSROPT', rdtscp: 'RDTSCP', hypervisor: 'HYPERVISOR', 'amd-stibp': 'STIBP', 'amd-ssbd': 'SSBD',
};
/** NFD's default attributeBlacklist for cpu-cpuid (features every x86-64 CPU has, or noise) */
export const NFD_X86_DENY: readonly string[] = ['BMI1', 'BMI2', 'CLMUL', 'CMOV', 'CX16', 'ERMS', 'F16C', 'HTT', 'LZCNT', 'MMX', 'MMXEXT', 'NX', 'POPCNT', 'RDRAND', 'RDSEED', 'RDTSCP', 'SGX', 'SGXLC', 'SSE', 'SSE2', 'SSE3', 'SSE4', 'SSE42', 'SSSE3', 'TDX_GUEST'];

export function nfdFeatureName(arch: string, qemu: string): string {
  if (arch === 'x86_64') return X86_RENAMED[qemu] ?? qemu.toUpperCase().replace(/[-_.]/g, '');
  return qemu.toUpperCase().replace(/[-.]/g, '_');
}

const VENDOR_ID: Readonly<Record<string, string>> = { GenuineIntel: 'Intel', AuthenticAMD: 'AMD', HygonGenuine: 'Hygon', CentaurHauls: 'VIA', '  Shanghai  ': 'Zhaoxin' };

/** The NFD labels of one host. */
export function nfdLabels(doc: HostDoc): Record<string, string> {
  const out: Record<string, string> = {};
  const deny = new Set(doc.arch === 'x86_64' ? NFD_X86_DENY : []);
  for (const f of doc.features) {
    const n = nfdFeatureName(doc.arch, f);
    if (!deny.has(n)) out[`${NFD_PREFIX}cpu-cpuid.${n}`] = 'true';
  }
  const id = doc.identity;
  if (doc.arch === 'x86_64') {
    const v = String(id['vendor'] ?? '');
    if (v) out[`${NFD_PREFIX}cpu-model.vendor_id`] = VENDOR_ID[v] ?? v;
    if (typeof id['family'] === 'number') out[`${NFD_PREFIX}cpu-model.family`] = String(id['family']);
    if (typeof id['model'] === 'number') out[`${NFD_PREFIX}cpu-model.id`] = String(id['model']);
  } else if (doc.arch === 's390x') {
    out[`${NFD_PREFIX}cpu-model.vendor_id`] = 'IBM';
    if (typeof id['type'] === 'string') out[`${NFD_PREFIX}cpu-model.id`] = String(parseInt(id['type'], 16));
  } else if (doc.arch === 'aarch64') {
    if (id['implementer'] !== undefined) out[`${NFD_PREFIX}cpu-model.vendor_id`] = String(id['implementer']);
    if (id['part'] !== undefined) out[`${NFD_PREFIX}cpu-model.id`] = String(id['part']);
  }
  return out;
}

/** A features file for NFD's local source: one `name=value` per line (names with a prefix keep it). */
export function nfdFeaturesFile(labels: Record<string, string>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
}
