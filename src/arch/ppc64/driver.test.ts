import { atLeast } from '../../core/profile.js';
import { describe, expect, it } from 'vitest';
import { Ppc64Driver } from './driver.js';
import { ppc64Catalog } from './catalog.js';
import { parseCpuInfo, probeCpuInfo, probeHostText } from './probe.js';
import { PPC64_ALIASES, PPC64_MODELS, PPC64_QEMU72_CLASS_ORDER } from '../../data/ppc64/models.js';

const d = new Ppc64Driver({});

const POWER9_GUEST = `processor	: 0
cpu		: POWER9 (architected), altivec supported
clock		: 2200.000000MHz
revision	: 2.2 (pvr 004e 1202)

processor	: 1
cpu		: POWER9 (architected), altivec supported
clock		: 2200.000000MHz
revision	: 2.2 (pvr 004e 1202)

timebase	: 512000000
platform	: pSeries
model		: IBM pSeries (emulated by qemu)
machine		: CHRP IBM pSeries (emulated by qemu)
MMU		: Radix
`;

const POWER8_BARE = `processor	: 0
cpu		: POWER8 (raw), altivec supported
clock		: 3491.000000MHz
revision	: 2.0 (pvr 004d 0200)

timebase	: 512000000
platform	: PowerNV
model		: 8247-22L
machine		: PowerNV 8247-22L
firmware	: OPAL
MMU		: Hash
`;

describe('ppc64 data', () => {
  it('QEMU 7.2: 292 classes, 125 aliases; every alias names a class; the recorded order is a permutation', () => {
    const cat = ppc64Catalog('7.2');
    expect(cat.classes).toHaveLength(292);
    expect(cat.aliases.size).toBe(125);
    expect(new Set(PPC64_QEMU72_CLASS_ORDER)).toEqual(new Set(cat.classes.map((c) => c.name)));
    expect(PPC64_MODELS.filter((m) => m.since && !atLeast('7.2', m.since)).map((m) => m.name)).toEqual(['power5p_v2.1', 'power7p_v2.1', 'power9_v2.2', 'power11_v2.0']);
    // the 401/403 classes QEMU removed in 7.0 are not in the 7.2 view
    expect(cat.lookup('401a1')).toBeUndefined();
    expect(ppc64Catalog('6.2').lookup('401a1')?.pvr).toBe(0x00210000);
    expect(PPC64_ALIASES.find((a) => a.alias === 'power9')).toMatchObject({ model: 'power9_v2.0', retarget: { model: 'power9_v2.2' } });
  });

  it('releases: power10 names power10_v1.0 in 5.2; max and default until 7.1; 9.0 renames power5+_v2.1 and power7+_v2.1', () => {
    const c52 = ppc64Catalog('5.2');
    expect(c52.aliases.get('power10')).toBe('power10_v1.0');
    expect(c52.newest.name).toBe('power10_v1.0');
    expect(ppc64Catalog('4.2').newest.name).toBe('power9_v2.0');
    expect(ppc64Catalog('4.2').lookup('power10_v1.0')).toBeUndefined();
    expect(ppc64Catalog('7.0').aliases.get('power10')).toBe('power10_v2.0');
    expect(ppc64Catalog('7.0').aliases.get('max')).toBe('7400_v2.9');
    expect(ppc64Catalog('7.1').aliases.has('max')).toBe(false);
    const c90 = ppc64Catalog('9.0');
    expect(c90.aliases.get('power5+_v2.1')).toBe('power5p_v2.1');
    expect(c90.aliases.get('power7+')).toBe('power7p_v2.1');
    expect(c90.lookup('power5p_v2.1')?.pvr).toBe(0x003b0201);
    expect(ppc64Catalog('8.2').lookup('power7p_v2.1')).toBeUndefined();
    expect(c90.lookup('power9_v1.0')).toBeUndefined();
    expect(ppc64Catalog('8.2').lookup('power9_v1.0')?.pvr).toBe(0x004e0100);
  });

  it('latest: power9 names power9_v2.2, power11 exists with its compat mode', () => {
    const cat = ppc64Catalog('latest');
    expect(cat.aliases.get('power9')).toBe('power9_v2.2');
    expect(cat.lookup('power11')?.name).toBe('power11_v2.0');
    expect(cat.features.names(cat.lookup('power11')!.features)).toContain('compat-power11');
    expect(cat.newest.name).toBe('power11_v2.0');
  });

  it('families, PVRs and compat levels', () => {
    const cat = ppc64Catalog('7.2');
    expect(cat.lookup('power8e')!.family.name).toBe('POWER8');
    expect(cat.lookup('power7+')!.family.name).toBe('POWER7');
    expect(cat.features.names(cat.lookup('power9')!.features)).toEqual(['compat-power6', 'compat-power7', 'compat-power8', 'compat-power9']);
    expect(cat.lookup('970')!.features.isEmpty()).toBe(true);
    expect(cat.classByPvr(0x004e1202)!.name).toBe('power9_v2.0'); // no exact class in 7.2: the family's default
    expect(ppc64Catalog('latest').classByPvr(0x004e1202)!.name).toBe('power9_v2.2');
    expect(cat.libvirtModelByPvr(0x004b0201)!.name).toBe('POWER8');
  });

  it('names as QEMU takes them: any case, aliases, exact PVRs (8 hex digits, optionally 0x)', () => {
    const cat = ppc64Catalog('7.2');
    expect(cat.lookup('POWER8')!.name).toBe('power8_v2.0');
    expect(cat.lookup('Power9_V2.0')!.name).toBe('power9_v2.0');
    expect(cat.lookup('004e1200')!.name).toBe('power9_v2.0');
    expect(cat.lookup('0x004e1200')!.name).toBe('power9_v2.0');
    expect(cat.lookup('004e1202')).toBeUndefined(); // QEMU 7.2: "unable to find CPU model '004e1202'"
    expect(cat.lookup('0X004e1200')).toBeUndefined();
  });
});

