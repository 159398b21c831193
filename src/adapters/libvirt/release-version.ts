/**
 * A libvirt release number and its parsing: apart from the release data so
 * that start-up (reading `virsh --version`) loads nothing else.
 */
import { fail, ok, type Result } from '../../core/errors.js';

/** A libvirt release, e.g. 9.0.0. */
export interface LibvirtRelease {
  readonly major: number;
  readonly minor: number;
  readonly micro: number;
  /** "9.0.0" */
  readonly text: string;
}

function rel(major: number, minor: number, micro: number): LibvirtRelease {
  return { major, minor, micro, text: `${major}.${minor}.${micro}` };
}

/** A release as one comparable number. */
export const releaseNumber = (r: LibvirtRelease): number => r.major * 1_000_000 + r.minor * 1_000 + r.micro;

/** "9.0", "9.0.0", "v9.0.0", "libvirtd (libvirt) 9.0.0" → 9.0.0. */
export function parseLibvirtRelease(s: string): Result<LibvirtRelease> {
  const m = /(?:^|[\s(v])(\d{1,3})\.(\d{1,3})(?:\.(\d{1,3}))?(?:\s|$|[-+~)])/.exec(` ${s.trim()} `);
  if (!m) {
    return fail({ code: 'bad-option', message: `'${s}' is not a libvirt release`, value: s, hint: 'give MAJOR.MINOR[.MICRO], e.g. --libvirt 9.0 (virsh --version prints it)' });
  }
  return ok(rel(Number(m[1]), Number(m[2]), Number(m[3] ?? 0)));
}

