// Golden test for the x86_64 data tables (src/data/x86_64): the QEMU 7.2 view
// of the tables (rows without `since`) must reproduce what QEMU 7.2 said:
// the model list of query-cpu-definitions with alias-of, the feature flags of
// "-cpu help", and the static expansion of every versioned model.
import { parseJsonExact } from '../../src/adapters/qmp/json-stream.js';
import { alive } from '../../src/core/profile.js';
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';

import { X86_FEATURES, X86_FEATURE_DEPENDENCIES } from '../../src/data/x86_64/features.js';
import {
  X86_MODELS,
  X86_DEFAULT_VERSION_MACHINE_NONE,
  X86_ALWAYS_ON_FEATURES,
  X86_TCG_DEFAULT_PROPS,
  X86_KVM_ONLY_WORDS,
  X86_STATIC_EXTRA_BOOLEANS,
  X86_AUTO_LEVEL,
  type X86ModelRow,
} from '../../src/data/x86_64/models.js';

const REF = '../../../shared/reference/qemu-7.2/x86_64/';
const readRef = (file: string): string => readFileSync(new URL(REF + file, import.meta.url), 'utf8');

type PropValue = boolean | number | string;
interface ExpansionRecord {
  model: string;
  type: 'static' | 'full';
  reply: { return?: { model: { name: string; props: Record<string, PropValue> } } };
}
interface CpuDefinition {
  name: string;
  'alias-of'?: string;
  deprecated: boolean;
}

const expansions = (parseJsonExact(readRef('expansions.json')) as { records: ExpansionRecord[] }).records;
const definitions = (parseJsonExact(readRef('cpu-definitions.json')) as { return: CpuDefinition[] }).return;
const cpuHelp = readRef('cpu-help.txt');
interface PropsRecord {
  case: number;
  type: 'static' | 'full';
  request: { arguments: { model: { name: string; props?: Record<string, boolean> } } };
  reply: { return?: { model: { name: string; props: Record<string, PropValue> } } };
}
const propsCases = (parseJsonExact(readRef('expansions-props.json')) as { records: PropsRecord[] }).records;

const staticOf = new Map<string, { name: string; props: Record<string, PropValue> }>();
for (const r of expansions) {
  if (r.type === 'static' && r.reply.return) staticOf.set(r.model, r.reply.return.model);
}

// ---- the QEMU 7.2 view of our tables ---------------------------------------
const features72 = X86_FEATURES.filter((f) => alive(f, '7.2'));
const featureNames72 = new Set(features72.map((f) => f.name));
const deps72 = X86_FEATURE_DEPENDENCIES.filter((d) => alive(d, '7.2'));
const models72 = X86_MODELS.filter((m) => alive(m, '7.2'));
const namesOfWord = new Map<string, string[]>();
const wordsOfName = new Map<string, Set<string>>();
const leafOfWord = new Map<string, number>();
for (const f of features72) {
  namesOfWord.set(f.word, [...(namesOfWord.get(f.word) ?? []), f.name]);
  wordsOfName.set(f.name, new Set([...(wordsOfName.get(f.name) ?? []), f.word]));
  if (f.cpuid) leafOfWord.set(f.word, f.cpuid.leaf);
}
const IDENTITY_KEYS = ['family', 'model', 'stepping', 'vendor', 'model-id'] as const;

function versionsOf(m: X86ModelRow) {
  return m.versions.filter((v) => alive(v, '7.2'));
}

/** v1 features plus the props of v2..vN, applied in turn (QEMU 7.2 view) */
function declared(m: X86ModelRow, version: number) {
  const feats = new Set(m.features.filter((f) => alive(m.featureLifespans?.[f] ?? {}, '7.2')));
  const ident: Record<string, PropValue> = {
    family: m.family,
    model: m.model,
    stepping: m.stepping,
    vendor: m.vendor,
    'model-id': m.modelId,
  };
  for (const v of versionsOf(m)) {
    if (v.version > version) break;
    for (const [k, val] of Object.entries(v.props ?? {})) {
      if (typeof val === 'boolean') {
        if (!featureNames72.has(k)) throw new Error(`${m.name}-v${v.version}: unknown feature prop ${k}`);
        if (val) feats.add(k);
        else feats.delete(k);
      } else {
        if (!(IDENTITY_KEYS as readonly string[]).includes(k)) throw new Error(`${m.name}-v${v.version}: unexpected prop ${k}`);
        ident[k] = val;
      }
    }
  }
  return { feats, ident };
}

