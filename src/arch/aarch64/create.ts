/**
 * The aarch64 driver from checked options (arch/index.ts checks them): one
 * module per architecture, so that a command loads only the one it needs.
 */
import type { Accel, CpuDriver } from '../../core/driver.js';
import { fail, ok, type Result } from '../../core/errors.js';
import type { Profile } from '../../core/profile.js';
import { aarch64Catalog } from './catalog.js';
import { checkKvmHost } from '../kvm-host.js';
import { Aarch64Driver } from './driver.js';
import { probeHostText as probeAarch64 } from './probe.js';

export function create(accel: Accel, profile: Profile, given?: { text: string; origin: string }): Result<CpuDriver> {
  const cat = aarch64Catalog(profile);
  let host;
  if (given) {
    const h = probeAarch64(cat, given.text, given.origin);
    if (!h.ok) return h;
    host = h.value;
  }
  const k = checkKvmHost('aarch64', accel, host);
  if (!k.ok) return k;
  return ok(new Aarch64Driver({ accel, profile: profile, ...(host ? { host } : {}) }));
}
