import type { ArchFacts } from '../facts.js';
import { MODEL_NAMED_FACTS } from '../model-named-facts.js';

/** ppc64 (and ppc64le): QEMU has no `max` CPU; host-passthrough is not migratable. */
export const PPC64_FACTS: ArchFacts = {
  arch: 'ppc64',
  hostPassthroughMigratable: ['off'],
  maximum: false,
  probeMachine: 'none',
  tcgDefaultCpu: 'max',
  aliases: ['ppc64le'],
  nodeArch: 'ppc64',
  hostFiles: 'a ppc64 /proc/cpuinfo or a QMP expansion of host',
  ...MODEL_NAMED_FACTS,
};
