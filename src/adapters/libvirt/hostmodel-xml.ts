/**
 * libvirt's `<cpu>` XML of an x86 host-model choice (the model of it is
 * arch/x86_64/hostmodel.ts hostModelCpu).
 */
import { hostModelCpu, type DefinitionKind, type HostModelResult } from '../../arch/x86_64/hostmodel.js';
import { writeCpu } from './cpu-xml.js';

/** The host (capabilities, cputest -host.xml) or guest (cputest -guest.xml) `<cpu>` of a host-model choice. */
export function formatHostModelXml(r: HostModelResult, mode: DefinitionKind | 'custom'): string {
  return writeCpu(hostModelCpu(r, mode));
}
