/*
 * What KVM (with QEMU on top) lets an x86 guest have, as facts (no logic).
 * src/arch/x86_64/kvm.ts applies them.
 *
 * Two kinds of host description reach us:
 *  - QEMU's own expansion of `host` under KVM (query-cpu-model-expansion, as
 *    libvirt caches it): it already is KVM's view (QEMU builds it from
 *    kvm_arch_get_supported_cpuid / kvm_arch_get_supported_msr_feature), so
 *    only the few features QEMU supports but never switches on in `host`
 *    have to be added;
 *  - the bare CPU (a CPUID dump, cpuid -r, /proc/cpuinfo, libvirt's
 *    host-model): then KVM's own rules apply, the ones below.
 */

/**
 * Features QEMU accepts under KVM on any host but leaves out of the `host`
 * and `max` models (the word's no_autoenable_flags).
 * Source: QEMU target/i386/cpu.c, feature_word_info[FEAT_8000_0001_ECX]
 * .no_autoenable_flags = CPUID_EXT3_TOPOEXT; target/i386/kvm/kvm.c
 * kvm_arch_get_supported_cpuid ("It's safe to enable TOPOEXT even if it's
 * not returned by GET_SUPPORTED_CPUID").
 * overflow-recov and succor: QEMU's kvm_arch_get_supported_cpuid sets both
 * for leaf 0x80000007 EBX on any host (since QEMU 9.1, where they were
 * named), yet an Intel host's expansion shows them off; QEMU 10.1 on an
 * Intel host does not list them as unavailable for EPYC-v5 (libvirt
 * caps_10.1.0_x86_64+inteltdx.replies).
 */
export const X86_KVM_NO_AUTOENABLE: readonly string[] = ['topoext', 'overflow-recov', 'succor'];

/**
 * Features a KVM guest gets whatever the host CPU has (emulated or
 * synthesized), with QEMU's in-kernel irqchip (every machine type but `none`).
 * Sources:
 *  - hypervisor: QEMU kvm_arch_get_supported_cpuid (leaf 1 ECX, always set);
 *  - x2apic: Linux arch/x86/kvm/cpuid.c kvm_set_cpu_caps (emulated x2APIC);
 *    QEMU drops it only without the in-kernel irqchip;
 *  - tsc-deadline: QEMU kvm_arch_get_supported_cpuid, with
 *    KVM_CAP_TSC_DEADLINE_TIMER and the in-kernel irqchip;
 *  - arat: Linux cpuid.c, leaf 6 EAX ("allow ARAT");
 *  - tsc-adjust, arch-capabilities: Linux cpuid.c kvm_set_cpu_caps
 *    (kvm_cpu_cap_set: KVM emulates IA32_TSC_ADJUST and IA32_ARCH_CAPABILITIES);
 *  - topoext: see X86_KVM_NO_AUTOENABLE;
 *  - pschange-mc-no: Linux arch/x86/kvm/x86.c kvm_get_arch_capabilities
 *    (always: KVM's shadow paging guards against iTLB multihit);
 *  - skip-l1dfl-vmentry: same function, whenever KVM's L1D flush mitigation
 *    is not "never" (the default on every host, L1TF-affected or not).
 */
export const X86_KVM_ANY_HOST: readonly string[] = ['hypervisor', 'x2apic', 'tsc-deadline', 'arat', 'tsc-adjust', 'arch-capabilities', 'topoext', 'pschange-mc-no', 'skip-l1dfl-vmentry'];

/**
 * Host CPU features KVM never passes to a guest (masked to 0 in Linux
 * arch/x86/kvm/cpuid.c kvm_set_cpu_caps: leaf 1 "Reserved, ACPI", "HTT, TM,
 * Reserved, PBE", "MONITOR", "DS-CPL, VMX, SMX, EST", "TM2", "xTPR Update",
 * "DCA"; leaf 0x80000001 ECX "ExtApicSpace", "IBS", "SKINIT, WDT, LWP",
 * TCE and PERFCTR_NB; of the SVM leaf svm_set_cpu_caps sets neither
 * SVM-Lock, DecodeAssists nor AVIC; monitor/mwait only with cpu-pm, vmx/svm
 * only with nested virtualization, which a host's expansion shows when it is
 * on). KVM_FEATURE_MMU_OP is gone from Linux, and QEMU offers
 * kvm-msi-ext-dest-id only with a split irqchip (target/i386/kvm/kvm.c).
 */
