/**
 * What names the build of the direct `models` path under KVM
 * (dist/oneshot-models-kvm.cjs: its table and its code), for the answers it
 * remembers (adapters/cli/models-memo.ts): undefined here, so that nothing
 * is remembered or read back. tools/build-oneshot.mjs replaces this module
 * in the memo bundle (dist/oneshot-models-memo.cjs) with that bundle's
 * content hash.
 */
export const X86_DIRECT_MODELS_ID: string | undefined = undefined;
