import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIBVIRT } from '../../test/helpers/reference.js';
import { signature, signatureOfNames } from '../core/signature.js';
import { toHostDoc } from '../host/convert.js';
import type { HostDoc } from '../host/doc.js';
import { archContext } from './fleet.js';
import { migrateCheck, type MigrateRequest, type MigrateVerdict } from './migrate.js';
import { cmdMigrateCheck } from './commands.js';

function x86Host(name: string, hostName = name): HostDoc {
  const r = toHostDoc(readFileSync(path.join(LIBVIRT, `cputestdata/x86_64-cpuid-${name}.xml`), 'utf8'), hostName);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function s390Host(type: string, hostName: string): HostDoc {
  const r = toHostDoc(`Manufacturer:         IBM\nType:                 ${type}\n`, hostName);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** A copy with features added and the signature recomputed (a synthetic host). */
function variant(doc: HostDoc, name: string, add: string[]): HostDoc {
  const features = [...doc.features, ...add];
  return { ...doc, name, features, signature: signatureOfNames(doc.arch, features) };
}

function check(req: MigrateRequest): MigrateVerdict {
  const r = migrateCheck(req);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const z13 = s390Host('2964', 'z13-host');
const z14 = s390Host('3906', 'z14-host');
const zr1 = s390Host('3907', 'zr1-host');
const z16 = s390Host('3931', 'z16-host');
const gold = x86Host('Xeon-Gold-6148', 'gold');
const plat = x86Host('Xeon-Platinum-8268', 'plat');
const rome = x86Host('EPYC-7502-32-Core', 'rome');

const hostModel = "<domain type='kvm'><name>vm1</name><os><type arch='x86_64' machine='q35'>hvm</type></os><cpu mode='host-model' check='partial'/></domain>";
const passthrough = "<cpu mode='host-passthrough' migratable='on'/>";

describe('migration verdicts', () => {
  it('the same host: custom ok, host-model ok-with-changes, host-passthrough ok', () => {
    const c = check({ guest: { name: 'z14' }, source: z14, target: z14 });
    expect(c.verdict).toBe('ok');
    expect(c.blockers).toEqual([]);
    expect(c.destinationCpu.qmp).toEqual({ name: 'z14' });
    const h = check({ guest: hostModel, source: gold, target: { ...gold, name: 'gold-2' } });
    expect(h.verdict).toBe('ok-with-changes');
    expect(h.destinationCpu.libvirt).toMatch(/^<cpu mode='custom' match='exact'>\n {2}<model fallback='forbid'>Skylake-Server/);
    expect(h.destinationCpu.qmp.name).toMatch(/^Skylake-Server-v\d$/);
    expect(h.notes.join('\n')).toMatch(/invtsc/);
    const p = check({ guest: passthrough, source: gold, target: { ...gold, name: 'gold-2' } });
    expect(p.verdict).toBe('ok');
    expect(p.destinationCpu).toEqual({ qmp: { name: 'host' }, libvirt: "<cpu mode='host-passthrough' migratable='on'/>\n" });
  });

  it('an older target: refused, naming type and the missing features', () => {
    const s = check({ guest: { name: 'z14' }, source: z14, target: z13 });
    expect(s.verdict).toBe('refused');
    expect(s.blockers[0]).toBe("type: the guest's CPU (z14, generation 14 GA1) is newer than the target's (z13.2, generation 13 GA2)");
    expect(s.blockers[1]).toMatch(/^the target lacks features .*\bgs\b/);
    const x = check({ guest: hostModel, source: plat, target: gold });
    expect(x.verdict).toBe('refused');
    expect(x.blockers.join(' ')).toMatch(/the target lacks features .*avx512vnni/);
  });

  it('a newer target: ok (custom), ok-with-changes (host-model)', () => {
    expect(check({ guest: { name: 'z13' }, source: z13, target: z14 }).verdict).toBe('ok');
    expect(check({ guest: { name: 'gen15a' }, target: z16 }).verdict).toBe('ok');
    // newer, but without the facilities z15 dropped
    expect(check({ guest: { name: 'z14' }, source: z14, target: z16 }).blockers).toEqual(['the target lacks features csske, bpb']);
    expect(check({ guest: { name: 'z14', props: { csske: false, bpb: false } }, source: z14, target: z16 }).verdict).toBe('ok');
    const h = check({ guest: hostModel, source: gold, target: plat });
    expect(h.verdict).toBe('ok-with-changes');
    expect(h.blockers).toEqual([]);
    // the destination definition is the source's host-model: it runs on the source too
    const back = check({ guest: h.destinationCpu.libvirt, source: plat, target: gold });
    expect(back.verdict).toBe('ok');
  });

  it('a different vendor: refused with vendor', () => {
    const v = check({ guest: hostModel, source: gold, target: rome });
    expect(v.verdict).toBe('refused');
    expect(v.blockers[0]).toBe("vendor: the guest's CPU is GenuineIntel, the target is AuthenticAMD");
    // a custom model is no vendor check: QEMU runs an Intel model on an AMD host under KVM (what it lacks blocks it)
    const q = check({ guest: { name: 'Skylake-Server-v1' }, target: rome });
    expect(q.blockers.some((b) => b.startsWith('vendor'))).toBe(false);
    expect(check({ guest: { name: 'qemu64' }, target: rome }).verdict).toBe('ok');
    // unless the guest names its vendor, as libvirt's <vendor> does
    const v2 = check({ guest: "<cpu mode='custom'><model>qemu64</model><vendor>Intel</vendor></cpu>", target: rome });
    expect(v2.blockers).toEqual(["vendor: the guest's CPU is GenuineIntel, the target is AuthenticAMD"]);
  });

  it('host-passthrough: refused unless source and target are identical', () => {
    const diff = check({ guest: passthrough, source: gold, target: plat });
    expect(diff.verdict).toBe('refused');
    expect(diff.blockers[0]).toMatch(/^host-passthrough needs identical hosts: source .*@[0-9a-f]{16}, target .*@[0-9a-f]{16}$/);
    expect(diff.blockers.join('\n')).toMatch(/needs identical CPUs: stepping 4 vs 6; brand /);
    // equal features, different machine types (z14 vs z14 ZR1): the identity decides
    expect(z14.signature).toBe(zr1.signature);
    const id = check({ guest: "<cpu mode='host-passthrough'/>", source: z14, target: zr1 });
    expect(id.verdict).toBe('refused');
    expect(id.blockers).toHaveLength(1);
    expect(id.blockers[0]).toMatch(/^host-passthrough needs identical CPUs: model "z14\.2" vs "z14ZR1"; type "0x3906" vs "0x3907"/);
    const nosrc = check({ guest: passthrough, target: gold });
    expect(nosrc.verdict).toBe('refused');
    expect(nosrc.blockers[0]).toMatch(/source host is not given/);
    expect(check({ guest: { name: 'max' }, source: z14, target: { ...z14, name: 'other' } }).verdict).toBe('ok');
  });

  it('a soft-facility signature mismatch: blockers name the extra features', () => {
    const ctx = archContext('s390x');
    if (ctx.arch !== 's390x') throw new Error('s390x');
    const def = ctx.driver.cat.defByName('z14.2')!;
    // a facility the host implements (in software) beyond the definition's defaults
    const soft = ctx.catalog.names(def.full.andNot(def.default))[0]!;
    const source = variant(z14, 'z14-soft', [soft]);
    const defined = ctx.driver.info({ def, features: def.default }, true);
    const running = def.default.clone().add(ctx.catalog.feature(soft)!.index);
    const sig = signature(ctx.catalog, running);
    const guest = JSON.stringify({ model: defined, signature: sig, name: `z14.2-base@${sig}` });
    const v = check({ guest, guestOrigin: 'query-cpu-model.json', source, target: z14 });
    expect(v.verdict).toBe('refused');
    expect(v.blockers).toHaveLength(1);
    expect(v.blockers[0]).toBe(`signature mismatch: the guest runs with feature ${soft} beyond its definition (z14.2-base@${sig}; the definition gives z14.2-base@${signature(ctx.catalog, def.default)}); the destination would start it without them`);
    expect(v.notes.join('\n')).toContain(`"${soft}":true`);
    // without the source the features cannot be named
    const blind = check({ guest, target: z14 });
    expect(blind.blockers[0]).toMatch(/cannot be named without the source host/);
    // a matching signature is no blocker
    const same = JSON.stringify({ model: defined, signature: signature(ctx.catalog, def.default) });
    expect(check({ guest: same, source: z14, target: z14 }).verdict).toBe('ok');
  });

  it('a deprecated model: a note, still ok', () => {
    const v = check({ guest: { name: 'z14' }, source: z14, target: zr1, deprecated: ['z14'] });
    expect(v.verdict).toBe('ok');
    expect(v.notes[0]).toMatch(/^model 'z14' is deprecated/);
    const x = check({ guest: { name: 'Skylake-Server' }, target: plat, deprecated: ['Skylake-Server-v1'] });
    expect(x.notes[0]).toMatch(/deprecated/);
  });

  it('libvirt policies: optional features resolved on the source (a change), forbid checked on the target', () => {
    const opt = "<cpu mode='custom' match='exact'><model fallback='forbid'>Skylake-Server-IBRS</model><feature policy='optional' name='avx512vnni'/><feature policy='optional' name='la57'/></cpu>";
    const v = check({ guest: opt, source: plat, target: plat });
    expect(v.verdict).toBe('ok-with-changes');
    expect(v.destinationCpu.libvirt).toContain("<feature policy='require' name='avx512vnni'/>");
    expect(v.destinationCpu.libvirt).toContain("<feature policy='disable' name='la57'/>");
    // resolved on the Platinum, the guest has avx512vnni, which the Gold lacks
    expect(check({ guest: opt, source: plat, target: gold }).blockers.join(' ')).toMatch(/avx512vnni/);
    const forbid = "<cpu mode='custom' match='exact'><model fallback='forbid'>Skylake-Server-IBRS</model><feature policy='forbid' name='avx512vnni'/></cpu>";
    const f = check({ guest: forbid, target: plat });
    expect(f.verdict).toBe('refused');
    expect(f.blockers.join(' ')).toMatch(/the target has forbidden feature avx512vnni/);
    // an unchanged custom definition travels as it is
    const plain = "<cpu mode='custom' match='exact'>\n  <model fallback='forbid'>Skylake-Server-IBRS</model>\n</cpu>\n";
    const p = check({ guest: plain, target: plat });
    expect(p.verdict).toBe('ok');
    expect(p.destinationCpu.libvirt).toBe(plain);
  });
});

describe('bad input', () => {
  it('names the file, the model or feature, with suggestions', () => {
    const x = migrateCheck({ guest: "<domain><cpu mode='custom'>\n<model>z14</model>\n</domain>", guestOrigin: 'vm.xml', target: z14 });
    expect(!x.ok && x.error.message).toMatch(/^vm\.xml:\d+:\d+: malformed XML/);
    const j = migrateCheck({ guest: '{"model": {"name": "z14"', guestOrigin: 'cpu.json', target: z14 });
    expect(!j.ok && j.error.message).toMatch(/^cpu\.json: malformed JSON/);
    const m = migrateCheck({ guest: { name: 'z41' }, target: z14 });
    expect(!m.ok && m.error.suggestions).toContain('z14');
    const f = migrateCheck({ guest: "<cpu mode='custom'><model>Skylake-Server-IBRS</model><feature name='avx512vnnni'/></cpu>", guestOrigin: 'g.xml', target: plat });
    expect(!f.ok && f.error.message).toBe("g.xml: <feature policy='require' name='avx512vnnni'/>: unknown CPU feature 'avx512vnnni'".replace(" policy='require'", ''));
    expect(!f.ok && f.error.suggestions).toContain('avx512vnni');
    const arch = migrateCheck({ guest: { name: 'z14' }, source: z14, target: gold });
    expect(!arch.ok && arch.error.message).toBe('source z14-host is s390x, target gold is x86_64: a guest never migrates across architectures');
    const guestArch = migrateCheck({ guest: hostModel, source: z14, target: z14 });
    expect(!guestArch.ok && guestArch.error.message).toBe('guest: the guest is x86_64, the hosts are s390x');
    const hm = migrateCheck({ guest: hostModel, target: gold });
    expect(!hm.ok && hm.error.message).toMatch(/host-model guest runs its source host's CPU model; give the source host/);
    const forged: HostDoc = { ...gold, features: gold.features.slice(2), name: 'forged' };
    const fd = migrateCheck({ guest: hostModel, source: gold, target: forged });
    expect(!fd.ok && fd.error.message).toMatch(/^target forged: signature [0-9a-f]{16} does not match/);
    expect(signatureOfNames('x86_64', forged.features)).not.toBe(forged.signature);
  });
});

describe('cmdMigrateCheck', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-migrate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('exit codes: 0 ok / ok-with-changes, 1 refused, 2 error', () => {
    const z14f = file('z14.txt', 'Manufacturer: IBM\nType: 3906\n');
    const z13f = file('z13.json', JSON.stringify(z13));
    const ok = cmdMigrateCheck({ guest: 'z13', source: z14f, target: z14f });
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/^verdict: ok\n/);
    const dom = file('vm.xml', "<domain type='kvm'><cpu mode='host-model'/></domain>");
    const changes = cmdMigrateCheck({ guest: dom, source: z13f, target: z14f, json: true });
    expect(changes.exitCode).toBe(0);
    expect(JSON.parse(changes.stdout).verdict).toBe('ok-with-changes');
    const refused = cmdMigrateCheck({ guest: 'z14', target: z13f });
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toMatch(/^verdict: refused\nblocker: type: /);
    const err = cmdMigrateCheck({ guest: 'z14', target: file('bad.json', '{"format": "cpumodels-host/1",') });
    expect(err.exitCode).toBe(2);
    expect(err.stderr).toMatch(/bad\.json: malformed JSON/);
  });
});

describe("the target's QEMU release (libvirt issue #92: libvirt fails only when the guest starts)", () => {
  const fixture = (f: string): HostDoc => {
    const p = path.join(import.meta.dirname, '../../test/fixtures/domaincapsdata', f);
    const r = toHostDoc(readFileSync(p, 'utf8'), f);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const q42 = fixture('qemu_4.2.0.x86_64.xml');

  it('a domcapabilities file carries the release its machine type names', () => {
    expect(q42.release).toBe('4.2');
  });

  it('refuses a model or a feature that release does not know, naming it', () => {
    const g = check({ guest: "<cpu mode='custom'><model>GraniteRapids</model></cpu>", target: q42 });
    expect(g.verdict).toBe('refused');
    expect(g.blockers[0]).toMatch(/^the target's QEMU 4\.2 does not know model GraniteRapids, feature /);
    // a feature QEMU 4.2 has no property for, even one the model would drop (fred without its dependencies)
    const f = check({ guest: { name: 'Skylake-Client-v1', props: { fred: true } }, target: q42 });
    expect(f.blockers).toEqual(["the target's QEMU 4.2 does not know feature fred"]);
    // a model QEMU removed: QEMU 10.1 has no Icelake-Client (removed in 7.1); on QEMU 6.0 the host's own driver decides
    const q101 = toHostDoc(readFileSync(path.join(LIBVIRT, 'domaincapsdata/qemu_10.1.0-q35.x86_64+inteltdx.xml'), 'utf8'), 'tdx');
    if (!q101.ok) throw new Error(q101.error.message);
    expect(check({ guest: "<cpu mode='custom'><model>Icelake-Client</model></cpu>", target: q101.value }).blockers[0]).toBe("the target's QEMU 10.1 does not know model Icelake-Client");
    const rome60 = check({ guest: "<cpu mode='custom'><model>Icelake-Client</model></cpu>", target: fixture('qemu_6.0.0.x86_64.xml') });
    expect(rome60.blockers).toEqual(['the target lacks features pcid, hle, erms, invpcid, rtm, avx512vbmi, pku, avx512vbmi2, gfni, vaes, vpclmulqdq, avx512vnni, avx512bitalg, avx512-vpopcntdq, spec-ctrl']);
    // what 4.2 knows and the host has runs
    expect(check({ guest: "<cpu mode='custom'><model>Skylake-Client</model></cpu>", target: q42 }).verdict).toBe('ok');
    // the same host without a release (a host document from CPUID data): no release check
    const { release: _r, ...anyRelease } = q42;
    expect(check({ guest: { name: 'Skylake-Client-v1', props: { fred: true } }, target: anyRelease }).blockers).toEqual([]);
  });
});

describe('s390x targets of QEMU releases older than the oldest profile', () => {
  const target = (v: string): HostDoc => {
    const f = path.join(import.meta.dirname, `../../test/fixtures/domaincapsdata/qemu_${v}.0.s390x.xml`);
    const d = toHostDoc(readFileSync(f, 'utf8'), `qemu_${v}`);
    if (!d.ok) throw new Error(d.error.message);
    return d.value;
  };
  it('a model the release lacks is refused as unknown there, by name', () => {
    const v = migrateCheck({ guest: { name: 'z14ZR1' }, target: target('2.12') });
    expect(v.ok && v.value.verdict).toBe('refused');
    expect(v.ok && v.value.blockers).toContain("the target's QEMU 2.12 does not know z14ZR1");
  });
  it('a default model is taken as the release machine has it: z13 needs no bpb/ppa15 on QEMU 2.11, unless asked for', () => {
    expect(migrateCheck({ guest: { name: 'z13' }, target: target('2.11') }).ok && migrateCheck({ guest: { name: 'z13' }, target: target('2.11') })).toMatchObject({ value: { verdict: 'ok' } });
    const asked = migrateCheck({ guest: { name: 'z13', props: { bpb: true } }, target: target('2.11') });
    expect(asked.ok && asked.value.verdict).toBe('refused');
    expect(asked.ok && asked.value.blockers.join(' ')).toContain('bpb');
  });
  it("the destination definition is the model as the target's release has it: no bpb/ppa15 required on QEMU 2.11 (libvirt there would not know them)", () => {
    for (const guest of [{ name: 'z13' }, { name: 'z14' }]) {
      const v = migrateCheck({ guest, target: target('2.11') });
      if (!v.ok) throw new Error(v.error.message);
      expect(v.value.verdict).toBe('ok');
      expect(v.value.destinationCpu.libvirt).toContain(`<model fallback='forbid'>${guest.name}-base</model>`);
      expect(v.value.destinationCpu.libvirt).not.toMatch(/name='(bpb|ppa15)'/);
      expect(v.value.notes.join(' ')).toMatch(/QEMU 2\.11 gives z1[34] without .*bpb/);
    }
    // the qemu model is the 2.11 machine's (a z900), and no release 'does not know' qemu
    const q = migrateCheck({ guest: { name: 'qemu' }, target: target('2.11') });
    if (!q.ok) throw new Error(q.error.message);
    expect(q.value.verdict).toBe('ok');
    expect(q.value.destinationCpu.libvirt).toContain("<model fallback='forbid'>z900-base</model>");
    const q12 = migrateCheck({ guest: { name: 'qemu' }, target: target('2.12') });
    expect(q12.ok && q12.value.blockers.join(' ')).not.toMatch(/does not know/);
    // on a current release the same guest's definition keeps them
    const now = migrateCheck({ guest: { name: 'z13' }, target: target('8.2') });
    expect(now.ok && now.value.destinationCpu.libvirt).toMatch(/name='bpb'/);
  });
});
