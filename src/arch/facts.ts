/**
 * What the management side (libvirt, a QEMU binary, the fleet) needs to know
 * about an architecture as plain facts, one record per architecture
 * (src/arch/ARCH/facts.ts), registered here: code outside src/arch looks an
 * architecture up instead of branching on its name.
 */
import type { Arch } from '../core/driver.js';
import { S390X_FACTS } from './s390x/facts.js';
import { X86_64_FACTS } from './x86_64/facts.js';
import { PPC64_FACTS } from './ppc64/facts.js';
import { AARCH64_FACTS } from './aarch64/facts.js';

export interface ArchFacts {
  readonly arch: Arch;
  /** libvirt's hostPassthroughMigratable enum in domcapabilities (only x86 migrates host-passthrough) */
  readonly hostPassthroughMigratable: readonly string[];
  /** whether QEMU has a `max` CPU (libvirt's maximum mode) */
  readonly maximum: boolean;
  /** the machine a `-machine none`-like QMP probe starts (s390x has no `none`) */
  readonly probeMachine: string;
  /** the CPU a TCG guest gets when none is named */
  readonly tcgDefaultCpu: string;
  /** names a QEMU binary or libvirt `<arch>` may give this architecture */
  readonly aliases: readonly string[];
  /** Node's `process.arch` for a machine of this architecture */
  readonly nodeArch: string;
  /** whether the CPU has the CPUID instruction (Linux: /dev/cpu/N/cpuid, the `cpuid` tool) */
  readonly cpuid: boolean;
  /** whether this machine's own CPU can be probed from /proc (without a description file) */
  readonly probesLocally: boolean;
  /**
   * whether our copy of libvirt's CPU map covers this architecture in full
   * (CPUID decoding, per-release model and feature tags): libvirt's
   * host-model of a CPUID dump, capabilities documents, older libvirt releases
   */
  readonly libvirtCpuMap: boolean;
  /** whether a host document yields libvirt's host-model block */
  readonly hostModelFromHostDoc: boolean;
  /** the vendor libvirt's domcapabilities give a QEMU model of this name */
  modelVendor(name: string): string;
  /**
   * What besides the features decides runnability of a host document's
   * class (x86: the vendor and what the engine builds the host from; else
   * the CPU model the document names).
   */
  classIdent(doc: { model: string; identity: Readonly<Record<string, unknown>>; source: { kind: string }; release?: string; accel?: string }, sep: string): string;
}

export const ARCH_FACTS: Readonly<Record<Arch, ArchFacts>> = { s390x: S390X_FACTS, x86_64: X86_64_FACTS, ppc64: PPC64_FACTS, aarch64: AARCH64_FACTS };

/** An architecture's facts, by its name or an alias (i386, ppc64le, i686 …); undefined for an unknown one. */
export function archFacts(arch: string | null | undefined): ArchFacts | undefined {
  if (!arch) return undefined;
  const direct = (ARCH_FACTS as Record<string, ArchFacts | undefined>)[arch];
  return direct ?? Object.values(ARCH_FACTS).find((f) => f.aliases.includes(arch));
}

/** The architecture of a Node `process.arch`, if we know it. */
export function archOfNode(nodeArch: string): ArchFacts | undefined {
  return Object.values(ARCH_FACTS).find((f) => f.nodeArch === nodeArch);
}
