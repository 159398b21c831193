/**
 * What the x86_64 catalog can take precomputed: undefined here, so that the
 * catalog computes it. tools/build-oneshot.mjs replaces this module in the
 * one-shot bundles with the build's own answer (encodeModelClasses per
 * profile); catalog.test.ts checks that the answer decodes to what is computed.
 */
import type { EncodedX86Class } from './catalog.js';

export const X86_PRECOMPUTED_CLASSES: Readonly<Record<string, readonly EncodedX86Class[]>> | undefined = undefined;
