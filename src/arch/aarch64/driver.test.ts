import { describe, expect, it } from 'vitest';
import { blockers } from '../../core/ops.js';
import { toQmpJson } from '../../core/qmp-json.js';
import { Aarch64Driver, finalizeSve, firstRemainingKey } from './driver.js';
import { aarch64Catalog, joinMidr, splitMidr } from './catalog.js';
import { hostModelOf, probeCpuinfo, probeHostText } from './probe.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

const d = new Aarch64Driver({});
const names = (r: { ok: boolean; value?: { features: any } }) => (r.ok ? d.catalog.names((r as any).value.features) : null);

describe('aarch64 models', () => {
  it('has QEMU 7.2\'s 42 models with their MIDRs', () => {
    expect(d.definitions()).toHaveLength(42);
    const cat = aarch64Catalog();
    expect(cat.byName.get('neoverse-n1')!.midr).toEqual({ implementer: 0x41, variant: 4, architecture: 0xf, part: 0xd0c, revision: 1 });
    expect(joinMidr(cat.byName.get('a64fx')!.midr)).toBe(0x461f0010);
    expect(splitMidr(0x000f0510).part).toBe(0x51);
  });

  it('decodes hwcaps from the ID registers the way Linux does', () => {
    expect(names(d.resolve({ name: 'cortex-a57' }))).toEqual(['fp', 'asimd', 'aes', 'pmull', 'sha1', 'sha2', 'crc32', 'aarch64', 'pmu']);
    const n1 = names(d.resolve({ name: 'neoverse-n1' }))!;
    expect(n1).toContain('ssbs'); // SSBS2
    expect(names(d.resolve({ name: 'cortex-a76' }))).not.toContain('ssbs'); // SSBS1 only
    const max = names(d.resolve({ name: 'max' }))!;
    for (const f of ['sve2', 'paca', 'pacg', 'bti', 'sme', 'sme_fa64', 'i8mm', 'bf16', 'rng', 'flagm2', 'sve2048']) expect(max).toContain(f);
    for (const f of ['mte', 'uscat', 'evtstrm', 'cpuid']) expect(max).not.toContain(f);
    expect(names(d.resolve({ name: 'arm926' }))).toEqual([]);
  });

  it('lists definitions with only QEMU\'s fields on the wire', () => {
    const defs = d.definitions();
    expect(JSON.parse(toQmpJson(defs[0]))).toEqual({ name: 'pxa270-c0', typename: 'pxa270-c0-arm-cpu', static: false, deprecated: false });
    expect(defs[0]!['migration-safe']).toBe(false);
    expect(defs[0]!['unavailable-features']).toEqual([]);
  });
});

