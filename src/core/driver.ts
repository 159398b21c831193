/**
 * The one driver interface every architecture implements.
 *
 * The vocabulary is QMP's (CpuModelInfo, CpuDefinitionInfo …) because QMP is
 * the lingua franca of CPU models between hypervisor and management layer.
 * Every operation returns a Result: bad input is data, never an exception.
 * Operations an architecture cannot do are absent and reported plainly by
 * the adapters ("… is not supported on ARCH"), never faked.
 */
import type { FeatureSet } from './bitset.js';
import type { FeatureCatalog } from './catalog.js';
import type { Result } from './errors.js';
import type { CompareResult } from './ops.js';

export type Arch = 's390x' | 'x86_64' | 'ppc64' | 'aarch64';
export type Accel = 'tcg' | 'kvm';
export type ExpansionType = 'static' | 'full';

/** QMP CpuModelInfo. `props` keys are applied in their iteration order. */
export interface ModelInfo {
  name: string;
  props?: Record<string, unknown>;
}

/** QMP CpuDefinitionInfo. */
export interface CpuDefinitionInfo {
  name: string;
  typename: string;
  'unavailable-features'?: string[];
  static: boolean;
  'migration-safe': boolean;
  deprecated: boolean;
  'alias-of'?: string;
}

export interface ComparisonInfo {
  result: CompareResult;
  'responsible-properties': string[];
}

/** What a host can run: the result of probing. */
export interface HostCapability {
  arch: Arch;
  /** Architecture-specific identity (s390x: type/gen/ga/cpuid/ibc; x86: vendor/family/model …). */
  identity: Record<string, unknown>;
  /** Active feature names (no groups). */
  features: string[];
  /** Where this came from ("/proc/cpuinfo", "qmp-expansion", …). */
  source: string;
}

/** A concrete CPU: a named model resolved against the catalog, plus its exact features. */
export interface ResolvedModel {
  /** The catalog model the CPU is based on (for s390x the generation's definition, e.g. "z14"). */
  model: string;
  features: FeatureSet;
}

/** The normalized form of a CPU: best named static model + delta + signature. */
export interface NormalizedModel {
  name: string;
  /** Static model name the delta is relative to. */
  base: string;
  added: string[];
  removed: string[];
  signature: string;
  /** `base@signature` */
  display: string;
}

export interface CpuDriver {
  readonly arch: Arch;
  readonly accel: Accel;
  readonly catalog: FeatureCatalog;
  /** The CPU-model QMP commands QEMU itself has for this architecture. */
  readonly qemuCommands: readonly string[];
  /** warnings about a resolved CPU's features beyond QEMU's answer (s390x: features whose facility dependencies are off) */
  dependencyWarnings?(features: FeatureSet): string[];

  /** query-cpu-definitions */
  definitions(): CpuDefinitionInfo[];
  /**
   * The same list as made once, not copied: for a caller that only reads it
   * (the `models` table, runnability). Nothing may change it.
   */
  definitionsShared?(): readonly CpuDefinitionInfo[];
  /** query-cpu-model-expansion */
  expand(type: ExpansionType, model: ModelInfo): Result<{ model: ModelInfo }>;
  /**
   * Optional fast path: the same answer as expand(), already serialized as
   * QMP JSON (`{"model": …}`), for drivers whose replies are large.
   */
  expandJson?(type: ExpansionType, model: ModelInfo): Result<string>;
  /** query-cpu-model-comparison */
  compare(a: ModelInfo, b: ModelInfo): Result<ComparisonInfo>;
  /** query-cpu-model-baseline (two models) */
  baseline(a: ModelInfo, b: ModelInfo): Result<{ model: ModelInfo }>;
  /** N-way baseline (folds the pairwise baseline) */
  baselineMany(models: readonly ModelInfo[]): Result<{ model: ModelInfo }>;
  /** Resolve a model with props to its concrete feature set. */
  resolve(model: ModelInfo): Result<ResolvedModel>;
  /** Runnability of every model against this driver's host/accelerator. */
  runnability(): { name: string; runnable: boolean; blockers: string[] }[];
  /** guest = requested ∩ host, strict: errors name every missing feature. */
  maskToHost(model: ModelInfo): Result<ResolvedModel>;
  /** The best named model plus a delta for a concrete CPU. */
  normalize(cpu: ResolvedModel): NormalizedModel;
  /** The host's capability as this driver sees it (TCG's max under tcg). */
  hostCapability(): HostCapability;
  /** Model names, for suggestions. */
  modelNames(): string[];
}
