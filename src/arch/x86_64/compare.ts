/**
 * Comparing two x86_64 CPUs (beyond QEMU, in QEMU's s390x form): the driver's
 * compare (driver.ts compareCpus) and the direct `compare` path
 * (adapters/cli/compare-direct.ts, through arch/compare-direct.ts) both call
 * compareX86Cpus.
 */
import type { FeatureSet } from '../../core/bitset.js';
import type { FeatureCatalog } from '../../core/catalog.js';
import type { ComparisonInfo } from '../../core/driver.js';
import { combineResults, compareSets, type CompareResult } from '../../core/ops.js';

/** What comparing reads of a CPU: its vendor and its features. */
export interface ComparedX86Cpu {
  identity: { vendor?: string | undefined };
  features: FeatureSet;
}

/** Vendors must agree (a CPU without one, such as base and the psABI levels, fits any; `vendor` responsible when they differ), then the feature sets decide. */
export function compareX86Cpus(catalog: Pick<FeatureCatalog, 'names'>, a: ComparedX86Cpu, b: ComparedX86Cpu): ComparisonInfo {
  const vendorResult: CompareResult = !a.identity.vendor || !b.identity.vendor || a.identity.vendor === b.identity.vendor ? 'identical' : 'incompatible';
  const featResult = compareSets(a.features, b.features);
  const responsible = [...catalog.names(a.features.andNot(b.features)), ...catalog.names(b.features.andNot(a.features))];
  if (vendorResult !== 'identical') responsible.push('vendor');
  return { result: combineResults(vendorResult, featResult), 'responsible-properties': responsible };
}
