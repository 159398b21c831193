/**
 * The one "kvm needs a host" check: a driver under KVM answers for a host,
 * so it needs that host's description (probed, or --host FILE).
 */
import type { Accel, Arch } from '../core/driver.js';
import { CpuModelException, error, fail, ok, type CpuModelError, type Result } from '../core/errors.js';
import { ARCH_FACTS } from './facts.js';

export function kvmNeedsHost(arch: Arch): CpuModelError {
  const f = ARCH_FACTS[arch];
  return error('kvm-needs-host', 'kvm needs a host capability', {
    value: arch,
    hint: `pass --host FILE (${f.hostFiles})${f.probesLocally ? `, or run on an ${arch} host` : ''}`,
  });
}

/** The host a driver of `accel` gets: an error when KVM has none. */
export function checkKvmHost<H>(arch: Arch, accel: Accel, host: H | undefined): Result<H | undefined> {
  return accel === 'kvm' && host === undefined ? fail(kvmNeedsHost(arch)) : ok(host);
}

/** For driver constructors, which cannot return a Result: throws the same error. */
export function assertKvmHost<H>(arch: Arch, accel: Accel, host: H | null | undefined): void {
  if (accel === 'kvm' && (host === null || host === undefined)) throw new CpuModelException(kvmNeedsHost(arch));
}