/** what QEMU 7.2 (TCG, machine none) makes of a declared feature set */
function expandTcg(declaredFeats: Set<string>, userProps: Record<string, boolean> = {}): Set<string> {
  const s = new Set(declaredFeats);
  for (const f of X86_ALWAYS_ON_FEATURES) s.add(f);
  for (const props of [X86_TCG_DEFAULT_PROPS, userProps]) {
    for (const [k, on] of Object.entries(props)) {
      if (on) s.add(k);
      else s.delete(k);
    }
  }
  for (const w of X86_KVM_ONLY_WORDS) for (const n of namesOfWord.get(w) ?? []) s.delete(n);
  for (const d of deps72) {
    if (d.from.some((f) => s.has(f))) continue;
    for (const n of d.to.names ?? namesOfWord.get(d.to.word) ?? []) s.delete(n);
  }
  return s;
}

function minLevels(m: X86ModelRow, feats: Set<string>) {
  let level = m.level;
  let xlevel = m.xlevel;
  const raise = (leaf: number) => {
    if (leaf >= 0x80000000) xlevel = Math.max(xlevel, leaf);
    else level = Math.max(level, leaf);
  };
  for (const w of X86_AUTO_LEVEL.words) {
    if ((namesOfWord.get(w) ?? []).some((n) => feats.has(n))) raise(leafOfWord.get(w)!);
  }
  for (const r of X86_AUTO_LEVEL.features) if (feats.has(r.feature)) raise(r.leaf);
  return { level, xlevel };
}

// ---- structure of the tables ----------------------------------------------
describe('x86_64 tables are well formed', () => {
  it('feature rows: one per (word, bit), each with either a CPUID or an MSR location', () => {
    const keys = new Set<string>();
    for (const f of X86_FEATURES) {
      expect(!!f.cpuid !== !!f.msr, f.name).toBe(true);
      const bit = f.cpuid ? f.cpuid.bit : f.msr!.bit;
      expect(bit).toBeGreaterThanOrEqual(0);
      expect(bit).toBeLessThan(f.cpuid ? 32 : 64);
      const key = `${f.word}:${bit}`;
      expect(keys.has(key), key).toBe(false);
      keys.add(key);
    }
    // a name spread over several rows must stay in one word (QEMU asserts this)
    for (const [name, words] of wordsOfName) expect(words.size, name).toBe(1);
    // names and aliases never collide
    const aliases = X86_FEATURES.flatMap((f) => f.aliases ?? []);
    expect(new Set(aliases).size).toBe(aliases.length);
    for (const a of aliases) expect(X86_FEATURES.some((f) => f.name === a), a).toBe(false);
  });

  it('every model and version refers only to known features', () => {
    const all = new Set(X86_FEATURES.map((f) => f.name));
    for (const m of X86_MODELS) {
      for (const f of m.features) expect(all.has(f), `${m.name}: ${f}`).toBe(true);
      expect(new Set(m.features).size, m.name).toBe(m.features.length);
      expect(m.versions.map((v) => v.version), m.name).toEqual(m.versions.map((_, i) => i + 1));
      for (const v of m.versions) {
        for (const [k, val] of Object.entries(v.props ?? {})) {
          if (typeof val === 'boolean') expect(all.has(k), `${m.name}-v${v.version}: ${k}`).toBe(true);
        }
      }
    }
    for (const d of X86_FEATURE_DEPENDENCIES) {
      for (const f of [...d.from, ...(d.to.names ?? [])]) expect(all.has(f), f).toBe(true);
    }
  });
});

