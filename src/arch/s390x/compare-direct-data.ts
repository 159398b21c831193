/**
 * The direct s390x `compare` table (compare-direct-table.ts): undefined
 * here, so that the full path answers. tools/build-oneshot.mjs replaces this
 * module in the direct bundle (dist/oneshot-compare-direct.cjs) with
 * computeCompareTable's answer for the default profile.
 */
import type { S390CompareTable } from './compare-direct-table.js';

export const S390_COMPARE_TABLE: S390CompareTable | undefined = undefined;
