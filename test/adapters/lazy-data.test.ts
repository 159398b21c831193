// tools/lazy-data.mjs makes, at build time, the stand-ins of the x86_64 data
// modules in the one-shot bundles: the big tables stored as JSON text behind an
// array Proxy that parses it on first use. Each stand-in must export what the
// module exports (decode == the table, for every row), and the Proxy must act as
// the array does for the operations the code uses on these tables.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a build tool in plain JavaScript, without types
import { lazyDataModule } from '../../tools/lazy-data.mjs';
import * as features from '../../src/data/x86_64/features.js';
import * as models from '../../src/data/x86_64/models.js';
import * as libvirtFeatures from '../../src/data/x86_64/libvirt-features.js';
import * as linuxFeatures from '../../src/data/x86_64/linux-features.js';

const make = lazyDataModule as (mod: object, lazy: string[], what?: string) => string;
const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-lazy-data-'));
let n = 0;

/** The stand-in's exports, imported from the code lazyDataModule writes. */
async function standIn(mod: object, lazy: string[]): Promise<Record<string, unknown>> {
  const file = path.join(dir, `m${n++}.mjs`);
  writeFileSync(file, make(mod, lazy));
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

// the tables tools/build-oneshot.mjs makes lazy (X86_LAZY_TABLES there)
const CASES: [string, object, string[]][] = [
  ['features', features, ['X86_FEATURES']],
  ['models', models, ['X86_MODELS']],
  ['libvirt-features', libvirtFeatures, ['LIBVIRT_X86_FEATURES']],
  ['linux-features', linuxFeatures, ['LINUX_X86_FLAGS']],
];

describe('lazy data modules for the one-shot bundles', () => {
  it.each(CASES)('src/data/x86_64/%s: every export of the stand-in equals the module\'s', async (_, mod, lazy) => {
    const got = await standIn(mod, lazy);
    expect(Object.keys(got).sort()).toEqual(Object.keys(mod).sort());
    for (const [k, v] of Object.entries(mod)) {
      expect(got[k]).toStrictEqual(v);
      // row by row, through the Proxy's own index reads
      if (lazy.includes(k)) {
        const rows = v as unknown[];
        const table = got[k] as unknown[];
        expect(table.length).toBe(rows.length);
        for (let i = 0; i < rows.length; i++) expect(table[i]).toStrictEqual(rows[i]);
      }
    }
  });

  it('a lazy table acts as its array: isArray, length, index, for-of, spread, indexOf of its own rows, methods, JSON, keys', async () => {
    const got = await standIn({ T: [{ a: 1 }, { a: 2, b: [3] }, { a: 3 }], K: 7 }, ['T']);
    const t = got['T'] as { a: number; b?: number[] }[];
    expect(Array.isArray(t)).toBe(true);
    expect(t.length).toBe(3);
    expect(t[1]).toEqual({ a: 2, b: [3] });
    expect([...t].map((r) => r.a)).toEqual([1, 2, 3]);
    const seen: number[] = [];
    for (const r of t) seen.push(r.a);
    expect(seen).toEqual([1, 2, 3]);
    expect(t.indexOf(t[2]!)).toBe(2);
    expect(t.filter((r) => r.a > 1).map((r) => r.a)).toEqual([2, 3]);
    expect(t.find((r) => r.b)?.b).toEqual([3]);
    expect(JSON.stringify(t)).toBe('[{"a":1},{"a":2,"b":[3]},{"a":3}]');
    expect(Object.keys(t)).toEqual(['0', '1', '2']);
    expect([0, ...t.map((r) => r.a)]).toEqual([0, 1, 2, 3]);
    expect(got['K']).toBe(7);
  });

  it('refuses an export that does not survive JSON unchanged, naming it', () => {
    expect(() => make({ OK: [1], BAD: { x: undefined } }, [], 'src/data/x.ts')).toThrow(/src\/data\/x\.ts: export BAD does not survive JSON unchanged/);
    expect(() => make({ BAD: [1n] }, [])).toThrow(/export BAD/);
  });

  it('refuses to make a table lazy that is not an array, or that the module does not export', () => {
    expect(() => make({ T: { a: 1 } }, ['T'], 'm')).toThrow(/m: export T is not an array/);
    expect(() => make({ T: [1] }, ['T', 'U'], 'm')).toThrow(/m: has no export U/);
  });
});
