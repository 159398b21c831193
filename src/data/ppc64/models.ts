/**
 * ppc64 facts: QEMU 7.2's CPU models and aliases, the architected
 * compatibility modes, and libvirt's ppc64 cpu_map.
 *
 * Sources (facts only):
 *  - the models, their PVRs and the alias table are QEMU 7.2's
 *    (`qemu-system-ppc64 -cpu help`, query-cpu-definitions, target/ppc's
 *    model and alias tables); the family of every model is the parent QOM
 *    type QEMU 7.2 reports (`qom-list-types`, `<family>-family-powerpc64-cpu`);
 *  - the compat modes are those of QEMU's pseries machine
 *    (`max-cpu-compat`), with their ISA level and logical PVR;
 *  - the libvirt models, vendors, PVR value/mask pairs and legacy names are
 *    libvirt's ppc64 cpu_map and cpu driver.
 *
 * Release tags (core/profile.ts): `since` is the first QEMU release with a
 * row (absent: older than 4.2), `removed` the first without it. Sources for
 * the releases before 7.2: the names QEMU 4.2, 5.2, 6.2, 7.0 and 7.1 listed
 * (libvirt's tests/qemucapabilitiesdata/caps_R.ppc64.xml; libvirt records
 * QEMU's power7 … power10 aliases as POWER7 … POWER10),
 * and QEMU's removal of the 401/403 classes (their PVRs and families from
 * that patch's target/ppc/cpu-models.[ch]).
 *
 * Order matters and is QEMU's:
 *  - PPC64_MODELS is in `-cpu help` order (QEMU sorts the classes by PVR);
 *  - PPC64_ALIASES is in the order of QEMU's alias table (`-cpu help` prints
 *    a model's aliases in that order; query-cpu-definitions lists the
 *    aliases first, newest entry first, because QEMU prepends);
 *  - PPC64_QEMU72_CLASS_ORDER is the order in which QEMU 7.2 lists the
 *    classes in query-cpu-definitions (a walk over GLib's QOM type hash
 *    table, which only the binary itself determines, so it is recorded).
 */

/** One QEMU CPU class (POWERPC_DEF): `<name>-powerpc64-cpu`. */
export interface Ppc64ModelRow {
  readonly name: string;
  /** Processor Version Register value the class emulates. */
  readonly pvr: number;
  /** QEMU's CPU family (the abstract parent class `<family>-family-powerpc64-cpu`). */
  readonly family: string;
  /** First QEMU version with this class (absent: older than 4.2). */
  readonly since?: string;
  /** First QEMU version without it. */
  readonly removed?: string;
}

/** One entry of QEMU's alias table: `alias` names the class `model`. */
export interface Ppc64AliasRow {
  readonly alias: string;
  /** The class the alias named in QEMU 7.2 (or when it was added). */
  readonly model: string;
  /** A later QEMU retargeted the alias. */
  readonly retarget?: { readonly since: string; readonly model: string };
  readonly since?: string;
  readonly removed?: string;
}

const m = (name: string, pvr: number, family: string, since?: string): Ppc64ModelRow => (since ? { name, pvr, family, since } : { name, pvr, family });
const a = (alias: string, model: string, retarget?: { since: string; model: string }, since?: string): Ppc64AliasRow => ({
  alias,
  model,
  ...(retarget ? { retarget } : {}),
  ...(since ? { since } : {}),
});

