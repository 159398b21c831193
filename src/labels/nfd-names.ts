/**
 * Node Feature Discovery's cpu-cpuid names, per architecture (facts):
 *
 * - x86_64: NFD reports klauspost/cpuid's FeatureSet() (source/cpu/cpuid_amd64.go),
 *   the library's FeatureID names (cpuid.go, v2). X86_KLAUSPOST maps QEMU's
 *   feature name to that FeatureID; a feature the library does not know has no
 *   NFD label. Which CPUID bit each name stands for: QEMU target/i386/cpu.c
 *   feature_word_info and klauspost/cpuid detect_x86 (same bit, other name).
 * - aarch64: NFD reads AT_HWCAP/AT_HWCAP2 (source/cpu/cpuid_linux_arm64.go);
 *   its names are the Linux hwcap names upper-cased, which are /proc/cpuinfo's
 *   "Features" words upper-cased; NFD reports only the ones in its table.
 * - s390x: AT_HWCAP (source/cpu/cpuid_linux_s390x.go). The kernel sets each bit
 *   from STFLE facilities (arch/s390/kernel/processor.c / setup.c); S390_HWCAP
 *   maps NFD's name to the QEMU facility features that bit needs. ESAN3, ZARCH
 *   and HIGHGPRS hold on every 64-bit kernel.
 * - ppc64: AT_HWCAP/AT_HWCAP2 names (source/cpu/cpuid_linux_ppc64le.go); the
 *   host documents carry no hwcaps, so no cpu-cpuid labels are derived.
 */

export const X86_KLAUSPOST: Readonly<Record<string, string>> = {
  // CPUID.1:EDX / ECX
  fpu: 'X87', cx8: 'CMPXCHG8', cmov: 'CMOV', mmx: 'MMX', fxsr: 'FXSR', sse: 'SSE', sse2: 'SSE2', ht: 'HTT', sep: 'SYSEE',
  pni: 'SSE3', pclmulqdq: 'CLMUL', ssse3: 'SSSE3', fma: 'FMA3', cx16: 'CX16', 'sse4.1': 'SSE4', 'sse4.2': 'SSE42', movbe: 'MOVBE',
  popcnt: 'POPCNT', aes: 'AESNI', xsave: 'XSAVE', osxsave: 'OSXSAVE', avx: 'AVX', f16c: 'F16C', rdrand: 'RDRAND', hypervisor: 'HYPERVISOR', vmx: 'VMX',
  // CPUID.80000001
  syscall: 'SYSCALL', nx: 'NX', mmxext: 'MMXEXT', 'fxsr-opt': 'FXSROPT', rdtscp: 'RDTSCP', '3dnowext': 'AMD3DNOWEXT', '3dnow': 'AMD3DNOW',
  'lahf-lm': 'LAHF', lahf_lm: 'LAHF', svm: 'SVM', abm: 'LZCNT', sse4a: 'SSE4A', xop: 'XOP', fma4: 'FMA4', tbm: 'TBM', topoext: 'TOPEXT', ibs: 'IBS',
  // CPUID.7.0
  bmi1: 'BMI1', hle: 'HLE', avx2: 'AVX2', bmi2: 'BMI2', erms: 'ERMS', rtm: 'RTM', mpx: 'MPX', avx512f: 'AVX512F', avx512dq: 'AVX512DQ',
  rdseed: 'RDSEED', adx: 'ADX', avx512ifma: 'AVX512IFMA', avx512pf: 'AVX512PF', avx512er: 'AVX512ER', avx512cd: 'AVX512CD', 'sha-ni': 'SHA',
  avx512bw: 'AVX512BW', avx512vl: 'AVX512VL', avx512vbmi: 'AVX512VBMI', waitpkg: 'WAITPKG', avx512vbmi2: 'AVX512VBMI2', gfni: 'GFNI', vaes: 'VAES',
  vpclmulqdq: 'VPCLMULQDQ', avx512vnni: 'AVX512VNNI', avx512bitalg: 'AVX512BITALG', 'avx512-vpopcntdq': 'AVX512VPOPCNTDQ', cldemote: 'CLDEMOTE',
  movdiri: 'MOVDIRI', movdir64b: 'MOVDIR64B', enqcmd: 'ENQCMD', 'avx512-vp2intersect': 'AVX512VP2INTERSECT', fsrm: 'FSRM', 'md-clear': 'MD_CLEAR',
  serialize: 'SERIALIZE', 'tsx-ldtrk': 'TSXLDTRK', pconfig: 'PCONFIG', 'amx-bf16': 'AMXBF16', 'avx512-fp16': 'AVX512FP16', 'amx-tile': 'AMXTILE',
  'amx-int8': 'AMXINT8', 'spec-ctrl': 'IBPB', stibp: 'STIBP', 'arch-capabilities': 'IA32_ARCH_CAP', 'core-capability': 'IA32_CORE_CAP', ssbd: 'SPEC_CTRL_SSBD',
  // CPUID.7.1 / 7.2
  'avx-vnni': 'AVXVNNI', 'avx512-bf16': 'AVX512BF16', cmpccxadd: 'CMPCCXADD', 'amx-fp16': 'AMXFP16', 'avx-ifma': 'AVXIFMA', lam: 'LAM',
  'avx-vnni-int8': 'AVXVNNIINT8', 'avx-ne-convert': 'AVXNECONVERT', prefetchiti: 'PREFETCHI', wrmsrns: 'WRMSRNS',
  'bhi-ctrl': 'BHI_CTRL', 'rrsba-ctrl': 'RRSBA_CTRL', 'ipred-ctrl': 'IDPRED_CTRL', 'mcdt-no': 'MCDT_NO',
  // CPUID.D.1
  xsaveopt: 'XSAVEOPT', xsavec: 'XSAVEC', xgetbv1: 'XGETBV1', xsaves: 'XSAVES',
  // CPUID.80000008 / 8000000A / 80000021
  clzero: 'CLZERO', wbnoinvd: 'WBNOINVD', ibpb: 'IBPB', 'amd-stibp': 'STIBP', ibrs: 'IBRS', 'amd-ssbd': 'SPEC_CTRL_SSBD', 'amd-psfd': 'PSFD',
  'stibp-always-on': 'STIBP_ALWAYSON', rdpru: 'RDPRU', succor: 'SUCCOR',
  npt: 'SVMNP', lbrv: 'LBRVIRT', 'svm-lock': 'SVML', 'nrip-save': 'NRIPS', 'tsc-scale': 'TSCRATEMSR', 'vmcb-clean': 'VMCBCLEAN',
  flushbyasid: 'SVMFBASID', decodeassists: 'SVMDA', 'pause-filter': 'SVMPF', pfthreshold: 'SVMPFT',
};

