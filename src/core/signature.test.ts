import { describe, expect, it } from 'vitest';
import { FeatureCatalog } from './catalog.js';
import { mulberry32 } from './prng.js';
import { archContext, fleetArches } from '../fleet/fleet.js';
import { groupBySignature, hashText, signature, signatureOfNames } from './signature.js';

const rows = (names: string[]) => names.map((name, bit) => ({ name, kind: 'X', bit, desc: name }));

describe('signatures', () => {
  it('is FNV-1a 64 (known vectors)', () => {
    expect(hashText('')).toBe('cbf29ce484222325');
    expect(hashText('a')).toBe('af63dc4c8601ec8c');
    expect(hashText('foobar')).toBe('85944171f73967e8');
  });

  it('depends on names, not on catalog order or size', () => {
    const c1 = new FeatureCatalog('s390x', rows(['vx', 'gs', 'te']));
    const c2 = new FeatureCatalog('s390x', rows(['te', 'new', 'gs', 'vx']));
    expect(signature(c1, c1.setOf(['vx', 'te']))).toBe(signature(c2, c2.setOf(['te', 'vx'])));
    expect(signature(c1, c1.setOf(['vx']))).not.toBe(signature(c1, c1.setOf(['te'])));
    expect(signatureOfNames('x86_64', ['vx'])).not.toBe(signatureOfNames('s390x', ['vx']));
  });

  it('hashed from a set is the hash of its sorted names (every fleet catalog, random sets; names beyond 0xff and out of order)', () => {
    const rnd = mulberry32(11);
    const cats = [...fleetArches().map((a) => archContext(a).catalog), new FeatureCatalog('t\u0101', rows(['zz', 'b\u0142', 'a', 'aa', 'B', 'a-b', 'a_b', '\u4e00x']))];
    for (const cat of cats) {
      expect(signature(cat, cat.empty())).toBe(signatureOfNames(cat.arch, []));
      for (let n = 0; n < 200; n++) {
        const set = cat.empty();
        const p = rnd();
        for (let i = 0; i < cat.size; i++) if (rnd() < p) set.add(i);
        expect(signature(cat, set)).toBe(signatureOfNames(cat.arch, cat.names(set)));
      }
    }
  });

  it('groups equal sets into one class', () => {
    const c = new FeatureCatalog('s390x', rows(['a', 'b', 'c']));
    const hosts = [['a'], ['a', 'b'], ['a'], ['a', 'b'], ['c']];
    const classes = groupBySignature(c, hosts, (h) => c.setOf(h));
    expect(classes.map((k) => k.members.length)).toEqual([2, 2, 1]);
  });
});
