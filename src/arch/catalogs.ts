/**
 * Each architecture's feature catalog by profile, in one table: code outside
 * src/arch looks a catalog up instead of branching on the architecture.
 */
import type { FeatureCatalog } from '../core/catalog.js';
import type { Arch } from '../core/driver.js';
import type { Profile } from '../core/profile.js';
import { s390Catalog } from './s390x/catalog.js';
import { x86Catalog } from './x86_64/catalog.js';
import { ppc64Catalog } from './ppc64/catalog.js';
import { aarch64Catalog } from './aarch64/catalog.js';

const CATALOGS: Readonly<Record<Arch, (profile: Profile) => FeatureCatalog>> = {
  s390x: (p) => s390Catalog(p).features,
  x86_64: (p) => x86Catalog(p).features,
  ppc64: (p) => ppc64Catalog(p).features,
  aarch64: (p) => aarch64Catalog(p).features,
};

/** An architecture's feature catalog (the newest by default); undefined for an architecture we do not know. */
export function featureCatalog(arch: string, profile: Profile = 'latest'): FeatureCatalog | undefined {
  return (CATALOGS as Record<string, ((p: Profile) => FeatureCatalog) | undefined>)[arch]?.(profile);
}
