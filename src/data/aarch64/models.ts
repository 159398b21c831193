/**
 * The CPU models of qemu-system-aarch64 (QEMU 7.2): every ARM CPU class,
 * the 64-bit ones and the 32-bit ones the binary also carries.
 *
 * Facts per model:
 * - `midr`: the Main ID Register value QEMU gives the CPU (implementer
 *   [31:24], variant [23:20], architecture [19:16], part [15:4], revision
 *   [3:0]); read back from QEMU 7.2's `midr` QOM property of a created CPU.
 * - `regs`: the AArch64 ID registers as a guest reads them at EL1 under TCG
 *   (`-M virt`, so the EL2/EL3 fields of ID_AA64PFR0 read 0; no field a
 *   hwcap depends on is affected). MTE is absent: QEMU clears it unless the
 *   machine provides tag memory (`-M virt,mte=on`).
 * - `qemuProps`: which of QEMU's advertised properties the class has, i.e.
 *   what a full expansion reports (`aarch64`, `pmu`, `sve` with the vector
 *   lengths, `pauth` with `pauth-impdef`).
 * - `sveVq`: the vector lengths (in 128-bit quadwords) the model supports.
 *
 * Release tags (core/profile.ts): `since` is the first QEMU release with
 * the class (absent: before 4.2), `removed` the first without it; both from
 * the model lists libvirt recorded for each release (tests/domaincapsdata,
 * test/fixtures/qemu-releases/). Models added after 7.2 take their MIDR and
 * ID registers from QEMU's target/arm/tcg/cpu64.c (cpu32.c for cortex-r52),
 * as a guest reads them at EL1 under `-M virt` (EL2/EL3 fields 0, MTE off),
 * the same rule as the older rows.
 */
import type { IdReg } from './features.js';

export type Aarch64Profile = 'A64' | 'A32' | 'R32' | 'M' | 'legacy';

export interface Aarch64ModelRow {
  name: string;
  midr: number;
  profile: Aarch64Profile;
  desc: string;
  /** ID register values (hex strings, 64-bit) for AArch64 models */
  regs?: Partial<Record<IdReg, string>>;
  qemuProps: readonly ('aarch64' | 'pmu' | 'sve' | 'pauth')[];
  /** supported SVE vector lengths, as quadword counts */
  sveVq?: readonly number[];
  since?: string;
  removed?: string;
}

const A64 = ['aarch64', 'pmu'] as const;
const ALL_VQ = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

