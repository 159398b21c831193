import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { armCapabilities } from '../../test/helpers/aarch64.js';
import { LIBVIRT, QEMU72 } from '../../test/helpers/reference.js';
import { expectRefusal } from '../../test/helpers/refusal.js';
import { groupHostDocs } from './group.js';
import { toHostDoc } from './convert.js';

const fx = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../../test/fixtures/x86_64');

describe('host capability documents from every source', () => {
  it('detects format and architecture', () => {
    const cases: [string, string, string, string][] = [
      ['cpudata', readFileSync(path.join(LIBVIRT, 'cputestdata/x86_64-cpuid-Core-i7-8700.xml'), 'utf8'), 'x86_64', 'cpudata'],
      ['cpuid -r', readFileSync(path.join(fx, 'cpuid-r-this-machine.txt'), 'utf8'), 'x86_64', 'cpuid-r'],
      ['x86 cpuinfo', readFileSync(path.join(fx, 'proc-cpuinfo-this-machine.txt'), 'utf8'), 'x86_64', 'cpuinfo'],
      ['s390x sysinfo', 'Manufacturer:         IBM\nType:                 3931\n', 's390x', 'sysinfo'],
      ['s390x qmp', JSON.stringify(JSON.parse(readFileSync(path.join(QEMU72, 's390x/expansions.json'), 'utf8')).records.find((r: any) => r.model === 'z14' && r.type === 'full').reply), 's390x', 'qmp-expansion'],
      ['x86 qmp', JSON.stringify(JSON.parse(readFileSync(path.join(QEMU72, 'x86_64/expansions.json'), 'utf8')).records.find((r: any) => r.model === 'EPYC' && r.type === 'full').reply), 'x86_64', 'qmp-expansion'],
    ];
    for (const [label, text, arch, kind] of cases) {
      const r = toHostDoc(text, label);
      expect(r.ok, label).toBe(true);
      if (!r.ok) continue;
      expect(r.value.arch, label).toBe(arch);
      expect(r.value.source.kind, label).toBe(kind);
      expect(r.value.signature, label).toMatch(/^[0-9a-f]{16}$/);
      // a document reads back as itself
      const again = toHostDoc(JSON.stringify(r.value), label);
      expect(again.ok && again.value).toEqual(r.value);
    }
  });

  it('models a QMP expansion as the same features QEMU reported', () => {
    const rec = JSON.parse(readFileSync(path.join(QEMU72, 'x86_64/expansions.json'), 'utf8')).records.find((r: any) => r.model === 'EPYC' && r.type === 'full');
    const r = toHostDoc(JSON.stringify(rec.reply), 'epyc');
    expect(r.ok && r.value.model).toBe('EPYC-v1');
    expect(r.ok && r.value.identity).toMatchObject({ vendor: 'AuthenticAMD', family: 23 });
  });

  it('groups equal hosts by signature', () => {
    const a = toHostDoc('Manufacturer: IBM\nType: 3906\n', 'a');
    const b = toHostDoc('Manufacturer: IBM\nType: 3906\n', 'b');
    const c = toHostDoc('Manufacturer: IBM\nType: 8561\n', 'c');
    if (!a.ok || !b.ok || !c.ok) throw new Error('conversion failed');
    expect(groupHostDocs([a.value, b.value, c.value]).map((k) => k.hosts)).toEqual([['a', 'b'], ['c']]);
  });

  it('names what it cannot read', () => {
    const r = toHostDoc('{"name": "cpumodels"}', 'package.json');
    expect(!r.ok && r.error.message).toBe('package.json: not a host description cpumodels can read');
    const bad = toHostDoc('{"format": "cpumodels-host/1", "arch": "s390x"}', 'h.json');
    expect(!bad.ok && bad.error.message).toMatch(/^h\.json: /);
  });
});

const DOMCAPS = path.join(LIBVIRT, 'domaincapsdata');
const libvirtFx = path.resolve(fx, '../libvirt');

