import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIBVIRT } from '../../../test/helpers/reference.js';
import { createDriver } from '../index.js';
import { unwrap } from '../../core/errors.js';
import { X86Driver } from './driver.js';
import { kvmGuestFeatures } from './kvm.js';
import { readKvmCaps } from '../../../test/helpers/qemucaps.js';

const dump = (cpu: string) => ({ text: readFileSync(path.join(LIBVIRT, `cputestdata/x86_64-cpuid-${cpu}.xml`), 'utf8'), origin: `${cpu}.xml` });

describe('x86_64 under kvm with a probed host', () => {
  const d = unwrap(createDriver({ arch: 'x86_64', accel: 'kvm', profile: 'latest', host: dump('Xeon-Gold-6148') })) as X86Driver;

  it('judges every model against the host, naming the blockers', () => {
    const run = new Map(d.runnability().map((r) => [r.name, r]));
    expect(run.get('Skylake-Server-v1')?.runnable).toBe(true);
    expect(run.get('host')?.runnable).toBe(true);
    expect(run.get('Icelake-Server-v1')?.blockers).toEqual(expect.arrayContaining(['avx512vbmi', 'gfni', 'vaes']));
    expect(run.get('EPYC-v1')?.blockers).toEqual(expect.arrayContaining(['mmxext', 'sse4a']));
  });

  it('expands host to the host CPU (vendor, family, model, its features)', () => {
    const e = d.expand('full', { name: 'host' });
    expect(e.ok && e.value.model.props).toMatchObject({ vendor: 'GenuineIntel', family: 6, model: 85, avx512f: true, hypervisor: true });
    expect(d.hostCapability().identity).toMatchObject({ vendor: 'GenuineIntel', family: 6 });
  });

  it('masks strictly: guest = requested ∩ host, and a missing feature is named', () => {
    expect(d.maskToHost({ name: 'Skylake-Server-v1' }).ok).toBe(true);
    const m = d.maskToHost({ name: 'Skylake-Server-v1', props: { avx512vbmi: true } });
    expect(!m.ok && m.error.message).toContain('avx512vbmi');
    expect(!m.ok && m.error.features).toEqual(['avx512vbmi']);
  });

  it('refuses kvm without a host, and names a bad host file', () => {
    const r = createDriver({ arch: 'x86_64', accel: 'kvm' });
    expect(!r.ok && r.error.message).toContain('kvm needs a host capability');
    const b = createDriver({ arch: 'x86_64', accel: 'kvm', host: { text: '<cpudata arch="x86"></cpudata>', origin: 'empty.xml' } });
    expect(!b.ok && b.error.message).toMatch(/empty\.xml: CPUID leaf 0x0 is missing/);
  });
});

