import type { ArchFacts } from './facts.js';

/**
 * What ppc64 and aarch64 share: libvirt has no CPUID-style cpu_map for them
 * (a host is its model name, its vendor 'unknown'), there is no CPUID to
 * read, and this machine's CPU is described only by a file or a QMP reply.
 */
export const MODEL_NAMED_FACTS = {
  cpuid: false,
  probesLocally: false,
  libvirtCpuMap: false,
  hostModelFromHostDoc: false,
  modelVendor: () => 'unknown',
  classIdent: (doc) => doc.model,
} as const satisfies Partial<ArchFacts>;
