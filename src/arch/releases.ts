/**
 * What a QEMU upgrade changes in an architecture's catalog: the difference
 * between two releases' views of the same data (core/profile.ts), in the
 * vocabulary of query-cpu-definitions. The upgrade forecast builds on it.
 */
import { ok, type Result } from '../core/errors.js';
import { checkProfile, RELEASES, type Release } from '../core/profile.js';
import { createDriver } from './index.js';

export interface AliasChange {
  name: string;
  from: string;
  to: string;
}

export interface CatalogChange {
  arch: string;
  from: string;
  to: string;
  /** names only `to` lists */
  added: string[];
  /** names only `from` lists */
  removed: string[];
  /** names both list, deprecated only in `to` */
  deprecated: string[];
  /** names both list, deprecated only in `from` */
  undeprecated: string[];
  /** aliases both list that name another model */
  alias_changed: AliasChange[];
  /**
   * Versioned (x86 `-vN`) or static (s390x `-base`) models both list whose
   * features differ. QEMU promises that none does: each entry is a QEMU bug
   * (6.1's Cooperlake avx-vnni) or a fault in our data.
   */
  changed: string[];
}

interface View {
  names: Map<string, { deprecated: boolean; aliasOf?: string; fixed: boolean }>;
  features: (name: string) => string[] | undefined;
}

/** The model an alias stands for: QEMU's `alias-of`, or the class its typename names (ppc64). */
function aliasTarget(d: { name: string; typename?: string; 'alias-of'?: string }): string | undefined {
  if (d['alias-of']) return d['alias-of'];
  const cls = d.typename?.replace(/-[a-z0-9_]+-cpu$/, '');
  return cls && cls !== d.name ? cls : undefined;
}

function view(arch: string, profile: string): Result<View> {
  const d = createDriver({ arch, profile });
  if (!d.ok) return d;
  const driver = d.value;
  const names = new Map(
    driver.definitions().map((x) => {
      const aliasOf = aliasTarget(x);
      return [x.name, { deprecated: !!x.deprecated, fixed: !aliasOf && (/-v\d+$/.test(x.name) || !!x.static), ...(aliasOf ? { aliasOf } : {}) }];
    }),
  );
  const features = (name: string) => {
    const r = driver.resolve({ name });
    return r.ok ? driver.catalog.names(r.value.features).sort() : undefined;
  };
  return ok({ names, features });
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The catalog change of `arch` from release `from` to release `to` (each list sorted by name). */
export function catalogChange(arch: string, from: string, to: string): Result<CatalogChange> {
  for (const p of [from, to]) {
    const c = checkProfile(p);
    if (!c.ok) return c;
  }
  const a = view(arch, from);
  if (!a.ok) return a;
  const b = view(arch, to);
  if (!b.ok) return b;
  const A = a.value.names;
  const B = b.value.names;
  const both = [...A.keys()].filter((n) => B.has(n)).sort(byName);
  const changed = both.filter((n) => {
    if (!A.get(n)!.fixed || !B.get(n)!.fixed) return false;
    const fa = a.value.features(n);
    const fb = b.value.features(n);
    return JSON.stringify(fa) !== JSON.stringify(fb);
  });
  return ok({
    arch,
    from,
    to,
    added: [...B.keys()].filter((n) => !A.has(n)).sort(byName),
    removed: [...A.keys()].filter((n) => !B.has(n)).sort(byName),
    deprecated: both.filter((n) => !A.get(n)!.deprecated && B.get(n)!.deprecated),
    undeprecated: both.filter((n) => A.get(n)!.deprecated && !B.get(n)!.deprecated),
    alias_changed: both
      .filter((n) => A.get(n)!.aliasOf && B.get(n)!.aliasOf && A.get(n)!.aliasOf !== B.get(n)!.aliasOf)
      .map((n) => ({ name: n, from: A.get(n)!.aliasOf!, to: B.get(n)!.aliasOf! })),
    changed,
  });
}

const namesCache = new Map<string, ReadonlySet<string>>();

/** The names a release's query-cpu-definitions lists for `arch` (cached). */
function namesIn(arch: string, release: Release): ReadonlySet<string> {
  const key = `${arch} ${release}`;
  let names = namesCache.get(key);
  if (!names) {
    const d = createDriver({ arch, profile: release });
    names = new Set(d.ok ? d.value.definitions().map((x) => x.name) : []);
    namesCache.set(key, names);
  }
  return names;
}

/**
 * The QEMU releases whose catalog lists model `name` for `arch`, oldest
 * first (empty when none does): what an error can say when a release lacks
 * a model ("added in 8.0", "removed in 7.1").
 */
export function modelReleases(arch: string, name: string): Release[] {
  return RELEASES.filter((r) => namesIn(arch, r).has(name));
}