describe('ppc64 driver: the compat-mode view', () => {
  it('every model expands (static and full) and resolves back to the same CPU', () => {
    for (const name of d.modelNames()) {
      const cpu = d.resolve({ name });
      expect(cpu.ok, name).toBe(true);
      for (const type of ['static', 'full'] as const) {
        const e = d.expand(type, { name });
        expect(e.ok, `${type} ${name}`).toBe(true);
        if (!e.ok || !cpu.ok) continue;
        const again = d.resolve(e.value.model);
        expect(again.ok && again.value.features.equals(cpu.value.features) && again.value.model === cpu.value.model, `${type} ${name}`).toBe(true);
      }
    }
  });

  it('static names the class and its level; full adds every compat mode', () => {
    expect(d.expand('static', { name: 'power9' })).toEqual({ ok: true, value: { model: { name: 'power9_v2.0', props: { 'max-cpu-compat': 'power9' } } } });
    expect(d.expand('static', { name: 'e500' })).toEqual({ ok: true, value: { model: { name: 'e500v2_v22' } } });
    const full = d.expand('full', { name: 'power8', props: { 'max-cpu-compat': 'power7' } });
    expect(full.ok && full.value.model.props).toEqual({
      'max-cpu-compat': 'power7',
      'compat-power6': true,
      'compat-power7': true,
      'compat-power8': false,
      'compat-power9': false,
      'compat-power10': false,
    });
  });

  it('compat levels stay downward closed', () => {
    const names = (props: Record<string, unknown>) => {
      const r = d.resolve({ name: 'power10', props });
      return r.ok ? d.catalog.names(r.value.features) : r.error.message;
    };
    expect(names({ 'compat-power8': false })).toEqual(['compat-power6', 'compat-power7']);
    expect(names({ 'max-cpu-compat': 'power6', 'compat-power8': true })).toEqual(['compat-power6', 'compat-power7', 'compat-power8']);
    expect(names({ 'compat-power6': false })).toEqual([]);
    expect(d.expand('static', { name: 'power10', props: { 'compat-power6': false } })).toEqual({ ok: true, value: { model: { name: 'power10_v2.0', props: { 'compat-power6': false } } } });
  });

  it('compares: other family incompatible (type responsible), same family by level', () => {
    expect(d.compare({ name: 'power8e' }, { name: 'power8nvl' })).toEqual({ ok: true, value: { result: 'identical', 'responsible-properties': [] } });
    expect(d.compare({ name: 'power9' }, { name: 'power9', props: { 'max-cpu-compat': 'power8' } })).toEqual({
      ok: true,
      value: { result: 'superset', 'responsible-properties': ['compat-power9'] },
    });
    const r = d.compare({ name: 'power10' }, { name: 'power9' });
    expect(r.ok && r.value).toEqual({ result: 'incompatible', 'responsible-properties': ['compat-power10', 'type'] });
    expect(d.compare({ name: '603' }, { name: '604' })).toEqual({ ok: true, value: { result: 'incompatible', 'responsible-properties': ['type'] } });
  });

  it('baselines within a family only', () => {
    expect(d.baseline({ name: 'power9_v1.0' }, { name: 'power9', props: { 'max-cpu-compat': 'power8' } })).toEqual({
      ok: true,
      value: { model: { name: 'power9_v2.0', props: { 'max-cpu-compat': 'power8' } } },
    });
    const r = d.baselineMany([{ name: 'power8' }, { name: 'power8e' }, { name: 'power9' }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'no-baseline', message: 'CPUs are incompatible' });
  });

  it('TCG runs every model; normalize names the family default with the compat delta', () => {
    expect(d.runnability().every((r) => r.runnable)).toBe(true);
    expect(d.hostCapability()).toMatchObject({ arch: 'ppc64', source: 'tcg', identity: { model: 'power10_v2.0', family: 'POWER10', compat: 'power10', libvirtModel: 'POWER10' } });
    const cpu = d.resolve({ name: 'power8e', props: { 'max-cpu-compat': 'power7' } });
    expect(cpu.ok).toBe(true);
    if (cpu.ok) expect(d.normalize(cpu.value)).toMatchObject({ base: 'power8_v2.0', removed: ['compat-power8'], added: [] });
  });
});

