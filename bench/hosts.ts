// `cpumodels baseline --hosts FILE` over 1,000, 10,000 and 100,000 hosts in
// one NDJSON file, verbose and compact (probe --compact) forms, as whole
// processes, medians. The hosts: libvirt's CPUID test data for two Intel
// CPUs (../shared, or BENCH_HOSTS=dir of host descriptions), probed once
// with `probe --json` and `probe --compact`, then repeated under new names.
//
//   npm run build && node dist/bench/hosts.js
//
// Each run is `bin/cpumodels baseline --hosts FILE`, the sh launcher a user
// runs (it drops NODE_EXTRA_CA_CERTS), start-up included.
//
// Peak RSS of each run is read from /usr/bin/time (GNU time, -f %M) when it
// is there, and reported as the median over the runs.
//
// Env: BENCH_SIZES (default 1000,10000,100000), BENCH_RUNS (default 3),
// BENCH_ROOT (the checkout whose bin/ to time, default this one's), BENCH_KEEP
// (a folder: each generated NDJSON file is copied there, to profile it).
// Target (issue 11): 100,000 compact hosts under 1 s. The 'distinct' form is
// the worst case for classes: every host its own class (three random
// features removed from a real host), compact; 'vdistinct' the same hosts in
// the verbose form.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../src/core/prng.js';
import { signatureOfNames } from '../src/core/signature.js';
import { toCompact } from '../src/host/compact.js';
import type { HostDoc } from '../src/host/doc.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, here.endsWith(path.join('dist', 'bench')) ? '../..' : '..');
// the launcher a user runs (npm links it as `cpumodels`): sh, then node without NODE_EXTRA_CA_CERTS
const bin = path.join(process.env['BENCH_ROOT'] ?? root, 'bin', 'cpumodels');
const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);
const SIZES = (process.env['BENCH_SIZES'] ?? '1000,10000,100000').split(',').map(Number).filter((n) => n > 0);
const RUNS = Math.max(1, Number(process.env['BENCH_RUNS'] ?? 3));
const SRC = process.env['BENCH_HOSTS'] ?? path.resolve(root, '../shared/reference/libvirt/cputestdata');
const HOSTS = process.env['BENCH_HOSTS'] ? readdirSync(SRC) : ['x86_64-cpuid-Core-i7-2600.xml', 'x86_64-cpuid-Core-i7-8700.xml'];

/** One whole process: wall time, stdout and (with GNU time) peak RSS in MiB. */
const run = (args: string[], rss = false): { ms: number; out: string; rssMiB?: number } => {
  const timed = rss && hasTime;
  const t0 = process.hrtime.bigint();
  const r = timed ? spawnSync(TIME, ['-f', '%M', bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 }) : spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`cpumodels ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  const kib = timed ? Number(r.stderr.trimEnd().split('\n').pop()) : NaN;
  return { ms, out: r.stdout, ...(Number.isFinite(kib) ? { rssMiB: kib / 1024 } : {}) };
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-bench-hosts-'));
try {
  const inDir = path.join(dir, 'in');
  mkdirSync(inDir);
  for (const h of HOSTS) copyFileSync(path.join(SRC, h), path.join(inDir, h));
  const compact = run(['probe', '--compact', inDir]).out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const verbose = HOSTS.map((h) => JSON.parse(run(['probe', '--json', path.join(inDir, h)]).out) as Record<string, unknown>);
  const named = (d: Record<string, unknown>, i: number) => JSON.stringify({ ...d, name: `host${i}`, source: { ...(d['source'] as object), origin: `host${i}` } });
  console.log('HOSTS'.padStart(8) + 'FORM'.padStart(9) + 'BYTES/HOST'.padStart(12) + 'MEDIAN ms'.padStart(11) + (hasTime ? 'PEAK RSS MiB'.padStart(14) : ''));
  const rows = [];
  // the worst case for classes: every host its own (three random features removed from one of
  // the real hosts, re-signed), compact; the classes cost what they cost, once each
  const rnd = mulberry32(7);
  // (vdistinct: the same hosts in the verbose form, the delta left out as it no longer holds)
  const distinctLine = (i: number, asVerbose: boolean): string => {
    const h = verbose[i % verbose.length] as unknown as HostDoc;
    const drop = new Set(Array.from({ length: 3 }, () => h.features[Math.floor(rnd() * h.features.length)]));
    const features = h.features.filter((f) => !drop.has(f));
    const sig = signatureOfNames(h.arch, features);
    const { delta: _delta, ...rest } = h;
    const doc = { ...rest, features, signature: sig, display: `${h.model}@${sig}` };
    if (asVerbose) return named(doc as unknown as Record<string, unknown>, i);
    const c = toCompact(doc);
    if (!c.ok) throw new Error(c.error.message);
    return named(c.value as unknown as Record<string, unknown>, i);
  };
  for (const n of SIZES) {
    for (const [form, docs] of [['verbose', verbose], ['compact', compact], ['distinct', []], ['vdistinct', []]] as const) {
      const file = path.join(dir, `${form}-${n}.ndjson`);
      const lines = Array.from({ length: n }, (_, i) => (form === 'distinct' || form === 'vdistinct' ? distinctLine(i, form === 'vdistinct') : named(docs[i % docs.length]!, i)));
      const text = lines.join('\n') + '\n';
      writeFileSync(file, text);
      const runs = Array.from({ length: RUNS }, () => run(['baseline', '--hosts', file], true));
      const ms = median(runs.map((r) => r.ms));
      const rss = runs.every((r) => r.rssMiB !== undefined) ? median(runs.map((r) => r.rssMiB!)) : undefined;
      const bytes = Math.round(text.length / n);
      console.log(`${String(n).padStart(8)}${form.padStart(9)}${String(bytes).padStart(12)}${ms.toFixed(0).padStart(11)}${rss !== undefined ? rss.toFixed(0).padStart(14) : ''}`);
      rows.push({ hosts: n, form, bytesPerHost: bytes, medianMs: ms, ...(rss !== undefined ? { peakRssMiB: rss } : {}) });
      if (process.env['BENCH_KEEP']) copyFileSync(file, path.join(process.env['BENCH_KEEP'], path.basename(file)));
      rmSync(file);
    }
  }
  const big = rows.find((r) => r.form === 'compact' && r.hosts === 100000);
  if (big) console.log(`target (100,000 compact hosts under 1 s as a whole process): ${big.medianMs < 1000 ? 'met' : 'MISSED'} (${big.medianMs.toFixed(0)} ms)`);
  const worst = rows.find((r) => r.form === 'distinct' && r.hosts === 100000);
  if (worst) console.log(`100,000 compact hosts, every one its own class: ${worst.medianMs.toFixed(0)} ms`);
  const vworst = rows.find((r) => r.form === 'vdistinct' && r.hosts === 100000);
  if (vworst) console.log(`100,000 verbose hosts, every one its own class: ${vworst.medianMs.toFixed(0)} ms`);
  mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(path.join(root, 'bench', 'results', 'hosts.json'), JSON.stringify({ runs: RUNS, rows }, null, 2) + '\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