export const X86_KVM_NEVER_FROM_HOST: readonly string[] = [
  'acpi', 'ht', 'tm', 'pbe', 'pn', 'monitor', 'ds-cpl', 'smx', 'est', 'tm2', 'xtpr', 'dca',
  'extapic', 'ibs', 'skinit', 'wdt', 'lwp', 'tce', 'perfctr-nb', 'svm-lock', 'decodeassists', 'avic',
  'kvm-mmu', 'kvm-msi-ext-dest-id',
];

/**
 * Features KVM gives a guest on any AMD (SVM) host, whatever the CPU has:
 *  - svme-addr-chk: Linux arch/x86/kvm/svm/svm.c svm_set_cpu_caps (KVM
 *    checks nested VMRUN addresses itself);
 *  - null-sel-clr-base, lfence-always-serializing: Linux cpuid.c, leaf
 *    0x80000021 EAX (KVM emulates the first; the second is the kernel's
 *    synthetic LFENCE_RDTSC, set on every AMD CPU with SSE2).
 * An Intel host's expansion shows none of them (libvirt
 * caps_10.1.0_x86_64+inteltdx), an AMD host's all (caps_9.2.0_x86_64 on a
 * Ryzen 9 3900X, whose CPUID has none of them).
 */
export const X86_KVM_AMD_HOST: readonly string[] = ['svme-addr-chk', 'null-sel-clr-base', 'lfence-always-serializing'];

/**
 * Host features the kernel itself turns off, so KVM cannot pass them:
 * XSAVES on AMD family 0x17 (Zen 1 and 2: erratum 1386; Linux
 * arch/x86/kernel/cpu/amd.c init_amd_zen2, since Linux 6.4). QEMU 9.2 on a
 * Ryzen 9 3900X (family 0x17) shows xsaves off although its CPUID has it.
 */
export const X86_KVM_HOST_ERRATA: readonly { feature: string; vendor: string; family: number }[] = [
  { feature: 'xsaves', vendor: 'AuthenticAMD', family: 0x17 },
];

/**
 * Speculation-control bits KVM synthesizes from either vendor's host bits.
 * Linux arch/x86/kernel/cpu records IBPB/IBRS/STIBP/SSBD from Intel's
 * spec-ctrl/stibp/ssbd or AMD's ibpb/ibrs/amd-stibp/amd-ssbd; Linux
 * arch/x86/kvm/cpuid.c kvm_set_cpu_caps then sets both vendors' spellings:
 * spec-ctrl when IBPB and IBRS, stibp when STIBP, ssbd when SSBD, and AMD's
 * ibpb, ibrs, amd-stibp, amd-ssbd likewise; svm.c svm_set_cpu_caps sets
 * virt-ssbd on AMD hosts with SSBD.
 */
export const X86_KVM_SPEC_CTRL = {
  /** Linux's synthetic flag ← the host bits that set it */
  sources: {
    IBPB: ['spec-ctrl', 'ibpb'],
    IBRS: ['spec-ctrl', 'ibrs'],
    STIBP: ['stibp', 'amd-stibp'],
    SSBD: ['ssbd', 'amd-ssbd', 'virt-ssbd'],
  },
  /** guest feature ← every synthetic flag it needs */
  gives: [
    { feature: 'spec-ctrl', needs: ['IBPB', 'IBRS'] },
    { feature: 'stibp', needs: ['STIBP'] },
    { feature: 'ssbd', needs: ['SSBD'] },
    { feature: 'ibpb', needs: ['IBPB'] },
    { feature: 'ibrs', needs: ['IBRS'] },
    { feature: 'amd-stibp', needs: ['STIBP'] },
    { feature: 'amd-ssbd', needs: ['SSBD'] },
  ],
  /** given only on AMD-compatible hosts (SVM) */
  amdOnly: ['virt-ssbd'],
} as const;

