import { alive, atLeast, visibleIn } from '../../src/core/profile.js';
import { describe, it, expect } from 'vitest';
import { parseJsonExact } from '../../src/adapters/qmp/json-stream.js';
import { readFileSync } from 'node:fs';

import { S390_FEATURES, S390_FEATURE_DESC_CHANGES } from '../../src/data/s390x/features.js';
import { S390_GROUPS } from '../../src/data/s390x/groups.js';
import { S390_GENERATIONS, type S390GenerationRow } from '../../src/data/s390x/generations.js';
import {
  S390_MODELS,
  S390_QEMU_MODEL,
  S390_QEMU_MAX_FEATURES,
  S390_QEMU_MAX_CPU,
  S390_QEMU_FEATURE_LISTS_72,
  S390_DEPENDENCIES,
  S390_DEPENDENCIES_NEWER,
  S390_IGNORED_BASE_FEATURES,
} from '../../src/data/s390x/models.js';

const REF = '../../../shared/reference/qemu-7.2/s390x/';
const readRef = (file: string): string => readFileSync(new URL(REF + file, import.meta.url), 'utf8');

type Props = Record<string, boolean>;
interface ExpansionRecord {
  model: string;
  type: 'static' | 'full';
  reply: { return?: { model: { name: string; props?: Props } } };
}

const cpuHelp = readRef('cpu-help.txt');
const expansions = (parseJsonExact(readRef('expansions.json')) as { records: ExpansionRecord[] }).records;

function helpSection(title: string, next?: string): [string, string][] {
  let body = cpuHelp.split(title + '\n')[1] ?? '';
  if (next) body = body.split(next)[0] ?? '';
  return body
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const m = /^(\S+)\s+(.*?)\s*$/.exec(l);
      if (!m) throw new Error(`bad cpu-help line: ${l}`);
      return [m[1]!, m[2]!];
    });
}
const helpFeatures = helpSection('Recognized feature flags:', '\nRecognized feature groups:');
const helpGroups = helpSection('Recognized feature groups:');
const helpModels = cpuHelp
  .split('\nRecognized feature flags:')[0]!
  .split('\n')
  .filter((l) => l.startsWith('s390 '))
  .map((l) => {
    const m = /^s390 (\S+)\s+(.*?)\s*(\((?:static, )?migration-safe\))?$/.exec(l);
    if (!m) throw new Error(`bad model line: ${l}`);
    return { name: m[1]!, desc: m[2]!.trim() };
  });

// ---- the 7.2 view of our tables -------------------------------------------
const features72 = S390_FEATURES.filter((f) => alive(f, '7.2'));
const featureNames72 = features72.map((f) => f.name);
const groups72 = S390_GROUPS.filter((g) => alive(g, '7.2'));
const groupByName = new Map(S390_GROUPS.map((g) => [g.name, g]));
const gens72 = S390_GENERATIONS.filter((g) => alive(g, '7.2'));
const models72 = S390_MODELS.filter((m) => alive(m, '7.2'));

/** expand group names into their members */
function expand(names: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const n of names) {
    const g = groupByName.get(n);
    if (g) g.members.forEach((m) => out.add(m));
    else out.add(n);
  }
  return out;
}

/** the accumulation rule documented in generations.ts (QEMU 7.2 view unless only72 = false) */
function cumulative(gen: number, ga: number, rows: readonly S390GenerationRow[] = gens72, only72 = true) {
  const base = new Set<string>();
  const def = new Set<string>();
  const full = new Set<string>();
  const keep = (r: S390GenerationRow) => (n: string) => !(only72 && r.entrySince && n in r.entrySince);
  const idx = rows.findIndex((r) => r.gen === gen && r.ga === ga);
  if (idx < 0) throw new Error(`no generation row ${gen}.${ga}`);
  for (const r of rows.slice(0, idx + 1)) {
    r.dropBeforeAdding?.base.forEach((n) => base.delete(n));
    r.dropBeforeAdding?.default.forEach((n) => def.delete(n));
    const b = expand(r.base.filter(keep(r)));
    b.forEach((n) => (base.add(n), def.add(n), full.add(n)));
    expand(r.default.filter(keep(r))).forEach((n) => def.add(n));
    expand(r.full.filter(keep(r))).forEach((n) => full.add(n));
  }
  return { base, def, full };
}

