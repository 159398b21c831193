/**
 * The driver registry: one entry per architecture, all behind CpuDriver.
 */
import type { Accel, Arch, CpuDriver } from '../core/driver.js';
import { fail, ok, type Result } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { checkProfile, DEFAULT_PROFILE } from '../core/profile.js';
import { s390Catalog } from './s390x/catalog.js';
import { S390Driver } from './s390x/driver.js';
import { probeText } from './s390x/probe.js';
import { x86Catalog } from './x86_64/catalog.js';
import { X86Driver } from './x86_64/driver.js';
import { detectX86Format, probeX86Text } from './x86_64/probe.js';
import { aarch64Catalog } from './aarch64/catalog.js';
import { Aarch64Driver } from './aarch64/driver.js';
import { probeHostText as probeAarch64 } from './aarch64/probe.js';
import { ppc64Catalog } from './ppc64/catalog.js';
import { Ppc64Driver } from './ppc64/driver.js';
import { probeHostText as probePpc64 } from './ppc64/probe.js';

/** The releases a catalog profile can name, and reading a release from a version or machine type (for domcapabilities files). */
export { RELEASES, NEWEST_RELEASE, PROFILES, checkProfile, releaseFromVersion, type Profile, type Release } from '../core/profile.js';
export { catalogChange, modelReleases, type CatalogChange } from './releases.js';

export const ARCHES: readonly Arch[] = ['s390x', 'x86_64', 'ppc64', 'aarch64'];
export const IMPLEMENTED_ARCHES: readonly Arch[] = ['s390x', 'x86_64', 'ppc64', 'aarch64'];

export interface DriverOptions {
  arch: string;
  accel?: string;
  profile?: string;
  /** Text of a host description (/proc/cpuinfo, /proc/sysinfo, a QMP expansion reply …). */
  host?: { text: string; origin: string };
}

export function checkArch(arch: string): Result<Arch> {
  if ((IMPLEMENTED_ARCHES as readonly string[]).includes(arch)) return ok(arch as Arch);
  if ((ARCHES as readonly string[]).includes(arch)) {
    return fail({ code: 'unsupported', message: `architecture '${arch}' is not implemented yet`, value: arch, hint: `available: ${IMPLEMENTED_ARCHES.join(', ')}` });
  }
  const hint = didYouMean(arch, ARCHES).trim().replace(/^\((.*)\)$/, '$1');
  return fail({ code: 'invalid-argument', message: `unknown architecture '${arch}'`, value: arch, ...(hint ? { hint } : { hint: `one of ${ARCHES.join(', ')}` }) });
}

export function createDriver(opts: DriverOptions): Result<CpuDriver> {
  const a = checkArch(opts.arch);
  if (!a.ok) return a;
  const accel = (opts.accel ?? 'tcg') as Accel;
  if (accel !== 'tcg' && accel !== 'kvm') {
    return fail({ code: 'invalid-argument', message: `unknown accelerator '${opts.accel}'`, value: String(opts.accel), hint: 'use tcg or kvm' });
  }
  const p = checkProfile(opts.profile ?? DEFAULT_PROFILE);
  if (!p.ok) return p;
  const profile = p.value;
  if (a.value === 'aarch64') {
    const cat = aarch64Catalog(profile);
    let host;
    if (opts.host) {
      const h = probeAarch64(cat, opts.host.text, opts.host.origin);
      if (!h.ok) return h;
      host = h.value;
    }
    if (accel === 'kvm' && !host) return fail({ code: 'invalid-argument', message: 'kvm needs a host capability', hint: 'pass --host FILE (an aarch64 /proc/cpuinfo or a QMP expansion of host)' });
    return ok(new Aarch64Driver({ accel, profile: profile, ...(host ? { host } : {}) }));
  }
  if (a.value === 'ppc64') {
    const cat = ppc64Catalog(profile);
    let host;
    if (opts.host) {
      const h = probePpc64(cat, opts.host.text, opts.host.origin);
      if (!h.ok) return h;
      host = h.value;
    }
    if (accel === 'kvm' && !host) return fail({ code: 'invalid-argument', message: 'kvm needs a host capability', hint: 'pass --host FILE (a ppc64 /proc/cpuinfo or a QMP expansion of host)' });
    return ok(new Ppc64Driver({ accel, profile: cat.profile, ...(host ? { host } : {}) }));
  }
  if (a.value === 'x86_64') {
    let host;
    if (opts.host) {
      const d = probeX86Text(opts.host.text, opts.host.origin);
      if (!d.ok) return d;
      const cat = x86Catalog(profile);
      host = {
        features: cat.features.setOf(d.value.qemu.filter((n) => cat.features.feature(n))),
        vendor: d.value.vendorString,
        family: d.value.family,
        model: d.value.model,
        stepping: d.value.stepping,
        brand: d.value.brand,
        source: opts.host.origin,
        // QEMU's expansion of `host` under KVM already is KVM's view of the host
        view: detectX86Format(opts.host.text) === 'qmp-expansion' ? ('kvm' as const) : ('cpu' as const),
      };
    }
    if (accel === 'kvm' && !host) {
      return fail({ code: 'invalid-argument', message: 'kvm needs a host capability', hint: 'pass --host FILE (a CPUID dump, cpuid -r output, /proc/cpuinfo or a QMP expansion of host)' });
    }
    return ok(new X86Driver({ accel, profile: profile, ...(host ? { host } : {}) }));
  }
  const cat = s390Catalog(profile);
  let host;
  if (opts.host) {
    const p = probeText(cat, opts.host.text, opts.host.origin);
    if (!p.ok) return fail({ ...p.error, message: `${opts.host.origin}: ${p.error.message.replace(`${opts.host.origin}: `, '')}` });
    host = { def: p.value.def, features: p.value.features, source: `${p.value.source}:${opts.host.origin}` };
  }
  if (accel === 'kvm' && !host) {
    return fail({ code: 'invalid-argument', message: 'kvm needs a host capability', hint: 'pass --host FILE (/proc/cpuinfo, /proc/sysinfo or a QMP expansion of host), or run on an s390x host' });
  }
  return ok(new S390Driver({ accel, profile, ...(host ? { host } : {}) }));
}
