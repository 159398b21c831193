import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../core/profile.js';
import { computeCumulative, decodeCumulative, encodeCumulative, s390Catalog } from './catalog.js';

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
