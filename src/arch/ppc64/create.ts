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
import { hostFromPvr, probeHostText as probePpc64 } from './probe.js';
import { wrongArch, type DriverHost } from '../arches.js';

export function create(accel: Accel, profile: Profile, given?: DriverHost): Result<CpuDriver> {
  const cat = ppc64Catalog(profile);
  let host;
  if (given?.doc) {
    // a host document: the class its PVR names, with the compat modes it lists
    const doc = given.doc;
    if (doc.arch !== 'ppc64') return wrongArch(doc.arch, 'ppc64', given.origin);
    const id = doc.identity as { pvr?: string; model?: string };
    const cls = (id.model ? cat.lookup(id.model) : undefined) ?? (id.pvr ? cat.classByPvr(parseInt(id.pvr, 16) >>> 0) : undefined) ?? cat.lookup(doc.model);
    if (!cls) return fail({ code: 'bad-host-data', message: `${given.origin}: the host's class '${id.model ?? doc.model}' is not in the ${profile} catalog`, value: id.model ?? doc.model, hint: 'a newer machine than that QEMU release knows: pass --profile latest' });
    const h = hostFromPvr(cat, { pvr: cls.pvr, cpuName: cls.family.name, mode: undefined, altivec: true, revision: '', processors: 1, platform: undefined, model: undefined, machine: undefined, mmu: undefined }, `${doc.source.kind}:${given.origin}`);
    if (!h.ok) return h;
    host = { ...h.value, features: cat.features.setOf(doc.features.filter((n) => cat.features.feature(n))) };
  } else if (given) {
    const h = probePpc64(cat, given.text, given.origin);
    if (!h.ok) return h;
    host = h.value;
  }
  const k = checkKvmHost('ppc64', accel, host);
  if (!k.ok) return k;
  return ok(new Ppc64Driver({ accel, profile: cat.profile, ...(host ? { host } : {}) }));
}
