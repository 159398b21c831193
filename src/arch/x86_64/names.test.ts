import { describe, expect, it } from 'vitest';
import { x86FeatureNames, x86NameMap } from './names.js';

describe('x86 feature names across vocabularies', () => {
  const rows = x86FeatureNames();
  const by = (q: string) => rows.find((r) => r.qemu === q);
  it('joins QEMU, libvirt and Linux names by CPUID bit', () => {
    expect(by('sse4.1')).toMatchObject({ location: 'CPUID.0x1.0:ECX[19]', libvirt: 'sse4.1', linux: 'sse4_1', qemuAliases: expect.arrayContaining(['sse4_1', 'sse4-1']) });
    expect(by('lahf-lm')).toMatchObject({ libvirt: 'lahf_lm', linux: 'lahf_lm' });
    expect(by('pni')).toMatchObject({ libvirt: 'pni', linux: 'pni' });
    expect(by('invtsc')).toMatchObject({ libvirt: 'invtsc', location: 'CPUID.0x80000007.0:EDX[8]' });
    expect(by('arch-capabilities')?.location).toBe('CPUID.0x7.0:EDX[29]');
  });
  it('keys MSR-based features by MSR bit', () => {
    expect(by('rdctl-no')).toMatchObject({ location: 'MSR.0x10a[0]', libvirt: 'rdctl-no' });
  });
  it('has every QEMU 7.2 feature of the static expansion', () => {
    const named = new Set(rows.map((r) => r.qemu));
    for (const f of ['avx512f', 'vmx-ept', 'kvm-pv-eoi', 'xsaves', 'svm']) expect(named.has(f), f).toBe(true);
  });
});

describe('the one x86 QEMU<->libvirt name map', () => {
  const m = x86NameMap();
  it('maps both ways by bit', () => {
    expect(m.qemuToLibvirt.get('sse4.1')).toBe('sse4.1');
    expect(m.libvirtToQemu.get('sse4.1')).toBe('sse4.1');
    expect(m.libvirtToQemu.get('pclmuldq')).toBe('pclmulqdq');
    expect(m.qemuToLibvirt.get('pclmulqdq')).toBe('pclmuldq');
  });
  it('one tie-break: a QEMU name on two bits stays with the first bit (MSR 0x48c bit 25 before bit 41)', () => {
    const rows = x86FeatureNames().filter((r) => r.qemu === 'vmx-invept-single-context' && r.libvirt);
    expect(rows.map((r) => r.libvirt)).toEqual(['vmx-invept-single-context', 'vmx-invvpid-single-context']);
    expect(m.qemuToLibvirt.get('vmx-invept-single-context')).toBe('vmx-invept-single-context');
    // libvirt's names are one per bit, so the other way has no tie
    expect(m.libvirtToQemu.get('vmx-invvpid-single-context')).toBe('vmx-invept-single-context');
  });
  it("QEMU's alias spellings map too, never over a primary name", () => {
    for (const r of x86FeatureNames()) {
      if (!r.qemu || !r.libvirt) continue;
      expect(m.qemuToLibvirt.has(r.qemu)).toBe(true);
      for (const a of r.qemuAliases) expect(m.qemuToLibvirt.has(a)).toBe(true);
    }
    const aliased = x86FeatureNames().find((r) => r.libvirt && r.qemuAliases.length)!;
    expect(m.qemuToLibvirt.get(aliased.qemuAliases[0]!)).toBe(aliased.libvirt);
  });
});
