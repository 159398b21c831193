// QMP throughput benchmark, s390x: real qemu-system-s390x vs our QMP server.
//
//   npm run build && node dist/bench/qmp-s390x.js
//
// Env: BENCH_SECONDS (per measurement, default 3), BENCH_WINDOW (requests
// kept outstanding, default 64), BENCH_SEED (model pairs, default 1),
// BENCH_QEMU (binary, default /usr/bin/qemu-system-s390x), BENCH_ENFORCE=1
// (exit 1 when ours is below the target ratio). See bench/README.md.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { mulberry32 as rng } from '../src/core/prng.js';
import { findRepoRoot, readRssKiB, spawnOurs, spawnQemu, type SpawnedQemu, type ThroughputResult } from '../src/adapters/qmp/client.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 64);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const QEMU = process.env.BENCH_QEMU ?? '/usr/bin/qemu-system-s390x';
const TARGET = 20;
const PAIRS = 1024;

type Side = 'qemu' | 'ours';
interface Measurement {
  command: string;
  qemu: ThroughputResult | null;
  ours: ThroughputResult | null;
}


const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fmtRate(r: ThroughputResult | null): string {
  if (!r) return 'n/a';
  return r.perSecond >= 100 ? Math.round(r.perSecond).toString() : r.perSecond.toFixed(1);
}

async function start(side: Side): Promise<{ server: SpawnedQemu | null; error: string | null }> {
  try {
    const server =
      side === 'qemu'
        ? await spawnQemu(QEMU, { machine: 's390-ccw-virtio', accel: 'tcg', timeoutMs: 30_000, commandTimeoutMs: 60_000 })
        : await spawnOurs(['--arch', 's390x', '--accel', 'tcg'], { timeoutMs: 30_000, commandTimeoutMs: 60_000 });
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

async function main(): Promise<number> {
  if (!(SECONDS > 0) || !(WINDOW >= 1)) throw new Error('BENCH_SECONDS must be > 0 and BENCH_WINDOW >= 1');
  const problems: string[] = [];
  const servers: Partial<Record<Side, SpawnedQemu>> = {};
  const versions: Partial<Record<Side, unknown>> = {};

  try {
    for (const side of ['qemu', 'ours'] as const) {
      const { server, error } = await start(side);
      if (server) {
        servers[side] = server;
        versions[side] = (server.client.greeting as { QMP?: { version?: unknown } }).QMP?.version ?? null;
      } else {
        const msg = side === 'ours' ? `our QMP server (bin/cpumodels.js qmp --arch s390x --accel tcg) failed to start: ${error}` : `qemu (${QEMU}) failed to start: ${error}`;
        console.error(`!! ${msg}`);
        problems.push(msg);
      }
    }
    const reference = servers.qemu ?? servers.ours;
    if (!reference) {
      console.error('!! neither side started; nothing to measure');
      return 1;
    }

    // Model names for the comparison pairs: from QEMU when available.
    const defs = await reference.client.execute('query-cpu-definitions');
    if (!isObj(defs) || !Array.isArray(defs.return)) throw new Error(`query-cpu-definitions failed: ${JSON.stringify(defs).slice(0, 300)}`);
    const models = (defs.return as { name: string }[]).map((d) => d.name).sort();
    const r = rng(SEED);
    const pick = () => models[Math.floor(r() * models.length)]!;
    const comparisonLines = Array.from({ length: PAIRS }, () =>
      JSON.stringify({ execute: 'query-cpu-model-comparison', arguments: { modela: { name: pick() }, modelb: { name: pick() } } }),
    );
    const definitionLines = [JSON.stringify({ execute: 'query-cpu-definitions' })];
    const workloads: { command: string; lines: string[] }[] = [
      { command: 'query-cpu-model-comparison', lines: comparisonLines },
      { command: 'query-cpu-definitions', lines: definitionLines },
    ];

    console.log(
      `QMP s390x benchmark: ${SECONDS} s per measurement, window ${WINDOW}, ${models.length} models, ${cpus().length} CPUs, node ${process.version}`,
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
          await server.client.throughput(w.lines, { window: WINDOW, durationMs: Math.min(500, SECONDS * 200) });
          const res = await server.client.throughput(w.lines, { window: WINDOW, durationMs: SECONDS * 1000 });
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

    const meetsTarget = rows.length > 0 && rows.every((x) => x.ratio !== null && x.ratio >= TARGET);
    console.log(`target: ours >= ${TARGET}x qemu for every command: ${meetsTarget ? 'met' : 'NOT met'}`);

    const out = {
      benchmark: 'qmp-s390x',
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, node: process.version, platform: process.platform },
      settings: { seconds: SECONDS, window: WINDOW, seed: SEED, comparisonPairs: PAIRS, models: models.length },
      qemu: { binary: QEMU, version: versions.qemu ?? null, pid: servers.qemu?.pid ?? null, rssKiB: rss.qemu },
      ours: { command: 'bin/cpumodels.js qmp --arch s390x --accel tcg', version: versions.ours ?? null, pid: servers.ours?.pid ?? null, rssKiB: rss.ours },
      results: results.map((m, i) => ({ command: m.command, qemu: m.qemu, ours: m.ours, ratio: rows[i]!.ratio })),
      target: TARGET,
      meetsTarget,
      problems,
    };
    const dir = join(findRepoRoot(), 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'qmp-s390x.json');
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

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`qmp-s390x benchmark failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
