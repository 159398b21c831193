/**
 * Comparing two aarch64 CPUs: the driver's compare (driver.ts compareCpus)
 * and the direct `compare` path (adapters/cli/compare-direct.ts, through
 * arch/compare-direct.ts) both call compareAarch64Cpus.
 */
import type { FeatureSet } from '../../core/bitset.js';
import type { FeatureCatalog } from '../../core/catalog.js';
import type { ComparisonInfo } from '../../core/driver.js';
import { combineResults, compareSets, type CompareResult } from '../../core/ops.js';

/** What comparing reads of a CPU: its MIDR implementer and its features. */
export interface ComparedAarch64Cpu {
  cls: { midr: { implementer: number } };
  features: FeatureSet;
}

/**
 * Implementers must agree (implementer 0, QEMU's software-defined `max`, fits
 * any; `implementer` responsible when they differ), then the feature sets decide.
 */
export function compareAarch64Cpus(catalog: Pick<FeatureCatalog, 'names'>, a: ComparedAarch64Cpu, b: ComparedAarch64Cpu): ComparisonInfo {
  const ia = a.cls.midr.implementer;
  const ib = b.cls.midr.implementer;
  const idResult: CompareResult = ia === 0 || ib === 0 || ia === ib ? 'identical' : 'incompatible';
  const responsible = [...catalog.names(a.features.andNot(b.features)), ...catalog.names(b.features.andNot(a.features))];
  if (idResult !== 'identical') responsible.push('implementer');
  return { result: combineResults(idResult, compareSets(a.features, b.features)), 'responsible-properties': responsible };
}
