/*
 * The QOM properties of an x86 CPU object that are not feature bits, with
 * their type and the value QEMU 7.2 reports for them in a full expansion
 * under TCG (facts: QEMU's answers). Properties whose value depends on the
 * model (level, xlevel, level-func7, legacy-cache, pmu, min-*) are computed;
 * the value here is only their type's placeholder. 'migratable' and
 * 'host-cache-info' exist on 'max' and 'host' only.
 */

export type X86QomType = 'bool' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'int32' | 'int64' | 'str' | 'link' | 'OnOffAuto';

export interface X86QomPropertyRow {
  name: string;
  type: X86QomType;
  /** value in a full expansion (TCG, QEMU 7.2) */
  value: boolean | number | bigint | string;
  /** only on these models */
  only?: readonly string[];
  /** another spelling of this property (they share one value) */
  aliasOf?: string;
}

export const X86_QOM_PROPERTIES: readonly X86QomPropertyRow[] = [
  { name: 'apic-id', type: 'uint32', value: 4294967295 },
  { name: 'check', type: 'bool', value: true },
  { name: 'core-id', type: 'int32', value: -1 },
  { name: 'cpuid-0xb', type: 'bool', value: true },
  { name: 'die-id', type: 'int32', value: -1 },
  { name: 'enforce', type: 'bool', value: false },
  { name: 'fill-mtrr-mask', type: 'bool', value: true },
  { name: 'full-cpuid-auto-level', type: 'bool', value: true },
  { name: 'host-phys-bits', type: 'bool', value: false },
  { name: 'host-phys-bits-limit', type: 'uint8', value: 0 },
  { name: 'hv-apicv', type: 'bool', value: false },
  { name: 'hv-avic', type: 'bool', value: false, aliasOf: 'hv-apicv' },
  { name: 'hv-crash', type: 'bool', value: false },
  { name: 'hv-emsr-bitmap', type: 'bool', value: false },
  { name: 'hv-enforce-cpuid', type: 'bool', value: false },
  { name: 'hv-evmcs', type: 'bool', value: false },
  { name: 'hv-frequencies', type: 'bool', value: false },
  { name: 'hv-ipi', type: 'bool', value: false },
  { name: 'hv-no-nonarch-coresharing', type: 'OnOffAuto', value: 'off' },
  { name: 'hv-passthrough', type: 'bool', value: false },
  { name: 'hv-reenlightenment', type: 'bool', value: false },
  { name: 'hv-relaxed', type: 'bool', value: false },
  { name: 'hv-reset', type: 'bool', value: false },
  { name: 'hv-runtime', type: 'bool', value: false },
  { name: 'hv-spinlocks', type: 'uint32', value: 4294967295 },
  { name: 'hv-stimer', type: 'bool', value: false },
  { name: 'hv-stimer-direct', type: 'bool', value: false },
  { name: 'hv-syndbg', type: 'bool', value: false },
  { name: 'hv-synic', type: 'bool', value: false },
  { name: 'hv-time', type: 'bool', value: false },
  { name: 'hv-tlbflush', type: 'bool', value: false },
  { name: 'hv-tlbflush-direct', type: 'bool', value: false },
  { name: 'hv-tlbflush-ext', type: 'bool', value: false },
  { name: 'hv-vapic', type: 'bool', value: false },
  { name: 'hv-vendor-id', type: 'str', value: '' },
  { name: 'hv-version-id-build', type: 'uint32', value: 14393 },
  { name: 'hv-version-id-major', type: 'uint16', value: 10 },
  { name: 'hv-version-id-minor', type: 'uint16', value: 0 },
  { name: 'hv-version-id-sbranch', type: 'uint8', value: 0 },
  { name: 'hv-version-id-snumber', type: 'uint32', value: 0 },
  { name: 'hv-version-id-spack', type: 'uint32', value: 0 },
  { name: 'hv-vpindex', type: 'bool', value: false },
  { name: 'hv-xmm-input', type: 'bool', value: false },
  { name: 'kvm', type: 'bool', value: true },
  { name: 'kvm-no-smi-migration', type: 'bool', value: false },
  { name: 'kvm-pv-enforce-cpuid', type: 'bool', value: false },
  { name: 'l3-cache', type: 'bool', value: true },
  { name: 'lbr-fmt', type: 'uint64', value: 18446744073709551552n },
  { name: 'lbr_fmt', type: 'uint64', value: 18446744073709551552n, aliasOf: 'lbr-fmt' },
  { name: 'legacy-cache', type: 'bool', value: true },
  { name: 'level', type: 'uint32', value: 13 },
  { name: 'level-func7', type: 'uint32', value: 0 },
  { name: 'memory', type: 'link', value: '/machine/unattached/system[0]' },
  { name: 'min-xlevel2', type: 'uint32', value: 0 },
  { name: 'node-id', type: 'int32', value: -1 },
  { name: 'phys-bits', type: 'uint32', value: 0 },
  { name: 'pmu', type: 'bool', value: false },
  { name: 'realized', type: 'bool', value: false },
  { name: 'socket-id', type: 'int32', value: -1 },
  { name: 'start-powered-off', type: 'bool', value: false },
  { name: 'tcg-cpuid', type: 'bool', value: true },
  { name: 'thread-id', type: 'int32', value: -1 },
  { name: 'tsc-frequency', type: 'int64', value: 0 },
  { name: 'ucode-rev', type: 'uint64', value: 0 },
  { name: 'vmware-cpuid-freq', type: 'bool', value: true },
  { name: 'x-force-features', type: 'bool', value: false },
  { name: 'x-hv-max-vps', type: 'int32', value: -1 },
  { name: 'x-hv-synic-kvm-only', type: 'bool', value: false },
  { name: 'x-intel-pt-auto-level', type: 'bool', value: true },
  { name: 'x-migrate-smi-count', type: 'bool', value: true },
  { name: 'x-vendor-cpuid-only', type: 'bool', value: true },
  { name: 'xlevel', type: 'uint32', value: 2147483656 },
  { name: 'xlevel2', type: 'uint32', value: 0 },
  { name: 'host-cache-info', type: 'bool', value: false, only: ['max', 'host'] },
  { name: 'migratable', type: 'bool', value: true, only: ['max', 'host'] },
];

