/*
 * x86_64 CPU model definitions and the constant rules QEMU applies to every
 * model (facts only, no logic).
 *
 * X86_MODELS follows the order of QEMU's builtin_x86_defs[] table.  "-cpu
 * help" and query-cpu-definitions do NOT use this order: they sort by name
 * (strcmp on the model name, after an ordering class that puts 'base' and
 * 'max' last), so sort for those.  'base', 'max' and 'host' are not table
 * models and are not listed here.
 *
 * Each row yields these QEMU model names:
 *   - NAME-vN for every entry of `versions`;
 *   - NAME itself, an alias "configured by machine type": it resolves to the
 *     machine type's default version, which is v1 under machine 'none' (the
 *     machine the 7.2 reference was taken with);
 *   - every `alias` of a version, a fixed alias of that version.
 *
 * `features` is the feature list of v1 in canonical names (see features.ts),
 * as QEMU declares it.  QEMU builds version N by starting from v1 and applying
 * the `props` of v2, v3, ... vN in turn, so each version only lists what it
 * changes relative to the version before it.  Boolean props switch a feature
 * on or off; the others set a CPU property ('model-id', 'stepping', 'model',
 * 'avx10-version', and 'x-force-cpuid-0x1f': 'on', which makes QEMU expose
 * CPUID leaf 0x1f; it is not a feature bit, hence the string value).  Some
 * versions also switch the model's cache description; that is not a
 * property and is not recorded here.
 *
 * `level`/`xlevel` are the model's CPUID level values.  QEMU treats them as
 * minimums ('min-level'/'min-xlevel'), which it may raise further from the
 * enabled features: see X86_AUTO_LEVEL below.
 *
 * The declared feature lists include the VMX capability features (vmx-*) of
 * the Intel models, although no model enables 'vmx' itself, so they only
 * become visible when 'vmx' is switched on (X86_FEATURE_DEPENDENCIES).
 *
 * Release tags (see core/profile.ts): a row or version with `since` first
 * appeared in that QEMU release (absent: before 4.2); `removed` is the first
 * release without it; `deprecatedSince` the first release whose
 * query-cpu-definitions marks it (and its versions and aliases) deprecated.
 * `featureLifespans` tags single entries of the v1 feature list that a
 * release added to or dropped from an existing model (QEMU 6.1 put avx-vnni
 * into Cooperlake, 6.2 took it out again).  Sources: libvirt's
 * tests/qemucapabilitiesdata and tests/domaincapsdata (what each QEMU release
 * answered), QEMU's target/i386/cpu.c and docs/about/removed-features.rst.
 */

import type { Lifespan } from '../../core/profile.js';

export type X86Vendor = 'GenuineIntel' | 'AuthenticAMD' | 'HygonGenuine' | 'CentaurHauls';

export interface X86VersionRow {
  version: number;
  /** fixed alias name for this version, e.g. 'Skylake-Server-IBRS' */
  alias?: string;
  /** changes relative to the previous version */
  props?: Readonly<Record<string, string | boolean | number>>;
  /** QEMU's short description of the version */
  note?: string;
  since?: string;
  removed?: string;
}

export interface X86ModelRow {
  name: string;
  vendor: X86Vendor;
  family: number;
  model: number;
  stepping: number;
  modelId: string;
  level: number;
  xlevel: number;
  xlevel2?: number;
  /** v1 feature list (canonical names) */
  features: readonly string[];
  versions: readonly X86VersionRow[];
  deprecationNote?: string;
  /** first release that reports the model deprecated */
  deprecatedSince?: string;
  /** release tags of single v1 feature entries (added to / dropped from an existing model) */
  featureLifespans?: Readonly<Record<string, Lifespan>>;
  since?: string;
  removed?: string;
}

/**
 * The VMX capabilities (vmx-*) the Intel models declare. Several models share
 * one list; each list is declared once here, named after the first model that
 * has it, as the list it extends plus what it adds. They only take effect when the guest has `vmx` on.
 */
const VMX_CORE2DUO: readonly string[] = [
  'vmx-vintr-pending', 'vmx-tsc-offset', 'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit',
  'vmx-rdpmc-exit', 'vmx-rdtsc-exit', 'vmx-cr8-load-exit', 'vmx-cr8-store-exit', 'vmx-flexpriority',
  'vmx-vnmi-pending', 'vmx-movdr-exit', 'vmx-io-exit', 'vmx-io-bitmap', 'vmx-msr-bitmap', 'vmx-monitor-exit',
  'vmx-pause-exit', 'vmx-secondary-ctls', 'vmx-apicv-xapic', 'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-vnmi',
  'vmx-exit-ack-intr', 'vmx-entry-ia32e-mode', 'vmx-activity-hlt', 'vmx-ins-outs',
];

const VMX_KVM64: readonly string[] = [
  'vmx-vintr-pending', 'vmx-tsc-offset', 'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit',
  'vmx-rdpmc-exit', 'vmx-rdtsc-exit', 'vmx-cr8-load-exit', 'vmx-cr8-store-exit', 'vmx-flexpriority',
  'vmx-movdr-exit', 'vmx-io-exit', 'vmx-io-bitmap', 'vmx-monitor-exit', 'vmx-pause-exit', 'vmx-intr-exit',
  'vmx-nmi-exit', 'vmx-exit-ack-intr', 'vmx-entry-ia32e-mode', 'vmx-activity-hlt',
];

const VMX_KVM32: readonly string[] = [
  'vmx-vintr-pending', 'vmx-tsc-offset', 'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit',
  'vmx-rdpmc-exit', 'vmx-rdtsc-exit', 'vmx-movdr-exit', 'vmx-io-exit', 'vmx-io-bitmap', 'vmx-msr-bitmap',
  'vmx-monitor-exit', 'vmx-pause-exit', 'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-exit-ack-intr',
  'vmx-entry-ia32e-mode', 'vmx-activity-hlt',
];

const VMX_PENRYN: readonly string[] = [
  ...VMX_CORE2DUO, 'vmx-wbinvd-exit', 'vmx-exit-load-perf-global-ctrl', 'vmx-entry-load-perf-global-ctrl',
];

const VMX_NEHALEM: readonly string[] = [
  ...VMX_PENRYN, 'vmx-cr3-load-noexit', 'vmx-cr3-store-noexit', 'vmx-mtf', 'vmx-ept', 'vmx-desc-exit',
  'vmx-apicv-x2apic', 'vmx-vpid', 'vmx-preemption-timer', 'vmx-exit-nosave-debugctl', 'vmx-exit-save-pat',
  'vmx-exit-load-pat', 'vmx-exit-save-efer', 'vmx-exit-load-efer', 'vmx-exit-save-preemption-timer',
  'vmx-entry-noload-debugctl', 'vmx-entry-load-pat', 'vmx-entry-load-efer', 'vmx-ept-execonly',
  'vmx-page-walk-4', 'vmx-ept-2mb', 'vmx-ept-1gb', 'vmx-invept', 'vmx-invept-single-context',
  'vmx-invept-all-context', 'vmx-invvpid', 'vmx-invvpid-single-addr', 'vmx-invvpid-all-context',
  'vmx-invept-single-context-noglobals', 'vmx-true-ctls',
];

const VMX_WESTMERE: readonly string[] = [
  ...VMX_NEHALEM, 'vmx-unrestricted-guest', 'vmx-store-lma',
];

const VMX_SANDYBRIDGE: readonly string[] = [
  ...VMX_WESTMERE, 'vmx-rdtscp-exit',
];

const VMX_IVYBRIDGE: readonly string[] = [
  ...VMX_SANDYBRIDGE, 'vmx-apicv-register', 'vmx-apicv-vid', 'vmx-rdrand-exit', 'vmx-posted-intr',
];

