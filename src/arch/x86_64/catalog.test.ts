import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../core/profile.js';
import { computeModelClasses, decodeModelClasses, encodeModelClasses, x86Catalog } from './catalog.js';

// tools/build-oneshot.mjs puts encodeModelClasses' answer into the one-shot
// bundles; the catalog there decodes it instead of computing the classes.
describe('x86_64 precomputed model classes', () => {
  it.each(PROFILES)('decode(encode(computed)) is the computed classes under profile %s', (p) => {
    const features = x86Catalog(p).features;
    const computed = computeModelClasses(features, p);
    const encoded = JSON.parse(JSON.stringify(encodeModelClasses(computed)));
    const decoded = decodeModelClasses(encoded, features);
    expect(decoded).toEqual(computed);
    expect(decoded.map((c) => c.name)).toEqual(computed.map((c) => c.name));
    // an alias shares its version's feature set and identity, as computed
    const byName = new Map(decoded.map((c) => [c.name, c]));
    for (const c of decoded.filter((x) => x.kind === 'alias')) {
      expect(c.declared).toBe(byName.get(c.aliasOf!)!.declared);
      expect(c.identity).toBe(byName.get(c.aliasOf!)!.identity);
    }
  });

  it('the catalog holds the computed classes before its base, max, host and psABI ones', () => {
    const cat = x86Catalog();
    const computed = computeModelClasses(cat.features, cat.profile);
    expect(cat.classes.slice(0, computed.length)).toEqual(computed);
    expect(cat.classes.slice(computed.length).map((c) => c.kind)).toEqual(['base', 'max', 'host', 'abi', 'abi', 'abi', 'abi']);
  });

  it('refuses to encode a class that is not a table model', () => {
    expect(() => encodeModelClasses(x86Catalog().classes)).toThrow(/cannot encode class base \(base\)/);
  });
});
