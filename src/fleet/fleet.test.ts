import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIBVIRT } from '../../test/helpers/reference.js';
import { signatureOfNames } from '../core/signature.js';
import { toHostDoc } from '../host/convert.js';
import type { HostDoc } from '../host/doc.js';
import { readCpus } from '../adapters/libvirt/cpu-xml.js';
import { resolveCpu } from '../arch/x86_64/libvirt-cpu.js';
import { S390Driver } from '../arch/s390x/driver.js';
import { archContext, fleetBaseline, loadFleet, placement, placementHosts, type Fleet } from './fleet.js';
import { cmdBaselineHosts, cmdPlacement, skippingBad } from './commands.js';
import { knownBaseline } from '../../test/helpers/baseline.js';

// ------------------------------------------------------------------ hosts

const cpudata = (name: string): string => readFileSync(path.join(LIBVIRT, `cputestdata/x86_64-cpuid-${name}.xml`), 'utf8');

function x86Host(name: string, hostName = name): HostDoc {
  const r = toHostDoc(cpudata(name), hostName);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function s390Host(type: string, hostName = `s390-${type}`): HostDoc {
  const r = toHostDoc(`Manufacturer:         IBM\nType:                 ${type}\n`, hostName);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** A copy with features removed/added and the signature recomputed (a synthetic host). */
function variant(doc: HostDoc, name: string, change: { remove?: string[]; add?: string[] }): HostDoc {
  const features = doc.features.filter((f) => !(change.remove ?? []).includes(f)).concat(change.add ?? []);
  return { ...doc, name, features, signature: signatureOfNames(doc.arch, features) };
}

const named = (doc: HostDoc, name: string): HostDoc => ({ ...doc, name });

function fleetOf(docs: HostDoc[]): Fleet {
  const f = loadFleet(docs);
  if (!f.ok) throw new Error(f.error.message);
  return f.value;
}

// ------------------------------------------------------------------ tests

describe('loading a fleet', () => {
  it('collapses hosts by signature and identity into classes', () => {
    const gold = x86Host('Xeon-Gold-6148');
    const docs = [named(gold, 'a'), named(gold, 'b'), named(gold, 'c'), x86Host('Core-i7-8700', 'd')];
    const f = fleetOf(docs);
    const x = f.arches.get('x86_64')!;
    expect(f.hostCount).toBe(4);
    expect(x.classes.map((c) => c.hosts)).toEqual([['a', 'b', 'c'], ['d']]);
    // same features, different machine types (z14 and z14 ZR1): the same signature, two classes
    const s = fleetOf([s390Host('3906'), s390Host('3907')]).arches.get('s390x')!;
    expect(s.classes[0]!.signature).toBe(s.classes[1]!.signature);
    expect(s.classes.map((c) => c.model)).toEqual(['z14.2', 'z14ZR1']);
  });

  it('hosts sharing one feature list (compact documents) fall into the classes their copies would', () => {
    const a = x86Host('Core-i7-2600');
    const b = x86Host('Core-i7-8700');
    // one list shared by hosts that differ in release, accelerator, vendor and source kind
    const shared = a.features;
    const docs: HostDoc[] = [
      named(a, 'h0'),
      { ...named(a, 'h1'), features: shared, release: '7.2' },
      { ...named(a, 'h2'), features: shared, accel: 'tcg' },
      { ...named(a, 'h3'), features: shared, identity: { ...a.identity, vendor: 'AuthenticAMD' } },
      { ...named(a, 'h4'), features: shared, source: { ...a.source, kind: 'libvirt-domcapabilities' } },
      { ...named(a, 'h5'), features: shared },
      named(b, 'h6'),
      { ...named(b, 'h7'), features: b.features },
      { ...named(a, 'h8'), features: shared, release: '7.2' },
    ];
    const classesOf = (f: Fleet) => [...f.arches.values()].flatMap((af) => af.classes.map((c) => `${c.id}:${c.hosts.join(',')}`));
    const sharedLists = loadFleet(docs);
    const ownLists = loadFleet(docs.map((d) => ({ ...d, features: [...d.features] })));
    if (!sharedLists.ok || !ownLists.ok) throw new Error('not loaded');
    expect(classesOf(sharedLists.value)).toEqual(classesOf(ownLists.value));
    expect(classesOf(sharedLists.value).length).toBeGreaterThan(4);
  });

  it('checks signatures and names bad documents', () => {
    const gold = x86Host('Xeon-Gold-6148');
    const forged = { ...gold, name: 'forged', features: gold.features.slice(1) };
    const r = loadFleet([{ doc: gold, file: 'gold.json' }, { doc: forged, file: 'forged.json' }]);
    expect(!r.ok && r.error.message).toMatch(/^forged\.json: signature [0-9a-f]{16} does not match the document's features/);
    const typo = variant(gold, 'typo', { add: ['avx512ff'] });
    const t = loadFleet([{ doc: typo, file: 'typo.json' }]);
    expect(!t.ok && t.error.message).toBe("typo.json: unknown x86_64 feature 'avx512ff'");
    expect(!t.ok && t.error.suggestions?.join(' ')).toMatch(/avx512f/);
    const z = { ...s390Host('3906'), model: 'z41' };
    const m = loadFleet([{ doc: z, file: 'z.json' }]);
    expect(!m.ok && m.error.message).toBe("z.json: model 'z41' is not an s390x CPU definition");
    expect(!m.ok && m.error.suggestions).toContain('z14');
  });
});

describe('the N-way baseline', () => {
  it('x86: common vendor, intersection without invtsc, as QMP and as libvirt (libvirt names)', () => {
    const docs = ['Core-i7-8700', 'Xeon-Gold-6148', 'Xeon-Platinum-8268', 'Ice-Lake-Server'].map((n) => x86Host(n));
    const f = fleetOf(docs);
    const b = knownBaseline(fleetBaseline(f));
    expect(b.qmp.name).toMatch(/^Skylake-Client-v\d$/);
    expect(b.features).not.toContain('invtsc');
    expect(b.notes.join(' ')).toMatch(/invtsc/);
    // the libvirt form: custom/exact/forbid, libvirt's spelling (tsc_adjust, not tsc-adjust), resolvable
    expect(b.libvirt).toMatch(/^<cpu mode='custom' match='exact'>\n {2}<model fallback='forbid'>Skylake-Client[^<]*<\/model>/);
    expect(b.libvirt).toContain("name='tsc_adjust'");
    const cpu = readCpus(b.libvirt, 'baseline.xml')[0]!;
    expect(resolveCpu(cpu).ok).toBe(true);
    // every host can run the baseline, in both vocabularies
    for (const guest of [{ kind: 'qmp' as const, model: b.qmp }, { kind: 'libvirt' as const, cpu }]) {
      const p = placement(f, guest);
      expect(p.ok && p.value.fitCount).toBe(4);
    }
  });

  it('x86: what holds the baseline back, fewest hosts first', () => {
    const gold = x86Host('Xeon-Gold-6148');
    const docs = [named(gold, 'g1'), named(gold, 'g2'), named(gold, 'g3'), x86Host('Core-i7-8700', 'client'), x86Host('Xeon-Platinum-8268', 'p1'), x86Host('Xeon-Platinum-8268', 'p2')];
    const b = knownBaseline(fleetBaseline(fleetOf(docs)));
    const hb = b.heldBackBy;
    expect(hb[0]!.hosts).toEqual(['client']);
    expect(hb[0]!.features).toEqual(expect.arrayContaining(['avx512f', 'avx512bw', 'pku']));
    expect(hb.map((h) => h.hostCount)).toEqual([...hb.map((h) => h.hostCount)].sort((x, y) => x - y));
    // the Gold hosts alone lack spec-ctrl (its CPUID dump predates the microcode)
    expect(hb.find((h) => h.hosts.includes('g1'))!.features).toContain('spec-ctrl');
    // a synthetic removal on one host shows up as that host's class alone removing it
    const masked = variant(gold, 'masked', { remove: ['avx2'] });
    const b2 = knownBaseline(fleetBaseline(fleetOf([...docs, masked])));
    expect(b2.heldBackBy.find((h) => h.hosts.includes('masked'))?.features).toEqual(['avx2']);
    expect(b2.features).not.toContain('avx2');
  });

  it('x86: refuses to mix vendors, naming both', () => {
    const r = fleetBaseline(fleetOf([x86Host('Xeon-Gold-6148'), x86Host('EPYC-7502-32-Core')]));
    expect(!r.ok && r.error.message).toMatch(/^CPU vendors differ: GenuineIntel \(Xeon-Gold-6148; 1 host\) and AuthenticAMD \(EPYC-7502-32-Core; 1 host\)/);
  });

  it('s390x: the driver\'s baseline (oldest generation/GA), type as a hold-back', () => {
    const docs = [s390Host('3906', 'z14'), s390Host('8561', 'z15'), s390Host('2964', 'z13'), s390Host('3907', 'zr1')];
    const b = knownBaseline(fleetBaseline(fleetOf(docs)));
    // the same answer as the s390x driver's N-way baseline over the hosts' static expansions
    const drv = new S390Driver({ profile: 'latest' });
    const models = docs.map((d) => drv.info({ def: drv.cat.defByName(d.model)!, features: drv.catalog.setOf(d.features) }, true));
    const ref = drv.baselineMany(models);
    expect(ref.ok && ref.value.model).toEqual(b.qmp);
    expect(b.qmp.name).toBe('z13.2-base');
    expect(b.libvirt).toContain("<model fallback='forbid'>z13.2-base</model>");
    expect(b.libvirt).toContain("<feature policy='require' name='vx'/>");
    const z13 = b.heldBackBy.find((h) => h.hosts.includes('z13'))!;
    expect(z13.type).toBe(true);
    expect(z13.features).toContain('gs');
    expect(b.heldBackBy.find((h) => h.hosts.includes('z15'))!.features).toEqual(['csske', 'bpb']);
  });

  it('mixed architectures are an error naming the files of each', () => {
    const r = loadFleet([
      { doc: s390Host('3906'), file: 'hosts/z14.txt' },
      { doc: x86Host('Xeon-Gold-6148'), file: 'hosts/gold.xml' },
      { doc: s390Host('8561'), file: 'hosts/z15.txt' },
    ]);
    if (!r.ok) throw new Error(r.error.message);
    const b = fleetBaseline(r.value);
    expect(!b.ok && b.error.message).toBe('hosts of several architectures: s390x (hosts/z14.txt, hosts/z15.txt); x86_64 (hosts/gold.xml); a fleet has one architecture');
    const p = placement(r.value, { kind: 'qmp', model: { name: 'z14' } });
    expect(!p.ok && p.error.message).toMatch(/^hosts of several architectures/);
  });
});

describe('placement', () => {
  const s390 = fleetOf([s390Host('3906', 'z14'), s390Host('3906', 'z14b'), s390Host('8561', 'z15'), s390Host('2964', 'z13')]);

  it('s390x: which hosts run a model, and why the others cannot (type, features)', () => {
    const p = placement(s390, { kind: 'qmp', model: { name: 'z14', props: { csske: false, bpb: false } } });
    if (!p.ok) throw new Error(p.error.message);
    expect(placementHosts(p.value).sort()).toEqual(['z14', 'z14b', 'z15']);
    expect(p.value.misfit).toHaveLength(1);
    expect(p.value.misfit[0]!.hosts).toEqual(['z13']);
    expect(p.value.misfit[0]!.type).toBe(true);
    expect(p.value.misfit[0]!.reasons[0]).toBe('type');
    expect(p.value.misfit[0]!.missing).toContain('gs');
  });

  it('s390x: a libvirt <cpu> with policies, and a host document as the guest', () => {
    const cpu = readCpus("<cpu mode='custom' match='exact'><model fallback='forbid'>z13-base</model><feature policy='require' name='vx'/><feature policy='forbid' name='gs'/></cpu>", 'g.xml')[0]!;
    const p = placement(s390, { kind: 'libvirt', cpu });
    if (!p.ok) throw new Error(p.error.message);
    // z14 and z15 have gs, which the guest forbids
    expect(placementHosts(p.value)).toEqual(['z13']);
    expect(p.value.misfit.find((c) => c.hosts.includes('z15'))!.reasons).toContain('!gs');
    const h = placement(s390, { kind: 'host', doc: s390Host('3906') });
    expect(h.ok && placementHosts(h.value).sort()).toEqual(['z14', 'z14b']);
  });

  it('x86: vendor is a reason; host-model runs anywhere', () => {
    const f = fleetOf([x86Host('Xeon-Gold-6148', 'gold'), x86Host('EPYC-7502-32-Core', 'rome'), x86Host('Core-i7-2600', 'old')]);
    const p = placement(f, { kind: 'qmp', model: { name: 'Skylake-Server-v1' } });
    if (!p.ok) throw new Error(p.error.message);
    expect(placementHosts(p.value)).toEqual(['gold']);
    // QEMU runs an Intel model on an AMD host under KVM: what the host lacks blocks it, not the vendor
    const rome = p.value.misfit.find((c) => c.hosts.includes('rome'))!;
    expect(rome.reasons).not.toContain('vendor');
    expect(rome.missing).toContain('pcid');
    // a guest that names its vendor (libvirt's <vendor>) does not fit another vendor's host
    const named = placement(f, { kind: 'libvirt', cpu: { mode: 'custom', model: { name: 'qemu64' }, vendor: 'Intel', features: [] } });
    if (!named.ok) throw new Error(named.error.message);
    const rome2 = named.value.misfit.find((c) => c.hosts.includes('rome'))!;
    expect(rome2.reasons[0]).toBe('vendor');
    expect(rome2.vendorMismatch).toEqual({ guest: 'GenuineIntel', host: 'AuthenticAMD' });
    expect(p.value.misfit.find((c) => c.hosts.includes('old'))!.missing).toContain('avx2');
    const any = placement(f, { kind: 'libvirt', cpu: { mode: 'host-model', features: [] } });
    expect(any.ok && any.value.fitCount).toBe(3);
    // a vendor-less model (psABI level) fits both vendors
    const abi = placement(f, { kind: 'qmp', model: { name: 'x86-64-v3' } });
    expect(abi.ok && placementHosts(abi.value).sort()).toEqual(['gold', 'rome']);
  });

  it('bad guests: unknown model or feature with a suggestion', () => {
    const p = placement(s390, { kind: 'qmp', model: { name: 'z41' }, origin: 'cli' });
    expect(!p.ok && p.error.message).toBe("cli: The CPU definition 'z41' is unknown.");
    expect(!p.ok && p.error.suggestions).toContain('z14');
    const q = placement(s390, { kind: 'qmp', model: { name: 'z14', props: { vxx: true } } });
    expect(!q.ok && q.error.suggestions).toContain('vx');
    const lv = placement(fleetOf([x86Host('Xeon-Gold-6148')]), { kind: 'libvirt', cpu: { mode: 'custom', model: { name: 'Skylake-Clinet' }, features: [], origin: 'g.xml' } });
    expect(!lv.ok && lv.error.message).toMatch(/^g\.xml: <model>Skylake-Clinet<\/model>: unknown CPU model/);
    expect(!lv.ok && lv.error.suggestions).toContain('Skylake-Client');
  });
});

describe('CLI functions over files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-fleet-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('baseline --hosts over a directory tree of mixed sources', () => {
    const hosts = path.join(dir, 'x86');
    mkdirSync(path.join(hosts, 'rack2'), { recursive: true });
    writeFileSync(path.join(hosts, 'gold.xml'), cpudata('Xeon-Gold-6148'));
    writeFileSync(path.join(hosts, 'rack2', 'plat.json'), JSON.stringify(x86Host('Xeon-Platinum-8268', 'plat')));
    writeFileSync(path.join(hosts, 'rack2', 'fleet.json'), JSON.stringify([x86Host('Ice-Lake-Server', 'ice1'), x86Host('Ice-Lake-Server', 'ice2')]));
    writeFileSync(path.join(hosts, 'README.txt'), 'not a host\n');
    // a file of the folder that is no host: an error naming it, unless --skip-bad
    const refused = cmdBaselineHosts([hosts]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/^error: .*README\.txt: not a host description cpumodels can read/);
    const out = cmdBaselineHosts([hosts], { read: skippingBad() });
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toMatch(/^baseline of 4 hosts in 3 classes \(x86_64\): Skylake-Server-v/);
    expect(out.stdout).toContain("<model fallback='forbid'>");
    expect(out.stderr).toMatch(/^warning: .*README\.txt: not a host description cpumodels can read .* — skipped \(--skip-bad\)$/m);
    rmSync(path.join(hosts, 'README.txt'));
    const json = JSON.parse(cmdBaselineHosts([hosts], { json: true }).stdout);
    expect(json.hostCount).toBe(4);
    expect(json.qmp.name).toMatch(/^Skylake-Server/);
    // placement: exit 0 when some host fits, 1 when none
    const some = cmdPlacement('Skylake-Server-v1', [hosts]);
    expect(some.exitCode).toBe(0);
    expect(some.stdout).toMatch(/^guest Skylake-Server-v1@[0-9a-f]{16}: 4 of 4 hosts/);
    const none = cmdPlacement('EPYC-v1', [hosts], { json: true });
    expect(none.exitCode).toBe(1);
    expect(JSON.parse(none.stdout).misfit[0].reasons).toContain('mmxext');
  });

  it('bad input: malformed JSON/XML naming the file, unknown model, mixed architectures', () => {
    const bad = path.join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(path.join(bad, 'h.json'), '{"format": "cpumodels-host/1", ');
    const j = cmdBaselineHosts([bad]);
    expect(j.exitCode).toBe(2);
    expect(j.stderr).toMatch(/^error: .*bad\/h\.json: malformed JSON: /);
    const x = path.join(dir, 'h.xml');
    writeFileSync(x, "<cpudata arch='x86'>\n  <cpuid eax_in='0x0'\n</cpudata>\n");
    const xr = cmdBaselineHosts([x]);
    expect(xr.exitCode).toBe(2);
    expect(xr.stderr).toMatch(/^error: .*h\.xml:\d+:\d+: malformed XML: /);
    const mixed = path.join(dir, 'mixed');
    mkdirSync(mixed);
    writeFileSync(path.join(mixed, 'z14.txt'), 'Manufacturer: IBM\nType: 3906\n');
    writeFileSync(path.join(mixed, 'gold.xml'), cpudata('Xeon-Gold-6148'));
    const m = cmdBaselineHosts([mixed]);
    expect(m.exitCode).toBe(2);
    expect(m.stderr).toMatch(/hosts of several architectures: s390x \(.*z14\.txt\); x86_64 \(.*gold\.xml\)/);
    const u = cmdPlacement('z41', [path.join(mixed, 'z14.txt')]);
    expect(u.exitCode).toBe(2);
    expect(u.stderr).toMatch(/unknown.*did you mean 'z14'/);
    expect(cmdBaselineHosts([path.join(dir, 'nope')]).stderr).toMatch(/nope: no such file or directory/);
    const named = path.join(dir, 'notes.txt');
    writeFileSync(named, 'hello\n');
    expect(cmdBaselineHosts([named]).stderr).toMatch(/notes\.txt: not a host description/);
  });
});

