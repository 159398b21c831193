/**
 * What the libvirt x86 catalog can take precomputed: undefined here, so that
 * libvirt-cpu.ts builds it from the tables. tools/build-baseline.mjs replaces
 * this module in the `baseline FILE` bundle with the build's own answer
 * (encodeLibvirtX86Catalog of the built catalog); libvirt-cpu.test.ts checks
 * that it decodes to what is built.
 */
import type { EncodedLibvirtX86Catalog } from './libvirt-cpu.js';

export const LIBVIRT_X86_PRECOMPUTED: EncodedLibvirtX86Catalog | undefined = undefined;
