/**
 * A pure parser for an arm64 Linux /proc/cpuinfo: text in, identity and
 * feature set out (no I/O).
 *
 *   processor       : 0
 *   Features        : fp asimd evtstrm aes pmull sha1 sha2 crc32 cpuid
 *   CPU implementer : 0x41
 *   CPU architecture: 8
 *   CPU variant     : 0x0
 *   CPU part        : 0xd08
 *   CPU revision    : 3
 *
 * Every processor block is read. The hwcaps are system-wide (Linux prints
 * the same Features line for every CPU), so the capability is their
 * intersection; the MIDRs may differ (big.LITTLE): all distinct ones are
 * kept, in order of appearance, and the identity is the first.
 * `evtstrm` and `cpuid` describe the kernel, not the CPU: they are reported
 * apart and left out of the capability. Names the catalog does not know
 * (newer kernels, 32-bit kernels' names) are reported, not fatal.
 * On arm64 the MIDR architecture field is always 0xf; Linux prints
 * "CPU architecture: 8", which is kept as `cpuArchitecture`.
 */
import type { FeatureSet } from '../../core/bitset.js';
import { fail, ok, type Result } from '../../core/errors.js';
import { looksLikeJson, readExpansionReply } from '../../core/expansion-reply.js';
import { AARCH64_KERNEL_FEATURES } from '../../data/aarch64/features.js';
import { implementerName, joinMidr, type Aarch64Catalog, type Midr } from './catalog.js';
import type { Aarch64HostModel } from './driver.js';

export interface Aarch64Probe {
  /** the first CPU's MIDR fields */
  midr: Midr;
  /** the MIDR as a number */
  midrValue: number;
  vendor: string;
  /** what Linux prints as "CPU architecture" (8 on arm64) */
  cpuArchitecture: number;
  /** every distinct MIDR, in order of appearance */
  cpus: Midr[];
  /** CPU features (catalog names), kernel flags excluded */
  features: FeatureSet;
  featureNames: string[];
  /** kernel flags that were present (evtstrm, cpuid) */
  kernel: string[];
  /** names the catalog does not know */
  unknown: string[];
  processors: number;
  source: string;
}

const bad = (origin: string, message: string, value?: string): Result<never> =>
  fail({ code: 'bad-host-data', message: `${origin}: ${message}`, ...(value !== undefined ? { value } : {}) });

function num(text: string): number | null {
  const t = text.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
  if (/^[0-9]+$/.test(t)) return parseInt(t, 10);
  return null;
}

interface Block {
  features?: string[];
  fields: Map<string, string>;
  line: number;
}

