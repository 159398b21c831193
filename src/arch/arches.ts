/**
 * The architectures and the checking of driver options: apart from the
 * drivers, so that a command can check first and load one driver after.
 */
import type { Accel, Arch, CpuDriver } from '../core/driver.js';
import { err, fail, ok, type Result } from '../core/errors.js';
import { near } from '../core/suggest.js';
import { checkProfile, DEFAULT_PROFILE, type Profile } from '../core/profile.js';
import type { HostDoc } from '../host/doc.js';
import { detectTextArch } from './detect-arch.js';

export const ARCHES: readonly Arch[] = ['s390x', 'x86_64', 'ppc64', 'aarch64'];
export const IMPLEMENTED_ARCHES: readonly Arch[] = ['s390x', 'x86_64', 'ppc64', 'aarch64'];

export interface DriverOptions {
  arch: string;
  accel?: string;
  profile?: string;
  /**
   * The host: the text of the architecture's own description (/proc/cpuinfo,
   * /proc/sysinfo, a CPUID dump, a QMP expansion reply …), or — for the
   * formats only the host-document reader reads (libvirt XML, host documents;
   * host/read.ts) — that reader's document.
   */
  host?: DriverHost;
}

export function checkArch(arch: string): Result<Arch> {
  if ((IMPLEMENTED_ARCHES as readonly string[]).includes(arch)) return ok(arch as Arch);
  if ((ARCHES as readonly string[]).includes(arch)) {
    return fail({ code: 'unsupported', message: `architecture '${arch}' is not implemented yet`, value: arch, hint: `available: ${IMPLEMENTED_ARCHES.join(', ')}` });
  }
  return err('unknown-arch', `unknown architecture '${arch}'`, { value: arch, ...near(arch, ARCHES, `one of ${ARCHES.join(', ')}`) });
}

/** The checked architecture, accelerator and profile of driver options. */
export function checkDriverOptions(opts: DriverOptions): Result<{ arch: Arch; accel: Accel; profile: Profile }> {
  const a = checkArch(opts.arch);
  if (!a.ok) return a;
  const accel = (opts.accel ?? 'tcg') as Accel;
  if (accel !== 'tcg' && accel !== 'kvm') {
    return err('bad-option', `unknown accelerator '${opts.accel}'`, { value: String(opts.accel), hint: 'use tcg or kvm' });
  }
  const p = checkProfile(opts.profile ?? DEFAULT_PROFILE);
  if (!p.ok) return p;
  // a host text of another architecture is named as such, before the driver's own reader finds it "not a … of this architecture"
  const given = opts.host;
  if (given && !given.doc) {
    const hostArch = detectTextArch(given.text);
    if (hostArch && hostArch !== a.value) return wrongArch(hostArch, a.value, given.origin);
  }
  return ok({ arch: a.value, accel, profile: p.value });
}

/** A host for a driver: its own text, or a host document (doc given: text is not read). */
export type DriverHost = { text: string; origin: string; doc?: HostDoc };

type Create = (accel: Accel, profile: Profile, given?: DriverHost) => Result<CpuDriver>;

/** Each architecture's driver factory (arch/<arch>/create.ts), loaded on first use. */
const FACTORIES: Record<Arch, () => Promise<{ create: Create }>> = {
  s390x: () => import('./s390x/create.js'),
  x86_64: () => import('./x86_64/create.js'),
  ppc64: () => import('./ppc64/create.js'),
  aarch64: () => import('./aarch64/create.js'),
};

/** createDriver (arch/index.ts), loading only the one architecture asked for. */
export async function loadDriver(opts: DriverOptions): Promise<Result<CpuDriver>> {
  const c = checkDriverOptions(opts);
  if (!c.ok) return c;
  const { create } = await FACTORIES[c.value.arch]();
  return create(c.value.accel, c.value.profile, opts.host);
}

/** A host of another architecture given to a driver: the file and both architectures named. */
export function wrongArch(hostArch: string, arch: Arch, origin: string): Result<never> {
  const an = (a: string) => `${/^[aeiosx]/.test(a) ? 'an' : 'a'} ${a}`;
  return fail({ code: 'bad-host-data', message: `${origin} describes ${an(hostArch)} host, not ${arch}`, value: hostArch, hint: `pass --arch ${hostArch}, or a host description of ${an(arch)} host` });
}
