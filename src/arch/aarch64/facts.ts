import type { ArchFacts } from '../facts.js';
import { MODEL_NAMED_FACTS } from '../model-named-facts.js';

/** aarch64: libvirt reports no host-model; host-passthrough is not migratable. */
export const AARCH64_FACTS: ArchFacts = {
  arch: 'aarch64',
  hostPassthroughMigratable: ['off'],
  maximum: true,
  probeMachine: 'none',
  tcgDefaultCpu: 'max',
  aliases: [],
  nodeArch: 'arm64',
  hostFiles: 'an aarch64 /proc/cpuinfo or a QMP expansion of host',
  ...MODEL_NAMED_FACTS,
};
