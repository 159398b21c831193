import { describe, expect, it } from 'vitest';
import { FeatureSet } from './bitset.js';

describe('FeatureSet', () => {
  it('adds, deletes and lists members across word boundaries', () => {
    const s = FeatureSet.of(100, [0, 31, 32, 63, 64, 99]);
    expect(s.toArray()).toEqual([0, 31, 32, 63, 64, 99]);
    expect(s.count()).toBe(6);
    s.delete(31);
    expect(s.has(31)).toBe(false);
    expect(s.has(32)).toBe(true);
  });

  it('rejects indices outside the width', () => {
    expect(() => FeatureSet.empty(10).add(10)).toThrow(/outside/);
    expect(() => FeatureSet.empty(10).and(FeatureSet.empty(11))).toThrow(/different widths/);
  });

  it('does set algebra without touching its operands', () => {
    const a = FeatureSet.of(70, [1, 2, 3, 65]);
    const b = FeatureSet.of(70, [2, 3, 4]);
    expect(a.and(b).toArray()).toEqual([2, 3]);
    expect(a.or(b).toArray()).toEqual([1, 2, 3, 4, 65]);
    expect(a.andNot(b).toArray()).toEqual([1, 65]);
    expect(a.xor(b).toArray()).toEqual([1, 4, 65]);
    expect(a.toArray()).toEqual([1, 2, 3, 65]);
  });

  it('complements within its width only', () => {
    const c = FeatureSet.of(33, [0]).complement();
    expect(c.count()).toBe(32);
    expect(c.has(32)).toBe(true);
    expect(FeatureSet.full(33).count()).toBe(33);
  });

  it('answers subset, equality and emptiness', () => {
    const a = FeatureSet.of(40, [1, 39]);
    const b = FeatureSet.of(40, [1, 2, 39]);
    expect(a.isSubsetOf(b)).toBe(true);
    expect(b.isSubsetOf(a)).toBe(false);
    expect(a.equals(a.clone())).toBe(true);
    expect(a.equals(b)).toBe(false);
    expect(a.andNot(b).isEmpty()).toBe(true);
    expect(a.intersects(FeatureSet.of(40, [2]))).toBe(false);
    expect(a.key()).not.toBe(b.key());
  });
});