// ---- against QEMU 7.2 -----------------------------------------------------
describe('x86_64 tables against QEMU 7.2', () => {
  it('feature names (7.2 rows) are exactly the feature booleans of the static expansion', () => {
    const props = staticOf.get('base')!.props;
    const booleans = Object.keys(props).filter((k) => typeof props[k] === 'boolean');
    expect(booleans.length).toBe(320);
    const extra = Object.keys(X86_STATIC_EXTRA_BOOLEANS);
    expect([...featureNames72, ...extra].sort()).toEqual([...booleans].sort());
    expect(featureNames72.size).toBe(319);
  });

  it('feature rows (7.2) are exactly the "Recognized CPUID flags" of -cpu help', () => {
    const help = cpuHelp.split('Recognized CPUID flags:\n')[1]!.trim().split(/\s+/);
    // -cpu help prints one entry per named bit, so the duplicated names appear twice
    expect(features72.map((f) => f.name).sort()).toEqual([...help].sort());
  });

  it('model names and alias-of are those of query-cpu-definitions', () => {
    const ours = new Map<string, string | undefined>();
    for (const m of models72) {
      ours.set(m.name, `${m.name}-v${X86_DEFAULT_VERSION_MACHINE_NONE}`);
      for (const v of versionsOf(m)) {
        ours.set(`${m.name}-v${v.version}`, undefined);
        if (v.alias) ours.set(v.alias, `${m.name}-v${v.version}`);
      }
    }
    const theirs = new Map<string, string | undefined>();
    for (const d of definitions) {
      if (['base', 'max', 'host'].includes(d.name)) continue;
      theirs.set(d.name, d['alias-of']);
    }
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [name, aliasOf] of theirs) expect(ours.get(name), name).toBe(aliasOf);
    expect(definitions.length).toBe(ours.size + 3);
    expect(definitions.filter((d) => d['alias-of']).length).toBe(55);
    // no 7.2 model is deprecated; the only deprecated row (Icelake-Client) is gone by 7.1
    expect(definitions.filter((d) => d.deprecated)).toEqual([]);
    expect(X86_MODELS.filter((m) => m.deprecatedSince || m.deprecationNote).map((m) => [m.name, m.deprecatedSince, m.removed])).toEqual([['Icelake-Client', '5.2', '7.1']]);
  });

  const cases = models72.flatMap((m) => versionsOf(m).map((v) => ({ m, version: v.version, name: `${m.name}-v${v.version}` })));

  it('covers all 74 versioned models of QEMU 7.2', () => {
    expect(cases.length).toBe(74);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: static expansion', (_name, { m, version, name }) => {
    const reply = staticOf.get(name);
    expect(reply, name).toBeDefined();
    expect(reply!.name).toBe('base');
    const props = reply!.props;
    const { feats, ident } = declared(m, version);
    const expanded = expandTcg(feats);

    const want = Object.keys(props)
      .filter((k) => props[k] === true)
      .sort();
    expect([...expanded].sort()).toEqual(want);
    for (const [k, v] of Object.entries(X86_STATIC_EXTRA_BOOLEANS)) expect(props[k], k).toBe(v);

    for (const k of IDENTITY_KEYS) expect(props[k], `${name} ${k}`).toBe(ident[k]);
    const { level, xlevel } = minLevels(m, expanded);
    expect(props['min-level'], `${name} min-level`).toBe(level);
    expect(props['min-xlevel'], `${name} min-xlevel`).toBe(xlevel);
  });

  const aliasOf = new Map(definitions.map((d) => [d.name, d['alias-of']]));
  const canonical = new Map<string, string>();
  for (const f of features72) {
    canonical.set(f.name, f.name);
    for (const a of f.aliases ?? []) canonical.set(a, f.name);
  }
  // cases whose props are all feature bits (or their aliases); the others also
  // set CPU properties that are not features (pmu, tcg-cpuid, hv-*, ...)
  const staticPropsCases = propsCases.filter(
    (r) =>
      r.type === 'static' &&
      r.request.arguments.model.name !== 'max' &&
      Object.keys(r.request.arguments.model.props ?? {}).every((k) => canonical.has(k)),
  );

  it('enough props cases are feature-only, and some of them use alias spellings', () => {
    expect(staticPropsCases.length).toBeGreaterThanOrEqual(20);
    const used = staticPropsCases.flatMap((r) => Object.keys(r.request.arguments.model.props ?? {}));
    expect(used.some((k) => canonical.get(k) !== k)).toBe(true);
  });

  it.each(staticPropsCases.map((r) => [r.case, r.request.arguments.model.name, r] as const))(
    'props case %i (%s): static expansion with user props',
    (_case, _model, r) => {
      const req = r.request.arguments.model;
      const versioned = aliasOf.get(req.name) ?? req.name;
      const match = /^(.*)-v(\d+)$/.exec(versioned);
      expect(match, versioned).not.toBeNull();
      const m = models72.find((x) => x.name === match![1]);
      expect(m, versioned).toBeDefined();
      const userProps = Object.fromEntries(Object.entries(req.props ?? {}).map(([k, v]) => [canonical.get(k)!, v]));
      const { feats } = declared(m!, Number(match![2]));
      const expanded = expandTcg(feats, userProps);
      const props = r.reply.return!.model.props;
      const want = Object.keys(props)
        .filter((k) => props[k] === true && featureNames72.has(k))
        .sort();
      expect([...expanded].sort()).toEqual(want);
      const { level, xlevel } = minLevels(m!, expanded);
      expect(props['min-level']).toBe(level);
      expect(props['min-xlevel']).toBe(xlevel);
    },
  );

  it('the unversioned names expand like their -v1', () => {
    for (const m of models72) {
      expect(staticOf.get(m.name), m.name).toEqual(staticOf.get(`${m.name}-v1`));
    }
  });
});
