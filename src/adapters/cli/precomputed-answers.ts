/**
 * One-shot answers the build can give in advance: `models` under TCG without a
 * host file, per "ARCH PROFILE", as text and as --json (what cmdModels prints).
 * undefined here, so that runFast computes them; tools/build-oneshot.mjs
 * replaces this module in the one-shot bundles with its own run of cmdModels
 * (precomputed-answers.test.ts checks the bundles' answers against it).
 */
export const PRECOMPUTED_MODELS: Readonly<Record<string, { text: string; json: string }>> | undefined = undefined;
