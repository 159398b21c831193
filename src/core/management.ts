/**
 * The management driver interface: what libvirt and a fleet ask per
 * architecture, beside the QMP driver (core/driver.ts). Like libvirt's
 * `struct cpuArchDriver`, every operation is optional; the table of drivers
 * (host/management.ts) is the one place that dispatches on the
 * architecture, and an operation a driver lacks gets one answer:
 * "OPERATION is not supported on ARCH".
 *
 * The types are generic over the host and guest descriptions so the core
 * stays free of formats: the table instantiates them with host documents
 * and libvirt/QMP CPUs.
 */
import { fail, ok, type Result } from './errors.js';
import type { Arch } from './driver.js';
import type { DomCapsModel } from './libvirt-model.js';

/** One model's verdict on a host: the runnability engine's answer. */
export interface RunVerdict {
  name: string;
  runnable: boolean;
  /** what blocks it, QEMU's names (unavailable-features) */
  blockers: string[];
  /** the verdict cannot be known (the host's CPU is not): why; runnable is false then, with no blockers */
  unknown?: string;
}

export interface ManagementDriver<Host, Guest, Cpu, Fleet, FleetAnswer, HostModel, Rules, FleetRules = unknown> {
  readonly arch: Arch;
  /** libvirt's host-model of a host */
  hostModel?(host: Host): Result<HostModel>;
  /** libvirt's cpu-compare (host CPU, guest CPU) */
  compare?(host: Cpu, guest: Cpu): Result<{ result: string; reasons: string[] }>;
  /** libvirt's cpu-baseline of CPUs */
  baseline?(cpus: readonly Cpu[], opts?: { features?: boolean; migratable?: boolean }): Result<Cpu>;
  /** the custom models of domcapabilities: every model QEMU `release` has, with its verdict on the host */
  domcapsModels?(host: Host, release?: string): RunVerdict[];
  /** the one runnability engine: does the host (under KVM, with its QEMU release) run this guest CPU, and what blocks it */
  fits?(host: Host, guest: Guest): Result<RunVerdict>;
  /** the N-way baseline of a fleet and what holds it back */
  fleetBaseline?(fleet: Fleet): Result<FleetAnswer>;
  /** the rules a migration verdict follows on this architecture */
  migrationRules?(): Rules;
  /** the fleet's per-architecture rules (classes, baseline, placement, migration), built once */
  fleetRules?(): FleetRules;
  /**
   * a host whose source says nothing about its CPU (libvirt's
   * domcapabilities without a host-model, every model usable='unknown'): a
   * host the fleet keeps and answers "unknown" for where the verdict needs
   * the CPU
   */
  unknownHost?(source: UnknownHostSource): Host;
  /** the host document of the host `<cpu>` libvirt reports (capabilities, or domcapabilities' host-model) */
  hostFromLibvirt?(cpu: LibvirtHostCpu, source: LibvirtHostSource): Result<Host>;
  /** domcapabilities' custom models of a QEMU from its query-cpu-definitions (`host` left out by the caller), in the order given */
  customModels?(definitions: readonly CpuDefinitionFacts[]): DomCapsModel[];
}

/** The host `<cpu>` of a libvirt document, as plain data. */
export interface LibvirtHostCpu {
  /** libvirt's `<arch>` (ppc64le, …) */
  arch: string;
  model: string;
  vendor?: string;
  signature?: { family: number; model: number; stepping?: number };
  /** the features it has (policy require, force, optional) */
  require: string[];
  /** the features it lacks (policy disable, forbid) */
  disable: string[];
}

/** Which libvirt document a host `<cpu>` came from. */
export interface LibvirtHostSource {
  origin: string;
  kind: 'libvirt-capabilities' | 'libvirt-domcapabilities';
  /** domcapabilities of `<domain>qemu</domain>`: the CPU is what TCG emulates, so no KVM-emulated feature is assumed */
  accel?: 'tcg';
}

/** What domcapabilities reads of one query-cpu-definitions entry. */
export interface CpuDefinitionFacts {
  name: string;
  /** absent where QEMU does not say (ppc64, aarch64) */
  'unavailable-features'?: readonly string[];
  deprecated?: boolean;
  'alias-of'?: string;
}

/** What is known of a host whose CPU is not. */
export interface UnknownHostSource {
  origin: string;
  kind: 'libvirt-domcapabilities' | 'libvirt-capabilities';
  /** why the CPU is not known */
  why: string;
  /** the QEMU release the host runs, when the source says */
  release?: string;
  accel?: 'tcg';
}

export type ManagementOperation = 'hostModel' | 'compare' | 'baseline' | 'domcapsModels' | 'fits' | 'fleetBaseline' | 'migrationRules' | 'fleetRules' | 'unknownHost' | 'hostFromLibvirt' | 'customModels';

/** Every operation, for the contract suite and the documentation. */
export const MANAGEMENT_OPERATIONS: readonly ManagementOperation[] = ['hostModel', 'compare', 'baseline', 'domcapsModels', 'fits', 'fleetBaseline', 'migrationRules', 'fleetRules', 'unknownHost', 'hostFromLibvirt', 'customModels'];

/** The one "not supported" answer. */
export function notSupported(op: string, arch: string): Result<never> {
  return fail({ code: 'unsupported', message: `${op} is not supported on ${arch}`, value: arch });
}

/** A driver's operation, or the one "not supported" error. */
export function operation<D extends { readonly arch: Arch }, K extends keyof D & ManagementOperation>(driver: D, op: K): Result<NonNullable<D[K]>> {
  const f = driver[op];
  if (typeof f !== 'function') return notSupported(op, driver.arch);
  return ok((f as (...a: unknown[]) => unknown).bind(driver) as NonNullable<D[K]>);
}