/** QEMU's ppc64 CPU classes, in `-cpu help` order. */
export const PPC64_MODELS: readonly Ppc64ModelRow[] = [
  // QEMU removed the 601 and 602 classes in 7.0 (in libvirt's 6.2 list, not in its 7.0 one);
  // PVRs and families from target/ppc/cpu-models.[ch] of the removal patches
  { name: "601_v0", pvr: 0x00010001, family: "601", removed: '7.0' },
  { name: "601_v1", pvr: 0x00010001, family: "601", removed: '7.0' },
  { name: "601_v2", pvr: 0x00010002, family: "601v", removed: '7.0' },
  { name: "602", pvr: 0x00050100, family: "602", removed: '7.0' },
  m("603", 0x00030100, "603"),
  m("604", 0x00040103, "604"),
  m("603e_v1.1", 0x00060101, "603E"),
  m("603e_v1.2", 0x00060102, "603E"),
  m("603e_v1.3", 0x00060103, "603E"),
  m("603e_v1.4", 0x00060104, "603E"),
  m("603e_v2.2", 0x00060202, "603E"),
  m("603e_v3", 0x00060300, "603E"),
  m("603e_v4", 0x00060400, "603E"),
  m("603e_v4.1", 0x00060401, "603E"),
  m("603p", 0x00070000, "603E"),
  m("603e7v", 0x00070100, "603E"),
  m("603e7v1", 0x00070101, "603E"),
  m("603e7", 0x00070200, "603E"),
  m("603e7v2", 0x00070201, "603E"),
  m("603e7t", 0x00071201, "603E"),
  m("750_v1.0", 0x00080100, "750"),
  m("740_v1.0", 0x00080100, "740"),
  m("740e", 0x00080100, "740"),
  m("750e", 0x00080200, "750"),
  m("750_v2.0", 0x00080200, "750"),
  m("740_v2.0", 0x00080200, "740"),
  m("750_v2.1", 0x00080201, "750"),
  m("740_v2.1", 0x00080201, "740"),
  m("750_v2.2", 0x00080202, "750"),
  m("740_v2.2", 0x00080202, "740"),
  m("750_v3.0", 0x00080300, "750"),
  m("740_v3.0", 0x00080300, "740"),
  m("750_v3.1", 0x00080301, "750"),
  m("740_v3.1", 0x00080301, "740"),
  m("750cx_v1.0", 0x00082100, "750cx"),
  m("750cx_v2.0", 0x00082200, "750cx"),
  m("750cx_v2.1", 0x00082201, "750cx"),
  m("750cx_v2.2", 0x00082202, "750cx"),
  m("750cxe_v2.1", 0x00082211, "750cx"),
  m("750cxe_v2.2", 0x00082212, "750cx"),
  m("750cxe_v2.3", 0x00082213, "750cx"),
  m("750cxe_v2.4", 0x00082214, "750cx"),
  m("750cxe_v3.0", 0x00082310, "750cx"),
  m("750cxe_v3.1", 0x00082311, "750cx"),
  m("745_v1.0", 0x00083100, "745"),
  m("755_v1.0", 0x00083100, "755"),
  m("745_v1.1", 0x00083101, "745"),
  m("755_v1.1", 0x00083101, "755"),
  m("745_v2.0", 0x00083200, "745"),
  m("755_v2.0", 0x00083200, "755"),
  m("755_v2.1", 0x00083201, "755"),
  m("745_v2.1", 0x00083201, "745"),
  m("755_v2.2", 0x00083202, "755"),
  m("745_v2.2", 0x00083202, "745"),
  m("755_v2.3", 0x00083203, "755"),
  m("745_v2.3", 0x00083203, "745"),
  m("755_v2.4", 0x00083204, "755"),
  m("745_v2.4", 0x00083204, "745"),
  m("755_v2.5", 0x00083205, "755"),
  m("745_v2.5", 0x00083205, "745"),
  m("755_v2.6", 0x00083206, "755"),
  m("745_v2.6", 0x00083206, "745"),
  m("755_v2.7", 0x00083207, "755"),
  m("745_v2.7", 0x00083207, "745"),
  m("755_v2.8", 0x00083208, "755"),
  m("745_v2.8", 0x00083208, "745"),
  m("750cxe_v2.4b", 0x00083214, "750cx"),
  m("750cxe_v3.1b", 0x00083311, "750cx"),
  m("750cxr", 0x00083410, "750cx"),
  m("750cl_v1.0", 0x00087200, "750cl"),
  m("750cl_v2.0", 0x00087210, "750cl"),
  m("750l_v2.0", 0x00088200, "750"),
  m("750l_v2.1", 0x00088201, "750"),
  m("750l_v2.2", 0x00088202, "750"),
  m("750l_v3.0", 0x00088300, "750"),
  m("750l_v3.2", 0x00088302, "750"),
  m("604e_v1.0", 0x00090100, "604E"),
  m("604e_v2.2", 0x00090202, "604E"),
  m("604e_v2.4", 0x00090204, "604E"),
  m("604r", 0x000a0101, "604E"),
  m("7400_v1.0", 0x000c0100, "7400"),
  m("7400_v1.1", 0x000c0101, "7400"),
  m("7400_v2.0", 0x000c0200, "7400"),
  m("7400_v2.1", 0x000c0201, "7400"),
  m("7400_v2.2", 0x000c0202, "7400"),
  m("7400_v2.6", 0x000c0206, "7400"),
  m("7400_v2.7", 0x000c0207, "7400"),
  m("7400_v2.8", 0x000c0208, "7400"),
  m("7400_v2.9", 0x000c0209, "7400"),
  m("970_v2.2", 0x00390202, "970"),
  m("970fx_v1.0", 0x00391100, "970"),
  // QEMU 9.0 renamed the two classes with '+' (QOM names may not have it; "target/ppc/cpu-models:
  // Rename power5+ and power7+ for new QOM naming rules", Jan 2024) and kept the old names as aliases
  { name: "power5+_v2.1", pvr: 0x003b0201, family: "POWER5P", removed: '9.0' },
  m("power5p_v2.1", 0x003b0201, "POWER5P", '9.0'),
  m("970fx_v2.0", 0x003c0200, "970"),
  m("970fx_v2.1", 0x003c0201, "970"),
  m("970fx_v3.0", 0x003c0300, "970"),
  m("970fx_v3.1", 0x003c0301, "970"),
  m("power7_v2.3", 0x003f0203, "POWER7"),
  m("970mp_v1.0", 0x00440100, "970"),
  m("970mp_v1.1", 0x00440101, "970"),
  { name: "power7+_v2.1", pvr: 0x004a0201, family: "POWER7", removed: '9.0' },
  m("power7p_v2.1", 0x004a0201, "POWER7", '9.0'),
  m("power8e_v2.1", 0x004b0201, "POWER8"),
  m("power8nvl_v1.0", 0x004c0100, "POWER8"),
  m("power8_v2.0", 0x004d0200, "POWER8"),
  // QEMU 9.0 dropped the DD1 chips ("ppc: Drop support for POWER9 and POWER10 DD1 chips", PULL of 2024-03-12)
  { name: "power9_v1.0", pvr: 0x004e0100, family: "POWER9", removed: '9.0' },
  m("power9_v2.0", 0x004e1200, "POWER9"),
  m("power9_v2.2", 0x004e1202, "POWER9", '8.1'),
  // power10_v1.0: first in libvirt's 5.2 list (4.2 has none, 5.0/5.1 not checked); power10_v2.0: first in its 6.2 list (5.2 has none)
  { name: "power10_v1.0", pvr: 0x00800100, family: "POWER10", since: '5.2', removed: '9.0' },
  m("power10_v2.0", 0x00800200, "POWER10", '6.2'),
  m("power11_v2.0", 0x00820200, "POWER11", '10.0'),
  m("g2", 0x00810011, "G2"),
  m("mpc603", 0x00810100, "603E"),
  m("g2hip3", 0x00810101, "G2"),
  m("mpc8347t", 0x00830010, "e300"),
  m("mpc8347eap", 0x00830010, "e300"),
  m("mpc8347p", 0x00830010, "e300"),
  m("mpc8349", 0x00830010, "e300"),
  m("e300c1", 0x00830010, "e300"),
  m("mpc8343e", 0x00830010, "e300"),
  m("mpc8347et", 0x00830010, "e300"),
  m("mpc8343a", 0x00830010, "e300"),
  m("mpc8349ea", 0x00830010, "e300"),
  m("mpc8349e", 0x00830010, "e300"),
  m("mpc8347at", 0x00830010, "e300"),
  m("mpc8347ep", 0x00830010, "e300"),
  m("mpc8343ea", 0x00830010, "e300"),
  m("mpc8343", 0x00830010, "e300"),
  m("mpc8349a", 0x00830010, "e300"),
  m("mpc8347ap", 0x00830010, "e300"),
  m("mpc8347eat", 0x00830010, "e300"),
  m("e300c2", 0x00840010, "e300"),
  m("e300c3", 0x00850010, "e300"),
  m("mpc8379e", 0x00860010, "e300"),
  m("e300c4", 0x00860010, "e300"),
  m("mpc8377e", 0x00860010, "e300"),
  m("mpc8378e", 0x00860010, "e300"),
  m("mpc8379", 0x00860010, "e300"),
  m("mpc8378", 0x00860010, "e300"),
  m("mpc8377", 0x00860010, "e300"),
  m("740p", 0x10080000, "740"),
  m("750p", 0x10080000, "750"),
  m("460exb", 0x130218a4, "460EX"),
  m("440epx", 0x200008d0, "440EP"),
  // QEMU removed the 401 and 403 classes in 7.0 (in libvirt's 6.2 list, not in its 7.0 one);
  // PVRs and families from target/ppc/cpu-models.[ch] of the removal patch
  { name: "401", pvr: 0x00270000, family: "401", removed: '7.0' },
  { name: "401a1", pvr: 0x00210000, family: "401", removed: '7.0' },
  { name: "401b2", pvr: 0x00220000, family: "401x2", removed: '7.0' },
  { name: "401c2", pvr: 0x00230000, family: "401x2", removed: '7.0' },
  { name: "401d2", pvr: 0x00240000, family: "401x2", removed: '7.0' },
  { name: "401e2", pvr: 0x00250000, family: "401x2", removed: '7.0' },
  { name: "401f2", pvr: 0x00260000, family: "401x2", removed: '7.0' },
  { name: "401g2", pvr: 0x00270000, family: "401x2", removed: '7.0' },
  { name: "iop480", pvr: 0x00220000, family: "IOP480", removed: '7.0' },
  { name: "cobra", pvr: 0x10100000, family: "401", removed: '7.0' },
  { name: "403ga", pvr: 0x00200011, family: "403", removed: '7.0' },
  { name: "403gb", pvr: 0x00200100, family: "403", removed: '7.0' },
  { name: "403gc", pvr: 0x00200200, family: "403", removed: '7.0' },
  { name: "403gcx", pvr: 0x00201400, family: "403GCX", removed: '7.0' },
  m("405d2", 0x20010000, "405"),
  m("x2vp4", 0x20010820, "405"),
  m("x2vp20", 0x20010860, "405"),
  m("405gpa", 0x40110000, "405"),
  m("405gpb", 0x40110040, "405"),
  m("405cra", 0x40110041, "405"),
  m("405gpc", 0x40110082, "405"),
  m("405gpd", 0x401100c4, "405"),
  m("405crb", 0x401100c5, "405"),
  m("405crc", 0x40110145, "405"),
  m("stb03", 0x40310000, "405"),
  m("npe4gs3", 0x40b10000, "405"),
  m("npe405h", 0x414100c0, "405"),
  m("npe405h2", 0x41410140, "405"),
  m("405ez", 0x41511460, "405"),
  m("npe405l", 0x416100c0, "405"),
  m("stb04", 0x41810000, "405"),
  m("405d4", 0x41810000, "405"),
  m("405lp", 0x41f10000, "405"),
  m("440epa", 0x42221850, "440EP"),
  m("440epb", 0x422218d3, "440EP"),
  m("405gpr", 0x50910951, "405"),
  m("405ep", 0x51210950, "405"),
  m("stb25", 0x51510950, "405"),
  m("750fx_v1.0", 0x70000100, "750fx"),
  m("750fx_v2.0", 0x70000200, "750fx"),
  m("750fx_v2.1", 0x70000201, "750fx"),
  m("750fx_v2.2", 0x70000202, "750fx"),
  m("750fl", 0x70000203, "750fx"),
  m("750fx_v2.3", 0x70000203, "750fx"),
  m("750gx_v1.0", 0x70020100, "750gx"),
  m("750gx_v1.1", 0x70020101, "750gx"),
  m("750gl", 0x70020102, "750gx"),
  m("750gx_v1.2", 0x70020102, "750gx"),
  m("440-xilinx-w-dfpu", 0x7ff21910, "440x5wDFPU"),
  m("440-xilinx", 0x7ff21910, "440x5"),
  m("7450_v1.0", 0x80000100, "7450"),
  m("7450_v1.1", 0x80000101, "7450"),
  m("7450_v1.2", 0x80000102, "7450"),
  m("7450_v2.0", 0x80000200, "7450"),
  m("7450_v2.1", 0x80000201, "7450"),
  m("7441_v2.1", 0x80000201, "7440"),
  m("7451_v2.3", 0x80000203, "7450"),
  m("7441_v2.3", 0x80000203, "7440"),
  m("7451_v2.10", 0x80000210, "7450"),
  m("7441_v2.10", 0x80000210, "7440"),
  m("7455_v1.0", 0x80010100, "7455"),
  m("7445_v1.0", 0x80010100, "7445"),
  m("7455_v2.1", 0x80010201, "7455"),
  m("7445_v2.1", 0x80010201, "7445"),
  m("7455_v3.2", 0x80010302, "7455"),
  m("7445_v3.2", 0x80010302, "7445"),
  m("7455_v3.3", 0x80010303, "7455"),
  m("7445_v3.3", 0x80010303, "7445"),
  m("7455_v3.4", 0x80010304, "7455"),
  m("7445_v3.4", 0x80010304, "7445"),
  m("7457_v1.0", 0x80020100, "7455"),
  m("7447_v1.0", 0x80020100, "7445"),
  m("7457_v1.1", 0x80020101, "7455"),
  m("7447_v1.1", 0x80020101, "7445"),
  m("7457_v1.2", 0x80020102, "7455"),
  m("7457a_v1.0", 0x80030100, "7455"),
  m("7447a_v1.0", 0x80030100, "7445"),
  m("7457a_v1.1", 0x80030101, "7455"),
  m("7447a_v1.1", 0x80030101, "7445"),
  m("7457a_v1.2", 0x80030102, "7455"),
  m("7447a_v1.2", 0x80030102, "7445"),
  m("mpc8641d", 0x80040010, "e600"),
  m("mpc8641", 0x80040010, "e600"),
  m("e600", 0x80040010, "e600"),
  m("mpc8610", 0x80040010, "e600"),
  m("7448_v1.0", 0x80040100, "7445"),
  m("7448_v1.1", 0x80040101, "7445"),
  m("7448_v2.0", 0x80040200, "7445"),
  m("7448_v2.1", 0x80040201, "7445"),
  m("7410_v1.0", 0x800c1100, "7410"),
  m("7410_v1.1", 0x800c1101, "7410"),
  m("7410_v1.2", 0x800c1102, "7410"),
  m("7410_v1.3", 0x800c1103, "7410"),
  m("7410_v1.4", 0x800c1104, "7410"),
  m("e500_v10", 0x80200010, "e500v1"),
  m("mpc8540_v10", 0x80200010, "e500v1"),
  m("mpc8560_v10", 0x80200010, "e500v1"),
  m("mpc8541e_v11", 0x80200020, "e500v1"),
  m("mpc8555_v11", 0x80200020, "e500v1"),
  m("mpc8541e_v10", 0x80200020, "e500v1"),
  m("mpc8555_v10", 0x80200020, "e500v1"),
  m("e500_v20", 0x80200020, "e500v1"),
  m("mpc8560_v21", 0x80200020, "e500v1"),
  m("mpc8560_v20", 0x80200020, "e500v1"),
  m("mpc8541_v11", 0x80200020, "e500v1"),
  m("mpc8555e_v11", 0x80200020, "e500v1"),
  m("mpc8541_v10", 0x80200020, "e500v1"),
  m("mpc8555e_v10", 0x80200020, "e500v1"),
  m("mpc8540_v21", 0x80200020, "e500v1"),
  m("mpc8540_v20", 0x80200020, "e500v1"),
  m("mpc8548_v10", 0x80210010, "e500v2"),
  m("mpc8543_v10", 0x80210010, "e500v2"),
  m("e500v2_v10", 0x80210010, "e500v2"),
  m("mpc8548e_v10", 0x80210010, "e500v2"),
  m("mpc8543e_v10", 0x80210010, "e500v2"),
  m("mpc8548_v11", 0x80210011, "e500v2"),
  m("mpc8543_v11", 0x80210011, "e500v2"),
  m("mpc8548e_v11", 0x80210011, "e500v2"),
  m("mpc8543e_v11", 0x80210011, "e500v2"),
  m("mpc8548e_v20", 0x80210020, "e500v2"),
  m("mpc8545e_v20", 0x80210020, "e500v2"),
  m("e500v2_v20", 0x80210020, "e500v2"),
  m("mpc8548_v20", 0x80210020, "e500v2"),
  m("mpc8543_v20", 0x80210020, "e500v2"),
  m("mpc8545_v20", 0x80210020, "e500v2"),
  m("mpc8547e_v20", 0x80210020, "e500v2"),
  m("mpc8543e_v20", 0x80210020, "e500v2"),
  m("mpc8545e_v21", 0x80210021, "e500v2"),
  m("mpc8533e_v10", 0x80210021, "e500v2"),
  m("mpc8533_v10", 0x80210021, "e500v2"),
  m("mpc8544_v10", 0x80210021, "e500v2"),
  m("e500v2_v21", 0x80210021, "e500v2"),
  m("mpc8548_v21", 0x80210021, "e500v2"),
  m("mpc8543_v21", 0x80210021, "e500v2"),
  m("mpc8545_v21", 0x80210021, "e500v2"),
  m("mpc8547e_v21", 0x80210021, "e500v2"),
  m("mpc8544e_v10", 0x80210021, "e500v2"),
  m("mpc8543e_v21", 0x80210021, "e500v2"),
  m("mpc8548e_v21", 0x80210021, "e500v2"),
  m("mpc8568e", 0x80210022, "e500v2"),
  m("mpc8533e_v11", 0x80210022, "e500v2"),
  m("mpc8533_v11", 0x80210022, "e500v2"),
  m("mpc8544_v11", 0x80210022, "e500v2"),
  m("e500v2_v22", 0x80210022, "e500v2"),
  m("mpc8567e", 0x80210022, "e500v2"),
  m("mpc8568", 0x80210022, "e500v2"),
  m("mpc8567", 0x80210022, "e500v2"),
  m("mpc8544e_v11", 0x80210022, "e500v2"),
  m("mpc8572", 0x80210030, "e500v2"),
  m("mpc8572e", 0x80210030, "e500v2"),
  m("e500v2_v30", 0x80210030, "e500v2"),
  m("e500mc", 0x80230020, "e500mc"),
  m("e5500", 0x80240020, "e5500"),
  m("e6500", 0x80400020, "e6500"),
  m("g2h4", 0x80811010, "G2"),
  m("g2hip4", 0x80811014, "G2"),
  m("g2le", 0x80820010, "G2LE"),
  m("g2gp", 0x80821010, "G2"),
  m("g2legp", 0x80822010, "G2LE"),
  m("g2legp1", 0x80822011, "G2LE"),
  m("mpc5200_v12", 0x80822011, "G2LE"),
  m("mpc5200b_v21", 0x80822011, "G2LE"),
  m("mpc5200_v11", 0x80822011, "G2LE"),
  m("mpc5200b_v20", 0x80822011, "G2LE"),
  m("mpc5200_v10", 0x80822011, "G2LE"),
  m("g2legp3", 0x80822013, "G2LE"),
  m("e200z5", 0x81000000, "e200"),
  m("e200z6", 0x81120000, "e200"),
  m("g2ls", 0x90810010, "G2"),
  m("g2lels", 0xa0822010, "G2LE"),
];