/** true features of a reply (group names expanded) */
function trueSet(props: Props): Set<string> {
  return expand(Object.keys(props).filter((k) => props[k] === true));
}

/** QEMU's way of printing a full feature set: fold whole groups, in enum order */
function fold(enabled: Set<string>): Props {
  const out: Props = {};
  const fold1 = (set: Set<string>, value: boolean) => {
    const left = new Set(set);
    for (const g of groups72) {
      if (g.members.every((m) => left.has(m))) {
        g.members.forEach((m) => left.delete(m));
        out[g.name] = value;
      }
    }
    left.forEach((n) => (out[n] = value));
  };
  fold1(enabled, true);
  fold1(new Set(featureNames72.filter((n) => !enabled.has(n))), false);
  return out;
}

function fullReply(model: string): { name: string; props: Props } {
  const rec = expansions.find((r) => r.model === model && r.type === 'full');
  if (!rec?.reply.return) throw new Error(`no full expansion for ${model}`);
  return { name: rec.reply.return.model.name, props: rec.reply.return.model.props ?? {} };
}

const sorted = (s: Iterable<string>) => [...s].sort();

// ---------------------------------------------------------------------------

describe('s390x features vs QEMU 7.2 cpu-help', () => {
  it('features without since are exactly 7.2 flags, same order and text', () => {
    expect(featureNames72).toEqual(helpFeatures.map(([n]) => n));
    expect(features72.map((f) => f.desc)).toEqual(helpFeatures.map(([, d]) => d));
    expect(features72.length).toBe(312);
  });

  it('groups without since are exactly the 7.2 groups, same order and text', () => {
    expect(groups72.map((g) => [g.name, g.desc])).toEqual(helpGroups);
  });

  it('models without since match the 7.2 model list', () => {
    const expected = helpModels.filter((m) => m.name !== 'qemu' && m.name !== 'max');
    const ours = models72.flatMap((m) => [
      { name: `${m.name}-base`, desc: m.desc },
      { name: m.name, desc: m.desc },
    ]);
    expect(ours).toEqual(expected);
  });
});

describe('s390x table integrity', () => {
  const allFeatures = new Set(S390_FEATURES.map((f) => f.name));
  const since = new Map(S390_FEATURES.map((f) => [f.name, f.since]));

  it('names are unique and refer to known features/groups', () => {
    expect(allFeatures.size).toBe(S390_FEATURES.length);
    expect(new Set(S390_GROUPS.map((g) => g.name)).size).toBe(S390_GROUPS.length);
    for (const g of S390_GROUPS) for (const m of g.members) expect(allFeatures.has(m), m).toBe(true);
    for (const r of S390_GENERATIONS)
      for (const n of [...r.base, ...r.default, ...r.full])
        expect(allFeatures.has(n) || groupByName.has(n), n).toBe(true);
    for (const [a, b] of S390_DEPENDENCIES) expect(allFeatures.has(a) && allFeatures.has(b), `${a}/${b}`).toBe(true);
    for (const d of S390_DEPENDENCIES_NEWER) expect(allFeatures.has(d.feature) && allFeatures.has(d.requires)).toBe(true);
    for (const n of [...S390_IGNORED_BASE_FEATURES, ...S390_QEMU_MAX_FEATURES]) expect(allFeatures.has(n), n).toBe(true);
    for (const c of S390_FEATURE_DESC_CHANGES) expect(allFeatures.has(c.name)).toBe(true);
  });

  // a row may only reference what exists at the release it appears in
  const olderOrSame = (dep: string | undefined, row: string | undefined) => !dep || (!!row && atLeast(row, dep));

  it('rows only reference features and groups at least as old as themselves', () => {
    for (const g of S390_GROUPS) for (const m of g.members) expect(olderOrSame(since.get(m), g.since), `${g.name}: ${m}`).toBe(true);
    for (const r of S390_GENERATIONS) {
      for (const n of [...r.base, ...r.default, ...r.full]) {
        const g = groupByName.get(n);
        const rowSince = r.entrySince?.[n] ?? r.since;
        expect(olderOrSame(g ? g.since : since.get(n), rowSince), `${r.gen}.${r.ga}: ${n}`).toBe(true);
      }
    }
    for (const [a, b] of S390_DEPENDENCIES) expect([since.get(a), since.get(b)].every((x) => visibleIn(x, '7.2')), `${a}/${b}`).toBe(true);
  });

  it('every model has a generation row no newer than itself', () => {
    for (const m of S390_MODELS) {
      const row = S390_GENERATIONS.find((g) => g.gen === m.gen && g.ga === m.ga);
      expect(row, m.name).toBeDefined();
      expect(olderOrSame(row!.since, m.since), m.name).toBe(true);
    }
  });

  it('z17 (gen17a/gen17b) data', () => {
    const z17 = S390_MODELS.filter((m) => m.gen === 17);
    expect(z17.map((m) => [m.name, m.type, m.ga, m.since])).toEqual([
      ['gen17a', 0x9175, 1, '10.0'],
      ['gen17b', 0x9176, 1, '10.0'],
    ]);
    const c = cumulative(17, 1, S390_GENERATIONS, false);
    for (const n of c.def) expect(c.full.has(n), n).toBe(true);
    for (const n of c.base) expect(c.def.has(n), n).toBe(true);
    expect(c.base.has('plo-ext') && c.base.has('msa12-base') && c.def.has('vxeh3')).toBe(true);
    expect(c.def.has('ccf-base') || c.def.has('ineff_nc_tx')).toBe(false);
    expect(c.full.has('appv') && c.full.has('pfcr-qaf')).toBe(true);
  });
});