describe('ppc64 driver: bad input', () => {
  it('unknown model: QEMU’s text, with a suggestion', () => {
    const r = d.expand('static', { name: 'power99' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ code: 'unknown-model', message: "unable to find CPU model 'power99'", value: 'power99' });
      expect(r.error.hint).toContain("'power9'");
    }
  });

  it('wrong types, with QEMU’s texts', () => {
    const msg = (props: unknown) => {
      const r = d.expand('static', { name: 'power9', props: props as Record<string, unknown> });
      return r.ok ? 'ok' : r.error.message;
    };
    expect(msg(['x'])).toBe("Invalid parameter type for 'props', expected: dict");
    expect(msg({ 'compat-power8': 'yes' })).toBe("Invalid parameter type for 'compat-power8', expected: boolean");
    expect(msg({ 'compat-power8': 1 })).toBe("Invalid parameter type for 'compat-power8', expected: boolean");
    expect(msg({ 'max-cpu-compat': 9 })).toBe("Invalid parameter type for 'max-cpu-compat', expected: string");
    expect(msg({ 'max-cpu-compat': 'power5' })).toBe('Invalid compatibility mode "power5"');
    expect(msg({ 'max-cpu-compat': 'power10' })).toBe('Compatibility PVR 0x0f000006 not valid for CPU');
    expect(msg({ 'compat-power10': true })).toBe('Compatibility PVR 0x0f000006 not valid for CPU');
    expect(msg({ vsx: true })).toBe("Property 'power9_v2.0-powerpc64-cpu.vsx' not found");
    expect(msg({ type: 'x' })).toBe("Property 'power9_v2.0-powerpc64-cpu.type' is not writable");
    const e603 = d.expand('static', { name: '603', props: { 'max-cpu-compat': 'power6' } });
    expect(e603.ok || e603.error.message).toBe('Compatibility PVR 0x0f000002 not valid for CPU');
  });
});

