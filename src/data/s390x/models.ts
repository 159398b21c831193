/*
 * s390x CPU model definitions and related constant data (facts only).
 *
 * S390_MODELS is QEMU's CPU definition table in its order (release order;
 * "-cpu help" and query-cpu-definitions follow it).  Each row also yields a
 * static "NAME-base" model.  Feature sets come from generations.ts via
 * (gen, ga).  Rows with `since` did not exist in QEMU 7.2.
 *
 * IBM z17 (gen17a = machine type 9175, gen17b = machine type 9176,
 * generation 17, GA1) was added to QEMU for 10.0 (s390x pull request of
 * 2024-12-11, "First s390x ... patches for v10.0"); QEMU names them with the
 * machine-type placeholder descriptions "IBM 9175 GA1" / "IBM 9176 GA1",
 * just as it did for gen16 ("IBM 3931 GA1" / "IBM 3932 GA1").
 *
 * Release tags (core/profile.ts): `since` is the QEMU release that added a
 * row (absent: before 4.2). IBM z16 (gen16a/gen16b) came with QEMU 7.1;
 * gen15a/gen15b were already in 4.1.
 */

export interface S390ModelRow {
  name: string;
  type: number;
  gen: number;
  ga: number;
  /** maximum host address power: mha = 2^mhaPow - 1 */
  mhaPow: number;
  /** hypervisor-managed facility indications (SCLP) */
  hmfai: number;
  desc: string;
  since?: string;
}

