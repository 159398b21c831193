/**
 * domcapabilities agreement: for every libvirt domaincapsdata file whose
 * architecture has a driver, `domcapsForHost` is run with that file as the
 * host description, and its custom-mode listing is compared with libvirt's:
 *
 *  - usable: equal for 100% of the models both list;
 *  - blockers: equal sets for at least 95% of the models libvirt blocks; every
 *    other one is in BLOCKER_DIFFS with the reason (exact: no unexplained
 *    and no stale entries);
 *  - models only one side lists: in LISTING_DIFFS with the reason (exact);
 *  - vendor= and canonical= agree for every model both list;
 *  - the host-model we compute from the file is the file's own.
 *
 * Architectures without a driver are in NOT_YET (asserted: they must still
 * be refused as unsupported, so the entry goes when the driver arrives);
 * none are left. ppc64 and aarch64 list usable=unknown (QEMU reports no
 * unavailable-features there), so their usable agreement is the 'unknown'
 * verdict reproduced; aarch64 has no host-model (supported='no').
 * The adapter round trip (read → write → read gives the same meaning) runs
 * over the same files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDomCapsCpu, writeDomCapsCpu, writeDomainCapabilities, readCapabilitiesCpu, type DomCapsCpu } from '../../src/adapters/libvirt/domcaps.js';
import { computeDomCaps } from '../../src/host/domcaps.js';
import { domcapsForHost } from '../../src/adapters/libvirt/domcaps-host.js';
import { LIBVIRT } from '../helpers/reference.js';

const DIR = path.join(LIBVIRT, 'domaincapsdata');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.xml')).sort();
const text = (f: string) => readFileSync(path.join(DIR, f), 'utf8');

/** Architectures whose drivers are not there yet (domcapsForHost answers 'unsupported'). None left: ppc64 and aarch64 are computed. */
const NOT_YET: Record<string, string> = {};

const QEMU_SNAPSHOT =
  "added in QEMU 10.1 (since '10.1' in src/data/x86_64/models.ts) after the development build whose replies libvirt recorded as 10.1.0";
const CPU_MAP_REVISION =
  "libvirt lists only QEMU models its cpu_map knows; the file's libvirt revision did not have this one yet, our cpu_map data (src/data/x86_64/libvirt-models.ts) is newer";

/** file → model → why only one side lists it ('ours': we list it, libvirt does not; 'theirs': the reverse). */
const LISTING_DIFFS: Record<string, Record<string, { side: 'ours' | 'theirs'; why: string }>> = {
  'qemu_10.1.0-q35.x86_64+inteltdx.xml': {
    'EPYC-Genoa-v2': { side: 'ours', why: QEMU_SNAPSHOT },
    'EPYC-Milan-v3': { side: 'ours', why: QEMU_SNAPSHOT },
    'EPYC-Rome-v5': { side: 'ours', why: QEMU_SNAPSHOT },
    'EPYC-v5': { side: 'ours', why: QEMU_SNAPSHOT },
    'EPYC-Turin': { side: 'ours', why: QEMU_SNAPSHOT },
    'EPYC-Turin-v1': { side: 'ours', why: QEMU_SNAPSHOT },
    ClearwaterForest: { side: 'ours', why: CPU_MAP_REVISION },
    'ClearwaterForest-v1': { side: 'ours', why: CPU_MAP_REVISION },
    'SierraForest-v2': { side: 'ours', why: CPU_MAP_REVISION },
    YongFeng: { side: 'ours', why: CPU_MAP_REVISION },
    'YongFeng-v1': { side: 'ours', why: CPU_MAP_REVISION },
    'YongFeng-v2': { side: 'ours', why: CPU_MAP_REVISION },
  },
  'qemu_9.1.0.s390x.xml': {},
  // ppc64: libvirt's cpu_map models QEMU 10.0 offers (POWER11 since 10.0), all reproduced
  'qemu_10.0.0.ppc64.xml': {},
  // aarch64: the release catalogs carry the models added after 7.2 and the PXA removal
  'qemu_11.1.0-virt.aarch64.xml': {},
};

/** file → model → why our blocker set differs from libvirt's (usable agrees). */
const BLOCKER_DIFFS: Record<string, Record<string, string>> = {
  'qemu_10.1.0-q35.x86_64+inteltdx.xml': {},
  'qemu_9.1.0.s390x.xml': {},
  'qemu_10.0.0.ppc64.xml': {},
  'qemu_11.1.0-virt.aarch64.xml': {},
};

/** Minimum share of libvirt's blocked models whose blocker sets we reproduce exactly. */
const MIN_BLOCKER_AGREEMENT = 0.95;