/** QEMU's ppc64 alias table, in table order. */
export const PPC64_ALIASES: readonly Ppc64AliasRow[] = [
  { alias: "403", model: "403gc", removed: '7.0' },
  a("405", "405d4"),
  a("405cr", "405crc"),
  a("405gp", "405gpd"),
  a("405gpe", "405crc"),
  a("x2vp7", "x2vp4"),
  a("x2vp50", "x2vp20"),
  a("440ep", "440epb"),
  a("460ex", "460exb"),
  a("mpc8240", "603"),
  a("mpc52xx", "mpc5200_v12"),
  a("mpc5200", "mpc5200_v12"),
  a("mpc5200b", "mpc5200b_v21"),
  a("mpc82xx", "g2legp3"),
  a("powerquicc-ii", "g2legp3"),
  a("mpc8241", "g2hip4"),
  a("mpc8245", "g2hip4"),
  a("mpc8247", "g2legp3"),
  a("mpc8248", "g2legp3"),
  a("mpc8250", "g2hip4"),
  a("mpc8250_hip3", "g2hip3"),
  a("mpc8250_hip4", "g2hip4"),
  a("mpc8255", "g2hip4"),
  a("mpc8255_hip3", "g2hip3"),
  a("mpc8255_hip4", "g2hip4"),
  a("mpc8260", "g2hip4"),
  a("mpc8260_hip3", "g2hip3"),
  a("mpc8260_hip4", "g2hip4"),
  a("mpc8264", "g2hip4"),
  a("mpc8264_hip3", "g2hip3"),
  a("mpc8264_hip4", "g2hip4"),
  a("mpc8265", "g2hip4"),
  a("mpc8265_hip3", "g2hip3"),
  a("mpc8265_hip4", "g2hip4"),
  a("mpc8266", "g2hip4"),
  a("mpc8266_hip3", "g2hip3"),
  a("mpc8266_hip4", "g2hip4"),
  a("mpc8270", "g2legp3"),
  a("mpc8271", "g2legp3"),
  a("mpc8272", "g2legp3"),
  a("mpc8275", "g2legp3"),
  a("mpc8280", "g2legp3"),
  a("e200", "e200z6"),
  a("e300", "e300c3"),
  a("mpc8347", "mpc8347t"),
  a("mpc8347a", "mpc8347at"),
  a("mpc8347e", "mpc8347et"),
  a("mpc8347ea", "mpc8347eat"),
  a("e500", "e500v2_v22"),
  a("e500v1", "e500_v20"),
  a("e500v2", "e500v2_v22"),
  a("mpc8533", "mpc8533_v11"),
  a("mpc8533e", "mpc8533e_v11"),
  a("mpc8540", "mpc8540_v21"),
  a("mpc8541", "mpc8541_v11"),
  a("mpc8541e", "mpc8541e_v11"),
  a("mpc8543", "mpc8543_v21"),
  a("mpc8543e", "mpc8543e_v21"),
  a("mpc8544", "mpc8544_v11"),
  a("mpc8544e", "mpc8544e_v11"),
  a("mpc8545", "mpc8545_v21"),
  a("mpc8545e", "mpc8545e_v21"),
  a("mpc8547e", "mpc8547e_v21"),
  a("mpc8548", "mpc8548_v21"),
  a("mpc8548e", "mpc8548e_v21"),
  a("mpc8555", "mpc8555_v11"),
  a("mpc8555e", "mpc8555e_v11"),
  a("mpc8560", "mpc8560_v21"),
  { alias: "601", model: "601_v2", removed: '7.0' },
  { alias: "601v", model: "601_v2", removed: '7.0' },
  a("vanilla", "603"),
  a("603e", "603e_v4.1"),
  a("stretch", "603e_v4.1"),
  a("vaillant", "603e7v"),
  a("603r", "603e7t"),
  a("goldeneye", "603e7t"),
  a("604e", "604e_v2.4"),
  a("sirocco", "604e_v2.4"),
  a("mach5", "604r"),
  a("740", "740_v3.1"),
  a("arthur", "740_v3.1"),
  a("750", "750_v3.1"),
  a("typhoon", "750_v3.1"),
  a("g3", "750_v3.1"),
  a("conan/doyle", "750p"),
  a("750cl", "750cl_v2.0"),
  a("750cx", "750cx_v2.2"),
  a("750cxe", "750cxe_v3.1b"),
  a("750fx", "750fx_v2.3"),
  a("750gx", "750gx_v1.2"),
  a("750l", "750l_v3.2"),
  a("lonestar", "750l_v3.2"),
  a("745", "745_v2.8"),
  a("755", "755_v2.8"),
  a("goldfinger", "755_v2.8"),
  a("7400", "7400_v2.9"),
  // in libvirt's 4.2 … 7.0 lists, not in its 7.1 one
  { alias: "max", model: "7400_v2.9", removed: '7.1' },
  a("g4", "7400_v2.9"),
  a("7410", "7410_v1.4"),
  a("nitro", "7410_v1.4"),
  a("7448", "7448_v2.1"),
  a("7450", "7450_v2.1"),
  a("vger", "7450_v2.1"),
  a("7441", "7441_v2.3"),
  a("7451", "7451_v2.3"),
  a("7445", "7445_v3.2"),
  a("7455", "7455_v3.2"),
  a("apollo6", "7455_v3.2"),
  a("7447", "7447_v1.1"),
  a("7457", "7457_v1.2"),
  a("apollo7", "7457_v1.2"),
  a("7447a", "7447a_v1.2"),
  a("7457a", "7457a_v1.2"),
  a("apollo7pm", "7457a_v1.0"),
  a("970", "970_v2.2"),
  a("970fx", "970fx_v3.1"),
  a("970mp", "970mp_v1.1"),
  a("power5+", "power5+_v2.1", { since: '9.0', model: "power5p_v2.1" }),
  a("power5+_v2.1", "power5p_v2.1", undefined, '9.0'),
  a("power5gs", "power5+_v2.1", { since: '9.0', model: "power5p_v2.1" }),
  a("power7", "power7_v2.3"),
  a("power7+", "power7+_v2.1", { since: '9.0', model: "power7p_v2.1" }),
  a("power7+_v2.1", "power7p_v2.1", undefined, '9.0'),
  a("power8e", "power8e_v2.1"),
  a("power8", "power8_v2.0"),
  a("power8nvl", "power8nvl_v1.0"),
  a("power9", "power9_v2.0", { since: '8.1', model: "power9_v2.2" }),
  // power10 named power10_v1.0 in 5.2, power10_v2.0 from the release that added that class
  { alias: "power10", model: "power10_v1.0", retarget: { since: '6.2', model: "power10_v2.0" }, since: '5.2' },
  a("power11", "power11_v2.0", undefined, '10.0'),
  a("ppc64", "970fx_v3.1"),
  a("ppc32", "604"),
  a("ppc", "604"),
  // in libvirt's 4.2 … 7.0 lists, not in its 7.1 one
  { alias: "default", model: "604", removed: '7.1' },
];

