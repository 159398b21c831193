import { describe, expect, it } from 'vitest';
import { FeatureCatalog } from './catalog.js';
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

  it('groups equal sets into one class', () => {
    const c = new FeatureCatalog('s390x', rows(['a', 'b', 'c']));
    const hosts = [['a'], ['a', 'b'], ['a'], ['a', 'b'], ['c']];
    const classes = groupBySignature(c, hosts, (h) => c.setOf(h));
    expect(classes.map((k) => k.members.length)).toEqual([2, 2, 1]);
  });
});