describe('aarch64 expansion (QEMU semantics)', () => {
  it('expands full with QEMU\'s advertised props', () => {
    expect(d.expand('full', { name: 'cortex-a57' })).toEqual({ ok: true, value: { model: { name: 'cortex-a57', props: { aarch64: true, pmu: true } } } });
    expect(d.expand('full', { name: 'arm926' })).toEqual({ ok: true, value: { model: { name: 'arm926' } } });
    const max = d.expand('full', { name: 'max', props: { pauth: false, sve512: false } });
    expect(max.ok && max.value.model.props).toMatchObject({ pauth: false, 'pauth-impdef': false, sve: true, sve128: true, sve256: true, sve384: true, sve512: false, sve640: false });
  });

  it('refuses static expansion with QEMU\'s text; the QMP form checks the type first', () => {
    const e = d.expand('static', { name: 'max' });
    expect(!e.ok && e.error.message).toBe('The requested expansion type is not supported');
    const j = d.expandJson('static', { name: 'no-such-cpu' });
    expect(!j.ok && j.error.message).toBe('The requested expansion type is not supported');
  });

  it('names an unknown model with a suggestion, and host needs KVM', () => {
    const u = d.expand('full', { name: 'neoverse-n2' });
    expect(u.ok).toBe(false);
    if (!u.ok) {
      expect(u.error.code).toBe('unknown-model');
      expect(u.error.message).toBe("The CPU type 'neoverse-n2' is not a recognized ARM CPU type");
      expect(u.error.suggestions).toEqual(['neoverse-n1']);
    }
    const h = d.expand('full', { name: 'host' });
    expect(!h.ok && h.error.message).toBe("The CPU type 'host' requires KVM");
  });

  it('gives QEMU\'s texts for wrong types, missing properties and bad values', () => {
    const msg = (props: unknown, name = 'max') => {
      const r = d.expand('full', { name, props: props as Record<string, unknown> });
      return r.ok ? 'ok' : r.error.message;
    };
    expect(msg(['pmu'])).toBe("Invalid parameter type for 'props', expected: dict");
    expect(msg({ pmu: 1 })).toBe("Invalid parameter type for 'pmu', expected: boolean");
    expect(msg({ pmu: 'x', sve: 'y' })).toBe("Invalid parameter type for 'pmu', expected: boolean");
    expect(msg({ sve: true }, 'cortex-a57')).toBe("Property 'cortex-a57-arm-cpu.sve' not found");
    expect(msg({ 'kvm-steal-time': true })).toBe("Property 'max-arm-cpu.kvm-steal-time' not found");
    expect(msg({ aarch64: false })).toBe("'aarch64' feature cannot be disabled unless KVM is enabled and 32-bit EL1 is supported");
    expect(msg({ pauth: false, 'pauth-impdef': true })).toBe('cannot enable pauth-impdef without pauth');
    expect(msg({ realized: true })).toBe("Parameter 'realized' is unexpected");
    expect(msg({ sve128: false })).toBe('cannot disable sve128');
    expect(msg({ sve: false, sve256: true })).toBe('cannot enable sve256');
    expect(msg({ sve2048: true, sve384: true }, 'a64fx')).toBe('cannot enable sve2048');
  });

  it('applies props in QEMU\'s fixed order, not the request\'s', () => {
    const r = d.expand('full', { name: 'max', props: { sve2048: 'x', aarch64: false } });
    expect(!r.ok && r.error.message).toContain("'aarch64' feature cannot be disabled");
  });

  it('names the unexpected key QEMU\'s hash table yields first', () => {
    // observed on QEMU 7.2
    expect(firstRemainingKey(['aaa', 'zzz'], new Set())).toBe('zzz');
    expect(firstRemainingKey(['d', 'a', 'b', 'pmux', 'c', 'foo'], new Set())).toBe('b');
    expect(firstRemainingKey(['cc', 'bb', 'aa'], new Set())).toBe('aa');
  });

  it('follows QEMU\'s SVE vector-length rules', () => {
    const all = 0xffff;
    expect(finalizeSve(0, 0, all, true)).toBe(all);
    expect(finalizeSve(0, 0, all, false)).toBe(0);
    expect(finalizeSve(0, 1 << 1, all, true)).toBe(0b1); // sve256=off: only 128 left
    expect(finalizeSve(1 << 2, 1 << 2, all, true)).toBe(0b111); // sve384=on: 128, 256 implied
    expect(finalizeSve(0, 1 << 0, all, true)).toBe('cannot disable sve128');
    expect(finalizeSve(1 << 2, (1 << 2) | (1 << 1), all, true)).toBe('cannot disable sve256');
  });
});