const VMX_HASWELL: readonly string[] = [
  ...VMX_IVYBRIDGE, 'vmx-invpcid-exit', 'vmx-vmfunc', 'vmx-shadow-vmcs', 'vmx-vmwrite-vmexit-fields',
  'vmx-eptad', 'vmx-eptp-switching',
];

const VMX_BROADWELL: readonly string[] = [
  ...VMX_HASWELL, 'vmx-rdseed-exit', 'vmx-pml',
];

const VMX_SKYLAKE_CLIENT: readonly string[] = [
  ...VMX_PENRYN, 'vmx-cr3-load-noexit', 'vmx-cr3-store-noexit', 'vmx-mtf', 'vmx-ept', 'vmx-desc-exit',
  'vmx-rdtscp-exit', 'vmx-vpid', 'vmx-unrestricted-guest', 'vmx-rdrand-exit', 'vmx-invpcid-exit',
  'vmx-vmfunc', 'vmx-shadow-vmcs', 'vmx-rdseed-exit', 'vmx-pml', 'vmx-preemption-timer',
  'vmx-exit-nosave-debugctl', 'vmx-exit-save-pat', 'vmx-exit-load-pat', 'vmx-exit-save-efer',
  'vmx-exit-load-efer', 'vmx-exit-save-preemption-timer', 'vmx-entry-noload-debugctl', 'vmx-entry-load-pat',
  'vmx-entry-load-efer', 'vmx-store-lma', 'vmx-vmwrite-vmexit-fields', 'vmx-ept-execonly', 'vmx-page-walk-4',
  'vmx-ept-2mb', 'vmx-ept-1gb', 'vmx-invept', 'vmx-eptad', 'vmx-invept-single-context',
  'vmx-invept-all-context', 'vmx-invvpid', 'vmx-invvpid-single-addr', 'vmx-invvpid-all-context',
  'vmx-invept-single-context-noglobals', 'vmx-true-ctls', 'vmx-eptp-switching',
];

const VMX_SKYLAKE_SERVER: readonly string[] = [
  ...VMX_IVYBRIDGE, 'vmx-invpcid-exit', 'vmx-vmfunc', 'vmx-shadow-vmcs', 'vmx-rdseed-exit', 'vmx-pml',
  'vmx-vmwrite-vmexit-fields', 'vmx-eptad',
];

const VMX_ICELAKE_SERVER: readonly string[] = [
  ...VMX_IVYBRIDGE, 'vmx-invpcid-exit', 'vmx-vmfunc', 'vmx-shadow-vmcs', 'vmx-vmwrite-vmexit-fields',
  'vmx-eptad',
];

const VMX_SAPPHIRERAPIDS: readonly string[] = [
  ...VMX_BROADWELL, 'vmx-xsaves', 'vmx-page-walk-5',
];

const VMX_SIERRAFOREST: readonly string[] = [
  ...VMX_BROADWELL, 'vmx-xsaves',
];
// Diamond Rapids (QEMU 11.0): the FEAT_VMX_* words of its cpu.c entry, with the
// exit controls as fixed in January 2026 (the first version had a stray comma
// there, which the fix "Fixes: 7a6dd8bde159" replaced with '|').
const VMX_DIAMONDRAPIDS: readonly string[] = [
  ...VMX_SAPPHIRERAPIDS, 'vmx-nested-exception', 'vmx-entry-load-cet', 'vmx-entry-load-fred',
  'vmx-exit-save-cet', 'vmx-exit-secondary-ctls', 'vmx-activity-shutdown', 'vmx-activity-wait-sipi',
  'vmx-tsc-scaling', 'vmx-enable-user-wait-pause',
];

const VMX_DENVERTON: readonly string[] = [
  ...VMX_IVYBRIDGE, 'vmx-vmfunc', 'vmx-shadow-vmcs', 'vmx-rdseed-exit', 'vmx-pml',
  'vmx-vmwrite-vmexit-fields', 'vmx-eptad', 'vmx-eptp-switching',
];

const VMX_YONGFENG: readonly string[] = [
  ...VMX_HASWELL, 'vmx-pml',
];

/**
 * The non-VMX features each model declares (v1), each list as the largest
 * earlier list it extends plus what it adds: the same fact as QEMU's table,
 * written once. Every model's `features` below is its BASE_ list (plus its
 * VMX_ list).
 */
const BASE_QEMU64: readonly string[] = [
  'fpu', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca', 'cmov', 'pat',
  'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'cx16', 'syscall', 'nx', 'lm', 'lahf-lm', 'svm',
];

const BASE_PHENOM: readonly string[] = [
  ...BASE_QEMU64, 'vme', 'monitor', 'popcnt', 'mmxext', 'fxsr-opt', 'pdpe1gb', 'rdtscp', '3dnowext', '3dnow',
  'abm', 'sse4a', 'npt',
];

const BASE_CORE2DUO: readonly string[] = [
  'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca', 'cmov',
  'pat', 'pse36', 'clflush', 'acpi', 'mmx', 'fxsr', 'sse', 'sse2', 'ss', 'pni', 'monitor', 'ssse3', 'cx16',
  'syscall', 'nx', 'lm', 'lahf-lm',
];

const BASE_KVM64: readonly string[] = [
  'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca', 'cmov',
  'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'cx16', 'syscall', 'nx', 'lm',
];

const BASE_QEMU32: readonly string[] = [
  'fpu', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'pge', 'cmov', 'pat', 'mmx', 'fxsr',
  'sse', 'sse2', 'pni',
];

const BASE_KVM32: readonly string[] = [
  'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca', 'cmov',
  'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni',
];

const BASE_COREDUO: readonly string[] = [
  'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca', 'cmov',
  'pat', 'clflush', 'acpi', 'mmx', 'fxsr', 'sse', 'sse2', 'ss', 'pni', 'monitor', 'nx',
];

const BASE_486: readonly string[] = [
  'fpu', 'vme', 'pse',
];

const BASE_PENTIUM: readonly string[] = [
  'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'mce', 'cx8', 'apic', 'mmx',
];

const BASE_PENTIUM2: readonly string[] = [
  'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca', 'cmov',
  'pat', 'pse36', 'mmx', 'fxsr',
];

const BASE_PENTIUM3: readonly string[] = [
  'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca', 'cmov',
  'pat', 'pse36', 'mmx', 'fxsr', 'sse',
];

const BASE_ATHLON: readonly string[] = [
  ...BASE_PENTIUM3, 'sse2', 'mmxext', '3dnowext', '3dnow',
];

const BASE_N270: readonly string[] = [
  ...BASE_COREDUO, 'ssse3', 'movbe', 'lahf-lm',
];

const BASE_CONROE: readonly string[] = [
  ...BASE_KVM32, 'ssse3', 'syscall', 'nx', 'lm', 'lahf-lm',
];

const BASE_PENRYN: readonly string[] = [
  ...BASE_CONROE, 'cx16', 'sse4.1',
];

const BASE_NEHALEM: readonly string[] = [
  ...BASE_PENRYN, 'sse4.2', 'popcnt',
];

const BASE_WESTMERE: readonly string[] = [
  ...BASE_NEHALEM, 'pclmulqdq', 'aes', 'arat',
];

const BASE_SANDYBRIDGE: readonly string[] = [
  ...BASE_WESTMERE, 'x2apic', 'tsc-deadline', 'xsave', 'avx', 'rdtscp', 'xsaveopt',
];

const BASE_IVYBRIDGE: readonly string[] = [
  ...BASE_SANDYBRIDGE, 'f16c', 'rdrand', 'fsgsbase', 'smep', 'erms',
];

const BASE_HASWELL: readonly string[] = [
  ...BASE_IVYBRIDGE, 'fma', 'pcid', 'movbe', 'bmi1', 'hle', 'avx2', 'bmi2', 'invpcid', 'rtm', 'abm',
];

