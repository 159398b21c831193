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
import { kvmCapsFiles, readKvmCaps } from '../helpers/qemucaps.js';

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

/** Names a list taken under KVM has that our (TCG) catalog does not: ppc64's 'host' class exists only with KVM. */
const KVM_ONLY: Readonly<Record<string, readonly string[]>> = {
  ppc64: ['host'],
};

/**
 * libvirt's ppc64 caps data spells QEMU's server aliases power7 … power10 as
 * POWER7 … POWER10 (in every release it recorded, 4.2 … 10.0); QEMU itself
 * answers them in lower case (QEMU 7.2's own reply, ../shared/reference).
 */
const recordedName = (arch: string, n: string): string => (arch === 'ppc64' ? n.replace(/^POWER(\d+)$/, 'power$1') : n);

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

/** Tallies one release: do the sorted name lists agree exactly? */
function count(key: string, ours: readonly string[], theirs: readonly string[]): void {
  const t = tally.get(key) ?? { agree: 0, total: 0 };
  t.total++;
  if (JSON.stringify(ours) === JSON.stringify(theirs)) t.agree++;
  tally.set(key, t);
}

afterAll(() => {
  for (const [arch, t] of tally) process.stdout.write(`release catalogs: ${arch} ${t.agree}/${t.total} releases agree exactly\n`);
});

describe('models --profile R lists what QEMU R lists', () => {
  it('has fixtures for every architecture', () => {
    expect(new Set(lists.map((l) => l.arch))).toEqual(new Set(['aarch64', 'ppc64', 's390x', 'x86_64']));
  });

  for (const l of lists) {
    it(`${l.arch} ${l.release} (${l.models.length} names)`, () => {
      expect(checkProfile(l.release).ok).toBe(true);
      const ours = ourNames(l.arch, l.release);
      const kvmOnly = new Set(KVM_ONLY[l.arch] ?? []);
      const theirs = l.models.filter((n) => !kvmOnly.has(n)).map((n) => recordedName(l.arch, n)).sort();
      count(l.arch, ours, theirs);
      const missing = theirs.filter((n) => !ours.includes(n));
      const extra = ours.filter((n) => !theirs.includes(n));
      expect({ missing, extra }, `${l.arch} ${l.release}`).toEqual({ missing: KNOWN_GAPS[`${l.arch} ${l.release}`] ?? [], extra: [] });
    });
  }

});

/**
 * Files read only in part: the names seen in a contiguous sorted stretch, and
 * the names that stretch would have shown had the release had them.
 */
