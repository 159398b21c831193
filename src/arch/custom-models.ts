/**
 * domcapabilities' custom models from a QEMU's query-cpu-definitions, the
 * parts every architecture shares: libvirt's usable= (and blockers) of one
 * entry, and the list of architectures whose libvirt offers every QEMU
 * model under its own name (s390x, aarch64).
 */
import type { DomCapsModel } from '../core/libvirt-model.js';
import type { CpuDefinitionFacts } from '../core/management.js';

/** 'yes' when unavailable-features is empty, 'no' with the blockers (renamed, sorted) when not, 'unknown' when QEMU does not say. */
export function usableOf(d: CpuDefinitionFacts, rename: (feature: string) => string = (f) => f): Pick<DomCapsModel, 'usable' | 'blockers'> {
  const un = d['unavailable-features'];
  if (!Array.isArray(un)) return { usable: 'unknown' };
  if (!un.length) return { usable: 'yes' };
  return { usable: 'no', blockers: [...new Set(un.map(rename))].sort() };
}

/** Every definition as a custom model, its vendor as libvirt gives it. */
export function everyModel(definitions: readonly CpuDefinitionFacts[], vendorOf: (name: string) => string): DomCapsModel[] {
  return definitions.map((d) => {
    const m: DomCapsModel = { name: d.name, ...usableOf(d), vendor: vendorOf(d.name) };
    if (d.deprecated) m.deprecated = true;
    return m;
  });
}