describe('the per-architecture context', () => {
  it('maps x86 feature names to libvirt by CPUID bit', () => {
    const ctx = archContext('x86_64');
    if (ctx.arch !== 'x86_64') throw new Error('x86');
    expect(ctx.toLibvirt.get('tsc-adjust')).toBe('tsc_adjust');
    expect(ctx.fromLibvirt.get('pclmuldq')).toBe('pclmulqdq');
  });
});

describe('ppc64 fleets (compat modes)', () => {
  const ppcDoc = (file: string): HostDoc => {
    const r = toHostDoc(readFileSync(file, 'utf8'), path.basename(file));
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const p8 = ppcDoc(path.join(LIBVIRT, 'domaincapsdata/qemu_10.0.0.ppc64.xml'));
  const p8old = ppcDoc(path.join(import.meta.dirname, '../../test/fixtures/domaincapsdata/qemu_6.2.0.ppc64.xml'));

  it('baseline: the compat modes every host has, as QEMU and libvirt name them', () => {
    const b = knownBaseline(fleetBaseline(fleetOf([p8, p8old])));
    expect(b.qmp).toEqual({ name: 'power8_v2.0' });
    expect(b.libvirt).toBe("<cpu mode='custom' match='exact'>\n  <model fallback='forbid'>POWER8</model>\n</cpu>\n");
    expect(b.features).toEqual(['compat-power6', 'compat-power7', 'compat-power8']);
  });

  it('placement and migrate-check: a POWER8 host runs POWER7/POWER8 guests in compat mode, not POWER9', () => {
    const f = fleetOf([p8]);
    const ok8 = placement(f, { kind: 'libvirt', cpu: { mode: 'custom', model: { name: 'POWER7' }, features: [] } });
    expect(ok8.ok && ok8.value.fitCount).toBe(1);
    const no9 = placement(f, { kind: 'libvirt', cpu: { mode: 'custom', model: { name: 'POWER9' }, features: [] } });
    expect(no9.ok && no9.value.misfit[0]!.reasons).toEqual(['compat-power9']);
  });
});