const PARTIAL: readonly { arch: string; release: string; origin: string; present: string[]; absent: string[]; deprecated?: string[] }[] = [
  {
    arch: 'x86_64',
    release: '5.0',
    origin: 'libvirt tests/qemucapabilitiesdata/caps_5.0.0_x86_64.xml (commit 294cf405), <cpu type=kvm>, offsets 30000-62000',
    present: ['Icelake-Server-v3', 'EPYC-v3', 'EPYC-Rome-v1', 'Denverton-v2', 'Cooperlake-v1', 'Cascadelake-Server-v3'],
    absent: ['Skylake-Server-v4', 'Icelake-Server-v4', 'Cascadelake-Server-v4', 'EPYC-Rome-v2', 'Denverton-v3', 'Cooperlake-v2', 'Dhyana-v2'],
  },
  {
    arch: 'x86_64',
    release: '5.1',
    origin: 'libvirt tests/qemucapabilitiesdata/caps_5.1.0_x86_64.xml (commit 294cf405), <cpu type=kvm>, offsets 30500-46500 and 48000-64000',
    present: ['Icelake-Server-v4', 'Cascadelake-Server-v4', 'Denverton-v2', 'EPYC-v3', 'Cooperlake-v1'],
    absent: ['Icelake-Server-v5', 'Cascadelake-Server-v5', 'Cooperlake-v2', 'EPYC-Rome-v2'],
  },
  {
    arch: 'x86_64',
    release: '5.2',
    origin: 'libvirt tests/qemucapabilitiesdata/caps_5.2.0_x86_64.xml (commit 294cf405), <cpu type=kvm>, offsets 30000-46000 and 47500-63500',
    present: ['Skylake-Server-v4', 'Skylake-Client-v3', 'Icelake-Server-v4', 'Icelake-Client-v2', 'EPYC-v3', 'EPYC-Rome-v1', 'Dhyana-v1', 'Denverton-v2', 'Cooperlake-v1', 'Cascadelake-Server-v4'],
    absent: ['Skylake-Server-v5', 'Skylake-Client-v4', 'Icelake-Server-v5', 'EPYC-v4', 'EPYC-Rome-v2', 'EPYC-Milan', 'Dhyana-v2', 'Denverton-v3', 'Cooperlake-v2', 'Cascadelake-Server-v5'],
    deprecated: ['Icelake-Client-v2', 'Icelake-Client-v1', 'Icelake-Client-noTSX'],
  },
  {
    arch: 'x86_64',
    release: '6.1',
    origin: 'libvirt tests/qemucapabilitiesdata/caps_6.1.0_x86_64.xml (commit 294cf405), <cpu type=kvm>, offsets 29500-45500',
    present: ['Snowridge-v3', 'Skylake-Server-v5', 'Skylake-Client-v4', 'Icelake-Server-v5', 'Westmere-v2'],
    absent: ['Snowridge-v4', 'Icelake-Server-v6'],
  },
  {
    arch: 'x86_64',
    release: '7.0',
    origin: 'libvirt tests/qemucapabilitiesdata/caps_7.0.0_x86_64.xml (commit 14192af4), <cpu type=kvm>, offsets 41000-57000',
    present: ['Icelake-Server-v6', 'Icelake-Client-v3', 'Icelake-Client', 'EPYC-Rome-v2', 'EPYC-Milan-v1', 'Dhyana-v2', 'Denverton-v3', 'Cooperlake-v2'],
    absent: ['Icelake-Server-v7', 'EPYC-v4', 'EPYC-Rome-v3', 'EPYC-Milan-v2', 'EPYC-Genoa'],
    deprecated: ['Icelake-Client-v3', 'Icelake-Client-v2', 'Icelake-Client-v1', 'Icelake-Client-noTSX', 'Icelake-Client'],
  },
  {
    arch: 'x86_64',
    release: '8.1',
    origin: 'libvirt tests/domaincapsdata/qemu_8.1.0-q35.x86_64.xml (commit 003b5731), offsets 14000-30000',
    present: ['EPYC-IBPB', 'EPYC-Milan-v2', 'EPYC-Rome-v4', 'EPYC-v4', 'GraniteRapids', 'GraniteRapids-v1', 'Icelake-Server-v6'],
    absent: ['EPYC-Milan-v3', 'EPYC-Rome-v5', 'EPYC-v5', 'GraniteRapids-v2', 'Icelake-Server-v7'],
  },
  {
    arch: 'x86_64',
    release: '9.0',
    origin: 'libvirt tests/domaincapsdata/qemu_9.0.0-q35.x86_64.xml (commit 003b5731), offsets 19000-35000 and 36500-52500',
    present: ['GraniteRapids-v1', 'Icelake-Server-v6', 'SapphireRapids-v2', 'Snowridge-v4', 'Skylake-Server-v5'],
    absent: ['GraniteRapids-v2', 'Icelake-Server-v7', 'SapphireRapids-v3', 'SierraForest', 'SierraForest-v1', 'YongFeng', 'YongFeng-v1'],
  },
  {
    arch: 'x86_64',
    release: '9.1',
    origin: 'libvirt tests/domaincapsdata/qemu_9.1.0-q35.x86_64.xml (commit 003b5731), offsets 30500-46500',
    present: ['SapphireRapids-v3', 'SierraForest', 'SierraForest-v1', 'Skylake-Client-v4'],
    absent: ['SapphireRapids-v4', 'SierraForest-v2'],
  },
  {
    arch: 'x86_64',
    release: '11.0',
    origin: 'libvirt tests/qemucapabilitiesdata/caps_11.0.0_x86_64.xml (commit 12cdd613), <cpu type=kvm>, offsets 30000-46000 and 68000-84000 (QEMU order: newest version first)',
    present: ['YongFeng-v3', 'Westmere-v2', 'Snowridge-v4', 'Skylake-Server-v5', 'Skylake-Client-v4', 'SierraForest-v4', 'SierraForest-v3',
      'DiamondRapids', 'Dhyana-v2', 'ClearwaterForest-v2', 'Cascadelake-Server-v5'],
    absent: ['YongFeng-v4', 'Westmere-v3', 'Snowridge-v5', 'Skylake-Server-v6', 'Skylake-Client-v5', 'SierraForest-v5', 'ClearwaterForest-v3', 'Dhyana-v3'],
  },
  {
    arch: 'x86_64',
    release: '10.0',
    origin: 'libvirt tests/domaincapsdata/qemu_10.0.0-q35.x86_64.xml (commit 0ea04024), offsets 5500-21500',
    present: ['ClearwaterForest-v1', 'Cooperlake-v2', 'Denverton-v3', 'Dhyana-v2', 'EPYC-Genoa-v1', 'EPYC-Milan-v2', 'EPYC-Rome-v4', 'EPYC-v4'],
    absent: ['ClearwaterForest-v2', 'EPYC-Genoa-v2', 'EPYC-Milan-v3', 'EPYC-Rome-v5', 'EPYC-Turin', 'EPYC-v5'],
  },
  // ppc64: libvirt's tests/qemucapabilitiesdata/caps_R.ppc64.xml (commit 01cf26d4; 7.1: 0244d42b), <cpu type='kvm'>,
  // read in part: the alias section whole (6.2: from power8nvl on) and the first ~280 classes
  {
    arch: 'ppc64',
    release: '5.2',
    origin: 'libvirt tests/qemucapabilitiesdata/caps_5.2.0.ppc64.xml (commit 01cf26d4), offsets 5600-21600',
    present: ['default', 'max', 'power10', 'power9', 'power8', 'power7', '403', '601', '601v', '601_v0', '601_v1', '602', 'power10_v1.0', '401', '401a1', '401b2', '401c2', '401d2', '401g2', '403gb', '403gc', '403gcx', 'iop480', 'cobra'],
    absent: ['power7p_v2.1', 'power5p_v2.1'],
  },
  {
    arch: 'ppc64',
    release: '6.2',
    origin: 'libvirt tests/qemucapabilitiesdata/caps_6.2.0.ppc64.xml (commit 01cf26d4), offsets 6500-22500',
    present: ['max', 'power8', 'power7', '403', '601', '601v', '601_v0', '601_v1', '602', 'power10_v2.0', '401', '401a1', '401b2', '401c2', '401d2', '401g2', '403gb', '403gc', '403gcx', 'iop480', 'cobra'],
    absent: ['power7p_v2.1'],
  },
  {
    arch: 'ppc64',
    release: '7.0',
    origin: 'libvirt tests/qemucapabilitiesdata/caps_7.0.0.ppc64.xml (commit 01cf26d4), offsets 5800-21800',
    present: ['default', 'max', 'power10', 'power9', 'power8', 'power7', 'power10_v2.0', 'power9_v2.0'],
    absent: ['403', '601', '601v', 'power11'],
  },
  {
    arch: 'ppc64',
    release: '7.1',
    origin: 'libvirt tests/qemucapabilitiesdata/caps_7.1.0.ppc64.xml (commit 0244d42b), offsets 5500-21500',
    present: ['power10', 'power9', 'power8', 'power7', 'power10_v2.0', 'power9_v2.0'],
    absent: ['default', 'max', '403', 'power11'],
  },

];