export function probeCpuinfo(cat: Aarch64Catalog, text: string, origin = '/proc/cpuinfo'): Result<Aarch64Probe> {
  const blocks: Block[] = [];
  let cur: Block | null = null;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, n) => {
    const line = raw.trimEnd();
    const colon = line.indexOf(':');
    if (colon < 0) {
      if (line.trim() === '') cur = null;
      return;
    }
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'processor' || !cur) {
      cur = { fields: new Map(), line: n + 1 };
      blocks.push(cur);
    }
    if (key === 'features') cur.features = value.split(/\s+/).filter(Boolean);
    else cur.fields.set(key, value);
  });
  const withFeatures = blocks.filter((b) => b.features);
  if (!withFeatures.length) return bad(origin, "no 'Features' line: this does not look like an aarch64 /proc/cpuinfo");
  const cpuBlocks = blocks.filter((b) => b.fields.has('cpu implementer'));
  if (!cpuBlocks.length) return bad(origin, "no 'CPU implementer' line: the CPU identity is missing");

  const cpus: Midr[] = [];
  const seen = new Set<number>();
  let cpuArchitecture = 8;
  for (const b of cpuBlocks) {
    const field = (k: string, max: number): number | Result<never> => {
      const v = b.fields.get(k);
      if (v === undefined) return bad(origin, `processor block at line ${b.line} has 'CPU implementer' but no '${k}'`, k);
      const x = num(v);
      if (x === null || x > max) return bad(origin, `'${k}' at line ${b.line} is not a number up to 0x${max.toString(16)}: '${v}'`, v);
      return x;
    };
    const implementer = field('cpu implementer', 0xff);
    const variant = field('cpu variant', 0xf);
    const part = field('cpu part', 0xfff);
    const revision = field('cpu revision', 0xf);
    const arch = field('cpu architecture', 0xff);
    for (const f of [implementer, variant, part, revision, arch]) if (typeof f !== 'number') return f;
    cpuArchitecture = arch as number;
    const m: Midr = { implementer: implementer as number, variant: variant as number, architecture: 0xf, part: part as number, revision: revision as number };
    const v = joinMidr(m);
    if (!seen.has(v)) {
      seen.add(v);
      cpus.push(m);
    }
  }

  // the capability: what every CPU's Features line has
  let common = new Set<string>(withFeatures[0]!.features!);
  for (const b of withFeatures.slice(1)) {
    const s = new Set<string>(b.features!);
    common = new Set([...common].filter((x) => s.has(x)));
  }
  const kernel: string[] = [];
  const unknown: string[] = [];
  const features = cat.features.empty();
  for (const name of common) {
    if (AARCH64_KERNEL_FEATURES.includes(name)) {
      kernel.push(name);
      continue;
    }
    const f = cat.features.feature(name);
    if (!f || f.kind === 'qemu' || f.kind === 'sve-vl') unknown.push(name);
    else features.add(f.index);
  }
  // a kernel that prints arm64 hwcaps runs in the AArch64 state
  if (cpuArchitecture === 8) features.add(cat.idx('aarch64'));
  const midr = cpus[0]!;
  return ok({
    midr,
    midrValue: joinMidr(midr),
    vendor: implementerName(midr.implementer),
    cpuArchitecture,
    cpus,
    features,
    featureNames: cat.features.names(features),
    kernel,
    unknown,
    processors: blocks.filter((b) => b.fields.has('processor') || b.features).length,
    source: origin,
  });
}

/** The probe as the driver's host model (for accel kvm). */
export function hostModelOf(p: Aarch64Probe): Aarch64HostModel {
  return { midr: p.midr, features: p.features, source: p.source };
}

/**
 * The host behind QEMU's expansion of `host` (or `max`) under KVM: the
 * features are the advertised props the reply sets (aarch64, pmu, sve and
 * its lengths …); the reply names no MIDR, so the identity stays unknown
 * (all zero).
 */
export function probeQmpExpansion(cat: Aarch64Catalog, text: string, origin: string): Result<Aarch64HostModel> {
  const m = readExpansionReply(text, origin);
  if (!m.ok) return m;
  const on = Object.entries(m.value.props).filter(([k, v]) => v === true && cat.features.feature(k)).map(([k]) => k);
  if (!Object.keys(m.value.props).some((k) => k === 'aarch64' || k === 'pmu' || k.startsWith('sve'))) {
    return bad(origin, `the expansion of '${m.value.name}' has none of QEMU's arm props (aarch64, pmu, sve…): is it an aarch64 CPU?`, m.value.name);
  }
  return ok({ midr: { implementer: 0, variant: 0, architecture: 0xf, part: 0, revision: 0 }, features: cat.features.setOf(on), source: `qmp-expansion:${origin}` });
}

/** Any host text: QEMU's expansion reply (JSON) or /proc/cpuinfo. */
export function probeHostText(cat: Aarch64Catalog, text: string, origin: string): Result<Aarch64HostModel> {
  if (looksLikeJson(text)) return probeQmpExpansion(cat, text, origin);
  const p = probeCpuinfo(cat, text, origin);
  return p.ok ? ok(hostModelOf(p.value)) : p;
}