/**
 * What TCG emulates beyond QEMU 7.2's set, from the release that added it.
 * Facts from libvirt's recordings of QEMU's TCG replies (tests/domaincapsdata
 * qemu_R-tcg.x86_64.xml, one libvirt revision for every R): the host-model
 * (TCG's 'max') disables 3dnowprefetch and rdseed in 8.0 and has them in 8.1;
 * it disables sha-ni in 8.1 and has it in 8.2. The IA32_ARCH_CAPABILITIES bits
 * are unavailable-features under TCG in 7.2 (QEMU 7.2's own reply) and 8.0,
 * and no longer from 8.1 (only arch-capabilities itself is reported).
 */
export const X86_TCG_FEATURES_SINCE: readonly { since: string; names?: readonly string[]; word?: string }[] = [
  { since: '8.1', names: ['3dnowprefetch', 'rdseed'] },
  { since: '8.1', word: 'FEAT_ARCH_CAPABILITIES' },
  { since: '8.2', names: ['sha-ni'] },
];

/** The features TCG emulates in QEMU 7.2: what 'max' enables under TCG (QEMU's answer). */
export const X86_TCG_FEATURES_72: readonly string[] = [
  'svme-addr-chk', 'cmov', 'aes', 'mmx', 'arat', 'mpx', 'sse4.1', 'msr', 'mce', 'mca', 'xgetbv1', 'fxsr',
  'xsaveopt', 'cr8legacy', 'pku', 'pks', '3dnowext', 'npt', 'clwb', 'adx', 'ss', 'pni', 'smep', 'smap',
  'f16c', 'pae', 'pat', 'sse', 'hypervisor', 'pcommit', 'syscall', 'svm', 'sse2', 'cx8', 'sse4.2', 'pge',
  'movbe', 'ssse3', 'sse4a', 'pdpe1gb', 'fma', 'cx16', 'de', 'xsave', 'clflush', 'tsc', 'fpu', 'la57',
  'apic', 'avx', 'acpi', 'fsgsbase', 'nx', 'pclmulqdq', 'mmxext', 'popcnt', 'vaes', 'lm', 'umip', 'pse',
  'avx2', 'sep', 'bmi1', 'bmi2', 'clflushopt', 'monitor', 'vgif', '3dnow', 'erms', 'lahf-lm', 'rdrand',
  'mtrr', 'rdtscp', 'pse36', 'abm',
];

/** Identity of 'max' (and 'host') under TCG. */
export const X86_TCG_MAX_IDENTITY = {
  // no level of its own: max's CPUID levels come only from its features
  vendor: 'AuthenticAMD', family: 15, model: 107, stepping: 1, modelId: 'QEMU TCG CPU version 2.5+', level: 0, xlevel: 0,
} as const;

/** The LBR format property keeps only these bits (QEMU rejects others). */
export const X86_LBR_FMT_MASK = 0x3f;

/** Longest model-id QEMU keeps (CPUID 0x80000002-4 hold 48 bytes). */
export const X86_MODEL_ID_MAX = 48;

/** A CPUID level property set to this value means "automatic". */
export const X86_LEVEL_AUTO = 0xffffffff;

/**
 * The QOM object tree of a machine 'none' QEMU that link properties can
 * name: path → type. 'memory' must name a memory-region.
 */
export const X86_QOM_OBJECTS: Readonly<Record<string, string>> = {
  '/machine': 'container',
  '/machine/unattached': 'container',
  '/machine/unattached/system[0]': 'memory-region',
  '/machine/peripheral': 'container',
  '/machine/peripheral-anon': 'container',
  '/objects': 'container',
  '/chardevs': 'container',
};

/**
 * Model versions that declare their own cache description in QEMU 7.2
 * (their 'legacy-cache' property is off).
 */
export const X86_CACHE_INFO_MODELS_72: readonly string[] = ['Dhyana-v1', 'Dhyana-v2', 'EPYC-Milan-v1', 'EPYC-Rome-v1', 'EPYC-Rome-v2', 'EPYC-v1', 'EPYC-v2', 'EPYC-v3'];

