/*
 * x86_64 CPU feature table (facts only, no logic).
 *
 * One row per named bit of every QEMU feature word, in the order of QEMU's
 * FeatureWord enumeration (target/i386/cpu.h) and bit order inside a word.
 * Words that QEMU keeps but names no bit of (XSAVE component words,
 * FEAT_8000_0021_EBX, ...) only appear as a comment.
 *
 * `name` is the QOM property name: the spelling of QEMU's static expansion
 * and of "-cpu help".  `aliases` are the extra property names QEMU registers
 * for the same bit (checked against QEMU 7.2's device-list-properties).  On
 * the -cpu command line QEMU additionally turns every '_' into '-' before
 * looking a name up, so "sse4_1" and "lahf_lm" also work there.
 *
 * Two names cover two bits each, so they have two rows:
 *   - 'kvmclock' is KVM_FEATURE_CLOCKSOURCE (bit 0) and
 *     KVM_FEATURE_CLOCKSOURCE2 (bit 3);
 *   - 'vmx-invept-single-context' is bit 25 (INVEPT single-context) and bit 41
 *     (INVVPID single-context) of IA32_VMX_EPT_VPID_CAP.
 * Such a property reads true only when all of its bits are set, and setting
 * it sets all of them.
 *
 * CPUID rows carry leaf/subleaf/register/bit; subleaf is present when QEMU
 * passes an explicit ECX.  MSR rows carry the MSR index QEMU reads the word
 * from (for VMX control words that is the "TRUE_*" MSR where one exists) and
 * the bit (0..63).
 *
 * QEMU 7.2 has 319 of these names (QEMU 7.2's static expansion also lists
 * 'lmce', which is a plain CPU property, not a feature bit: see
 * X86_STATIC_EXTRA_BOOLEANS in models.ts).  `since` is the QEMU release that
 * first named the bit (core/profile.ts); rows without it are treated as
 * older than 4.2.  Every bit named after 4.2 carries its release.  For 5.0
 * to 7.1 the release is the first one whose x86 property list (the
 * <hostCPU> property names of libvirt's tests/qemucapabilitiesdata/
 * caps_X.Y.0.x86_64.xml, compared with caps_4.2.0.x86_64.xml) names the
 * bit; caps_7.1.0 is a 7.1 development build (v7.0.0-2780), which is how
 * arch-lbr is dated 7.1.  No bit of our table first appears in 7.2.
 */

export type X86Register = 'eax' | 'ebx' | 'ecx' | 'edx';

export interface X86FeatureRow {
  /** QEMU's canonical property name */
  name: string;
  /** other property names QEMU accepts for the same bit */
  aliases?: readonly string[];
  /** QEMU feature word, e.g. 'FEAT_7_0_EBX' or 'FEAT_VMX_PROCBASED_CTLS' */
  word: string;
  cpuid?: { leaf: number; subleaf?: number; reg: X86Register; bit: number };
  msr?: { index: number; bit: number };
  desc?: string;
  /** QEMU version that first named this bit, when after 4.2 */
  since?: string;
}

