/*
 * The x86-64 psABI micro-architecture levels (facts from the System V
 * x86-64 psABI), in QEMU's feature names. Each level lists what it adds to
 * the one before; the cumulative sets are computed. They are models of our
 * own (QEMU 7.2 has none), usable in comparisons and baselines but not
 * listed by query-cpu-definitions.
 */
export interface X86AbiLevelRow {
  name: string;
  desc: string;
  adds: readonly string[];
}

export const X86_PSABI_LEVELS: readonly X86AbiLevelRow[] = [
  // CMOV CX8 FPU FXSR MMX OSFXSR SCE SSE SSE2 (long mode implied)
  { name: 'x86-64-v1', desc: 'x86-64 baseline', adds: ['cmov', 'cx8', 'fpu', 'fxsr', 'mmx', 'syscall', 'sse', 'sse2', 'lm'] },
  // CMPXCHG16B LAHF-SAHF POPCNT SSE3 SSE4_1 SSE4_2 SSSE3
  { name: 'x86-64-v2', desc: 'x86-64 level 2', adds: ['cx16', 'lahf-lm', 'popcnt', 'pni', 'sse4.1', 'sse4.2', 'ssse3'] },
  // AVX AVX2 BMI1 BMI2 F16C FMA LZCNT MOVBE OSXSAVE
  { name: 'x86-64-v3', desc: 'x86-64 level 3', adds: ['avx', 'avx2', 'bmi1', 'bmi2', 'f16c', 'fma', 'abm', 'movbe', 'xsave'] },
  // AVX512F AVX512BW AVX512CD AVX512DQ AVX512VL
  { name: 'x86-64-v4', desc: 'x86-64 level 4', adds: ['avx512f', 'avx512bw', 'avx512cd', 'avx512dq', 'avx512vl'] },
];

/**
 * Features QEMU never lets a migratable CPU carry (its unmigratable flags):
 * a baseline for migration leaves them out.
 */
export const X86_UNMIGRATABLE_FEATURES: readonly string[] = ['invtsc'];