/** NFD's default cpuid attributeBlacklist (deployment/components/…/nfd-worker.conf, cpu source): features every x86-64 CPU has, or noise. */
export const NFD_X86_DENY: readonly string[] = ['BMI1', 'BMI2', 'CLMUL', 'CMOV', 'CX16', 'ERMS', 'F16C', 'HTT', 'LZCNT', 'MMX', 'MMXEXT', 'NX', 'POPCNT', 'RDRAND', 'RDSEED', 'RDTSCP', 'SGX', 'SGXLC', 'SSE', 'SSE2', 'SSE3', 'SSE4', 'SSE42', 'SSSE3', 'TDX_GUEST'];

/** NFD's arm64 hwcap names (AT_HWCAP then AT_HWCAP2, in bit order). */
export const ARM64_HWCAPS: readonly string[] = [
  'FP', 'ASIMD', 'EVTSTRM', 'AES', 'PMULL', 'SHA1', 'SHA2', 'CRC32', 'ATOMICS', 'FPHP', 'ASIMDHP', 'CPUID', 'ASIMDRDM', 'JSCVT', 'FCMA', 'LRCPC',
  'DCPOP', 'SHA3', 'SM3', 'SM4', 'ASIMDDP', 'SHA512', 'SVE', 'ASIMDFHM', 'DIT', 'USCAT', 'ILRCPC', 'FLAGM', 'SSBS', 'SB', 'PACA', 'PACG',
  'DCPODP', 'SVE2', 'SVEAES', 'SVEPMULL', 'SVEBITPERM', 'SVESHA3', 'SVESM4', 'FLAGM2', 'FRINT', 'SVEI8MM', 'SVEF32MM', 'SVEF64MM', 'SVEBF16',
  'I8MM', 'BF16', 'DGH', 'RNG', 'BTI', 'MTE', 'ECV', 'AFP', 'RPRES', 'MTE3', 'SME', 'SMEI16I64', 'SMEF64F64', 'SMEI8I32', 'SMEF16F32',
  'SMEB16F32', 'SMEF32F32', 'SMEFA64', 'WFXT', 'EBF16', 'SVEEBF16',
];

/** NFD's s390x name → the QEMU facility features the kernel needs for that hwcap bit ([] : always on a 64-bit kernel). */
export const S390_HWCAP: Readonly<Record<string, readonly string[]>> = {
  ESAN3: [], ZARCH: [], HIGHGPRS: [], STFLE: ['stfle'], MSA: ['msa-base'], LDISP: ['ldisp'], EIMM: ['eimm'], DFP: ['dfp'], EDAT: ['edat'],
  ETF3EH: ['etf3eh'], TE: ['te'], VX: ['vx'], VXD: ['vxpd'], VXE: ['vxeh'], GS: ['gs'], VXE2: ['vxeh2'], VXP: ['vxpdeh'], SORT: ['sortl'],
  DFLT: ['deflate'], VXP2: ['vxpdeh2'], NNPA: ['nnpa'],
};
