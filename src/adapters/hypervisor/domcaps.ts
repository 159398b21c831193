/**
 * libvirt's domcapabilities `<cpu>` block for a cached hypervisor, as
 * `virsh domcapabilities` reports it for that QEMU:
 *
 *  - domain: kvm when the probe ran under KVM, else qemu (TCG);
 *  - host-passthrough: supported under KVM only; maximum: where QEMU has a
 *    `max` CPU (every architecture but ppc64);
 *  - host-model: from the cached expansion's host document (x86_64, s390x),
 *    computed as for any host (src/host/domcaps.ts); not supported where the
 *    cache holds no expansion (ppc64) or libvirt has no host-model (aarch64);
 *  - custom: the models of query-cpu-definitions — x86 only the names
 *    libvirt's cpu_map knows (aliases with canonical=), ppc64 libvirt's
 *    cpu_map models QEMU offers, s390x and aarch64 every model but `host` —
 *    sorted by name, with usable from QEMU's unavailable-features: 'yes'
 *    when empty, 'no' with the blockers (in libvirt's names) when not,
 *    'unknown' when QEMU does not say (ppc64, aarch64).
 */
import { ppc64Catalog } from '../../arch/ppc64/catalog.js';
import { archFacts } from '../../arch/facts.js';
import { libvirtModel } from '../../arch/x86_64/hostmodel.js';
import { x86NameMap } from '../../arch/x86_64/names.js';
import { computeDomCaps } from '../../host/domcaps.js';
import type { DomCapsCpu, DomCapsModel } from '../libvirt/domcaps.js';
import type { HypervisorRecord } from './cache.js';

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

const x86LibvirtName = (qemu: string): string => x86NameMap().qemuToLibvirt.get(qemu) ?? qemu;

function usableOf(d: HypervisorRecord['definitions'][number], rename: (f: string) => string): Pick<DomCapsModel, 'usable' | 'blockers'> {
  const un = d['unavailable-features'];
  if (!Array.isArray(un)) return { usable: 'unknown' };
  if (!un.length) return { usable: 'yes' };
  return { usable: 'no', blockers: [...new Set(un.map(rename))].sort() };
}

function customModels(rec: HypervisorRecord): DomCapsModel[] {
  const defs = rec.definitions.filter((d) => d.name !== 'host');
  const models: DomCapsModel[] = [];
  switch (rec.arch) {
    case 'x86_64':
      for (const d of defs) {
        const lv = libvirtModel(d.name);
        if (!lv) continue;
        const m: DomCapsModel = { name: d.name, ...usableOf(d, x86LibvirtName), vendor: lv.vendor ?? 'unknown' };
        if (d.deprecated) m.deprecated = true;
        if (typeof d['alias-of'] === 'string') m.canonical = d['alias-of'];
        models.push(m);
      }
      break;
    case 'ppc64': {
      const offered = new Map(defs.map((d) => [d.name.toUpperCase(), d]));
      for (const lm of ppc64Catalog('latest').libvirtModels) {
        const d = offered.get(lm.name);
        if (d) models.push({ name: lm.name, ...usableOf(d, (f) => f), vendor: lm.vendor });
      }
      break;
    }
    default:
      for (const d of defs) {
        const m: DomCapsModel = { name: d.name, ...usableOf(d, (f) => f), vendor: archFacts(rec.arch)?.modelVendor(d.name) ?? 'unknown' };
        if (d.deprecated) m.deprecated = true;
        models.push(m);
      }
  }
  return models.sort(byName);
}

/** The domcapabilities `<cpu>` block of a cached hypervisor, with notes on what it could not say. */
export function domCapsOfRecord(rec: HypervisorRecord): { cpu: DomCapsCpu; notes: string[] } {
  const notes = [...(rec.notes ?? [])];
  const kvm = rec.accel === 'kvm';
  let hostModel: DomCapsCpu['hostModel'] = { supported: false, enums: [], features: [] };
  if (rec.hostDoc && archFacts(rec.arch)?.hostModelFromHostDoc) {
    const hd = computeDomCaps(JSON.stringify(rec.hostDoc), rec.name);
    if (hd.ok && hd.value.cpu.hostModel) hostModel = hd.value.cpu.hostModel;
    else if (!hd.ok) notes.push(`no host-model: ${hd.error.message}`);
  }
  const onOff = (name: string, values: string[]) => ({ name, values });
  const facts = archFacts(rec.arch);
  const cpu: DomCapsCpu = {
    ...(rec.binary ? { path: rec.binary.path } : {}),
    domain: kvm ? 'kvm' : 'qemu',
    arch: rec.arch,
    hostPassthrough: kvm ? { supported: true, enums: [onOff('hostPassthroughMigratable', [...(facts?.hostPassthroughMigratable ?? ['off'])])] } : { supported: false, enums: [] },
    maximum: facts && !facts.maximum ? { supported: false, enums: [] } : { supported: true, enums: [onOff('maximumMigratable', ['on', 'off'])] },
    hostModel,
    custom: { supported: true, enums: [], models: customModels(rec) },
  };
  return { cpu, notes };
}
