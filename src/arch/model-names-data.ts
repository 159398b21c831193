/**
 * Each architecture's model names, as the build stores them for the one-shot
 * bundles (which hold one architecture's driver): undefined here, so that
 * model-names.ts asks the drivers. tools/build-oneshot.mjs replaces this
 * module in the bundles with a reader of dist/model-names.json, which it
 * writes with modelNamesByArch's answer.
 */
export const MODEL_NAMES_STORED: (() => unknown) | undefined = undefined;