describe('host capability documents from libvirt documents', () => {
  /** every domaincapsdata file: what its host-model says, or why it says nothing */
  const expected: Record<string, { arch: string; model: string; libvirtModel: string } | { arch: string; unknown: RegExp }> = {
    'qemu_10.0.0.ppc64.xml': { arch: 'ppc64', model: 'power8_v2.0', libvirtModel: 'POWER8' },
    'qemu_10.1.0-q35.x86_64+inteltdx.xml': { arch: 'x86_64', model: 'GraniteRapids-v1', libvirtModel: 'GraniteRapids' },
    'qemu_9.1.0.s390x.xml': { arch: 's390x', model: 'gen16a', libvirtModel: 'gen16a-base' },
    // no host-model, every custom model usable='unknown': a host whose CPU is not known
    'qemu_11.1.0-virt.aarch64.xml': { arch: 'aarch64', unknown: /no host-model and usable='unknown' for every custom model/ },
  };

  it('the table covers every domaincapsdata file', () => {
    expect(readdirSync(DOMCAPS).filter((f) => f.endsWith('.xml')).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.keys(expected))('domcapabilities %s', (f) => {
    const r = toHostDoc(readFileSync(path.join(DOMCAPS, f), 'utf8'), f);
    const want = expected[f]!;
    expect(r.ok, !r.ok ? r.error.message : '').toBe(true);
    if (!r.ok) return;
    if ('unknown' in want) {
      expect(r.value).toMatchObject({ arch: want.arch, model: 'unknown', features: [], release: '11.1', source: { kind: 'libvirt-domcapabilities', origin: f } });
      expect(r.value.identity['unknown']).toMatch(want.unknown);
      const again = toHostDoc(JSON.stringify(r.value), f);
      expect(again.ok && again.value).toEqual(r.value);
      return;
    }
    expect(r.value.arch).toBe(want.arch);
    expect(r.value.model).toBe(want.model);
    expect(r.value.source).toEqual({ kind: 'libvirt-domcapabilities', origin: f });
    expect(r.value.signature).toMatch(/^[0-9a-f]{16}$/);
    expect(r.value.features.length).toBeGreaterThan(0);
    if (want.arch === 's390x') expect(r.value.display).toBe(`${want.libvirtModel}@${r.value.signature}`);
    else expect(r.value.identity['libvirtModel']).toBe(want.libvirtModel);
    const again = toHostDoc(JSON.stringify(r.value), f);
    expect(again.ok && again.value).toEqual(r.value);
  });

  it("a domcapabilities file without a host-model of an architecture whose libvirt has one (x86_64) is refused, naming the file", () => {
    const text = readFileSync(path.join(DOMCAPS, 'qemu_10.1.0-q35.x86_64+inteltdx.xml'), 'utf8').replace(/<mode name='host-model' supported='yes'>[\s\S]*?<\/mode>/, "<mode name='host-model' supported='no'/>");
    expect(text).toContain("<mode name='host-model' supported='no'/>");
    const r = toHostDoc(text, 'x.xml');
    expect(!r.ok && r.error).toMatchObject({ code: 'host-model-unavailable', message: expect.stringMatching(/^x\.xml: libvirt reports no host-model for this x86_64 host/) });
  });

  it("aarch64 capabilities: libvirt's ARM model is the MIDR (QEMU's class of that part), the features its hwcaps; no model is a host whose CPU is not known; a model libvirt's map lacks is refused", () => {
    const r = toHostDoc(armCapabilities('cortex-a57'), 'caps.xml');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ arch: 'aarch64', model: 'cortex-a57', identity: { implementer: '0x41', part: '0xd07', libvirtModel: 'cortex-a57' }, source: { kind: 'libvirt-capabilities', origin: 'caps.xml' } });
    expect(r.value.features).toEqual(expect.arrayContaining(['fp', 'asimd', 'aes', 'crc32']));
    const n1 = toHostDoc(armCapabilities('Neoverse-N1', ['fp', 'asimd', 'atomics', 'frobnicate']), 'n1.xml');
    expect(n1.ok && n1.value.model).toBe('neoverse-n1');
    expect(n1.ok && n1.value.notes?.join(' ')).toContain('not used: frobnicate');
    const none = toHostDoc(armCapabilities(undefined), 'none.xml');
    expect(none.ok && none.value.identity['unknown']).toBe("libvirt's capabilities name no host CPU model");
    const odd = toHostDoc(armCapabilities('Cortex-Z9'), 'odd.xml');
    expect(!odd.ok && odd.error).toMatchObject({ code: 'bad-host-data', value: 'Cortex-Z9' });
  });

  it('the s390x host-model is gen16a-base plus its required features, QEMU names as they are', () => {
    const r = toHostDoc(readFileSync(path.join(DOMCAPS, 'qemu_9.1.0.s390x.xml'), 'utf8'), 's390x');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.delta?.removed).toEqual([]);
    expect(r.value.features).toEqual(expect.arrayContaining(['vxpdeh2', 'nnpa', 'diag318']));
  });

  it('the ppc64 host-model POWER8 is the POWER8 class at power8 compat level', () => {
    const r = toHostDoc(readFileSync(path.join(DOMCAPS, 'qemu_10.0.0.ppc64.xml'), 'utf8'), 'ppc');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.features).toEqual(['compat-power6', 'compat-power7', 'compat-power8']);
    expect(r.value.identity).toMatchObject({ family: 'POWER8', vendor: 'IBM', compat: 'power8' });
  });

  it('capabilities: the host <cpu> (libvirt names) gives the same host as the CPUID dump it was computed from', () => {
    const caps = toHostDoc(readFileSync(path.join(libvirtFx, 'capabilities-x86_64.xml'), 'utf8'), 'capabilities-x86_64.xml');
    const cpuid = toHostDoc(readFileSync(path.join(LIBVIRT, 'cputestdata/x86_64-cpuid-Core-i7-8700.xml'), 'utf8'), 'cpudata');
    if (!caps.ok) throw new Error(caps.error.message);
    if (!cpuid.ok) throw new Error(cpuid.error.message);
    expect(caps.value.source).toEqual({ kind: 'libvirt-capabilities', origin: 'capabilities-x86_64.xml' });
    expect(caps.value.identity).toMatchObject({ vendor: 'GenuineIntel', family: 6, model: 158, stepping: 10, libvirtModel: 'Skylake-Client-v2' });
    expect(caps.value.model).toBe(cpuid.value.model);
    expect(caps.value.features).toEqual(cpuid.value.features);
    expect(caps.value.signature).toBe(cpuid.value.signature);
  });

  it('names a libvirt host CPU it does not know', () => {
    const r = toHostDoc('<capabilities><host><cpu><arch>x86_64</arch><model>Pentium9</model></cpu></host></capabilities>', 'caps.xml');
    expect(!r.ok && r.error.message).toBe("caps.xml: the host CPU names 'Pentium9', which libvirt's x86 CPU map does not know");
    const bad = toHostDoc('<capabilities><host><cpu>', 'broken.xml');
    expect(!bad.ok && bad.error.message).toMatch(/^broken\.xml/);
  });

  it("a host <cpu> of an architecture the driver table lacks is the one unknown-arch error, naming the file and the architecture (no internal operation name); libvirt's ppc64le is read by the ppc64 driver", () => {
    const arm = toHostDoc('<capabilities><host><cpu><arch>armv7l</arch><model>cortex-a15</model></cpu></host></capabilities>', 'caps.xml');
    expect(!arm.ok && arm.error).toMatchObject({ code: 'unknown-arch', message: "caps.xml: the host CPU's <arch> is 'armv7l', an architecture cpumodels does not know", value: 'armv7l', hint: expect.stringContaining('x86_64, s390x, ppc64, aarch64') });
    const none = toHostDoc('<capabilities><host><cpu><model>Skylake-Client</model></cpu></host></capabilities>', 'noarch.xml');
    expect(!none.ok && none.error).toMatchObject({ code: 'unknown-arch', message: 'noarch.xml: the host <cpu> names no <arch>', hint: expect.stringContaining('add the host') });
    const le = toHostDoc('<capabilities><host><cpu><arch>ppc64le</arch><model>POWER9</model><vendor>IBM</vendor></cpu></host></capabilities>', 'le.xml');
    if (!le.ok) throw new Error(le.error.message);
    expect(le.value).toMatchObject({ arch: 'ppc64', identity: { family: 'POWER9', libvirtModel: 'POWER9' }, source: { kind: 'libvirt-capabilities', origin: 'le.xml' } });
  });
});

