// Fleet service benchmark: import 100,000 synthetic hosts through the API,
// then queries over HTTP with 50 concurrent clients (wrk when installed, else
// autocannon), service RSS per host, and restart-to-ready, on SQLite and on
// PostgreSQL.
//
//   npm run build && node dist/bench/service.js
//
// Env: BENCH_HOSTS (default 100000), BENCH_DBS (default sqlite,postgres),
// BENCH_PG (a PostgreSQL URL to create the bench database from; default
// postgres://postgres@127.0.0.1:5432/postgres), BENCH_SECONDS (per query
// run, default 10), BENCH_WARMUP (seconds of the same load before each
// measurement, dropped; default 2), BENCH_LOAD (wrk or autocannon; default wrk
// when installed), BENCH_CONNECTIONS (default 50), BENCH_SEED,
// BENCH_SHARED (../shared), BENCH_SEMI_SPACE_MB (the server's
// --max-semi-space-size in MiB, as CPUMODELS_SEMI_SPACE_MB gives it to
// bin/cpumodels; default 0: V8's default), BENCH_NODE_FLAGS (more node flags for the server: --trace-gc
// counts its collections per run), BENCH_ONLY (query names to run, comma-
// separated substrings), BENCH_CONTROL (0: no control server), BENCH_SERVER (another build's
// bin/cpumodels.js to measure instead of this one: before/after). Writes
// bench/results/service.json.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { realHosts, synthesize } from './fleet-synth.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let ROOT = here;
while (!existsSync(path.join(ROOT, 'package.json'))) ROOT = path.dirname(ROOT);
const SHARED = process.env.BENCH_SHARED ?? path.resolve(ROOT, '../shared');
const N = Number(process.env.BENCH_HOSTS ?? 100_000);
const DBS = (process.env.BENCH_DBS ?? 'sqlite,postgres').split(',');
const PG_URL = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
/** node flags for the server process (e.g. --trace-gc: its scavenges and mark-compacts are counted per measurement) */
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
/** the server's young generation (--max-semi-space-size, MiB, as bin/cpumodels gives CPUMODELS_SEMI_SPACE_MB; 0: V8's default, the launcher's default) */
const SEMI_SPACE_MB = Number(process.env.BENCH_SEMI_SPACE_MB ?? 0);
/** the query runs to make (a substring of their names; default all) */
const ONLY = process.env.BENCH_ONLY;
/** a bare fastify returning a fixed Buffer, loaded the same way before each query: how much of a tail is the machine (BENCH_CONTROL=0: none) */
const CONTROL = process.env.BENCH_CONTROL !== '0';
const TOKEN = 'bench-token-0123456789abcdef';
const CLUSTERS = 50;
const hostName = (i: number) => `host-${String(i % N).padStart(6, '0')}`;
const VARIED_MODELS = ['Skylake-Client-v1', 'Skylake-Server-v1', 'Cascadelake-Server-v1', 'Icelake-Server-v1', 'Broadwell-v1', 'Haswell-v1', 'IvyBridge-v1', 'SandyBridge-v1', 'Westmere-v1', 'Nehalem-v1', 'Penryn-v1', 'qemu64-v1'];

const rssOf = (pid: number): number => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)![1]) * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (b: number) => Math.round((b / 1048576) * 10) / 10;

interface Server {
  child: ChildProcess;
  url: string;
  readyMs: number;
  log: string;
  /** garbage collections seen on the server's stdout (--trace-gc), and their pauses in ms */
  gc: { scavenges: number; markCompacts: number; pauseMs: number; maxPauseMs: number };
}

/** Count --trace-gc lines ("…: Scavenge 12.1 (14.0) -> 11.9 (15.0) MB, 0.85 / 0.00 ms …"). */
function countGc(gc: Server['gc'], text: string): void {
  for (const m of text.matchAll(/: (Scavenge|Mark-Compact|Mark-sweep)[^\n]*?MB, ([\d.]+) \/ [\d.]+ ms/g)) {
    if (m[1] === 'Scavenge') gc.scavenges++;
    else gc.markCompacts++;
    const ms = Number(m[2]);
    gc.pauseMs += ms;
    gc.maxPauseMs = Math.max(gc.maxPauseMs, ms);
  }
}