describe("KVM's rules for a bare CPU (src/data/x86_64/kvm.ts)", () => {
  // the same CPU twice: libvirt's CPUID dump of a Ryzen 9 3900X, and what QEMU 9.2
  // under KVM answered on a Ryzen 9 3900X (test/fixtures/qemucaps/x86_64-9.2.txt)
  const fx = readKvmCaps('x86_64-9.2.txt');
  const fromDump = unwrap(createDriver({ arch: 'x86_64', accel: 'kvm', profile: 'latest', host: dump('Ryzen-9-3900X-12-Core') })) as X86Driver;
  const fromQemu = unwrap(createDriver({ arch: 'x86_64', accel: 'kvm', profile: 'latest', host: { text: JSON.stringify(fx.hostReply), origin: fx.file } })) as X86Driver;

  it('gives a guest what QEMU 9.2 under KVM reported on the same CPU', () => {
    const a = fromDump.supported();
    const b = fromQemu.supported();
    expect(fromDump.catalog.names(a.andNot(b))).toEqual([]);
    // the branch-type IBPB flag depends on the host's microcode, not on KVM
    expect(fromDump.catalog.names(b.andNot(a))).toEqual(['ibpb-brtype']);
  });

  it('judges every definition as QEMU 9.2 did', () => {
    const ours = new Map(new X86Driver({ accel: 'kvm', profile: 'latest', host: fromDump.host!, release: '9.2' }).definitions().map((d) => [d.name, d['unavailable-features']]));
    for (const d of fx.definitions) expect([d.name, ours.get(d.name)]).toEqual([d.name, d.unavailable]);
  });

  it('on an AMD host, gives Intel models the "not affected" bits KVM sets (no vendor refusal)', () => {
    const run = new Map(fromDump.runnability().map((r) => [r.name, r]));
    const ice = run.get('Icelake-Server-v3')!.blockers;
    for (const f of ['mds-no', 'rdctl-no', 'skip-l1dfl-vmentry', 'pschange-mc-no', 'arch-capabilities']) expect(ice).not.toContain(f);
    // no TSX on AMD: KVM clears TAA_NO; IBRS_ALL is Intel's own
    expect(ice).toEqual(expect.arrayContaining(['taa-no', 'ibrs-all']));
    expect(run.get('Skylake-Client-v1')!.blockers).not.toContain('vendor');
    expect(run.get('Westmere-v1')!.runnable).toBe(true);
  });

  it('on an Intel host without TSX, withholds taa-no; with TSX and TAA_NO, passes it', () => {
    const cat = fromDump.cat;
    const intel = (names: string[]) => cat.features.names(kvmGuestFeatures(cat, { features: cat.features.setOf(names), vendor: 'GenuineIntel', family: 6, view: 'cpu' }));
    expect(intel(['arch-capabilities', 'taa-no', 'mds-no'])).not.toContain('taa-no');
    expect(intel(['arch-capabilities', 'taa-no', 'mds-no', 'rtm', 'hle'])).toContain('taa-no');
    // an Intel CPU is judged by its own bits: no mds-no from KVM, but pschange-mc-no always
    expect(intel(['arch-capabilities'])).not.toContain('mds-no');
    expect(intel(['arch-capabilities'])).toEqual(expect.arrayContaining(['pschange-mc-no', 'skip-l1dfl-vmentry', 'x2apic', 'hypervisor', 'tsc-deadline']));
  });
});

describe("KVM's rules for libvirt's host-model (view 'libvirt')", () => {
  // QEMU 10.0's expansion on an EPYC 9654, less what a libvirt host-model may leave out
  const fx = readKvmCaps('x86_64-10.0.txt');
  const qemu = unwrap(createDriver({ arch: 'x86_64', accel: 'kvm', profile: '10.0', host: { text: JSON.stringify(fx.hostReply), origin: fx.file } })) as X86Driver;
  const cat = qemu.cat;
  const left = ['mds-no', 'rdctl-no', 'skip-l1dfl-vmentry', 'pschange-mc-no', 'gds-no', 'rfds-no', 'null-sel-clr-base', 'svme-addr-chk', 'lfence-always-serializing', 'tsc-deadline', 'x2apic', 'hypervisor'];
  const hostModel = qemu.host!.features.andNot(cat.features.setOf(left));

  it('gives back what KVM synthesizes on an AMD host, and takes nothing away', () => {
    const got = kvmGuestFeatures(cat, { features: hostModel, vendor: 'AuthenticAMD', family: 25, view: 'libvirt' });
    expect(cat.features.names(qemu.supported().andNot(got))).toEqual([]);
    expect(cat.features.names(hostModel.andNot(got))).toEqual([]);
  });

  it('judges every definition as QEMU 10.0 did on that host', () => {
    const d = new X86Driver({ accel: 'kvm', profile: '10.0', host: { ...qemu.host!, features: hostModel, view: 'libvirt' } });
    const ours = new Map(d.definitions().map((x) => [x.name, x['unavailable-features']]));
    for (const def of fx.definitions) expect([def.name, ours.get(def.name)]).toEqual([def.name, def.unavailable]);
  });
});

describe('verdicts name each blocker once', () => {
  it("keeps QEMU's repeats in query-cpu-definitions only", () => {
    const fx = readKvmCaps('x86_64-9.1.txt');
    const d = unwrap(createDriver({ arch: 'x86_64', accel: 'kvm', profile: '9.1', host: { text: JSON.stringify(fx.hostReply), origin: fx.file } }));
    const def = d.definitions().find((x) => x.name === 'Skylake-Server-v1')!;
    expect(def['unavailable-features']!.filter((n) => n === 'avx512f')).toHaveLength(4);
    const run = d.runnability().find((x) => x.name === 'Skylake-Server-v1')!;
    expect(run.blockers).toEqual([...new Set(def['unavailable-features'])]);
    expect(run.blockers.filter((n) => n === 'avx512f')).toHaveLength(1);
  });
});