/** Table order: oldest first within an implementer (the order baselines prefer later rows in). */
export const AARCH64_MODELS: readonly Aarch64ModelRow[] = [
  // --- Arm Ltd (0x41), ARMv4–v7 and M/R profiles
  { name: 'arm926', midr: 0x41069265, profile: 'legacy', desc: 'ARM926EJ-S (ARMv5TEJ)', qemuProps: [] },
  { name: 'arm946', midr: 0x41059461, profile: 'legacy', desc: 'ARM946E-S (ARMv5TE, MPU)', qemuProps: [] },
  { name: 'arm1026', midr: 0x4106a262, profile: 'legacy', desc: 'ARM1026EJ-S (ARMv5TEJ)', qemuProps: [] },
  { name: 'arm1136-r2', midr: 0x4107b362, profile: 'legacy', desc: 'ARM1136J(F)-S r0p2 (ARMv6)', qemuProps: [] },
  { name: 'arm1136', midr: 0x4117b363, profile: 'legacy', desc: 'ARM1136J(F)-S r1p3 (ARMv6)', qemuProps: [] },
  { name: 'arm1176', midr: 0x410fb767, profile: 'legacy', desc: 'ARM1176JZ(F)-S (ARMv6KZ)', qemuProps: [] },
  { name: 'arm11mpcore', midr: 0x410fb022, profile: 'legacy', desc: 'ARM11 MPCore (ARMv6K)', qemuProps: [] },
  { name: 'cortex-m0', midr: 0x410cc200, profile: 'M', desc: 'Cortex-M0 (ARMv6-M)', qemuProps: [] },
  { name: 'cortex-m3', midr: 0x410fc231, profile: 'M', desc: 'Cortex-M3 (ARMv7-M)', qemuProps: [] },
  { name: 'cortex-m4', midr: 0x410fc240, profile: 'M', desc: 'Cortex-M4 (ARMv7E-M)', qemuProps: [] },
  { name: 'cortex-m7', midr: 0x411fc272, profile: 'M', desc: 'Cortex-M7 (ARMv7E-M)', qemuProps: [], since: '5.0' },
  { name: 'cortex-m33', midr: 0x410fd213, profile: 'M', desc: 'Cortex-M33 (ARMv8-M Mainline)', qemuProps: [] },
  { name: 'cortex-m55', midr: 0x410fd221, profile: 'M', desc: 'Cortex-M55 (ARMv8.1-M)', qemuProps: [], since: '6.0' },
  { name: 'cortex-r5', midr: 0x411fc153, profile: 'R32', desc: 'Cortex-R5 (ARMv7-R)', qemuProps: ['pmu'] },
  { name: 'cortex-r5f', midr: 0x411fc153, profile: 'R32', desc: 'Cortex-R5F (ARMv7-R with VFPv3-D16)', qemuProps: ['pmu'] },
  { name: 'cortex-r52', midr: 0x411fd133, profile: 'R32', desc: 'Cortex-R52 (ARMv8-R)', qemuProps: ['pmu'], since: '8.0' },
  { name: 'cortex-a8', midr: 0x410fc080, profile: 'A32', desc: 'Cortex-A8 (ARMv7-A)', qemuProps: [] },
  { name: 'cortex-a9', midr: 0x410fc090, profile: 'A32', desc: 'Cortex-A9 (ARMv7-A)', qemuProps: [] },
  { name: 'cortex-a15', midr: 0x414fc0f0, profile: 'A32', desc: 'Cortex-A15 (ARMv7-A, LPAE, virtualization)', qemuProps: ['pmu'] },
  { name: 'cortex-a7', midr: 0x410fc075, profile: 'A32', desc: 'Cortex-A7 (ARMv7-A, LPAE, virtualization)', qemuProps: ['pmu'] },
  // --- Arm Ltd (0x41), ARMv8-A and later
  {
    name: 'cortex-a57',
    midr: 0x411fd070,
    profile: 'A64',
    desc: 'Cortex-A57 (ARMv8.0-A)',
    regs: { PFR0: '0x0000000000000022', ISAR0: '0x0000000000011120', MMFR0: '0x0000000000001124' },
    qemuProps: A64,
  },
  {
    name: 'cortex-a53',
    midr: 0x410fd034,
    profile: 'A64',
    desc: 'Cortex-A53 (ARMv8.0-A)',
    regs: { PFR0: '0x0000000000000022', ISAR0: '0x0000000000011120', MMFR0: '0x0000000000001122' },
    qemuProps: A64,
  },
  {
    name: 'cortex-a72',
    midr: 0x410fd083,
    profile: 'A64',
    desc: 'Cortex-A72 (ARMv8.0-A)',
    regs: { PFR0: '0x0000000000000022', ISAR0: '0x0000000000011120', MMFR0: '0x0000000000001124' },
    qemuProps: A64,
  },
  {
    name: 'cortex-a35',
    midr: 0x411fd040,
    profile: 'A64',
    desc: 'Cortex-A35 (ARMv8.0-A)',
    regs: { PFR0: '0x0000000000000022', ISAR0: '0x0000000000011120', MMFR0: '0x0000000000101122' },
    qemuProps: A64,
    since: '7.1',
  },
  {
    name: 'cortex-a76',
    midr: 0x414fd0b1,
    profile: 'A64',
    desc: 'Cortex-A76 (ARMv8.2-A)',
    regs: {
      PFR0: '0x1100000010110012',
      PFR1: '0x0000000000000010',
      ISAR0: '0x0000100010211120',
      ISAR1: '0x0000000000100001',
      MMFR0: '0x0000000000101122',
      MMFR1: '0x0000000010212122',
      MMFR2: '0x0000000000001011',
    },
    qemuProps: A64,
    since: '7.1',
  },
  {
    name: 'neoverse-n1',
    midr: 0x414fd0c1,
    profile: 'A64',
    desc: 'Neoverse N1 (ARMv8.2-A)',
    regs: {
      PFR0: '0x1100000010110012',
      PFR1: '0x0000000000000020',
      ISAR0: '0x0000100010211120',
      ISAR1: '0x0000000000100001',
      MMFR0: '0x0000000000101125',
      MMFR1: '0x0000000010212122',
      MMFR2: '0x0000000000001011',
    },
    qemuProps: A64,
    since: '7.1',
  },
  {
    name: 'cortex-a55',
    midr: 0x412fd050,
    profile: 'A64',
    desc: 'Cortex-A55 (ARMv8.2-A)',
    regs: {
      PFR0: '0x0000000010110022',
      PFR1: '0x0000000000000010',
      ISAR0: '0x0000100010211120',
      ISAR1: '0x0000000000100001',
      MMFR0: '0x0000000000101122',
      MMFR1: '0x0000000010212122',
      MMFR2: '0x0000000000001011',
    },
    qemuProps: A64,
    since: '8.0',
  },
  {
    name: 'cortex-a710',
    midr: 0x412fd471,
    profile: 'A64',
    desc: 'Cortex-A710 (ARMv9.0-A with SVE2)',
    regs: {
      PFR0: '0x1201111120110012',
      PFR1: '0x0000000000000021',
      ISAR0: '0x0221111110212120',
      ISAR1: '0x0010111101211052',
      MMFR0: '0x0000022200101122',
      MMFR1: '0x0000000010212122',
      MMFR2: '0x1221011110101011',
      ZFR0: '0x0000110100110021',
    },
    qemuProps: ['aarch64', 'pmu', 'sve', 'pauth'],
    sveVq: [1],
    since: '8.2',
  },
  {
    name: 'neoverse-v1',
    midr: 0x411fd402,
    profile: 'A64',
    desc: 'Neoverse V1 (ARMv8.4-A with SVE)',
    regs: {
      PFR0: '0x1101110120110012',
      PFR1: '0x0000000000000020',
      ISAR0: '0x1011111110212120',
      ISAR1: '0x0011000001211032',
      MMFR0: '0x0000000000101125',
      MMFR1: '0x0000000010212122',
      MMFR2: '0x0220011102101011',
      ZFR0: '0x0000100000100000',
    },
    qemuProps: ['aarch64', 'pmu', 'sve', 'pauth'],
    sveVq: [1, 2],
    since: '8.2',
  },
  {
    name: 'neoverse-n2',
    midr: 0x410fd493,
    profile: 'A64',
    desc: 'Neoverse N2 (ARMv9.0-A with SVE2)',
    regs: {
      PFR0: '0x1201111120110012',
      PFR1: '0x0000000000000021',
      ISAR0: '0x1221111110212120',
      ISAR1: '0x0011111101211052',
      MMFR0: '0x0000022200101125',
      MMFR1: '0x0000000010212122',
      MMFR2: '0x1221011112101011',
      ZFR0: '0x0000110100110021',
    },
    qemuProps: ['aarch64', 'pmu', 'sve', 'pauth'],
    sveVq: [1],
    since: '8.2',
  },
  {
    name: 'cortex-a78ae',
    midr: 0x410fd423,
    profile: 'A64',
    desc: 'Cortex-A78AE (ARMv8.2-A)',
    regs: {
      PFR0: '0x1100000010110012',
      PFR1: '0x0000000000000010',
      ISAR0: '0x0010100010211120',
      ISAR1: '0x0000000001200031',
      MMFR0: '0x0000000000101125',
      MMFR1: '0x0000000010212122',
      MMFR2: '0x0000000100001011',
    },
    qemuProps: A64,
    since: '10.1',
  },
  // --- Fujitsu (0x46)
  {
    name: 'a64fx',
    midr: 0x461f0010,
    profile: 'A64',
    desc: 'Fujitsu A64FX (ARMv8.2-A with SVE)',
    regs: {
      PFR0: '0x0000000101110011',
      ISAR0: '0x0000000010211120',
      ISAR1: '0x0000000000010001',
      MMFR0: '0x0000000000001122',
      MMFR1: '0x0000000011212100',
      MMFR2: '0x0000000000001011',
    },
    qemuProps: ['aarch64', 'pmu', 'sve'],
    since: '6.2',
    sveVq: [1, 2, 4],
  },
  // --- Texas Instruments (0x54)
  { name: 'ti925t', midr: 0x54029252, profile: 'legacy', desc: 'TI925T (ARMv4T)', qemuProps: [] },
  // --- DEC (0x44) and Intel (0x69): StrongARM and XScale
  { name: 'sa1100', midr: 0x4401a11b, profile: 'legacy', desc: 'StrongARM SA-1100 (ARMv4)', qemuProps: [] },
  { name: 'sa1110', midr: 0x6901b119, profile: 'legacy', desc: 'StrongARM SA-1110 (ARMv4)', qemuProps: [] },
  { name: 'pxa250', midr: 0x69052100, profile: 'legacy', desc: 'Intel XScale PXA250 (ARMv5TE)', qemuProps: [], removed: '10.1' },
  { name: 'pxa255', midr: 0x69052d00, profile: 'legacy', desc: 'Intel XScale PXA255 (ARMv5TE)', qemuProps: [], removed: '10.1' },
  { name: 'pxa260', midr: 0x69052903, profile: 'legacy', desc: 'Intel XScale PXA260 (ARMv5TE)', qemuProps: [], removed: '10.1' },
  { name: 'pxa261', midr: 0x69052d05, profile: 'legacy', desc: 'Intel XScale PXA261 (ARMv5TE)', qemuProps: [], removed: '10.1' },
  { name: 'pxa262', midr: 0x69052d06, profile: 'legacy', desc: 'Intel XScale PXA262 (ARMv5TE)', qemuProps: [], removed: '10.1' },
  { name: 'pxa270-a0', midr: 0x69054110, profile: 'legacy', desc: 'Intel XScale PXA270 A0 (ARMv5TE, iwMMXt)', qemuProps: [], removed: '10.1' },
  { name: 'pxa270', midr: 0x69054110, profile: 'legacy', desc: 'Intel XScale PXA270 (= A0 stepping)', qemuProps: [], removed: '10.1' },
  { name: 'pxa270-a1', midr: 0x69054111, profile: 'legacy', desc: 'Intel XScale PXA270 A1', qemuProps: [], removed: '10.1' },
  { name: 'pxa270-b0', midr: 0x69054112, profile: 'legacy', desc: 'Intel XScale PXA270 B0', qemuProps: [], removed: '10.1' },
  { name: 'pxa270-b1', midr: 0x69054113, profile: 'legacy', desc: 'Intel XScale PXA270 B1', qemuProps: [], removed: '10.1' },
  { name: 'pxa270-c0', midr: 0x69054114, profile: 'legacy', desc: 'Intel XScale PXA270 C0', qemuProps: [], removed: '10.1' },
  { name: 'pxa270-c5', midr: 0x69054117, profile: 'legacy', desc: 'Intel XScale PXA270 C5', qemuProps: [], removed: '10.1' },
  // --- software (implementer 0): QEMU's own
  {
    name: 'max',
    midr: 0x000f0510,
    profile: 'A64',
    desc: "QEMU 'max': every feature TCG emulates (implementer 0 = reserved for software, part 'Q')",
    regs: {
      PFR0: '0x1201001120110022',
      PFR1: '0x0000000001000021',
      ISAR0: '0x1221111110212120',
      ISAR1: '0x0011111101211012',
      ISAR2: '0x0000000000000000',
      MMFR0: '0x0000032310201126',
      MMFR1: '0x0000011010211122',
      MMFR2: '0x1021011010011011',
      ZFR0: '0x0110110100110021',
      SMFR0: '0x80f100fd00000000',
    },
    qemuProps: ['aarch64', 'pmu', 'sve', 'pauth'],
    sveVq: ALL_VQ,
  },
];

