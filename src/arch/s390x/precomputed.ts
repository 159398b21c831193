/**
 * What the s390x catalog can take precomputed: undefined here, so that the
 * catalog computes it. tools/build-oneshot.mjs replaces this module in the
 * one-shot bundles with the build's own answer (encodeCumulative per profile,
 * packed by packCumulative);
 * catalog.test.ts checks that it decodes to what is computed.
 */
import type { PackedS390Cumulative } from './catalog.js';

export const S390_PRECOMPUTED_CUMULATIVE: PackedS390Cumulative | undefined = undefined;