/** the server measured: this checkout's, or another build's bin/cpumodels.js (BENCH_SERVER: an earlier build, for before/after in the same minutes) */
const SERVER = process.env.BENCH_SERVER ?? path.join(ROOT, 'bin/cpumodels.js');

function startServer(args: string[], script = SERVER, ready = /fleet service on (\S+)/): Promise<Server> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const server = script.endsWith('cpumodels.js');
    const child = spawn(process.execPath, [...NODE_FLAGS, ...(server && SEMI_SPACE_MB ? [`--max-semi-space-size=${SEMI_SPACE_MB}`] : []), script, ...(server ? ['server'] : []), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let log = '';
    const gc = { scavenges: 0, markCompacts: 0, pauseMs: 0, maxPauseMs: 0 };
    let resolved = false;
    let partial = '';
    child.stdout!.on('data', (d: Buffer) => {
      const text = partial + d.toString();
      const cut = text.lastIndexOf('\n') + 1;
      partial = text.slice(cut);
      countGc(gc, text.slice(0, cut));
      if (resolved) return;
      log += d.toString();
      const m = log.match(ready);
      if (m) {
        resolved = true;
        resolve({ child, url: m[1]!, readyMs: performance.now() - t0, log, gc });
      }
    });
    child.on('exit', (c) => reject(new Error(`server exited ${c}: ${log}`)));
  });
}

const stop = (s: Server) =>
  new Promise<void>((r) => {
    s.child.removeAllListeners('exit');
    s.child.once('exit', () => r());
    s.child.kill('SIGTERM');
  });

