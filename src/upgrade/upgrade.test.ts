// The upgrade forecast against independent sides: the catalog change against
// the release lists libvirt recorded (test/fixtures/qemu-releases, not
// catalogChange itself); host-models against `domcapabilities` of the host
// document under release R; the window against `migrate-check` run on files.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cmdMigrateCheck, readHostFiles } from '../fleet/commands.js';
import { domcapsForHost } from '../host/domcaps.js';
import { cmdUpgradeCheck, reportNotes } from './command.js';
import { upgradeCheck } from './upgrade.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIX = path.join(ROOT, 'test/fixtures/qemu-releases');
const CPUID = path.join(ROOT, '../shared/reference/libvirt/cputestdata');
const DOMCAPS = path.join(ROOT, '../shared/reference/libvirt/domaincapsdata');

interface ReleaseList { arch: string; release: string; models: string[] }
const lists = new Map<string, ReleaseList>(
  readdirSync(FIX)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(path.join(FIX, f), 'utf8')) as ReleaseList)
    .map((l) => [`${l.arch} ${l.release}`, l]),
);
/** names libvirt never records (the fixtures leave them out) */
const NOT_RECORDED: Record<string, string[]> = { x86_64: ['base', 'max', 'host'] };
/** names the catalog still lacks (test/golden/release-catalogs.test.ts KNOWN_GAPS) */
const GAPS: Record<string, string[]> = {};

const sortedDiff = (a: string[], b: string[]) => a.filter((x) => !b.includes(x)).sort();

function fixtureNames(arch: string, r: string): string[] {
  const l = lists.get(`${arch} ${r}`)!;
  const gaps = GAPS[`${arch} ${r}`] ?? [];
  return l.models.filter((n) => !gaps.includes(n));
}

