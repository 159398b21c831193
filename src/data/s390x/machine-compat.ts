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
 * The `qemu` CPU model of machines of release `through` or older, where it
 * differs from the catalog's (QEMU's ccw_machine_X_instance_options call
 * s390_set_qemu_cpu_model per machine): before 2.12 QEMU emulated the very
 * first z900 (type 0x2064, generation 7, GA 1) with features qemu_V2_11 of
 * gen-features.c — the PLO group, ESAN3 and z/Architecture. Newer machines'
 * `qemu` models are the catalog's as the profile gives them.
 */
export const S390_QEMU_MODEL_BEFORE: readonly { through: string; type: number; gen: number; ga: number; features: readonly string[] }[] = [
  { through: '2.11', type: 0x2064, gen: 7, ga: 1, features: ['plo', 'esan3', 'zarch'] },
];
