/**
 * The direct `compare A B` path's comparisons (adapters/cli/compare-direct.ts),
 * per architecture: each the driver's own function (its compare.ts), given
 * two models as the table stores them (compare-direct-table.ts): a key (what
 * the architecture compares besides features) and a feature set.
 */
import type { FeatureSet } from '../core/bitset.js';
import type { FeatureCatalog } from '../core/catalog.js';
import type { ComparisonInfo } from '../core/driver.js';
import { compareS390Models } from './s390x/compare.js';
import { compareX86Cpus } from './x86_64/compare.js';
import { comparePpc64Models } from './ppc64/compare.js';
import { compareAarch64Cpus } from './aarch64/compare.js';

/** A stored model: its key and its features. */
export interface KeyedModel {
  key: readonly (string | number)[];
  features: FeatureSet;
}

export const DIRECT_COMPARE: Readonly<Record<string, (catalog: FeatureCatalog, a: KeyedModel, b: KeyedModel) => ComparisonInfo>> = {
  // key: [generation, GA]
  s390x: (c, a, b) => compareS390Models(c, { def: { gen: Number(a.key[0]), ga: Number(a.key[1]) }, features: a.features }, { def: { gen: Number(b.key[0]), ga: Number(b.key[1]) }, features: b.features }),
  // key: [vendor] ('' for none)
  x86_64: (c, a, b) => compareX86Cpus(c, { identity: { vendor: String(a.key[0]) }, features: a.features }, { identity: { vendor: String(b.key[0]) }, features: b.features }),
  // key: [family name] (the build checks that each name is one family)
  ppc64: (c, a, b) => comparePpc64Models(c, { cls: { family: a.key[0] }, features: a.features }, { cls: { family: b.key[0] }, features: b.features }),
  // key: [MIDR implementer]
  aarch64: (c, a, b) => compareAarch64Cpus(c, { cls: { midr: { implementer: Number(a.key[0]) } }, features: a.features }, { cls: { midr: { implementer: Number(b.key[0]) } }, features: b.features }),
};

/**
 * How a model name is looked up, where an architecture's lookup is not exact:
 * ppc64's names are case-insensitive (POWER9 is power9), so its table is keyed
 * by the lower-case spelling; the others' by the name itself.
 */
export const DIRECT_COMPARE_SPELLING: Readonly<Record<string, (name: string) => string>> = {
  ppc64: (name) => name.toLowerCase(),
};

/** The key a name has in its architecture's table. */
export const spellingOf = (arch: string, name: string): string => (Object.hasOwn(DIRECT_COMPARE_SPELLING, arch) ? DIRECT_COMPARE_SPELLING[arch]!(name) : name);