describe('a libvirt host <cpu> on its own (capabilities host CPU, libvirt cputestdata *-host.xml)', () => {
  // trimmed from libvirt's tests/cputestdata/ppc64-host.xml and x86-cpuid-A10-5800K-host.xml
  const ppc = "<cpu>\n  <arch>ppc64</arch>\n  <model>POWER7</model>\n  <vendor>IBM</vendor>\n</cpu>\n";
  const amd = "<!-- A10 -->\n<cpu>\n  <arch>x86_64</arch>\n  <model>Opteron_G5</model>\n  <vendor>AMD</vendor>\n  <feature name='invtsc'/>\n</cpu>\n";
  it('reads as the host CPU of a capabilities document, on any architecture', () => {
    for (const [text, arch] of [[ppc, 'ppc64'], [amd, 'x86_64']] as const) {
      const bare = toHostDoc(text, 'bare.xml');
      const wrapped = toHostDoc(`<capabilities><host>${text.replace(/^<!--.*-->\n/, '')}</host></capabilities>`, 'bare.xml');
      expect(bare.ok && bare.value.arch, arch).toBe(arch);
      expect(bare.ok && bare.value.source.kind).toBe('libvirt-capabilities');
      expect(bare.ok && wrapped.ok && bare.value.signature).toBe(wrapped.ok && wrapped.value.signature);
    }
  });
  it('a guest CPU definition (match=, no <arch>) is still no host description', () => {
    const r = toHostDoc("<cpu match='exact'>\n  <model>Penryn</model>\n</cpu>\n", 'guest.xml');
    expect(!r.ok && r.error.message).toBe('guest.xml: not a host description cpumodels can read');
    const r2 = toHostDoc("<cpu match='exact'>\n  <arch>x86_64</arch>\n  <model>Penryn</model>\n</cpu>\n", 'guest2.xml');
    expect(!r2.ok && r2.error.message).toBe('guest2.xml: not a host description cpumodels can read');
  });
});

describe('libvirt capabilities whose host <cpu> names no model', () => {
  it('is refused naming the file, pointing at domcapabilities', () => {
    // shape of libvirt's tests/capabilityschemadata/caps-qemu-kvm.xml (host CPU: arch only)
    const r = toHostDoc('<capabilities>\n  <host>\n    <cpu>\n      <arch>x86_64</arch>\n    </cpu>\n  </host>\n</capabilities>\n', 'caps.xml');
    expectRefusal(r, { message: 'caps.xml: the host <cpu> names no model', value: 'caps.xml', hint: /virsh domcapabilities/ });
  });
});