/**
 * query-cpu-definitions order under QEMU 7.2 (a walk of QEMU's type hash
 * table, so not derivable from the names: recorded).
 */
export const AARCH64_QEMU_DEFINITION_ORDER: readonly string[] = [
  'pxa270-c0', 'cortex-a15', 'pxa270-b0', 'cortex-m4', 'cortex-a57', 'pxa270-a0', 'arm1176', 'pxa270-b1', 'cortex-a7', 'pxa270-a1',
  'cortex-a76', 'a64fx', 'cortex-a8', 'cortex-r5', 'ti925t', 'cortex-r5f', 'arm1026', 'cortex-a9', 'cortex-m7', 'pxa270',
  'pxa260', 'pxa250', 'pxa270-c5', 'pxa261', 'pxa262', 'sa1110', 'sa1100', 'max', 'cortex-a53', 'cortex-m0',
  'cortex-m33', 'cortex-a72', 'arm946', 'pxa255', 'arm11mpcore', 'cortex-m55', 'neoverse-n1', 'arm926', 'arm1136', 'cortex-a35',
  'arm1136-r2', 'cortex-m3',
];

/** MIDR implementer codes (Linux's and Arm's list). 0 is "reserved for software use". */
export const AARCH64_IMPLEMENTERS: Readonly<Record<number, string>> = {
  0x00: 'software',
  0x41: 'Arm',
  0x42: 'Broadcom',
  0x43: 'Cavium',
  0x44: 'DEC',
  0x46: 'Fujitsu',
  0x48: 'HiSilicon',
  0x49: 'Infineon',
  0x4d: 'Motorola/Freescale',
  0x4e: 'NVIDIA',
  0x50: 'Applied Micro',
  0x51: 'Qualcomm',
  0x53: 'Samsung',
  0x54: 'Texas Instruments',
  0x56: 'Marvell',
  0x61: 'Apple',
  0x66: 'Faraday',
  0x69: 'Intel',
  0x6d: 'Microsoft',
  0x70: 'Phytium',
  0xc0: 'Ampere',
};

