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
import { wrongArch, type DriverHost } from '../arches.js';

export function create(accel: Accel, profile: Profile, given?: DriverHost): Result<CpuDriver> {
  const cat = s390Catalog(profile);
  let host;
  if (given?.doc) {
    // a host document: its model (the base model of what the host runs) and its features
    const doc = given.doc;
    if (doc.arch !== 's390x') return wrongArch(doc.arch, 's390x', given.origin);
    const def = cat.defByName(doc.model.replace(/-base$/, ''));
    if (!def) return fail({ code: 'bad-host-data', message: `${given.origin}: the host's model '${doc.model}' is not in the ${profile} catalog`, value: doc.model, hint: "a newer machine than that QEMU release knows: pass --profile latest" });
    host = { def, features: cat.features.setOf(doc.features.filter((n) => cat.features.feature(n))), source: `${doc.source.kind}:${given.origin}` };
  } else if (given) {
    const p = probeText(cat, given.text, given.origin);
    if (!p.ok) return fail({ ...p.error, message: `${given.origin}: ${p.error.message.replace(`${given.origin}: `, '')}` });
    host = { def: p.value.def, features: p.value.features, source: `${p.value.source}:${given.origin}` };
  }
  const k = checkKvmHost('s390x', accel, host);
  if (!k.ok) return k;
  return ok(new S390Driver({ accel, profile, ...(host ? { host } : {}) }));
}
