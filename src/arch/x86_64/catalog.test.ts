import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../core/profile.js';
import { computeCore, computeModelClasses, decodeCore, decodeModelClasses, encodeCore, encodeModelClasses, x86Catalog } from './catalog.js';

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

// the catalog's core (feature rows, words, dependencies, fixed sets) likewise
describe('x86_64 precomputed catalog core', () => {
  it.each(PROFILES)('decode(encode(computed)) is the computed core under profile %s', (p) => {
    const computed = computeCore(p);
    const decoded = decodeCore(JSON.parse(JSON.stringify(encodeCore(computed))));
    expect(decoded).toEqual(computed);
    // the maps keep their order (QEMU's feature-word order is answer order)
    expect([...decoded.word.keys()]).toEqual([...computed.word.keys()]);
    expect([...decoded.leafOfWord]).toEqual([...computed.leafOfWord]);
    expect(decoded.features.features.map((f) => f.name)).toEqual(computed.features.features.map((f) => f.name));
  });

  it.each(PROFILES)('the catalog under profile %s is built of the computed core', (p) => {
    const cat = x86Catalog(p);
    const core = computeCore(p);
    expect(cat.features).toEqual(core.features);
    expect(cat.word).toEqual(core.word);
    expect(cat.dependencies).toEqual(core.dependencies);
    expect([cat.alwaysOn, cat.kvmOnly, cat.tcgFeatures, cat.unmigratable]).toEqual([core.alwaysOn, core.kvmOnly, core.tcgFeatures, core.unmigratable]);
    expect(cat.autoLevel.features).toEqual(core.autoLevelFeatures);
    // the rows, found when first asked, are the table's rows of the catalog's features
    expect([...cat.rowsOf.keys()]).toEqual(cat.features.features.map((f) => f.name));
  });
});
