/**
 * Catalog profiles: one view of the data per QEMU release.
 *
 * Every row of the data tables (model, version, alias, feature, …) may carry
 * a lifespan: `since`, the QEMU release that added it (absent: it is older
 * than 4.2, the oldest release we know), and `removed`, the first release
 * that no longer has it. A deprecation is a release too (`deprecatedSince`).
 * A profile is a release ('4.2' … '11.1') or 'latest' (everything that has
 * not been removed); the data is declared once and each view is computed.
 */
import { err, fail, ok, type Result } from './errors.js';
import { near } from './suggest.js';

/** Every QEMU release the catalog knows, oldest first. */
export const RELEASES = [
  '4.2', '5.0', '5.1', '5.2', '6.0', '6.1', '6.2', '7.0', '7.1', '7.2',
  '8.0', '8.1', '8.2', '9.0', '9.1', '9.2', '10.0', '10.1', '10.2', '11.0', '11.1',
] as const;
export type Release = (typeof RELEASES)[number];
export type Profile = Release | 'latest';
export const PROFILES: readonly Profile[] = [...RELEASES, 'latest'];
/** The default view: QEMU 7.2, the release whose answers we reproduce byte for byte. */
export const DEFAULT_PROFILE: Profile = '7.2';
export const NEWEST_RELEASE: Release = RELEASES[RELEASES.length - 1]!;

/** A row's lifespan in QEMU releases. */
export interface Lifespan {
  readonly since?: string;
  readonly removed?: string;
}

/** 'X.Y' → a comparable number; 'latest' is after every release. */
export function releaseOrder(r: string): number {
  if (r === 'latest') return Infinity;
  const [a = 0, b = 0] = r.split('.').map(Number);
  return a * 1000 + b;
}

/** Is release `a` the same as or later than `b`? */
export const atLeast = (a: string, b: string): boolean => releaseOrder(a) >= releaseOrder(b);

/**
 * Is a row added in `since` (always, when absent) and removed in `removed`
 * (never, when absent) part of the profile?
 */
export function visibleIn(since: string | undefined, profile: Profile, removed?: string): boolean {
  if (since && !atLeast(profile, since)) return false;
  return !(removed && atLeast(profile, removed));
}

/** `visibleIn` for a row with a lifespan. */
export const alive = (row: Lifespan, profile: Profile): boolean => visibleIn(row.since, profile, row.removed);

/** Is a row deprecated since `deprecatedSince` deprecated in the profile? */
export const deprecatedIn = (deprecatedSince: string | undefined, profile: Profile): boolean => deprecatedSince !== undefined && atLeast(profile, deprecatedSince);

/** The release a profile stands for ('latest' is the newest release). */
export const releaseOf = (profile: Profile): Release => (profile === 'latest' ? NEWEST_RELEASE : profile);

/** A profile name, checked: '9.1', 'latest' (also '9.1.0' and 'v9.1'). */
export function checkProfile(value: string): Result<Profile> {
  const v = value.trim().replace(/^v/i, '').replace(/^(\d+\.\d+)\.0$/, '$1');
  if ((PROFILES as readonly string[]).includes(v)) return ok(v as Profile);
  return err('bad-option', `unknown catalog profile '${value}'`, {
    value,
    ...near(value, PROFILES),
    hint: `known: the QEMU releases ${RELEASES[0]} … ${NEWEST_RELEASE}, and latest`,
  });
}

/**
 * The QEMU release a version string or a versioned machine type names:
 * '9.1', '9.1.0', '9.1.2' → '9.1'; a development version 'X.Y.50' or later
 * → the release after X.Y; 'pc-q35-9.1', 'pc-i440fx-6.2', 'virt-10.0',
 * 's390-ccw-virtio-9.1', 'pseries-10.0' → the release of that number.
 * Undefined when the string names no version, or one before 4.2 or after
 * the newest release we know.
 */
export function releaseFromVersion(text: string): Release | undefined {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?\s*$/.exec(text.trim());
  if (!m) return undefined;
  const r = `${Number(m[1])}.${Number(m[2])}`;
  const i = (RELEASES as readonly string[]).indexOf(r);
  if (i < 0) return undefined;
  if (Number(m[3] ?? 0) >= 50) return RELEASES[i + 1];
  return RELEASES[i];
}

/** One catalog per profile, built on first use. */
export function perProfile<T>(build: (profile: Profile) => T): (profile?: Profile) => T {
  const cache = new Map<Profile, T>();
  return (profile = DEFAULT_PROFILE) => {
    let c = cache.get(profile);
    if (c === undefined) {
      c = build(profile);
      cache.set(profile, c);
    }
    return c;
  };
}
