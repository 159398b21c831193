// Shared driver for the QMP throughput benchmarks (bench/qmp-<arch>.ts):
// starts real QEMU and our QMP server, measures each workload on each side
// with the same client (one side at a time), prints the table with the
// ratio and both RSS values, and writes bench/results/<name>.json.
// See bench/README.md.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot, spawnOurs, spawnQemu, type SpawnedQemu } from '../src/adapters/qmp/client.js';
import { readRssKiB, throughput, type ThroughputResult } from './qmp-throughput.js';

export type Side = 'qemu' | 'ours';

export interface Workload {
  /** Row label in the table and "command" in the JSON. */
  command: string;
  /** Complete request texts (without ids), cycled through. */
  lines: string[];
}

export interface BenchSetup {
  /** Model names (from QEMU's query-cpu-definitions when QEMU started). */
  models: string[];
  /** A started server to ask for more catalog data (QEMU when available). */
  reference: SpawnedQemu;
}

export interface QmpBenchConfig {
  /** Benchmark name: results go to bench/results/<name>.json. */
  name: string;
  /** Architecture label used in messages ("s390x", "x86_64"). */
  arch: string;
  qemuBinary: string;
  machine: string;
  /** Arguments for `cpumodels qmp` (before --socket). */
  oursArgs: string[];
  seconds: number;
  window: number;
  /** Ratio ours/qemu every workload must reach. */
  target: number;
  /** Builds the workloads once both servers are up. */
  workloads(setup: BenchSetup): Promise<Workload[]> | Workload[];
  /** Settings recorded in the JSON (seconds and window are added first). */
  settings(setup: BenchSetup, workloads: Workload[]): Record<string, unknown>;
}

interface Measurement {
  command: string;
  qemu: ThroughputResult | null;
  ours: ThroughputResult | null;
}

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function fmtRate(r: ThroughputResult | null): string {
  if (!r) return 'n/a';
  return r.perSecond >= 100 ? Math.round(r.perSecond).toString() : r.perSecond.toFixed(1);
}

async function start(cfg: QmpBenchConfig, side: Side): Promise<{ server: SpawnedQemu | null; error: string | null }> {
  try {
    const server =
      side === 'qemu'
        ? await spawnQemu(cfg.qemuBinary, { machine: cfg.machine, accel: 'tcg', timeoutMs: 30_000, commandTimeoutMs: 60_000 })
        : await spawnOurs(cfg.oursArgs, { timeoutMs: 30_000, commandTimeoutMs: 60_000 });
    return { server, error: null };
  } catch (err) {
    return { server: null, error: (err as Error).message };
  }
}

/** One fully parsed request first, so a side that answers with errors is caught before measuring. */
async function check(server: SpawnedQemu, side: Side, line: string): Promise<string | null> {
  const req = JSON.parse(line) as { execute: string; arguments?: unknown };
  try {
    const reply = await server.client.execute(req.execute, req.arguments);
    if (!isObj(reply) || !('return' in reply)) return `${side}: ${line} answered ${JSON.stringify(reply).slice(0, 300)}`;
    return null;
  } catch (err) {
    return `${side}: ${line} failed: ${(err as Error).message}`;
  }
}

