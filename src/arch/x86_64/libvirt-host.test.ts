import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useLibvirtAdapter } from '../../adapters/libvirt/formats.js';
import { toHostDoc } from '../../host/convert.js';
import { latestX86Driver, x86HostFromLibvirt } from './libvirt-host.js';
import { x86NameMap } from './names.js';

useLibvirtAdapter();
const dir = new URL('../../../test/fixtures/x86_64/libvirt-naming/', import.meta.url);
const read = (f: string) => {
  const r = toHostDoc(readFileSync(new URL(f, dir), 'utf8'), f);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('x86 host from libvirt: named by libvirt host-model when its libvirt definition is covered', () => {
  it('EPYC-Rome host-model (libvirt lacks topoext in its EPYC-Rome) is EPYC-Rome, topoext shown as removed', () => {
    const d = read('epyc-rome-domcaps.xml');
    expect(d.model).toMatch(/^EPYC-Rome-v\d+$/);
    expect(d.delta?.removed).toContain('topoext');
  });

  it('A10 capabilities host <cpu> (no x2apic: KVM emulates it) is Opteron_G5, not Opteron_G3', () => {
    expect(read('cpu_x86-A10-5800K-host.xml').model).toBe('Opteron_G5-v1');
  });

  it('Hygon capabilities host <cpu> is Dhyana, not base', () => {
    expect(read('cpu_x86-Hygon-host.xml').model).toBe('Dhyana-v1');
  });

  it('a host-model disabling features of its own model is that model with those features removed (what libvirt means), not a search', () => {
    const src = { origin: 'test', kind: 'libvirt-domcapabilities' as const };
    const r = x86HostFromLibvirt({ arch: 'x86_64', model: 'Dhyana', vendor: 'Hygon', require: [], disable: ['sse4a'] }, src);
    expect(r.ok && r.value.model).toBe('Dhyana-v1');
    expect(r.ok && r.value.delta?.removed).toContain('sse4a');
    const turin = x86HostFromLibvirt({ arch: 'x86_64', model: 'EPYC-Rome', vendor: 'AMD', require: [], disable: ['xsaves', 'rdpid'] }, src);
    expect(turin.ok && turin.value.model).toMatch(/^EPYC-Rome-v\d+$/);
    expect(turin.ok && turin.value.delta?.removed).toEqual(expect.arrayContaining(['xsaves']));
  });
});

describe('x86 host from libvirt under TCG (<domain>qemu</domain>): no KVM-emulated feature is assumed for the name', () => {
  it('a host with all of the newest EPYC version carrying topoext but topoext: that version under KVM (topoext emulated), not under TCG', () => {
    const x86 = latestX86Driver();
    const toLibvirt = x86NameMap().qemuToLibvirt;
    // the newest EPYC-vN that has topoext, from the catalog (not a name written here)
    const versions = x86.cat.classes.filter((c) => c.kind === 'version' && /^EPYC-v\d+$/.test(c.name)).map((c) => x86.parse({ name: c.name })).flatMap((r) => (r.ok ? [r.value] : []));
    const withTopoext = versions.filter((v) => x86.catalog.names(v.features).includes('topoext')).sort((a, b) => b.features.count() - a.features.count())[0]!;
    expect(withTopoext).toBeDefined();
    const host = x86.catalog.names(withTopoext.features).filter((n) => n !== 'topoext').map((n) => toLibvirt.get(n) ?? n);
    const cpu = { arch: 'x86_64', model: 'EPYC', vendor: 'AMD', require: host, disable: [] };
    const kvm = x86HostFromLibvirt(cpu, { origin: 'kvm', kind: 'libvirt-domcapabilities' });
    const tcg = x86HostFromLibvirt(cpu, { origin: 'tcg', kind: 'libvirt-domcapabilities', accel: 'tcg' });
    if (!kvm.ok || !tcg.ok) throw new Error('not read');
    expect(kvm.value.model).toBe(withTopoext.cls.name);
    // under TCG no EPYC version fits: the version the name stands for
    expect(tcg.value.model).toBe(x86.cat.classes.find((c) => c.name === 'EPYC')?.aliasOf);
    expect(tcg.value.model).not.toBe(kvm.value.model);
    expect(tcg.value.delta?.removed).toContain('topoext');
  });

  it('a TCG domcapabilities file (<domain>qemu</domain>) is a TCG host', () => {
    const d = read('../../domaincapsdata/qemu_8.1.0-tcg.x86_64.xml');
    expect(d.accel).toBe('tcg');
  });
});