export const X86_FEATURES: readonly X86FeatureRow[] = [
  // FEAT_1_EDX
  { name: 'fpu', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 0 } },
  { name: 'vme', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 1 } },
  { name: 'de', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 2 } },
  { name: 'pse', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 3 } },
  { name: 'tsc', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 4 } },
  { name: 'msr', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 5 } },
  { name: 'pae', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 6 } },
  { name: 'mce', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 7 } },
  { name: 'cx8', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 8 } },
  { name: 'apic', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 9 } },
  { name: 'sep', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 11 } },
  { name: 'mtrr', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 12 } },
  { name: 'pge', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 13 } },
  { name: 'mca', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 14 } },
  { name: 'cmov', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 15 } },
  { name: 'pat', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 16 } },
  { name: 'pse36', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 17 } },
  { name: 'pn', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 18 } },
  { name: 'clflush', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 19 } },
  { name: 'ds', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 21 } },
  { name: 'acpi', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 22 } },
  { name: 'mmx', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 23 } },
  { name: 'fxsr', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 24 } },
  { name: 'sse', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 25 } },
  { name: 'sse2', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 26 } },
  { name: 'ss', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 27 } },
  { name: 'ht', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 28 } },
  { name: 'tm', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 29 } },
  { name: 'ia64', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 30 } },
  { name: 'pbe', word: 'FEAT_1_EDX', cpuid: { leaf: 1, reg: 'edx', bit: 31 } },
  // FEAT_1_ECX
  { name: 'pni', aliases: ['sse3'], word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 0 } },
  { name: 'pclmulqdq', aliases: ['pclmuldq'], word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 1 } },
  { name: 'dtes64', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 2 } },
  { name: 'monitor', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 3 } },
  { name: 'ds-cpl', aliases: ['ds_cpl'], word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 4 } },
  { name: 'vmx', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 5 } },
  { name: 'smx', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 6 } },
  { name: 'est', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 7 } },
  { name: 'tm2', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 8 } },
  { name: 'ssse3', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 9 } },
  { name: 'cid', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 10 } },
  { name: 'fma', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 12 } },
  { name: 'cx16', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 13 } },
  { name: 'xtpr', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 14 } },
  { name: 'pdcm', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 15 } },
  { name: 'pcid', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 17 } },
  { name: 'dca', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 18 } },
  { name: 'sse4.1', aliases: ['sse4-1', 'sse4_1'], word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 19 } },
  { name: 'sse4.2', aliases: ['sse4-2', 'sse4_2'], word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 20 } },
  { name: 'x2apic', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 21 } },
  { name: 'movbe', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 22 } },
  { name: 'popcnt', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 23 } },
  { name: 'tsc-deadline', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 24 } },
  { name: 'aes', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 25 } },
  { name: 'xsave', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 26 } },
  { name: 'avx', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 28 } },
  { name: 'f16c', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 29 } },
  { name: 'rdrand', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 30 } },
  { name: 'hypervisor', word: 'FEAT_1_ECX', cpuid: { leaf: 1, reg: 'ecx', bit: 31 } },
  // FEAT_7_0_EBX
  { name: 'fsgsbase', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 0 } },
  { name: 'tsc-adjust', aliases: ['tsc_adjust'], word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 1 } },
  { name: 'sgx', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 2 }, since: '6.2' },
  { name: 'bmi1', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 3 } },
  { name: 'hle', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 4 } },
  { name: 'avx2', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 5 } },
  { name: 'fdp-excptn-only', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 6 }, since: '8.1' },
  { name: 'smep', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 7 } },
  { name: 'bmi2', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 8 } },
  { name: 'erms', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 9 } },
  { name: 'invpcid', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 10 } },
  { name: 'rtm', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 11 } },
  { name: 'zero-fcs-fds', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 13 }, since: '8.1' },
  { name: 'mpx', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 14 } },
  { name: 'avx512f', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 16 } },
  { name: 'avx512dq', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 17 } },
  { name: 'rdseed', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 18 } },
  { name: 'adx', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 19 } },
  { name: 'smap', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 20 } },
  { name: 'avx512ifma', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 21 } },
  { name: 'pcommit', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 22 } },
  { name: 'clflushopt', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 23 } },
  { name: 'clwb', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 24 } },
  { name: 'intel-pt', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 25 } },
  { name: 'avx512pf', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 26 } },
  { name: 'avx512er', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 27 } },
  { name: 'avx512cd', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 28 } },
  { name: 'sha-ni', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 29 } },
  { name: 'avx512bw', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 30 } },
  { name: 'avx512vl', word: 'FEAT_7_0_EBX', cpuid: { leaf: 7, subleaf: 0, reg: 'ebx', bit: 31 } },
  // FEAT_7_0_ECX
  { name: 'avx512vbmi', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 1 } },
  { name: 'umip', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 2 } },
  { name: 'pku', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 3 } },
  { name: 'waitpkg', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 5 } },
  { name: 'avx512vbmi2', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 6 } },
  { name: 'cet-ss', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 7 }, since: '11.0' },
  { name: 'gfni', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 8 } },
  { name: 'vaes', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 9 } },
  { name: 'vpclmulqdq', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 10 } },
  { name: 'avx512vnni', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 11 } },
  { name: 'avx512bitalg', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 12 } },
  { name: 'avx512-vpopcntdq', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 14 } },
  { name: 'la57', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 16 } },
  { name: 'rdpid', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 22 } },
  { name: 'bus-lock-detect', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 24 }, since: '6.0' },
  { name: 'cldemote', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 25 } },
  { name: 'movdiri', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 27 } },
  { name: 'movdir64b', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 28 } },
  { name: 'sgxlc', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 30 }, since: '6.2' },
  { name: 'pks', word: 'FEAT_7_0_ECX', cpuid: { leaf: 7, subleaf: 0, reg: 'ecx', bit: 31 }, since: '6.0' },
  // FEAT_7_0_EDX
  { name: 'avx512-4vnniw', word: 'FEAT_7_0_EDX', cpuid: { leaf: 7, subleaf: 0, reg: 'edx', bit: 2 } },
  { name: 'avx512-4fmaps', word: 'FEAT_7_0_EDX', cpuid: { leaf: 7, subleaf: 0, reg: 'edx', bit: 3 } },
  { name: 'fsrm', word: 'FEAT_7_0_EDX', cpuid: { leaf: 7, subleaf: 0, reg: 'edx', bit: 4 }, since: '5.1' },
  { name: 'avx512-vp2intersect', word: 'FEAT_7_0_EDX', cpuid: { leaf: 7, subleaf: 0, reg: 'edx', bit: 8 }, since: '5.1' },
  { name: 'md-clear', word: 'FEAT_7_0_EDX', cpuid: { leaf: 7, subleaf: 0, reg: 'edx', bit: 10 } },
  { name: 'serialize', word: 'FEAT_7_0_EDX', cpuid: { leaf: 7, subleaf: 0, reg: 'edx', bit: 14 }, since: '5.1' },
  { name: 'tsx-ldtrk', word: 'FEAT_7_0_EDX', cpuid: { leaf: 7, subleaf: 0, reg: 'edx', bit: 16 }, since: '5.1' },
  { name: 'arch-lbr', word: 'FEAT_7_0_EDX', cpuid: { leaf: 7, subleaf: 0, reg: 'edx', bit: 19 }, since: '7.1' },
  { name: 'cet-ibt', word: 'FEAT_7_0_EDX', cpuid: { leaf: 7, subleaf: 0, reg: 'edx', bit: 20 }, since: '11.0' },
  { name: 'amx-bf16', word: 'FEAT_7_0_EDX', cpuid: { leaf: 7, subleaf: 0, reg: 'edx', bit: 22 }, since: '7.0' },
  { name: 'avx512-fp16', word: 'FEAT_7_0_EDX', cpuid: { leaf: 7, subleaf: 0, reg: 'edx', bit: 23 }, since: '6.0' },
  { name: 'amx-tile', word: 'FEAT_7_0_EDX', cpuid: { leaf: 7, subleaf: 0, reg: 'edx', bit: 24 }, since: '7.0' },
  { name: 'amx-int8', word: 'FEAT_7_0_EDX', cpuid: { leaf: 7, subleaf: 0, reg: 'edx', bit: 25 }, since: '7.0' },
  { name: 'spec-ctrl', word: 'FEAT_7_0_EDX', cpuid: { leaf: 7, subleaf: 0, reg: 'edx', bit: 26 } },
  { name: 'stibp', word: 'FEAT_7_0_EDX', cpuid: { leaf: 7, subleaf: 0, reg: 'edx', bit: 27 } },
  { name: 'flush-l1d', word: 'FEAT_7_0_EDX', cpuid: { leaf: 7, subleaf: 0, reg: 'edx', bit: 28 }, since: '9.1' },
  { name: 'arch-capabilities', word: 'FEAT_7_0_EDX', cpuid: { leaf: 7, subleaf: 0, reg: 'edx', bit: 29 } },
  { name: 'core-capability', word: 'FEAT_7_0_EDX', cpuid: { leaf: 7, subleaf: 0, reg: 'edx', bit: 30 } },
  { name: 'ssbd', word: 'FEAT_7_0_EDX', cpuid: { leaf: 7, subleaf: 0, reg: 'edx', bit: 31 } },
  // FEAT_7_1_EAX
  { name: 'sha512', word: 'FEAT_7_1_EAX', cpuid: { leaf: 7, subleaf: 1, reg: 'eax', bit: 0 }, since: '9.0' },
  { name: 'sm3', word: 'FEAT_7_1_EAX', cpuid: { leaf: 7, subleaf: 1, reg: 'eax', bit: 1 }, since: '9.0' },
  { name: 'sm4', word: 'FEAT_7_1_EAX', cpuid: { leaf: 7, subleaf: 1, reg: 'eax', bit: 2 }, since: '9.0' },
  { name: 'avx-vnni', word: 'FEAT_7_1_EAX', cpuid: { leaf: 7, subleaf: 1, reg: 'eax', bit: 4 }, since: '6.1' },
  { name: 'avx512-bf16', word: 'FEAT_7_1_EAX', cpuid: { leaf: 7, subleaf: 1, reg: 'eax', bit: 5 } },
  { name: 'cmpccxadd', word: 'FEAT_7_1_EAX', cpuid: { leaf: 7, subleaf: 1, reg: 'eax', bit: 7 }, since: '8.0' },
  { name: 'fzrm', word: 'FEAT_7_1_EAX', cpuid: { leaf: 7, subleaf: 1, reg: 'eax', bit: 10 }, since: '8.0' },
  { name: 'fsrs', word: 'FEAT_7_1_EAX', cpuid: { leaf: 7, subleaf: 1, reg: 'eax', bit: 11 }, since: '8.0' },
  { name: 'fsrc', word: 'FEAT_7_1_EAX', cpuid: { leaf: 7, subleaf: 1, reg: 'eax', bit: 12 }, since: '8.0' },
  { name: 'fred', word: 'FEAT_7_1_EAX', cpuid: { leaf: 7, subleaf: 1, reg: 'eax', bit: 17 }, since: '9.1' },
  { name: 'lkgs', word: 'FEAT_7_1_EAX', cpuid: { leaf: 7, subleaf: 1, reg: 'eax', bit: 18 }, since: '9.1' },
  { name: 'wrmsrns', word: 'FEAT_7_1_EAX', cpuid: { leaf: 7, subleaf: 1, reg: 'eax', bit: 19 }, since: '9.1' },
  { name: 'amx-fp16', word: 'FEAT_7_1_EAX', cpuid: { leaf: 7, subleaf: 1, reg: 'eax', bit: 21 }, since: '8.0' },
  { name: 'avx-ifma', word: 'FEAT_7_1_EAX', cpuid: { leaf: 7, subleaf: 1, reg: 'eax', bit: 23 }, since: '8.0' },
  { name: 'lam', word: 'FEAT_7_1_EAX', cpuid: { leaf: 7, subleaf: 1, reg: 'eax', bit: 26 }, since: '9.1' },
  // QEMU 11.0 (target/i386/cpu.h CPUID_7_1_EAX_MOVRS, the Diamond Rapids series)
  { name: 'movrs', word: 'FEAT_7_1_EAX', cpuid: { leaf: 7, subleaf: 1, reg: 'eax', bit: 31 }, since: '11.0' },
  // FEAT_8000_0001_EDX
  { name: 'syscall', word: 'FEAT_8000_0001_EDX', cpuid: { leaf: 0x80000001, reg: 'edx', bit: 11 } },
  { name: 'nx', aliases: ['xd'], word: 'FEAT_8000_0001_EDX', cpuid: { leaf: 0x80000001, reg: 'edx', bit: 20 } },
  { name: 'mmxext', word: 'FEAT_8000_0001_EDX', cpuid: { leaf: 0x80000001, reg: 'edx', bit: 22 } },
  { name: 'fxsr-opt', aliases: ['ffxsr', 'fxsr_opt'], word: 'FEAT_8000_0001_EDX', cpuid: { leaf: 0x80000001, reg: 'edx', bit: 25 } },
  { name: 'pdpe1gb', word: 'FEAT_8000_0001_EDX', cpuid: { leaf: 0x80000001, reg: 'edx', bit: 26 } },
  { name: 'rdtscp', word: 'FEAT_8000_0001_EDX', cpuid: { leaf: 0x80000001, reg: 'edx', bit: 27 } },
  { name: 'lm', aliases: ['i64'], word: 'FEAT_8000_0001_EDX', cpuid: { leaf: 0x80000001, reg: 'edx', bit: 29 } },
  { name: '3dnowext', word: 'FEAT_8000_0001_EDX', cpuid: { leaf: 0x80000001, reg: 'edx', bit: 30 } },
  { name: '3dnow', word: 'FEAT_8000_0001_EDX', cpuid: { leaf: 0x80000001, reg: 'edx', bit: 31 } },
  // FEAT_8000_0001_ECX
  { name: 'lahf-lm', aliases: ['lahf_lm'], word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 0 } },
  { name: 'cmp-legacy', aliases: ['cmp_legacy'], word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 1 } },
  { name: 'svm', word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 2 } },
  { name: 'extapic', word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 3 } },
  { name: 'cr8legacy', word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 4 } },
  { name: 'abm', word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 5 } },
  { name: 'sse4a', word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 6 } },
  { name: 'misalignsse', word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 7 } },
  { name: '3dnowprefetch', word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 8 } },
  { name: 'osvw', word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 9 } },
  { name: 'ibs', word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 10 } },
  { name: 'xop', word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 11 } },
  { name: 'skinit', word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 12 } },
  { name: 'wdt', word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 13 } },
  { name: 'lwp', word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 15 } },
  { name: 'fma4', word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 16 } },
  { name: 'tce', word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 17 } },
  { name: 'nodeid-msr', aliases: ['nodeid_msr'], word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 19 } },
  { name: 'tbm', word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 21 } },
  { name: 'topoext', word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 22 } },
  { name: 'perfctr-core', aliases: ['perfctr_core'], word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 23 } },
  { name: 'perfctr-nb', aliases: ['perfctr_nb'], word: 'FEAT_8000_0001_ECX', cpuid: { leaf: 0x80000001, reg: 'ecx', bit: 24 } },
  // FEAT_8000_0007_EBX
  { name: 'overflow-recov', word: 'FEAT_8000_0007_EBX', cpuid: { leaf: 0x80000007, reg: 'ebx', bit: 0 }, since: '9.1' },
  { name: 'succor', word: 'FEAT_8000_0007_EBX', cpuid: { leaf: 0x80000007, reg: 'ebx', bit: 1 }, since: '9.1' },
  // FEAT_8000_0007_EDX
  { name: 'invtsc', word: 'FEAT_8000_0007_EDX', cpuid: { leaf: 0x80000007, reg: 'edx', bit: 8 } },
  // FEAT_8000_0008_EBX
  { name: 'clzero', word: 'FEAT_8000_0008_EBX', cpuid: { leaf: 0x80000008, reg: 'ebx', bit: 0 } },
  { name: 'xsaveerptr', word: 'FEAT_8000_0008_EBX', cpuid: { leaf: 0x80000008, reg: 'ebx', bit: 2 } },
  { name: 'wbnoinvd', word: 'FEAT_8000_0008_EBX', cpuid: { leaf: 0x80000008, reg: 'ebx', bit: 9 } },
  { name: 'ibpb', word: 'FEAT_8000_0008_EBX', cpuid: { leaf: 0x80000008, reg: 'ebx', bit: 12 } },
  { name: 'ibrs', word: 'FEAT_8000_0008_EBX', cpuid: { leaf: 0x80000008, reg: 'ebx', bit: 14 }, since: '6.0' },
  { name: 'amd-stibp', word: 'FEAT_8000_0008_EBX', cpuid: { leaf: 0x80000008, reg: 'ebx', bit: 15 }, since: '5.0' },
  { name: 'stibp-always-on', word: 'FEAT_8000_0008_EBX', cpuid: { leaf: 0x80000008, reg: 'ebx', bit: 17 }, since: '8.1' },
  { name: 'amd-ssbd', word: 'FEAT_8000_0008_EBX', cpuid: { leaf: 0x80000008, reg: 'ebx', bit: 24 } },
  { name: 'virt-ssbd', word: 'FEAT_8000_0008_EBX', cpuid: { leaf: 0x80000008, reg: 'ebx', bit: 25 } },
  { name: 'amd-no-ssb', word: 'FEAT_8000_0008_EBX', cpuid: { leaf: 0x80000008, reg: 'ebx', bit: 26 } },
  { name: 'amd-psfd', word: 'FEAT_8000_0008_EBX', cpuid: { leaf: 0x80000008, reg: 'ebx', bit: 28 }, since: '8.1' },
  // FEAT_8000_0021_EAX
  { name: 'no-nested-data-bp', word: 'FEAT_8000_0021_EAX', cpuid: { leaf: 0x80000021, reg: 'eax', bit: 0 }, since: '8.1' },
  { name: 'fs-gs-base-ns', word: 'FEAT_8000_0021_EAX', cpuid: { leaf: 0x80000021, reg: 'eax', bit: 1 }, since: '10.1' },
  { name: 'lfence-always-serializing', word: 'FEAT_8000_0021_EAX', cpuid: { leaf: 0x80000021, reg: 'eax', bit: 2 }, since: '8.1' },
  // QEMU 10.2 (commit d8ec0baf4a15 "target/i386: Add TSA feature flag verw-clear", pulled 14 Oct 2025)
  { name: 'verw-clear', word: 'FEAT_8000_0021_EAX', cpuid: { leaf: 0x80000021, reg: 'eax', bit: 5 }, since: '10.2' },
  { name: 'null-sel-clr-base', word: 'FEAT_8000_0021_EAX', cpuid: { leaf: 0x80000021, reg: 'eax', bit: 6 }, since: '8.1' },
  { name: 'auto-ibrs', word: 'FEAT_8000_0021_EAX', cpuid: { leaf: 0x80000021, reg: 'eax', bit: 8 }, since: '8.1' },
  { name: 'prefetchi', word: 'FEAT_8000_0021_EAX', cpuid: { leaf: 0x80000021, reg: 'eax', bit: 20 }, since: '10.1' },
  { name: 'eraps', word: 'FEAT_8000_0021_EAX', cpuid: { leaf: 0x80000021, reg: 'eax', bit: 24 }, since: '10.0' },
  { name: 'sbpb', word: 'FEAT_8000_0021_EAX', cpuid: { leaf: 0x80000021, reg: 'eax', bit: 27 }, since: '8.2' },
  { name: 'ibpb-brtype', word: 'FEAT_8000_0021_EAX', cpuid: { leaf: 0x80000021, reg: 'eax', bit: 28 }, since: '8.2' },
  { name: 'srso-no', word: 'FEAT_8000_0021_EAX', cpuid: { leaf: 0x80000021, reg: 'eax', bit: 29 }, since: '8.2' },
  { name: 'srso-user-kernel-no', word: 'FEAT_8000_0021_EAX', cpuid: { leaf: 0x80000021, reg: 'eax', bit: 30 }, since: '9.2' },
  // FEAT_8000_0021_EBX (no named bits)
  // FEAT_8000_0021_ECX: QEMU 10.2 (commit c79a35acadee "target/i386: Add TSA attack variants TSA-SQ and
  // TSA-L1", pulled 14 Oct 2025; the word sits after FEAT_8000_0021_EBX in target/i386/cpu.h)
  { name: 'tsa-sq-no', word: 'FEAT_8000_0021_ECX', cpuid: { leaf: 0x80000021, reg: 'ecx', bit: 1 }, since: '10.2' },
  { name: 'tsa-l1-no', word: 'FEAT_8000_0021_ECX', cpuid: { leaf: 0x80000021, reg: 'ecx', bit: 2 }, since: '10.2' },
  // FEAT_8000_0022_EAX
  { name: 'perfmon-v2', word: 'FEAT_8000_0022_EAX', cpuid: { leaf: 0x80000022, reg: 'eax', bit: 0 }, since: '9.1' },
  // FEAT_C000_0001_EDX
  { name: 'xstore', word: 'FEAT_C000_0001_EDX', cpuid: { leaf: 0xc0000001, reg: 'edx', bit: 2 } },
  { name: 'xstore-en', word: 'FEAT_C000_0001_EDX', cpuid: { leaf: 0xc0000001, reg: 'edx', bit: 3 } },
  { name: 'xcrypt', word: 'FEAT_C000_0001_EDX', cpuid: { leaf: 0xc0000001, reg: 'edx', bit: 6 } },
  { name: 'xcrypt-en', word: 'FEAT_C000_0001_EDX', cpuid: { leaf: 0xc0000001, reg: 'edx', bit: 7 } },
  { name: 'ace2', word: 'FEAT_C000_0001_EDX', cpuid: { leaf: 0xc0000001, reg: 'edx', bit: 8 } },
  { name: 'ace2-en', word: 'FEAT_C000_0001_EDX', cpuid: { leaf: 0xc0000001, reg: 'edx', bit: 9 } },
  { name: 'phe', word: 'FEAT_C000_0001_EDX', cpuid: { leaf: 0xc0000001, reg: 'edx', bit: 10 } },
  { name: 'phe-en', word: 'FEAT_C000_0001_EDX', cpuid: { leaf: 0xc0000001, reg: 'edx', bit: 11 } },
  { name: 'pmm', word: 'FEAT_C000_0001_EDX', cpuid: { leaf: 0xc0000001, reg: 'edx', bit: 12 } },
  { name: 'pmm-en', word: 'FEAT_C000_0001_EDX', cpuid: { leaf: 0xc0000001, reg: 'edx', bit: 13 } },
  // FEAT_KVM
  { name: 'kvmclock', word: 'FEAT_KVM', cpuid: { leaf: 0x40000001, reg: 'eax', bit: 0 } },
  { name: 'kvm-nopiodelay', aliases: ['kvm_nopiodelay'], word: 'FEAT_KVM', cpuid: { leaf: 0x40000001, reg: 'eax', bit: 1 } },
  { name: 'kvm-mmu', aliases: ['kvm_mmu'], word: 'FEAT_KVM', cpuid: { leaf: 0x40000001, reg: 'eax', bit: 2 } },
  { name: 'kvmclock', word: 'FEAT_KVM', cpuid: { leaf: 0x40000001, reg: 'eax', bit: 3 } },
  { name: 'kvm-asyncpf', aliases: ['kvm_asyncpf'], word: 'FEAT_KVM', cpuid: { leaf: 0x40000001, reg: 'eax', bit: 4 } },
  { name: 'kvm-steal-time', aliases: ['kvm_steal_time'], word: 'FEAT_KVM', cpuid: { leaf: 0x40000001, reg: 'eax', bit: 5 } },
  { name: 'kvm-pv-eoi', aliases: ['kvm_pv_eoi'], word: 'FEAT_KVM', cpuid: { leaf: 0x40000001, reg: 'eax', bit: 6 } },
  { name: 'kvm-pv-unhalt', aliases: ['kvm_pv_unhalt'], word: 'FEAT_KVM', cpuid: { leaf: 0x40000001, reg: 'eax', bit: 7 } },
  { name: 'kvm-pv-tlb-flush', word: 'FEAT_KVM', cpuid: { leaf: 0x40000001, reg: 'eax', bit: 9 } },
  { name: 'kvm-asyncpf-vmexit', word: 'FEAT_KVM', cpuid: { leaf: 0x40000001, reg: 'eax', bit: 10 }, since: '9.1' },
  { name: 'kvm-pv-ipi', word: 'FEAT_KVM', cpuid: { leaf: 0x40000001, reg: 'eax', bit: 11 } },
  { name: 'kvm-poll-control', aliases: ['kvm_poll_control'], word: 'FEAT_KVM', cpuid: { leaf: 0x40000001, reg: 'eax', bit: 12 } },
  { name: 'kvm-pv-sched-yield', word: 'FEAT_KVM', cpuid: { leaf: 0x40000001, reg: 'eax', bit: 13 } },
  { name: 'kvm-asyncpf-int', aliases: ['kvm_asyncpf_int'], word: 'FEAT_KVM', cpuid: { leaf: 0x40000001, reg: 'eax', bit: 14 }, since: '5.2' },
  { name: 'kvm-msi-ext-dest-id', word: 'FEAT_KVM', cpuid: { leaf: 0x40000001, reg: 'eax', bit: 15 }, since: '6.0' },
  { name: 'kvmclock-stable-bit', word: 'FEAT_KVM', cpuid: { leaf: 0x40000001, reg: 'eax', bit: 24 } },
  // FEAT_KVM_HINTS
  { name: 'kvm-hint-dedicated', word: 'FEAT_KVM_HINTS', cpuid: { leaf: 0x40000001, reg: 'edx', bit: 0 } },
  // FEAT_SVM
  { name: 'npt', word: 'FEAT_SVM', cpuid: { leaf: 0x8000000a, reg: 'edx', bit: 0 } },
  { name: 'lbrv', word: 'FEAT_SVM', cpuid: { leaf: 0x8000000a, reg: 'edx', bit: 1 } },
  { name: 'svm-lock', aliases: ['svm_lock'], word: 'FEAT_SVM', cpuid: { leaf: 0x8000000a, reg: 'edx', bit: 2 } },
  { name: 'nrip-save', aliases: ['nrip_save'], word: 'FEAT_SVM', cpuid: { leaf: 0x8000000a, reg: 'edx', bit: 3 } },
  { name: 'tsc-scale', aliases: ['tsc_scale'], word: 'FEAT_SVM', cpuid: { leaf: 0x8000000a, reg: 'edx', bit: 4 } },
  { name: 'vmcb-clean', aliases: ['vmcb_clean'], word: 'FEAT_SVM', cpuid: { leaf: 0x8000000a, reg: 'edx', bit: 5 } },
  { name: 'flushbyasid', word: 'FEAT_SVM', cpuid: { leaf: 0x8000000a, reg: 'edx', bit: 6 } },
  { name: 'decodeassists', word: 'FEAT_SVM', cpuid: { leaf: 0x8000000a, reg: 'edx', bit: 7 } },
  { name: 'pause-filter', aliases: ['pause_filter'], word: 'FEAT_SVM', cpuid: { leaf: 0x8000000a, reg: 'edx', bit: 10 } },
  { name: 'pfthreshold', word: 'FEAT_SVM', cpuid: { leaf: 0x8000000a, reg: 'edx', bit: 12 } },
  { name: 'avic', word: 'FEAT_SVM', cpuid: { leaf: 0x8000000a, reg: 'edx', bit: 13 }, since: '6.0' },
  { name: 'v-vmsave-vmload', word: 'FEAT_SVM', cpuid: { leaf: 0x8000000a, reg: 'edx', bit: 15 }, since: '6.0' },
  { name: 'vgif', word: 'FEAT_SVM', cpuid: { leaf: 0x8000000a, reg: 'edx', bit: 16 }, since: '6.0' },
  { name: 'vnmi', word: 'FEAT_SVM', cpuid: { leaf: 0x8000000a, reg: 'edx', bit: 25 }, since: '8.1' },
  { name: 'svme-addr-chk', word: 'FEAT_SVM', cpuid: { leaf: 0x8000000a, reg: 'edx', bit: 28 }, since: '6.0' },
  // FEAT_XSAVE
  { name: 'xsaveopt', word: 'FEAT_XSAVE', cpuid: { leaf: 0xd, subleaf: 1, reg: 'eax', bit: 0 } },
  { name: 'xsavec', word: 'FEAT_XSAVE', cpuid: { leaf: 0xd, subleaf: 1, reg: 'eax', bit: 1 } },
  { name: 'xgetbv1', word: 'FEAT_XSAVE', cpuid: { leaf: 0xd, subleaf: 1, reg: 'eax', bit: 2 } },
  { name: 'xsaves', word: 'FEAT_XSAVE', cpuid: { leaf: 0xd, subleaf: 1, reg: 'eax', bit: 3 } },
  { name: 'xfd', word: 'FEAT_XSAVE', cpuid: { leaf: 0xd, subleaf: 1, reg: 'eax', bit: 4 }, since: '7.0' },
  // FEAT_6_EAX
  { name: 'arat', word: 'FEAT_6_EAX', cpuid: { leaf: 6, reg: 'eax', bit: 2 } },
  // FEAT_XSAVE_XCR0_LO (no named bits)
  // FEAT_XSAVE_XCR0_HI (no named bits)
  // FEAT_ARCH_CAPABILITIES
  { name: 'rdctl-no', word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 0 } },
  { name: 'ibrs-all', word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 1 } },
  { name: 'rsba', word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 2 } },
  { name: 'skip-l1dfl-vmentry', word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 3 } },
  { name: 'ssb-no', word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 4 } },
  { name: 'mds-no', word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 5 } },
  { name: 'pschange-mc-no', word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 6 } },
  { name: 'tsx-ctrl', word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 7 } },
  { name: 'taa-no', word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 8 } },
  { name: 'sbdr-ssdp-no', word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 13 }, since: '8.1' },
  { name: 'fbsdp-no', word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 14 }, since: '8.1' },
  { name: 'psdp-no', word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 15 }, since: '8.1' },
  { name: 'fb-clear', word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 17 }, since: '8.1' },
  { name: 'bhi-no', word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 20 }, since: '9.1' },
  { name: 'pbrsb-no', word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 24 }, since: '8.1' },
  { name: 'gds-no', word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 26 }, since: '8.2' },
  { name: 'rfds-no', word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 27 }, since: '9.0' },
  { name: 'rfds-clear', word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 28 }, since: '9.0' },
  // QEMU 10.1 (commit 74978391b2da "target/i386: Make ITS_NO available to guests", May 2025)
  { name: 'its-no', word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 62 }, since: '10.1' },
  // FEAT_CORE_CAPABILITY
  { name: 'split-lock-detect', word: 'FEAT_CORE_CAPABILITY', msr: { index: 0xcf, bit: 5 } },
  // FEAT_PERF_CAPABILITIES
  { name: 'full-width-write', word: 'FEAT_PERF_CAPABILITIES', msr: { index: 0x345, bit: 13 }, since: '5.1' },
  // FEAT_VMX_PROCBASED_CTLS
  { name: 'vmx-vintr-pending', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 2 } },
  { name: 'vmx-tsc-offset', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 3 } },
  { name: 'vmx-hlt-exit', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 7 } },
  { name: 'vmx-invlpg-exit', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 9 } },
  { name: 'vmx-mwait-exit', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 10 } },
  { name: 'vmx-rdpmc-exit', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 11 } },
  { name: 'vmx-rdtsc-exit', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 12 } },
  { name: 'vmx-cr3-load-noexit', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 15 } },
  { name: 'vmx-cr3-store-noexit', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 16 } },
  { name: 'vmx-cr8-load-exit', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 19 } },
  { name: 'vmx-cr8-store-exit', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 20 } },
  { name: 'vmx-flexpriority', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 21 } },
  { name: 'vmx-vnmi-pending', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 22 } },
  { name: 'vmx-movdr-exit', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 23 } },
  { name: 'vmx-io-exit', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 24 } },
  { name: 'vmx-io-bitmap', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 25 } },
  { name: 'vmx-mtf', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 27 } },
  { name: 'vmx-msr-bitmap', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 28 } },
  { name: 'vmx-monitor-exit', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 29 } },
  { name: 'vmx-pause-exit', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 30 } },
  { name: 'vmx-secondary-ctls', word: 'FEAT_VMX_PROCBASED_CTLS', msr: { index: 0x48e, bit: 31 } },
  // FEAT_VMX_SECONDARY_CTLS
  { name: 'vmx-apicv-xapic', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 0 } },
  { name: 'vmx-ept', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 1 } },
  { name: 'vmx-desc-exit', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 2 } },
  { name: 'vmx-rdtscp-exit', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 3 } },
  { name: 'vmx-apicv-x2apic', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 4 } },
  { name: 'vmx-vpid', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 5 } },
  { name: 'vmx-wbinvd-exit', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 6 } },
  { name: 'vmx-unrestricted-guest', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 7 } },
  { name: 'vmx-apicv-register', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 8 } },
  { name: 'vmx-apicv-vid', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 9 } },
  { name: 'vmx-ple', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 10 } },
  { name: 'vmx-rdrand-exit', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 11 } },
  { name: 'vmx-invpcid-exit', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 12 } },
  { name: 'vmx-vmfunc', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 13 } },
  { name: 'vmx-shadow-vmcs', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 14 } },
  { name: 'vmx-encls-exit', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 15 } },
  { name: 'vmx-rdseed-exit', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 16 } },
  { name: 'vmx-pml', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 17 } },
  { name: 'vmx-xsaves', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 20 } },
  { name: 'vmx-tsc-scaling', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 25 }, since: '6.1' },
  { name: 'vmx-enable-user-wait-pause', word: 'FEAT_VMX_SECONDARY_CTLS', msr: { index: 0x48b, bit: 26 }, since: '8.1' },
  // FEAT_VMX_PINBASED_CTLS
  { name: 'vmx-intr-exit', word: 'FEAT_VMX_PINBASED_CTLS', msr: { index: 0x48d, bit: 0 } },
  { name: 'vmx-nmi-exit', word: 'FEAT_VMX_PINBASED_CTLS', msr: { index: 0x48d, bit: 3 } },
  { name: 'vmx-vnmi', word: 'FEAT_VMX_PINBASED_CTLS', msr: { index: 0x48d, bit: 5 } },
  { name: 'vmx-preemption-timer', word: 'FEAT_VMX_PINBASED_CTLS', msr: { index: 0x48d, bit: 6 } },
  { name: 'vmx-posted-intr', word: 'FEAT_VMX_PINBASED_CTLS', msr: { index: 0x48d, bit: 7 } },
  // FEAT_VMX_EXIT_CTLS
  { name: 'vmx-exit-nosave-debugctl', word: 'FEAT_VMX_EXIT_CTLS', msr: { index: 0x48f, bit: 2 } },
  { name: 'vmx-exit-load-perf-global-ctrl', word: 'FEAT_VMX_EXIT_CTLS', msr: { index: 0x48f, bit: 12 } },
  { name: 'vmx-exit-ack-intr', word: 'FEAT_VMX_EXIT_CTLS', msr: { index: 0x48f, bit: 15 } },
  { name: 'vmx-exit-save-pat', word: 'FEAT_VMX_EXIT_CTLS', msr: { index: 0x48f, bit: 18 } },
  { name: 'vmx-exit-load-pat', word: 'FEAT_VMX_EXIT_CTLS', msr: { index: 0x48f, bit: 19 } },
  { name: 'vmx-exit-save-efer', word: 'FEAT_VMX_EXIT_CTLS', msr: { index: 0x48f, bit: 20 } },
  { name: 'vmx-exit-load-efer', word: 'FEAT_VMX_EXIT_CTLS', msr: { index: 0x48f, bit: 21 } },
  { name: 'vmx-exit-save-preemption-timer', word: 'FEAT_VMX_EXIT_CTLS', msr: { index: 0x48f, bit: 22 } },
  { name: 'vmx-exit-clear-bndcfgs', word: 'FEAT_VMX_EXIT_CTLS', msr: { index: 0x48f, bit: 23 } },
  { name: 'vmx-exit-clear-rtit-ctl', word: 'FEAT_VMX_EXIT_CTLS', msr: { index: 0x48f, bit: 25 } },
  { name: 'vmx-exit-save-cet', word: 'FEAT_VMX_EXIT_CTLS', msr: { index: 0x48f, bit: 28 }, since: '11.0' },
  { name: 'vmx-exit-load-pkrs', word: 'FEAT_VMX_EXIT_CTLS', msr: { index: 0x48f, bit: 29 }, since: '6.0' },
  { name: 'vmx-exit-secondary-ctls', word: 'FEAT_VMX_EXIT_CTLS', msr: { index: 0x48f, bit: 31 }, since: '9.1' },
  // FEAT_VMX_ENTRY_CTLS
  { name: 'vmx-entry-noload-debugctl', word: 'FEAT_VMX_ENTRY_CTLS', msr: { index: 0x490, bit: 2 } },
  { name: 'vmx-entry-ia32e-mode', word: 'FEAT_VMX_ENTRY_CTLS', msr: { index: 0x490, bit: 9 } },
  { name: 'vmx-entry-load-perf-global-ctrl', word: 'FEAT_VMX_ENTRY_CTLS', msr: { index: 0x490, bit: 13 } },
  { name: 'vmx-entry-load-pat', word: 'FEAT_VMX_ENTRY_CTLS', msr: { index: 0x490, bit: 14 } },
  { name: 'vmx-entry-load-efer', word: 'FEAT_VMX_ENTRY_CTLS', msr: { index: 0x490, bit: 15 } },
  { name: 'vmx-entry-load-bndcfgs', word: 'FEAT_VMX_ENTRY_CTLS', msr: { index: 0x490, bit: 16 } },
  { name: 'vmx-entry-load-rtit-ctl', word: 'FEAT_VMX_ENTRY_CTLS', msr: { index: 0x490, bit: 18 } },
  { name: 'vmx-entry-load-cet', word: 'FEAT_VMX_ENTRY_CTLS', msr: { index: 0x490, bit: 20 }, since: '11.0' },
  { name: 'vmx-entry-load-pkrs', word: 'FEAT_VMX_ENTRY_CTLS', msr: { index: 0x490, bit: 22 }, since: '6.0' },
  { name: 'vmx-entry-load-fred', word: 'FEAT_VMX_ENTRY_CTLS', msr: { index: 0x490, bit: 23 }, since: '9.1' },
  // FEAT_VMX_MISC
  { name: 'vmx-store-lma', word: 'FEAT_VMX_MISC', msr: { index: 0x485, bit: 5 } },
  { name: 'vmx-activity-hlt', word: 'FEAT_VMX_MISC', msr: { index: 0x485, bit: 6 } },
  { name: 'vmx-activity-shutdown', word: 'FEAT_VMX_MISC', msr: { index: 0x485, bit: 7 } },
  { name: 'vmx-activity-wait-sipi', word: 'FEAT_VMX_MISC', msr: { index: 0x485, bit: 8 } },
  { name: 'vmx-vmwrite-vmexit-fields', word: 'FEAT_VMX_MISC', msr: { index: 0x485, bit: 29 } },
  { name: 'vmx-zero-len-inject', word: 'FEAT_VMX_MISC', msr: { index: 0x485, bit: 30 } },
  // FEAT_VMX_EPT_VPID_CAPS
  { name: 'vmx-ept-execonly', word: 'FEAT_VMX_EPT_VPID_CAPS', msr: { index: 0x48c, bit: 0 } },
  { name: 'vmx-page-walk-4', word: 'FEAT_VMX_EPT_VPID_CAPS', msr: { index: 0x48c, bit: 6 } },
  { name: 'vmx-page-walk-5', word: 'FEAT_VMX_EPT_VPID_CAPS', msr: { index: 0x48c, bit: 7 } },
  { name: 'vmx-ept-2mb', word: 'FEAT_VMX_EPT_VPID_CAPS', msr: { index: 0x48c, bit: 16 } },
  { name: 'vmx-ept-1gb', word: 'FEAT_VMX_EPT_VPID_CAPS', msr: { index: 0x48c, bit: 17 } },
  { name: 'vmx-invept', word: 'FEAT_VMX_EPT_VPID_CAPS', msr: { index: 0x48c, bit: 20 } },
  { name: 'vmx-eptad', word: 'FEAT_VMX_EPT_VPID_CAPS', msr: { index: 0x48c, bit: 21 } },
  { name: 'vmx-ept-advanced-exitinfo', word: 'FEAT_VMX_EPT_VPID_CAPS', msr: { index: 0x48c, bit: 22 } },
  { name: 'vmx-invept-single-context', word: 'FEAT_VMX_EPT_VPID_CAPS', msr: { index: 0x48c, bit: 25 } },
  { name: 'vmx-invept-all-context', word: 'FEAT_VMX_EPT_VPID_CAPS', msr: { index: 0x48c, bit: 26 } },
  { name: 'vmx-invvpid', word: 'FEAT_VMX_EPT_VPID_CAPS', msr: { index: 0x48c, bit: 32 } },
  { name: 'vmx-invvpid-single-addr', word: 'FEAT_VMX_EPT_VPID_CAPS', msr: { index: 0x48c, bit: 40 } },
  { name: 'vmx-invept-single-context', word: 'FEAT_VMX_EPT_VPID_CAPS', msr: { index: 0x48c, bit: 41 } },
  { name: 'vmx-invvpid-all-context', word: 'FEAT_VMX_EPT_VPID_CAPS', msr: { index: 0x48c, bit: 42 } },
  { name: 'vmx-invept-single-context-noglobals', word: 'FEAT_VMX_EPT_VPID_CAPS', msr: { index: 0x48c, bit: 43 } },
  // FEAT_VMX_BASIC
  { name: 'vmx-ins-outs', word: 'FEAT_VMX_BASIC', msr: { index: 0x480, bit: 54 } },
  { name: 'vmx-true-ctls', word: 'FEAT_VMX_BASIC', msr: { index: 0x480, bit: 55 } },
  { name: 'vmx-any-errcode', word: 'FEAT_VMX_BASIC', msr: { index: 0x480, bit: 56 }, since: '9.2' },
  { name: 'vmx-nested-exception', word: 'FEAT_VMX_BASIC', msr: { index: 0x480, bit: 58 }, since: '9.2' },
  // FEAT_VMX_VMFUNC
  { name: 'vmx-eptp-switching', word: 'FEAT_VMX_VMFUNC', msr: { index: 0x491, bit: 0 } },
  // FEAT_14_0_ECX
  { name: 'intel-pt-lip', word: 'FEAT_14_0_ECX', cpuid: { leaf: 0x14, subleaf: 0, reg: 'ecx', bit: 31 }, since: '6.0' },
  // FEAT_SGX_12_0_EAX
  { name: 'sgx1', word: 'FEAT_SGX_12_0_EAX', cpuid: { leaf: 0x12, subleaf: 0, reg: 'eax', bit: 0 }, since: '6.2' },
  { name: 'sgx2', word: 'FEAT_SGX_12_0_EAX', cpuid: { leaf: 0x12, subleaf: 0, reg: 'eax', bit: 1 }, since: '6.2' },
  { name: 'sgx-edeccssa', word: 'FEAT_SGX_12_0_EAX', cpuid: { leaf: 0x12, subleaf: 0, reg: 'eax', bit: 11 }, since: '8.0' },
  // FEAT_SGX_12_0_EBX
  { name: 'sgx-exinfo', word: 'FEAT_SGX_12_0_EBX', cpuid: { leaf: 0x12, subleaf: 0, reg: 'ebx', bit: 0 }, since: '6.2' },
  // FEAT_SGX_12_1_EAX
  { name: 'sgx-debug', word: 'FEAT_SGX_12_1_EAX', cpuid: { leaf: 0x12, subleaf: 1, reg: 'eax', bit: 1 }, since: '6.2' },
  { name: 'sgx-mode64', word: 'FEAT_SGX_12_1_EAX', cpuid: { leaf: 0x12, subleaf: 1, reg: 'eax', bit: 2 }, since: '6.2' },
  { name: 'sgx-provisionkey', word: 'FEAT_SGX_12_1_EAX', cpuid: { leaf: 0x12, subleaf: 1, reg: 'eax', bit: 4 }, since: '6.2' },
  { name: 'sgx-tokenkey', word: 'FEAT_SGX_12_1_EAX', cpuid: { leaf: 0x12, subleaf: 1, reg: 'eax', bit: 5 }, since: '6.2' },
  { name: 'sgx-kss', word: 'FEAT_SGX_12_1_EAX', cpuid: { leaf: 0x12, subleaf: 1, reg: 'eax', bit: 7 }, since: '6.2' },
  { name: 'sgx-aex-notify', word: 'FEAT_SGX_12_1_EAX', cpuid: { leaf: 0x12, subleaf: 1, reg: 'eax', bit: 10 }, since: '8.0' },
  // FEAT_XSAVE_XSS_LO (no named bits)
  // FEAT_XSAVE_XSS_HI (no named bits)
  // FEAT_7_1_ECX: QEMU 10.1 (Xin Li, "target/i386: Add a new CPU feature word for CPUID.7.1.ECX" and
  // "Add the immediate form MSR access instruction support", queued 29 May 2025; the word sits
  // before FEAT_7_1_EDX in target/i386/cpu.h; libvirt caps_10.1.0_x86_64.xml lists msr-imm)
  { name: 'msr-imm', word: 'FEAT_7_1_ECX', cpuid: { leaf: 7, subleaf: 1, reg: 'ecx', bit: 5 }, since: '10.1' },
  // FEAT_7_1_EDX
  { name: 'avx-vnni-int8', word: 'FEAT_7_1_EDX', cpuid: { leaf: 7, subleaf: 1, reg: 'edx', bit: 4 }, since: '8.0' },
  { name: 'avx-ne-convert', word: 'FEAT_7_1_EDX', cpuid: { leaf: 7, subleaf: 1, reg: 'edx', bit: 5 }, since: '8.0' },
  { name: 'amx-complex', word: 'FEAT_7_1_EDX', cpuid: { leaf: 7, subleaf: 1, reg: 'edx', bit: 8 }, since: '8.2' },
  { name: 'avx-vnni-int16', word: 'FEAT_7_1_EDX', cpuid: { leaf: 7, subleaf: 1, reg: 'edx', bit: 10 }, since: '9.0' },
  { name: 'prefetchiti', word: 'FEAT_7_1_EDX', cpuid: { leaf: 7, subleaf: 1, reg: 'edx', bit: 14 }, since: '8.0' },
  { name: 'avx10', word: 'FEAT_7_1_EDX', cpuid: { leaf: 7, subleaf: 1, reg: 'edx', bit: 19 }, since: '9.1' },
  // QEMU 11.0 ("i386/cpu: Support APX CPUIDs", CPUID_7_1_EDX_APXF)
  { name: 'apxf', word: 'FEAT_7_1_EDX', cpuid: { leaf: 7, subleaf: 1, reg: 'edx', bit: 21 }, since: '11.0' },
  // FEAT_7_2_EDX
  { name: 'intel-psfd', word: 'FEAT_7_2_EDX', cpuid: { leaf: 7, subleaf: 2, reg: 'edx', bit: 0 }, since: '9.1' },
  { name: 'ipred-ctrl', word: 'FEAT_7_2_EDX', cpuid: { leaf: 7, subleaf: 2, reg: 'edx', bit: 1 }, since: '9.1' },
  { name: 'rrsba-ctrl', word: 'FEAT_7_2_EDX', cpuid: { leaf: 7, subleaf: 2, reg: 'edx', bit: 2 }, since: '9.1' },
  { name: 'ddpd-u', word: 'FEAT_7_2_EDX', cpuid: { leaf: 7, subleaf: 2, reg: 'edx', bit: 3 }, since: '9.1' },
  { name: 'bhi-ctrl', word: 'FEAT_7_2_EDX', cpuid: { leaf: 7, subleaf: 2, reg: 'edx', bit: 4 }, since: '9.1' },
  { name: 'mcdt-no', word: 'FEAT_7_2_EDX', cpuid: { leaf: 7, subleaf: 2, reg: 'edx', bit: 5 }, since: '8.1' },
  // FEAT_24_0_EBX
  { name: 'avx10-128', word: 'FEAT_24_0_EBX', cpuid: { leaf: 0x24, subleaf: 0, reg: 'ebx', bit: 16 }, since: '9.1' },
  { name: 'avx10-256', word: 'FEAT_24_0_EBX', cpuid: { leaf: 0x24, subleaf: 0, reg: 'ebx', bit: 17 }, since: '9.1' },
  { name: 'avx10-512', word: 'FEAT_24_0_EBX', cpuid: { leaf: 0x24, subleaf: 0, reg: 'ebx', bit: 18 }, since: '9.1' },
  // The words QEMU 11.0 added for Diamond Rapids, in FeatureWord order (target/i386/cpu.h):
  // FEAT_29_0_EBX ("i386/cpu: Support APX CPUIDs")
  { name: 'apx-nci-ndd-nf', word: 'FEAT_29_0_EBX', cpuid: { leaf: 0x29, subleaf: 0, reg: 'ebx', bit: 0 }, since: '11.0' },
  // FEAT_1E_1_EAX (the AMX leaf 0x1e subleaf 1; bits 0-3 mirror amx-int8, amx-bf16, amx-complex, amx-fp16)
  { name: 'amx-int8-mirror', word: 'FEAT_1E_1_EAX', cpuid: { leaf: 0x1e, subleaf: 1, reg: 'eax', bit: 0 }, since: '11.0' },
  { name: 'amx-bf16-mirror', word: 'FEAT_1E_1_EAX', cpuid: { leaf: 0x1e, subleaf: 1, reg: 'eax', bit: 1 }, since: '11.0' },
  { name: 'amx-complex-mirror', word: 'FEAT_1E_1_EAX', cpuid: { leaf: 0x1e, subleaf: 1, reg: 'eax', bit: 2 }, since: '11.0' },
  { name: 'amx-fp16-mirror', word: 'FEAT_1E_1_EAX', cpuid: { leaf: 0x1e, subleaf: 1, reg: 'eax', bit: 3 }, since: '11.0' },
  { name: 'amx-fp8', word: 'FEAT_1E_1_EAX', cpuid: { leaf: 0x1e, subleaf: 1, reg: 'eax', bit: 4 }, since: '11.0' },
  { name: 'amx-tf32', word: 'FEAT_1E_1_EAX', cpuid: { leaf: 0x1e, subleaf: 1, reg: 'eax', bit: 6 }, since: '11.0' },
  { name: 'amx-avx512', word: 'FEAT_1E_1_EAX', cpuid: { leaf: 0x1e, subleaf: 1, reg: 'eax', bit: 7 }, since: '11.0' },
  { name: 'amx-movrs', word: 'FEAT_1E_1_EAX', cpuid: { leaf: 0x1e, subleaf: 1, reg: 'eax', bit: 8 }, since: '11.0' },
  // FEAT_24_1_ECX (AVX10 leaf 0x24 subleaf 1)
  { name: 'avx10-vnni-int', word: 'FEAT_24_1_ECX', cpuid: { leaf: 0x24, subleaf: 1, reg: 'ecx', bit: 2 }, since: '11.0' },
];