describe('the catalog change equals what the two releases list differ by', () => {
  const pairs: [string, string, string][] = [
    ['x86_64', '6.2', '11.1'],
    ['x86_64', '11.1', '6.2'],
    ['x86_64', '4.2', '6.2'],
    ['x86_64', '4.2', '11.1'],
    ['s390x', '4.2', '9.1'],
    ['s390x', '9.1', '10.0'],
    ['s390x', '4.2', '10.0'],
    ['aarch64', '7.0', '8.2'],
    ['aarch64', '5.2', '11.1'],
  ];
  for (const [arch, a, b] of pairs) {
    it(`${arch} ${a} → ${b}`, () => {
      const r = upgradeCheck({ arch, from: a, to: b });
      if (!r.ok) throw new Error(r.error.message);
      const skip = NOT_RECORDED[arch] ?? [];
      const A = fixtureNames(arch, a);
      const B = fixtureNames(arch, b);
      const m = r.value.models;
      expect(m.added.filter((n) => !skip.includes(n))).toEqual(sortedDiff(B, A));
      expect(m.removed.filter((n) => !skip.includes(n))).toEqual(sortedDiff(A, B));
      expect(m.changed).toEqual([]);
      // each list sorted by name
      for (const k of ['added', 'removed', 'deprecated', 'undeprecated', 'changed'] as const) expect(m[k]).toEqual([...m[k]].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
      process.stdout.write(`upgrade catalog ${arch} ${a}→${b}: +${m.added.length} -${m.removed.length} deprecated ${m.deprecated.length} alias_changed ${m.alias_changed.length}\n`);
    });
  }

  // releases libvirt's files were read in part for (test/golden/release-catalogs.test.ts PARTIAL)
  it('x86_64 5.2 → 11.1: the 5.2 names read are kept or removed as 11.1 lists them; the absent ones are added', () => {
    const present = ['Skylake-Server-v4', 'Skylake-Client-v3', 'Icelake-Server-v4', 'Icelake-Client-v2', 'EPYC-v3', 'EPYC-Rome-v1', 'Dhyana-v1', 'Denverton-v2', 'Cooperlake-v1', 'Cascadelake-Server-v4'];
    const absent = ['Skylake-Server-v5', 'Skylake-Client-v4', 'Icelake-Server-v5', 'EPYC-v4', 'EPYC-Rome-v2', 'EPYC-Milan', 'Dhyana-v2', 'Denverton-v3', 'Cooperlake-v2', 'Cascadelake-Server-v5'];
    const r = upgradeCheck({ arch: 'x86_64', from: '5.2', to: '11.1' });
    if (!r.ok) throw new Error(r.error.message);
    const B = fixtureNames('x86_64', '11.1');
    expect(present.filter((n) => !B.includes(n)).sort()).toEqual(present.filter((n) => r.value.models.removed.includes(n)).sort());
    expect(absent.filter((n) => B.includes(n)).sort()).toEqual(absent.filter((n) => r.value.models.added.includes(n)).sort());
    expect(r.value.models.removed).toContain('Icelake-Client-v2');
  });
  it('x86_64 7.0 → 7.2: Icelake-Client (deprecated in 7.0) is removed by 7.1', () => {
    const r = upgradeCheck({ arch: 'x86_64', from: '7.0', to: '7.2' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.models.removed).toEqual(expect.arrayContaining(['Icelake-Client', 'Icelake-Client-v1', 'Icelake-Client-v2', 'Icelake-Client-v3', 'Icelake-Client-noTSX']));
  });
});

// a mixed Skylake / Icelake / EPYC fleet of real CPUID dumps
const FLEET = ['Xeon-Gold-6148', 'Ice-Lake-Server', 'EPYC-7502-32-Core'].map((n) => path.join(CPUID, `x86_64-cpuid-${n}.xml`));

describe('the same truth as the other commands', () => {
  const hosts = readHostFiles(FLEET);
  if (!hosts.ok) throw new Error(hosts.error.message);
  const inputs = hosts.value.inputs;
  const r = upgradeCheck({ arch: 'x86_64', from: '7.2', to: '11.1', hosts: inputs });
  if (!r.ok) throw new Error(r.error.message);
  const rep = r.value;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'upgrade-'));

  it('host-model under R is what domcapabilities answers for the host under R', () => {
    let n = 0;
    for (const h of inputs) {
      const mine = rep.hosts.find((x) => x.name === (h.doc.name ?? h.file))!;
      for (const [side, R] of [['from', '7.2'], ['to', '11.1']] as const) {
        const out = domcapsForHost(JSON.stringify({ ...h.doc, release: R }), h.file!, { format: 'json' });
        if (!out.ok) throw new Error(out.error.message);
        const hm = (JSON.parse(out.value) as { hostModel: { model: { name: string }; features: { name: string; policy: string }[] } }).hostModel;
        const v = mine.host_model[side]!;
        expect(v.model).toBe(hm.model.name);
        expect(v.features).toEqual(hm.features.filter((f) => f.policy === 'require').map((f) => f.name));
        expect(v.disabled).toEqual(hm.features.filter((f) => f.policy === 'disable').map((f) => f.name));
        n++;
      }
    }
    expect(n).toBe(6);
  });

  it("the window's verdicts are migrate-check's between the two hosts (files, as the CLI reads them)", () => {
    const guest = path.join(dir, 'host-model.xml');
    writeFileSync(guest, "<cpu mode='host-model'/>\n");
    const fileOf = new Map<string, { from: string; to: string }>();
    for (const w of rep.window) {
      const h = inputs.find((x) => rep.hosts.find((y) => y.name === (x.doc.name ?? x.file))!.class === w.class)!;
      const base = path.join(dir, `${fileOf.size}`);
      writeFileSync(`${base}-from.json`, JSON.stringify({ ...h.doc, release: '7.2' }));
      writeFileSync(`${base}-to.json`, JSON.stringify({ ...h.doc, release: '11.1' }));
      fileOf.set(w.class, { from: `${base}-from.json`, to: `${base}-to.json` });
    }
    let pairs = 0;
    let refused = 0;
    for (const w of rep.window) {
      for (const t of w.targets) {
        const out = cmdMigrateCheck({ guest, source: fileOf.get(w.class)!.to, target: fileOf.get(t.class)!.from, json: true });
        const v = JSON.parse(out.stdout) as { verdict: string; blockers: string[] };
        expect({ verdict: t.verdict, blockers: t.blockers }, `${w.class} → ${t.class}`).toEqual({ verdict: v.verdict, blockers: v.blockers });
        expect(out.exitCode).toBe(t.verdict === 'refused' ? 1 : 0);
        const before = JSON.parse(cmdMigrateCheck({ guest, source: fileOf.get(w.class)!.from, target: fileOf.get(t.class)!.from, json: true }).stdout) as { verdict: string };
        expect(t.before, `${w.class} → ${t.class} before`).toBe(before.verdict);
        pairs++;
        if (t.verdict === 'refused') refused++;
      }
    }
    expect(pairs).toBe(9);
    process.stdout.write(`upgrade window 7.2→11.1: ${pairs} pairs agree with migrate-check (${refused} refused)\n`);
  });

  it('a pinned model runs on the class and its refused targets under both releases', () => {
    for (const w of rep.window.filter((x) => x.pin)) {
      for (const t of w.targets.filter((x) => x.verdict === 'refused' && x.before !== 'refused')) expect(t.common).toContain(w.pin);
      for (const h of rep.hosts.filter((x) => x.class === w.class)) {
        expect(h.runnable.from).toContain(w.pin);
        expect(h.runnable.to).toContain(w.pin);
      }
    }
  });

  it('same hardware under the same release is always safe; the window is empty of refusals when R1 == R2', () => {
    const same = upgradeCheck({ arch: 'x86_64', from: '9.1', to: '9.1', hosts: inputs });
    if (!same.ok) throw new Error(same.error.message);
    for (const w of same.value.window) expect(w.targets.find((t) => t.class === w.class)!.verdict).not.toBe('refused');
    expect(same.value.hosts.every((h) => !h.features_added.length && !h.features_dropped.length && !h.newly_runnable.length)).toBe(true);
    expect(reportNotes(same.value).join(' ')).toMatch(/same release/);
    const m = same.value.models;
    expect([m.added, m.removed, m.deprecated, m.undeprecated, m.alias_changed, m.changed].every((x) => x.length === 0)).toBe(true);
  });

  it('each list is sorted by name, and the JSON keys are the issue\'s', () => {
    expect(Object.keys(rep)).toEqual(['from', 'to', 'arch', 'models', 'hosts', 'window', 'guests']);
    expect(Object.keys(rep.models)).toEqual(['added', 'removed', 'deprecated', 'undeprecated', 'alias_changed', 'changed']);
    const names = rep.hosts.map((h) => h.name);
    expect(names).toEqual([...names].sort());
    const cls = rep.window.map((w) => w.class);
    expect(cls).toEqual([...cls].sort());
    for (const w of rep.window) expect(w.targets.map((t) => t.class)).toEqual(cls);
  });
});