/** Runs the benchmark; resolves with the process exit code. */
export async function runQmpBench(cfg: QmpBenchConfig): Promise<number> {
  if (!(cfg.seconds > 0) || !(cfg.window >= 1)) throw new Error('BENCH_SECONDS must be > 0 and BENCH_WINDOW >= 1');
  const problems: string[] = [];
  const servers: Partial<Record<Side, SpawnedQemu>> = {};
  const versions: Partial<Record<Side, unknown>> = {};
  const oursCommand = `bin/cpumodels.js qmp ${cfg.oursArgs.join(' ')}`;

  try {
    for (const side of ['qemu', 'ours'] as const) {
      const { server, error } = await start(cfg, side);
      if (server) {
        servers[side] = server;
        versions[side] = (server.client.greeting as { QMP?: { version?: unknown } }).QMP?.version ?? null;
      } else {
        const msg = side === 'ours' ? `our QMP server (${oursCommand}) failed to start: ${error}` : `qemu (${cfg.qemuBinary}) failed to start: ${error}`;
        console.error(`!! ${msg}`);
        problems.push(msg);
      }
    }
    const reference = servers.qemu ?? servers.ours;
    if (!reference) {
      console.error('!! neither side started; nothing to measure');
      return 1;
    }

    // Model names for the workloads: from QEMU when available.
    const defs = await reference.client.execute('query-cpu-definitions');
    if (!isObj(defs) || !Array.isArray(defs.return)) throw new Error(`query-cpu-definitions failed: ${JSON.stringify(defs).slice(0, 300)}`);
    const models = (defs.return as { name: string }[]).map((d) => d.name).sort();
    const setup: BenchSetup = { models, reference };
    const workloads = await cfg.workloads(setup);

    console.log(
      `QMP ${cfg.arch} benchmark: ${cfg.seconds} s per measurement, window ${cfg.window}, ${models.length} models, ${cpus().length} CPUs, node ${process.version}`,
    );
    const results: Measurement[] = [];
    for (const w of workloads) {
      const m: Measurement = { command: w.command, qemu: null, ours: null };
      for (const side of ['qemu', 'ours'] as const) {
        const server = servers[side];
        if (!server) continue;
        const bad = await check(server, side, w.lines[0]!);
        if (bad) {
          console.error(`!! ${bad}`);
          problems.push(bad);
          continue;
        }
        try {
          // Short warm-up (JIT, caches), then the measurement.
          await throughput(server.client, w.lines, { window: cfg.window, durationMs: Math.min(500, cfg.seconds * 200) });
          const res = await throughput(server.client, w.lines, { window: cfg.window, durationMs: cfg.seconds * 1000 });
          if (res.errors) {
            const msg = `${side}: ${res.errors} of ${res.replies} ${w.command} replies were errors`;
            console.error(`!! ${msg}`);
            problems.push(msg);
          }
          m[side] = res;
          console.log(`  ${side.padEnd(4)} ${w.command}: ${fmtRate(res)} req/s (${res.replies} replies in ${(res.elapsedMs / 1000).toFixed(2)} s)`);
        } catch (err) {
          const msg = `${side}: ${w.command} failed during the measurement: ${(err as Error).message}`;
          console.error(`!! ${msg}`);
          problems.push(msg);
        }
      }
      results.push(m);
    }

    const rss: Record<Side, number | null> = {
      qemu: servers.qemu ? await readRssKiB(servers.qemu.pid) : null,
      ours: servers.ours ? await readRssKiB(servers.ours.pid) : null,
    };

    // Table.
    const rows = results.map((m) => {
      const ratio = m.qemu && m.ours ? m.ours.perSecond / m.qemu.perSecond : null;
      return { command: m.command, qemu: fmtRate(m.qemu), ours: fmtRate(m.ours), ratio, ratioText: ratio === null ? 'n/a' : `${ratio.toFixed(1)}x` };
    });
    const widths = [
      Math.max(7, ...rows.map((x) => x.command.length)),
      Math.max(10, ...rows.map((x) => x.qemu.length)),
      Math.max(10, ...rows.map((x) => x.ours.length)),
      Math.max(19, ...rows.map((x) => x.ratioText.length)),
    ];
    const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
    console.log('');
    console.log(line(['command', 'qemu req/s', 'ours req/s', 'ratio (ours/qemu)']));
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    for (const x of rows) console.log(line([x.command, x.qemu, x.ours, x.ratioText]));
    const mib = (k: number | null) => (k === null ? 'n/a' : `${(k / 1024).toFixed(1)} MiB`);
    console.log('');
    console.log(`RSS after the run (VmRSS): qemu ${mib(rss.qemu)}, ours ${mib(rss.ours)}`);

    const meetsTarget = rows.length > 0 && rows.every((x) => x.ratio !== null && x.ratio >= cfg.target);
    console.log(`target: ours >= ${cfg.target}x qemu for every command: ${meetsTarget ? 'met' : 'NOT met'}`);

    const out = {
      benchmark: cfg.name,
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, node: process.version, platform: process.platform },
      settings: { seconds: cfg.seconds, window: cfg.window, ...cfg.settings(setup, workloads) },
      qemu: { binary: cfg.qemuBinary, version: versions.qemu ?? null, pid: servers.qemu?.pid ?? null, rssKiB: rss.qemu },
      ours: { command: oursCommand, version: versions.ours ?? null, pid: servers.ours?.pid ?? null, rssKiB: rss.ours },
      results: results.map((m, i) => ({ command: m.command, qemu: m.qemu, ours: m.ours, ratio: rows[i]!.ratio })),
      target: cfg.target,
      meetsTarget,
      problems,
    };
    const dir = join(findRepoRoot(), 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${cfg.name}.json`);
    writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
    console.log(`results written to ${file}`);

    if (problems.length) {
      console.error(`\n${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
      return 1;
    }
    if (process.env.BENCH_ENFORCE === '1' && !meetsTarget) return 1;
    return 0;
  } finally {
    await Promise.all(Object.values(servers).map((s) => s.stop()));
  }
}

/** Standard entry point: run, set the exit code, report crashes. */
export function main(cfg: QmpBenchConfig): void {
  runQmpBench(cfg).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(`${cfg.name} benchmark failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}
