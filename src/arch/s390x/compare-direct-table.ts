/**
 * The table the direct s390x `compare` path reads (adapters/cli/compare-
 * direct.ts), made at build time by the driver itself: the catalog's feature
 * names and groups (what folding the responsible names reads), and for each
 * class whose plain name the driver parses under TCG, its generation, GA and
 * feature set. test/adapters/compare-direct.test.ts holds the answers made
 * from it to the driver's, byte for byte.
 */
import { loadDriver } from '../arches.js';
import { unwrap } from '../../core/errors.js';
import type { Profile } from '../../core/profile.js';
import type { S390Driver } from './driver.js';

export interface S390CompareTable {
  /** the catalog profile the table is of */
  profile: string;
  /** the catalog's feature names in index order */
  features: string[];
  /** its groups, in order, by member names */
  groups: { name: string; desc: string; members: string[] }[];
  /** distinct feature sets, as words */
  sets: number[][];
  /** each plain model name the driver parses: [generation, GA, index into sets] */
  models: Record<string, [number, number, number]>;
}

export async function computeCompareTable(profile: Profile): Promise<S390CompareTable> {
  const d = unwrap(await loadDriver({ arch: 's390x', accel: 'tcg', profile })) as S390Driver;
  const sets: number[][] = [];
  const setKeys = new Map<string, number>();
  const models: Record<string, [number, number, number]> = {};
  for (const c of d.classes_()) {
    const m = d.parse({ name: c.name });
    if (!m.ok) continue;
    const words = Array.from(m.value.features.words);
    const key = words.join(',');
    let i = setKeys.get(key);
    if (i === undefined) setKeys.set(key, (i = sets.push(words) - 1));
    models[c.name] = [m.value.def.gen, m.value.def.ga, i];
  }
  return {
    profile,
    features: d.catalog.features.map((f) => f.name),
    groups: d.catalog.groups.map((g) => ({ name: g.name, desc: g.desc, members: [...g.memberNames] })),
    sets,
    models,
  };
}
