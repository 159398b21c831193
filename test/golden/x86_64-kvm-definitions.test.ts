/**
 * query-cpu-definitions under KVM against real QEMU replies: with a real
 * host's expansion as --host, every definition's unavailable-features must
 * equal what that QEMU answered, in QEMU's order and with QEMU's repeats.
 */
import { describe, expect, it } from 'vitest';
import { createDriver } from '../../src/arch/index.js';
import { unwrap } from '../../src/core/errors.js';
import { kvmCapsFiles, readKvmCaps } from '../helpers/qemucaps.js';

const fixtures = kvmCapsFiles('x86_64').map(readKvmCaps);

function measure(f: ReturnType<typeof readKvmCaps>) {
  // the host is read as every command reads --host, the catalog is the release's
  const d = unwrap(createDriver({ arch: 'x86_64', accel: 'kvm', profile: f.release, host: { text: JSON.stringify(f.hostReply), origin: f.file } }));
  const ours = new Map(d.definitions().map((x) => [x.name, x]));
  const diffs: string[] = [];
  let equal = 0;
  for (const want of f.definitions) {
    const got = ours.get(want.name);
    const g = got?.['unavailable-features'] ?? ['<missing>'];
    if (JSON.stringify(g) === JSON.stringify(want.unavailable)) equal++;
    else diffs.push(`${want.name}: ours [${g.join(' ')}] qemu [${want.unavailable.join(' ')}]`);
  }
  return { equal, total: f.definitions.length, diffs };
}

/** Definitions equal per fixture, as measured: a regression (or an improvement) must change this table. */
const EXPECTED: Record<string, number> = {
  'x86_64-4.2.txt': 39, // phenom keeps npt with svm off: the svm -> SVM-word dependency is QEMU 5.1's
  'x86_64-6.2.txt': 55,
  'x86_64-7.2.txt': 85,
  'x86_64-8.2.txt': 45,
  'x86_64-9.1.txt': 147,
  'x86_64-9.2.txt': 133,
  'x86_64-10.0.txt': 153,
  'x86_64-10.1.txt': 160,
};

/**
 * Models the release catalog lists although that QEMU's reply does not: release
 * tags to correct in src/data/x86_64/models.ts (per-release catalogs).
 */
const CATALOG_GAPS: Record<string, string[]> = {};

describe('x86_64 query-cpu-definitions under kvm equals real QEMU', () => {
  const results = fixtures.map((f) => ({ f, r: measure(f) }));

  it.each(results.map(({ f, r }) => [f.file, f, r] as const))('%s', (_file, f, r) => {
    if (r.diffs.length) console.log(`${f.file}: ${r.equal}/${r.total}\n${r.diffs.slice(0, 20).join('\n')}`);
    expect(r.total).toBeGreaterThan(0);
    expect(r.equal).toBe(EXPECTED[f.file]);
  });

  it.each(fixtures.filter((f) => f.complete).map((f) => [f.file, f] as const))('%s: the same names in the same order, aliases included (but for known catalog gaps)', (_file, f) => {
    const d = unwrap(createDriver({ arch: 'x86_64', accel: 'kvm', profile: f.release, host: { text: JSON.stringify(f.hostReply), origin: f.file } }));
    const key = (name: string, alias?: string) => (alias ? `${name}=${alias}` : name);
    const theirs = f.definitions.map((x) => key(x.name, x.aliasOf));
    const ours = d.definitions().map((x) => key(x.name, x['alias-of']));
    const extra = ours.filter((n) => !theirs.includes(n));
    expect(extra).toEqual(CATALOG_GAPS[f.file] ?? []);
    expect(ours.filter((n) => !extra.includes(n))).toEqual(theirs);
  });

  it('agrees on at least 95% of all definitions, Intel and AMD hosts, old and new releases', () => {
    const equal = results.reduce((n, { r }) => n + r.equal, 0);
    const total = results.reduce((n, { r }) => n + r.total, 0);
    process.stdout.write(`KVM definitions: ${equal}/${total} equal to QEMU's\n`);
    expect(Object.keys(EXPECTED).sort()).toEqual(fixtures.map((f) => f.file).sort());
    expect(equal / total).toBeGreaterThanOrEqual(0.95);
    expect(new Set(fixtures.map((f) => (f.hostReply.return.model.props['vendor'] as string)))).toEqual(new Set(['GenuineIntel', 'AuthenticAMD']));
  });

  it('reproduces QEMU\'s repeats: up to 9.1 a missing XSAVE component is named again, from 9.2 on it is not', () => {
    const rel = (r: string) => fixtures.find((f) => f.release === r)!;
    const skx = (r: string) => rel(r).definitions.find((d) => d.name === 'Skylake-Server-v1')!.unavailable;
    expect(skx('9.1').filter((n) => n === 'avx512f')).toHaveLength(4);
    expect(skx('9.2').filter((n) => n === 'avx512f')).toHaveLength(1);
  });
});
