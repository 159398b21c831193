// Synthetic fleets for the benchmarks (bench/fleet.ts, bench/service.ts):
// real hosts' capabilities (libvirt's CPUID dumps, s390x machine types)
// with random feature removals, seeded.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { signatureOfNames } from '../src/core/signature.js';
import { toHostDoc } from '../src/host/convert.js';
import type { HostDoc } from '../src/host/doc.js';
import { archContext, type FleetArch } from '../src/fleet/fleet.js';
import { x86BestNamed } from '../src/arch/x86_64/fleet.js';
import { mulberry32 } from '../src/core/prng.js';
import { useLibvirtAdapter } from '../src/adapters/libvirt/formats.js';

useLibvirtAdapter();

// ------------------------------------------------------------ real hosts

export const INTEL = ['Core-i7-2600', 'Core-i7-8700', 'Xeon-Gold-6148', 'Xeon-Platinum-8268', 'Ice-Lake-Server'];
// z13, z13s, z14, z14 ZR1, z15 T01/T02, z16 A01/A02, z17
export const S390_TYPES = ['2964', '2965', '3906', '3907', '8561', '8562', '3931', '3932', '9175'];

export function realHosts(arch: FleetArch, SHARED: string): HostDoc[] {
  const out: HostDoc[] = [];
  if (arch === 'x86_64') {
    for (const n of INTEL) {
      const file = path.join(SHARED, `reference/libvirt/cputestdata/x86_64-cpuid-${n}.xml`);
      const r = toHostDoc(readFileSync(file, 'utf8'), n);
      if (!r.ok) throw new Error(r.error.message);
      out.push(r.value);
    }
  } else {
    for (const t of S390_TYPES) {
      const r = toHostDoc(`Manufacturer:         IBM\nType:                 ${t}\n`, `sysinfo-${t}`);
      if (r.ok) out.push(r.value);
    }
  }
  return out;
}

// features firmware commonly hides on x86 (BIOS/UEFI options, TSX off by microcode …)
const X86_MASKABLE = new Set(['vmx', 'smx', 'hle', 'rtm', 'pcid', 'aes', 'invtsc', 'avx512f', 'avx512bw', 'avx512vl', 'avx512dq', 'avx512cd', 'sgx', 'pku', 'monitor', 'pdpe1gb', 'x2apic', 'tsc-deadline', 'md-clear', 'spec-ctrl']);

/**
 * What a synthetic host may lose: s390x never its generation's base
 * features (no baseline would exist), x86 the features beyond its best
 * model plus those firmware commonly hides; not the core ISA.
 */
function maskableFeature(doc: HostDoc, f: string): boolean {
  const ctx = archContext(doc.arch as FleetArch);
  const i = ctx.catalog.feature(f)!.index;
  if (ctx.arch === 's390x') return !ctx.driver.cat.defByName(doc.model)!.base.has(i);
  if (ctx.arch !== 'x86_64') return false;
  if (X86_MASKABLE.has(f)) return true;
  const set = ctx.catalog.setOf(doc.features).ior(ctx.alwaysOn);
  const best = x86BestNamed(ctx, set, String(doc.identity['vendor']));
  return !best || !best.set.has(i);
}

/**
 * N host documents: each a real host's capabilities, 40 % of them with one
 * or two features removed (firmware settings, microcode, BIOS options),
 * drawn from eight "maskable" features per real host (s390x: outside the
 * generation's base set). Seeded.
 */
export function synthesize(bases: HostDoc[], n: number, seed: number): HostDoc[] {
  const rng = mulberry32(seed);
  const pools = bases.map((b) => {
    const pool: string[] = [];
    const maskable = b.features.filter((f) => maskableFeature(b, f));
    while (pool.length < 8) {
      const f = maskable[Math.floor(rng() * maskable.length)]!;
      if (!pool.includes(f)) pool.push(f);
    }
    return pool;
  });
  const sigCache = new Map<string, { features: string[]; signature: string }>();
  const docs: HostDoc[] = [];
  for (let i = 0; i < n; i++) {
    const bi = Math.floor(rng() * bases.length);
    const base = bases[bi]!;
    let mask = 0;
    if (rng() < 0.4) {
      const k = 1 + Math.floor(rng() * 2);
      for (let j = 0; j < k; j++) mask |= 1 << Math.floor(rng() * 8);
    }
    const key = `${bi}:${mask}`;
    let v = sigCache.get(key);
    if (!v) {
      const removed = new Set(pools[bi]!.filter((_, j) => mask & (1 << j)));
      const features = base.features.filter((f) => !removed.has(f));
      v = { features, signature: signatureOfNames(base.arch, features) };
      sigCache.set(key, v);
    }
    const name = `host-${String(i).padStart(6, '0')}`;
    // every document its own arrays and objects, as if read from its own file
    docs.push({ ...base, name, features: v.features.slice(), signature: v.signature, display: `${base.model}@${v.signature}`, source: { kind: base.source.kind, origin: name } });
  }
  return docs;
}