/** The class part of QEMU 7.2's query-cpu-definitions reply, in reply order (after the aliases). */
export const PPC64_QEMU72_CLASS_ORDER: readonly string[] = [
  "mpc8548e_v21", "604e_v2.2", "7447a_v1.0", "mpc8347eat", "750fx_v2.0", "mpc8543e_v20", "405lp", "7410_v1.0",
  "755_v1.0", "npe4gs3", "740_v2.0", "740e", "g2ls", "7445_v1.0", "7447a_v1.1", "750fx_v2.1", "mpc8543e_v10",
  "mpc8543e_v21", "405cra", "g2gp", "750gx_v1.0", "7410_v1.1", "755_v1.1", "604e_v2.4", "740_v2.1", "power8nvl_v1.0",
  "7447a_v1.2", "750fx_v2.2", "750cxe_v2.1", "mpc8377", "e500v2_v30", "mpc8543e_v11", "750cl_v1.0", "405crb",
  "750gx_v1.1", "750l_v3.0", "7410_v1.2", "power8_v2.0", "970fx_v2.0", "740_v2.2", "mpc8547e_v20", "stb25",
  "750fx_v2.3", "750cxe_v2.2", "mpc8378", "e200z5", "7457a_v1.0", "mpc8544e_v10", "750gx_v1.2", "7410_v1.3", "405crc",
  "970fx_v2.1", "mpc8347ap", "750_v2.0", "mpc8547e_v21", "mpc8610", "750cxe_v2.3", "mpc8379", "e200z6", "mpc8349a",
  "7457a_v1.1", "mpc8544e_v11", "750l_v3.2", "7410_v1.4", "750cx_v2.0", "e600", "mpc603", "440-xilinx", "power9_v2.0",
  "750_v2.1", "mpc5200_v10", "power10_v2.0", "power7+_v2.1", "750cxe_v2.4", "405gpr", "970_v2.2", "405d2",
  "mpc5200b_v20", "7457a_v1.2", "7447_v1.0", "750cx_v2.1", "7445_v3.2", "7400_v2.0", "7450_v1.0", "mpc8567", "603e7",
  "405ep", "750_v2.2", "mpc5200_v11", "440-xilinx-w-dfpu", "mpc8548e_v10", "mpc8540_v20", "mpc8378e", "603e_v3",
  "750p", "mpc8545_v20", "740_v1.0", "mpc5200b_v21", "g2legp", "7447_v1.1", "750cx_v2.2", "7445_v3.3", "7400_v2.1",
  "7450_v1.1", "mpc8568", "e500mc", "745_v2.1", "mpc8567e", "mpc5200_v12", "g2le", "mpc8377e", "mpc8540_v21",
  "603e_v4", "mpc8548e_v11", "mpc8545_v21", "mpc8343", "405d4", "mpc8343ea", "mpc8347ep", "7445_v3.4", "mpc8543_v20",
  "npe405h", "7400_v2.2", "mpc8548_v20", "745_v2.2", "603e_v1.1", "7448_v1.0", "7450_v1.2", "mpc8347at", "750gl",
  "604r", "mpc8349e", "g2legp1", "g2h4", "405gpa", "e5500", "mpc8543_v21", "7457_v1.0", "7455_v3.2", "npe405h2",
  "mpc8548_v21", "603e_v1.2", "745_v2.3", "7448_v1.1", "755_v2.0", "mpc8349ea", "mpc8555e_v10", "750fl", "mpc8343a",
  "740_v3.0", "750cxe_v2.4b", "750cxe_v3.0", "stb03", "405gpb", "e500v2_v20", "7457_v1.1", "g2", "7455_v3.3",
  "mpc8541_v10", "745_v2.4", "603e_v1.3", "power7_v2.3", "604e_v1.0", "755_v2.1", "mpc8555e_v11", "740_v3.1",
  "970mp_v1.0", "440epa", "750cxe_v3.1", "stb04", "g2legp3", "x2vp20", "405gpc", "7455_v1.0", "e500v2_v10",
  "e500v2_v21", "7457_v1.2", "7455_v3.4", "mpc8541_v11", "mpc8560_v20", "745_v2.5", "603e_v1.4", "755_v2.2",
  "mpc8544_v10", "970mp_v1.1", "7400_v1.0", "440epb", "745_v1.0", "405gpd", "mpc8347et", "npe405l", "7400_v2.6",
  "mpc8560_v10", "e500v2_v22", "mpc8560_v21", "603e7t", "745_v2.6", "755_v2.3", "740p", "603e_v4.1", "750_v3.0",
  "mpc8544_v11", "750fx_v1.0", "mpc8572e", "g2lels", "745_v1.1", "7400_v2.7", "mpc8533_v10", "power5+_v2.1",
  "745_v2.7", "755_v2.4", "mpc8343e", "e300c1", "750_v3.1", "440epx", "mpc8349", "603p", "mpc8572", "mpc8540_v10",
  "7400_v2.8", "mpc8533_v11", "745_v2.8", "7441_v2.10", "7450_v2.0", "603e7v", "755_v2.5", "e300c2", "mpc8347p",
  "7441_v2.1", "e500_v20", "750l_v2.0", "7400_v2.9", "970fx_v1.0", "750cxr", "7450_v2.1", "755_v2.6", "e300c3",
  "mpc8543_v10", "mpc8548_v10", "750cxe_v3.1b", "e500_v10", "750e", "750l_v2.1", "power8e_v2.1", "g2hip3", "755_v2.7",
  "405ez", "mpc8543_v11", "750_v1.0", "e300c4", "mpc8555_v10", "7441_v2.3", "mpc8641", "mpc8548_v11", "x2vp4",
  "7448_v2.0", "mpc8347eap", "750l_v2.2", "750cx_v1.0", "7445_v2.1", "g2hip4", "755_v2.8", "mpc8541e_v10",
  "750cl_v2.0", "603e_v2.2", "power9_v1.0", "7448_v2.1", "mpc8555_v11", "power10_v1.0", "7451_v2.10", "460exb",
  "970fx_v3.0", "603", "mpc8541e_v11", "mpc8347t", "603e7v1", "970fx_v3.1", "mpc8533e_v10", "604", "mpc8641d",
  "mpc8545e_v20", "7400_v1.1", "mpc8548e_v20", "603e7v2", "mpc8379e", "7451_v2.3", "e6500", "mpc8533e_v11",
  "745_v2.0", "mpc8568e", "mpc8545e_v21", "7455_v2.1",
];

