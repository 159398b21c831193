/**
 * Catalog profiles. Every fact newer than QEMU 7.2 carries `since` (the
 * QEMU version that added it); a profile picks the view: '7.2' answers
 * exactly as QEMU 7.2, 'latest' keeps everything.
 */
export type Profile = '7.2' | 'latest';
export const PROFILES: readonly Profile[] = ['7.2', 'latest'];

/** Is a row added in QEMU `since` (or always, when absent) part of the profile? */
export function visibleIn(since: string | undefined, profile: Profile): boolean {
  if (!since || profile === 'latest') return true;
  const [a, b = 0] = since.split('.').map(Number) as [number, number?];
  const [x, y = 0] = profile.split('.').map(Number) as [number, number?];
  return a < x || (a === x && b <= y);
}

/** One catalog per profile, built on first use. */
export function perProfile<T>(build: (profile: Profile) => T): (profile?: Profile) => T {
  const cache = new Map<Profile, T>();
  return (profile = '7.2') => {
    let c = cache.get(profile);
    if (c === undefined) {
      c = build(profile);
      cache.set(profile, c);
    }
    return c;
  };
}
