/**
 * Comparing two ppc64 models: the driver's compare (driver.ts compareModels)
 * and the direct `compare` path (adapters/cli/compare-direct.ts, through
 * arch/compare-direct.ts) both call comparePpc64Models.
 */
import type { FeatureSet } from '../../core/bitset.js';
import type { FeatureCatalog } from '../../core/catalog.js';
import type { ComparisonInfo } from '../../core/driver.js';
import { combineResults, compareSets } from '../../core/ops.js';

/** What comparing reads of a model: its family (compared as it is: the catalog's object, or its name) and its features. */
export interface ComparedPpc64Model {
  cls: { family: unknown };
  features: FeatureSet;
}

/**
 * Different families are incompatible (`type` responsible); within a family
 * the compat levels decide. Names come out reversed, as QEMU lists them (it
 * prepends).
 */
export function comparePpc64Models(catalog: Pick<FeatureCatalog, 'names'>, a: ComparedPpc64Model, b: ComparedPpc64Model): ComparisonInfo {
  const sameFamily = a.cls.family === b.cls.family;
  const names = [...(sameFamily ? [] : ['type']), ...catalog.names(a.features.andNot(b.features)), ...catalog.names(b.features.andNot(a.features))];
  const result = combineResults(sameFamily ? 'identical' : 'incompatible', compareSets(a.features, b.features));
  return { result, 'responsible-properties': names.reverse() };
}
