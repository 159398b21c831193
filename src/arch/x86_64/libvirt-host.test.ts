import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useLibvirtAdapter } from '../../adapters/libvirt/formats.js';
import { toHostDoc } from '../../host/convert.js';
import { x86HostFromLibvirt } from './libvirt-host.js';

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
