/**
 * Data the build can compute in advance for one-shot answers: the definitions
 * table `models` reads (each model's name, alias target, static, deprecated,
 * migration-safe and its unavailable features under TCG, without a host
 * file), per "ARCH PROFILE" for the default profile. It is data, not an
 * answer: runFast formats it with formatModels, as cmdModels does a driver's.
 * undefined here, so that runFast asks the driver; tools/build-oneshot.mjs
 * replaces this module in the one-shot bundles with the drivers' own
 * definitions() (precomputed-definitions.test.ts checks each bundle's table
 * and answer against the runtime computation).
 */
import type { CpuDefinitionInfo } from '../../core/driver.js';

export const PRECOMPUTED_DEFINITIONS: Readonly<Record<string, readonly CpuDefinitionInfo[]>> | undefined = undefined;
