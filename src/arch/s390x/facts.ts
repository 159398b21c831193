import type { ArchFacts } from '../facts.js';

/** s390x: libvirt's host-passthrough is not migratable; the ccw machine; IBM's models. */
export const S390X_FACTS: ArchFacts = {
  arch: 's390x',
  hostPassthroughMigratable: ['off'],
  maximum: true,
  probeMachine: 's390-ccw-virtio',
  tcgDefaultCpu: 'qemu',
  aliases: [],
  nodeArch: 's390x',
  cpuid: false,
  probesLocally: true,
  libvirtCpuMap: false,
  hostModelFromHostDoc: true,
  // libvirt names IBM the vendor of every s390x model but QEMU's own max and qemu
  modelVendor: (name) => (name === 'max' || name === 'qemu' ? 'unknown' : 'IBM'),
  // the CPU definition (generation/GA/machine type) decides runnability
  classIdent: (doc) => doc.model,
};
