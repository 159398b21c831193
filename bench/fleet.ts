// Fleet benchmark: load + collapse, N-way baseline and placement over
// 1,000 / 10,000 / 100,000 synthesized host documents, in-process and
// through the CLI functions (reading files).
//
//   npm run build && node dist/bench/fleet.js
//
// Env: BENCH_SIZES (default 1000,10000,100000), BENCH_SEED (default 1),
// BENCH_RUNS (timed runs of baseline/placement, median reported; default 21),
// BENCH_CLI (0 to skip the CLI part), BENCH_CLI_PER_FILE_MAX (largest fleet
// written one document per file; larger fleets go into files of 1,000
// documents each; default 10000), BENCH_SHARED (the shared reference
// directory; default ../shared next to the repository), BENCH_ENFORCE=1
// (exit 1 when a target is missed). See bench/README.md.

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus as osCpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostDoc } from '../src/host/doc.js';
import { archContext, fleetBaseline, loadFleet, placement, type Fleet, type FleetArch } from '../src/fleet/fleet.js';
import { INTEL, realHosts, S390_TYPES, synthesize } from './fleet-synth.js';
import { cmdBaselineHosts, cmdPlacement } from '../src/fleet/commands.js';

const here = path.dirname(fileURLToPath(import.meta.url));
function repoRoot(): string {
  let d = here;
  while (!existsSync(path.join(d, 'package.json'))) {
    const up = path.dirname(d);
    if (up === d) throw new Error('cannot find the repository root');
    d = up;
  }
  return d;
}
const ROOT = repoRoot();
const SHARED = process.env.BENCH_SHARED ?? path.resolve(ROOT, '../shared');
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 21));
const CLI = process.env.BENCH_CLI !== '0';
const PER_FILE_MAX = Number(process.env.BENCH_CLI_PER_FILE_MAX ?? 10000);
const TARGET_BASELINE_MS = 20;
const TARGET_PLACEMENT_MS = 10;

// ----------------------------------------------------------- measurement

const ms = (t0: number): number => performance.now() - t0;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;
const r2 = (x: number): number => Math.round(x * 100) / 100;

function timeRuns(fn: () => void): number {
  fn(); // warm-up
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    xs.push(ms(t0));
  }
  return median(xs);
}

interface Row {
  arch: FleetArch;
  hosts: number;
  classes: number;
  collapse: number;
  loadMs: number;
  baselineMs: number;
  placementMs: number;
  rssMiB: number;
  heapMiB: number;
  baseline: string;
  placementFit: number;
  cli?: { files: number; baselineMs: number; placementMs: number; placementExit: number };
}

function guestFor(arch: FleetArch): { name: string } {
  return arch === 'x86_64' ? { name: 'Skylake-Server-v4' } : { name: 'z14' };
}

function writeFleet(dir: string, docs: HostDoc[]): number {
  mkdirSync(dir, { recursive: true });
  if (docs.length <= PER_FILE_MAX) {
    // one host per file, in subdirectories of 1,000 (a directory walk)
    for (let i = 0; i < docs.length; i++) {
      const sub = path.join(dir, `rack-${Math.floor(i / 1000)}`);
      if (i % 1000 === 0) mkdirSync(sub, { recursive: true });
      writeFileSync(path.join(sub, `${docs[i]!.name}.json`), JSON.stringify(docs[i]));
    }
    return docs.length;
  }
  let files = 0;
  for (let i = 0; i < docs.length; i += 1000) {
    writeFileSync(path.join(dir, `inventory-${String(files).padStart(4, '0')}.json`), JSON.stringify(docs.slice(i, i + 1000)));
    files++;
  }
  return files;
}

