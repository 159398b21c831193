/**
 * x86_64 host probing: raw CPUID/MSR data in, a decoded CPU out.
 *
 * Three sources, all parsed from text (the caller reads the files; nothing
 * here does I/O):
 *  - libvirt's CPU data dumps (`<cpudata arch='x86'>` with `<cpuid>` and
 *    `<msr>` elements, the format of libvirt's tests/cputestdata and of
 *    `virsh` CPU data),
 *  - the output of `cpuid -r` (the `cpuid` tool, Debian package `cpuid`),
 *  - Linux /proc/cpuinfo (vendor, family/model/stepping and the `flags`
 *    line; flags are Linux's names, mapped to CPUID bits first).
 *
 * A dump is decoded the way a CPU answers CPUID: leaves above the maximum a
 * range reports (leaf 0 for the basic range, 0x80000000 for the extended
 * range, ...) do not exist, whatever the dump holds, and leaf 7 subleaves
 * above the count leaf 7.0 EAX reports likewise. Feature bits are then named
 * in both vocabularies the project speaks: libvirt's (libvirt-features.ts)
 * and QEMU's (features.ts), each by matching CPUID leaf/subleaf/register/bit
 * or MSR index/bit.
 *
 * Bad input is a Result error naming the file, the element and the value.
 */
import { fail, ok, type ErrorCode, type Result } from '../../core/errors.js';
import { X86_FEATURES } from '../../data/x86_64/features.js';
import { LIBVIRT_X86_FEATURES, LIBVIRT_X86_VENDORS, type X86Reg } from '../../data/x86_64/libvirt-features.js';
import { LINUX_X86_FLAGS } from '../../data/x86_64/linux-features.js';
import { leafKey, libvirtFormats, type CpuidDump, type CpuidRegs } from '../../core/libvirt-model.js';
import { X86_PRECOMPUTED_CPUINFO_NAMING } from './precomputed.js';
import { qemuNamesOfFlags, readCpuinfoHeader, type CpuinfoNaming } from './cpuinfo-header.js';

export { qemuNamesOfFlags, type CpuinfoNaming };

export { leafKey, type CpuidDump, type CpuidRegs, type MsrValue } from '../../core/libvirt-model.js';

/** A CPU as decoded from a dump or /proc/cpuinfo. */
export interface DecodedX86Cpu {
  source: string;
  /** the 12-character CPUID vendor string, e.g. 'GenuineIntel' */
  vendorString: string;
  /** libvirt's vendor name ('Intel', 'AMD', …); undefined for an unknown vendor string */
  vendor?: string;
  family: number;
  model: number;
  stepping: number;
  /** CPUID 1 EAX with the reserved bits cleared (0 when unknown, e.g. from /proc/cpuinfo) */
  signature: number;
  /** brand string (CPUID 0x80000002-4, or /proc/cpuinfo's 'model name') */
  brand: string;
  /** libvirt feature names present, in libvirt's feature order */
  libvirt: string[];
  /** QEMU feature names present, in QEMU's feature order */
  qemu: string[];
  /** /proc/cpuinfo only: flags that name no CPUID bit (Linux-synthetic flags such as constant_tsc) */
  unmappedFlags?: string[];
}

/**
 * CPU data known only by libvirt's description of it (a `<cpu>` with a model,
 * vendor and signature): no CPUID registers, so no brand and no signature word.
 */
export function decodedFromLibvirt(d: {
  source: string;
  vendorString: string;
  vendor?: string | undefined;
  signature?: { family?: number; model?: number; stepping?: number } | undefined;
  libvirt: string[];
  qemu: string[];
}): DecodedX86Cpu {
  return {
    source: d.source,
    vendorString: d.vendorString,
    ...(d.vendor ? { vendor: d.vendor } : {}),
    family: d.signature?.family ?? 0,
    model: d.signature?.model ?? 0,
    stepping: d.signature?.stepping ?? 0,
    signature: 0,
    brand: '',
    libvirt: d.libvirt,
    qemu: d.qemu,
  };
}

const hex = (n: number, width = 0): string => `0x${n.toString(16).padStart(width, '0')}`;

function bad(message: string, value?: string, code: ErrorCode = 'bad-host-data', hint?: string): Result<never> {
  return fail({ code, message, ...(value !== undefined ? { value } : {}), ...(hint ? { hint } : {}) });
}

// ------------------------------------------------------------ cpuid -r

const TOOL_LINE = /^\s*(0x[0-9a-f]{1,8})\s+(0x[0-9a-f]{1,8}):\s+eax=(0x[0-9a-f]{1,8})\s+ebx=(0x[0-9a-f]{1,8})\s+ecx=(0x[0-9a-f]{1,8})\s+edx=(0x[0-9a-f]{1,8})\s*$/i;
const TOOL_CPU = /^CPU(?:\s+(\d+))?:\s*$/;

