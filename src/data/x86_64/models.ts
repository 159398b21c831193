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
 * Rows (and versions) with `since` did not exist in QEMU 7.2.  No builtin
 * model carries a deprecation note in QEMU 7.2 or in the newest source we
 * read, so `deprecated` is never set.
 */

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
  deprecated?: boolean;
  since?: string;
}

export const X86_MODELS: readonly X86ModelRow[] = [
  {
    name: 'qemu64', vendor: 'AuthenticAMD', family: 15, model: 107, stepping: 1,
    modelId: 'QEMU Virtual CPU version 2.5+',
    level: 0xd, xlevel: 0x8000000a,
    features: [
      'fpu', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca', 'cmov',
      'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'cx16', 'syscall', 'nx', 'lm',
      'lahf-lm', 'svm',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'monitor', 'cx16', 'popcnt',
      'syscall', 'nx', 'mmxext', 'fxsr-opt', 'pdpe1gb', 'rdtscp', 'lm', '3dnowext', '3dnow', 'lahf-lm',
      'svm', 'abm', 'sse4a', 'npt',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'acpi', 'mmx', 'fxsr', 'sse', 'sse2', 'ss', 'pni', 'monitor',
      'ssse3', 'cx16', 'syscall', 'nx', 'lm', 'lahf-lm', 'vmx-vintr-pending', 'vmx-tsc-offset',
      'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit', 'vmx-rdpmc-exit', 'vmx-rdtsc-exit',
      'vmx-cr8-load-exit', 'vmx-cr8-store-exit', 'vmx-flexpriority', 'vmx-vnmi-pending', 'vmx-movdr-exit',
      'vmx-io-exit', 'vmx-io-bitmap', 'vmx-msr-bitmap', 'vmx-monitor-exit', 'vmx-pause-exit',
      'vmx-secondary-ctls', 'vmx-apicv-xapic', 'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-vnmi',
      'vmx-exit-ack-intr', 'vmx-entry-ia32e-mode', 'vmx-activity-hlt', 'vmx-ins-outs',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'cx16', 'syscall', 'nx', 'lm',
      'vmx-vintr-pending', 'vmx-tsc-offset', 'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit',
      'vmx-rdpmc-exit', 'vmx-rdtsc-exit', 'vmx-cr8-load-exit', 'vmx-cr8-store-exit', 'vmx-flexpriority',
      'vmx-movdr-exit', 'vmx-io-exit', 'vmx-io-bitmap', 'vmx-monitor-exit', 'vmx-pause-exit',
      'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-exit-ack-intr', 'vmx-entry-ia32e-mode', 'vmx-activity-hlt',
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
      'fpu', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'pge', 'cmov', 'pat', 'mmx',
      'fxsr', 'sse', 'sse2', 'pni',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'vmx-vintr-pending',
      'vmx-tsc-offset', 'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit', 'vmx-rdpmc-exit',
      'vmx-rdtsc-exit', 'vmx-movdr-exit', 'vmx-io-exit', 'vmx-io-bitmap', 'vmx-msr-bitmap',
      'vmx-monitor-exit', 'vmx-pause-exit', 'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-exit-ack-intr',
      'vmx-entry-ia32e-mode', 'vmx-activity-hlt',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'clflush', 'acpi', 'mmx', 'fxsr', 'sse', 'sse2', 'ss', 'pni', 'monitor', 'nx',
      'vmx-vintr-pending', 'vmx-tsc-offset', 'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit',
      'vmx-rdpmc-exit', 'vmx-rdtsc-exit', 'vmx-movdr-exit', 'vmx-io-exit', 'vmx-io-bitmap', 'vmx-msr-bitmap',
      'vmx-monitor-exit', 'vmx-pause-exit', 'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-exit-ack-intr',
      'vmx-entry-ia32e-mode', 'vmx-activity-hlt',
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
      'fpu', 'vme', 'pse',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'mce', 'cx8', 'apic', 'mmx',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'mmx', 'fxsr',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'mmx', 'fxsr', 'sse',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'mmx', 'fxsr', 'sse', 'sse2', 'mmxext', '3dnowext', '3dnow',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'clflush', 'acpi', 'mmx', 'fxsr', 'sse', 'sse2', 'ss', 'pni', 'monitor', 'ssse3',
      'movbe', 'nx', 'lahf-lm',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'ssse3', 'syscall', 'nx', 'lm',
      'lahf-lm', 'vmx-vintr-pending', 'vmx-tsc-offset', 'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit',
      'vmx-rdpmc-exit', 'vmx-rdtsc-exit', 'vmx-cr8-load-exit', 'vmx-cr8-store-exit', 'vmx-flexpriority',
      'vmx-vnmi-pending', 'vmx-movdr-exit', 'vmx-io-exit', 'vmx-io-bitmap', 'vmx-msr-bitmap',
      'vmx-monitor-exit', 'vmx-pause-exit', 'vmx-secondary-ctls', 'vmx-apicv-xapic', 'vmx-intr-exit',
      'vmx-nmi-exit', 'vmx-vnmi', 'vmx-exit-ack-intr', 'vmx-entry-ia32e-mode', 'vmx-activity-hlt',
      'vmx-ins-outs',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'ssse3', 'cx16', 'sse4.1',
      'syscall', 'nx', 'lm', 'lahf-lm', 'vmx-vintr-pending', 'vmx-tsc-offset', 'vmx-hlt-exit',
      'vmx-invlpg-exit', 'vmx-mwait-exit', 'vmx-rdpmc-exit', 'vmx-rdtsc-exit', 'vmx-cr8-load-exit',
      'vmx-cr8-store-exit', 'vmx-flexpriority', 'vmx-vnmi-pending', 'vmx-movdr-exit', 'vmx-io-exit',
      'vmx-io-bitmap', 'vmx-msr-bitmap', 'vmx-monitor-exit', 'vmx-pause-exit', 'vmx-secondary-ctls',
      'vmx-apicv-xapic', 'vmx-wbinvd-exit', 'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-vnmi',
      'vmx-exit-load-perf-global-ctrl', 'vmx-exit-ack-intr', 'vmx-entry-ia32e-mode',
      'vmx-entry-load-perf-global-ctrl', 'vmx-activity-hlt', 'vmx-ins-outs',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'ssse3', 'cx16', 'sse4.1',
      'sse4.2', 'popcnt', 'syscall', 'nx', 'lm', 'lahf-lm', 'vmx-vintr-pending', 'vmx-tsc-offset',
      'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit', 'vmx-rdpmc-exit', 'vmx-rdtsc-exit',
      'vmx-cr3-load-noexit', 'vmx-cr3-store-noexit', 'vmx-cr8-load-exit', 'vmx-cr8-store-exit',
      'vmx-flexpriority', 'vmx-vnmi-pending', 'vmx-movdr-exit', 'vmx-io-exit', 'vmx-io-bitmap', 'vmx-mtf',
      'vmx-msr-bitmap', 'vmx-monitor-exit', 'vmx-pause-exit', 'vmx-secondary-ctls', 'vmx-apicv-xapic',
      'vmx-ept', 'vmx-desc-exit', 'vmx-apicv-x2apic', 'vmx-vpid', 'vmx-wbinvd-exit', 'vmx-intr-exit',
      'vmx-nmi-exit', 'vmx-vnmi', 'vmx-preemption-timer', 'vmx-exit-nosave-debugctl',
      'vmx-exit-load-perf-global-ctrl', 'vmx-exit-ack-intr', 'vmx-exit-save-pat', 'vmx-exit-load-pat',
      'vmx-exit-save-efer', 'vmx-exit-load-efer', 'vmx-exit-save-preemption-timer',
      'vmx-entry-noload-debugctl', 'vmx-entry-ia32e-mode', 'vmx-entry-load-perf-global-ctrl',
      'vmx-entry-load-pat', 'vmx-entry-load-efer', 'vmx-activity-hlt', 'vmx-ept-execonly', 'vmx-page-walk-4',
      'vmx-ept-2mb', 'vmx-ept-1gb', 'vmx-invept', 'vmx-invept-single-context', 'vmx-invept-all-context',
      'vmx-invvpid', 'vmx-invvpid-single-addr', 'vmx-invvpid-all-context',
      'vmx-invept-single-context-noglobals', 'vmx-ins-outs', 'vmx-true-ctls',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'ssse3', 'cx16',
      'sse4.1', 'sse4.2', 'popcnt', 'aes', 'syscall', 'nx', 'lm', 'lahf-lm', 'arat', 'vmx-vintr-pending',
      'vmx-tsc-offset', 'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit', 'vmx-rdpmc-exit',
      'vmx-rdtsc-exit', 'vmx-cr3-load-noexit', 'vmx-cr3-store-noexit', 'vmx-cr8-load-exit',
      'vmx-cr8-store-exit', 'vmx-flexpriority', 'vmx-vnmi-pending', 'vmx-movdr-exit', 'vmx-io-exit',
      'vmx-io-bitmap', 'vmx-mtf', 'vmx-msr-bitmap', 'vmx-monitor-exit', 'vmx-pause-exit',
      'vmx-secondary-ctls', 'vmx-apicv-xapic', 'vmx-ept', 'vmx-desc-exit', 'vmx-apicv-x2apic', 'vmx-vpid',
      'vmx-wbinvd-exit', 'vmx-unrestricted-guest', 'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-vnmi',
      'vmx-preemption-timer', 'vmx-exit-nosave-debugctl', 'vmx-exit-load-perf-global-ctrl',
      'vmx-exit-ack-intr', 'vmx-exit-save-pat', 'vmx-exit-load-pat', 'vmx-exit-save-efer',
      'vmx-exit-load-efer', 'vmx-exit-save-preemption-timer', 'vmx-entry-noload-debugctl',
      'vmx-entry-ia32e-mode', 'vmx-entry-load-perf-global-ctrl', 'vmx-entry-load-pat', 'vmx-entry-load-efer',
      'vmx-store-lma', 'vmx-activity-hlt', 'vmx-ept-execonly', 'vmx-page-walk-4', 'vmx-ept-2mb',
      'vmx-ept-1gb', 'vmx-invept', 'vmx-invept-single-context', 'vmx-invept-all-context', 'vmx-invvpid',
      'vmx-invvpid-single-addr', 'vmx-invvpid-all-context', 'vmx-invept-single-context-noglobals',
      'vmx-ins-outs', 'vmx-true-ctls',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'ssse3', 'cx16',
      'sse4.1', 'sse4.2', 'x2apic', 'popcnt', 'tsc-deadline', 'aes', 'xsave', 'avx', 'syscall', 'nx',
      'rdtscp', 'lm', 'lahf-lm', 'xsaveopt', 'arat', 'vmx-vintr-pending', 'vmx-tsc-offset', 'vmx-hlt-exit',
      'vmx-invlpg-exit', 'vmx-mwait-exit', 'vmx-rdpmc-exit', 'vmx-rdtsc-exit', 'vmx-cr3-load-noexit',
      'vmx-cr3-store-noexit', 'vmx-cr8-load-exit', 'vmx-cr8-store-exit', 'vmx-flexpriority',
      'vmx-vnmi-pending', 'vmx-movdr-exit', 'vmx-io-exit', 'vmx-io-bitmap', 'vmx-mtf', 'vmx-msr-bitmap',
      'vmx-monitor-exit', 'vmx-pause-exit', 'vmx-secondary-ctls', 'vmx-apicv-xapic', 'vmx-ept',
      'vmx-desc-exit', 'vmx-rdtscp-exit', 'vmx-apicv-x2apic', 'vmx-vpid', 'vmx-wbinvd-exit',
      'vmx-unrestricted-guest', 'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-vnmi', 'vmx-preemption-timer',
      'vmx-exit-nosave-debugctl', 'vmx-exit-load-perf-global-ctrl', 'vmx-exit-ack-intr', 'vmx-exit-save-pat',
      'vmx-exit-load-pat', 'vmx-exit-save-efer', 'vmx-exit-load-efer', 'vmx-exit-save-preemption-timer',
      'vmx-entry-noload-debugctl', 'vmx-entry-ia32e-mode', 'vmx-entry-load-perf-global-ctrl',
      'vmx-entry-load-pat', 'vmx-entry-load-efer', 'vmx-store-lma', 'vmx-activity-hlt', 'vmx-ept-execonly',
      'vmx-page-walk-4', 'vmx-ept-2mb', 'vmx-ept-1gb', 'vmx-invept', 'vmx-invept-single-context',
      'vmx-invept-all-context', 'vmx-invvpid', 'vmx-invvpid-single-addr', 'vmx-invvpid-all-context',
      'vmx-invept-single-context-noglobals', 'vmx-ins-outs', 'vmx-true-ctls',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'ssse3', 'cx16',
      'sse4.1', 'sse4.2', 'x2apic', 'popcnt', 'tsc-deadline', 'aes', 'xsave', 'avx', 'f16c', 'rdrand',
      'fsgsbase', 'smep', 'erms', 'syscall', 'nx', 'rdtscp', 'lm', 'lahf-lm', 'xsaveopt', 'arat',
      'vmx-vintr-pending', 'vmx-tsc-offset', 'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit',
      'vmx-rdpmc-exit', 'vmx-rdtsc-exit', 'vmx-cr3-load-noexit', 'vmx-cr3-store-noexit', 'vmx-cr8-load-exit',
      'vmx-cr8-store-exit', 'vmx-flexpriority', 'vmx-vnmi-pending', 'vmx-movdr-exit', 'vmx-io-exit',
      'vmx-io-bitmap', 'vmx-mtf', 'vmx-msr-bitmap', 'vmx-monitor-exit', 'vmx-pause-exit',
      'vmx-secondary-ctls', 'vmx-apicv-xapic', 'vmx-ept', 'vmx-desc-exit', 'vmx-rdtscp-exit',
      'vmx-apicv-x2apic', 'vmx-vpid', 'vmx-wbinvd-exit', 'vmx-unrestricted-guest', 'vmx-apicv-register',
      'vmx-apicv-vid', 'vmx-rdrand-exit', 'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-vnmi',
      'vmx-preemption-timer', 'vmx-posted-intr', 'vmx-exit-nosave-debugctl',
      'vmx-exit-load-perf-global-ctrl', 'vmx-exit-ack-intr', 'vmx-exit-save-pat', 'vmx-exit-load-pat',
      'vmx-exit-save-efer', 'vmx-exit-load-efer', 'vmx-exit-save-preemption-timer',
      'vmx-entry-noload-debugctl', 'vmx-entry-ia32e-mode', 'vmx-entry-load-perf-global-ctrl',
      'vmx-entry-load-pat', 'vmx-entry-load-efer', 'vmx-store-lma', 'vmx-activity-hlt', 'vmx-ept-execonly',
      'vmx-page-walk-4', 'vmx-ept-2mb', 'vmx-ept-1gb', 'vmx-invept', 'vmx-invept-single-context',
      'vmx-invept-all-context', 'vmx-invvpid', 'vmx-invvpid-single-addr', 'vmx-invvpid-all-context',
      'vmx-invept-single-context-noglobals', 'vmx-ins-outs', 'vmx-true-ctls',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'ssse3', 'fma',
      'cx16', 'pcid', 'sse4.1', 'sse4.2', 'x2apic', 'movbe', 'popcnt', 'tsc-deadline', 'aes', 'xsave', 'avx',
      'f16c', 'rdrand', 'fsgsbase', 'bmi1', 'hle', 'avx2', 'smep', 'bmi2', 'erms', 'invpcid', 'rtm',
      'syscall', 'nx', 'rdtscp', 'lm', 'lahf-lm', 'abm', 'xsaveopt', 'arat', 'vmx-vintr-pending',
      'vmx-tsc-offset', 'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit', 'vmx-rdpmc-exit',
      'vmx-rdtsc-exit', 'vmx-cr3-load-noexit', 'vmx-cr3-store-noexit', 'vmx-cr8-load-exit',
      'vmx-cr8-store-exit', 'vmx-flexpriority', 'vmx-vnmi-pending', 'vmx-movdr-exit', 'vmx-io-exit',
      'vmx-io-bitmap', 'vmx-mtf', 'vmx-msr-bitmap', 'vmx-monitor-exit', 'vmx-pause-exit',
      'vmx-secondary-ctls', 'vmx-apicv-xapic', 'vmx-ept', 'vmx-desc-exit', 'vmx-rdtscp-exit',
      'vmx-apicv-x2apic', 'vmx-vpid', 'vmx-wbinvd-exit', 'vmx-unrestricted-guest', 'vmx-apicv-register',
      'vmx-apicv-vid', 'vmx-rdrand-exit', 'vmx-invpcid-exit', 'vmx-vmfunc', 'vmx-shadow-vmcs',
      'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-vnmi', 'vmx-preemption-timer', 'vmx-posted-intr',
      'vmx-exit-nosave-debugctl', 'vmx-exit-load-perf-global-ctrl', 'vmx-exit-ack-intr', 'vmx-exit-save-pat',
      'vmx-exit-load-pat', 'vmx-exit-save-efer', 'vmx-exit-load-efer', 'vmx-exit-save-preemption-timer',
      'vmx-entry-noload-debugctl', 'vmx-entry-ia32e-mode', 'vmx-entry-load-perf-global-ctrl',
      'vmx-entry-load-pat', 'vmx-entry-load-efer', 'vmx-store-lma', 'vmx-activity-hlt',
      'vmx-vmwrite-vmexit-fields', 'vmx-ept-execonly', 'vmx-page-walk-4', 'vmx-ept-2mb', 'vmx-ept-1gb',
      'vmx-invept', 'vmx-eptad', 'vmx-invept-single-context', 'vmx-invept-all-context', 'vmx-invvpid',
      'vmx-invvpid-single-addr', 'vmx-invvpid-all-context', 'vmx-invept-single-context-noglobals',
      'vmx-ins-outs', 'vmx-true-ctls', 'vmx-eptp-switching',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'ssse3', 'fma',
      'cx16', 'pcid', 'sse4.1', 'sse4.2', 'x2apic', 'movbe', 'popcnt', 'tsc-deadline', 'aes', 'xsave', 'avx',
      'f16c', 'rdrand', 'fsgsbase', 'bmi1', 'hle', 'avx2', 'smep', 'bmi2', 'erms', 'invpcid', 'rtm',
      'rdseed', 'adx', 'smap', 'syscall', 'nx', 'rdtscp', 'lm', 'lahf-lm', 'abm', '3dnowprefetch',
      'xsaveopt', 'arat', 'vmx-vintr-pending', 'vmx-tsc-offset', 'vmx-hlt-exit', 'vmx-invlpg-exit',
      'vmx-mwait-exit', 'vmx-rdpmc-exit', 'vmx-rdtsc-exit', 'vmx-cr3-load-noexit', 'vmx-cr3-store-noexit',
      'vmx-cr8-load-exit', 'vmx-cr8-store-exit', 'vmx-flexpriority', 'vmx-vnmi-pending', 'vmx-movdr-exit',
      'vmx-io-exit', 'vmx-io-bitmap', 'vmx-mtf', 'vmx-msr-bitmap', 'vmx-monitor-exit', 'vmx-pause-exit',
      'vmx-secondary-ctls', 'vmx-apicv-xapic', 'vmx-ept', 'vmx-desc-exit', 'vmx-rdtscp-exit',
      'vmx-apicv-x2apic', 'vmx-vpid', 'vmx-wbinvd-exit', 'vmx-unrestricted-guest', 'vmx-apicv-register',
      'vmx-apicv-vid', 'vmx-rdrand-exit', 'vmx-invpcid-exit', 'vmx-vmfunc', 'vmx-shadow-vmcs',
      'vmx-rdseed-exit', 'vmx-pml', 'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-vnmi', 'vmx-preemption-timer',
      'vmx-posted-intr', 'vmx-exit-nosave-debugctl', 'vmx-exit-load-perf-global-ctrl', 'vmx-exit-ack-intr',
      'vmx-exit-save-pat', 'vmx-exit-load-pat', 'vmx-exit-save-efer', 'vmx-exit-load-efer',
      'vmx-exit-save-preemption-timer', 'vmx-entry-noload-debugctl', 'vmx-entry-ia32e-mode',
      'vmx-entry-load-perf-global-ctrl', 'vmx-entry-load-pat', 'vmx-entry-load-efer', 'vmx-store-lma',
      'vmx-activity-hlt', 'vmx-vmwrite-vmexit-fields', 'vmx-ept-execonly', 'vmx-page-walk-4', 'vmx-ept-2mb',
      'vmx-ept-1gb', 'vmx-invept', 'vmx-eptad', 'vmx-invept-single-context', 'vmx-invept-all-context',
      'vmx-invvpid', 'vmx-invvpid-single-addr', 'vmx-invvpid-all-context',
      'vmx-invept-single-context-noglobals', 'vmx-ins-outs', 'vmx-true-ctls', 'vmx-eptp-switching',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'ssse3', 'fma',
      'cx16', 'pcid', 'sse4.1', 'sse4.2', 'x2apic', 'movbe', 'popcnt', 'tsc-deadline', 'aes', 'xsave', 'avx',
      'f16c', 'rdrand', 'fsgsbase', 'bmi1', 'hle', 'avx2', 'smep', 'bmi2', 'erms', 'invpcid', 'rtm',
      'rdseed', 'adx', 'smap', 'syscall', 'nx', 'rdtscp', 'lm', 'lahf-lm', 'abm', '3dnowprefetch',
      'xsaveopt', 'xsavec', 'xgetbv1', 'arat', 'vmx-vintr-pending', 'vmx-tsc-offset', 'vmx-hlt-exit',
      'vmx-invlpg-exit', 'vmx-mwait-exit', 'vmx-rdpmc-exit', 'vmx-rdtsc-exit', 'vmx-cr3-load-noexit',
      'vmx-cr3-store-noexit', 'vmx-cr8-load-exit', 'vmx-cr8-store-exit', 'vmx-flexpriority',
      'vmx-vnmi-pending', 'vmx-movdr-exit', 'vmx-io-exit', 'vmx-io-bitmap', 'vmx-mtf', 'vmx-msr-bitmap',
      'vmx-monitor-exit', 'vmx-pause-exit', 'vmx-secondary-ctls', 'vmx-apicv-xapic', 'vmx-ept',
      'vmx-desc-exit', 'vmx-rdtscp-exit', 'vmx-vpid', 'vmx-wbinvd-exit', 'vmx-unrestricted-guest',
      'vmx-rdrand-exit', 'vmx-invpcid-exit', 'vmx-vmfunc', 'vmx-shadow-vmcs', 'vmx-rdseed-exit', 'vmx-pml',
      'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-vnmi', 'vmx-preemption-timer', 'vmx-exit-nosave-debugctl',
      'vmx-exit-load-perf-global-ctrl', 'vmx-exit-ack-intr', 'vmx-exit-save-pat', 'vmx-exit-load-pat',
      'vmx-exit-save-efer', 'vmx-exit-load-efer', 'vmx-exit-save-preemption-timer',
      'vmx-entry-noload-debugctl', 'vmx-entry-ia32e-mode', 'vmx-entry-load-perf-global-ctrl',
      'vmx-entry-load-pat', 'vmx-entry-load-efer', 'vmx-store-lma', 'vmx-activity-hlt',
      'vmx-vmwrite-vmexit-fields', 'vmx-ept-execonly', 'vmx-page-walk-4', 'vmx-ept-2mb', 'vmx-ept-1gb',
      'vmx-invept', 'vmx-eptad', 'vmx-invept-single-context', 'vmx-invept-all-context', 'vmx-invvpid',
      'vmx-invvpid-single-addr', 'vmx-invvpid-all-context', 'vmx-invept-single-context-noglobals',
      'vmx-ins-outs', 'vmx-true-ctls', 'vmx-eptp-switching',
    ],
    versions: [
      { version: 1 },
      { version: 2, alias: 'Skylake-Client-IBRS', props: { 'spec-ctrl': true, 'model-id': 'Intel Core Processor (Skylake, IBRS)' } },
      { version: 3, alias: 'Skylake-Client-noTSX-IBRS', props: { 'hle': false, 'rtm': false, 'model-id': 'Intel Core Processor (Skylake, IBRS, no TSX)' } },
      { version: 4, props: { 'xsaves': true, 'vmx-xsaves': true }, note: 'IBRS, XSAVES, no TSX' },
    ],
  },
  {
    name: 'Skylake-Server', vendor: 'GenuineIntel', family: 6, model: 85, stepping: 4,
    modelId: 'Intel Xeon Processor (Skylake)',
    level: 0xd, xlevel: 0x80000008,
    features: [
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'ssse3', 'fma',
      'cx16', 'pcid', 'sse4.1', 'sse4.2', 'x2apic', 'movbe', 'popcnt', 'tsc-deadline', 'aes', 'xsave', 'avx',
      'f16c', 'rdrand', 'fsgsbase', 'bmi1', 'hle', 'avx2', 'smep', 'bmi2', 'erms', 'invpcid', 'rtm',
      'avx512f', 'avx512dq', 'rdseed', 'adx', 'smap', 'clflushopt', 'clwb', 'avx512cd', 'avx512bw',
      'avx512vl', 'pku', 'syscall', 'nx', 'pdpe1gb', 'rdtscp', 'lm', 'lahf-lm', 'abm', '3dnowprefetch',
      'xsaveopt', 'xsavec', 'xgetbv1', 'arat', 'vmx-vintr-pending', 'vmx-tsc-offset', 'vmx-hlt-exit',
      'vmx-invlpg-exit', 'vmx-mwait-exit', 'vmx-rdpmc-exit', 'vmx-rdtsc-exit', 'vmx-cr3-load-noexit',
      'vmx-cr3-store-noexit', 'vmx-cr8-load-exit', 'vmx-cr8-store-exit', 'vmx-flexpriority',
      'vmx-vnmi-pending', 'vmx-movdr-exit', 'vmx-io-exit', 'vmx-io-bitmap', 'vmx-mtf', 'vmx-msr-bitmap',
      'vmx-monitor-exit', 'vmx-pause-exit', 'vmx-secondary-ctls', 'vmx-apicv-xapic', 'vmx-ept',
      'vmx-desc-exit', 'vmx-rdtscp-exit', 'vmx-apicv-x2apic', 'vmx-vpid', 'vmx-wbinvd-exit',
      'vmx-unrestricted-guest', 'vmx-apicv-register', 'vmx-apicv-vid', 'vmx-rdrand-exit', 'vmx-invpcid-exit',
      'vmx-vmfunc', 'vmx-shadow-vmcs', 'vmx-rdseed-exit', 'vmx-pml', 'vmx-intr-exit', 'vmx-nmi-exit',
      'vmx-vnmi', 'vmx-preemption-timer', 'vmx-posted-intr', 'vmx-exit-nosave-debugctl',
      'vmx-exit-load-perf-global-ctrl', 'vmx-exit-ack-intr', 'vmx-exit-save-pat', 'vmx-exit-load-pat',
      'vmx-exit-save-efer', 'vmx-exit-load-efer', 'vmx-exit-save-preemption-timer',
      'vmx-entry-noload-debugctl', 'vmx-entry-ia32e-mode', 'vmx-entry-load-perf-global-ctrl',
      'vmx-entry-load-pat', 'vmx-entry-load-efer', 'vmx-store-lma', 'vmx-activity-hlt',
      'vmx-vmwrite-vmexit-fields', 'vmx-ept-execonly', 'vmx-page-walk-4', 'vmx-ept-2mb', 'vmx-ept-1gb',
      'vmx-invept', 'vmx-eptad', 'vmx-invept-single-context', 'vmx-invept-all-context', 'vmx-invvpid',
      'vmx-invvpid-single-addr', 'vmx-invvpid-all-context', 'vmx-invept-single-context-noglobals',
      'vmx-ins-outs', 'vmx-true-ctls',
    ],
    versions: [
      { version: 1 },
      { version: 2, alias: 'Skylake-Server-IBRS', props: { 'clflushopt': false, 'spec-ctrl': true, 'model-id': 'Intel Xeon Processor (Skylake, IBRS)' } },
      { version: 3, alias: 'Skylake-Server-noTSX-IBRS', props: { 'hle': false, 'rtm': false, 'model-id': 'Intel Xeon Processor (Skylake, IBRS, no TSX)' } },
      { version: 4, props: { 'vmx-eptp-switching': true }, note: 'IBRS, EPT switching, no TSX' },
      { version: 5, props: { 'xsaves': true, 'vmx-xsaves': true }, note: 'IBRS, XSAVES, EPT switching, no TSX' },
    ],
  },
  {
    name: 'Cascadelake-Server', vendor: 'GenuineIntel', family: 6, model: 85, stepping: 6,
    modelId: 'Intel Xeon Processor (Cascadelake)',
    level: 0xd, xlevel: 0x80000008,
    features: [
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'ssse3', 'fma',
      'cx16', 'pcid', 'sse4.1', 'sse4.2', 'x2apic', 'movbe', 'popcnt', 'tsc-deadline', 'aes', 'xsave', 'avx',
      'f16c', 'rdrand', 'fsgsbase', 'bmi1', 'hle', 'avx2', 'smep', 'bmi2', 'erms', 'invpcid', 'rtm',
      'avx512f', 'avx512dq', 'rdseed', 'adx', 'smap', 'clflushopt', 'clwb', 'avx512cd', 'avx512bw',
      'avx512vl', 'pku', 'avx512vnni', 'spec-ctrl', 'ssbd', 'syscall', 'nx', 'pdpe1gb', 'rdtscp', 'lm',
      'lahf-lm', 'abm', '3dnowprefetch', 'xsaveopt', 'xsavec', 'xgetbv1', 'arat', 'vmx-vintr-pending',
      'vmx-tsc-offset', 'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit', 'vmx-rdpmc-exit',
      'vmx-rdtsc-exit', 'vmx-cr3-load-noexit', 'vmx-cr3-store-noexit', 'vmx-cr8-load-exit',
      'vmx-cr8-store-exit', 'vmx-flexpriority', 'vmx-vnmi-pending', 'vmx-movdr-exit', 'vmx-io-exit',
      'vmx-io-bitmap', 'vmx-mtf', 'vmx-msr-bitmap', 'vmx-monitor-exit', 'vmx-pause-exit',
      'vmx-secondary-ctls', 'vmx-apicv-xapic', 'vmx-ept', 'vmx-desc-exit', 'vmx-rdtscp-exit',
      'vmx-apicv-x2apic', 'vmx-vpid', 'vmx-wbinvd-exit', 'vmx-unrestricted-guest', 'vmx-apicv-register',
      'vmx-apicv-vid', 'vmx-rdrand-exit', 'vmx-invpcid-exit', 'vmx-vmfunc', 'vmx-shadow-vmcs',
      'vmx-rdseed-exit', 'vmx-pml', 'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-vnmi', 'vmx-preemption-timer',
      'vmx-posted-intr', 'vmx-exit-nosave-debugctl', 'vmx-exit-load-perf-global-ctrl', 'vmx-exit-ack-intr',
      'vmx-exit-save-pat', 'vmx-exit-load-pat', 'vmx-exit-save-efer', 'vmx-exit-load-efer',
      'vmx-exit-save-preemption-timer', 'vmx-entry-noload-debugctl', 'vmx-entry-ia32e-mode',
      'vmx-entry-load-perf-global-ctrl', 'vmx-entry-load-pat', 'vmx-entry-load-efer', 'vmx-store-lma',
      'vmx-activity-hlt', 'vmx-vmwrite-vmexit-fields', 'vmx-ept-execonly', 'vmx-page-walk-4', 'vmx-ept-2mb',
      'vmx-ept-1gb', 'vmx-invept', 'vmx-eptad', 'vmx-invept-single-context', 'vmx-invept-all-context',
      'vmx-invvpid', 'vmx-invvpid-single-addr', 'vmx-invvpid-all-context',
      'vmx-invept-single-context-noglobals', 'vmx-ins-outs', 'vmx-true-ctls',
    ],
    versions: [
      { version: 1 },
      { version: 2, props: { 'arch-capabilities': true, 'rdctl-no': true, 'ibrs-all': true, 'skip-l1dfl-vmentry': true, 'mds-no': true }, note: 'ARCH_CAPABILITIES' },
      { version: 3, alias: 'Cascadelake-Server-noTSX', props: { 'hle': false, 'rtm': false }, note: 'ARCH_CAPABILITIES, no TSX' },
      { version: 4, props: { 'vmx-eptp-switching': true }, note: 'ARCH_CAPABILITIES, EPT switching, no TSX' },
      { version: 5, props: { 'xsaves': true, 'vmx-xsaves': true }, note: 'ARCH_CAPABILITIES, EPT switching, XSAVES, no TSX' },
    ],
  },
  {
    name: 'Cooperlake', vendor: 'GenuineIntel', family: 6, model: 85, stepping: 10,
    modelId: 'Intel Xeon Processor (Cooperlake)',
    level: 0xd, xlevel: 0x80000008,
    features: [
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'ssse3', 'fma',
      'cx16', 'pcid', 'sse4.1', 'sse4.2', 'x2apic', 'movbe', 'popcnt', 'tsc-deadline', 'aes', 'xsave', 'avx',
      'f16c', 'rdrand', 'fsgsbase', 'bmi1', 'hle', 'avx2', 'smep', 'bmi2', 'erms', 'invpcid', 'rtm',
      'avx512f', 'avx512dq', 'rdseed', 'adx', 'smap', 'clflushopt', 'clwb', 'avx512cd', 'avx512bw',
      'avx512vl', 'pku', 'avx512vnni', 'spec-ctrl', 'stibp', 'arch-capabilities', 'ssbd', 'avx512-bf16',
      'syscall', 'nx', 'pdpe1gb', 'rdtscp', 'lm', 'lahf-lm', 'abm', '3dnowprefetch', 'xsaveopt', 'xsavec',
      'xgetbv1', 'arat', 'rdctl-no', 'ibrs-all', 'skip-l1dfl-vmentry', 'mds-no', 'pschange-mc-no', 'taa-no',
      'vmx-vintr-pending', 'vmx-tsc-offset', 'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit',
      'vmx-rdpmc-exit', 'vmx-rdtsc-exit', 'vmx-cr3-load-noexit', 'vmx-cr3-store-noexit', 'vmx-cr8-load-exit',
      'vmx-cr8-store-exit', 'vmx-flexpriority', 'vmx-vnmi-pending', 'vmx-movdr-exit', 'vmx-io-exit',
      'vmx-io-bitmap', 'vmx-mtf', 'vmx-msr-bitmap', 'vmx-monitor-exit', 'vmx-pause-exit',
      'vmx-secondary-ctls', 'vmx-apicv-xapic', 'vmx-ept', 'vmx-desc-exit', 'vmx-rdtscp-exit',
      'vmx-apicv-x2apic', 'vmx-vpid', 'vmx-wbinvd-exit', 'vmx-unrestricted-guest', 'vmx-apicv-register',
      'vmx-apicv-vid', 'vmx-rdrand-exit', 'vmx-invpcid-exit', 'vmx-vmfunc', 'vmx-shadow-vmcs',
      'vmx-rdseed-exit', 'vmx-pml', 'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-vnmi', 'vmx-preemption-timer',
      'vmx-posted-intr', 'vmx-exit-nosave-debugctl', 'vmx-exit-load-perf-global-ctrl', 'vmx-exit-ack-intr',
      'vmx-exit-save-pat', 'vmx-exit-load-pat', 'vmx-exit-save-efer', 'vmx-exit-load-efer',
      'vmx-exit-save-preemption-timer', 'vmx-entry-noload-debugctl', 'vmx-entry-ia32e-mode',
      'vmx-entry-load-perf-global-ctrl', 'vmx-entry-load-pat', 'vmx-entry-load-efer', 'vmx-store-lma',
      'vmx-activity-hlt', 'vmx-vmwrite-vmexit-fields', 'vmx-ept-execonly', 'vmx-page-walk-4', 'vmx-ept-2mb',
      'vmx-ept-1gb', 'vmx-invept', 'vmx-eptad', 'vmx-invept-single-context', 'vmx-invept-all-context',
      'vmx-invvpid', 'vmx-invvpid-single-addr', 'vmx-invvpid-all-context',
      'vmx-invept-single-context-noglobals', 'vmx-ins-outs', 'vmx-true-ctls', 'vmx-eptp-switching',
    ],
    versions: [
      { version: 1 },
      { version: 2, props: { 'xsaves': true, 'vmx-xsaves': true }, note: 'XSAVES' },
    ],
  },
  {
    name: 'Icelake-Server', vendor: 'GenuineIntel', family: 6, model: 134, stepping: 0,
    modelId: 'Intel Xeon Processor (Icelake)',
    level: 0xd, xlevel: 0x80000008,
    features: [
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'ssse3', 'fma',
      'cx16', 'pcid', 'sse4.1', 'sse4.2', 'x2apic', 'movbe', 'popcnt', 'tsc-deadline', 'aes', 'xsave', 'avx',
      'f16c', 'rdrand', 'fsgsbase', 'bmi1', 'hle', 'avx2', 'smep', 'bmi2', 'erms', 'invpcid', 'rtm',
      'avx512f', 'avx512dq', 'rdseed', 'adx', 'smap', 'clflushopt', 'clwb', 'avx512cd', 'avx512bw',
      'avx512vl', 'avx512vbmi', 'umip', 'pku', 'avx512vbmi2', 'gfni', 'vaes', 'vpclmulqdq', 'avx512vnni',
      'avx512bitalg', 'avx512-vpopcntdq', 'la57', 'spec-ctrl', 'ssbd', 'syscall', 'nx', 'pdpe1gb', 'rdtscp',
      'lm', 'lahf-lm', 'abm', '3dnowprefetch', 'wbnoinvd', 'xsaveopt', 'xsavec', 'xgetbv1', 'arat',
      'vmx-vintr-pending', 'vmx-tsc-offset', 'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit',
      'vmx-rdpmc-exit', 'vmx-rdtsc-exit', 'vmx-cr3-load-noexit', 'vmx-cr3-store-noexit', 'vmx-cr8-load-exit',
      'vmx-cr8-store-exit', 'vmx-flexpriority', 'vmx-vnmi-pending', 'vmx-movdr-exit', 'vmx-io-exit',
      'vmx-io-bitmap', 'vmx-mtf', 'vmx-msr-bitmap', 'vmx-monitor-exit', 'vmx-pause-exit',
      'vmx-secondary-ctls', 'vmx-apicv-xapic', 'vmx-ept', 'vmx-desc-exit', 'vmx-rdtscp-exit',
      'vmx-apicv-x2apic', 'vmx-vpid', 'vmx-wbinvd-exit', 'vmx-unrestricted-guest', 'vmx-apicv-register',
      'vmx-apicv-vid', 'vmx-rdrand-exit', 'vmx-invpcid-exit', 'vmx-vmfunc', 'vmx-shadow-vmcs',
      'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-vnmi', 'vmx-preemption-timer', 'vmx-posted-intr',
      'vmx-exit-nosave-debugctl', 'vmx-exit-load-perf-global-ctrl', 'vmx-exit-ack-intr', 'vmx-exit-save-pat',
      'vmx-exit-load-pat', 'vmx-exit-save-efer', 'vmx-exit-load-efer', 'vmx-exit-save-preemption-timer',
      'vmx-entry-noload-debugctl', 'vmx-entry-ia32e-mode', 'vmx-entry-load-perf-global-ctrl',
      'vmx-entry-load-pat', 'vmx-entry-load-efer', 'vmx-store-lma', 'vmx-activity-hlt',
      'vmx-vmwrite-vmexit-fields', 'vmx-ept-execonly', 'vmx-page-walk-4', 'vmx-ept-2mb', 'vmx-ept-1gb',
      'vmx-invept', 'vmx-eptad', 'vmx-invept-single-context', 'vmx-invept-all-context', 'vmx-invvpid',
      'vmx-invvpid-single-addr', 'vmx-invvpid-all-context', 'vmx-invept-single-context-noglobals',
      'vmx-ins-outs', 'vmx-true-ctls',
    ],
    versions: [
      { version: 1 },
      { version: 2, alias: 'Icelake-Server-noTSX', props: { 'hle': false, 'rtm': false }, note: 'no TSX' },
      { version: 3, props: { 'arch-capabilities': true, 'rdctl-no': true, 'ibrs-all': true, 'skip-l1dfl-vmentry': true, 'mds-no': true, 'pschange-mc-no': true, 'taa-no': true } },
      { version: 4, props: { 'sha-ni': true, 'avx512ifma': true, 'rdpid': true, 'fsrm': true, 'vmx-rdseed-exit': true, 'vmx-pml': true, 'vmx-eptp-switching': true, 'model': 106 } },
      { version: 5, props: { 'xsaves': true, 'vmx-xsaves': true }, note: 'XSAVES' },
      { version: 6, props: { 'vmx-page-walk-5': true }, note: '5-level EPT' },
      { version: 7, props: { 'hle': true, 'rtm': true }, note: 'TSX, taa-no', since: '8.1' },
    ],
  },
  {
    name: 'SapphireRapids', vendor: 'GenuineIntel', family: 6, model: 143, stepping: 4,
    modelId: 'Intel Xeon Processor (SapphireRapids)',
    level: 0x20, xlevel: 0x80000008,
    since: '8.0',
    features: [
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'ssse3', 'fma',
      'cx16', 'pcid', 'sse4.1', 'sse4.2', 'x2apic', 'movbe', 'popcnt', 'tsc-deadline', 'aes', 'xsave', 'avx',
      'f16c', 'rdrand', 'fsgsbase', 'bmi1', 'hle', 'avx2', 'smep', 'bmi2', 'erms', 'invpcid', 'rtm',
      'avx512f', 'avx512dq', 'rdseed', 'adx', 'smap', 'avx512ifma', 'clflushopt', 'clwb', 'avx512cd',
      'sha-ni', 'avx512bw', 'avx512vl', 'avx512vbmi', 'umip', 'pku', 'avx512vbmi2', 'gfni', 'vaes',
      'vpclmulqdq', 'avx512vnni', 'avx512bitalg', 'avx512-vpopcntdq', 'la57', 'rdpid', 'bus-lock-detect',
      'fsrm', 'serialize', 'tsx-ldtrk', 'amx-bf16', 'avx512-fp16', 'amx-tile', 'amx-int8', 'spec-ctrl',
      'arch-capabilities', 'ssbd', 'avx-vnni', 'avx512-bf16', 'fzrm', 'fsrs', 'fsrc', 'syscall', 'nx',
      'pdpe1gb', 'rdtscp', 'lm', 'lahf-lm', 'abm', '3dnowprefetch', 'wbnoinvd', 'xsaveopt', 'xsavec',
      'xgetbv1', 'xsaves', 'xfd', 'arat', 'rdctl-no', 'ibrs-all', 'skip-l1dfl-vmentry', 'mds-no',
      'pschange-mc-no', 'taa-no', 'vmx-vintr-pending', 'vmx-tsc-offset', 'vmx-hlt-exit', 'vmx-invlpg-exit',
      'vmx-mwait-exit', 'vmx-rdpmc-exit', 'vmx-rdtsc-exit', 'vmx-cr3-load-noexit', 'vmx-cr3-store-noexit',
      'vmx-cr8-load-exit', 'vmx-cr8-store-exit', 'vmx-flexpriority', 'vmx-vnmi-pending', 'vmx-movdr-exit',
      'vmx-io-exit', 'vmx-io-bitmap', 'vmx-mtf', 'vmx-msr-bitmap', 'vmx-monitor-exit', 'vmx-pause-exit',
      'vmx-secondary-ctls', 'vmx-apicv-xapic', 'vmx-ept', 'vmx-desc-exit', 'vmx-rdtscp-exit',
      'vmx-apicv-x2apic', 'vmx-vpid', 'vmx-wbinvd-exit', 'vmx-unrestricted-guest', 'vmx-apicv-register',
      'vmx-apicv-vid', 'vmx-rdrand-exit', 'vmx-invpcid-exit', 'vmx-vmfunc', 'vmx-shadow-vmcs',
      'vmx-rdseed-exit', 'vmx-pml', 'vmx-xsaves', 'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-vnmi',
      'vmx-preemption-timer', 'vmx-posted-intr', 'vmx-exit-nosave-debugctl',
      'vmx-exit-load-perf-global-ctrl', 'vmx-exit-ack-intr', 'vmx-exit-save-pat', 'vmx-exit-load-pat',
      'vmx-exit-save-efer', 'vmx-exit-load-efer', 'vmx-exit-save-preemption-timer',
      'vmx-entry-noload-debugctl', 'vmx-entry-ia32e-mode', 'vmx-entry-load-perf-global-ctrl',
      'vmx-entry-load-pat', 'vmx-entry-load-efer', 'vmx-store-lma', 'vmx-activity-hlt',
      'vmx-vmwrite-vmexit-fields', 'vmx-ept-execonly', 'vmx-page-walk-4', 'vmx-page-walk-5', 'vmx-ept-2mb',
      'vmx-ept-1gb', 'vmx-invept', 'vmx-eptad', 'vmx-invept-single-context', 'vmx-invept-all-context',
      'vmx-invvpid', 'vmx-invvpid-single-addr', 'vmx-invvpid-all-context',
      'vmx-invept-single-context-noglobals', 'vmx-ins-outs', 'vmx-true-ctls', 'vmx-eptp-switching',
    ],
    versions: [
      { version: 1, since: '8.0' },
      { version: 2, props: { 'sbdr-ssdp-no': true, 'fbsdp-no': true, 'psdp-no': true }, since: '8.1' },
      { version: 3, props: { 'ss': true, 'tsc-adjust': true, 'cldemote': true, 'movdiri': true, 'movdir64b': true }, since: '9.1' },
      { version: 4, props: { 'x-force-cpuid-0x1f': 'on' }, note: 'with spr-sp cache model and 0x1f leaf', since: '10.1' },
    ],
  },
  {
    name: 'GraniteRapids', vendor: 'GenuineIntel', family: 6, model: 173, stepping: 0,
    modelId: 'Intel Xeon Processor (GraniteRapids)',
    level: 0x20, xlevel: 0x80000008,
    since: '8.2',
    features: [
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'ssse3', 'fma',
      'cx16', 'pcid', 'sse4.1', 'sse4.2', 'x2apic', 'movbe', 'popcnt', 'tsc-deadline', 'aes', 'xsave', 'avx',
      'f16c', 'rdrand', 'fsgsbase', 'bmi1', 'hle', 'avx2', 'smep', 'bmi2', 'erms', 'invpcid', 'rtm',
      'avx512f', 'avx512dq', 'rdseed', 'adx', 'smap', 'avx512ifma', 'clflushopt', 'clwb', 'avx512cd',
      'sha-ni', 'avx512bw', 'avx512vl', 'avx512vbmi', 'umip', 'pku', 'avx512vbmi2', 'gfni', 'vaes',
      'vpclmulqdq', 'avx512vnni', 'avx512bitalg', 'avx512-vpopcntdq', 'la57', 'rdpid', 'bus-lock-detect',
      'fsrm', 'serialize', 'tsx-ldtrk', 'amx-bf16', 'avx512-fp16', 'amx-tile', 'amx-int8', 'spec-ctrl',
      'arch-capabilities', 'ssbd', 'avx-vnni', 'avx512-bf16', 'fzrm', 'fsrs', 'fsrc', 'amx-fp16', 'syscall',
      'nx', 'pdpe1gb', 'rdtscp', 'lm', 'lahf-lm', 'abm', '3dnowprefetch', 'wbnoinvd', 'xsaveopt', 'xsavec',
      'xgetbv1', 'xsaves', 'xfd', 'arat', 'rdctl-no', 'ibrs-all', 'skip-l1dfl-vmentry', 'mds-no',
      'pschange-mc-no', 'taa-no', 'sbdr-ssdp-no', 'fbsdp-no', 'psdp-no', 'pbrsb-no', 'vmx-vintr-pending',
      'vmx-tsc-offset', 'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit', 'vmx-rdpmc-exit',
      'vmx-rdtsc-exit', 'vmx-cr3-load-noexit', 'vmx-cr3-store-noexit', 'vmx-cr8-load-exit',
      'vmx-cr8-store-exit', 'vmx-flexpriority', 'vmx-vnmi-pending', 'vmx-movdr-exit', 'vmx-io-exit',
      'vmx-io-bitmap', 'vmx-mtf', 'vmx-msr-bitmap', 'vmx-monitor-exit', 'vmx-pause-exit',
      'vmx-secondary-ctls', 'vmx-apicv-xapic', 'vmx-ept', 'vmx-desc-exit', 'vmx-rdtscp-exit',
      'vmx-apicv-x2apic', 'vmx-vpid', 'vmx-wbinvd-exit', 'vmx-unrestricted-guest', 'vmx-apicv-register',
      'vmx-apicv-vid', 'vmx-rdrand-exit', 'vmx-invpcid-exit', 'vmx-vmfunc', 'vmx-shadow-vmcs',
      'vmx-rdseed-exit', 'vmx-pml', 'vmx-xsaves', 'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-vnmi',
      'vmx-preemption-timer', 'vmx-posted-intr', 'vmx-exit-nosave-debugctl',
      'vmx-exit-load-perf-global-ctrl', 'vmx-exit-ack-intr', 'vmx-exit-save-pat', 'vmx-exit-load-pat',
      'vmx-exit-save-efer', 'vmx-exit-load-efer', 'vmx-exit-save-preemption-timer',
      'vmx-entry-noload-debugctl', 'vmx-entry-ia32e-mode', 'vmx-entry-load-perf-global-ctrl',
      'vmx-entry-load-pat', 'vmx-entry-load-efer', 'vmx-store-lma', 'vmx-activity-hlt',
      'vmx-vmwrite-vmexit-fields', 'vmx-ept-execonly', 'vmx-page-walk-4', 'vmx-page-walk-5', 'vmx-ept-2mb',
      'vmx-ept-1gb', 'vmx-invept', 'vmx-eptad', 'vmx-invept-single-context', 'vmx-invept-all-context',
      'vmx-invvpid', 'vmx-invvpid-single-addr', 'vmx-invvpid-all-context',
      'vmx-invept-single-context-noglobals', 'vmx-ins-outs', 'vmx-true-ctls', 'vmx-eptp-switching',
      'prefetchiti', 'mcdt-no',
    ],
    versions: [
      { version: 1, since: '8.2' },
      { version: 2, props: { 'ss': true, 'tsc-adjust': true, 'cldemote': true, 'movdiri': true, 'movdir64b': true, 'avx10': true, 'avx10-128': true, 'avx10-256': true, 'avx10-512': true, 'avx10-version': 1, 'stepping': 1 }, since: '9.1' },
      { version: 3, props: { 'x-force-cpuid-0x1f': 'on' }, note: 'with gnr-sp cache model and 0x1f leaf', since: '10.1' },
    ],
  },
  {
    name: 'SierraForest', vendor: 'GenuineIntel', family: 6, model: 175, stepping: 0,
    modelId: 'Intel Xeon Processor (SierraForest)',
    level: 0x23, xlevel: 0x80000008,
    since: '9.0',
    features: [
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'ssse3', 'fma',
      'cx16', 'pcid', 'sse4.1', 'sse4.2', 'x2apic', 'movbe', 'popcnt', 'tsc-deadline', 'aes', 'xsave', 'avx',
      'f16c', 'rdrand', 'fsgsbase', 'bmi1', 'avx2', 'smep', 'bmi2', 'erms', 'invpcid', 'rdseed', 'adx',
      'smap', 'clflushopt', 'clwb', 'sha-ni', 'umip', 'pku', 'gfni', 'vaes', 'vpclmulqdq', 'rdpid',
      'bus-lock-detect', 'fsrm', 'serialize', 'spec-ctrl', 'arch-capabilities', 'ssbd', 'avx-vnni',
      'cmpccxadd', 'fsrs', 'avx-ifma', 'syscall', 'nx', 'pdpe1gb', 'rdtscp', 'lm', 'lahf-lm', 'abm',
      '3dnowprefetch', 'wbnoinvd', 'xsaveopt', 'xsavec', 'xgetbv1', 'xsaves', 'arat', 'rdctl-no', 'ibrs-all',
      'skip-l1dfl-vmentry', 'mds-no', 'pschange-mc-no', 'sbdr-ssdp-no', 'fbsdp-no', 'psdp-no', 'pbrsb-no',
      'vmx-vintr-pending', 'vmx-tsc-offset', 'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit',
      'vmx-rdpmc-exit', 'vmx-rdtsc-exit', 'vmx-cr3-load-noexit', 'vmx-cr3-store-noexit', 'vmx-cr8-load-exit',
      'vmx-cr8-store-exit', 'vmx-flexpriority', 'vmx-vnmi-pending', 'vmx-movdr-exit', 'vmx-io-exit',
      'vmx-io-bitmap', 'vmx-mtf', 'vmx-msr-bitmap', 'vmx-monitor-exit', 'vmx-pause-exit',
      'vmx-secondary-ctls', 'vmx-apicv-xapic', 'vmx-ept', 'vmx-desc-exit', 'vmx-rdtscp-exit',
      'vmx-apicv-x2apic', 'vmx-vpid', 'vmx-wbinvd-exit', 'vmx-unrestricted-guest', 'vmx-apicv-register',
      'vmx-apicv-vid', 'vmx-rdrand-exit', 'vmx-invpcid-exit', 'vmx-vmfunc', 'vmx-shadow-vmcs',
      'vmx-rdseed-exit', 'vmx-pml', 'vmx-xsaves', 'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-vnmi',
      'vmx-preemption-timer', 'vmx-posted-intr', 'vmx-exit-nosave-debugctl',
      'vmx-exit-load-perf-global-ctrl', 'vmx-exit-ack-intr', 'vmx-exit-save-pat', 'vmx-exit-load-pat',
      'vmx-exit-save-efer', 'vmx-exit-load-efer', 'vmx-exit-save-preemption-timer',
      'vmx-entry-noload-debugctl', 'vmx-entry-ia32e-mode', 'vmx-entry-load-perf-global-ctrl',
      'vmx-entry-load-pat', 'vmx-entry-load-efer', 'vmx-store-lma', 'vmx-activity-hlt',
      'vmx-vmwrite-vmexit-fields', 'vmx-ept-execonly', 'vmx-page-walk-4', 'vmx-ept-2mb', 'vmx-ept-1gb',
      'vmx-invept', 'vmx-eptad', 'vmx-invept-single-context', 'vmx-invept-all-context', 'vmx-invvpid',
      'vmx-invvpid-single-addr', 'vmx-invvpid-all-context', 'vmx-invept-single-context-noglobals',
      'vmx-ins-outs', 'vmx-true-ctls', 'vmx-eptp-switching', 'avx-vnni-int8', 'avx-ne-convert', 'mcdt-no',
    ],
    versions: [
      { version: 1, since: '9.0' },
      { version: 2, props: { 'ss': true, 'tsc-adjust': true, 'cldemote': true, 'movdiri': true, 'movdir64b': true, 'gds-no': true, 'rfds-no': true, 'lam': true, 'intel-psfd': true, 'ipred-ctrl': true, 'rrsba-ctrl': true, 'bhi-ctrl': true, 'stepping': 3 }, since: '9.2' },
      { version: 3, props: { 'x-force-cpuid-0x1f': 'on' }, note: 'with srf-sp cache model and 0x1f leaf', since: '10.1' },
    ],
  },
  {
    name: 'ClearwaterForest', vendor: 'GenuineIntel', family: 6, model: 221, stepping: 0,
    modelId: 'Intel Xeon Processor (ClearwaterForest)',
    level: 0x23, xlevel: 0x80000008,
    since: '10.0',
    features: [
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'ss', 'pni', 'pclmulqdq', 'ssse3',
      'fma', 'cx16', 'pcid', 'sse4.1', 'sse4.2', 'x2apic', 'movbe', 'popcnt', 'tsc-deadline', 'aes', 'xsave',
      'avx', 'f16c', 'rdrand', 'fsgsbase', 'tsc-adjust', 'bmi1', 'avx2', 'smep', 'bmi2', 'erms', 'invpcid',
      'rdseed', 'adx', 'smap', 'clflushopt', 'clwb', 'sha-ni', 'umip', 'pku', 'gfni', 'vaes', 'vpclmulqdq',
      'rdpid', 'bus-lock-detect', 'cldemote', 'movdiri', 'movdir64b', 'fsrm', 'serialize', 'spec-ctrl',
      'arch-capabilities', 'ssbd', 'sha512', 'sm3', 'sm4', 'avx-vnni', 'cmpccxadd', 'fsrs', 'avx-ifma',
      'lam', 'syscall', 'nx', 'pdpe1gb', 'rdtscp', 'lm', 'lahf-lm', 'abm', '3dnowprefetch', 'wbnoinvd',
      'xsaveopt', 'xsavec', 'xgetbv1', 'xsaves', 'arat', 'rdctl-no', 'ibrs-all', 'skip-l1dfl-vmentry',
      'mds-no', 'pschange-mc-no', 'sbdr-ssdp-no', 'fbsdp-no', 'psdp-no', 'bhi-no', 'pbrsb-no', 'gds-no',
      'rfds-no', 'vmx-vintr-pending', 'vmx-tsc-offset', 'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit',
      'vmx-rdpmc-exit', 'vmx-rdtsc-exit', 'vmx-cr3-load-noexit', 'vmx-cr3-store-noexit', 'vmx-cr8-load-exit',
      'vmx-cr8-store-exit', 'vmx-flexpriority', 'vmx-vnmi-pending', 'vmx-movdr-exit', 'vmx-io-exit',
      'vmx-io-bitmap', 'vmx-mtf', 'vmx-msr-bitmap', 'vmx-monitor-exit', 'vmx-pause-exit',
      'vmx-secondary-ctls', 'vmx-apicv-xapic', 'vmx-ept', 'vmx-desc-exit', 'vmx-rdtscp-exit',
      'vmx-apicv-x2apic', 'vmx-vpid', 'vmx-wbinvd-exit', 'vmx-unrestricted-guest', 'vmx-apicv-register',
      'vmx-apicv-vid', 'vmx-rdrand-exit', 'vmx-invpcid-exit', 'vmx-vmfunc', 'vmx-shadow-vmcs',
      'vmx-rdseed-exit', 'vmx-pml', 'vmx-xsaves', 'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-vnmi',
      'vmx-preemption-timer', 'vmx-posted-intr', 'vmx-exit-nosave-debugctl',
      'vmx-exit-load-perf-global-ctrl', 'vmx-exit-ack-intr', 'vmx-exit-save-pat', 'vmx-exit-load-pat',
      'vmx-exit-save-efer', 'vmx-exit-load-efer', 'vmx-exit-save-preemption-timer',
      'vmx-entry-noload-debugctl', 'vmx-entry-ia32e-mode', 'vmx-entry-load-perf-global-ctrl',
      'vmx-entry-load-pat', 'vmx-entry-load-efer', 'vmx-store-lma', 'vmx-activity-hlt',
      'vmx-vmwrite-vmexit-fields', 'vmx-ept-execonly', 'vmx-page-walk-4', 'vmx-ept-2mb', 'vmx-ept-1gb',
      'vmx-invept', 'vmx-eptad', 'vmx-invept-single-context', 'vmx-invept-all-context', 'vmx-invvpid',
      'vmx-invvpid-single-addr', 'vmx-invvpid-all-context', 'vmx-invept-single-context-noglobals',
      'vmx-ins-outs', 'vmx-true-ctls', 'vmx-eptp-switching', 'avx-vnni-int8', 'avx-ne-convert',
      'avx-vnni-int16', 'prefetchiti', 'intel-psfd', 'ipred-ctrl', 'rrsba-ctrl', 'ddpd-u', 'bhi-ctrl',
      'mcdt-no',
    ],
    versions: [
      { version: 1, since: '10.0' },
    ],
  },
  {
    name: 'Denverton', vendor: 'GenuineIntel', family: 6, model: 95, stepping: 1,
    modelId: 'Intel Atom Processor (Denverton)',
    level: 0x15, xlevel: 0x80000008,
    features: [
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'monitor',
      'ssse3', 'cx16', 'sse4.1', 'sse4.2', 'x2apic', 'movbe', 'popcnt', 'tsc-deadline', 'aes', 'xsave',
      'rdrand', 'fsgsbase', 'smep', 'erms', 'mpx', 'rdseed', 'smap', 'clflushopt', 'sha-ni', 'spec-ctrl',
      'arch-capabilities', 'ssbd', 'syscall', 'nx', 'pdpe1gb', 'rdtscp', 'lm', 'lahf-lm', '3dnowprefetch',
      'xsaveopt', 'xsavec', 'xgetbv1', 'arat', 'rdctl-no', 'skip-l1dfl-vmentry', 'vmx-vintr-pending',
      'vmx-tsc-offset', 'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit', 'vmx-rdpmc-exit',
      'vmx-rdtsc-exit', 'vmx-cr3-load-noexit', 'vmx-cr3-store-noexit', 'vmx-cr8-load-exit',
      'vmx-cr8-store-exit', 'vmx-flexpriority', 'vmx-vnmi-pending', 'vmx-movdr-exit', 'vmx-io-exit',
      'vmx-io-bitmap', 'vmx-mtf', 'vmx-msr-bitmap', 'vmx-monitor-exit', 'vmx-pause-exit',
      'vmx-secondary-ctls', 'vmx-apicv-xapic', 'vmx-ept', 'vmx-desc-exit', 'vmx-rdtscp-exit',
      'vmx-apicv-x2apic', 'vmx-vpid', 'vmx-wbinvd-exit', 'vmx-unrestricted-guest', 'vmx-apicv-register',
      'vmx-apicv-vid', 'vmx-rdrand-exit', 'vmx-vmfunc', 'vmx-shadow-vmcs', 'vmx-rdseed-exit', 'vmx-pml',
      'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-vnmi', 'vmx-preemption-timer', 'vmx-posted-intr',
      'vmx-exit-nosave-debugctl', 'vmx-exit-load-perf-global-ctrl', 'vmx-exit-ack-intr', 'vmx-exit-save-pat',
      'vmx-exit-load-pat', 'vmx-exit-save-efer', 'vmx-exit-load-efer', 'vmx-exit-save-preemption-timer',
      'vmx-entry-noload-debugctl', 'vmx-entry-ia32e-mode', 'vmx-entry-load-perf-global-ctrl',
      'vmx-entry-load-pat', 'vmx-entry-load-efer', 'vmx-store-lma', 'vmx-activity-hlt',
      'vmx-vmwrite-vmexit-fields', 'vmx-ept-execonly', 'vmx-page-walk-4', 'vmx-ept-2mb', 'vmx-ept-1gb',
      'vmx-invept', 'vmx-eptad', 'vmx-invept-single-context', 'vmx-invept-all-context', 'vmx-invvpid',
      'vmx-invvpid-single-addr', 'vmx-invvpid-all-context', 'vmx-invept-single-context-noglobals',
      'vmx-ins-outs', 'vmx-true-ctls', 'vmx-eptp-switching',
    ],
    versions: [
      { version: 1 },
      { version: 2, props: { 'monitor': false, 'mpx': false }, note: 'no MPX, no MONITOR' },
      { version: 3, props: { 'xsaves': true, 'vmx-xsaves': true }, note: 'XSAVES, no MPX, no MONITOR' },
    ],
  },
  {
    name: 'Snowridge', vendor: 'GenuineIntel', family: 6, model: 134, stepping: 1,
    modelId: 'Intel Atom Processor (SnowRidge)',
    level: 0x1b, xlevel: 0x80000008,
    features: [
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'monitor',
      'ssse3', 'cx16', 'sse4.1', 'sse4.2', 'x2apic', 'movbe', 'popcnt', 'tsc-deadline', 'aes', 'xsave',
      'rdrand', 'fsgsbase', 'smep', 'erms', 'mpx', 'rdseed', 'smap', 'clflushopt', 'clwb', 'sha-ni', 'umip',
      'gfni', 'cldemote', 'movdiri', 'movdir64b', 'spec-ctrl', 'arch-capabilities', 'core-capability',
      'ssbd', 'syscall', 'nx', 'pdpe1gb', 'rdtscp', 'lm', 'lahf-lm', '3dnowprefetch', 'xsaveopt', 'xsavec',
      'xgetbv1', 'arat', 'split-lock-detect', 'vmx-vintr-pending', 'vmx-tsc-offset', 'vmx-hlt-exit',
      'vmx-invlpg-exit', 'vmx-mwait-exit', 'vmx-rdpmc-exit', 'vmx-rdtsc-exit', 'vmx-cr3-load-noexit',
      'vmx-cr3-store-noexit', 'vmx-cr8-load-exit', 'vmx-cr8-store-exit', 'vmx-flexpriority',
      'vmx-vnmi-pending', 'vmx-movdr-exit', 'vmx-io-exit', 'vmx-io-bitmap', 'vmx-mtf', 'vmx-msr-bitmap',
      'vmx-monitor-exit', 'vmx-pause-exit', 'vmx-secondary-ctls', 'vmx-apicv-xapic', 'vmx-ept',
      'vmx-desc-exit', 'vmx-rdtscp-exit', 'vmx-apicv-x2apic', 'vmx-vpid', 'vmx-wbinvd-exit',
      'vmx-unrestricted-guest', 'vmx-apicv-register', 'vmx-apicv-vid', 'vmx-rdrand-exit', 'vmx-vmfunc',
      'vmx-shadow-vmcs', 'vmx-rdseed-exit', 'vmx-pml', 'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-vnmi',
      'vmx-preemption-timer', 'vmx-posted-intr', 'vmx-exit-nosave-debugctl',
      'vmx-exit-load-perf-global-ctrl', 'vmx-exit-ack-intr', 'vmx-exit-save-pat', 'vmx-exit-load-pat',
      'vmx-exit-save-efer', 'vmx-exit-load-efer', 'vmx-exit-save-preemption-timer',
      'vmx-entry-noload-debugctl', 'vmx-entry-ia32e-mode', 'vmx-entry-load-perf-global-ctrl',
      'vmx-entry-load-pat', 'vmx-entry-load-efer', 'vmx-store-lma', 'vmx-activity-hlt',
      'vmx-vmwrite-vmexit-fields', 'vmx-ept-execonly', 'vmx-page-walk-4', 'vmx-ept-2mb', 'vmx-ept-1gb',
      'vmx-invept', 'vmx-eptad', 'vmx-invept-single-context', 'vmx-invept-all-context', 'vmx-invvpid',
      'vmx-invvpid-single-addr', 'vmx-invvpid-all-context', 'vmx-invept-single-context-noglobals',
      'vmx-ins-outs', 'vmx-true-ctls', 'vmx-eptp-switching',
    ],
    versions: [
      { version: 1 },
      { version: 2, props: { 'mpx': false, 'model-id': 'Intel Atom Processor (Snowridge, no MPX)' } },
      { version: 3, props: { 'xsaves': true, 'vmx-xsaves': true }, note: 'XSAVES, no MPX' },
      { version: 4, props: { 'split-lock-detect': false, 'core-capability': false }, note: 'no split lock detect, no core-capability' },
    ],
  },
  {
    name: 'KnightsMill', vendor: 'GenuineIntel', family: 6, model: 133, stepping: 0,
    modelId: 'Intel Xeon Phi Processor (Knights Mill)',
    level: 0xd, xlevel: 0x80000008,
    features: [
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'ss', 'pni', 'pclmulqdq', 'ssse3',
      'fma', 'cx16', 'sse4.1', 'sse4.2', 'x2apic', 'movbe', 'popcnt', 'tsc-deadline', 'aes', 'xsave', 'avx',
      'f16c', 'rdrand', 'fsgsbase', 'bmi1', 'avx2', 'smep', 'bmi2', 'erms', 'avx512f', 'rdseed', 'adx',
      'avx512pf', 'avx512er', 'avx512cd', 'avx512-vpopcntdq', 'avx512-4vnniw', 'avx512-4fmaps', 'syscall',
      'nx', 'pdpe1gb', 'rdtscp', 'lm', 'lahf-lm', 'abm', '3dnowprefetch', 'xsaveopt', 'arat',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'syscall', 'nx', 'lm',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'cx16', 'syscall', 'nx', 'lm',
      'lahf-lm', 'svm',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'monitor', 'cx16', 'popcnt',
      'syscall', 'nx', 'rdtscp', 'lm', 'lahf-lm', 'svm', 'abm', 'sse4a', 'misalignsse',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'ssse3', 'cx16',
      'sse4.1', 'sse4.2', 'popcnt', 'aes', 'xsave', 'avx', 'syscall', 'nx', 'pdpe1gb', 'rdtscp', 'lm',
      'lahf-lm', 'svm', 'abm', 'sse4a', 'misalignsse', '3dnowprefetch', 'xop', 'fma4', 'npt', 'nrip-save',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'ssse3', 'fma',
      'cx16', 'sse4.1', 'sse4.2', 'popcnt', 'aes', 'xsave', 'avx', 'f16c', 'syscall', 'nx', 'pdpe1gb',
      'rdtscp', 'lm', 'lahf-lm', 'svm', 'abm', 'sse4a', 'misalignsse', '3dnowprefetch', 'xop', 'fma4', 'tbm',
      'npt', 'nrip-save',
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'monitor',
      'ssse3', 'fma', 'cx16', 'sse4.1', 'sse4.2', 'movbe', 'popcnt', 'aes', 'xsave', 'avx', 'f16c', 'rdrand',
      'fsgsbase', 'bmi1', 'avx2', 'smep', 'bmi2', 'rdseed', 'adx', 'smap', 'clflushopt', 'sha-ni', 'syscall',
      'nx', 'mmxext', 'fxsr-opt', 'pdpe1gb', 'rdtscp', 'lm', 'lahf-lm', 'svm', 'cr8legacy', 'abm', 'sse4a',
      'misalignsse', '3dnowprefetch', 'osvw', 'topoext', 'npt', 'nrip-save', 'xsaveopt', 'xsavec', 'xgetbv1',
      'arat',
    ],
    versions: [
      { version: 1 },
      { version: 2, alias: 'EPYC-IBPB', props: { 'ibpb': true, 'model-id': 'AMD EPYC Processor (with IBPB)' } },
      { version: 3, props: { 'ibpb': true, 'perfctr-core': true, 'clzero': true, 'xsaveerptr': true, 'xsaves': true, 'model-id': 'AMD EPYC Processor' } },
      { version: 4, props: { 'model-id': 'AMD EPYC-v4 Processor' }, since: '8.1' },
      { version: 5, props: { 'overflow-recov': true, 'succor': true, 'lbrv': true, 'tsc-scale': true, 'vmcb-clean': true, 'flushbyasid': true, 'pause-filter': true, 'pfthreshold': true, 'v-vmsave-vmload': true, 'vgif': true, 'model-id': 'AMD EPYC-v5 Processor' }, since: '10.1' },
    ],
  },
  {
    name: 'Dhyana', vendor: 'HygonGenuine', family: 24, model: 0, stepping: 1,
    modelId: 'Hygon Dhyana Processor',
    level: 0xd, xlevel: 0x8000001e,
    features: [
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'monitor', 'ssse3', 'fma',
      'cx16', 'sse4.1', 'sse4.2', 'movbe', 'popcnt', 'xsave', 'avx', 'f16c', 'rdrand', 'fsgsbase', 'bmi1',
      'avx2', 'smep', 'bmi2', 'rdseed', 'adx', 'smap', 'clflushopt', 'syscall', 'nx', 'mmxext', 'fxsr-opt',
      'pdpe1gb', 'rdtscp', 'lm', 'lahf-lm', 'svm', 'cr8legacy', 'abm', 'sse4a', 'misalignsse',
      '3dnowprefetch', 'osvw', 'topoext', 'ibpb', 'npt', 'nrip-save', 'xsaveopt', 'xsavec', 'xgetbv1',
      'arat',
    ],
    versions: [
      { version: 1 },
      { version: 2, props: { 'xsaves': true }, note: 'XSAVES' },
    ],
  },
  {
    name: 'EPYC-Rome', vendor: 'AuthenticAMD', family: 23, model: 49, stepping: 0,
    modelId: 'AMD EPYC-Rome Processor',
    level: 0xd, xlevel: 0x8000001e,
    features: [
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'monitor',
      'ssse3', 'fma', 'cx16', 'sse4.1', 'sse4.2', 'movbe', 'popcnt', 'aes', 'xsave', 'avx', 'f16c', 'rdrand',
      'fsgsbase', 'bmi1', 'avx2', 'smep', 'bmi2', 'rdseed', 'adx', 'smap', 'clflushopt', 'clwb', 'sha-ni',
      'umip', 'rdpid', 'syscall', 'nx', 'mmxext', 'fxsr-opt', 'pdpe1gb', 'rdtscp', 'lm', 'lahf-lm', 'svm',
      'cr8legacy', 'abm', 'sse4a', 'misalignsse', '3dnowprefetch', 'osvw', 'topoext', 'perfctr-core',
      'clzero', 'xsaveerptr', 'wbnoinvd', 'ibpb', 'amd-stibp', 'npt', 'nrip-save', 'xsaveopt', 'xsavec',
      'xgetbv1', 'xsaves', 'arat',
    ],
    versions: [
      { version: 1 },
      { version: 2, props: { 'ibrs': true, 'amd-ssbd': true } },
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'monitor',
      'ssse3', 'fma', 'cx16', 'pcid', 'sse4.1', 'sse4.2', 'movbe', 'popcnt', 'aes', 'xsave', 'avx', 'f16c',
      'rdrand', 'fsgsbase', 'bmi1', 'avx2', 'smep', 'bmi2', 'erms', 'invpcid', 'rdseed', 'adx', 'smap',
      'clflushopt', 'clwb', 'sha-ni', 'umip', 'pku', 'rdpid', 'fsrm', 'syscall', 'nx', 'mmxext', 'fxsr-opt',
      'pdpe1gb', 'rdtscp', 'lm', 'lahf-lm', 'svm', 'cr8legacy', 'abm', 'sse4a', 'misalignsse',
      '3dnowprefetch', 'osvw', 'topoext', 'perfctr-core', 'clzero', 'xsaveerptr', 'wbnoinvd', 'ibpb', 'ibrs',
      'amd-stibp', 'amd-ssbd', 'npt', 'nrip-save', 'svme-addr-chk', 'xsaveopt', 'xsavec', 'xgetbv1',
      'xsaves', 'arat',
    ],
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
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'monitor',
      'ssse3', 'fma', 'cx16', 'pcid', 'sse4.1', 'sse4.2', 'movbe', 'popcnt', 'aes', 'xsave', 'avx', 'f16c',
      'rdrand', 'fsgsbase', 'bmi1', 'avx2', 'smep', 'bmi2', 'erms', 'invpcid', 'avx512f', 'avx512dq',
      'rdseed', 'adx', 'smap', 'avx512ifma', 'clflushopt', 'clwb', 'avx512cd', 'sha-ni', 'avx512bw',
      'avx512vl', 'avx512vbmi', 'umip', 'pku', 'avx512vbmi2', 'gfni', 'vaes', 'vpclmulqdq', 'avx512vnni',
      'avx512bitalg', 'avx512-vpopcntdq', 'la57', 'rdpid', 'fsrm', 'avx512-bf16', 'syscall', 'nx', 'mmxext',
      'fxsr-opt', 'pdpe1gb', 'rdtscp', 'lm', 'lahf-lm', 'svm', 'cr8legacy', 'abm', 'sse4a', 'misalignsse',
      '3dnowprefetch', 'osvw', 'topoext', 'perfctr-core', 'clzero', 'xsaveerptr', 'wbnoinvd', 'ibpb', 'ibrs',
      'amd-stibp', 'stibp-always-on', 'amd-ssbd', 'amd-psfd', 'no-nested-data-bp',
      'lfence-always-serializing', 'null-sel-clr-base', 'auto-ibrs', 'npt', 'nrip-save', 'vnmi',
      'svme-addr-chk', 'xsaveopt', 'xsavec', 'xgetbv1', 'xsaves', 'arat',
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
    since: '9.1',
    features: [
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'acpi', 'mmx', 'fxsr', 'sse', 'sse2', 'ss', 'pni', 'pclmulqdq',
      'monitor', 'ssse3', 'fma', 'cx16', 'pcid', 'sse4.1', 'sse4.2', 'x2apic', 'movbe', 'popcnt',
      'tsc-deadline', 'aes', 'xsave', 'avx', 'f16c', 'rdrand', 'fsgsbase', 'bmi1', 'avx2', 'smep', 'bmi2',
      'invpcid', 'rdseed', 'adx', 'smap', 'sha-ni', 'umip', 'pku', 'rdpid', 'spec-ctrl', 'arch-capabilities',
      'syscall', 'nx', 'pdpe1gb', 'rdtscp', 'lm', 'lahf-lm', 'abm', '3dnowprefetch', 'invtsc', 'xstore',
      'xstore-en', 'xcrypt', 'xcrypt-en', 'ace2', 'phe', 'phe-en', 'pmm', 'pmm-en', 'xsaveopt', 'rdctl-no',
      'skip-l1dfl-vmentry', 'ssb-no', 'mds-no', 'pschange-mc-no', 'vmx-vintr-pending', 'vmx-tsc-offset',
      'vmx-hlt-exit', 'vmx-invlpg-exit', 'vmx-mwait-exit', 'vmx-rdpmc-exit', 'vmx-rdtsc-exit',
      'vmx-cr3-load-noexit', 'vmx-cr3-store-noexit', 'vmx-cr8-load-exit', 'vmx-cr8-store-exit',
      'vmx-flexpriority', 'vmx-vnmi-pending', 'vmx-movdr-exit', 'vmx-io-exit', 'vmx-io-bitmap', 'vmx-mtf',
      'vmx-msr-bitmap', 'vmx-monitor-exit', 'vmx-pause-exit', 'vmx-secondary-ctls', 'vmx-apicv-xapic',
      'vmx-ept', 'vmx-desc-exit', 'vmx-rdtscp-exit', 'vmx-apicv-x2apic', 'vmx-vpid', 'vmx-wbinvd-exit',
      'vmx-unrestricted-guest', 'vmx-apicv-register', 'vmx-apicv-vid', 'vmx-rdrand-exit', 'vmx-invpcid-exit',
      'vmx-vmfunc', 'vmx-shadow-vmcs', 'vmx-pml', 'vmx-intr-exit', 'vmx-nmi-exit', 'vmx-vnmi',
      'vmx-preemption-timer', 'vmx-posted-intr', 'vmx-exit-nosave-debugctl',
      'vmx-exit-load-perf-global-ctrl', 'vmx-exit-ack-intr', 'vmx-exit-save-pat', 'vmx-exit-load-pat',
      'vmx-exit-save-efer', 'vmx-exit-load-efer', 'vmx-exit-save-preemption-timer',
      'vmx-entry-noload-debugctl', 'vmx-entry-ia32e-mode', 'vmx-entry-load-perf-global-ctrl',
      'vmx-entry-load-pat', 'vmx-entry-load-efer', 'vmx-store-lma', 'vmx-activity-hlt',
      'vmx-vmwrite-vmexit-fields', 'vmx-ept-execonly', 'vmx-page-walk-4', 'vmx-ept-2mb', 'vmx-ept-1gb',
      'vmx-invept', 'vmx-eptad', 'vmx-invept-single-context', 'vmx-invept-all-context', 'vmx-invvpid',
      'vmx-invvpid-single-addr', 'vmx-invvpid-all-context', 'vmx-invept-single-context-noglobals',
      'vmx-ins-outs', 'vmx-true-ctls', 'vmx-eptp-switching',
    ],
    versions: [
      { version: 1, since: '9.1' },
      { version: 2, props: { 'model': 0x5b }, note: 'with the correct model number', since: '10.1' },
      { version: 3, props: { 'x-force-cpuid-0x1f': 'on' }, note: 'with the cache model and 0x1f leaf', since: '10.1' },
    ],
  },
  {
    name: 'EPYC-Turin', vendor: 'AuthenticAMD', family: 26, model: 0, stepping: 0,
    modelId: 'AMD EPYC-Turin Processor',
    level: 0xd, xlevel: 0x80000022,
    since: '10.1',
    features: [
      'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sep', 'mtrr', 'pge', 'mca',
      'cmov', 'pat', 'pse36', 'clflush', 'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'pclmulqdq', 'monitor',
      'ssse3', 'fma', 'cx16', 'pcid', 'sse4.1', 'sse4.2', 'movbe', 'popcnt', 'aes', 'xsave', 'avx', 'f16c',
      'rdrand', 'fsgsbase', 'bmi1', 'avx2', 'smep', 'bmi2', 'erms', 'invpcid', 'avx512f', 'avx512dq',
      'rdseed', 'adx', 'smap', 'avx512ifma', 'clflushopt', 'clwb', 'avx512cd', 'sha-ni', 'avx512bw',
      'avx512vl', 'avx512vbmi', 'umip', 'pku', 'avx512vbmi2', 'gfni', 'vaes', 'vpclmulqdq', 'avx512vnni',
      'avx512bitalg', 'avx512-vpopcntdq', 'la57', 'rdpid', 'movdiri', 'movdir64b', 'fsrm',
      'avx512-vp2intersect', 'avx-vnni', 'avx512-bf16', 'syscall', 'nx', 'mmxext', 'fxsr-opt', 'pdpe1gb',
      'rdtscp', 'lm', 'lahf-lm', 'svm', 'cr8legacy', 'abm', 'sse4a', 'misalignsse', '3dnowprefetch', 'osvw',
      'topoext', 'perfctr-core', 'overflow-recov', 'succor', 'clzero', 'xsaveerptr', 'wbnoinvd', 'ibpb',
      'ibrs', 'amd-stibp', 'stibp-always-on', 'amd-ssbd', 'amd-psfd', 'no-nested-data-bp', 'fs-gs-base-ns',
      'lfence-always-serializing', 'null-sel-clr-base', 'auto-ibrs', 'prefetchi', 'sbpb', 'ibpb-brtype',
      'srso-user-kernel-no', 'perfmon-v2', 'npt', 'lbrv', 'nrip-save', 'tsc-scale', 'vmcb-clean',
      'flushbyasid', 'pause-filter', 'pfthreshold', 'v-vmsave-vmload', 'vgif', 'vnmi', 'svme-addr-chk',
      'xsaveopt', 'xsavec', 'xgetbv1', 'xsaves', 'arat',
    ],
    versions: [
      { version: 1, since: '10.1' },
    ],
  },
];

/** The version an unversioned model name resolves to under machine 'none'. */
export const X86_DEFAULT_VERSION_MACHINE_NONE = 1;

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
 *   - `features`: an enabled feature raises the minimum to the given leaf.
 * (QEMU raises from FEAT_7_0_EBX even with full-cpuid-auto-level=off.)
 */
export interface X86AutoLevelRule {
  words: readonly string[];
  features: readonly { feature: string; leaf: number }[];
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
};
