/**
 * AArch64 features, in the vocabulary Linux prints in /proc/cpuinfo
 * (`Features:` line), each tied to the ID-register field it is decoded from.
 *
 * Order: Linux's hwcap order (HWCAP_*, then HWCAP2_*), which is also the
 * order /proc/cpuinfo lists them in; then the few QEMU-only properties that
 * are not hwcaps (execution state, PMU, SVE vector lengths, the PAuth
 * algorithm).
 *
 * Decoding rule (Linux's): a hwcap is present when the field value is at
 * least `min` (fields are 4 bits unless `width` says otherwise; `signed`
 * fields treat 0xf as "not implemented"). `gate` names a hwcap that must be
 * present as well (the SVE and SME sub-features are reported only when SVE
 * or SME is). `eq` demands an exact value (the SME "all of these" fields).
 */

export type IdReg = 'PFR0' | 'PFR1' | 'ISAR0' | 'ISAR1' | 'ISAR2' | 'MMFR0' | 'MMFR1' | 'MMFR2' | 'ZFR0' | 'SMFR0';

export const ID_REGS: readonly IdReg[] = ['PFR0', 'PFR1', 'ISAR0', 'ISAR1', 'ISAR2', 'MMFR0', 'MMFR1', 'MMFR2', 'ZFR0', 'SMFR0'];

export interface Aarch64FeatureRow {
  name: string;
  /** 'ID_AA64…' register the field lives in, 'kernel' (Linux-provided), or 'qemu' (a QEMU property, no ID field). */
  kind: string;
  /** field shift (0 when not a register field) */
  bit: number;
  desc: string;
  reg?: IdReg;
  /** minimum field value */
  min?: number;
  /** exact field value */
  eq?: number;
  width?: number;
  signed?: boolean;
  /** alternative field that also grants it (pointer authentication: arch or impdef algorithm) */
  or?: { reg: IdReg; bit: number; min: number }[];
  gate?: string;
  /** Linux version that introduced the name */
  linux?: string;
  /** QEMU version that introduced it (absent: QEMU 7.2 has it) */
  since?: string;
}

const r = (name: string, reg: IdReg, bit: number, min: number, desc: string, extra: Partial<Aarch64FeatureRow> = {}): Aarch64FeatureRow => ({
  name,
  kind: `ID_AA64${reg}_EL1`,
  bit,
  desc,
  reg,
  min,
  ...extra,
});