/**
 * The architected compatibility modes (QEMU's `max-cpu-compat` values on
 * the pseries machine; libvirt's host-model `<model>powerN</model>`). A CPU
 * running in mode N offers the guest the ISA of N and everything older.
 */
export interface Ppc64CompatRow {
  readonly name: string;
  /** Power ISA version of the mode. */
  readonly isa: string;
  /** The logical PVR a guest sees in this mode. */
  readonly logicalPvr: number;
  readonly since?: string;
}

export const PPC64_COMPAT_MODES: readonly Ppc64CompatRow[] = [
  { name: 'power6', isa: '2.05', logicalPvr: 0x0f000002 },
  { name: 'power7', isa: '2.06', logicalPvr: 0x0f000003 },
  { name: 'power8', isa: '2.07', logicalPvr: 0x0f000004 },
  { name: 'power9', isa: '3.00', logicalPvr: 0x0f000005 },
  { name: 'power10', isa: '3.10', logicalPvr: 0x0f000006 },
  { name: 'power11', isa: '3.10', logicalPvr: 0x0f000007, since: '10.0' },
];

/**
 * QEMU's server families: which PVRs (value under mask) a family claims
 * when a PVR has no exact class (QEMU's family PVR match, used for `-cpu
 * host` and by PVR lookups), the compat mode that is the family's own
 * architected level (it can run every older mode too), the class its
 * generic alias names, and libvirt's model for the family.
 * Families not listed here have no compat modes and match exact PVRs only.
 */
