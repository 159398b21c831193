/**
 * The direct `compare` tables (compare-direct-table.ts), by architecture:
 * undefined here, so that the full path answers. tools/build-oneshot.mjs
 * replaces this module in the direct bundle (dist/oneshot-compare-direct.cjs)
 * with computeCompareTable's answer for each architecture, at the default
 * profile, each parsed when first read.
 */
import type { CompareTable } from './compare-direct-table.js';

export const COMPARE_TABLES: Readonly<Record<string, () => CompareTable>> | undefined = undefined;