async function importHosts(url: string, lines: string[]): Promise<{ ms: number; last: Record<string, unknown> }> {
  const t0 = performance.now();
  const body = Readable.from((function* () {
    for (let i = 0; i < lines.length; i += 1000) yield lines.slice(i, i + 1000).join('\n') + '\n';
  })());
  const r = await fetch(`${url}/v1/hosts:import`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-ndjson' }, body: Readable.toWeb(body) as ReadableStream, duplex: 'half' } as RequestInit);
  const text = await r.text();
  const out = text.trim().split('\n');
  return { ms: performance.now() - t0, last: JSON.parse(out[out.length - 1]!) };
}

type Autocannon = (o: Record<string, unknown>) => Promise<{ latency: { p50: number; p99: number; p90: number; max: number }; requests: { average: number; total: number }; duration: number; non2xx: number; errors: number; timeouts: number }>;

interface LoadFigures {
  requests: number;
  seconds: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
}

/** The load generator: wrk (C, light) when it is installed, else autocannon (JavaScript, in this process); BENCH_LOAD picks one. */
const hasWrk = spawnSync('wrk', ['--version']).error === undefined;
const LOADER = process.env.BENCH_LOAD ?? (hasWrk ? 'wrk' : 'autocannon');
if (LOADER !== 'wrk' && LOADER !== 'autocannon') throw new Error(`BENCH_LOAD '${LOADER}': expected wrk or autocannon`);
if (LOADER === 'wrk' && !hasWrk) throw new Error('BENCH_LOAD=wrk: wrk is not installed (Debian: apt-get install wrk)');

/** POST the bodies in turn over CONNECTIONS connections for `seconds`. */
async function loadWith(url: string, bodies: string[], seconds: number): Promise<LoadFigures> {
  if (LOADER === 'wrk') {
    const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-wrk-'));
    try {
      const file = path.join(dir, 'bodies');
      writeFileSync(file, bodies.join('\n') + '\n');
      const threads = Math.min(2, CONNECTIONS);
      const out = await new Promise<string>((resolve, reject) => {
        const c = spawn('wrk', [`-t${threads}`, `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '10s', '-s', path.join(ROOT, 'bench/wrk-bodies.lua'), url], { env: { ...process.env, WRK_BODIES: file }, stdio: ['ignore', 'pipe', 'inherit'] });
        let text = '';
        c.stdout.on('data', (d: Buffer) => (text += d.toString()));
        c.on('error', reject);
        c.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text}`))));
      });
      const line = out.trim().split('\n').pop()!;
      return JSON.parse(line) as LoadFigures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const autocannon = ((await import('autocannon' as string)) as { default: Autocannon }).default;
  const r = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    ...(bodies.length > 1 ? { requests: bodies.map((b) => ({ method: 'POST', body: b })) } : { body: bodies[0] }),
  });
  return { requests: r.requests.total, seconds: r.duration, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

/** CPU time (user + system) a process has used, in microseconds. */
function cpuMicros(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  // fields 14 and 15 (utime, stime) are the 12th and 13th after the command
  return ((Number(rest[11]) + Number(rest[12])) * 1e6) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/**
 * What else the machine did during a measurement: the server's main thread's
 * time waiting on the run queue (runnable, not running: /proc/PID/schedstat),
 * the CPU the PostgreSQL processes used (every `postgres` process, whichever
 * database: other work on the same cluster counts too) and the CPU the whole
 * machine used (/proc/stat), in ms.
 */
interface MachineSample {
  t: number;
  runQueueNs: number;
  pg: Map<number, number>;
  busyTicks: number;
}
function pgCpuByPid(): Map<number, number> {
  const out = new Map<number, number>();
  const r = spawnSync('pgrep', ['-x', 'postgres']);
  for (const pid of (r.stdout?.toString() ?? '').split('\n').filter(Boolean).map(Number)) {
    try {
      out.set(pid, cpuMicros(pid));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}
function machineSample(pid: number): MachineSample {
  let runQueueNs = 0;
  try {
    runQueueNs = Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]);
  } catch {
    // no schedstat (kernel without CONFIG_SCHEDSTATS)
  }
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait
  const busyTicks = cpu.reduce((a, b) => a + b, 0) - cpu[3]! - cpu[4]!;
  return { t: performance.now(), runQueueNs, pg: PG_CPU ? pgCpuByPid() : new Map(), busyTicks };
}
/** PostgreSQL processes' CPU is counted when a PostgreSQL database is measured */
let PG_CPU = false;
function machineSince(a: MachineSample, pid: number): { serverRunQueueMs: number; pgCpuMs: number; machineCpuMs: number } {
  const b = machineSample(pid);
  let pgUs = 0;
  for (const [p, us] of b.pg) pgUs += us - (a.pg.get(p) ?? 0);
  return { serverRunQueueMs: Math.round((b.runQueueNs - a.runQueueNs) / 1e6), pgCpuMs: Math.round(pgUs / 1000), machineCpuMs: Math.round(((b.busyTicks - a.busyTicks) * 1000) / CLOCK_TICKS) };
}

/**
 * The server's event-loop delay since the last call (prom-client's monitorEventLoopDelay, sampled every 10 ms;
 * each /metrics read resets it), in ms beyond the 10 ms sampling interval (Node records the whole time
 * between two samples: an idle loop reads 10.1-10.3 ms).
 */
async function loopDelay(s: Server): Promise<{ loopP99Ms: number; loopMaxMs: number }> {
  const t = await (await fetch(`${s.url}/metrics`)).text();
  const g = (n: string) => Math.max(0, Math.round((Number(t.match(new RegExp(`^${n} (\\S+)`, 'm'))?.[1]) - 0.01) * 10000) / 10);
  return { loopP99Ms: g('nodejs_eventloop_lag_p99_seconds'), loopMaxMs: g('nodejs_eventloop_lag_max_seconds') };
}

/**
 * body: one request body, or `{ each: [...] }`: the clients cycle through these bodies (different questions).
 * A warm-up of BENCH_WARMUP seconds (the same questions; its figures are dropped) comes first, then the
 * measurement; the server's CPU time per answer is read from /proc.
 */
async function load(s: Server, name: string, pathName: string, body: unknown, control?: Server): Promise<Record<string, number | string>> {
  const each = (body as { each?: unknown[] } | undefined)?.each;
  const bodies = (each ?? [body]).map((b) => JSON.stringify(b));
  const url = `${s.url}${pathName}`;
  // the control first, with the same bodies and connections: what this machine does to a server that does nothing
  if (control && WARMUP > 0) await loadWith(control.url, bodies, WARMUP);
  const cm0 = control ? machineSample(control.child.pid!) : undefined;
  const ccpu0 = control ? cpuMicros(control.child.pid!) : 0;
  const c = control ? await loadWith(control.url, bodies, SECONDS) : undefined;
  const ccpu = control ? cpuMicros(control.child.pid!) - ccpu0 : 0;
  const cm = control ? machineSince(cm0!, control.child.pid!) : undefined;
  if (WARMUP > 0) await loadWith(url, bodies, WARMUP);
  await loopDelay(s);
  const cpu0 = cpuMicros(s.child.pid!);
  const m0 = machineSample(s.child.pid!);
  s.gc.maxPauseMs = 0;
  const gc0 = { ...s.gc };
  const r = await loadWith(url, bodies, SECONDS);
  const cpu = cpuMicros(s.child.pid!) - cpu0;
  const machine = machineSince(m0, s.child.pid!);
  const loop = await loopDelay(s);
  const gc: Record<string, number> = NODE_FLAGS.includes('--trace-gc') ? { scavenges: s.gc.scavenges - gc0.scavenges, markCompacts: s.gc.markCompacts - gc0.markCompacts, gcPauseMs: Math.round(s.gc.pauseMs - gc0.pauseMs), gcMaxPauseMs: s.gc.maxPauseMs } : {};
  // the size of the (first) answer
  const a = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[0]! });
  const answerBytes = (await a.arrayBuffer()).byteLength;
  return { query: name, loader: LOADER, answerBytes, p50: r.p50, p90: r.p90, p99: r.p99, max: r.max, reqPerSec: Math.round(r.requests / r.seconds), serverCpuUsPerReq: Math.round(cpu / Math.max(1, r.requests)), non2xx: r.non2xx, errors: r.errors, ...gc, ...loop, ...machine, ...(c ? { controlP50: c.p50, controlP99: c.p99, controlReqPerSec: Math.round(c.requests / c.seconds), controlCpuUsPerReq: Math.round(ccpu / Math.max(1, c.requests)), controlRunQueueMs: cm!.serverRunQueueMs, controlPgCpuMs: cm!.pgCpuMs, controlMachineCpuMs: cm!.machineCpuMs } : {}) };
}

