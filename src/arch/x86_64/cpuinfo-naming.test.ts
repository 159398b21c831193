import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../core/prng.js';
import { LINUX_X86_FLAGS } from '../../data/x86_64/linux-features.js';
import { computeCpuinfoNaming, parseProcCpuinfoX86, qemuNamesOfFlags } from './cpuid.js';

// tools/build-oneshot.mjs stores computeCpuinfoNaming's table in the one-shot
// bundles (x86_64/precomputed.ts); there a /proc/cpuinfo host's QEMU names come
// from it (qemuNamesOfFlags), not from the feature tables. Both must name alike.
const root = path.resolve(import.meta.dirname, '../../..');
const fixture = readFileSync(path.join(root, 'test', 'fixtures', 'x86_64', 'proc-cpuinfo-this-machine.txt'), 'utf8');
const naming = JSON.parse(JSON.stringify(computeCpuinfoNaming())) as ReturnType<typeof computeCpuinfoNaming>;

/** The QEMU names parseProcCpuinfoX86 gives a first processor block with these flags (the tables' path). */
function viaTables(flags: readonly string[]): string[] {
  const r = parseProcCpuinfoX86(`vendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\nstepping\t: 4\nflags\t\t: ${flags.join(' ')}\n`, 'test');
  if (!r.ok) throw new Error(r.error.message);
  return r.value.qemu;
}

const ALL = [...new Set(LINUX_X86_FLAGS.map((f) => f.name).filter(Boolean))];

describe('x86_64 /proc/cpuinfo naming table', () => {
  it("names this machine's flags as the tables do", () => {
    const flags = /^flags\s*:\s*(.*)$/m.exec(fixture)![1]!.split(/\s+/).filter(Boolean);
    const got = qemuNamesOfFlags(naming, new Set(flags));
    expect(got.length).toBeGreaterThan(50);
    expect(got).toEqual(viaTables(flags));
  });

  it('names every flag, none, each flag alone and random sets as the tables do, in the same order', () => {
    expect(qemuNamesOfFlags(naming, new Set(ALL))).toEqual(viaTables(ALL));
    expect(qemuNamesOfFlags(naming, new Set())).toEqual(viaTables([]));
    for (const f of ALL) expect({ f, names: qemuNamesOfFlags(naming, new Set([f])) }).toEqual({ f, names: viaTables([f]) });
    const rand = mulberry32(11);
    for (let n = 0; n < 200; n++) {
      const flags = ALL.filter(() => rand() < 0.5);
      // flags Linux shows that name no CPUID bit are ignored alike
      flags.push('constant_tsc', 'bogus_flag');
      expect(qemuNamesOfFlags(naming, new Set(flags))).toEqual(viaTables(flags));
    }
  });

  it('leaves out the QEMU names no flag can show (MSR-only features)', () => {
    const names = new Set(naming.qemu.split(' '));
    expect(names.has('sse2')).toBe(true);
    expect(names.has('vmx-exit-nosave-debugctl')).toBe(false);
  });
});
