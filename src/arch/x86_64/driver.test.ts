import { describe, expect, it } from 'vitest';
import { X86Driver } from './driver.js';

const d = new X86Driver({ profile: 'latest' });

describe('x86_64 comparison and baseline (beyond QEMU)', () => {
  it('compares by vendor, then features', () => {
    const r = d.compare({ name: 'Skylake-Server-v1' }, { name: 'Skylake-Client-v1' });
    expect(r.ok && r.value.result).toBe('superset');
    const v = d.compare({ name: 'EPYC-v1' }, { name: 'Skylake-Client-v1' });
    expect(v.ok && v.value.result).toBe('incompatible');
    expect(v.ok && v.value['responsible-properties']).toContain('vendor');
    const same = d.compare({ name: 'Skylake-Server' }, { name: 'Skylake-Server-v1' });
    expect(same.ok && same.value).toEqual({ result: 'identical', 'responsible-properties': [] });
  });

  it('treats the psABI levels as models: v2 ⊂ v3 ⊂ v4, Skylake-Server ⊇ v4', () => {
    const a = d.compare({ name: 'x86-64-v3' }, { name: 'x86-64-v2' });
    expect(a.ok && a.value.result).toBe('superset');
    const s = d.compare({ name: 'Skylake-Server-v1' }, { name: 'x86-64-v4' });
    expect(s.ok && s.value.result).toBe('superset');
    const c = d.compare({ name: 'Skylake-Client-v1' }, { name: 'x86-64-v4' });
    expect(c.ok && c.value.result).toBe('incompatible');
    expect(c.ok && c.value['responsible-properties']).toEqual(expect.arrayContaining(['avx512f']));
    expect(d.definitions().some((x) => x.name.startsWith('x86-64-'))).toBe(false);
  });

  it('baselines into the newest model of the vendor that fits, plus a delta', () => {
    const b = d.baseline({ name: 'Skylake-Server-v4' }, { name: 'Cascadelake-Server-v1' });
    expect(b.ok).toBe(true);
    if (!b.ok) return;
    const m = d.resolve(b.value.model);
    const x = d.resolve({ name: 'Skylake-Server-v4' });
    const y = d.resolve({ name: 'Cascadelake-Server-v1' });
    expect(m.ok && x.ok && y.ok).toBe(true);
    if (m.ok && x.ok && y.ok) expect(m.value.features.equals(x.value.features.and(y.value.features))).toBe(true);
    const three = d.baselineMany([{ name: 'Haswell-v1' }, { name: 'Broadwell-v1' }, { name: 'Skylake-Client-v1' }]);
    expect(three.ok && three.value.model.name).toBe('Haswell-v1');
  });

  it('never mixes vendors, and drops unmigratable features', () => {
    const b = d.baseline({ name: 'EPYC-v1' }, { name: 'Skylake-Client-v1' });
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.error.message).toMatch(/vendors differ: 'AuthenticAMD' and 'GenuineIntel'|vendors differ: 'GenuineIntel' and 'AuthenticAMD'/);
    const inv = d.baseline({ name: 'Skylake-Client-v1', props: { invtsc: true } }, { name: 'Skylake-Client-v1', props: { invtsc: true } });
    expect(inv.ok && inv.value.model).toEqual({ name: 'Skylake-Client-v1' });
    const abi = d.baseline({ name: 'x86-64-v3' }, { name: 'EPYC-v1' });
    expect(abi.ok).toBe(true);
  });

  it('names unknown models and properties with suggestions', () => {
    const u = d.expand('static', { name: 'Skylake-Clinet' });
    expect(!u.ok && u.error).toMatchObject({ message: "CPU model 'Skylake-Clinet' not found", suggestions: ['Skylake-Client'] });
    const p = d.expand('static', { name: 'Skylake-Client', props: { avx513: true } });
    expect(!p.ok && p.error.message).toBe("Property 'Skylake-Client-x86_64-cpu.avx513' not found");
    expect(!p.ok && p.error.suggestions?.join(' ')).toContain('avx512');
  });
});