describe('s390x generation sets vs QEMU 7.2 expansions', () => {
  for (const m of models72) {
    it(`${m.name}: default set = full expansion of ${m.name}`, () => {
      const reply = fullReply(m.name);
      expect(reply.name).toBe(`${m.name}-base`);
      const { def } = cumulative(m.gen, m.ga);
      expect(sorted(def)).toEqual(sorted(trueSet(reply.props)));
      // QEMU folds whole groups: our groups must reproduce the exact props
      expect(fold(def)).toEqual(reply.props);
    });

    it(`${m.name}: base set = full expansion of ${m.name}-base`, () => {
      const reply = fullReply(`${m.name}-base`);
      const { base } = cumulative(m.gen, m.ga);
      expect(sorted(base)).toEqual(sorted(trueSet(reply.props)));
      expect(fold(base)).toEqual(reply.props);
    });
  }

  it('base is inside default and default inside full for every 7.2 row', () => {
    for (const r of gens72) {
      const { base, def, full } = cumulative(r.gen, r.ga);
      for (const n of base) expect(def.has(n), `${r.gen}.${r.ga} ${n}`).toBe(true);
      for (const n of def) expect(full.has(n), `${r.gen}.${r.ga} ${n}`).toBe(true);
    }
  });
});

describe('s390x qemu / max models (QEMU 7.2, TCG)', () => {
  const qemuFeatures = expand(S390_QEMU_MODEL.features);

  it('qemu model features = full expansion of qemu', () => {
    const reply = fullReply('qemu');
    const def = S390_MODELS.find(
      (m) => m.type === S390_QEMU_MODEL.type && m.gen === S390_QEMU_MODEL.gen && m.ga === S390_QEMU_MODEL.ga,
    );
    expect(reply.name).toBe(`${def!.name}-base`);
    expect(sorted(qemuFeatures)).toEqual(sorted(trueSet(reply.props)));
    expect(fold(qemuFeatures)).toEqual(reply.props);
  });

  it('max features = full expansion of max, and equal the qemu list in 7.2', () => {
    const reply = fullReply('max');
    const def = S390_MODELS.find((m) => m.type === S390_QEMU_MAX_CPU.type && m.gen === S390_QEMU_MAX_CPU.gen);
    expect(reply.name).toBe(`${def!.name}-base`);
    expect(sorted(expand(S390_QEMU_MAX_FEATURES))).toEqual(sorted(trueSet(reply.props)));
    expect(sorted(expand(S390_QEMU_MAX_FEATURES))).toEqual(sorted(qemuFeatures));
  });

  it('the per-release qemu lists add up to the 7.2 qemu model', () => {
    const union = expand(S390_QEMU_FEATURE_LISTS_72.flatMap((l) => l.features));
    expect(sorted(union)).toEqual(sorted(qemuFeatures));
    expect(qemuFeatures.size).toBe(S390_QEMU_MODEL.features.length);
  });

  it('qemu features lie inside the full set of its CPU definition', () => {
    const { full } = cumulative(S390_QEMU_MODEL.gen, S390_QEMU_MODEL.ga);
    for (const n of qemuFeatures) expect(full.has(n), n).toBe(true);
  });
});
