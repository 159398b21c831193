import type { ArchFacts } from '../facts.js';

/** ppc64 (and ppc64le): QEMU has no `max` CPU; host-passthrough is not migratable. */
export const PPC64_FACTS: ArchFacts = {
  arch: 'ppc64',
  hostPassthroughMigratable: ['off'],
  maximum: false,
  probeMachine: 'none',
  tcgDefaultCpu: 'max',
  aliases: ['ppc64le'],
  nodeArch: 'ppc64',
  cpuid: false,
  probesLocally: false,
  libvirtCpuMap: false,
  hostModelFromHostDoc: false,
  modelVendor: () => 'unknown',
  classIdent: (doc) => doc.model,
};