const WRITES = 15;

/**
 * The cost of an answer nothing is kept for: a write (one host's labels
 * changed back and forth) moves the index version, then one client asks a
 * placement, a baseline and a migrate-check once each. Median and max over
 * WRITES writes, in ms.
 */
async function firstAfterWrite(s: Server, lines: string[]): Promise<Record<string, { median: number; max: number }>> {
  const env = JSON.parse(lines[7]!) as { name: string; labels: Record<string, string>; document: unknown };
  const ask = async (p: string, body: unknown): Promise<number> => {
    const t0 = performance.now();
    const r = await fetch(`${s.url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${p}: ${r.status}`);
    return performance.now() - t0;
  };
  const times: Record<string, number[]> = { 'placement (one cluster)': [], 'baseline (one cluster)': [], 'baseline (whole fleet)': [], 'migrate-check': [] };
  for (let i = 0; i < WRITES; i++) {
    const labels = { ...env.labels, rack: `bench-${i}` };
    const w = await fetch(`${s.url}/v1/hosts/${env.name}`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ labels, document: env.document }) });
    await w.arrayBuffer();
    if (w.status !== 200) throw new Error(`PUT ${env.name}: ${w.status}`);
    times['placement (one cluster)']!.push(await ask('/v1/placement', { guest: VARIED_MODELS[i % VARIED_MODELS.length], selector: `cluster=c${i}` }));
    times['baseline (one cluster)']!.push(await ask('/v1/baseline', { selector: `cluster=c${i}` }));
    times['baseline (whole fleet)']!.push(await ask('/v1/baseline', {}));
    times['migrate-check']!.push(await ask('/v1/migrate-check', { guest: "<cpu mode='host-model'/>", source: hostName(1000 + i), target: hostName(2000 + i) }));
  }
  const out: Record<string, { median: number; max: number }> = {};
  for (const [k, v] of Object.entries(times)) {
    v.sort((a, b) => a - b);
    out[k] = { median: Math.round(v[v.length >> 1]! * 10) / 10, max: Math.round(v[v.length - 1]! * 10) / 10 };
  }
  return out;
}

async function pgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `cpumodels_bench_${Date.now()}`;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: PG_URL });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

