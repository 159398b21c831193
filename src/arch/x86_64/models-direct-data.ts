/**
 * The direct `models` table (models-direct.ts): undefined here, so that the
 * full path answers. tools/build-oneshot.mjs replaces this module in the
 * direct bundle (dist/oneshot-models-kvm.cjs) with computeDirectModels'
 * answer for the default profile.
 */
import type { DirectModelsTable } from './models-direct.js';

export const X86_DIRECT_MODELS: DirectModelsTable | undefined = undefined;