describe('ppc64 /proc/cpuinfo', () => {
  it('parses a POWER9 guest in architected mode', () => {
    const p = parseCpuInfo(POWER9_GUEST);
    expect(p.ok && p.value).toMatchObject({ pvr: 0x004e1202, cpuName: 'POWER9', mode: 'architected', altivec: true, revision: '2.2', processors: 2, platform: 'pSeries', mmu: 'Radix' });
    const h = probeCpuInfo(ppc64Catalog('7.2'), POWER9_GUEST);
    expect(h.ok && { cls: h.value.cls.name, lv: h.value.libvirtModel, vendor: h.value.vendor, compat: h.value.compat }).toEqual({ cls: 'power9_v2.0', lv: 'POWER9', vendor: 'IBM', compat: undefined });
    const latest = probeCpuInfo(ppc64Catalog('latest'), POWER9_GUEST);
    expect(latest.ok && latest.value.cls.name).toBe('power9_v2.2');
  });

  it('a POWER9 running in power8 mode offers power8 and older', () => {
    const h = probeCpuInfo(ppc64Catalog('7.2'), POWER9_GUEST.replaceAll('POWER9 (architected)', 'POWER8 (architected)'));
    expect(h.ok).toBe(true);
    if (!h.ok) return;
    expect(h.value.cls.name).toBe('power9_v2.0');
    expect(h.value.compat?.name).toBe('power8');
    const kvm = new Ppc64Driver({ accel: 'kvm', host: h.value });
    expect(kvm.expand('static', { name: 'host' })).toEqual({ ok: true, value: { model: { name: 'host', props: { 'max-cpu-compat': 'power8' } } } });
    const masked = kvm.maskToHost({ name: 'power9' });
    expect(masked.ok || masked.error.message).toBe("The host cannot provide compat mode 'compat-power9'");
    expect(kvm.maskToHost({ name: 'power9', props: { 'max-cpu-compat': 'power8' } }).ok).toBe(true);
  });

  it('bare metal POWER8 under KVM: only POWER8 models run', () => {
    const h = probeCpuInfo(ppc64Catalog('7.2'), POWER8_BARE);
    expect(h.ok && [h.value.info.mode, h.value.info.platform, h.value.cls.name]).toEqual(['raw', 'PowerNV', 'power8_v2.0']);
    if (!h.ok) return;
    const kvm = new Ppc64Driver({ accel: 'kvm', host: h.value });
    const run = new Map(kvm.runnability().map((r) => [r.name, r]));
    expect(run.get('host')!.runnable).toBe(true);
    expect(run.get('power8nvl')!.runnable).toBe(true);
    expect(run.get('power9')!.blockers).toEqual(['type', 'compat-power9']);
    const m = kvm.maskToHost({ name: 'power9' });
    expect(m.ok || m.error.message).toBe("CPU model 'power9_v2.0' (POWER9) cannot run on this POWER8 host under KVM");
    expect(kvm.definitions()[0]).toEqual({ name: 'host', typename: 'host-powerpc64-cpu', static: false, deprecated: false });
  });

  it('cpuinfo without a PVR, or with an unknown PVR, is refused with the reason', () => {
    const none = parseCpuInfo('processor : 0\ncpu : POWER9, altivec supported\n', 'guest.txt');
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error).toMatchObject({ code: 'bad-host-data', value: 'guest.txt' });
    if (!none.ok) expect(none.error.message).toContain('no PVR found');
    const x86 = parseCpuInfo('processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R)\n');
    expect(x86.ok).toBe(false);
    const unknown = probeCpuInfo(ppc64Catalog('7.2'), POWER9_GUEST.replaceAll('004e 1202', '1234 5678'));
    expect(unknown.ok || unknown.error.message).toBe('Cannot find CPU model with PVR 0x12345678');
  });
});

describe('ppc64 host from a QMP expansion reply', () => {
  const cat = ppc64Catalog('latest');
  const viaCpuinfo = new Ppc64Driver({ accel: 'kvm', profile: 'latest', host: (probeCpuInfo(cat, POWER9_GUEST, 'p9') as { ok: true; value: any }).value });
  const reply = (type: 'static' | 'full') => JSON.stringify({ return: viaCpuinfo.expand(type, { name: 'host' }).ok ? (viaCpuinfo.expand(type, { name: 'host' }) as any).value : null });

  it('takes the reply of host (static or full) as the same host as its /proc/cpuinfo', () => {
    for (const type of ['static', 'full'] as const) {
      const r = probeHostText(cat, reply(type), `host-${type}.json`);
      expect(r.ok).toBe(true);
      const d = new Ppc64Driver({ accel: 'kvm', profile: 'latest', host: (r as { ok: true; value: any }).value });
      const { source: _a, ...mine } = d.hostCapability();
      const { source: _b, ...theirs } = viaCpuinfo.hostCapability();
      expect(mine).toEqual(theirs);
      expect(d.definitions()).toEqual(viaCpuinfo.definitions());
    }
  });

  it('reads max-cpu-compat as the architected mode (a POWER10 in power9 mode)', () => {
    const r = probeHostText(cat, JSON.stringify({ model: { name: 'power10_v2.0', props: { 'max-cpu-compat': 'power9' } } }), 'p10.json');
    expect(r.ok && r.value.cls.name).toBe('power10_v2.0');
    expect(r.ok && cat.features.names(r.value.features)).toContain('compat-power9');
    expect(r.ok && cat.features.names(r.value.features)).not.toContain('compat-power10');
  });

  it('names a reply that describes no ppc64 CPU', () => {
    const r = probeHostText(cat, JSON.stringify({ return: { model: { name: 'host', props: {} } } }), 'empty.json');
    expect(!r.ok && r.error.message).toBe("empty.json: the expansion of 'host' names no ppc64 class nor compat mode");
    const e = probeHostText(cat, '{"error": {"class": "GenericError", "desc": "nope"}}', 'err.json');
    expect(!e.ok && e.error.message).toBe('err.json: the QMP reply is an error: nope');
  });
});
