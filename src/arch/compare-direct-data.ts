/**
 * The direct `compare` tables (compare-direct-table.ts), by architecture:
 * undefined here, so that the full path answers. tools/build-oneshot.mjs
 * replaces this module in the direct bundle (dist/oneshot-compare-direct.cjs)
 * with computeCompareTable's answer for each architecture, at the default
 * profile, each parsed when first read.
 */
import type { CompareTable } from './compare-direct-table.js';

export const COMPARE_TABLES: Readonly<Record<string, () => CompareTable>> | undefined = undefined;

/**
 * The same under KVM with this machine's host file, for the architectures
 * whose direct paths read one (x86_64: /proc/cpuinfo; arch/x86_64/direct-resolve.ts
 * resolveStored): compareTableOf over drivers on unlike hosts, so only the
 * names whose parse does not depend on the host. Undefined here too.
 */
export const COMPARE_TABLES_KVM: Readonly<Record<string, () => CompareTable>> | undefined = undefined;