export const S390_MODELS: readonly S390ModelRow[] = [
  { name: 'z900', type: 0x2064, gen: 7, ga: 1, mhaPow: 38, hmfai: 0x00000000, desc: 'IBM zSeries 900 GA1' },
  { name: 'z900.2', type: 0x2064, gen: 7, ga: 2, mhaPow: 38, hmfai: 0x00000000, desc: 'IBM zSeries 900 GA2' },
  { name: 'z900.3', type: 0x2064, gen: 7, ga: 3, mhaPow: 38, hmfai: 0x00000000, desc: 'IBM zSeries 900 GA3' },
  { name: 'z800', type: 0x2066, gen: 7, ga: 3, mhaPow: 38, hmfai: 0x00000000, desc: 'IBM zSeries 800 GA1' },
  { name: 'z990', type: 0x2084, gen: 8, ga: 1, mhaPow: 38, hmfai: 0x00000000, desc: 'IBM zSeries 990 GA1' },
  { name: 'z990.2', type: 0x2084, gen: 8, ga: 2, mhaPow: 38, hmfai: 0x00000000, desc: 'IBM zSeries 990 GA2' },
  { name: 'z990.3', type: 0x2084, gen: 8, ga: 3, mhaPow: 38, hmfai: 0x00000000, desc: 'IBM zSeries 990 GA3' },
  // QEMU's description really says "880" for the z890 rows.
  { name: 'z890', type: 0x2086, gen: 8, ga: 3, mhaPow: 38, hmfai: 0x00000000, desc: 'IBM zSeries 880 GA1' },
  { name: 'z990.4', type: 0x2084, gen: 8, ga: 4, mhaPow: 38, hmfai: 0x00000000, desc: 'IBM zSeries 990 GA4' },
  { name: 'z890.2', type: 0x2086, gen: 8, ga: 4, mhaPow: 38, hmfai: 0x00000000, desc: 'IBM zSeries 880 GA2' },
  { name: 'z990.5', type: 0x2084, gen: 8, ga: 5, mhaPow: 38, hmfai: 0x00000000, desc: 'IBM zSeries 990 GA5' },
  { name: 'z890.3', type: 0x2086, gen: 8, ga: 5, mhaPow: 38, hmfai: 0x00000000, desc: 'IBM zSeries 880 GA3' },
  { name: 'z9EC', type: 0x2094, gen: 9, ga: 1, mhaPow: 40, hmfai: 0x00000000, desc: 'IBM System z9 EC GA1' },
  { name: 'z9EC.2', type: 0x2094, gen: 9, ga: 2, mhaPow: 40, hmfai: 0x00000000, desc: 'IBM System z9 EC GA2' },
  { name: 'z9BC', type: 0x2096, gen: 9, ga: 2, mhaPow: 40, hmfai: 0x00000000, desc: 'IBM System z9 BC GA1' },
  { name: 'z9EC.3', type: 0x2094, gen: 9, ga: 3, mhaPow: 40, hmfai: 0x00000000, desc: 'IBM System z9 EC GA3' },
  { name: 'z9BC.2', type: 0x2096, gen: 9, ga: 3, mhaPow: 40, hmfai: 0x00000000, desc: 'IBM System z9 BC GA2' },
  { name: 'z10EC', type: 0x2097, gen: 10, ga: 1, mhaPow: 43, hmfai: 0x00000000, desc: 'IBM System z10 EC GA1' },
  { name: 'z10EC.2', type: 0x2097, gen: 10, ga: 2, mhaPow: 43, hmfai: 0x00000000, desc: 'IBM System z10 EC GA2' },
  { name: 'z10BC', type: 0x2098, gen: 10, ga: 2, mhaPow: 43, hmfai: 0x00000000, desc: 'IBM System z10 BC GA1' },
  { name: 'z10EC.3', type: 0x2097, gen: 10, ga: 3, mhaPow: 43, hmfai: 0x00000000, desc: 'IBM System z10 EC GA3' },
  { name: 'z10BC.2', type: 0x2098, gen: 10, ga: 3, mhaPow: 43, hmfai: 0x00000000, desc: 'IBM System z10 BC GA2' },
  { name: 'z196', type: 0x2817, gen: 11, ga: 1, mhaPow: 44, hmfai: 0x08000000, desc: 'IBM zEnterprise 196 GA1' },
  { name: 'z196.2', type: 0x2817, gen: 11, ga: 2, mhaPow: 44, hmfai: 0x08000000, desc: 'IBM zEnterprise 196 GA2' },
  { name: 'z114', type: 0x2818, gen: 11, ga: 2, mhaPow: 44, hmfai: 0x08000000, desc: 'IBM zEnterprise 114 GA1' },
  { name: 'zEC12', type: 0x2827, gen: 12, ga: 1, mhaPow: 44, hmfai: 0x08000000, desc: 'IBM zEnterprise EC12 GA1' },
  { name: 'zEC12.2', type: 0x2827, gen: 12, ga: 2, mhaPow: 44, hmfai: 0x08000000, desc: 'IBM zEnterprise EC12 GA2' },
  { name: 'zBC12', type: 0x2828, gen: 12, ga: 2, mhaPow: 44, hmfai: 0x08000000, desc: 'IBM zEnterprise BC12 GA1' },
  { name: 'z13', type: 0x2964, gen: 13, ga: 1, mhaPow: 47, hmfai: 0x08000000, desc: 'IBM z13 GA1' },
  { name: 'z13.2', type: 0x2964, gen: 13, ga: 2, mhaPow: 47, hmfai: 0x08000000, desc: 'IBM z13 GA2' },
  { name: 'z13s', type: 0x2965, gen: 13, ga: 2, mhaPow: 47, hmfai: 0x08000000, desc: 'IBM z13s GA1' },
  { name: 'z14', type: 0x3906, gen: 14, ga: 1, mhaPow: 47, hmfai: 0x08000000, desc: 'IBM z14 GA1' },
  { name: 'z14.2', type: 0x3906, gen: 14, ga: 2, mhaPow: 47, hmfai: 0x08000000, desc: 'IBM z14 GA2' },
  { name: 'z14ZR1', type: 0x3907, gen: 14, ga: 1, mhaPow: 47, hmfai: 0x08000000, desc: 'IBM z14 Model ZR1 GA1' },
  { name: 'gen15a', type: 0x8561, gen: 15, ga: 1, mhaPow: 47, hmfai: 0x08000000, desc: 'IBM z15 T01 GA1' },
  { name: 'gen15b', type: 0x8562, gen: 15, ga: 1, mhaPow: 47, hmfai: 0x08000000, desc: 'IBM z15 T02 GA1' },
  { name: 'gen16a', type: 0x3931, gen: 16, ga: 1, mhaPow: 47, hmfai: 0x08000000, desc: 'IBM 3931 GA1', since: '7.1' },
  { name: 'gen16b', type: 0x3932, gen: 16, ga: 1, mhaPow: 47, hmfai: 0x08000000, desc: 'IBM 3932 GA1', since: '7.1' },
  { name: 'gen17a', type: 0x9175, gen: 17, ga: 1, mhaPow: 47, hmfai: 0x08000000, desc: 'IBM 9175 GA1', since: '10.0' },
  { name: 'gen17b', type: 0x9176, gen: 17, ga: 1, mhaPow: 47, hmfai: 0x08000000, desc: 'IBM 9176 GA1', since: '10.0' },
];

