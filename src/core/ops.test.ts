import { describe, expect, it } from 'vitest';
import { FeatureSet } from './bitset.js';
import { FeatureCatalog } from './catalog.js';
import { bestModel, combineResults, compareSets, intersectAll, mask } from './ops.js';

const cat = new FeatureCatalog('test', ['a', 'b', 'c', 'd'].map((name, bit) => ({ name, kind: 'X', bit, desc: name })), [{ name: 'ab', desc: 'a and b', members: ['a', 'b'] }]);
const S = (...n: string[]) => cat.setOf(n);

describe('set algebra', () => {
  it('compares sets', () => {
    expect(compareSets(S('a'), S('a'))).toBe('identical');
    expect(compareSets(S('a', 'b'), S('a'))).toBe('superset');
    expect(compareSets(S('a'), S('a', 'b'))).toBe('subset');
    expect(compareSets(S('a', 'c'), S('a', 'b'))).toBe('incompatible');
  });

  it('combines identity and feature results', () => {
    expect(combineResults('identical', 'subset')).toBe('subset');
    expect(combineResults('superset', 'identical')).toBe('superset');
    expect(combineResults('superset', 'subset')).toBe('incompatible');
    expect(combineResults('subset', 'subset')).toBe('subset');
  });

  it('masks strictly and names every missing feature', () => {
    const r = mask(cat, S('a', 'c', 'd'), S('a', 'b'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.features).toEqual(['c', 'd']);
      expect(r.error.message).toContain("'c', 'd'");
    }
    const g = mask(cat, S('a'), S('a', 'b'));
    expect(g.ok && g.value.toArray()).toEqual([0]);
  });

  it('folds groups when naming sets', () => {
    expect(cat.foldedNames(S('a', 'b', 'c'))).toEqual(['ab', 'c']);
    expect(cat.foldedNames(S('a', 'c'))).toEqual(['a', 'c']);
    expect(cat.setOf(['ab']).toArray()).toEqual([0, 1]);
    expect(() => cat.setOf(['zz'])).toThrow(/unknown/);
  });

  it('picks the largest model contained in a set, else the nearest', () => {
    const cands = [
      { model: 'old', set: S('a') },
      { model: 'new', set: S('a', 'b') },
      { model: 'other', set: S('c', 'd') },
    ];
    expect(bestModel(S('a', 'b', 'c'), cands)?.model).toBe('new');
    expect(bestModel(S('b'), cands)?.model).toBe('new'); // nearest: one feature away
    expect(bestModel(S('c'), cands)?.model).toBe('other');
    expect(intersectAll([S('a', 'b'), S('b', 'c')])?.toArray()).toEqual([1]);
    expect(intersectAll([])).toBeUndefined();
    expect(FeatureSet.empty(4).isEmpty()).toBe(true);
  });
});