/**
 * The output of `cpuid -r` (all CPUs) or `cpuid -r -1` (one CPU) → CpuidDump.
 * Lines are `   0xLEAF 0xSUB: eax=0x… ebx=0x… ecx=0x… edx=0x…` under a
 * `CPU:` / `CPU n:` header; only the first CPU is read.
 */
export function parseCpuidTool(text: string, file = 'cpuid -r'): Result<CpuidDump> {
  const dump: CpuidDump = { source: file, leaves: new Map(), msrs: new Map() };
  const lines = text.split(/\r?\n/);
  let cpus = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    if (TOOL_CPU.test(line.trim())) {
      cpus++;
      if (cpus > 1) break; // later CPUs: the first one describes the host
      continue;
    }
    const m = TOOL_LINE.exec(line);
    if (!m) return bad(`${file}:${i + 1}: not a 'cpuid -r' line: '${line.trim().slice(0, 80)}' (expected '0xLEAF 0xSUBLEAF: eax=0x… ebx=0x… ecx=0x… edx=0x…')`, line.trim().slice(0, 80));
    if (cpus === 0) cpus = 1; // headerless excerpt
    const [leaf, sub, eax, ebx, ecx, edx] = m.slice(1).map((x) => parseInt(x, 16) >>> 0) as [number, number, number, number, number, number];
    const key = leafKey(leaf, sub);
    if (dump.leaves.has(key)) return bad(`${file}:${i + 1}: CPUID leaf ${hex(leaf, 8)} subleaf ${hex(sub, 2)} appears twice`, m[1]);
    dump.leaves.set(key, { eax, ebx, ecx, edx });
  }
  if (!dump.leaves.size) return bad(`${file}: no CPUID leaves found (expected the output of 'cpuid -r')`, text.trim().slice(0, 80));
  return ok(dump);
}

// ------------------------------------------------------------ decoding

/** Does a CPU with this dump answer (leaf, subleaf)? Leaves beyond a range's maximum do not exist. */
function leafExists(dump: CpuidDump, leaf: number, subleaf: number): boolean {
  const regs = dump.leaves.get(leafKey(leaf, subleaf));
  if (!regs) return false;
  const base = rangeBase(leaf);
  if (leaf !== base) {
    const top = dump.leaves.get(leafKey(base, 0));
    if (!top) return false;
    // a range's first leaf reports its maximum; an extended-style range is only
    // valid when the maximum lies in the range itself
    if (base !== 0 && (top.eax < base || top.eax > base + 0xffff)) return false;
    if (leaf > top.eax) return false;
  }
  if (leaf === 7 && subleaf > 0) {
    const l7 = dump.leaves.get(leafKey(7, 0));
    if (!l7 || subleaf > l7.eax) return false;
  }
  return true;
}

/** The first leaf of the CPUID range a leaf belongs to. */
function rangeBase(leaf: number): number {
  if (leaf >= 0x80860000 && leaf < 0x80870000) return 0x80860000; // Transmeta
  const top = (leaf >>> 28) << 28;
  return top >>> 0; // 0, 0x20000000, 0x40000000, 0x80000000, 0xc0000000
}

function reg(regs: CpuidRegs, r: X86Reg): number {
  return regs[r];
}

/** VMX capability MSRs whose high half holds the allowed-1 settings of the control bits (SDM A.3-A.5). */
const VMX_CONTROL_MSRS = new Set([0x481, 0x482, 0x483, 0x484, 0x48b, 0x48d, 0x48e, 0x48f, 0x490]);

/** Is MSR feature bit `bit` of `index` set? For VMX control MSRs the bit is a control bit, looked up in the allowed-1 half. */
function msrBit(dump: CpuidDump, index: number, bit: number): boolean {
  const m = dump.msrs.get(index);
  if (!m) return false;
  const b = VMX_CONTROL_MSRS.has(index) && bit < 32 ? bit + 32 : bit;
  return ((m.value >> BigInt(b)) & 1n) === 1n;
}

export type BitTest = (loc: { cpuid?: { leaf: number; subleaf?: number; reg: X86Reg; bit: number }; msr?: { index: number; bit: number } }) => boolean;

/** libvirt and QEMU names of the bits a test reports set. */
export function nameBits(test: BitTest): { libvirt: string[]; qemu: string[] } {
  const libvirt = LIBVIRT_X86_FEATURES.filter((f) => test(f)).map((f) => f.name);
  // a QEMU name may cover several bits (kvmclock): it is present when all are
  const qemuRows = new Map<string, boolean>();
  for (const r of X86_FEATURES) qemuRows.set(r.name, (qemuRows.get(r.name) ?? true) && test(r));
  const qemu = [...qemuRows].filter(([, on]) => on).map(([n]) => n);
  return { libvirt, qemu };
}

