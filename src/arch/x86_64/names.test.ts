import { describe, expect, it } from 'vitest';
import { x86FeatureNames } from './names.js';

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