export const AARCH64_FEATURES: readonly Aarch64FeatureRow[] = [
  // HWCAP_*
  r('fp', 'PFR0', 16, 0, 'floating point', { signed: true }),
  r('asimd', 'PFR0', 20, 0, 'Advanced SIMD', { signed: true }),
  { name: 'evtstrm', kind: 'kernel', bit: 0, desc: 'generic timer event stream (a kernel setting, not a CPU feature)' },
  r('aes', 'ISAR0', 4, 1, 'AES instructions'),
  r('pmull', 'ISAR0', 4, 2, 'PMULL/PMULL2 64-bit polynomial multiply'),
  r('sha1', 'ISAR0', 8, 1, 'SHA1 instructions'),
  r('sha2', 'ISAR0', 12, 1, 'SHA256 instructions'),
  r('crc32', 'ISAR0', 16, 1, 'CRC32 instructions'),
  r('atomics', 'ISAR0', 20, 2, 'large system extensions atomics (FEAT_LSE)'),
  r('fphp', 'PFR0', 16, 1, 'half-precision floating point', { signed: true }),
  r('asimdhp', 'PFR0', 20, 1, 'half-precision Advanced SIMD', { signed: true }),
  { name: 'cpuid', kind: 'kernel', bit: 0, desc: 'ID registers readable from EL0 (emulated by the kernel)' },
  r('asimdrdm', 'ISAR0', 28, 1, 'rounding double multiply accumulate (FEAT_RDM)'),
  r('jscvt', 'ISAR1', 12, 1, 'JavaScript conversion (FEAT_JSCVT)'),
  r('fcma', 'ISAR1', 16, 1, 'complex number arithmetic (FEAT_FCMA)'),
  r('lrcpc', 'ISAR1', 20, 1, 'load-acquire RCpc (FEAT_LRCPC)'),
  r('dcpop', 'ISAR1', 0, 1, 'DC CVAP (FEAT_DPB)'),
  r('sha3', 'ISAR0', 32, 1, 'SHA3 instructions'),
  r('sm3', 'ISAR0', 36, 1, 'SM3 instructions'),
  r('sm4', 'ISAR0', 40, 1, 'SM4 instructions'),
  r('asimddp', 'ISAR0', 44, 1, 'dot product (FEAT_DotProd)'),
  r('sha512', 'ISAR0', 12, 2, 'SHA512 instructions'),
  r('sve', 'PFR0', 32, 1, 'Scalable Vector Extension'),
  r('asimdfhm', 'ISAR0', 48, 1, 'FMLAL/FMLSL (FEAT_FHM)'),
  r('dit', 'PFR0', 48, 1, 'data independent timing (FEAT_DIT)'),
  r('uscat', 'MMFR2', 32, 1, 'unaligned single-copy atomicity (FEAT_LSE2)'),
  r('ilrcpc', 'ISAR1', 20, 2, 'load-acquire RCpc with immediate offsets (FEAT_LRCPC2)'),
  r('flagm', 'ISAR0', 52, 1, 'flag manipulation (FEAT_FlagM)'),
  r('ssbs', 'PFR1', 4, 2, 'speculative store bypass safe, MSR/MRS (FEAT_SSBS2)'),
  r('sb', 'ISAR1', 36, 1, 'speculation barrier (FEAT_SB)'),
  r('paca', 'ISAR1', 4, 1, 'pointer authentication, address keys (FEAT_PAuth)', { or: [{ reg: 'ISAR1', bit: 8, min: 1 }, { reg: 'ISAR2', bit: 12, min: 1 }] }),
  r('pacg', 'ISAR1', 24, 1, 'pointer authentication, generic key (FEAT_PAuth)', { or: [{ reg: 'ISAR1', bit: 28, min: 1 }, { reg: 'ISAR2', bit: 8, min: 1 }] }),
  // HWCAP2_*
  r('dcpodp', 'ISAR1', 0, 2, 'DC CVADP (FEAT_DPB2)', { linux: '5.3' }),
  r('sve2', 'ZFR0', 0, 1, 'SVE2', { gate: 'sve', linux: '5.3' }),
  r('sveaes', 'ZFR0', 4, 1, 'SVE2 AES', { gate: 'sve', linux: '5.3' }),
  r('svepmull', 'ZFR0', 4, 2, 'SVE2 PMULL128', { gate: 'sve', linux: '5.3' }),
  r('svebitperm', 'ZFR0', 16, 1, 'SVE2 bit permute', { gate: 'sve', linux: '5.3' }),
  r('svesha3', 'ZFR0', 32, 1, 'SVE2 SHA3', { gate: 'sve', linux: '5.3' }),
  r('svesm4', 'ZFR0', 40, 1, 'SVE2 SM4', { gate: 'sve', linux: '5.3' }),
  r('flagm2', 'ISAR0', 52, 2, 'flag manipulation 2 (FEAT_FlagM2)', { linux: '5.4' }),
  r('frint', 'ISAR1', 32, 1, 'FRINT32Z and friends (FEAT_FRINTTS)', { linux: '5.4' }),
  r('svei8mm', 'ZFR0', 44, 1, 'SVE int8 matrix multiply', { gate: 'sve', linux: '5.6' }),
  r('svef32mm', 'ZFR0', 52, 1, 'SVE fp32 matrix multiply', { gate: 'sve', linux: '5.6' }),
  r('svef64mm', 'ZFR0', 56, 1, 'SVE fp64 matrix multiply', { gate: 'sve', linux: '5.6' }),
  r('svebf16', 'ZFR0', 20, 1, 'SVE BFloat16', { gate: 'sve', linux: '5.6' }),
  r('i8mm', 'ISAR1', 52, 1, 'int8 matrix multiply (FEAT_I8MM)', { linux: '5.6' }),
  r('bf16', 'ISAR1', 44, 1, 'BFloat16 (FEAT_BF16)', { linux: '5.6' }),
  r('dgh', 'ISAR1', 48, 1, 'data gathering hint (FEAT_DGH)', { linux: '5.6' }),
  r('rng', 'ISAR0', 60, 1, 'random number instructions (FEAT_RNG)', { linux: '5.6' }),
  r('bti', 'PFR1', 0, 1, 'branch target identification (FEAT_BTI)', { linux: '5.8' }),
  r('mte', 'PFR1', 8, 2, 'memory tagging (FEAT_MTE2)', { linux: '5.10' }),
  r('ecv', 'MMFR0', 60, 1, 'enhanced counter virtualization (FEAT_ECV)', { linux: '5.16' }),
  r('afp', 'MMFR1', 44, 1, 'alternate floating-point behaviour (FEAT_AFP)', { linux: '5.17' }),
  r('rpres', 'ISAR2', 4, 1, 'increased reciprocal precision (FEAT_RPRES)', { linux: '5.17' }),
  r('mte3', 'PFR1', 8, 3, 'asymmetric tag-check faults (FEAT_MTE3)', { linux: '5.18' }),
  r('sme', 'PFR1', 24, 1, 'Scalable Matrix Extension', { linux: '5.19' }),
  r('sme_i16i64', 'SMFR0', 52, 0, 'SME I16I64', { eq: 0xf, gate: 'sme', linux: '5.19' }),
  r('sme_f64f64', 'SMFR0', 48, 1, 'SME F64F64', { width: 1, gate: 'sme', linux: '5.19' }),
  r('sme_i8i32', 'SMFR0', 36, 0, 'SME I8I32', { eq: 0xf, gate: 'sme', linux: '5.19' }),
  r('sme_f16f32', 'SMFR0', 35, 1, 'SME F16F32', { width: 1, gate: 'sme', linux: '5.19' }),
  r('sme_b16f32', 'SMFR0', 34, 1, 'SME B16F32', { width: 1, gate: 'sme', linux: '5.19' }),
  r('sme_f32f32', 'SMFR0', 32, 1, 'SME F32F32', { width: 1, gate: 'sme', linux: '5.19' }),
  r('sme_fa64', 'SMFR0', 63, 1, 'SME full A64 in streaming mode', { width: 1, gate: 'sme', linux: '5.19' }),
  r('wfxt', 'ISAR2', 0, 2, 'WFET/WFIT (FEAT_WFxT)', { linux: '6.1' }),
  r('ebf16', 'ISAR1', 44, 2, 'extended BFloat16 (FEAT_EBF16)', { linux: '6.1' }),
  r('sve_ebf16', 'ZFR0', 20, 2, 'SVE extended BFloat16', { gate: 'sve', linux: '6.1' }),
  r('cssc', 'ISAR2', 52, 1, 'common short sequence compression (FEAT_CSSC)', { linux: '6.3' }),
  r('rprfm', 'ISAR2', 48, 1, 'range prefetch (FEAT_RPRFM)', { linux: '6.3' }),
  r('sve2p1', 'ZFR0', 0, 2, 'SVE2.1', { gate: 'sve', linux: '6.3' }),
  r('sme2', 'SMFR0', 56, 1, 'SME2', { gate: 'sme', linux: '6.3' }),
  r('sme2p1', 'SMFR0', 56, 2, 'SME2.1', { gate: 'sme', linux: '6.3' }),
  r('sme_i16i32', 'SMFR0', 44, 0, 'SME I16I32', { eq: 0x5, gate: 'sme', linux: '6.3' }),
  r('sme_bi32i32', 'SMFR0', 33, 1, 'SME BI32I32', { width: 1, gate: 'sme', linux: '6.3' }),
  r('sme_b16b16', 'SMFR0', 43, 1, 'SME B16B16', { width: 1, gate: 'sme', linux: '6.3' }),
  r('sme_f16f16', 'SMFR0', 42, 1, 'SME F16F16', { width: 1, gate: 'sme', linux: '6.3' }),
  r('mops', 'ISAR2', 16, 1, 'memory copy and set instructions (FEAT_MOPS)', { linux: '6.5' }),
  r('hbc', 'ISAR2', 20, 1, 'hinted conditional branches (FEAT_HBC)', { linux: '6.5' }),
  r('sve_b16b16', 'ZFR0', 24, 1, 'SVE BFloat16 arithmetic', { gate: 'sve', linux: '6.7' }),
  r('lrcpc3', 'ISAR1', 20, 3, 'load-acquire RCpc 3 (FEAT_LRCPC3)', { linux: '6.7' }),
  r('lse128', 'ISAR0', 20, 3, '128-bit atomics (FEAT_LSE128)', { linux: '6.7' }),
  // QEMU properties that are no hwcap
  { name: 'aarch64', kind: 'qemu', bit: 0, desc: 'the AArch64 execution state' },
  { name: 'pmu', kind: 'qemu', bit: 0, desc: 'performance monitors unit' },
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16].map((vq) => ({ name: `sve${vq * 128}`, kind: 'sve-vl', bit: vq - 1, desc: `SVE vector length of ${vq * 128} bits` })),
  { name: 'pauth-impdef', kind: 'qemu', bit: 0, desc: "QEMU's implementation-defined pointer-authentication algorithm instead of QARMA5" },
];

/** Features Linux prints that describe the kernel, not the CPU: probes leave them out of a capability. */
export const AARCH64_KERNEL_FEATURES: readonly string[] = ['evtstrm', 'cpuid'];

/**
 * QEMU 7.2's cpu_model_advertised_features: the only props a full expansion
 * reports, and the order in which the props of a request are applied.
 */
export const AARCH64_QEMU_PROPS: readonly string[] = [
  'aarch64',
  'pmu',
  'sve',
  'sve128',
  'sve256',
  'sve384',
  'sve512',
  'sve640',
  'sve768',
  'sve896',
  'sve1024',
  'sve1152',
  'sve1280',
  'sve1408',
  'sve1536',
  'sve1664',
  'sve1792',
  'sve1920',
  'sve2048',
  'kvm-no-adjvtime',
  'kvm-steal-time',
  'pauth',
  'pauth-impdef',
];
