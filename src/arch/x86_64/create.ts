/**
 * The x86_64 driver from checked options (arch/index.ts checks them): one
 * module per architecture, so that a command loads only the one it needs.
 */
import type { FeatureSet } from '../../core/bitset.js';
import type { Accel, CpuDriver } from '../../core/driver.js';
import { fail, ok, type Result } from '../../core/errors.js';
import type { Profile } from '../../core/profile.js';
import { x86Catalog } from './catalog.js';
import { X86Driver } from './driver.js';
import { checkKvmHost } from '../kvm-host.js';
import { detectX86Format, probeX86Text } from './probe.js';
import { x86HostOfDoc } from './host-doc.js';
import { wrongArch, type DriverHost } from '../arches.js';

export function create(accel: Accel, profile: Profile, given?: DriverHost): Result<CpuDriver> {
  let host;
  if (given?.doc) {
    const doc = given.doc;
    if (doc.arch !== 'x86_64') return wrongArch(doc.arch, 'x86_64', given.origin);
    host = x86HostOfDoc(doc, x86Catalog(profile));
  } else if (given) {
    const d = probeX86Text(given.text, given.origin);
    if (!d.ok) return d;
    const cat = x86Catalog(profile);
    const probed = d.value;
    let features: FeatureSet | undefined;
    host = {
      // found when first read: the answer for a table model needs only that the host is there and reads well
      get features(): FeatureSet {
        return (features ??= cat.features.setOf(probed.qemu.filter((n) => cat.features.feature(n))));
      },
      vendor: d.value.vendorString,
      family: d.value.family,
      model: d.value.model,
      stepping: d.value.stepping,
      brand: d.value.brand,
      source: given.origin,
      // QEMU's expansion of `host` under KVM already is KVM's view of the host
      view: detectX86Format(given.text) === 'qmp-expansion' ? ('kvm' as const) : ('cpu' as const),
    };
  }
  const k = checkKvmHost('x86_64', accel, host);
  if (!k.ok) return k;
  return ok(new X86Driver({ accel, profile: profile, ...(host ? { host } : {}) }));
}
