/**
 * Set algebra every architecture shares. No I/O, no architecture knowledge:
 * drivers combine these with their own identity rules (generations, vendors,
 * PVRs …).
 */
import type { FeatureSet } from './bitset.js';
import type { FeatureCatalog } from './catalog.js';
import { fail, ok, type Result } from './errors.js';

export type CompareResult = 'identical' | 'superset' | 'subset' | 'incompatible';

/** How set a relates to set b. */
export function compareSets(a: FeatureSet, b: FeatureSet): CompareResult {
  if (a.equals(b)) return 'identical';
  const aMinusB = !a.isSubsetOf(b);
  const bMinusA = !b.isSubsetOf(a);
  if (aMinusB && bMinusA) return 'incompatible';
  return aMinusB ? 'superset' : 'subset';
}

/**
 * Combine the comparison of identities (generation, vendor …) with the
 * comparison of feature sets: agreeing results stand, "identical" yields to
 * the other, and any other disagreement is incompatible.
 */
export function combineResults(identity: CompareResult, features: CompareResult): CompareResult {
  if (identity === features) return identity;
  if (identity === 'identical') return features;
  if (features === 'identical') return identity;
  return 'incompatible';
}

/** Features in `model` that `host` lacks: empty means the model is runnable. */
export function blockers(model: FeatureSet, host: FeatureSet): FeatureSet {
  return model.andNot(host);
}

/**
 * guest = requested ∩ host, as a strict check: every requested feature the
 * host lacks is an error that names all of them.
 */
export function mask(catalog: FeatureCatalog, requested: FeatureSet, host: FeatureSet): Result<FeatureSet> {
  const missing = requested.andNot(host);
  if (!missing.isEmpty()) {
    const names = catalog.names(missing);
    return fail({
      code: 'unavailable-in-configuration',
      message: `The host cannot provide ${names.length === 1 ? 'feature' : 'features'} ${names.map((n) => `'${n}'`).join(', ')}`,
      hint: `disable ${names.length === 1 ? 'it' : 'them'} (${names.map((n) => `${n}=off`).join(',')}) or pick an older model`,
      features: names,
    });
  }
  return ok(requested.and(host));
}

/** The delta of `set` against `base`: what to switch on, what to switch off. */
export function delta(base: FeatureSet, set: FeatureSet): { added: FeatureSet; removed: FeatureSet } {
  return { added: set.andNot(base), removed: base.andNot(set) };
}

export interface NormalizeCandidate<M> {
  model: M;
  set: FeatureSet;
}

/**
 * The best named model for a feature set: among candidates whose set is
 * contained in `set` (so only additions are needed), the one with the largest
 * set, ties going to the later candidate (candidates are ordered oldest
 * first). If none fits, the candidate with the smallest symmetric difference.
 */
export function bestModel<M>(set: FeatureSet, candidates: readonly NormalizeCandidate<M>[]): NormalizeCandidate<M> | undefined {
  let best: NormalizeCandidate<M> | undefined;
  let bestCount = -1;
  for (const c of candidates) {
    if (!c.set.isSubsetOf(set)) continue;
    const n = c.set.count();
    if (n >= bestCount) {
      best = c;
      bestCount = n;
    }
  }
  if (best) return best;
  let bestDiff = Infinity;
  for (const c of candidates) {
    const d = c.set.xor(set).count();
    if (d < bestDiff) {
      best = c;
      bestDiff = d;
    }
  }
  return best;
}

/** Intersection of many sets (the feature part of an N-way baseline). */
export function intersectAll(sets: Iterable<FeatureSet>): FeatureSet | undefined {
  let acc: FeatureSet | undefined;
  for (const s of sets) acc = acc ? acc.iand(s) : s.clone();
  return acc;
}