const archOf = (f: string) => readDomCapsCpu(text(f), f).arch ?? '';
const SUPPORTED = FILES.filter((f) => !(archOf(f) in NOT_YET));

function strip(c: DomCapsCpu): DomCapsCpu {
  const { origin: _o, ...rest } = c;
  return rest;
}

const sameSet = (a: readonly string[] = [], b: readonly string[] = []) => a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');

describe('domcapabilities <cpu>: the adapter', () => {
  it('finds the reference files', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(4);
  });

  it.each(FILES)('%s: read → write → read gives the same meaning, and the <cpu> block is written as libvirt writes it', (f) => {
    const t = text(f);
    const a = readDomCapsCpu(t, f);
    expect(a.custom?.models.length).toBeGreaterThan(0);
    const b = readDomCapsCpu(writeDomainCapabilities(a), 'written');
    expect(strip(b)).toEqual(strip(a));
    // the <cpu> block itself, byte for byte
    const block = /^( *)<cpu>\n[\s\S]*?\n\1<\/cpu>\n/m.exec(t)!;
    expect(writeDomCapsCpu(a, block[1])).toBe(block[0]);
  });

  it('reads blockers, canonical names and unsupported modes', () => {
    const x = readDomCapsCpu(text('qemu_10.1.0-q35.x86_64+inteltdx.xml'), 'x');
    expect(x.machine).toBe('pc-q35-10.1');
    expect(x.hostPassthrough?.enums).toEqual([{ name: 'hostPassthroughMigratable', values: ['on', 'off'] }]);
    expect(x.hostModel).toMatchObject({ supported: true, model: { name: 'GraniteRapids', fallback: 'forbid' }, vendor: 'Intel', maxphysaddr: { mode: 'passthrough', limit: 64 } });
    expect(x.hostModel?.features).toContainEqual({ name: 'mcdt-no', policy: 'disable' });
    expect(x.custom?.models.find((m) => m.name === 'Denverton')).toEqual({ name: 'Denverton', usable: 'no', vendor: 'Intel', canonical: 'Denverton-v1', blockers: ['mpx'] });
    const a = readDomCapsCpu(text('qemu_11.1.0-virt.aarch64.xml'), 'a');
    expect(a.hostModel).toEqual({ supported: false, enums: [], features: [] });
    expect(a.custom?.models.every((m) => m.usable === 'unknown')).toBe(true);
  });

  it('reads the host <cpu> of a capabilities document', () => {
    const caps = `<capabilities>\n  <host>\n    <uuid>0</uuid>\n    <cpu>\n      <arch>x86_64</arch>\n      <model>Skylake-Client-v2</model>\n      <vendor>Intel</vendor>\n      <signature family='6' model='158' stepping='10'/>\n      <feature name='vmx'/>\n      <topology sockets='1' cores='6' threads='2'/>\n    </cpu>\n  </host>\n</capabilities>\n`;
    expect(readCapabilitiesCpu(caps, 'caps.xml')).toMatchObject({ arch: 'x86_64', model: { name: 'Skylake-Client-v2' }, vendor: 'Intel', features: [{ name: 'vmx' }] });
    const r = computeDomCaps(caps, 'caps.xml');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.cpu.custom?.models.find((m) => m.name === 'Skylake-Client-v2')?.usable).toBe('yes');
  });

  it('refuses malformed input with the file and position', () => {
    const r = computeDomCaps('<domainCapabilities><cpu><mode name="custom" supported="yes"></cpu>', 'bad.xml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^bad\.xml:\d+:\d+: malformed XML/);
  });
});

describe('domcapabilities <cpu>: not yet', () => {
  it('the NOT_YET table is exact: every listed architecture has a file and is still refused as unsupported', () => {
    const archs = new Set(FILES.map(archOf));
    for (const arch of Object.keys(NOT_YET)) {
      expect(archs.has(arch), `${arch}: no reference file`).toBe(true);
      for (const f of FILES.filter((x) => archOf(x) === arch)) {
        const r = computeDomCaps(text(f), f);
        expect(r.ok, `${f}: ${arch} now works — move it out of NOT_YET`).toBe(false);
        if (!r.ok) expect(r.error.code).toBe('unsupported');
      }
    }
  });
});

interface Agreement {
  common: number;
  usableSame: number;
  blocked: number;
  blockersSame: number;
  blockerDiffs: Record<string, string>;
  onlyOurs: string[];
  onlyTheirs: string[];
}

