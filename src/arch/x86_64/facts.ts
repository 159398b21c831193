import type { ArchFacts } from '../facts.js';

/** x86_64 (and i386/i686 binaries and libvirt `<arch>`). */
export const X86_64_FACTS: ArchFacts = {
  arch: 'x86_64',
  hostPassthroughMigratable: ['on', 'off'],
  maximum: true,
  probeMachine: 'none',
  tcgDefaultCpu: 'max',
  aliases: ['i386', 'i686'],
  nodeArch: 'x64',
  cpuid: true,
  probesLocally: true,
  libvirtCpuMap: true,
  hostModelFromHostDoc: true,
  modelVendor: () => 'unknown',
  // the vendor, and what the runnability engine builds the host's driver from (the source's view, the QEMU release, the accelerator)
  classIdent: (doc, sep) => [typeof doc.identity['vendor'] === 'string' ? (doc.identity['vendor'] as string) : '', doc.source.kind, doc.release ?? '', doc.accel ?? ''].join(sep),
};
