/**
 * The s390x models as a given QEMU release (the machine type it runs)
 * offers them: which exist in it, and what their default models hold there
 * (data/s390x/machine-compat.ts: QEMU's machine-type compatibility, which
 * takes features out of the default models for older machines).
 */
import type { FeatureSet } from '../../core/bitset.js';
import type { FeatureCatalog } from '../../core/catalog.js';
import { S390_MODELS } from '../../data/s390x/models.js';
import { S390_MACHINE_COMPAT, S390_MODEL_SINCE_BEFORE_PROFILES, S390_QEMU_MODEL_OLDER } from '../../data/s390x/machine-compat.js';
import type { S390Def } from './catalog.js';

const SINCE = new Map<string, string | undefined>(S390_MODELS.map((m) => [m.name, m.since ?? S390_MODEL_SINCE_BEFORE_PROFILES[m.name]]));

/** The release that added an s390x CPU definition (or 'max'); undefined: before every release cpumodels answers for. */
export function s390ModelSince(name: string): string | undefined {
  return SINCE.has(name) ? SINCE.get(name) : S390_MODEL_SINCE_BEFORE_PROFILES[name];
}

const num = (v: string): [number, number] => {
  const [a = 0, b = 0] = v.split('.').map(Number);
  return [a, b];
};
const atMost = (v: string, limit: string): boolean => {
  const [a, b] = num(v);
  const [c, d] = num(limit);
  return a < c || (a === c && b <= d);
};

/**
 * A default model's features under QEMU `release` (its machine type): the
 * features QEMU's compatibility for that machine takes out of the default
 * model of a definition of this generation/GA removed. No release: as given.
 */
export function s390DefaultUnder(catalog: FeatureCatalog, def: { gen: number; ga: number }, features: FeatureSet, release: string | undefined): FeatureSet {
  if (!release) return features;
  let out: FeatureSet | undefined;
  for (const c of S390_MACHINE_COMPAT) {
    if (!atMost(release, c.through) || def.gen < c.gen || (def.gen === c.gen && def.ga < c.ga)) continue;
    out ??= features.clone();
    for (const f of c.features) catalog.switchName(out, f, false);
  }
  return out ?? features;
}

/** Whether QEMU `release` has the CPU definition (or 'max') of this name (no release: yes). */
export function s390ModelIn(name: string, release: string | undefined): boolean {
  const since = s390ModelSince(name);
  return !release || !since || atMost(since, release);
}

/**
 * The `qemu` model as the machine of QEMU `release` has it, where that is
 * not the catalog's (data/s390x/machine-compat.ts: a z900 before 2.12, a
 * zEC12 GA2 for 2.12–4.0, a z13 GA2 for 4.1–6.0, a z14 GA2 for 6.1–6.2, a
 * z15 T01 for 7.0–7.1), each with its release's list; undefined: the
 * catalog's (7.2 and newer). Feature names may be groups (plo).
 */
export function s390QemuUnder(catalog: FeatureCatalog, findDef: (type: number, gen: number, ga: number) => S390Def | undefined, release: string | undefined): { def: S390Def; features: FeatureSet } | undefined {
  if (!release) return undefined;
  const m = S390_QEMU_MODEL_OLDER.find((q) => atMost(release, q.through));
  const def = m && findDef(m.type, m.gen, m.ga);
  if (!m || !def) return undefined;
  const features = catalog.setOf([]);
  for (const f of m.features) catalog.switchName(features, f, true);
  return { def, features };
}