describe('aarch64 comparison and baseline (beyond QEMU)', () => {
  it('compares by implementer, then features', () => {
    expect(d.compare({ name: 'cortex-a76' }, { name: 'neoverse-n1' })).toEqual({ ok: true, value: { result: 'subset', 'responsible-properties': ['ssbs'] } });
    const x = d.compare({ name: 'a64fx' }, { name: 'cortex-a57' });
    expect(x.ok && x.value.result).toBe('incompatible');
    expect(x.ok && x.value['responsible-properties']).toContain('implementer');
    // max (implementer 0) fits any implementer
    const m = d.compare({ name: 'max' }, { name: 'a64fx' });
    expect(m.ok && m.value.result).toBe('superset');
  });

  it('takes hwcap names as props in the extended vocabulary only', () => {
    const r = d.resolve({ name: 'max', props: { sve2: false } });
    expect(r.ok && d.catalog.names(r.value.features)).not.toContain('sve2');
    const e = d.expand('full', { name: 'max', props: { sve2: false } });
    expect(!e.ok && e.error.message).toBe("Parameter 'sve2' is unexpected");
  });

  it('baselines into a model of the common implementer, or max plus a delta', () => {
    expect(d.baseline({ name: 'cortex-a76' }, { name: 'neoverse-n1' })).toEqual({ ok: true, value: { model: { name: 'cortex-a76' } } });
    expect(d.baseline({ name: 'cortex-a53' }, { name: 'cortex-a53' })).toEqual({ ok: true, value: { model: { name: 'cortex-a53' } } });
    expect(d.baseline({ name: 'max' }, { name: 'a64fx' })).toEqual({ ok: true, value: { model: { name: 'a64fx' } } });
    const mixed = d.baseline({ name: 'a64fx' }, { name: 'cortex-a72' });
    expect(mixed.ok && mixed.value.model.name).toBe('max');
    if (mixed.ok) {
      const back = d.resolve(mixed.value.model);
      const a72 = d.resolve({ name: 'cortex-a72' });
      expect(back.ok && a72.ok && back.value.features.equals(a72.value.features)).toBe(true);
    }
    const none = d.baseline({ name: 'cortex-a15' }, { name: 'pxa250' });
    expect(!none.ok && none.error.code).toBe('no-baseline');
  });

  it('masks to what TCG emulates', () => {
    expect(d.maskToHost({ name: 'max' }).ok).toBe(true);
    const m = d.maskToHost({ name: 'max', props: { mte: true } });
    expect(!m.ok && m.error.features).toEqual(['mte']);
  });
});

const N1 = `processor\t: 0
BogoMIPS\t: 50.00
Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs
CPU implementer\t: 0x41
CPU architecture: 8
CPU variant\t: 0x3
CPU part\t: 0xd0c
CPU revision\t: 1

processor\t: 1
BogoMIPS\t: 50.00
Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs
CPU implementer\t: 0x41
CPU architecture: 8
CPU variant\t: 0x3
CPU part\t: 0xd0c
CPU revision\t: 1
`;

describe('aarch64 /proc/cpuinfo probe', () => {
  const cat = aarch64Catalog();
  it('reads identity and features; kernel flags are kept apart', () => {
    const p = probeCpuinfo(cat, N1);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.value.midr).toEqual({ implementer: 0x41, variant: 3, architecture: 0xf, part: 0xd0c, revision: 1 });
    expect(p.value.vendor).toBe('Arm');
    expect(p.value.processors).toBe(2);
    expect(p.value.kernel).toEqual(['evtstrm', 'cpuid']);
    expect(p.value.featureNames).toContain('ssbs');
    expect(p.value.featureNames).toContain('aarch64');
    expect(p.value.featureNames).not.toContain('evtstrm');
  });

  it('keeps every distinct MIDR of a big.LITTLE system and reports unknown names', () => {
    const text = N1.replace(/CPU part\t: 0xd0c\nCPU revision\t: 1\n$/, 'CPU part\t: 0xd05\nCPU revision\t: 0\n').replace('ssbs\nCPU implementer', 'ssbs hypothetical9\nCPU implementer');
    const p = probeCpuinfo(cat, text);
    expect(p.ok && p.value.cpus.map((m) => m.part)).toEqual([0xd0c, 0xd05]);
    expect(p.ok && p.value.unknown).toEqual([]); // only on one CPU: not in the common set
    const both = probeCpuinfo(cat, N1.replaceAll('ssbs\nCPU implementer', 'ssbs hypothetical9\nCPU implementer'));
    expect(both.ok && both.value.unknown).toEqual(['hypothetical9']);
  });

  it('refuses text without a Features line, without identity, or with bad numbers', () => {
    const a = probeCpuinfo(cat, 'processor : 0\nmodel name : Intel(R) Xeon\nflags : fpu sse\n');
    expect(!a.ok && a.error.code).toBe('bad-host-data');
    expect(!a.ok && a.error.message).toContain("no 'Features' line");
    const b = probeCpuinfo(cat, 'processor : 0\nFeatures : fp asimd\n');
    expect(!b.ok && b.error.message).toContain("no 'CPU implementer' line");
    const c = probeCpuinfo(cat, N1.replace('0xd0c', 'zzz'));
    expect(!c.ok && c.error.value).toBe('zzz');
  });

  it('drives a KVM configuration from a probed host', () => {
    const p = probeCpuinfo(cat, N1);
    if (!p.ok) throw new Error('probe');
    const k = new Aarch64Driver({ accel: 'kvm', host: hostModelOf(p.value) });
    expect(k.modelNames()).toContain('host');
    const e = k.expand('full', { name: 'host' });
    expect(e.ok && e.value.model.props).toMatchObject({ aarch64: true, pmu: true });
    const a57 = k.expand('full', { name: 'cortex-a57' });
    expect(!a57.ok && a57.error.message).toBe("We cannot guarantee the CPU type 'cortex-a57' works with KVM on this host");
    expect(k.hostCapability().identity).toMatchObject({ part: 0xd0c, vendor: 'Arm' });
  });
});

