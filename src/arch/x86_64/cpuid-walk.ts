/**
 * Walking the CPUID leaves of a CPU through a reader (the agent's reader is
 * Linux's /dev/cpu/N/cpuid: a 16-byte read at offset ECX<<32 | EAX gives EAX,
 * EBX, ECX, EDX), written as `cpuid -r -1` prints it, so the text reads
 * wherever a CPUID dump does. Pure: the reader does the I/O.
 *
 * Which leaves have subleaves, and how many, are facts of the x86
 * architecture (Intel SDM vol. 2A "CPUID", AMD APM vol. 3 "CPUID"):
 * 4 and 0x8000001D: until the cache type (EAX[4:0]) is 0; 0xB and 0x1F:
 * until the level type (ECX[15:8]) is 0; 7, 0x14, 0x17, 0x18, 0x1D, 0x20,
 * 0x24: subleaf 0's EAX is the last subleaf; 0xD: 0 … 63; 0x10, 0x12,
 * 0x80000020, 0x80000026: 0 … 3 (0x12: 0 … 3 covers SGX's EPC sections
 * that describe the host enough).
 */
export type CpuidReader = (leaf: number, subleaf: number) => readonly [number, number, number, number] | undefined;

const hex8 = (n: number) => '0x' + (n >>> 0).toString(16).padStart(8, '0');
const hex2 = (n: number) => '0x' + n.toString(16).padStart(2, '0');

const UNTIL_CACHE_TYPE_0 = new Set([0x4, 0x8000001d]);
const UNTIL_LEVEL_TYPE_0 = new Set([0xb, 0x1f]);
const EAX_IS_LAST = new Set([0x7, 0x14, 0x17, 0x18, 0x1d, 0x20, 0x24]);
const FIXED: ReadonlyMap<number, number> = new Map([[0xd, 63], [0x10, 3], [0x12, 3], [0x80000020, 3], [0x80000026, 3]]);
/** no CPU has more; a reader answering every leaf cannot make the walk endless */
const MAX_SUBLEAVES = 64;
const MAX_LEAVES = 0x40;

function subleaves(leaf: number, read: CpuidReader): number[][] {
  const first = read(leaf, 0);
  if (!first) return [];
  const out: number[][] = [[leaf, 0, ...first]];
  let last = 0;
  if (EAX_IS_LAST.has(leaf)) last = Math.min(first[0] >>> 0, MAX_SUBLEAVES - 1);
  else if (FIXED.has(leaf)) last = FIXED.get(leaf)!;
  else if (UNTIL_CACHE_TYPE_0.has(leaf) || UNTIL_LEVEL_TYPE_0.has(leaf)) {
    const done = (r: readonly number[]) => (UNTIL_CACHE_TYPE_0.has(leaf) ? (r[0]! & 0x1f) === 0 : ((r[2]! >>> 8) & 0xff) === 0);
    if (done(first)) return out;
    for (let s = 1; s < MAX_SUBLEAVES; s++) {
      const r = read(leaf, s);
      if (!r) break;
      out.push([leaf, s, ...r]);
      if (done(r)) break;
    }
    return out;
  }
  for (let s = 1; s <= last; s++) {
    const r = read(leaf, s);
    if (r) out.push([leaf, s, ...r]);
  }
  return out;
}

/** Every leaf of the CPU as `cpuid -r -1` output (one CPU); undefined when leaf 0 cannot be read. */
export function cpuidToolText(read: CpuidReader): string | undefined {
  const rows: number[][] = [];
  for (const base of [0, 0x80000000]) {
    const top = read(base, 0);
    if (!top) {
      if (base === 0) return undefined;
      continue;
    }
    const max = top[0] >>> 0;
    if (base && (max < base || max > base + MAX_LEAVES)) continue; // no extended leaves
    for (let leaf = base; leaf <= Math.min(max, base + MAX_LEAVES); leaf++) rows.push(...subleaves(leaf, read));
  }
  return 'CPU:\n' + rows.map(([l, s, a, b, c, d]) => `   ${hex8(l!)} ${hex2(s!)}: eax=${hex8(a!)} ebx=${hex8(b!)} ecx=${hex8(c!)} edx=${hex8(d!)}`).join('\n') + '\n';
}