function signatureOf(eax: number): { family: number; model: number; stepping: number; signature: number } {
  const signature = (eax & 0x0fff3fff) >>> 0;
  const baseFamily = (eax >>> 8) & 0xf;
  const extFamily = (eax >>> 20) & 0xff;
  const baseModel = (eax >>> 4) & 0xf;
  const extModel = (eax >>> 16) & 0xf;
  return { family: baseFamily + extFamily, model: extModel * 16 + baseModel, stepping: eax & 0xf, signature };
}

const str4 = (n: number): string => String.fromCharCode(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);

export function vendorName(vendorString: string): string | undefined {
  return LIBVIRT_X86_VENDORS.find((v) => v.string === vendorString)?.name;
}

/**
 * Decode a dump: vendor (leaf 0), signature (leaf 1 EAX: family = base +
 * extended family, model = extended model * 16 + base model, as libvirt
 * computes it), brand string (0x80000002-4) and the features present.
 */
export function decodeDump(dump: CpuidDump): Result<DecodedX86Cpu> {
  const file = dump.source;
  const l0 = dump.leaves.get(leafKey(0, 0));
  // a partial dump (libvirt's -enabled.xml/-disabled.xml: the bits QEMU changed in a guest) has neither
  const whole = 'a partial dump (like libvirt\'s -enabled.xml/-disabled.xml, the bits a guest gained or lost) describes no CPU: give the whole dump (virsh capabilities\' cpudata, libvirt\'s x86_64-cpuid-NAME.xml, or cpuid -r)';
  if (!l0) return bad(`${file}: CPUID leaf 0x0 is missing`, '0x0', 'bad-host-data', whole);
  const l1 = dump.leaves.get(leafKey(1, 0));
  if (!l1) return bad(`${file}: CPUID leaf 0x1 is missing`, '0x1', 'bad-host-data', whole);
  if (l0.eax < 1) return bad(`${file}: CPUID leaf 0x0 reports maximum basic leaf ${hex(l0.eax)}, so leaf 0x1 does not exist`, hex(l0.eax));
  const vendorString = str4(l0.ebx) + str4(l0.edx) + str4(l0.ecx);
  const sig = signatureOf(l1.eax);
  let brand = '';
  if ([0x80000002, 0x80000003, 0x80000004].every((l) => leafExists(dump, l, 0))) {
    for (const l of [0x80000002, 0x80000003, 0x80000004]) {
      const r = dump.leaves.get(leafKey(l, 0))!;
      brand += str4(r.eax) + str4(r.ebx) + str4(r.ecx) + str4(r.edx);
    }
    brand = brand.replace(/\0.*$/s, '').trim();
  }
  const test: BitTest = (loc) => {
    if (loc.cpuid) {
      const sub = loc.cpuid.subleaf ?? 0;
      if (!leafExists(dump, loc.cpuid.leaf, sub)) return false;
      return ((reg(dump.leaves.get(leafKey(loc.cpuid.leaf, sub))!, loc.cpuid.reg) >>> loc.cpuid.bit) & 1) === 1;
    }
    return loc.msr ? msrBit(dump, loc.msr.index, loc.msr.bit) : false;
  };
  const names = nameBits(test);
  const vendor = vendorName(vendorString);
  return ok({
    source: file,
    vendorString,
    ...(vendor ? { vendor } : {}),
    family: sig.family,
    model: sig.model,
    stepping: sig.stepping,
    signature: sig.signature,
    brand,
    ...names,
  });
}

/** Read and decode a libvirt CPU data dump (`<cpudata>`, read by the libvirt adapter) in one step. */
export function decodeCpuidXml(text: string, file: string): Result<DecodedX86Cpu> {
  const d = libvirtFormats().readCpudata(text, file);
  return d.ok ? decodeDump(d.value) : d;
}

// ------------------------------------------------------------ /proc/cpuinfo

type LinuxBit = NonNullable<(typeof LINUX_X86_FLAGS)[number]['cpuid']>;
let linuxBitsMap: Map<string, LinuxBit[]> | undefined;
/** Linux flag name → its CPUID bits (made on first use: a one-shot command that reads no /proc/cpuinfo does not pay for it). */
function linuxBits(): Map<string, LinuxBit[]> {
  if (linuxBitsMap) return linuxBitsMap;
  linuxBitsMap = new Map();
  for (const f of LINUX_X86_FLAGS) {
    if (!f.name || !f.cpuid) continue;
    linuxBitsMap.set(f.name, [...(linuxBitsMap.get(f.name) ?? []), f.cpuid]);
  }
  return linuxBitsMap;
}