describe('aarch64 cross-host verdict (what is safe)', () => {
  const cat = aarch64Catalog();
  const hostA = probeCpuinfo(cat, N1);
  const hostB = probeCpuinfo(cat, N1.replace(/ atomics/, ''));
  it('two hosts that differ only in features a guest does not use both run it', () => {
    if (!hostA.ok || !hostB.ok) throw new Error('probe');
    const a = hostModelOf(hostA.value).features;
    const b = hostModelOf(hostB.value).features;
    expect(a.equals(b)).toBe(false);
    const guest = d.resolve({ name: 'cortex-a57' });
    if (!guest.ok) throw new Error('resolve');
    // the guest's features fit both hosts: safe to move between them
    // (cpuinfo shows hwcaps, not QEMU's aarch64/pmu knobs: those are the only names left over)
    expect(d.catalog.names(blockers(guest.value.features, a)).every((n) => n === 'aarch64' || n === 'pmu')).toBe(true);
    expect(blockers(guest.value.features, a).equals(blockers(guest.value.features, b))).toBe(true);
    // a guest that uses the feature only host A has is refused on B, naming it
    const withAtomics = guest.value.features.clone().add(d.catalog.feature('atomics')!.index);
    expect(d.catalog.names(blockers(withAtomics, b))).toContain('atomics');
    expect(d.catalog.names(blockers(withAtomics, a))).not.toContain('atomics');
  });
});


describe('aarch64 host from a QMP expansion reply', () => {
  const cat = aarch64Catalog();
  // QEMU 7.2's own full expansion of max (TCG), as a stand-in for the
  // expansion of host that libvirt caches from a KVM host
  const rec = JSON.parse(readFileSync(path.join(here, '../../../test/fixtures/qemu-7.2/aarch64/expansions.json'), 'utf8')).records.find((r: any) => r.model === 'max' && r.type === 'full');

  it("takes the reply as the host: host and max expand to the reply's values", () => {
    const h = probeHostText(cat, JSON.stringify(rec.reply), 'max-full.json');
    if (!h.ok) throw new Error(h.error.message);
    const k = new Aarch64Driver({ accel: 'kvm', host: h.value });
    const want = rec.reply.return.model.props as Record<string, unknown>;
    for (const name of ['host', 'max']) {
      const e = k.expand('full', { name });
      if (!e.ok) throw new Error(e.error.message);
      const got = e.value.model.props as Record<string, unknown>;
      // under KVM QEMU 7.2 offers no pauth props (the stand-in is TCG's max): every other prop carries over
      expect(Object.keys(want).filter((p) => !(p in got)).sort()).toEqual(['pauth', 'pauth-impdef']);
      // and KVM adds its own (kvm-no-adjvtime, kvm-steal-time)
      expect(Object.keys(got).filter((p) => !(p in want)).every((p) => p.startsWith('kvm-'))).toBe(true);
      for (const [p, v] of Object.entries(got)) if (p in want) expect([p, v]).toEqual([p, want[p]]);
    }
    expect(k.hostCapability().source).toBe('qmp-expansion:max-full.json');
  });

  it('still reads /proc/cpuinfo, and names a reply of another architecture', () => {
    expect(probeHostText(cat, N1, 'cpuinfo').ok).toBe(true);
    const x = probeHostText(cat, JSON.stringify({ return: { model: { name: 'base', props: { vendor: 'GenuineIntel', avx: true } } } }), 'x86.json');
    expect(!x.ok && x.error.message).toBe("x86.json: the expansion of 'base' has none of QEMU's arm props (aarch64, pmu, sve…): is it an aarch64 CPU?");
  });
});
