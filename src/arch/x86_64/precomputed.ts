/**
 * What the x86_64 catalog can take precomputed: undefined here, so that the
 * catalog computes it. tools/build-oneshot.mjs replaces this module in the
 * one-shot bundles with the build's own answers, per profile: the table
 * models' classes (encodeModelClasses) and what the catalog derives from the
 * feature tables (encodeCore); and what each table model expands to
 * (X86_PRECOMPUTED_EXPANDED). catalog.test.ts and driver.test.ts check that
 * each decodes to what is computed.
 */
import type { EncodedX86Class, EncodedX86Core } from './catalog.js';
import type { EncodedPlainExpansions } from './driver.js';
import type { CpuinfoNaming } from './cpuid.js';

export const X86_PRECOMPUTED_CLASSES: Readonly<Record<string, readonly EncodedX86Class[]>> | undefined = undefined;

export const X86_PRECOMPUTED_CORE: Readonly<Record<string, EncodedX86Core>> | undefined = undefined;

/**
 * The features each table model expands to without props (driver.ts
 * computePlainExpansions: under TCG, and under KVM with a host), per profile,
 * as the driver's parse finds them; what `models` judges against the host.
 */
export const X86_PRECOMPUTED_EXPANDED: Readonly<Record<string, EncodedPlainExpansions>> | undefined = undefined;

/** How /proc/cpuinfo flags are named, per vocabulary (QEMU's: cpuid.ts computeCpuinfoNaming), for a KVM host's features. */
export const X86_PRECOMPUTED_CPUINFO_NAMING: Readonly<{ qemu: CpuinfoNaming }> | undefined = undefined;
