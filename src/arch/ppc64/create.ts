/**
 * The ppc64 driver from checked options (arch/index.ts checks them): one
 * module per architecture, so that a command loads only the one it needs.
 */
import type { Accel, CpuDriver } from '../../core/driver.js';
import { fail, ok, type Result } from '../../core/errors.js';
import type { Profile } from '../../core/profile.js';
import { ppc64Catalog } from './catalog.js';
import { Ppc64Driver } from './driver.js';
import { checkKvmHost } from '../kvm-host.js';
import { probeHostText as probePpc64 } from './probe.js';

export function create(accel: Accel, profile: Profile, given?: { text: string; origin: string }): Result<CpuDriver> {
  const cat = ppc64Catalog(profile);
  let host;
  if (given) {
    const h = probePpc64(cat, given.text, given.origin);
    if (!h.ok) return h;
    host = h.value;
  }
  const k = checkKvmHost('ppc64', accel, host);
  if (!k.ok) return k;
  return ok(new Ppc64Driver({ accel, profile: cat.profile, ...(host ? { host } : {}) }));
}
