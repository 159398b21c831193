/**
 * The small part of reading an x86 host's text that needs no feature table:
 * which format a text is (detectX86Format), /proc/cpuinfo's identity lines
 * and flags (readCpuinfoHeader), and naming flags in QEMU's vocabulary from
 * the build's stored table (qemuNamesOfFlags). probe.ts and cpuid.ts use
 * these; so does the direct `models` path (models-direct.ts), which must not
 * load the feature tables.
 */

export type X86ProbeFormat = 'cpudata' | 'cpuid-r' | 'cpuinfo' | 'qmp-expansion';

export function detectX86Format(text: string): X86ProbeFormat | null {
  const t = text.trimStart();
  if (t.startsWith('{')) return 'qmp-expansion';
  if (t.startsWith('<') || /<cpudata[\s>]/.test(text)) return 'cpudata';
  if (/^\s*0x[0-9a-f]{8} 0x[0-9a-f]{2}: eax=0x[0-9a-f]{8}/im.test(text)) return 'cpuid-r';
  if (/^(vendor_id|flags)\s*:/m.test(text)) return 'cpuinfo';
  return null;
}

/** /proc/cpuinfo's first processor block: identity and flags. */
export interface CpuinfoHeader {
  ok: true;
  vendorString: string;
  family: number;
  model: number;
  stepping: number;
  /** 'model name', '' when absent */
  brand: string;
  flags: Set<string>;
}

/** Why a /proc/cpuinfo text cannot be read (cpuid.ts makes it a bad-host-data error). */
export interface CpuinfoHeaderError {
  ok: false;
  message: string;
  value: string;
}

/** The identity lines and flags of the first processor block of /proc/cpuinfo (parseProcCpuinfoX86's reading of them). */
export function readCpuinfoHeader(text: string, file: string): CpuinfoHeader | CpuinfoHeaderError {
  const block = text.split(/\n\s*\n/).find((b) => b.trim()) ?? '';
  const fields = new Map<string, string>();
  for (const line of block.split('\n')) {
    const m = /^([^:]+?)\s*:\s?(.*)$/.exec(line);
    if (m && !fields.has(m[1]!.trim())) fields.set(m[1]!.trim(), m[2]!.trim());
  }
  const bad = (message: string, value: string): CpuinfoHeaderError => ({ ok: false, message, value });
  const vendorString = fields.get('vendor_id');
  if (vendorString === undefined) return bad(`${file}: no 'vendor_id' line (is this an x86 /proc/cpuinfo?)`, 'vendor_id');
  const num = (k: string): number | CpuinfoHeaderError => {
    const v = fields.get(k);
    if (v === undefined) return bad(`${file}: no '${k}' line`, k);
    if (!/^\d+$/.test(v)) return bad(`${file}: '${k}: ${v}' is not a number`, v);
    return Number(v);
  };
  const family = num('cpu family');
  if (typeof family !== 'number') return family;
  const model = num('model');
  if (typeof model !== 'number') return model;
  // some virtual CPUs print 'stepping : unknown'
  const steppingText = fields.get('stepping');
  let stepping = 0;
  if (steppingText !== undefined && steppingText !== 'unknown') {
    const s = num('stepping');
    if (typeof s !== 'number') return s;
    stepping = s;
  }
  const flagsText = fields.get('flags');
  if (flagsText === undefined) return bad(`${file}: no 'flags' line in the first processor block, so no features can be read`, 'flags');
  const flags = new Set(flagsText.split(/\s+/).filter(Boolean));
  return { ok: true, vendorString, family, model, stepping, brand: fields.get('model name') ?? '', flags };
}

/**
 * What naming /proc/cpuinfo flags in QEMU's vocabulary needs, as plain data
 * (build time: tools/build-oneshot.mjs stores it in the one-shot bundles, see
 * precomputed.ts): each Linux flag with the ids of the CPUID bits it shows
 * that some QEMU name needs; in nameBits' order, each QEMU name that flags can
 * show, with the ids of all its bits (a name is present when all are:
 * nameBits' rule). Names with an MSR row or a bit no flag shows are left out:
 * no flag set can name them. Names are space-separated strings and ids mostly
 * plain numbers, so that the table parses quickly.
 */
export interface CpuinfoNaming {
  /** the Linux flags, separated by spaces */
  flags: string;
  /** per flag, its bit id (or ids) */
  flagIds: (number | number[])[];
  /** the QEMU names, separated by spaces */
  qemu: string;
  /** per name, its bit id (or the ids it needs all of) */
  qemuIds: (number | number[])[];
}

/** The QEMU names of a set of /proc/cpuinfo flags by a CpuinfoNaming: nameBits' answer for them. */
export function qemuNamesOfFlags(naming: CpuinfoNaming, flags: ReadonlySet<string>): string[] {
  const have = new Set<number>();
  const flagNames = naming.flags.split(' ');
  for (let i = 0; i < flagNames.length; i++) {
    if (!flags.has(flagNames[i]!)) continue;
    const ids = naming.flagIds[i]!;
    if (typeof ids === 'number') have.add(ids);
    else for (const x of ids) have.add(x);
  }
  const out: string[] = [];
  const names = naming.qemu.split(' ');
  for (let i = 0; i < names.length; i++) {
    const ids = naming.qemuIds[i]!;
    if (typeof ids === 'number' ? have.has(ids) : ids.every((x) => have.has(x))) out.push(names[i]!);
  }
  return out;
}