/**
 * Per-QEMU-release additions to the "qemu" CPU model feature list, in QEMU's
 * order (each list only adds to the previous ones; a machine type of release
 * X uses the union of all lists up to X).  Entries may be group names.
 * For QEMU 7.2 the newest machine ("s390-ccw-virtio-7.2") uses the union of
 * all lists below including 'max'; older machine types stop earlier
 * (e.g. 7.1 machines stop at 'v7.1' and use gen15a GA1 as CPU definition).
 */
export const S390_QEMU_FEATURE_LISTS_72: readonly { list: string; features: readonly string[] }[] = [
  { list: 'v2.11', features: ['plo', 'esan3', 'zarch'] },
  {
    list: 'v3.1',
    features: [
      'dateh', 'idtes', 'stfle', 'srs', 'etf2', 'msa-base', 'ldisp', 'ldisphp',
      'eimm', 'etf3', 'etf2eh', 'stckf', 'mvcos', 'etf3eh', 'ectg', 'csst',
      'csst2', 'ginste', 'exrl', 'sprogp', 'fpseh', 'stfle45', 'stfle49',
      'ltlbc', 'iacc2', 'aen', 'ais', 'msa3-base', 'msa4-base',
    ],
  },
  { list: 'v4.0', features: ['fpe', 'zpci'] },
  { list: 'v4.1', features: ['stfle53', 'vx'] },
  { list: 'v6.0', features: ['aefsi', 'sea_esop2', 'esop'] },
  { list: 'v6.2', features: ['iep', 'minste2', 'msa8-base', 'vxeh'] },
  { list: 'v7.0', features: ['minste3'] },
  { list: 'v7.1', features: ['vxeh2'] },
  { list: 'max', features: ['msa5-base', 'kimd-sha-512', 'klmd-sha-512', 'prno-trng'] },
];

/**
 * The union of the lists above (group 'plo' expanded), i.e. what TCG's
 * "max" model and the newest machine's "qemu" model contain in QEMU 7.2.
 */
const QEMU_72_FEATURES: readonly string[] = [
  'plo-cl', 'plo-clg', 'plo-clgr', 'plo-clx', 'plo-cs', 'plo-csg', 'plo-csgr', 'plo-csx',
  'plo-dcs', 'plo-dcsg', 'plo-dcsgr', 'plo-dcsx', 'plo-csst', 'plo-csstg', 'plo-csstgr',
  'plo-csstx', 'plo-csdst', 'plo-csdstg', 'plo-csdstgr', 'plo-csdstx', 'plo-cstst',
  'plo-cststg', 'plo-cststgr', 'plo-cststx',
  'esan3', 'zarch',
  'dateh', 'idtes', 'stfle', 'srs', 'etf2', 'msa-base', 'ldisp', 'ldisphp',
  'eimm', 'etf3', 'etf2eh', 'stckf', 'mvcos', 'etf3eh', 'ectg', 'csst',
  'csst2', 'ginste', 'exrl', 'sprogp', 'fpseh', 'stfle45', 'stfle49',
  'ltlbc', 'iacc2', 'aen', 'ais', 'msa3-base', 'msa4-base',
  'fpe', 'zpci',
  'stfle53', 'vx',
  'aefsi', 'sea_esop2', 'esop',
  'iep', 'minste2', 'msa8-base', 'vxeh',
  'minste3',
  'vxeh2',
  'msa5-base', 'kimd-sha-512', 'klmd-sha-512', 'prno-trng',
];

