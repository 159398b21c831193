/*
 * s390x facts about QEMU releases older than the oldest catalog profile
 * (4.2), for hosts that run them (a domcapabilities file of machine
 * s390-ccw-virtio-2.11 …). Facts only.
 *
 * Machine-type compatibility (QEMU hw/s390x/s390-virtio-ccw.c, the
 * ccw_machine_X_instance_options functions): for a machine of release
 * `through` or older, QEMU takes `features` (feature or group names) out of
 * the default model of every CPU definition of generation/GA (gen, ga) or
 * newer — the default models of those releases did not have them. The base
 * models never change.
 */
import { S390_QEMU_FEATURE_LISTS_72 } from './models.js';

export interface S390MachineCompat {
  through: string;
  gen: number;
  ga: number;
  features: readonly string[];
}

export const S390_MACHINE_COMPAT: readonly S390MachineCompat[] = [
  // branch prediction blocking and PPA15 came into the default models with 3.0
  { through: '2.12', gen: 11, ga: 1, features: ['ppa15', 'bpb'] },
  // the multiple-epoch facility and its PTFF subfunctions with 4.0
  { through: '3.1', gen: 14, ga: 1, features: ['mepoch', 'mepochptff'] },
  // z16's facilities: the 6.1 machine predates them, PAIE came into the default with 7.2
  { through: '6.1', gen: 16, ga: 1, features: ['nnpa', 'vxpdeh2', 'beareh', 'rdp', 'pai'] },
  { through: '7.1', gen: 16, ga: 1, features: ['paie'] },
];

/**
 * CPU models added before the oldest profile: the first release that lists
 * them (libvirt's tests/domaincapsdata of QEMU 2.11, 2.12-rc0, 3.0, 4.0; a
 * model absent from one and present in the next is dated by the next).
 */
export const S390_MODEL_SINCE_BEFORE_PROFILES: Readonly<Record<string, string>> = {
  z14ZR1: '3.0',
  'z14.2': '4.0',
  max: '4.0',
  gen15a: '4.1',
  gen15b: '4.1',
};

/**
 * The `qemu` CPU model of the machines older than 7.2 (QEMU 7.2 is the
 * catalog's: S390_QEMU_MODEL): each entry holds for machines of release
 * `through` or older, down to the previous entry's `through` (first match
 * wins). QEMU's machine-type code (hw/s390x/s390-virtio-ccw.c) has every old
 * machine call the next newer one's instance options and then, where the
 * model changed, s390_set_qemu_cpu_model with its own CPU definition and
 * feature list (target/s390x/gen-features.c); the lists only ever grow, so a
 * machine's list is the union of the S390_QEMU_FEATURE_LISTS_72 rows up to
 * `lists`. Machines without a call of their own take the next newer one's:
 *  - 2.11 and older: the very first z900 (0x2064, gen 7, GA 1), qemu_V2_11;
 *  - 2.12, 3.0, 3.1: zEC12 GA2 (0x2827, gen 12, GA 2), qemu_V3_1 (2.12 and
 *    3.0 inherit 3.1's call: no list of their own);
 *  - 4.0: zEC12 GA2 again, qemu_V4_0 (adds fpe, zpci);
 *  - 4.1: z13 GA2 (0x2964, gen 13, GA 2), qemu_V4_1 (adds stfle53, vx);
 *  - 4.2, 5.0, 5.1, 5.2 (no call of their own) and 6.0: z13 GA2,
 *    qemu_V6_0 (adds aefsi, sea_esop2, esop);
 *  - 6.1 (no call of its own) and 6.2: z14 GA2 (0x3906, gen 14, GA 2),
 *    qemu_V6_2 (adds iep, minste2, msa8-base, vxeh);
 *  - 7.0: z15 T01 GA1 (0x8561, gen 15, GA 1), qemu_V7_0 (adds minste3);
 *  - 7.1: z15 T01 GA1, qemu_V7_1 (adds vxeh2).
 * Machines 7.2 and newer get the catalog's model.
 */
export const S390_QEMU_MODEL_OLDER: readonly { through: string; type: number; gen: number; ga: number; lists: string; features: readonly string[] }[] = [
  { through: '2.11', type: 0x2064, gen: 7, ga: 1, lists: 'v2.11' },
  { through: '3.1', type: 0x2827, gen: 12, ga: 2, lists: 'v3.1' },
  { through: '4.0', type: 0x2827, gen: 12, ga: 2, lists: 'v4.0' },
  { through: '4.1', type: 0x2964, gen: 13, ga: 2, lists: 'v4.1' },
  { through: '6.0', type: 0x2964, gen: 13, ga: 2, lists: 'v6.0' },
  { through: '6.2', type: 0x3906, gen: 14, ga: 2, lists: 'v6.2' },
  { through: '7.0', type: 0x8561, gen: 15, ga: 1, lists: 'v7.0' },
  { through: '7.1', type: 0x8561, gen: 15, ga: 1, lists: 'v7.1' },
].map((q) => ({ ...q, features: qemuListsThrough(q.lists) }));

/** The union of the qemu feature lists up to and including `last` (group names kept). */
export function qemuListsThrough(last: string): string[] {
  const at = S390_QEMU_FEATURE_LISTS_72.findIndex((l) => l.list === last);
  if (at < 0) throw new Error(`s390x: no qemu feature list '${last}' (S390_QEMU_FEATURE_LISTS_72 has ${S390_QEMU_FEATURE_LISTS_72.map((l) => l.list).join(', ')})`);
  return S390_QEMU_FEATURE_LISTS_72.slice(0, at + 1).flatMap((l) => l.features);
}