function measure(arch: FleetArch, n: number, tmp: string): Row {
  const docs = synthesize(realHosts(arch, SHARED), n, SEED);
  archContext(arch); // catalogs and model expansions are built once per process, outside the timings
  global.gc?.();
  const t0 = performance.now();
  const f = loadFleet(docs);
  const loadMs = ms(t0);
  if (!f.ok) throw new Error(f.error.message);
  const fleet: Fleet = f.value;
  const mem = process.memoryUsage();
  const classes = fleet.arches.get(arch)!.classes.length;
  let baseline = '';
  const baselineMs = timeRuns(() => {
    const b = fleetBaseline(fleet);
    if (!b.ok) throw new Error(b.error.message);
    baseline = b.value.status === 'ok' ? b.value.display : 'unknown';
  });
  let fit = 0;
  const guest = { kind: 'qmp' as const, model: guestFor(arch) };
  const placementMs = timeRuns(() => {
    const p = placement(fleet, guest);
    if (!p.ok) throw new Error(p.error.message);
    fit = p.value.fitCount;
  });
  const row: Row = { arch, hosts: n, classes, collapse: r2(n / classes), loadMs: r2(loadMs), baselineMs: r2(baselineMs), placementMs: r2(placementMs), rssMiB: mb(mem.rss), heapMiB: mb(mem.heapUsed), baseline, placementFit: fit };
  if (CLI) {
    const dir = path.join(tmp, `${arch}-${n}`);
    const files = writeFleet(dir, docs);
    const t1 = performance.now();
    const b = cmdBaselineHosts([dir], { json: true });
    const cliBaselineMs = ms(t1);
    if (b.exitCode !== 0) throw new Error(b.stderr);
    const t2 = performance.now();
    const p = cmdPlacement(guestFor(arch).name, [dir], { json: true });
    const cliPlacementMs = ms(t2);
    if (p.exitCode === 2) throw new Error(p.stderr);
    row.cli = { files, baselineMs: Math.round(cliBaselineMs), placementMs: Math.round(cliPlacementMs), placementExit: p.exitCode };
    rmSync(dir, { recursive: true, force: true });
  }
  return row;
}

// ------------------------------------------------------------------ main

function main(): number {
  const tmp = mkdtempSync(path.join(tmpdir(), 'cpumodels-bench-fleet-'));
  const rows: Row[] = [];
  try {
    for (const arch of ['x86_64', 's390x'] as const) {
      for (const n of SIZES) {
        const row = measure(arch, n, tmp);
        rows.push(row);
        process.stderr.write(`${arch} ${n}: done\n`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const head = ['arch', 'hosts', 'classes', 'hosts/class', 'load+collapse ms', 'baseline ms', 'placement ms', 'RSS MiB', 'CLI files', 'CLI baseline ms', 'CLI placement ms'];
  const lines = rows.map((r) => [r.arch, r.hosts, r.classes, r.collapse, r.loadMs, r.baselineMs, r.placementMs, r.rssMiB, r.cli?.files ?? '-', r.cli?.baselineMs ?? '-', r.cli?.placementMs ?? '-'].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join(' | ');
  console.log(fmt(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const l of lines) console.log(fmt(l));
  const largest = Math.max(...SIZES);
  const big = rows.filter((r) => r.hosts === largest);
  const baselineOk = big.every((r) => r.baselineMs < TARGET_BASELINE_MS);
  const placementOk = big.every((r) => r.placementMs < TARGET_PLACEMENT_MS);
  console.log(`\nbaselines: ${[...new Set(rows.map((r) => `${r.arch} ${r.baseline}`))].join('; ')}`);
  console.log(`targets at ${largest} hosts: baseline < ${TARGET_BASELINE_MS} ms ${baselineOk ? 'met' : 'MISSED'}; placement < ${TARGET_PLACEMENT_MS} ms ${placementOk ? 'met' : 'MISSED'}`);
  const out = {
    bench: 'fleet',
    date: new Date().toISOString(),
    machine: { cpus: osCpus().length, model: osCpus()[0]?.model, memMiB: mb(totalmem()), node: process.version },
    settings: { sizes: SIZES, seed: SEED, runs: RUNS, cli: CLI, perFileMax: PER_FILE_MAX, removal: '40% of hosts lose 1-2 of 8 maskable features of their real host' },
    sources: { x86_64: INTEL.map((n) => `cputestdata/x86_64-cpuid-${n}.xml`), s390x: S390_TYPES.map((t) => `sysinfo Type ${t}`) },
    targets: { baselineMs: TARGET_BASELINE_MS, placementMs: TARGET_PLACEMENT_MS, baselineOk, placementOk },
    rows,
  };
  const resDir = path.join(ROOT, 'bench/results');
  mkdirSync(resDir, { recursive: true });
  writeFileSync(path.join(resDir, 'fleet.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(`written: ${path.relative(process.cwd(), path.join(resDir, 'fleet.json'))}`);
  if (process.env.BENCH_ENFORCE === '1' && !(baselineOk && placementOk)) return 1;
  return 0;
}

process.exitCode = main();
