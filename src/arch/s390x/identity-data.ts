/**
 * The definitions the direct `s390x identify` path reads (adapters/cli/
 * identify-direct.ts), per catalog profile: undefined here, so that the full
 * path answers. tools/build-oneshot.mjs replaces this module in the direct
 * bundle (dist/oneshot-identify-direct.cjs) with identityDefsOf's answer for
 * every profile, made by the catalog's own code.
 */
import type { IdentityDef } from './identity.js';

export const S390_IDENTITY_DEFS: Readonly<Record<string, () => readonly IdentityDef[]>> | undefined = undefined;
