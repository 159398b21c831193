/**
 * The domain model of libvirt's CPU documents: a `<cpu>` element (domain and
 * host forms) and the `<cpu>` block of domcapabilities, as data. Reading and
 * writing the XML is the libvirt adapter's (src/adapters/libvirt); the core,
 * the drivers, host/ and fleet/ use these types and know no XML.
 */
import type { ErrorCode } from './errors.js';

export type CpuMode = 'custom' | 'host-model' | 'host-passthrough' | 'maximum';
export type CpuMatch = 'minimum' | 'exact' | 'strict';
export type CpuCheck = 'none' | 'partial' | 'full';
export type FeaturePolicy = 'force' | 'require' | 'optional' | 'disable' | 'forbid';

export const CPU_MODES: readonly CpuMode[] = ['custom', 'host-model', 'host-passthrough', 'maximum'];
export const CPU_MATCHES: readonly CpuMatch[] = ['minimum', 'exact', 'strict'];
export const CPU_CHECKS: readonly CpuCheck[] = ['none', 'partial', 'full'];
export const FEATURE_POLICIES: readonly FeaturePolicy[] = ['force', 'require', 'optional', 'disable', 'forbid'];

export interface LibvirtCpu {
  mode?: CpuMode;
  match?: CpuMatch;
  check?: CpuCheck;
  migratable?: boolean;
  arch?: string;
  model?: { name: string; fallback?: 'allow' | 'forbid'; vendorId?: string };
  vendor?: string;
  signature?: { family: number; model: number; stepping?: number };
  /** In document order. Host CPUs have no policy. */
  features: { name: string; policy?: FeaturePolicy }[];
  /** Where it was read from, for messages. */
  origin?: string;
}

/** A libvirt document that cannot be read: names the file, the element and the value. */
export class LibvirtXmlError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly element?: string,
    readonly value?: string,
    /** the error catalog's code: malformed-xml for text that is not XML */
    readonly code: ErrorCode = 'bad-host-data',
  ) {
    super(message);
    this.name = 'LibvirtXmlError';
  }
}

export type Usable = 'yes' | 'no' | 'unknown';
export const USABLE: readonly Usable[] = ['yes', 'no', 'unknown'];

export interface DomCapsEnum {
  name: string;
  values: string[];
}

export interface DomCapsModel {
  name: string;
  usable: Usable;
  /** libvirt writes 'unknown' when it knows no vendor */
  vendor?: string;
  /** for aliases: the versioned model the name stands for */
  canonical?: string;
  deprecated?: boolean;
  /** features the host lacks (unusable models), as libvirt lists them */
  blockers?: string[];
}

export interface DomCapsHostModel {
  model?: { name: string; fallback?: 'allow' | 'forbid' };
  vendor?: string;
  maxphysaddr?: { mode: string; limit?: number; bits?: number };
  features: { name: string; policy: 'require' | 'disable' | 'force' | 'optional' | 'forbid' }[];
}

export interface DomCapsMode {
  supported: boolean;
  enums: DomCapsEnum[];
}

export interface DomCapsCpu {
  /** the surrounding document's context (absent for a bare `<cpu>` block) */
  path?: string;
  domain?: string;
  machine?: string;
  arch?: string;
  hostPassthrough?: DomCapsMode;
  maximum?: DomCapsMode;
  hostModel?: DomCapsMode & DomCapsHostModel;
  custom?: DomCapsMode & { models: DomCapsModel[] };
  origin?: string;
}

