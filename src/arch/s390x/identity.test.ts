import { describe, expect, it } from 'vitest';
import { s390Catalog } from './catalog.js';
import { cpuidOf, fromIbc, ibcOf, identifyByCpuidIbc, identifyByModel, identifyByType, typeFromCpuid } from './identity.js';

const cat = s390Catalog('latest');

describe('s390x identity mapping', () => {
  it('maps (type, GA) to the model and back', () => {
    const z14 = identifyByType(cat, '0x3906', 1);
    expect(z14.ok && z14.value.model).toBe('z14');
    const z142 = identifyByModel(cat, 'z14.2');
    expect(z142.ok && z142.value).toMatchObject({ type: '0x3906', generation: 14, ga: 2, ecGa: 2, ibc: '0x042' });
    expect(identifyByType(cat, '3907', '1').ok && identifyByModel(cat, 'z14ZR1-base').ok).toBe(true);
  });

  it('is a bijection over every definition: names are formed from type and GA', () => {
    const seen = new Set<string>();
    for (const d of cat.defs) {
      const id = identifyByModel(cat, d.name);
      expect(id.ok).toBe(true);
      if (!id.ok) continue;
      const back = identifyByType(cat, id.value.type, id.value.ga);
      expect(back.ok && back.value.model, d.name).toBe(d.name);
      const key = `${id.value.type}/${id.value.ga}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
      // the name: family name for GA 1, then ".GA"
      const family = cat.defs.find((x) => x.type === d.type)!.name;
      expect(d.name).toBe(id.value.ga === 1 ? family : `${family}.${id.value.ga}`);
      // (cpuid, IBC) identifies the model for every generation with an IBC
      if (d.gen >= 10) expect(identifyByCpuidIbc(cat, cpuidOf(d), ibcOf(d))?.name).toBe(d.name);
    }
    expect(seen.size).toBe(cat.defs.length);
  });

  it('computes IBC and CPUID as QEMU does', () => {
    const z14 = cat.defByName('z14')!;
    expect(ibcOf(z14)).toBe(0x041);
    expect(ibcOf(cat.defByName('z10EC')!)).toBe(0x001);
    expect(ibcOf(cat.defByName('z900')!)).toBe(0);
    expect(fromIbc(0x061)).toEqual({ gen: 16, ga: 1 });
    expect(cpuidOf(z14).toString(16)).toBe('ff00000039068000');
    expect(cpuidOf(cat.defByName('z900')!).toString(16)).toBe('ff00000020640000');
    expect(typeFromCpuid(cpuidOf(z14))).toBe(0x3906);
    expect(identifyByModel(cat, 'gen17a').ok).toBe(true);
  });

  it('names bad input and suggests', () => {
    const m = identifyByModel(cat, 'z41');
    expect(m.ok).toBe(false);
    if (!m.ok) {
      expect(m.error.message).toContain("'z41'");
      expect(m.error.suggestions).toContain('z14');
    }
    const t = identifyByType(cat, '0x3905', 1);
    expect(!t.ok && t.error.suggestions).toContain('0x3906');
    const g = identifyByType(cat, '0x3906', 7);
    expect(!g.ok && g.error.message).toContain('no GA 7');
    const x = identifyByType(cat, 'zz', 1);
    expect(!x.ok && x.error.message).toContain("'zz'");
  });
});