async function main(): Promise<void> {
  console.log(`fleet service benchmark: ${N} hosts, ${CONNECTIONS} connections (${LOADER}), ${SECONDS} s per query after ${WARMUP} s of warm-up; server semi-space ${SEMI_SPACE_MB || 'default'} MiB${NODE_FLAGS.length ? `, ${NODE_FLAGS.join(' ')}` : ''}; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}`);
  const docs = synthesize(realHosts('x86_64', SHARED), N, SEED);
  const lines = docs.map((d, i) => JSON.stringify({ name: d.name, labels: { cluster: `c${i % CLUSTERS}`, rack: `r${i % 400}` }, document: d }));
  const classes = new Set(docs.map((d) => d.signature)).size;
  console.log(`synthesized ${N} x86_64 hosts from ${realHosts('x86_64', SHARED).length} real CPUID dumps: ${classes} distinct capabilities`);
  const results: Record<string, unknown>[] = [];
  for (const kind of DBS) {
    const tmp = mkdtempSync(path.join(tmpdir(), 'cpumodels-bench-'));
    const tf = path.join(tmp, 'token');
    writeFileSync(tf, TOKEN, { mode: 0o600 });
    const pgdb = kind === 'postgres' ? await pgDatabase() : undefined;
    PG_CPU = kind === 'postgres';
    const db = pgdb ? pgdb.url : `sqlite:${path.join(tmp, 'fleet.db')}`;
    const args = ['--db', db, '--listen', '127.0.0.1:0', '--data', tmp, '--token-file', tf];
    try {
      let s = await startServer(args);
      await sleep(500);
      const rss0 = rssOf(s.child.pid!);
      const imp = await importHosts(s.url, lines);
      console.log(`[${kind}] import: ${N} hosts in ${(imp.ms / 1000).toFixed(1)} s (${Math.round(N / (imp.ms / 1000))} hosts/s): ${JSON.stringify(imp.last)}`);
      await sleep(2000);
      const rss1 = rssOf(s.child.pid!);
      const queries: Record<string, number | string>[] = [];
      const runs: [string, string, unknown][] = [
        ['placement (one cluster)', '/v1/placement', { guest: 'Skylake-Client-v1', selector: 'cluster=c7' }],
        ['placement (whole fleet)', '/v1/placement', { guest: 'Skylake-Server-v1' }],
        ['baseline (one cluster)', '/v1/baseline', { selector: 'cluster=c7' }],
        ['baseline (whole fleet)', '/v1/baseline', {}],
        ['migrate-check (stored names)', '/v1/migrate-check', { guest: "<cpu mode='host-model'/>", source: 'host-000001', target: 'host-000002' }],
        // different questions in turn: guests by 12 models over 12 clusters, migrations between 200 host pairs
        ['placement (12 guests x 12 clusters)', '/v1/placement', { each: VARIED_MODELS.flatMap((m, i) => VARIED_MODELS.map((_, j) => ({ guest: m, selector: `cluster=c${(i * 12 + j) % CLUSTERS}` }))) }],
        ['migrate-check (200 host pairs)', '/v1/migrate-check', { each: Array.from({ length: 200 }, (_, i) => ({ guest: "<cpu mode='host-model'/>", source: hostName(i * 37), target: hostName(i * 37 + 501) })) }],
      ];
      const control = CONTROL ? await startServer([], path.join(here, 'control-server.js'), /control on (\S+)/) : undefined;
      const picked = runs.filter(([name]) => !ONLY || ONLY.split(',').some((o) => name.includes(o)));
      for (const [name, p, body] of picked) queries.push({ cache: 'on', ...(await load(s, name, p, body, control)) });
      // what a placement answer is made of, whole (every class, every host name) and as the default first page
      for (const [what, body] of [['whole', { guest: 'Skylake-Server-v1', limit: 10000, hostsPerClass: 'all' }], ['first page', { guest: 'Skylake-Server-v1' }]] as const) {
        const a = (await (await fetch(`${s.url}/v1/placement`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as { classCount: number; fit: { hosts: string[]; reasons?: string[] }[]; misfit: { hosts: string[]; reasons?: string[] }[] };
        const text = JSON.stringify(a);
        const cls = [...a.fit, ...a.misfit];
        const hostBytes = cls.reduce((n, c) => n + JSON.stringify(c.hosts).length, 0);
        const reasonBytes = cls.reduce((n, c) => n + JSON.stringify(c.reasons ?? []).length, 0);
        console.log(`[${kind}] placement (whole fleet), ${what}: ${text.length} B, ${cls.length} of ${a.classCount} classes, host names ${hostBytes} B, reasons ${reasonBytes} B`);
      }
      await stop(s);
      // the same queries, every answer computed (no answer cache)
      s = await startServer([...args, '--query-cache', '0']);
      for (const [name, p, body] of picked) queries.push({ cache: 'off', ...(await load(s, name, p, body, control)) });
      if (control) await stop(control);
      const afterWrite = await firstAfterWrite(s, lines);
      console.log(`[${kind}] first answer after a write (one client, median / max of ${WRITES} writes): ${Object.entries(afterWrite).map(([k, v]) => `${k} ${v.median} / ${v.max} ms`).join(', ')}`);
      await stop(s);
      for (const q of queries) console.log(`[${kind}] ${String(q['query']).padEnd(30)} cache ${q['cache']}: ${q['answerBytes']} B, p50 ${q['p50']} ms, p99 ${q['p99']} ms, ${q['reqPerSec']} req/s, server CPU ${q['serverCpuUsPerReq']} µs/answer${q['non2xx'] ? `, ${q['non2xx']} non-2xx` : ''}${q['scavenges'] !== undefined ? `; GC: ${q['scavenges']} scavenges, ${q['markCompacts']} mark-compacts, ${q['gcPauseMs']} ms paused (longest ${q['gcMaxPauseMs']} ms)` : ''}; event loop p99 ${q['loopP99Ms']} / max ${q['loopMaxMs']} ms; run queue ${q['serverRunQueueMs']} ms, PostgreSQL CPU ${q['pgCpuMs']} ms, machine CPU ${q['machineCpuMs']} ms${q['controlP99'] !== undefined ? `; control (bare fastify, fixed Buffer): p50 ${q['controlP50']} ms, p99 ${q['controlP99']} ms, ${q['controlReqPerSec']} req/s, CPU ${q['controlCpuUsPerReq']} µs/answer, run queue ${q['controlRunQueueMs']} ms, PostgreSQL CPU ${q['controlPgCpuMs']} ms` : ''}`);
      // restart with N stored hosts
      s = await startServer(args);
      const serverReady = Number(s.log.match(/ready in (\d+) ms/)?.[1]);
      await sleep(1000);
      const rss2 = rssOf(s.child.pid!);
      await stop(s);
      const row = {
        db: kind,
        hosts: N,
        classes,
        importSeconds: Math.round(imp.ms / 100) / 10,
        importHostsPerSec: Math.round(N / (imp.ms / 1000)),
        import: imp.last,
        rssStartMiB: mib(rss0),
        rssAfterImportMiB: mib(rss1),
        bytesPerHostAfterImport: Math.round((rss1 - rss0) / N),
        rssAfterRestartMiB: mib(rss2),
        bytesPerHostAfterRestart: Math.round((rss2 - rss0) / N),
        restartToReadyMs: Math.round(s.readyMs),
        firstAnswerAfterWriteMs: afterWrite,
        indexLoadMs: serverReady,
        queries,
      };
      console.log(`[${kind}] RSS ${row.rssStartMiB} MiB at start, ${row.rssAfterImportMiB} MiB after import (${row.bytesPerHostAfterImport} B/host), ${row.rssAfterRestartMiB} MiB after restart (${row.bytesPerHostAfterRestart} B/host); restart to ready ${row.restartToReadyMs} ms (index load ${serverReady} ms)`);
      results.push(row);
    } finally {
      await pgdb?.drop();
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench/results/service.json'), JSON.stringify({ date: new Date().toISOString(), semiSpaceMiB: SEMI_SPACE_MB, nodeFlags: NODE_FLAGS, hosts: N, connections: CONNECTIONS, seconds: SECONDS, warmup: WARMUP, loader: LOADER, cpus: cpus().length, node: process.version, results }, null, 2) + '\n');
}

await main();