export interface Ppc64FamilyRow {
  readonly name: string;
  readonly vendor: string;
  readonly pvrMatch: readonly { readonly value: number; readonly mask: number }[];
  /** The family's own architected level (a PPC64_COMPAT_MODES name). */
  readonly compat: string;
  /** The alias that names the family's default class (power8 → power8_v2.0). */
  readonly alias: string;
  /** libvirt's cpu_map model for this family. */
  readonly libvirt: string;
  readonly since?: string;
}

/** PVR mask of the POWER server families (QEMU's CPU_POWERPC_POWER_SERVER_MASK). */
export const PPC64_SERVER_PVR_MASK = 0xffff0000;

export const PPC64_FAMILIES: readonly Ppc64FamilyRow[] = [
  { name: 'POWER7', vendor: 'IBM', pvrMatch: [{ value: 0x003f0000, mask: 0xffff0000 }, { value: 0x004a0000, mask: 0xffff0000 }], compat: 'power7', alias: 'power7', libvirt: 'POWER7' },
  {
    name: 'POWER8',
    vendor: 'IBM',
    pvrMatch: [
      { value: 0x004b0000, mask: 0xffff0000 },
      { value: 0x004c0000, mask: 0xffff0000 },
      { value: 0x004d0000, mask: 0xffff0000 },
    ],
    compat: 'power8',
    alias: 'power8',
    libvirt: 'POWER8',
  },
  { name: 'POWER9', vendor: 'IBM', pvrMatch: [{ value: 0x004e0000, mask: 0xffff0000 }], compat: 'power9', alias: 'power9', libvirt: 'POWER9' },
  { name: 'POWER10', vendor: 'IBM', pvrMatch: [{ value: 0x00800000, mask: 0xffff0000 }], compat: 'power10', alias: 'power10', libvirt: 'POWER10' },
  { name: 'POWER11', vendor: 'IBM', pvrMatch: [{ value: 0x00820000, mask: 0xffff0000 }], compat: 'power11', alias: 'power11', libvirt: 'POWER11', since: '10.0' },
];

