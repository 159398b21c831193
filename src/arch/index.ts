/**
 * The driver registry: one entry per architecture, all behind CpuDriver.
 */
import type { CpuDriver } from '../core/driver.js';
import type { Result } from '../core/errors.js';
import { checkDriverOptions, type DriverOptions } from './arches.js';
import { create as createS390 } from './s390x/create.js';
import { create as createX86 } from './x86_64/create.js';
import { create as createAarch64 } from './aarch64/create.js';
import { create as createPpc64 } from './ppc64/create.js';

/** The releases a catalog profile can name, and reading a release from a version or machine type (for domcapabilities files). */
export { RELEASES, NEWEST_RELEASE, PROFILES, checkProfile, releaseFromVersion, type Profile, type Release } from '../core/profile.js';
export { catalogChange, modelReleases, type CatalogChange } from './releases.js';

export { ARCHES, IMPLEMENTED_ARCHES, checkArch, checkDriverOptions, loadDriver, type DriverOptions } from './arches.js';

const CREATE = { s390x: createS390, x86_64: createX86, ppc64: createPpc64, aarch64: createAarch64 } as const;

export function createDriver(opts: DriverOptions): Result<CpuDriver> {
  const c = checkDriverOptions(opts);
  if (!c.ok) return c;
  return CREATE[c.value.arch](c.value.accel, c.value.profile, opts.host);
}
