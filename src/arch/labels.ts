/**
 * What Kubernetes node labels (Node Feature Discovery, KubeVirt's
 * node-labeller) say differently per architecture, one record per
 * architecture in one table: src/labels looks an architecture up instead of
 * branching on its name.
 */
import type { Arch } from '../core/driver.js';
import { fail, ok, type Result } from '../core/errors.js';
import { createDriver } from './index.js';
import { libvirtX86Catalog } from './x86_64/libvirt-cpu.js';

export interface ArchLabels {
  /** NFD's name of a feature (QEMU's name) */
  nfdName(qemu: string): string;
  /** NFD's default attributeBlacklist for cpu-cpuid */
  readonly nfdDeny: readonly string[];
  /** NFD's cpu-model.* labels (vendor_id, family, id) of a host document's identity */
  nfdModel(identity: Readonly<Record<string, unknown>>): Record<string, string>;
  /** whether KubeVirt writes host-model labels (it skips them on aarch64) */
  readonly kubevirtHostModel: boolean;
  /** the vendor KubeVirt labels when the host-model names none */
  readonly kubevirtVendor: string;
  /** a host-model's own features as hypervisor-cpu-baseline --features expands them (libvirt's cpu_map on x86, QEMU's static model on s390x, none else) */
  hostModelFeatures(model: string): Result<string[]>;
}

/** NFD (klauspost/cpuid) names of x86 features, where they differ by more than case and punctuation */
const X86_RENAMED: Readonly<Record<string, string>> = {
  aes: 'AESNI', 'sse4.1': 'SSE4', 'sse4.2': 'SSE42', fma: 'FMA3', cx8: 'CMPXCHG8', cx16: 'CX16', lahf_lm: 'LAHF', syscall: 'SCE',
  fpu: 'X87', 'sha-ni': 'SHA', pclmulqdq: 'CLMUL', pni: 'SSE3', abm: 'LZCNT', '3dnowprefetch': 'PREFETCHW', 'md-clear': 'MD_CLEAR',
  'spec-ctrl': 'IBRS', ibpb: 'IBPB', stibp: 'STIBP', ssbd: 'SSBD', 'arch-capabilities': 'IA32_ARCH_CAP', 'avx512-vpopcntdq': 'AVX512VPOPCNTDQ',
  mmxext: 'MMXEXT', 'fxsr-opt': 'FXSROPT', rdtscp: 'RDTSCP', hypervisor: 'HYPERVISOR', 'amd-stibp': 'STIBP', 'amd-ssbd': 'SSBD',
};
/** NFD's default attributeBlacklist for cpu-cpuid (features every x86-64 CPU has, or noise) */
export const NFD_X86_DENY: readonly string[] = ['BMI1', 'BMI2', 'CLMUL', 'CMOV', 'CX16', 'ERMS', 'F16C', 'HTT', 'LZCNT', 'MMX', 'MMXEXT', 'NX', 'POPCNT', 'RDRAND', 'RDSEED', 'RDTSCP', 'SGX', 'SGXLC', 'SSE', 'SSE2', 'SSE3', 'SSE4', 'SSE42', 'SSSE3', 'TDX_GUEST'];
/** NFD's cpu-model.vendor_id of an x86 vendor string */
const VENDOR_ID: Readonly<Record<string, string>> = { GenuineIntel: 'Intel', AuthenticAMD: 'AMD', HygonGenuine: 'Hygon', CentaurHauls: 'VIA', '  Shanghai  ': 'Zhaoxin' };

/** Linux hwcap-style names (s390x, ppc64, aarch64): upper case, '-' and '.' as '_' */
const upper = (qemu: string): string => qemu.toUpperCase().replace(/[-.]/g, '_');
const none = (): Result<string[]> => ok([]);

const X86: ArchLabels = {
  nfdName: (q) => X86_RENAMED[q] ?? q.toUpperCase().replace(/[-_.]/g, ''),
  nfdDeny: NFD_X86_DENY,
  nfdModel(id) {
    const out: Record<string, string> = {};
    const v = String(id['vendor'] ?? '');
    if (v) out['vendor_id'] = VENDOR_ID[v] ?? v;
    if (typeof id['family'] === 'number') out['family'] = String(id['family']);
    if (typeof id['model'] === 'number') out['id'] = String(id['model']);
    return out;
  },
  kubevirtHostModel: true,
  kubevirtVendor: '',
  hostModelFeatures(model) {
    const cat = libvirtX86Catalog();
    const m = cat.model(model);
    if (!m) return fail({ code: 'unknown-model', message: `host-model '${model}' is not in libvirt's x86 cpu_map`, value: model });
    return ok(cat.features.names(m.data));
  },
};

const S390X: ArchLabels = {
  nfdName: upper,
  nfdDeny: [],
  nfdModel: (id) => ({ vendor_id: 'IBM', ...(typeof id['type'] === 'string' ? { id: String(parseInt(id['type'], 16)) } : {}) }),
  kubevirtHostModel: true,
  kubevirtVendor: 'IBM',
  hostModelFeatures(model) {
    const d = createDriver({ arch: 's390x', profile: 'latest' });
    if (!d.ok) return d;
    const e = d.value.expand('full', { name: model });
    if (!e.ok) return e;
    return ok(Object.entries(e.value.model.props ?? {}).filter(([, v]) => v === true).map(([k]) => k));
  },
};

const PPC64: ArchLabels = { nfdName: upper, nfdDeny: [], nfdModel: () => ({}), kubevirtHostModel: true, kubevirtVendor: '', hostModelFeatures: none };

const AARCH64: ArchLabels = {
  nfdName: upper,
  nfdDeny: [],
  nfdModel: (id) => ({ ...(id['implementer'] !== undefined ? { vendor_id: String(id['implementer']) } : {}), ...(id['part'] !== undefined ? { id: String(id['part']) } : {}) }),
  kubevirtHostModel: false,
  kubevirtVendor: '',
  hostModelFeatures: none,
};

export const ARCH_LABELS: Readonly<Record<Arch, ArchLabels>> = { x86_64: X86, s390x: S390X, ppc64: PPC64, aarch64: AARCH64 };

/** What an unknown architecture gets: upper-cased names, no identity, host-model labels without model features. */
const OTHER: ArchLabels = PPC64;

export const archLabels = (arch: string): ArchLabels => (ARCH_LABELS as Record<string, ArchLabels | undefined>)[arch] ?? OTHER;