describe('guests', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'upgrade-guests-'));
  const g = (name: string, xml: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, xml);
    return f;
  };
  it('a guest naming Icelake-Client breaks on 7.0 → 7.2 (removed in 7.1); a host-model guest changes; a pinned model is ok', () => {
    const out = cmdUpgradeCheck({
      arch: 'x86_64',
      from: '7.0',
      to: '7.2',
      hosts: [FLEET[1]!],
      guests: [g('a-icelake-client.xml', "<cpu mode='custom'><model>Icelake-Client</model></cpu>"), g('b-skylake.xml', "<cpu mode='custom'><model>Skylake-Server-v1</model></cpu>")],
      json: true,
    });
    expect(out.exitCode).toBe(1);
    const rep = JSON.parse(out.stdout) as { guests: { name: string; verdict: string; catalog: string; hosts: { starts_from: boolean; starts_to: boolean; blockers: string[] }[] }[] };
    const [a, b] = rep.guests;
    expect(a!.catalog).toBe('removed');
    expect(a!.verdict).toBe('breaks');
    expect(a!.hosts[0]).toMatchObject({ starts_from: true, starts_to: false });
    expect(a!.hosts[0]!.blockers.join(' ')).toMatch(/Icelake-Client/);
    expect(b!.verdict).toBe('ok');
  });
  it('an unknown guest model is an error naming it, with a suggestion', () => {
    const out = cmdUpgradeCheck({ arch: 'x86_64', from: '7.2', to: '9.1', hosts: [FLEET[0]!], guests: [g('c.xml', "<cpu mode='custom'><model>Skylake-Servr</model></cpu>")] });
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/Skylake-Servr/);
    expect(out.stderr).toMatch(/Skylake-Server/);
  });
  it('guests without hosts are refused', () => {
    const out = cmdUpgradeCheck({ arch: 'x86_64', from: '7.2', to: '9.1', guests: [g('d.xml', "<cpu mode='host-model'/>")] });
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/--hosts/);
  });
});

describe('bad input', () => {
  it('an unknown release names it and suggests one', () => {
    const out = cmdUpgradeCheck({ arch: 'x86_64', from: '7.3', to: '9.1' });
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/--from 7\.3/);
    expect(out.stderr).toMatch(/did you mean/);
    expect(cmdUpgradeCheck({ arch: 'x86_64', from: '7.2', to: '99' }).stderr).toMatch(/--to 99/);
  });
  it('an unknown architecture', () => {
    expect(cmdUpgradeCheck({ arch: 'x86-64', from: '7.2', to: '9.1' }).stderr).toMatch(/x86_64/);
  });
  it('R1 > R2 is a downgrade: said so, and the lists are the upgrade\'s swapped', () => {
    const up = upgradeCheck({ arch: 'x86_64', from: '7.2', to: '9.1' });
    const down = upgradeCheck({ arch: 'x86_64', from: '9.1', to: '7.2' });
    if (!up.ok || !down.ok) throw new Error('failed');
    expect(down.value.models.added).toEqual(up.value.models.removed);
    expect(down.value.models.removed).toEqual(up.value.models.added);
    expect(reportNotes(down.value).join(' ')).toMatch(/downgrade/);
    const out = cmdUpgradeCheck({ arch: 'x86_64', from: '9.1', to: '7.2' });
    expect(out.stderr + out.stdout).toMatch(/downgrade/);
  });
  it('latest is the newest release', () => {
    const r = upgradeCheck({ arch: 's390x', from: '9.1', to: 'latest' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.to).toMatch(/^\d+\.\d+$/);
  });
  it('mixed architectures: an s390x host in an x86_64 upgrade is an error naming the file', () => {
    const s390 = path.join(DOMCAPS, 'qemu_9.1.0.s390x.xml');
    const out = cmdUpgradeCheck({ arch: 'x86_64', from: '7.2', to: '9.1', hosts: [FLEET[0]!, s390] });
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/qemu_9\.1\.0\.s390x\.xml/);
    expect(out.stderr).toMatch(/s390x/);
  });
  it('a guest of another architecture is an error', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'upgrade-arch-'));
    const f = path.join(dir, 's.xml');
    writeFileSync(f, "<cpu mode='custom'><arch>s390x</arch><model>z14</model></cpu>");
    const out = cmdUpgradeCheck({ arch: 'x86_64', from: '7.2', to: '9.1', hosts: [FLEET[0]!], guests: [f] });
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/s390x/);
  });
});