/**
 * The IA32_ARCH_CAPABILITIES "not affected" bits KVM sets for a guest when
 * the host kernel does not consider the host affected by the bug (Linux
 * arch/x86/kvm/x86.c kvm_get_arch_capabilities; the bugs come from
 * arch/x86/kernel/cpu/common.c cpu_set_bug_bits and its vulnerability
 * whitelists, where AMD and Hygon CPUs are listed as not affected by
 * Meltdown, MDS, TAA, RFDS and GDS; Intel CPUs are judged by their own
 * ARCH_CAPABILITIES bits, which the host's features already carry).
 * `vendors`: host vendors that are never affected. `rtm`: TAA_NO is cleared
 * when the host has no RTM ("the guest sees RTM=0 and therefore knows that
 * there cannot be TAA"), and set only with RTM.
 */
export const X86_KVM_NOT_AFFECTED: readonly { feature: string; bug: string; vendors: readonly string[]; rtm?: boolean }[] = [
  { feature: 'rdctl-no', bug: 'Meltdown (X86_BUG_CPU_MELTDOWN)', vendors: ['AuthenticAMD', 'HygonGenuine'] },
  { feature: 'mds-no', bug: 'MDS (X86_BUG_MDS)', vendors: ['AuthenticAMD', 'HygonGenuine'] },
  { feature: 'taa-no', bug: 'TAA (X86_BUG_TAA)', vendors: ['AuthenticAMD', 'HygonGenuine'], rtm: true },
  { feature: 'gds-no', bug: 'GDS (X86_BUG_GDS), or mitigated by microcode', vendors: ['AuthenticAMD', 'HygonGenuine'] },
  // RFDS affects only some Intel Atom cores (Linux cpu_vuln_blacklist RFDS)
  { feature: 'rfds-no', bug: 'RFDS (X86_BUG_RFDS)', vendors: ['AuthenticAMD', 'HygonGenuine', 'GenuineIntel'] },
];

/**
 * XSAVE state components and the feature that enables each (QEMU
 * target/i386/cpu.c x86_ext_save_areas, XCR0 part). QEMU turns on a
 * component for every feature the model has (x86_cpu_enable_xsave_components,
 * only with `xsave`); under KVM a component the host cannot save is filtered
 * like a feature bit, and x86_cpu_feature_name reports it under the
 * feature's name. So query-cpu-definitions names a missing avx512f four
 * times (its CPUID bit, then components 5, 6 and 7), mpx three times, pku
 * and amx-tile once or twice more.
 */
export const X86_XSAVE_XCR0_COMPONENTS: readonly { component: number; feature: string }[] = [
  { component: 0, feature: 'xsave' }, // x87
  { component: 1, feature: 'xsave' }, // SSE
  { component: 2, feature: 'avx' }, // YMM
  { component: 3, feature: 'mpx' }, // BNDREGS
  { component: 4, feature: 'mpx' }, // BNDCSR
  { component: 5, feature: 'avx512f' }, // opmask
  { component: 6, feature: 'avx512f' }, // ZMM_Hi256
  { component: 7, feature: 'avx512f' }, // Hi16_ZMM
  { component: 9, feature: 'pku' }, // PKRU
  { component: 17, feature: 'amx-tile' }, // XTILE_CFG
  { component: 18, feature: 'amx-tile' }, // XTILE_DATA
];

/**
 * The last QEMU release known to name the XSAVE components in
 * unavailable-features. Seen in QEMU 9.1's replies (libvirt
 * caps_9.1.0_x86_64: avx512f four times, mpx three times); QEMU 9.2 on the
 * same host names each once (caps_9.2.0_x86_64), and so do QEMU 10.0 and
 * 10.1 (caps_10.0.0_x86_64+amdsev: mpx and amx-tile once;
 * caps_10.1.0_x86_64+inteltdx: mpx once).
 */
export const X86_XSAVE_REPEATS_UNTIL = '9.1';

/**
 * The feature word that follows FEAT_XSAVE_XCR0_LO/HI in QEMU's FeatureWord
 * enumeration (target/i386/cpu.h): the component repeats are listed just
 * before the features of this word.
 */
export const X86_XSAVE_XCR0_NEXT_WORD = 'FEAT_ARCH_CAPABILITIES';