/**
 * QEMU's feature dependencies (feature_dependencies[] in target/i386/cpu.c).
 *
 * When a CPU model is expanded, QEMU walks this list once, in this order: if
 * none of the `from` features is enabled, every feature listed in `to` is
 * switched off (`to` without `names` means every named bit of `word`).
 * Because no model enables VMX ('vmx' in CPUID.1:ECX), this is what turns
 * all the vmx-* features of a model off in a plain expansion.
 *
 * The two FEAT_VMX_EPT_VPID_CAPS entries split the word in halves: bits 0..31
 * (EPT capabilities) depend on 'vmx-ept', bits 32..63 (VPID capabilities) on
 * 'vmx-vpid'.  'vmx-invept-single-context' has a bit in each half, so it
 * is listed in both.
 */
export interface X86FeatureDependency {
  from: readonly string[];
  to: { word: string; names?: readonly string[] };
  since?: string;
}

const EPT_LOW = [
  'vmx-ept-execonly', 'vmx-page-walk-4', 'vmx-page-walk-5', 'vmx-ept-2mb', 'vmx-ept-1gb', 'vmx-invept', 'vmx-eptad',
  'vmx-ept-advanced-exitinfo', 'vmx-invept-single-context', 'vmx-invept-all-context',
] as const;
const VPID_HIGH = [
  'vmx-invvpid', 'vmx-invvpid-single-addr', 'vmx-invept-single-context', 'vmx-invvpid-all-context',
  'vmx-invept-single-context-noglobals',
] as const;

