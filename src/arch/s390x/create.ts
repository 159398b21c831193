/**
 * The s390x driver from checked options (arch/index.ts checks them): one
 * module per architecture, so that a command loads only the one it needs.
 */
import type { Accel, CpuDriver } from '../../core/driver.js';
import { fail, ok, type Result } from '../../core/errors.js';
import type { Profile } from '../../core/profile.js';
import { s390Catalog } from './catalog.js';
import { S390Driver } from './driver.js';
import { checkKvmHost } from '../kvm-host.js';
import { probeText } from './probe.js';

export function create(accel: Accel, profile: Profile, given?: { text: string; origin: string }): Result<CpuDriver> {
  const cat = s390Catalog(profile);
  let host;
  if (given) {
    const p = probeText(cat, given.text, given.origin);
    if (!p.ok) return fail({ ...p.error, message: `${given.origin}: ${p.error.message.replace(`${given.origin}: `, '')}` });
    host = { def: p.value.def, features: p.value.features, source: `${p.value.source}:${given.origin}` };
  }
  const k = checkKvmHost('s390x', accel, host);
  if (!k.ok) return k;
  return ok(new S390Driver({ accel, profile, ...(host ? { host } : {}) }));
}
