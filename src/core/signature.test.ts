import { describe, expect, it } from 'vitest';
import { FeatureCatalog } from './catalog.js';
import { mulberry32 } from './prng.js';
import { archContext, fleetArches } from '../fleet/fleet.js';
import { groupBySignature, hashText, signature, signatureInJs, signatureIs, signatureOfNames } from './signature.js';
import { wasmHasher } from './signature-wasm.js';

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

  it('in WebAssembly, the same as the JavaScript hash and the hash of the names; signatureIs tells the halves (every fleet catalog, random sets)', () => {
    const rnd = mulberry32(12);
    for (const cat of fleetArches().map((a) => archContext(a).catalog)) {
      // (the table is made on a catalog's second signature)
      signature(cat, cat.empty());
      signature(cat, cat.empty());
      const order = Int32Array.from(cat.features.map((f) => f.index).sort((a, b) => (cat.features[a]!.name < cat.features[b]!.name ? -1 : 1)));
      expect(wasmHasher({ order, bytes: new Uint8Array(0), at: new Int32Array(order.length + 1) }, cat.empty().words.length), 'WebAssembly is there').toBeDefined();
      for (let n = 0; n < 300; n++) {
        const set = cat.empty();
        const p = rnd();
        for (let i = 0; i < cat.size; i++) if (rnd() < p) set.add(i);
        const sig = signature(cat, set);
        expect(sig).toBe(signatureInJs(cat, set));
        expect(sig).toBe(signatureOfNames(cat.arch, cat.names(set)));
        const hi = parseInt(sig.slice(0, 8), 16);
        const lo = parseInt(sig.slice(8), 16);
        expect(signatureIs(cat, set, hi, lo)).toBe(true);
        expect(signatureIs(cat, set, hi, (lo ^ 1) >>> 0)).toBe(false);
        expect(signatureIs(cat, set, (hi ^ 0x80000000) >>> 0, lo)).toBe(false);
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