/** QEMU 7.2 "qemu" model (newest machine): CPU definition gen15a (z15 T01, GA1). */
export const S390_QEMU_MODEL: { type: number; gen: number; ga: number; features: readonly string[] } = {
  type: 0x8561,
  gen: 15,
  ga: 1,
  features: QEMU_72_FEATURES,
};

/**
 * QEMU 7.2 TCG "max" model feature set (everything TCG emulates).  In 7.2 it
 * is identical to the qemu model's list, on the same CPU definition
 * (type 0x8561, gen 15, GA1 - see S390_QEMU_MAX_CPU).
 */
export const S390_QEMU_MAX_FEATURES: readonly string[] = QEMU_72_FEATURES;

/** CPU definition TCG uses as the maximum model in QEMU 7.2 (QEMU_MAX_CPU_*). */
export const S390_QEMU_MAX_CPU = { type: 0x8561, gen: 15, ga: 1 } as const;

/**
 * Feature dependencies QEMU 7.2 checks when a CPU is realized ("'A' requires
 * 'B'" warnings only; expansion does not enforce them).  In QEMU's order;
 * the mepoch -> tods-base pair really appears twice.
 */
export const S390_DEPENDENCIES: readonly (readonly [feature: string, requires: string])[] = [
  ['ipter', 'dateh'],
  ['idtes', 'dateh'],
  ['idter', 'dateh'],
  ['idter', 'idtes'],
  ['ltlbc', 'dateh'],
  ['ldisphp', 'ldisp'],
  ['dfphp', 'dfp'],
  ['te', 'stfle49'],
  ['edat2', 'edat'],
  ['msa5-base', 'kimd-sha-512'],
  ['msa5-base', 'klmd-sha-512'],
  ['msa4-base', 'msa3-base'],
  ['cmma', 'cmm'],
  ['cmma', 'gsls'],
  ['pfmfi', 'edat'],
  ['msa8-base', 'msa3-base'],
  ['msa9-base', 'msa3-base'],
  ['msa9-base', 'msa4-base'],
  ['mepoch', 'tods-base'],
  ['vxpd', 'vx'],
  ['vxpdeh', 'vxpd'],
  ['vxpdeh2', 'vxpdeh'],
  ['vxeh', 'vx'],
  ['iep', 'sea_esop2'],
  ['sea_esop2', 'esop'],
  ['cmmnt', 'cmm'],
  ['gs', 'sea_esop2'],
  ['mepoch', 'stckf'],
  ['mepoch', 'tods-base'],
  ['sema', 'stfle49'],
  ['kimd-sha3-224', 'msa-base'],
  ['kimd-sha3-256', 'msa-base'],
  ['kimd-sha3-384', 'msa-base'],
  ['kimd-sha3-512', 'msa-base'],
  ['kimd-shake-128', 'msa-base'],
  ['kimd-shake-256', 'msa-base'],
  ['klmd-sha3-224', 'msa-base'],
  ['klmd-sha3-256', 'msa-base'],
  ['klmd-sha3-384', 'msa-base'],
  ['klmd-sha3-512', 'msa-base'],
  ['klmd-shake-128', 'msa-base'],
  ['klmd-shake-256', 'msa-base'],
  ['prno-trng-qrtcr', 'msa5-base'],
  ['prno-trng', 'msa5-base'],
  ['kss', 'sief2'],
  ['apqci', 'ap'],
  ['apft', 'ap'],
  ['ptff-qsie', 'mepoch'],
  ['ptff-qtoue', 'mepoch'],
  ['ptff-stoe', 'mepoch'],
  ['ptff-stoue', 'mepoch'],
  ['apqi', 'ap'],
  ['diag318', 'els'],
  ['nnpa', 'vx'],
  ['rdp', 'ltlbc'],
];

