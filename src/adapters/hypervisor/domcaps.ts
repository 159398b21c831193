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
 *  - custom: the models of query-cpu-definitions, as the architecture's
 *    management driver lists them (customModels: x86 only the names
 *    libvirt's cpu_map knows, aliases with canonical=; ppc64 libvirt's
 *    cpu_map models QEMU offers; s390x and aarch64 every model but `host`),
 *    sorted by name, with usable from QEMU's unavailable-features: 'yes'
 *    when empty, 'no' with the blockers (in libvirt's names) when not,
 *    'unknown' when QEMU does not say (ppc64, aarch64).
 */
import { everyModel } from '../../arch/custom-models.js';
import { archFacts } from '../../arch/facts.js';
import { computeDomCaps } from '../../host/domcaps.js';
import { management } from '../../host/management.js';
import type { DomCapsCpu, DomCapsModel } from '../libvirt/domcaps.js';
import type { HypervisorRecord } from './cache.js';

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The architecture's custom models (the management driver's customModels); an architecture outside the table: every model as QEMU names it, vendor unknown. */
function customModels(rec: HypervisorRecord): DomCapsModel[] {
  const defs = rec.definitions.filter((d) => d.name !== 'host');
  const op = management(rec.arch, 'customModels');
  return (op.ok ? op.value(defs) : everyModel(defs, () => 'unknown')).sort(byName);
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