/**
 * The models QEMU gives a KVM target (target/arm: `kvm_target` set in the
 * model's init function; QEMU 7.2 and later). Under KVM QEMU refuses every
 * other named model ("KVM is not supported for this guest CPU type");
 * `host` and `max` take the host's own target. Linux accepts a vCPU of
 * target Cortex-A53/A57 only on a host of that CPU (kvm_target_cpu() from
 * the host's MIDR; any other host is the generic v8 target), so such a
 * model runs under KVM only on a host whose MIDR has the model's
 * implementer and part.
 */
export const AARCH64_KVM_TARGET_MODELS: readonly string[] = ['cortex-a53', 'cortex-a57'];

/**
 * libvirt's ARM CPU map (src/cpu_map/arm_*.xml): the models libvirt names a
 * host CPU by, from its MIDR implementer (the vendor's value in
 * arm_vendors.xml) and part (the model's `pvr`). Only the rows read from
 * libvirt's files are here.
 */
export const LIBVIRT_ARM_MODELS: readonly { name: string; vendor: string; implementer: number; part: number }[] = [
  { name: 'cortex-a53', vendor: 'ARM', implementer: 0x41, part: 0xd03 },
  { name: 'cortex-a57', vendor: 'ARM', implementer: 0x41, part: 0xd07 },
  { name: 'cortex-a72', vendor: 'ARM', implementer: 0x41, part: 0xd08 },
  { name: 'Neoverse-N1', vendor: 'ARM', implementer: 0x41, part: 0xd0c },
  { name: 'Neoverse-N2', vendor: 'ARM', implementer: 0x41, part: 0xd49 },
  { name: 'Neoverse-V1', vendor: 'ARM', implementer: 0x41, part: 0xd40 },
  { name: 'a64fx', vendor: 'Fujitsu', implementer: 0x46, part: 0x001 },
];
