import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../core/profile.js';
import { computeCumulative, decodeCumulative, encodeCumulative, packCumulative, s390Catalog, unpackCumulative, type EncodedS390Cumulative } from './catalog.js';

// the one-shot bundles carry encodeCumulative's answer per profile (tools/build-oneshot.mjs)
describe('s390x precomputed cumulative sets', () => {
  for (const profile of PROFILES) {
    it(`profile ${profile}: decode(encode(computed)) is the computed sets, and the catalog's definitions use them`, () => {
      const cat = s390Catalog(profile);
      const computed = computeCumulative(cat.features, profile);
      const decoded = decodeCumulative(JSON.parse(JSON.stringify(encodeCumulative(computed))), cat.features);
      expect(decoded.size).toBe(computed.size);
      expect(computed.size).toBeGreaterThan(10);
      for (const [k, c] of computed) {
        const d = decoded.get(k)!;
        for (const which of ['base', 'default', 'full'] as const) expect(cat.features.names(d[which])).toEqual(cat.features.names(c[which]));
      }
      for (const def of cat.defs) {
        const c = computed.get(`${def.gen}.${def.ga}`)!;
        for (const which of ['base', 'default', 'full'] as const) expect([...def[which].words]).toEqual([...c[which].words]);
      }
    });
  }
});

// and packed (packCumulative: each distinct set once), every profile in one table
describe('s390x packed cumulative sets', () => {
  const byProfile: Record<string, EncodedS390Cumulative> = Object.fromEntries(PROFILES.map((p) => [p, encodeCumulative(computeCumulative(s390Catalog(p).features, p))]));
  const packed = JSON.parse(JSON.stringify(packCumulative(byProfile))) as ReturnType<typeof packCumulative>;
  for (const profile of PROFILES) {
    it(`profile ${profile}: unpack(pack(all profiles)) is that profile's encoded sets`, () => {
      expect(byProfile[profile]!.length).toBeGreaterThan(10);
      expect(unpackCumulative(packed, profile)).toEqual(byProfile[profile]);
    });
  }
  it('each distinct set is stored once, and a profile the table lacks is undefined', () => {
    const distinct = new Set(Object.values(byProfile).flatMap((rows) => rows.flatMap(([, b, d, f]) => [b, d, f].map((w) => w.join(',')))));
    expect(packed.pool.length).toBe(distinct.size);
    expect(unpackCumulative(packed, 'no-such-profile')).toBeUndefined();
    expect(unpackCumulative(packed, 'toString')).toBeUndefined();
  });
});
