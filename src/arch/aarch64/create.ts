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
import { wrongArch, type DriverHost } from '../arches.js';

export function create(accel: Accel, profile: Profile, given?: DriverHost): Result<CpuDriver> {
  const cat = aarch64Catalog(profile);
  let host;
  if (given?.doc) {
    // a host document: its MIDR (implementer, part …; unknown: zero) and its hwcaps
    const doc = given.doc;
    if (doc.arch !== 'aarch64') return wrongArch(doc.arch, 'aarch64', given.origin);
    const id = doc.identity as { implementer?: string; part?: string; variant?: number; revision?: number };
    const num = (v: string | undefined) => (v ? parseInt(v, 16) || 0 : 0);
    host = { midr: { implementer: num(id.implementer), variant: id.variant ?? 0, architecture: 0xf, part: num(id.part), revision: id.revision ?? 0 }, features: cat.features.setOf(doc.features.filter((n) => cat.features.feature(n))), source: `${doc.source.kind}:${given.origin}` };
  } else if (given) {
    const h = probeAarch64(cat, given.text, given.origin);
    if (!h.ok) return h;
    host = h.value;
  }
  const k = checkKvmHost('aarch64', accel, host);
  if (!k.ok) return k;
  return ok(new Aarch64Driver({ accel, profile: profile, ...(host ? { host } : {}) }));
}