function agreement(f: string): Agreement {
  const t = text(f);
  const theirs = readDomCapsCpu(t, f);
  const r = computeDomCaps(t, f);
  if (!r.ok) throw new Error(r.error.message);
  const ours = new Map(r.value.cpu.custom!.models.map((m) => [m.name, m]));
  const lv = new Map(theirs.custom!.models.map((m) => [m.name, m]));
  const a: Agreement = { common: 0, usableSame: 0, blocked: 0, blockersSame: 0, blockerDiffs: {}, onlyOurs: [], onlyTheirs: [] };
  for (const [name, m] of lv) {
    const o = ours.get(name);
    if (!o) {
      a.onlyTheirs.push(name);
      continue;
    }
    a.common++;
    if (o.usable === m.usable) a.usableSame++;
    if (m.usable === 'no') {
      a.blocked++;
      if (sameSet(o.blockers, m.blockers)) a.blockersSame++;
      else a.blockerDiffs[name] = `libvirt [${(m.blockers ?? []).join(' ')}] ours [${(o.blockers ?? []).join(' ')}]`;
    }
  }
  for (const name of ours.keys()) if (!lv.has(name)) a.onlyOurs.push(name);
  return a;
}

describe.each(SUPPORTED)('domcapabilities agreement: %s', (f) => {
  const a = agreement(f);

  it('usable verdicts agree for 100% of the models both list', () => {
    expect(a.common).toBeGreaterThan(0);
    const pct = (100 * a.usableSame) / a.common;
    console.log(`${f}: usable ${a.usableSame}/${a.common} (${pct.toFixed(1)}%), blockers ${a.blockersSame}/${a.blocked}${a.blocked ? ` (${((100 * a.blockersSame) / a.blocked).toFixed(1)}%)` : ''}, listed only by us ${a.onlyOurs.length}, only by libvirt ${a.onlyTheirs.length}`);
    expect(a.usableSame).toBe(a.common);
  });

  it(`blocker sets agree for at least ${MIN_BLOCKER_AGREEMENT * 100}% of the blocked models, every difference explained`, () => {
    if (a.blocked) expect(a.blockersSame / a.blocked).toBeGreaterThanOrEqual(MIN_BLOCKER_AGREEMENT);
    const table = BLOCKER_DIFFS[f];
    expect(table, `${f}: add a BLOCKER_DIFFS entry`).toBeDefined();
    expect(Object.keys(a.blockerDiffs).sort(), JSON.stringify(a.blockerDiffs, null, 1)).toEqual(Object.keys(table!).sort());
  });

  it('models only one side lists are explained, exactly', () => {
    const table = LISTING_DIFFS[f];
    expect(table, `${f}: add a LISTING_DIFFS entry`).toBeDefined();
    const seen = [...a.onlyOurs.map((n) => `ours:${n}`), ...a.onlyTheirs.map((n) => `theirs:${n}`)].sort();
    expect(seen).toEqual(Object.entries(table!).map(([n, e]) => `${e.side}:${n}`).sort());
  });

  it('vendor= and canonical= agree, and the host-model is the file\'s own', () => {
    const t = text(f);
    const theirs = readDomCapsCpu(t, f);
    const r = computeDomCaps(t, f);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const ours = new Map(r.value.cpu.custom!.models.map((m) => [m.name, m]));
    for (const m of theirs.custom!.models) {
      const o = ours.get(m.name);
      if (!o) continue;
      expect({ vendor: o.vendor, canonical: o.canonical, deprecated: o.deprecated }, m.name).toEqual({ vendor: m.vendor, canonical: m.canonical, deprecated: m.deprecated });
    }
    const hm = r.value.cpu.hostModel!;
    expect(hm.model).toEqual(theirs.hostModel!.model);
    expect(hm.features.map((x) => `${x.policy}:${x.name}`).sort()).toEqual(theirs.hostModel!.features.map((x) => `${x.policy}:${x.name}`).sort());
    // our listing is sorted as libvirt sorts it
    const names = r.value.cpu.custom!.models.map((m) => m.name);
    expect(names).toEqual([...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
  });

  it('both output formats carry the same answer', () => {
    const t = text(f);
    const xml = domcapsForHost(t, f, { format: 'libvirt' });
    const json = domcapsForHost(t, f, { format: 'json' });
    expect(xml.ok && json.ok).toBe(true);
    if (!xml.ok || !json.ok) return;
    const back = readDomCapsCpu(xml.value, 'ours.xml');
    const j = JSON.parse(json.value) as { custom: { models: unknown[] }; hostModel: unknown };
    expect(back.custom!.models).toEqual(j.custom.models);
    expect(back.hostModel).toEqual(j.hostModel);
    // and our answer read as a host description gives the same answer again
    const again = computeDomCaps(xml.value, 'ours.xml');
    expect(again.ok).toBe(true);
    if (again.ok) expect(again.value.cpu.custom!.models).toEqual(back.custom!.models);
  });
});

// ------------------------------------------------------------------ every real host's file, with figures

const FIXTURE_DIR = path.join(import.meta.dirname, '../fixtures/domaincapsdata');
const ALL_FILES = [...FILES.map((f) => path.join(DIR, f)), ...readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.xml')).sort().map((f) => path.join(FIXTURE_DIR, f))];

/**
 * The figures over every file (shared and test/fixtures/domaincapsdata),
 * asserted exactly: a regression, or an improvement, fails until updated.
 * Blockers count only where libvirt's file records them (libvirt before
 * 8.x wrote usable= without <blockers>); the host-model counts files whose
 * host-model libvirt supports.
 */
const FIGURES = { files: 28, usable: [1925, 1925], blockers: [507, 507], hostModel: [25, 26] };

/**
 * Usable verdicts known to differ (exact: file → models): none. QEMU gives each
 * machine type its own 'qemu' model (s390_set_qemu_cpu_model per machine); the
 * 2.11 machine's, a z900 with the PLO group, ESAN3 and z/Architecture, was the
 * last difference (data/s390x/machine-compat.ts S390_QEMU_MODEL_BEFORE).
 */
const USABLE_DIFFS: Record<string, string[]> = {};

describe('domcapabilities agreement over every real host file', () => {
  it('usable 100%, blockers and host-model at least 95%, the totals exactly as recorded', () => {
    const t = { files: 0, usable: [0, 0], blockers: [0, 0], hostModel: [0, 0] };
    for (const file of ALL_FILES) {
      const f = path.basename(file);
      const txt = readFileSync(file, 'utf8');
      const theirs = readDomCapsCpu(txt, f);
      const r = computeDomCaps(txt, f);
      if (!r.ok) throw new Error(r.error.message);
      const ours = new Map(r.value.cpu.custom!.models.map((m) => [m.name, m]));
      const misses: string[] = [];
      const known: string[] = [];
      let u = 0, n = 0, b = 0, bn = 0;
      for (const m of theirs.custom!.models) {
        const o = ours.get(m.name);
        if (!o) continue;
        n++;
        if (o.usable === m.usable) u++;
        else {
          misses.push(`usable ${m.name}: libvirt ${m.usable} ours ${o.usable} [${(o.blockers ?? []).join(' ')}]`);
          known.push(m.name);
        }
        if (m.usable === 'no' && m.blockers) {
          bn++;
          if (sameSet(o.blockers, m.blockers)) b++;
          else misses.push(`blockers ${m.name}: libvirt [${m.blockers.join(' ')}] ours [${(o.blockers ?? []).join(' ')}]`);
        }
      }
      let hm = '';
      if (theirs.hostModel?.supported) {
        const key = (x: DomCapsCpu['hostModel']) => `${x!.model?.name}|${x!.vendor ?? ''}|${x!.features.map((y) => `${y.policy}:${y.name}`).sort().join(' ')}`;
        const same = key(r.value.cpu.hostModel) === key(theirs.hostModel);
        t.hostModel[1]!++;
        if (same) t.hostModel[0]!++;
        else misses.push(`host-model: libvirt ${key(theirs.hostModel)} ours ${key(r.value.cpu.hostModel)}`);
        hm = `, host-model ${same ? 'equal' : 'differs'}`;
      }
      t.files++;
      t.usable[0]! += u;
      t.usable[1]! += n;
      t.blockers[0]! += b;
      t.blockers[1]! += bn;
      console.log(`${f}: usable ${u}/${n}, blockers ${b}/${bn}${hm}${misses.length ? `\n  ${misses.join('\n  ')}` : ''}`);
      expect(known, `${f}: usable verdicts that differ`).toEqual(USABLE_DIFFS[f] ?? []);
      expect(u, `${f}: usable verdicts`).toBe(n - known.length);
    }
    console.log(`total over ${t.files} files: usable ${t.usable[0]}/${t.usable[1]}, blockers ${t.blockers[0]}/${t.blockers[1]}, host-model ${t.hostModel[0]}/${t.hostModel[1]} files`);
    expect(t.blockers[0]! / t.blockers[1]!).toBeGreaterThanOrEqual(MIN_BLOCKER_AGREEMENT);
    expect(t.hostModel[0]! / t.hostModel[1]!).toBeGreaterThanOrEqual(0.95);
    expect(t).toEqual(FIGURES);
  });
});
