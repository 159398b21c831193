// Per-release catalogs against what each QEMU release answered.
//
// test/fixtures/qemu-releases/ARCH-R.json holds the CPU model names libvirt
// recorded for QEMU R (its tests/qemucapabilitiesdata and tests/domaincapsdata,
// copied verbatim; the README names every origin). For each file, the names
// `cpumodels models --arch ARCH --profile R --json` lists must be exactly
// those, except the ones libvirt never records (x86_64: 'base', 'max', 'host').
// The agreement per architecture is printed as x/y.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

import { createDriver } from '../../src/arch/index.js';
import { checkProfile } from '../../src/core/profile.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/qemu-releases');

interface ReleaseList {
  arch: string;
  release: string;
  origin: string;
  models: string[];
}

/** Names QEMU lists that libvirt leaves out of what it records. */
const NOT_RECORDED: Readonly<Record<string, readonly string[]>> = {
  x86_64: ['base', 'max', 'host'],
};

const lists: ReleaseList[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as ReleaseList)
  .sort((a, b) => a.arch.localeCompare(b.arch) || a.release.localeCompare(b.release, 'en', { numeric: true }));

function ourNames(arch: string, release: string): string[] {
  const d = createDriver({ arch, profile: release });
  if (!d.ok) throw new Error(d.error.message);
  const skip = new Set(NOT_RECORDED[arch] ?? []);
  return d.value
    .definitions()
    .map((x) => x.name)
    .filter((n) => !skip.has(n))
    .sort();
}

const tally = new Map<string, { agree: number; total: number }>();

describe('models --profile R lists what QEMU R lists', () => {
  it('has fixtures for every architecture', () => {
    expect(new Set(lists.map((l) => l.arch))).toEqual(new Set(['aarch64', 's390x', 'x86_64']));
  });

  for (const l of lists) {
    it(`${l.arch} ${l.release} (${l.models.length} names)`, () => {
      expect(checkProfile(l.release).ok).toBe(true);
      const ours = ourNames(l.arch, l.release);
      const t = tally.get(l.arch) ?? { agree: 0, total: 0 };
      t.total++;
      const theirs = [...l.models].sort();
      if (JSON.stringify(ours) === JSON.stringify(theirs)) t.agree++;
      tally.set(l.arch, t);
      const missing = theirs.filter((n) => !ours.includes(n));
      const extra = ours.filter((n) => !theirs.includes(n));
      expect({ missing, extra }, `${l.arch} ${l.release}`).toEqual({ missing: KNOWN_GAPS[`${l.arch} ${l.release}`] ?? [], extra: [] });
    });
  }

  afterAll(() => {
    for (const [arch, t] of tally) process.stdout.write(`release catalogs: ${arch} ${t.agree}/${t.total} releases agree exactly\n`);
  });
});

/**
 * Names QEMU lists that we cannot declare yet, because the facts behind them
 * (their props, and feature bits the tables lack) are not sourced: each must
 * be listed here, so a gap is written down, and a filled gap fails until it is
 * removed from this table.
 */
const KNOWN_GAPS: Readonly<Record<string, readonly string[]>> = {
  'x86_64 11.1': [
    // QEMU 11.0 versions with CET (cet-ibt/cet-ss), its-no and the Diamond Rapids
    // feature words (APX, AVX10.2, AMX-FP8/TF32 …) that features.ts lacks
    'ClearwaterForest-v2',
    'ClearwaterForest-v3',
    'DiamondRapids',
    'DiamondRapids-v1',
    'GraniteRapids-v4',
    'GraniteRapids-v5',
    'SapphireRapids-v5',
    'SapphireRapids-v6',
    'SierraForest-v4',
    'SierraForest-v5',
  ],
};
