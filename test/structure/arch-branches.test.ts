/**
 * Per-architecture behaviour lives in src/arch (the CPU drivers, the facts
 * records, the management implementations) and the one management driver
 * table (src/host/management.ts): no other source file branches on an
 * architecture's name. This reads every source file and fails on a
 * comparison of an `arch` with a string literal, on a `case` labelled with
 * an architecture's name, and on a `switch` over an architecture whose
 * cases are string literals.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SRC, ratchet, relToSrc, sources } from './sources.js';



/** Where branching on the architecture is the point. */
const ALLOWED = (rel: string): boolean => rel.startsWith('arch/') || rel === 'host/management.ts';

/** Architecture names as QEMU, libvirt and Node spell them. */
const ARCH_NAMES = ['x86_64', 'i386', 'i686', 's390x', 'ppc64', 'ppc64le', 'ppc', 'aarch64', 'arm', 'x64', 'arm64', 'ia32', 'riscv64'];

/** `arch === 'x86_64'`, `ctx.arch !== 's390x'`, `'ppc64' === arch`, `case 'aarch64':` … */
export const BRANCH = new RegExp(
  [
    /(?<!typeof\s+)\barch\)*\s*[!=]==?\s*['"`]/.source,
    /['"`][\w-]+['"`]\s*[!=]==?\s*[\w.]*\barch\b/.source,
    `\\bcase\\s+(['"\`])(?:${ARCH_NAMES.join('|')})\\1\\s*:`,
  ].join('|'),
);

/** A switch over an architecture: `arch`, `h.arch`, `nodeArch`, `hostArch` … (not `archFacts(…)`, `search`). */
const ARCH_DISCRIMINANT = /\b(?:arch|\w*Arch)\b/;

/**
 * The 1-based lines of every `switch (… arch …) { … }` whose block has a
 * `case` with a string literal: on an architecture, such a label is an
 * architecture's name, whichever (also one the list above lacks).
 */
export function archSwitches(text: string): number[] {
  const lines: number[] = [];
  for (const m of text.matchAll(/\bswitch\s*\(([^)]*(?:\([^)]*\)[^)]*)*)\)\s*\{/g)) {
    if (!ARCH_DISCRIMINANT.test(m[1]!)) continue;
    let depth = 1;
    let i = m.index + m[0].length;
    const start = i;
    while (i < text.length && depth > 0) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}') depth--;
      i++;
    }
    if (/\bcase\s+['"`]/.test(text.slice(start, i))) lines.push(text.slice(0, m.index).split('\n').length);
  }
  return lines;
}

/** Files not yet moved, with the number of branches they may still have: lower it, never raise it. None are left. */
const PENDING: Record<string, number> = {};

function branches(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const f of sources(SRC)) {
    const rel = relToSrc(f);
    if (ALLOWED(rel)) continue;
    const lines = readFileSync(f, 'utf8')
      .split('\n')
      .map((l, i) => [l, i + 1] as const)
      .filter(([l]) => BRANCH.test(l) && !/^\s*(\/\/|\*)/.test(l));
    const text = readFileSync(f, 'utf8');
    const all = text.split('\n');
    const hits = new Set([...lines.map(([, n]) => n), ...archSwitches(text)]);
    if (hits.size) found.set(rel, [...hits].sort((a, b) => a - b).map((n) => `${rel}:${n}: ${all[n - 1]!.trim()}`));
  }
  return found;
}

describe('architecture branches', () => {
  it('the pattern sees the forms a branch takes', () => {
    for (const l of ["if (arch === 's390x') {", "ctx.arch !== 'ppc64'", "doc.arch == 'x86_64'", "'aarch64' === doc.arch", "if ((o.arch ?? other(o).arch) === 'x86_64') {"]) expect(BRANCH.test(l), l).toBe(true);
    for (const l of ["typeof a === 'string'", "typeof arch !== 'string'", 'arch === hostArch', "archFacts(arch)?.maximum"]) expect(BRANCH.test(l), l).toBe(false);
    for (const l of ["    case 'x86_64':", "case 'ppc64le':", 'case "aarch64": return a;', "case `s390x`:", "    case 'x64':", "case 'arm64':"]) expect(BRANCH.test(l), l).toBe(true);
    for (const l of ["case 'x86':", "case 'cpuinfo':", "case 'x86_64-v2':", "case X86_64:", "// case 'x86_64':"]) expect(BRANCH.test(l) && !/^\s*(\/\/|\*)/.test(l), l).toBe(false);
  });

  it('sees a switch over an architecture whose cases are string literals, on the switch line', () => {
    const byLabel = "const a = 1;\nswitch (h.arch) {\n  case 'x86_64':\n    return x86(h);\n  default:\n    return other(h);\n}\n";
    expect(archSwitches(byLabel)).toEqual([2]);
    // a name the list of architecture names lacks is still a branch on the architecture
    expect(archSwitches("switch (nodeArch) {\n  case 'mips': { return { a: 1 }; }\n  case 'sparc':\n    return 'b';\n}")).toEqual([1]);
    expect(archSwitches("switch (rec.arch.toLowerCase()) { case 'riscv64': return 1; }")).toEqual([1]);
    // not on an architecture, or not by name
    expect(archSwitches("switch (kind) {\n  case 'cpuinfo':\n    return 1;\n}")).toEqual([]);
    expect(archSwitches("switch (archFacts(a)?.kind) {\n  case 'x':\n    return 1;\n}")).toEqual([]);
    expect(archSwitches("switch (search) {\n  case 'x':\n    return 1;\n}")).toEqual([]);
    expect(archSwitches('switch (arch) {\n  case ARCHES[0]:\n    return 1;\n}')).toEqual([]);
    // the block ends where the switch does: a later case elsewhere is not its
    expect(archSwitches("switch (arch) {\n  default:\n    return 1;\n}\nswitch (kind) {\n  case 'a':\n}")).toEqual([]);
  });

  it('no source file outside src/arch and the management driver table branches on an architecture name', () => {
    expect(ratchet(branches(), PENDING).over).toEqual([]);
  });

  it('the pending list shrinks: a count above what is left is lowered', () => {
    expect(ratchet(branches(), PENDING).stale).toEqual([]);
  });
});
