import type { ArchFacts } from '../facts.js';

/** aarch64: libvirt reports no host-model; host-passthrough is not migratable. */
export const AARCH64_FACTS: ArchFacts = {
  arch: 'aarch64',
  hostPassthroughMigratable: ['off'],
  maximum: true,
  probeMachine: 'none',
  tcgDefaultCpu: 'max',
  aliases: [],
  nodeArch: 'arm64',
  cpuid: false,
  probesLocally: false,
  libvirtCpuMap: false,
  hostModelFromHostDoc: false,
  modelVendor: () => 'unknown',
  classIdent: (doc) => doc.model,
};