export const X86_FEATURE_DEPENDENCIES: readonly X86FeatureDependency[] = [
  { from: ['arch-capabilities'], to: { word: 'FEAT_ARCH_CAPABILITIES' } },
  { from: ['core-capability'], to: { word: 'FEAT_CORE_CAPABILITY' } },
  { from: ['pdcm'], to: { word: 'FEAT_PERF_CAPABILITIES' } },
  { from: ['vmx'], to: { word: 'FEAT_VMX_PROCBASED_CTLS' } },
  { from: ['vmx'], to: { word: 'FEAT_VMX_PINBASED_CTLS' } },
  { from: ['vmx'], to: { word: 'FEAT_VMX_EXIT_CTLS' } },
  { from: ['vmx'], to: { word: 'FEAT_VMX_ENTRY_CTLS' } },
  { from: ['vmx'], to: { word: 'FEAT_VMX_MISC' } },
  { from: ['vmx'], to: { word: 'FEAT_VMX_BASIC' } },
  { from: ['lm'], to: { word: 'FEAT_VMX_ENTRY_CTLS', names: ['vmx-entry-ia32e-mode'] } },
  { from: ['vmx-secondary-ctls'], to: { word: 'FEAT_VMX_SECONDARY_CTLS' } },
  { from: ['xsaves'], to: { word: 'FEAT_VMX_SECONDARY_CTLS', names: ['vmx-xsaves'] } },
  { from: ['rdrand'], to: { word: 'FEAT_VMX_SECONDARY_CTLS', names: ['vmx-rdrand-exit'] } },
  { from: ['invpcid'], to: { word: 'FEAT_VMX_SECONDARY_CTLS', names: ['vmx-invpcid-exit'] } },
  { from: ['mpx'], to: { word: 'FEAT_VMX_EXIT_CTLS', names: ['vmx-exit-clear-bndcfgs'] } },
  { from: ['mpx'], to: { word: 'FEAT_VMX_ENTRY_CTLS', names: ['vmx-entry-load-bndcfgs'] } },
  { from: ['rdseed'], to: { word: 'FEAT_VMX_SECONDARY_CTLS', names: ['vmx-rdseed-exit'] } },
  { from: ['intel-pt'], to: { word: 'FEAT_14_0_ECX' } },
  { from: ['rdtscp'], to: { word: 'FEAT_VMX_SECONDARY_CTLS', names: ['vmx-rdtscp-exit'] } },
  { from: ['vmx-ept'], to: { word: 'FEAT_VMX_EPT_VPID_CAPS', names: EPT_LOW } },
  { from: ['vmx-ept'], to: { word: 'FEAT_VMX_SECONDARY_CTLS', names: ['vmx-unrestricted-guest'] } },
  { from: ['vmx-vpid'], to: { word: 'FEAT_VMX_EPT_VPID_CAPS', names: VPID_HIGH } },
  { from: ['vmx-vmfunc'], to: { word: 'FEAT_VMX_VMFUNC' } },
  // QEMU 5.1 (Eduardo Habkost, "target/i386: Add SVM dependency to FEAT_SVM features", June 2020):
  // before it, a model's SVM leaf bits (phenom's npt) stayed on with svm off, e.g. under KVM
  { from: ['svm'], to: { word: 'FEAT_SVM' }, since: '5.1' },
  // No xsave -> FEAT_XSAVE row: Paolo Bonzini's "target/i386: add feature dependency for XSAVE"
  // (qemu-devel, 9 May 2024) was reviewed but is absent from qemu/qemu target/i386/cpu.c commit
  // 0048035a (which already names eraps and srso-user-kernel-no), and no pull request carries it.
  { from: ['waitpkg'], to: { word: 'FEAT_VMX_SECONDARY_CTLS', names: ['vmx-enable-user-wait-pause'] }, since: '8.1' },
  { from: ['lm'], to: { word: 'FEAT_7_1_EAX', names: ['fred'] }, since: '9.1' },
  { from: ['lkgs'], to: { word: 'FEAT_7_1_EAX', names: ['fred'] }, since: '9.1' },
  { from: ['wrmsrns'], to: { word: 'FEAT_7_1_EAX', names: ['fred'] }, since: '9.1' },
  // QEMU 7.2 does not yet tie the SGX bits to 'sgx' (seen live: sgx1=on stays on without sgx)
  { from: ['sgx'], to: { word: 'FEAT_7_0_ECX', names: ['sgxlc'] }, since: '8.0' },
  { from: ['sgx'], to: { word: 'FEAT_SGX_12_0_EAX' }, since: '8.0' },
  { from: ['sgx'], to: { word: 'FEAT_SGX_12_0_EBX' }, since: '8.0' },
  { from: ['sgx'], to: { word: 'FEAT_SGX_12_1_EAX' }, since: '8.0' },
  { from: ['avx10-128'], to: { word: 'FEAT_24_0_EBX', names: ['avx10-256'] }, since: '9.1' },
  { from: ['avx10-256'], to: { word: 'FEAT_24_0_EBX', names: ['avx10-512'] }, since: '9.1' },
  { from: ['avx10-128', 'avx10-256', 'avx10-512'], to: { word: 'FEAT_7_1_EDX', names: ['avx10'] }, since: '9.1' },
  { from: ['avx10'], to: { word: 'FEAT_24_0_EBX' }, since: '9.1' },
  // QEMU 11.0: APX_F gates leaf 0x29, AVX10 gates leaf 0x24 subleaf 1
  { from: ['apxf'], to: { word: 'FEAT_29_0_EBX' }, since: '11.0' },
  { from: ['avx10'], to: { word: 'FEAT_24_1_ECX' }, since: '11.0' },
];
