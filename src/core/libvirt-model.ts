/**
 * The domain model of libvirt's CPU documents: a `<cpu>` element (domain and
 * host forms) and the `<cpu>` block of domcapabilities, as data. Reading and
 * writing the XML is the libvirt adapter's (src/adapters/libvirt); the core,
 * the drivers, host/ and fleet/ use these types and know no XML.
 */
import type { ErrorCode, Result } from './errors.js';

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


/** One CPUID leaf's registers. */
export interface CpuidRegs {
  eax: number;
  ebx: number;
  ecx: number;
  edx: number;
}

export interface MsrValue {
  /** low 32 bits */
  eax: number;
  /** high 32 bits */
  edx: number;
  /** the whole 64-bit value */
  value: bigint;
}

/** The key of a CPUID leaf in CpuidDump.leaves. */
export const leafKey = (leaf: number, subleaf = 0): string => `${leaf}:${subleaf}`;

/** Raw CPUID leaves and MSRs of one CPU (libvirt's `<cpudata>`, `cpuid -r`). */
export interface CpuidDump {
  /** where it came from, for messages ("x86_64-cpuid-Foo.xml", "cpuid -r" …) */
  source: string;
  /** key `${leaf}:${subleaf}` (decimal numbers, see leafKey) */
  leaves: Map<string, CpuidRegs>;
  /** MSR index → value */
  msrs: Map<number, MsrValue>;
}

/**
 * The libvirt documents the inner layers meet, read and written by the
 * libvirt adapter (src/adapters/libvirt/formats.ts implements this). The
 * inner layers never parse or write XML themselves: they call these.
 * Readers that return a value throw LibvirtXmlError on bad input.
 */
export interface LibvirtFormats {
  /** `<cpudata arch='x86'>` → its CPUID leaves and MSRs */
  readCpudata(text: string, file: string): Result<CpuidDump>;
  /** is the text well-formed XML? An error names the file, line and column */
  checkWellFormed(text: string, file: string): Result<void>;
  /** is this a domcapabilities document / a capabilities document? */
  isDomCapsText(text: string): boolean;
  isCapabilitiesText(text: string): boolean;
  /** the `<cpu>` block of domcapabilities, with its document's context */
  readDomCapsCpu(text: string, file: string): DomCapsCpu;
  /** the host `<cpu>` of a capabilities document */
  readCapabilitiesCpu(text: string, file: string): LibvirtCpu;
  /** several host `<cpu>`s of one file (libvirt's `<cpuTest>` list, or top-level host `<cpu>`s one after another), or null */
  readHostCpuList(text: string, file: string): LibvirtCpu[] | null;
  /** a guest's one `<cpu>` from a domain XML or a bare `<cpu>` */
  readGuestCpu(text: string, origin: string): Result<{ cpu: LibvirtCpu; arch?: string }>;
  /** a `<cpu>` as libvirt formats it */
  writeCpu(cpu: LibvirtCpu, indent?: string): string;
}

let installed: LibvirtFormats | undefined;

/** Called once by each program's entry point (the composition root) with the libvirt adapter's formats. */
export function installLibvirtFormats(formats: LibvirtFormats): void {
  installed = formats;
}

/** The installed libvirt formats; a program that never installed them is a bug of that program. */
export function libvirtFormats(): LibvirtFormats {
  if (!installed) throw new Error('internal: no libvirt formats installed (the entry point must call useLibvirtAdapter() from src/adapters/libvirt/formats.ts)');
  return installed;
}