/** Vendors of the other QEMU families that libvirt's cpu_map knows. */
export const PPC64_FAMILY_VENDORS: Readonly<Record<string, string>> = {
  POWER5P: 'IBM',
  '970': 'IBM',
  e5500: 'Freescale',
  e6500: 'Freescale',
};

/** libvirt's ppc64 cpu_map: vendors. */
export const LIBVIRT_PPC64_VENDORS: readonly string[] = ['IBM', 'Freescale'];

/** One libvirt ppc64 model: a name, a vendor and the PVRs it claims. */
export interface LibvirtPpc64ModelRow {
  readonly name: string;
  readonly vendor: string;
  readonly pvr: readonly { readonly value: number; readonly mask: number }[];
  /** First QEMU version whose model list has a class for it (libvirt offers it only then). */
  readonly since?: string;
}

/** libvirt's ppc64 cpu_map models, in map order (the order PVR decoding tries them). */
export const LIBVIRT_PPC64_MODELS: readonly LibvirtPpc64ModelRow[] = [
  { name: 'POWER6', vendor: 'IBM', pvr: [{ value: 0x003e0000, mask: 0xffff0000 }] },
  {
    name: 'POWER7',
    vendor: 'IBM',
    pvr: [
      { value: 0x003f0000, mask: 0xffff0000 },
      { value: 0x004a0000, mask: 0xffff0000 },
    ],
  },
  {
    name: 'POWER8',
    vendor: 'IBM',
    pvr: [
      { value: 0x004d0000, mask: 0xffff0000 },
      { value: 0x004b0000, mask: 0xffff0000 },
      { value: 0x004c0000, mask: 0xffff0000 },
    ],
  },
  { name: 'POWER9', vendor: 'IBM', pvr: [{ value: 0x004e0000, mask: 0xffff0000 }] },
  { name: 'POWER10', vendor: 'IBM', pvr: [{ value: 0x00800000, mask: 0xffff0000 }] },
  { name: 'POWER11', vendor: 'IBM', pvr: [{ value: 0x00820000, mask: 0xffff0000 }], since: '10.0' },
  { name: 'POWERPC_e5500', vendor: 'Freescale', pvr: [{ value: 0x80240000, mask: 0xffff0000 }] },
  { name: 'POWERPC_e6500', vendor: 'Freescale', pvr: [{ value: 0x80400000, mask: 0xffff0000 }] },
];

/**
 * Model names older libvirt wrote into domain XML, and the model libvirt
 * reads them as (anything else that looks like them is an unknown model).
 */
export const LIBVIRT_PPC64_LEGACY_MODELS: Readonly<Record<string, string>> = {
  'POWER7_v2.1': 'POWER7',
  'POWER7_v2.3': 'POWER7',
  'POWER7+_v2.1': 'POWER7',
  'POWER8_v1.0': 'POWER8',
};

/** The host generations and compat modes libvirt's compat check accepts (POWER6 … POWER10). */
export const LIBVIRT_PPC64_COMPAT_RANGE = { min: 6, max: 10 } as const;
