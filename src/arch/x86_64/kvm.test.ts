import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIBVIRT } from '../../../test/helpers/reference.js';
import { createDriver } from '../index.js';
import { unwrap } from '../../core/errors.js';
import type { X86Driver } from './driver.js';

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