const BASE_BROADWELL: readonly string[] = [
  ...BASE_HASWELL, 'rdseed', 'adx', 'smap', '3dnowprefetch',
];

const BASE_SKYLAKE_CLIENT: readonly string[] = [
  ...BASE_BROADWELL, 'xsavec', 'xgetbv1',
];

const BASE_SKYLAKE_SERVER: readonly string[] = [
  ...BASE_SKYLAKE_CLIENT, 'avx512f', 'avx512dq', 'clflushopt', 'clwb', 'avx512cd', 'avx512bw', 'avx512vl',
  'pku', 'pdpe1gb',
];

const BASE_CASCADELAKE_SERVER: readonly string[] = [
  ...BASE_SKYLAKE_SERVER, 'avx512vnni', 'spec-ctrl', 'ssbd',
];

const BASE_COOPERLAKE: readonly string[] = [
  ...BASE_CASCADELAKE_SERVER, 'stibp', 'arch-capabilities', 'avx512-bf16', 'rdctl-no', 'ibrs-all',
  'skip-l1dfl-vmentry', 'mds-no', 'pschange-mc-no', 'taa-no',
];

const BASE_ICELAKE_SERVER: readonly string[] = [
  ...BASE_CASCADELAKE_SERVER, 'avx512vbmi', 'umip', 'avx512vbmi2', 'gfni', 'vaes', 'vpclmulqdq',
  'avx512bitalg', 'avx512-vpopcntdq', 'la57', 'wbnoinvd',
];

const BASE_SAPPHIRERAPIDS: readonly string[] = [
  ...BASE_ICELAKE_SERVER, 'avx512ifma', 'sha-ni', 'rdpid', 'bus-lock-detect', 'fsrm', 'serialize', 'tsx-ldtrk',
  'amx-bf16', 'avx512-fp16', 'amx-tile', 'amx-int8', 'arch-capabilities', 'avx-vnni', 'avx512-bf16', 'fzrm',
  'fsrs', 'fsrc', 'xsaves', 'xfd', 'rdctl-no', 'ibrs-all', 'skip-l1dfl-vmentry', 'mds-no', 'pschange-mc-no',
  'taa-no',
];

const BASE_GRANITERAPIDS: readonly string[] = [
  ...BASE_SAPPHIRERAPIDS, 'amx-fp16', 'sbdr-ssdp-no', 'fbsdp-no', 'psdp-no', 'pbrsb-no', 'prefetchiti',
  'mcdt-no',
];
// QEMU target/i386/cpu.c, "i386/cpu: Add CPU model for Diamond Rapids" (QEMU 11.0)
const BASE_DIAMONDRAPIDS: readonly string[] = [
  ...BASE_GRANITERAPIDS, 'ss', 'tsc-adjust', 'fdp-excptn-only', 'zero-fcs-fds', 'cet-ss', 'cldemote',
  'movdiri', 'movdir64b', 'md-clear', 'cet-ibt', 'stibp', 'flush-l1d', 'cmpccxadd', 'fred', 'lkgs', 'wrmsrns',
  'avx-ifma', 'lam', 'movrs', 'avx-vnni-int8', 'avx-ne-convert', 'amx-complex', 'avx10', 'apxf', 'intel-psfd',
  'ipred-ctrl', 'rrsba-ctrl', 'ddpd-u', 'bhi-ctrl', 'amx-int8-mirror', 'amx-bf16-mirror', 'amx-complex-mirror',
  'amx-fp16-mirror', 'amx-fp8', 'amx-tf32', 'amx-avx512', 'amx-movrs', 'apx-nci-ndd-nf', 'avx10-vnni-int',
  'bhi-no', 'gds-no', 'rfds-no',
  // the AVX10 vector lengths come with the model's avx10_version (QEMU 11.0 names all three among
  // DiamondRapids' unavailable features on an AMD host: libvirt caps_11.0.0_x86_64.xml, commit 12cdd613)
  'avx10-128', 'avx10-256', 'avx10-512',
];

const BASE_SIERRAFOREST: readonly string[] = [
  ...BASE_IVYBRIDGE, 'fma', 'pcid', 'movbe', 'bmi1', 'avx2', 'bmi2', 'invpcid', 'rdseed', 'adx', 'smap',
  'clflushopt', 'clwb', 'sha-ni', 'umip', 'pku', 'gfni', 'vaes', 'vpclmulqdq', 'rdpid', 'bus-lock-detect',
  'fsrm', 'serialize', 'spec-ctrl', 'arch-capabilities', 'ssbd', 'avx-vnni', 'cmpccxadd', 'fsrs', 'avx-ifma',
  'pdpe1gb', 'abm', '3dnowprefetch', 'wbnoinvd', 'xsavec', 'xgetbv1', 'xsaves', 'rdctl-no', 'ibrs-all',
  'skip-l1dfl-vmentry', 'mds-no', 'pschange-mc-no', 'sbdr-ssdp-no', 'fbsdp-no', 'psdp-no', 'pbrsb-no',
  'avx-vnni-int8', 'avx-ne-convert', 'mcdt-no',
];

const BASE_CLEARWATERFOREST: readonly string[] = [
  ...BASE_SIERRAFOREST, 'ss', 'tsc-adjust', 'cldemote', 'movdiri', 'movdir64b', 'sha512', 'sm3', 'sm4', 'lam',
  'bhi-no', 'gds-no', 'rfds-no', 'avx-vnni-int16', 'prefetchiti', 'intel-psfd', 'ipred-ctrl', 'rrsba-ctrl',
  'ddpd-u', 'bhi-ctrl',
];

const BASE_DENVERTON: readonly string[] = [
  ...BASE_WESTMERE, 'monitor', 'x2apic', 'movbe', 'tsc-deadline', 'xsave', 'rdrand', 'fsgsbase', 'smep',
  'erms', 'mpx', 'rdseed', 'smap', 'clflushopt', 'sha-ni', 'spec-ctrl', 'arch-capabilities', 'ssbd', 'pdpe1gb',
  'rdtscp', '3dnowprefetch', 'xsaveopt', 'xsavec', 'xgetbv1', 'rdctl-no', 'skip-l1dfl-vmentry',
];

const BASE_SNOWRIDGE: readonly string[] = [
  ...BASE_WESTMERE, 'monitor', 'x2apic', 'movbe', 'tsc-deadline', 'xsave', 'rdrand', 'fsgsbase', 'smep',
  'erms', 'mpx', 'rdseed', 'smap', 'clflushopt', 'clwb', 'sha-ni', 'umip', 'gfni', 'cldemote', 'movdiri',
  'movdir64b', 'spec-ctrl', 'arch-capabilities', 'core-capability', 'ssbd', 'pdpe1gb', 'rdtscp',
  '3dnowprefetch', 'xsaveopt', 'xsavec', 'xgetbv1', 'split-lock-detect',
];

const BASE_KNIGHTSMILL: readonly string[] = [
  ...BASE_IVYBRIDGE, 'ss', 'fma', 'movbe', 'bmi1', 'avx2', 'bmi2', 'avx512f', 'rdseed', 'adx', 'avx512pf',
  'avx512er', 'avx512cd', 'avx512-vpopcntdq', 'avx512-4vnniw', 'avx512-4fmaps', 'pdpe1gb', 'abm',
  '3dnowprefetch',
];

const BASE_OPTERON_G1: readonly string[] = [
  ...BASE_KVM32, 'syscall', 'nx', 'lm',
];

const BASE_OPTERON_G2: readonly string[] = [
  ...BASE_QEMU64, 'vme',
];

const BASE_OPTERON_G3: readonly string[] = [
  ...BASE_OPTERON_G2, 'monitor', 'popcnt', 'rdtscp', 'abm', 'sse4a', 'misalignsse',
];