export function computeCpuinfoNaming(): CpuinfoNaming {
  const key = (c: { leaf: number; subleaf?: number; reg: string; bit: number }) => `${c.leaf}:${c.subleaf ?? 0}:${c.reg}:${c.bit}`;
  const shown = new Set([...linuxBits().values()].flatMap((bits) => bits.map(key)));
  const rowsOf = new Map<string, (string | undefined)[]>();
  for (const r of X86_FEATURES) rowsOf.set(r.name, [...(rowsOf.get(r.name) ?? []), r.cpuid ? key(r.cpuid) : undefined]);
  const ids = new Map<string, number>();
  const id = (k: string) => ids.get(k) ?? (ids.set(k, ids.size), ids.size - 1);
  // one id as a number, several as a list (short JSON, quick to parse)
  const packed = (xs: number[]): number | number[] => (xs.length === 1 ? xs[0]! : xs);
  const qemu: string[] = [];
  const qemuIds: (number | number[])[] = [];
  for (const [name, keys] of rowsOf) {
    if (!keys.every((k): k is string => k !== undefined && shown.has(k))) continue;
    qemu.push(name);
    qemuIds.push(packed(keys.map(id)));
  }
  const flags = [...linuxBits().keys()];
  const flagIds = [...linuxBits().values()].map((bits) => packed([...new Set(bits.map(key).filter((k) => ids.has(k)).map((k) => ids.get(k)!))]));
  for (const n of [...flags, ...qemu]) if (/\s/.test(n) || !n) throw new Error(`x86_64: name '${n}' cannot be stored space-separated`);
  return { flags: flags.join(' '), flagIds, qemu: qemu.join(' '), qemuIds };
}

/**
 * /proc/cpuinfo of an x86 Linux host → DecodedX86Cpu. The first processor
 * block is read. Flags are Linux's names: each is mapped to its CPUID bit
 * (linux-features.ts) and the bits are named in libvirt's and QEMU's
 * vocabularies. Linux-synthetic flags (constant_tsc, …) name no CPUID bit and
 * are returned in `unmappedFlags`; CPUID bits Linux hides (osxsave, …) and
 * MSR-only features cannot be seen this way.
 */
export function parseProcCpuinfoX86(text: string, file = '/proc/cpuinfo'): Result<DecodedX86Cpu> {
  const h = readCpuinfoHeader(text, file);
  if (!h.ok) return bad(h.message, h.value);
  const { vendorString, flags } = h;
  // the flags' bits and names are found when first read (a KVM answer for a table model never reads
  // them); nothing about them can fail, so every error this input can give is given here
  let names: { libvirt: string[]; qemu: string[]; unmappedFlags: string[] } | undefined;
  // QEMU's names alone (what a KVM driver reads), from the table the one-shot bundles carry
  let qemuOnly: string[] | undefined;
  const named = () => {
    if (names) return names;
    const set = new Set<string>();
    const unmappedFlags: string[] = [];
    const bitsOf = linuxBits();
    for (const f of flags) {
      const bits = bitsOf.get(f);
      if (!bits) {
        unmappedFlags.push(f);
        continue;
      }
      for (const b of bits) set.add(`${b.leaf}:${b.subleaf ?? 0}:${b.reg}:${b.bit}`);
    }
    names = { ...nameBits((loc) => !!loc.cpuid && set.has(`${loc.cpuid.leaf}:${loc.cpuid.subleaf ?? 0}:${loc.cpuid.reg}:${loc.cpuid.bit}`)), unmappedFlags };
    if (qemuOnly) names.qemu = qemuOnly;
    return names;
  };
  const vendor = vendorName(vendorString);
  return ok({
    source: file,
    vendorString,
    ...(vendor ? { vendor } : {}),
    family: h.family,
    model: h.model,
    stepping: h.stepping,
    signature: 0,
    brand: h.brand,
    get libvirt() {
      return named().libvirt;
    },
    set libvirt(v: string[]) {
      named().libvirt = v;
    },
    get qemu() {
      if (names) return names.qemu;
      const pre = X86_PRECOMPUTED_CPUINFO_NAMING?.qemu;
      return pre ? (qemuOnly ??= qemuNamesOfFlags(pre, flags)) : named().qemu;
    },
    set qemu(v: string[]) {
      named().qemu = v;
    },
    get unmappedFlags() {
      return named().unmappedFlags;
    },
    set unmappedFlags(v: string[]) {
      named().unmappedFlags = v;
    },
  });
}