/**
 * Dependencies added after 7.2, with the QEMU version and the position QEMU
 * gives them: `after` names the pair (feature/requires) they follow in the
 * newest table (null = appended at the end, in the order listed here).
 */
export const S390_DEPENDENCIES_NEWER: readonly {
  feature: string;
  requires: string;
  since: string;
  after: readonly [string, string] | null;
}[] = [
  { feature: 'vxpdeh3', requires: 'vxpdeh2', since: '10.0', after: ['vxpdeh2', 'vxpdeh'] },
  { feature: 'vxeh2', requires: 'vxeh', since: '10.0', after: ['vxeh', 'vx'] },
  { feature: 'vxeh3', requires: 'vxeh2', since: '10.0', after: ['vxeh2', 'vxeh'] },
  { feature: 'kmac-hmac-sha-224', requires: 'msa3-base', since: '10.0', after: ['klmd-shake-256', 'msa-base'] },
  { feature: 'kmac-hmac-sha-246', requires: 'msa3-base', since: '10.0', after: ['kmac-hmac-sha-224', 'msa3-base'] },
  { feature: 'kmac-hmac-sha-384', requires: 'msa3-base', since: '10.0', after: ['kmac-hmac-sha-246', 'msa3-base'] },
  { feature: 'kmac-hmac-sha-512', requires: 'msa3-base', since: '10.0', after: ['kmac-hmac-sha-384', 'msa3-base'] },
  { feature: 'kmac-hmac-esha-224', requires: 'msa3-base', since: '10.0', after: ['kmac-hmac-sha-512', 'msa3-base'] },
  { feature: 'kmac-hmac-esha-246', requires: 'msa3-base', since: '10.0', after: ['kmac-hmac-esha-224', 'msa3-base'] },
  { feature: 'kmac-hmac-esha-384', requires: 'msa3-base', since: '10.0', after: ['kmac-hmac-esha-246', 'msa3-base'] },
  { feature: 'kmac-hmac-esha-512', requires: 'msa3-base', since: '10.0', after: ['kmac-hmac-esha-384', 'msa3-base'] },
  { feature: 'km-full-xts-aes-128', requires: 'msa4-base', since: '10.0', after: ['kmac-hmac-esha-512', 'msa3-base'] },
  { feature: 'km-full-xts-aes-256', requires: 'msa4-base', since: '10.0', after: ['km-full-xts-aes-128', 'msa4-base'] },
  { feature: 'km-full-xts-eaes-128', requires: 'msa4-base', since: '10.0', after: ['km-full-xts-aes-256', 'msa4-base'] },
  { feature: 'km-full-xts-eaes-256', requires: 'msa4-base', since: '10.0', after: ['km-full-xts-eaes-128', 'msa4-base'] },
  { feature: 'appv', requires: 'ap', since: '8.2', after: null },
  { feature: 'appvi', requires: 'appv', since: '8.2', after: null },
  { feature: 'pfcr-qaf', requires: 'ccf-base', since: '10.0', after: null },
  { feature: 'pfcr-csdst', requires: 'ccf-base', since: '10.0', after: null },
  { feature: 'pfcr-csdstg', requires: 'ccf-base', since: '10.0', after: null },
  { feature: 'pfcr-cstst', requires: 'ccf-base', since: '10.0', after: null },
  { feature: 'pfcr-cststg', requires: 'ccf-base', since: '10.0', after: null },
  { feature: 'ineff_nc_tx', requires: 'te', since: '10.0', after: null },
  ...[
    'plo-clo', 'plo-cso', 'plo-dcso', 'plo-cssto', 'plo-csdsto', 'plo-cststo',
    'plo-tcs', 'plo-tcsg', 'plo-tcsx', 'plo-tcso', 'plo-qcs', 'plo-qcsg', 'plo-qcsx', 'plo-qcso',
    'plo-lo', 'plo-dlx', 'plo-dlo', 'plo-tl', 'plo-tlg', 'plo-tlx', 'plo-tlo',
    'plo-ql', 'plo-qlg', 'plo-qlx', 'plo-qlo', 'plo-sto', 'plo-dst', 'plo-dstg', 'plo-dstx', 'plo-dsto',
    'plo-tst', 'plo-tstg', 'plo-tstx', 'plo-tsto', 'plo-qst', 'plo-qstg', 'plo-qstx', 'plo-qsto',
  ].map((f) => ({ feature: f, requires: 'plo-ext', since: '10.0', after: null })),
];