const BASE_OPTERON_G4: readonly string[] = [
  ...BASE_NEHALEM, 'pclmulqdq', 'aes', 'xsave', 'avx', 'pdpe1gb', 'rdtscp', 'svm', 'abm', 'sse4a',
  'misalignsse', '3dnowprefetch', 'xop', 'fma4', 'npt', 'nrip-save',
];

const BASE_OPTERON_G5: readonly string[] = [
  ...BASE_OPTERON_G4, 'fma', 'f16c', 'tbm',
];

const BASE_EPYC: readonly string[] = [
  ...BASE_WESTMERE, 'monitor', 'fma', 'movbe', 'xsave', 'avx', 'f16c', 'rdrand', 'fsgsbase', 'bmi1', 'avx2',
  'smep', 'bmi2', 'rdseed', 'adx', 'smap', 'clflushopt', 'sha-ni', 'mmxext', 'fxsr-opt', 'pdpe1gb', 'rdtscp',
  'svm', 'cr8legacy', 'abm', 'sse4a', 'misalignsse', '3dnowprefetch', 'osvw', 'topoext', 'npt', 'nrip-save',
  'xsaveopt', 'xsavec', 'xgetbv1',
];

const BASE_DHYANA: readonly string[] = [
  ...BASE_OPTERON_G3, 'ssse3', 'fma', 'sse4.1', 'sse4.2', 'movbe', 'xsave', 'avx', 'f16c', 'rdrand',
  'fsgsbase', 'bmi1', 'avx2', 'smep', 'bmi2', 'rdseed', 'adx', 'smap', 'clflushopt', 'mmxext', 'fxsr-opt',
  'pdpe1gb', 'cr8legacy', '3dnowprefetch', 'osvw', 'topoext', 'ibpb', 'npt', 'nrip-save', 'xsaveopt', 'xsavec',
  'xgetbv1', 'arat',
];

const BASE_EPYC_ROME: readonly string[] = [
  ...BASE_EPYC, 'clwb', 'umip', 'rdpid', 'perfctr-core', 'clzero', 'xsaveerptr', 'wbnoinvd', 'ibpb',
  'amd-stibp', 'xsaves',
];

const BASE_EPYC_MILAN: readonly string[] = [
  ...BASE_EPYC_ROME, 'pcid', 'erms', 'invpcid', 'pku', 'fsrm', 'ibrs', 'amd-ssbd', 'svme-addr-chk',
];

const BASE_EPYC_GENOA: readonly string[] = [
  ...BASE_EPYC_MILAN, 'avx512f', 'avx512dq', 'avx512ifma', 'avx512cd', 'avx512bw', 'avx512vl', 'avx512vbmi',
  'avx512vbmi2', 'gfni', 'vaes', 'vpclmulqdq', 'avx512vnni', 'avx512bitalg', 'avx512-vpopcntdq', 'la57',
  'avx512-bf16', 'stibp-always-on', 'amd-psfd', 'no-nested-data-bp', 'lfence-always-serializing',
  'null-sel-clr-base', 'auto-ibrs', 'vnmi',
];

const BASE_YONGFENG: readonly string[] = [
  ...BASE_CORE2DUO, 'pclmulqdq', 'fma', 'pcid', 'sse4.1', 'sse4.2', 'x2apic', 'movbe', 'popcnt',
  'tsc-deadline', 'aes', 'xsave', 'avx', 'f16c', 'rdrand', 'fsgsbase', 'bmi1', 'avx2', 'smep', 'bmi2',
  'invpcid', 'rdseed', 'adx', 'smap', 'sha-ni', 'umip', 'pku', 'rdpid', 'spec-ctrl', 'arch-capabilities',
  'pdpe1gb', 'rdtscp', 'abm', '3dnowprefetch', 'invtsc', 'xstore', 'xstore-en', 'xcrypt', 'xcrypt-en', 'ace2',
  'phe', 'phe-en', 'pmm', 'pmm-en', 'xsaveopt', 'rdctl-no', 'skip-l1dfl-vmentry', 'ssb-no', 'mds-no',
  'pschange-mc-no',
];

const BASE_EPYC_TURIN: readonly string[] = [
  ...BASE_EPYC_GENOA, 'movdiri', 'movdir64b', 'avx512-vp2intersect', 'avx-vnni', 'overflow-recov', 'succor',
  'fs-gs-base-ns', 'prefetchi', 'sbpb', 'ibpb-brtype', 'srso-user-kernel-no', 'perfmon-v2', 'lbrv',
  'tsc-scale', 'vmcb-clean', 'flushbyasid', 'pause-filter', 'pfthreshold', 'v-vmsave-vmload', 'vgif',
];