/**
 * The KVM fixtures of test/fixtures/qemucaps are QEMU's own query-cpu-definitions
 * replies (base, max and host included). A complete one must list exactly our
 * names for its release; one transcribed only in part must list none we lack.
 */
describe('models --profile R lists what QEMU R answered in the KVM fixtures', () => {
  for (const file of kvmCapsFiles('x86_64')) {
    const caps = readKvmCaps(file);
    it(`${file} (QEMU ${caps.release}, ${caps.complete ? 'complete' : 'first entries only'})`, () => {
      const d = createDriver({ arch: caps.arch, profile: caps.release });
      if (!d.ok) throw new Error(d.error.message);
      const ours = d.value.definitions().map((x) => x.name).sort();
      const theirs = caps.definitions.map((x) => x.name).sort();
      expect(theirs.filter((n) => !ours.includes(n)), 'listed by QEMU, missing here').toEqual([]);
      if (!caps.complete) return;
      count(`${caps.arch} (KVM replies)`, ours, theirs);
      expect(ours.filter((n) => !theirs.includes(n)), 'not in QEMU, listed here').toEqual([]);
    });
  }
});

describe('models --profile R agrees with the parts of QEMU R lists that were read', () => {
  for (const p of PARTIAL) {
    it(`${p.arch} ${p.release}`, () => {
      const d = createDriver({ arch: p.arch, profile: p.release });
      if (!d.ok) throw new Error(d.error.message);
      const defs = new Map(d.value.definitions().map((x) => [x.name, x]));
      expect(p.present.filter((n) => !defs.has(n)), 'listed by QEMU, missing here').toEqual([]);
      expect(p.absent.filter((n) => defs.has(n)), 'not in QEMU, listed here').toEqual([]);
      expect((p.deprecated ?? []).filter((n) => !defs.get(n)?.deprecated), 'deprecated in QEMU, not here').toEqual([]);
    });
  }
});

/**
 * Names QEMU lists that we cannot declare yet, because the facts behind them
 * (their props, and feature bits the tables lack) are not sourced: each must
 * be listed here, so a gap is written down, and a filled gap fails until it is
 * removed from this table.
 */
const KNOWN_GAPS: Readonly<Record<string, readonly string[]>> = {};