/**
 * Features that are part of base models but ignored when QEMU searches for a
 * fitting CPU definition for a feature set (s390_find_cpu_def): the basic
 * MSA subfunctions (not present on every machine) and the deprecated
 * conditional-SSKE facility.
 */
export const S390_IGNORED_BASE_FEATURES: readonly string[] = [
  'kmac-dea', 'kmac-tdea-128', 'kmac-tdea-192',
  'kmc-dea', 'kmc-tdea-128', 'kmc-tdea-192',
  'km-dea', 'km-tdea-128', 'km-tdea-192',
  'kimd-sha-1', 'klmd-sha-1',
  'csske',
];

/*
 * IBC (instruction blocking control) and CPUID, as QEMU derives them.
 *
 * IBC value of a CPU definition (12 bits):
 *   gen <  S390_IBC_FIRST_GEN (z10 = 10): 0 (no IBC)
 *   gen >= S390_IBC_FIRST_GEN           : ((gen - 10) << 4) + ga
 *     e.g. z10EC.2 -> 0x002, z14 -> 0x041, gen16a -> 0x061, gen17a -> 0x071.
 *   The reverse mapping: gen = (ibc >> 4) + 10 (0 if ibc == 0), ga = ibc & 0xf.
 * What QEMU reports to the guest/KVM is a 32-bit word
 *   (lowest_ibc << 16) | unblocked_ibc, with unblocked_ibc = the model's IBC;
 *   it is 0 when lowest_ibc (taken from the host/max model) is 0 or greater
 *   than the model's IBC.  Both halves are 12-bit fields (mask 0xfff).
 *
 * CPUID (64 bit, IBM bit 0 = most significant):
 *   bits  0-7  version  (0xff under KVM; 0 under TCG)        -> value << 56
 *   bits  8-31 CPU id / serial (24 bits)                      -> value << 32
 *   bits 32-47 machine type (the model row's `type`)          -> value << 16
 *   bit  48    CPU-id format bit (forced 0 for generation 7)  -> value << 15
 *   bits 49-63 zero
 *   Under TCG QEMU additionally deposits the CPU's core id into the 4 most
 *   significant bits of the CPU-id field (shift 52, 4 bits).
 */
export const S390_IBC_FIRST_GEN = 10;
export const S390_IBC_GA_BITS = 4;
export const S390_IBC_MASK = 0xfff;
export const S390_IBC_LOWEST_SHIFT = 16;
export const S390_CPUID_VERSION_SHIFT = 56;
export const S390_CPUID_ID_SHIFT = 32;
export const S390_CPUID_ID_BITS = 24;
export const S390_CPUID_TYPE_SHIFT = 16;
export const S390_CPUID_FORMAT_SHIFT = 15;
/** generation for which the CPU-id format bit is always 0 */
export const S390_CPUID_NO_FORMAT_GEN = 7;
/** TCG: core id goes into the top 4 bits of the CPU-id field */
export const S390_CPUID_TCG_CORE_ID_SHIFT = 52;
export const S390_CPUID_TCG_CORE_ID_BITS = 4;
/** KVM reports this CPU version */
export const S390_CPUID_KVM_VERSION = 0xff;