export const X86_MODELS: readonly X86ModelRow[] = [
  {
    name: 'qemu64', vendor: 'AuthenticAMD', family: 15, model: 107, stepping: 1,
    modelId: 'QEMU Virtual CPU version 2.5+',
    level: 0xd, xlevel: 0x8000000a,
    features: [
      ...BASE_QEMU64,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'phenom', vendor: 'AuthenticAMD', family: 16, model: 2, stepping: 3,
    modelId: 'AMD Phenom(tm) 9550 Quad-Core Processor',
    level: 5, xlevel: 0x8000001a,
    features: [
      ...BASE_PHENOM,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'core2duo', vendor: 'GenuineIntel', family: 6, model: 15, stepping: 11,
    modelId: 'Intel(R) Core(TM)2 Duo CPU     T7700  @ 2.40GHz',
    level: 0xa, xlevel: 0x80000008,
    features: [
      ...BASE_CORE2DUO, ...VMX_CORE2DUO,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'kvm64', vendor: 'GenuineIntel', family: 15, model: 6, stepping: 1,
    modelId: 'Common KVM processor',
    level: 0xd, xlevel: 0x80000008,
    features: [
      ...BASE_KVM64, ...VMX_KVM64,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'qemu32', vendor: 'GenuineIntel', family: 6, model: 6, stepping: 3,
    modelId: 'QEMU Virtual CPU version 2.5+',
    level: 4, xlevel: 0x80000004,
    features: [
      ...BASE_QEMU32,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'kvm32', vendor: 'GenuineIntel', family: 15, model: 6, stepping: 1,
    modelId: 'Common 32-bit KVM processor',
    level: 5, xlevel: 0x80000008,
    features: [
      ...BASE_KVM32, ...VMX_KVM32,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'coreduo', vendor: 'GenuineIntel', family: 6, model: 14, stepping: 8,
    modelId: 'Genuine Intel(R) CPU           T2600  @ 2.16GHz',
    level: 0xa, xlevel: 0x80000008,
    features: [
      ...BASE_COREDUO, ...VMX_KVM32,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: '486', vendor: 'GenuineIntel', family: 4, model: 8, stepping: 0,
    modelId: '',
    level: 1, xlevel: 0,
    features: [
      ...BASE_486,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'pentium', vendor: 'GenuineIntel', family: 5, model: 4, stepping: 3,
    modelId: '',
    level: 1, xlevel: 0,
    features: [
      ...BASE_PENTIUM,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'pentium2', vendor: 'GenuineIntel', family: 6, model: 5, stepping: 2,
    modelId: '',
    level: 2, xlevel: 0,
    features: [
      ...BASE_PENTIUM2,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'pentium3', vendor: 'GenuineIntel', family: 6, model: 7, stepping: 3,
    modelId: '',
    level: 3, xlevel: 0,
    features: [
      ...BASE_PENTIUM3,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'athlon', vendor: 'AuthenticAMD', family: 6, model: 2, stepping: 3,
    modelId: 'QEMU Virtual CPU version 2.5+',
    level: 2, xlevel: 0x80000008,
    features: [
      ...BASE_ATHLON,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'n270', vendor: 'GenuineIntel', family: 6, model: 28, stepping: 2,
    modelId: 'Intel(R) Atom(TM) CPU N270   @ 1.60GHz',
    level: 0xa, xlevel: 0x80000008,
    features: [
      ...BASE_N270,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'Conroe', vendor: 'GenuineIntel', family: 6, model: 15, stepping: 3,
    modelId: 'Intel Celeron_4x0 (Conroe/Merom Class Core 2)',
    level: 0xa, xlevel: 0x80000008,
    features: [
      ...BASE_CONROE, ...VMX_CORE2DUO,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'Penryn', vendor: 'GenuineIntel', family: 6, model: 23, stepping: 3,
    modelId: 'Intel Core 2 Duo P9xxx (Penryn Class Core 2)',
    level: 0xa, xlevel: 0x80000008,
    features: [
      ...BASE_PENRYN, ...VMX_PENRYN,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'Nehalem', vendor: 'GenuineIntel', family: 6, model: 26, stepping: 3,
    modelId: 'Intel Core i7 9xx (Nehalem Class Core i7)',
    level: 0xb, xlevel: 0x80000008,
    features: [
      ...BASE_NEHALEM, ...VMX_NEHALEM,
    ],
    versions: [
      { version: 1 },
      { version: 2, alias: 'Nehalem-IBRS', props: { 'spec-ctrl': true, 'model-id': 'Intel Core i7 9xx (Nehalem Core i7, IBRS update)' } },
    ],
  },
  {
    name: 'Westmere', vendor: 'GenuineIntel', family: 6, model: 44, stepping: 1,
    modelId: 'Westmere E56xx/L56xx/X56xx (Nehalem-C)',
    level: 0xb, xlevel: 0x80000008,
    features: [
      ...BASE_WESTMERE, ...VMX_WESTMERE,
    ],
    versions: [
      { version: 1 },
      { version: 2, alias: 'Westmere-IBRS', props: { 'spec-ctrl': true, 'model-id': 'Westmere E56xx/L56xx/X56xx (IBRS update)' } },
    ],
  },
  {
    name: 'SandyBridge', vendor: 'GenuineIntel', family: 6, model: 42, stepping: 1,
    modelId: 'Intel Xeon E312xx (Sandy Bridge)',
    level: 0xd, xlevel: 0x80000008,
    features: [
      ...BASE_SANDYBRIDGE, ...VMX_SANDYBRIDGE,
    ],
    versions: [
      { version: 1 },
      { version: 2, alias: 'SandyBridge-IBRS', props: { 'spec-ctrl': true, 'model-id': 'Intel Xeon E312xx (Sandy Bridge, IBRS update)' } },
    ],
  },
  {
    name: 'IvyBridge', vendor: 'GenuineIntel', family: 6, model: 58, stepping: 9,
    modelId: 'Intel Xeon E3-12xx v2 (Ivy Bridge)',
    level: 0xd, xlevel: 0x80000008,
    features: [
      ...BASE_IVYBRIDGE, ...VMX_IVYBRIDGE,
    ],
    versions: [
      { version: 1 },
      { version: 2, alias: 'IvyBridge-IBRS', props: { 'spec-ctrl': true, 'model-id': 'Intel Xeon E3-12xx v2 (Ivy Bridge, IBRS)' } },
    ],
  },
  {
    name: 'Haswell', vendor: 'GenuineIntel', family: 6, model: 60, stepping: 4,
    modelId: 'Intel Core Processor (Haswell)',
    level: 0xd, xlevel: 0x80000008,
    features: [
      ...BASE_HASWELL, ...VMX_HASWELL,
    ],
    versions: [
      { version: 1 },
      { version: 2, alias: 'Haswell-noTSX', props: { 'hle': false, 'rtm': false, 'stepping': 1, 'model-id': 'Intel Core Processor (Haswell, no TSX)' } },
      { version: 3, alias: 'Haswell-IBRS', props: { 'hle': true, 'rtm': true, 'stepping': 4, 'spec-ctrl': true, 'model-id': 'Intel Core Processor (Haswell, IBRS)' } },
      { version: 4, alias: 'Haswell-noTSX-IBRS', props: { 'hle': false, 'rtm': false, 'stepping': 1, 'model-id': 'Intel Core Processor (Haswell, no TSX, IBRS)' } },
    ],
  },
  {
    name: 'Broadwell', vendor: 'GenuineIntel', family: 6, model: 61, stepping: 2,
    modelId: 'Intel Core Processor (Broadwell)',
    level: 0xd, xlevel: 0x80000008,
    features: [
      ...BASE_BROADWELL, ...VMX_BROADWELL,
    ],
    versions: [
      { version: 1 },
      { version: 2, alias: 'Broadwell-noTSX', props: { 'hle': false, 'rtm': false, 'model-id': 'Intel Core Processor (Broadwell, no TSX)' } },
      { version: 3, alias: 'Broadwell-IBRS', props: { 'hle': true, 'rtm': true, 'spec-ctrl': true, 'model-id': 'Intel Core Processor (Broadwell, IBRS)' } },
      { version: 4, alias: 'Broadwell-noTSX-IBRS', props: { 'hle': false, 'rtm': false, 'model-id': 'Intel Core Processor (Broadwell, no TSX, IBRS)' } },
    ],
  },
  {
    name: 'Skylake-Client', vendor: 'GenuineIntel', family: 6, model: 94, stepping: 3,
    modelId: 'Intel Core Processor (Skylake)',
    level: 0xd, xlevel: 0x80000008,
    features: [
      ...BASE_SKYLAKE_CLIENT, ...VMX_SKYLAKE_CLIENT,
    ],
    versions: [
      { version: 1 },
      { version: 2, alias: 'Skylake-Client-IBRS', props: { 'spec-ctrl': true, 'model-id': 'Intel Core Processor (Skylake, IBRS)' } },
      { version: 3, alias: 'Skylake-Client-noTSX-IBRS', props: { 'hle': false, 'rtm': false, 'model-id': 'Intel Core Processor (Skylake, IBRS, no TSX)' } },
      { version: 4, props: { 'xsaves': true, 'vmx-xsaves': true }, note: 'IBRS, XSAVES, no TSX', since: '6.1' },
    ],
  },
  {
    name: 'Skylake-Server', vendor: 'GenuineIntel', family: 6, model: 85, stepping: 4,
    modelId: 'Intel Xeon Processor (Skylake)',
    level: 0xd, xlevel: 0x80000008,
    features: [
      ...BASE_SKYLAKE_SERVER, ...VMX_SKYLAKE_SERVER,
    ],
    versions: [
      { version: 1 },
      { version: 2, alias: 'Skylake-Server-IBRS', props: { 'clflushopt': false, 'spec-ctrl': true, 'model-id': 'Intel Xeon Processor (Skylake, IBRS)' } },
      { version: 3, alias: 'Skylake-Server-noTSX-IBRS', props: { 'hle': false, 'rtm': false, 'model-id': 'Intel Xeon Processor (Skylake, IBRS, no TSX)' } },
      { version: 4, props: { 'vmx-eptp-switching': true }, note: 'IBRS, EPT switching, no TSX', since: '5.1' },
      { version: 5, props: { 'xsaves': true, 'vmx-xsaves': true }, note: 'IBRS, XSAVES, EPT switching, no TSX', since: '6.1' },
    ],
  },
  {
    name: 'Cascadelake-Server', vendor: 'GenuineIntel', family: 6, model: 85, stepping: 6,
    modelId: 'Intel Xeon Processor (Cascadelake)',
    level: 0xd, xlevel: 0x80000008,
    features: [
      ...BASE_CASCADELAKE_SERVER, ...VMX_SKYLAKE_SERVER,
    ],
    versions: [
      { version: 1 },
      { version: 2, props: { 'arch-capabilities': true, 'rdctl-no': true, 'ibrs-all': true, 'skip-l1dfl-vmentry': true, 'mds-no': true }, note: 'ARCH_CAPABILITIES' },
      { version: 3, alias: 'Cascadelake-Server-noTSX', props: { 'hle': false, 'rtm': false }, note: 'ARCH_CAPABILITIES, no TSX' },
      { version: 4, props: { 'vmx-eptp-switching': true }, note: 'ARCH_CAPABILITIES, EPT switching, no TSX', since: '5.1' },
      { version: 5, props: { 'xsaves': true, 'vmx-xsaves': true }, note: 'ARCH_CAPABILITIES, EPT switching, XSAVES, no TSX', since: '6.1' },
    ],
  },
  {
    name: 'Cooperlake', vendor: 'GenuineIntel', family: 6, model: 85, stepping: 10,
    modelId: 'Intel Xeon Processor (Cooperlake)',
    level: 0xd, xlevel: 0x80000008,
    features: [
      ...BASE_COOPERLAKE, ...VMX_BROADWELL, 'avx-vnni',
    ],
    // QEMU 6.1 listed avx-vnni in Cooperlake by mistake; 6.2 removed it
    // ("i386: Remove AVX_VNNI feature from Cooperlake cpu model").
    featureLifespans: { 'avx-vnni': { since: '6.1', removed: '6.2' } },
    since: '5.0',
    versions: [
      { version: 1 },
      { version: 2, props: { 'xsaves': true, 'vmx-xsaves': true }, note: 'XSAVES', since: '6.1' },
    ],
  },
  {
    // Deprecated in 5.2 ("use Icelake-Server instead"), removed in 7.1
    // (docs/about/removed-features.rst: "x86 Icelake-Client CPU (removed in 7.1)").
    name: 'Icelake-Client', vendor: 'GenuineIntel', family: 6, model: 126, stepping: 0,
    modelId: 'Intel Core Processor (Icelake)',
    level: 0xd, xlevel: 0x80000008,
    features: [
      ...BASE_SKYLAKE_CLIENT, 'wbnoinvd', 'avx512vbmi', 'umip', 'pku', 'avx512vbmi2', 'gfni', 'vaes',
      'vpclmulqdq', 'avx512vnni', 'avx512bitalg', 'avx512-vpopcntdq', 'spec-ctrl', 'ssbd', ...VMX_SKYLAKE_CLIENT,
    ],
    deprecationNote: 'use Icelake-Server instead',
    deprecatedSince: '5.2',
    removed: '7.1',
    versions: [
      { version: 1, note: 'deprecated' },
      { version: 2, alias: 'Icelake-Client-noTSX', props: { 'hle': false, 'rtm': false }, note: 'no TSX, deprecated' },
      { version: 3, props: { 'xsaves': true, 'vmx-xsaves': true }, note: 'no TSX, XSAVES, deprecated', since: '6.1' },
    ],
  },
  {
    name: 'Icelake-Server', vendor: 'GenuineIntel', family: 6, model: 134, stepping: 0,
    modelId: 'Intel Xeon Processor (Icelake)',
    level: 0xd, xlevel: 0x80000008,
    features: [
      ...BASE_ICELAKE_SERVER, ...VMX_ICELAKE_SERVER,
    ],
    versions: [
      { version: 1 },
      { version: 2, alias: 'Icelake-Server-noTSX', props: { 'hle': false, 'rtm': false }, note: 'no TSX' },
      { version: 3, props: { 'arch-capabilities': true, 'rdctl-no': true, 'ibrs-all': true, 'skip-l1dfl-vmentry': true, 'mds-no': true, 'pschange-mc-no': true, 'taa-no': true }, since: '5.0' },
      { version: 4, props: { 'sha-ni': true, 'avx512ifma': true, 'rdpid': true, 'fsrm': true, 'vmx-rdseed-exit': true, 'vmx-pml': true, 'vmx-eptp-switching': true, 'model': 106 }, since: '5.1' },
      { version: 5, props: { 'xsaves': true, 'vmx-xsaves': true }, note: 'XSAVES', since: '6.1' },
      { version: 6, props: { 'vmx-page-walk-5': true }, note: '5-level EPT', since: '7.0' },
      { version: 7, props: { 'hle': true, 'rtm': true }, note: 'TSX, taa-no', since: '9.1' },
    ],
  },
  {
    name: 'SapphireRapids', vendor: 'GenuineIntel', family: 6, model: 143, stepping: 4,
    modelId: 'Intel Xeon Processor (SapphireRapids)',
    level: 0x20, xlevel: 0x80000008,
    since: '8.0',
    features: [
      ...BASE_SAPPHIRERAPIDS, ...VMX_SAPPHIRERAPIDS,
    ],
    versions: [
      { version: 1, since: '8.0' },
      { version: 2, props: { 'sbdr-ssdp-no': true, 'fbsdp-no': true, 'psdp-no': true }, since: '8.1' },
      { version: 3, props: { 'ss': true, 'tsc-adjust': true, 'cldemote': true, 'movdiri': true, 'movdir64b': true }, since: '9.1' },
      { version: 4, props: { 'x-force-cpuid-0x1f': 'on' }, note: 'with spr-sp cache model and 0x1f leaf', since: '10.2' },
      { version: 5, props: { 'cet-ss': true, 'cet-ibt': true, 'vmx-exit-save-cet': true, 'vmx-entry-load-cet': true }, note: 'with cet-ss and cet-ibt', since: '11.0' },
      { version: 6, props: { 'its-no': true }, note: 'with its-no', since: '11.1' },
    ],
  },
  {
    name: 'GraniteRapids', vendor: 'GenuineIntel', family: 6, model: 173, stepping: 0,
    modelId: 'Intel Xeon Processor (GraniteRapids)',
    level: 0x20, xlevel: 0x80000008,
    since: '8.1',
    features: [
      ...BASE_GRANITERAPIDS, ...VMX_SAPPHIRERAPIDS,
    ],
    versions: [
      { version: 1, since: '8.1' },
      { version: 2, props: { 'ss': true, 'tsc-adjust': true, 'cldemote': true, 'movdiri': true, 'movdir64b': true, 'avx10': true, 'avx10-128': true, 'avx10-256': true, 'avx10-512': true, 'avx10-version': 1, 'stepping': 1 }, since: '9.2' },
      { version: 3, props: { 'x-force-cpuid-0x1f': 'on' }, note: 'with gnr-sp cache model and 0x1f leaf', since: '10.2' },
      { version: 4, props: { 'cet-ss': true, 'cet-ibt': true, 'vmx-exit-save-cet': true, 'vmx-entry-load-cet': true }, note: 'with cet-ss and cet-ibt', since: '11.0' },
      { version: 5, props: { 'its-no': true }, note: 'with its-no', since: '11.1' },
    ],
  },
  {
    name: 'DiamondRapids', vendor: 'GenuineIntel', family: 19, model: 1, stepping: 0,
    modelId: 'Intel Xeon Processor (DiamondRapids)',
    level: 0x29, xlevel: 0x80000008,
    since: '11.0',
    // QEMU also sets avx10_version 2 and cpuid_0x1f on the model (not feature bits)
    features: [
      ...BASE_DIAMONDRAPIDS, ...VMX_DIAMONDRAPIDS,
    ],
    versions: [
      { version: 1, since: '11.0' },
    ],
  },
  {
    name: 'SierraForest', vendor: 'GenuineIntel', family: 6, model: 175, stepping: 0,
    modelId: 'Intel Xeon Processor (SierraForest)',
    level: 0x23, xlevel: 0x80000008,
    since: '9.1',
    features: [
      ...BASE_SIERRAFOREST, ...VMX_SIERRAFOREST,
    ],
    versions: [
      { version: 1, since: '9.1' },
      { version: 2, props: { 'ss': true, 'tsc-adjust': true, 'cldemote': true, 'movdiri': true, 'movdir64b': true, 'gds-no': true, 'rfds-no': true, 'lam': true, 'intel-psfd': true, 'ipred-ctrl': true, 'rrsba-ctrl': true, 'bhi-ctrl': true, 'stepping': 3 }, since: '9.2' },
      { version: 3, props: { 'x-force-cpuid-0x1f': 'on' }, note: 'with srf-sp cache model and 0x1f leaf', since: '10.2' },
      { version: 4, props: { 'cet-ss': true, 'cet-ibt': true, 'vmx-exit-save-cet': true, 'vmx-entry-load-cet': true }, note: 'with cet-ss and cet-ibt', since: '11.0' },
      { version: 5, props: { 'its-no': true }, note: 'with its-no', since: '11.1' },
    ],
  },
  {
    name: 'ClearwaterForest', vendor: 'GenuineIntel', family: 6, model: 221, stepping: 0,
    modelId: 'Intel Xeon Processor (ClearwaterForest)',
    level: 0x23, xlevel: 0x80000008,
    since: '10.0',
    features: [
      ...BASE_CLEARWATERFOREST, ...VMX_SIERRAFOREST,
    ],
    versions: [
      { version: 1, since: '10.0' },
      { version: 2, props: { 'cet-ss': true, 'cet-ibt': true, 'vmx-exit-save-cet': true, 'vmx-entry-load-cet': true }, note: 'with cet-ss and cet-ibt', since: '11.0' },
      { version: 3, props: { 'its-no': true, 'x-force-cpuid-0x1f': 'on' }, note: 'with its-no, cwf-ap cache model and 0x1f leaf', since: '11.1' },
    ],
  },
  {
    name: 'Denverton', vendor: 'GenuineIntel', family: 6, model: 95, stepping: 1,
    modelId: 'Intel Atom Processor (Denverton)',
    level: 0x15, xlevel: 0x80000008,
    features: [
      ...BASE_DENVERTON, ...VMX_DENVERTON,
    ],
    versions: [
      { version: 1 },
      { version: 2, props: { 'monitor': false, 'mpx': false }, note: 'no MPX, no MONITOR', since: '5.0' },
      { version: 3, props: { 'xsaves': true, 'vmx-xsaves': true }, note: 'XSAVES, no MPX, no MONITOR', since: '6.1' },
    ],
  },
  {
    name: 'Snowridge', vendor: 'GenuineIntel', family: 6, model: 134, stepping: 1,
    modelId: 'Intel Atom Processor (SnowRidge)',
    level: 0x1b, xlevel: 0x80000008,
    features: [
      ...BASE_SNOWRIDGE, ...VMX_DENVERTON,
    ],
    versions: [
      { version: 1 },
      { version: 2, props: { 'mpx': false, 'model-id': 'Intel Atom Processor (Snowridge, no MPX)' } },
      { version: 3, props: { 'xsaves': true, 'vmx-xsaves': true }, note: 'XSAVES, no MPX', since: '6.1' },
      { version: 4, props: { 'split-lock-detect': false, 'core-capability': false }, note: 'no split lock detect, no core-capability', since: '6.2' },
    ],
  },
  {
    name: 'KnightsMill', vendor: 'GenuineIntel', family: 6, model: 133, stepping: 0,
    modelId: 'Intel Xeon Phi Processor (Knights Mill)',
    level: 0xd, xlevel: 0x80000008,
    features: [
      ...BASE_KNIGHTSMILL,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'Opteron_G1', vendor: 'AuthenticAMD', family: 15, model: 6, stepping: 1,
    modelId: 'AMD Opteron 240 (Gen 1 Class Opteron)',
    level: 5, xlevel: 0x80000008,
    features: [
      ...BASE_OPTERON_G1,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'Opteron_G2', vendor: 'AuthenticAMD', family: 15, model: 6, stepping: 1,
    modelId: 'AMD Opteron 22xx (Gen 2 Class Opteron)',
    level: 5, xlevel: 0x80000008,
    features: [
      ...BASE_OPTERON_G2,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'Opteron_G3', vendor: 'AuthenticAMD', family: 16, model: 2, stepping: 3,
    modelId: 'AMD Opteron 23xx (Gen 3 Class Opteron)',
    level: 5, xlevel: 0x80000008,
    features: [
      ...BASE_OPTERON_G3,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'Opteron_G4', vendor: 'AuthenticAMD', family: 21, model: 1, stepping: 2,
    modelId: 'AMD Opteron 62xx class CPU',
    level: 0xd, xlevel: 0x8000001a,
    features: [
      ...BASE_OPTERON_G4,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'Opteron_G5', vendor: 'AuthenticAMD', family: 21, model: 2, stepping: 0,
    modelId: 'AMD Opteron 63xx class CPU',
    level: 0xd, xlevel: 0x8000001a,
    features: [
      ...BASE_OPTERON_G5,
    ],
    versions: [
      { version: 1 },
    ],
  },
  {
    name: 'EPYC', vendor: 'AuthenticAMD', family: 23, model: 1, stepping: 2,
    modelId: 'AMD EPYC Processor',
    level: 0xd, xlevel: 0x8000001e,
    features: [
      ...BASE_EPYC,
    ],
    versions: [
      { version: 1 },
      { version: 2, alias: 'EPYC-IBPB', props: { 'ibpb': true, 'model-id': 'AMD EPYC Processor (with IBPB)' } },
      { version: 3, props: { 'ibpb': true, 'perfctr-core': true, 'clzero': true, 'xsaveerptr': true, 'xsaves': true, 'model-id': 'AMD EPYC Processor' }, since: '5.0' },
      { version: 4, props: { 'model-id': 'AMD EPYC-v4 Processor' }, since: '8.1' },
      { version: 5, props: { 'overflow-recov': true, 'succor': true, 'lbrv': true, 'tsc-scale': true, 'vmcb-clean': true, 'flushbyasid': true, 'pause-filter': true, 'pfthreshold': true, 'v-vmsave-vmload': true, 'vgif': true, 'model-id': 'AMD EPYC-v5 Processor' }, since: '10.1' },
    ],
  },
  {
    name: 'Dhyana', vendor: 'HygonGenuine', family: 24, model: 0, stepping: 1,
    modelId: 'Hygon Dhyana Processor',
    level: 0xd, xlevel: 0x8000001e,
    features: [
      ...BASE_DHYANA,
    ],
    versions: [
      { version: 1 },
      { version: 2, props: { 'xsaves': true }, note: 'XSAVES', since: '6.1' },
    ],
  },
  {
    name: 'EPYC-Rome', vendor: 'AuthenticAMD', family: 23, model: 49, stepping: 0,
    modelId: 'AMD EPYC-Rome Processor',
    level: 0xd, xlevel: 0x8000001e,
    features: [
      ...BASE_EPYC_ROME,
    ],
    since: '5.0',
    versions: [
      { version: 1 },
      { version: 2, props: { 'ibrs': true, 'amd-ssbd': true }, since: '6.0' },
      { version: 3, props: { 'model-id': 'AMD EPYC-Rome-v3 Processor' }, since: '8.1' },
      { version: 4, props: { 'model-id': 'AMD EPYC-Rome-v4 Processor (no XSAVES)', 'xsaves': false }, since: '8.1' },
      { version: 5, props: { 'overflow-recov': true, 'succor': true, 'lbrv': true, 'tsc-scale': true, 'vmcb-clean': true, 'flushbyasid': true, 'pause-filter': true, 'pfthreshold': true, 'v-vmsave-vmload': true, 'vgif': true, 'model-id': 'AMD EPYC-Rome-v5 Processor' }, since: '10.1' },
    ],
  },
  {
    name: 'EPYC-Milan', vendor: 'AuthenticAMD', family: 25, model: 1, stepping: 1,
    modelId: 'AMD EPYC-Milan Processor',
    level: 0xd, xlevel: 0x8000001e,
    features: [
      ...BASE_EPYC_MILAN,
    ],
    since: '6.0',
    versions: [
      { version: 1 },
      { version: 2, props: { 'model-id': 'AMD EPYC-Milan-v2 Processor', 'vaes': true, 'vpclmulqdq': true, 'stibp-always-on': true, 'amd-psfd': true, 'no-nested-data-bp': true, 'lfence-always-serializing': true, 'null-sel-clr-base': true }, since: '8.1' },
      { version: 3, props: { 'overflow-recov': true, 'succor': true, 'lbrv': true, 'tsc-scale': true, 'vmcb-clean': true, 'flushbyasid': true, 'pause-filter': true, 'pfthreshold': true, 'v-vmsave-vmload': true, 'vgif': true, 'model-id': 'AMD EPYC-Milan-v3 Processor' }, since: '10.1' },
    ],
  },
  {
    name: 'EPYC-Genoa', vendor: 'AuthenticAMD', family: 25, model: 17, stepping: 0,
    modelId: 'AMD EPYC-Genoa Processor',
    level: 0xd, xlevel: 0x80000022,
    since: '8.1',
    features: [
      ...BASE_EPYC_GENOA,
    ],
    versions: [
      { version: 1, since: '8.1' },
      { version: 2, props: { 'overflow-recov': true, 'succor': true, 'lbrv': true, 'tsc-scale': true, 'vmcb-clean': true, 'flushbyasid': true, 'pause-filter': true, 'pfthreshold': true, 'v-vmsave-vmload': true, 'vgif': true, 'fs-gs-base-ns': true, 'perfmon-v2': true, 'model-id': 'AMD EPYC-Genoa-v2 Processor' }, since: '10.1' },
    ],
  },
  {
    name: 'YongFeng', vendor: 'CentaurHauls', family: 7, model: 11, stepping: 3,
    modelId: 'Zhaoxin YongFeng Processor',
    level: 0x1f, xlevel: 0x80000008,
    since: '9.2',
    features: [
      ...BASE_YONGFENG, ...VMX_YONGFENG,
    ],
    versions: [
      { version: 1, since: '9.2' },
      { version: 2, props: { 'model': 0x5b }, note: 'with the correct model number', since: '10.1' },
      { version: 3, props: { 'x-force-cpuid-0x1f': 'on' }, note: 'with the cache model and 0x1f leaf', since: '10.2' },
    ],
  },
  {
    name: 'EPYC-Turin', vendor: 'AuthenticAMD', family: 26, model: 0, stepping: 0,
    modelId: 'AMD EPYC-Turin Processor',
    level: 0xd, xlevel: 0x80000022,
    since: '10.1',
    features: [
      ...BASE_EPYC_TURIN,
    ],
    versions: [
      { version: 1, since: '10.1' },
    ],
  },
];

/**
 * The version an unversioned model name resolves to under machine 'none'
 * (what query-cpu-definitions lists as its alias-of): 1 from QEMU 5.0 on,
 * the newest version before (CPU_VERSION_LATEST). libvirt's replies:
 * caps_4.2.0_x86_64 lists Westmere=Westmere-v2 and Snowridge=Snowridge-v2;
 * caps_6.2.0 … caps_10.1.0 list every alias-of as NAME-v1 (5.x is not
 * checked against a reply).
 */
export const X86_DEFAULT_VERSION_MACHINE_NONE = 1;
export const X86_MACHINE_NONE_V1_SINCE = '5.0';

/**
 * Features QEMU switches on in every table model when it loads the model,
 * whatever the model declares (CPUID.1:ECX bit 31, "running under a
 * hypervisor").
 */
export const X86_ALWAYS_ON_FEATURES: readonly string[] = ['hypervisor'];

/**
 * Property defaults QEMU applies to every table model when the accelerator is
 * TCG, after the model's own features and before user props.  Every model
 * but qemu64 and qemu32 declares 'vme'; under TCG it is switched off.
 */
export const X86_TCG_DEFAULT_PROPS: Readonly<Record<string, boolean>> = { vme: false };

/**
 * Property defaults QEMU applies under KVM instead (not covered by the
 * TCG-only 7.2 reference).
 */
export const X86_KVM_DEFAULT_PROPS: Readonly<Record<string, boolean>> = {
  kvmclock: true,
  'kvm-nopiodelay': true,
  'kvm-asyncpf': true,
  'kvm-steal-time': true,
  'kvm-pv-eoi': true,
  'kvmclock-stable-bit': true,
  x2apic: true,
  'kvm-msi-ext-dest-id': false,
  acpi: false,
  monitor: false,
  svm: false,
};

/**
 * Features KVM offers every guest whatever the host CPU shows (emulated or
 * synthesized by KVM itself), so a host that lacks them still runs models
 * that have them.
 */
export const X86_KVM_EMULATED_FEATURES: readonly string[] = ['hypervisor', 'x2apic', 'tsc-deadline', 'arat', 'arch-capabilities', 'topoext'];

/**
 * Feature words QEMU empties during expansion unless the accelerator is KVM
 * (and the CPU's "kvm" property is on): the KVM paravirtual features never
 * show up under TCG.
 */
export const X86_KVM_ONLY_WORDS: readonly string[] = ['FEAT_KVM'];

/**
 * Boolean properties of the static expansion ('base' model) that are not
 * feature bits, with the value they have for every table model.
 */
export const X86_STATIC_EXTRA_BOOLEANS: Readonly<Record<string, boolean>> = { lmce: false };

/**
 * How QEMU raises 'min-level' / 'min-xlevel' above the model's level/xlevel
 * (with the default full-cpuid-auto-level=on), after feature dependencies
 * have been applied:
 *   - `words`: if any bit of one of these words is enabled, the minimum for
 *     that word's CPUID leaf range becomes at least the word's leaf (leaves
 *     >= 0x80000000 raise min-xlevel, the others min-level);
 *   - `features`: an enabled feature raises the minimum to the given leaf;
 *   - `func7Words`: the leaf-7 subleaf words; an enabled bit of one raises
 *     min-level to 7 and 'level-func7' to its subleaf (x86_cpu_adjust_feat_level
 *     in target/i386/cpu.c: FEAT_7_1_EAX and FEAT_7_1_EDX; FEAT_7_2_EDX from
 *     the release that added that word; FEAT_7_1_ECX from QEMU 10.1, with
 *     msr-imm).  A word whose bits a release does not name cannot be enabled
 *     there, so no release tag is needed.
 * (QEMU raises from FEAT_7_0_EBX even with full-cpuid-auto-level=off.)
 */
export interface X86AutoLevelRule {
  words: readonly string[];
  features: readonly { feature: string; leaf: number }[];
  func7Words: readonly { word: string; subleaf: number }[];
}

export const X86_AUTO_LEVEL: X86AutoLevelRule = {
  words: [
    'FEAT_7_0_EBX', 'FEAT_1_EDX', 'FEAT_1_ECX', 'FEAT_6_EAX', 'FEAT_7_0_ECX', 'FEAT_7_1_EAX',
    'FEAT_8000_0001_EDX', 'FEAT_8000_0001_ECX', 'FEAT_8000_0007_EDX', 'FEAT_8000_0008_EBX',
    'FEAT_C000_0001_EDX', 'FEAT_SVM', 'FEAT_XSAVE',
  ],
  features: [
    { feature: 'intel-pt', leaf: 0x14 },
    { feature: 'svm', leaf: 0x8000000a },
    { feature: 'sgx', leaf: 0x12 },
  ],
  func7Words: [
    { word: 'FEAT_7_1_EAX', subleaf: 1 }, { word: 'FEAT_7_1_ECX', subleaf: 1 }, { word: 'FEAT_7_1_EDX', subleaf: 1 },
    { word: 'FEAT_7_2_EDX', subleaf: 2 },
  ],
};
