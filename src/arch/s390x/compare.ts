/**
 * Comparing two s390x models, QEMU's way: the driver's compare
 * (driver.ts compareModels) and the direct `compare` path
 * (adapters/cli/compare-direct.ts) both call compareS390Models.
 */
import type { FeatureSet } from '../../core/bitset.js';
import type { FeatureCatalog } from '../../core/catalog.js';
import type { ComparisonInfo } from '../../core/driver.js';
import { combineResults, compareSets, type CompareResult } from '../../core/ops.js';
import type { S390Def } from './catalog.js';

/** What comparing reads of a model: its generation and GA, and its features. */
export interface ComparedS390Model {
  def: Pick<S390Def, 'gen' | 'ga'>;
  features: FeatureSet;
}

/**
 * QEMU's comparison of two s390x models (cpu_model_compare): the generations
 * and GA levels give subset/superset (`type` responsible when they differ),
 * the feature sets the rest. Also the direct `compare` path's
 * (adapters/cli/compare-direct.ts), over a catalog of the stored names.
 */
export function compareS390Models(catalog: Pick<FeatureCatalog, 'foldedNames'>, a: ComparedS390Model, b: ComparedS390Model): ComparisonInfo {
  let genResult: CompareResult;
  const prefix: string[] = [];
  if (a.def.gen === b.def.gen) {
    genResult = a.def.ga < b.def.ga ? 'subset' : a.def.ga > b.def.ga ? 'superset' : 'identical';
  } else {
    genResult = a.def.gen < b.def.gen ? 'subset' : 'superset';
  }
  if (genResult !== 'identical') prefix.push('type');
  const featResult = compareSets(a.features, b.features);
  // QEMU lists a\b, then b\a, each with groups folded, prepending each name.
  const names = [...prefix, ...catalog.foldedNames(a.features.andNot(b.features)), ...catalog.foldedNames(b.features.andNot(a.features))];
  const responsible = names.reverse();
  return { result: combineResults(genResult, featResult), 'responsible-properties': responsible };
}
