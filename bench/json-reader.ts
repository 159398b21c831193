// JSON reader benchmark: the QMP reader (lexer + streamer + parser, see
// src/adapters/qmp/json-stream.ts) against an earlier version of it, on the
// same inputs, fed in 64 KiB chunks as a socket would deliver them.
//
//   npm run build && node dist/bench/json-reader.js
//
// The earlier reader is not kept in the tree: it is read from git
// (BENCH_OLD_REV, default aa8dbf3, the last version before the split, one
// file), compiled with esbuild, its relative imports pointed at the built
// modules in dist/, and imported from a temp dir.
// Env: BENCH_OLD_REV, BENCH_RUNS (timed runs per input and reader, default 7;
// the best run is reported: the machine may be shared), BENCH_REF (QEMU 7.2 reference dir, default
// ../shared/reference/qemu-7.2 from the repository root). Both readers must
// give the same events for every input, or the script exits 1.
// Writes bench/results/json-reader.json. See bench/README.md.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import { isDeepStrictEqual } from 'node:util';
import { toQmpJson } from '../src/core/qmp-json.js';
import { JsonStream } from '../src/adapters/qmp/json-stream.js';
import { findRepoRoot } from '../src/adapters/qmp/client.js';

const OLD_REV = process.env.BENCH_OLD_REV ?? 'aa8dbf3';
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 7));
const CHUNK = 64 * 1024;

type Event = { kind: string; value?: unknown; desc?: string };
interface Reader {
  push(s: string): Event[];
  end(): Event[];
}
type ReaderClass = new (opts?: { maxLineBytes?: number }) => Reader;

const root = findRepoRoot();

async function loadOld(): Promise<ReaderClass> {
  const src = execFileSync('git', ['-C', root, 'show', `${OLD_REV}:src/adapters/qmp/json-stream.ts`], { encoding: 'utf8', maxBuffer: 1 << 26 });
  // its imports are relative to src/adapters/qmp/: take the built modules
  const builtDir = fileURLToPath(new URL('../src/adapters/qmp/', import.meta.url));
  const js = transformSync(src, { loader: 'ts', format: 'esm', target: 'node20' }).code.replace(
    /from (["'])(\.\.?\/[^"']+)\1/g,
    (_m, _q: string, rel: string) => `from '${pathToFileURL(join(builtDir, rel)).href}'`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'cpumodels-bench-json-'));
  try {
    const file = join(dir, 'old-json-stream.mjs');
    writeFileSync(file, js);
    const mod = (await import(pathToFileURL(file).href)) as { JsonStream: ReaderClass };
    return mod.JsonStream;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Input {
  name: string;
  text: string;
}

/** QEMU 7.2's own texts: the reference files, and every record in them as one QMP reply line. */
function referenceInputs(): Input[] {
  const ref = resolve(process.env.BENCH_REF ?? join(root, '..', 'shared', 'reference', 'qemu-7.2'));
  if (!existsSync(ref)) {
    console.log(`(no QEMU 7.2 reference at ${ref}: synthetic inputs only)`);
    return [];
  }
  const files: string[] = [];
  const lines: string[] = [];
  for (const arch of readdirSync(ref)) {
    const dir = join(ref, arch);
    if (!existsSync(join(dir, 'greeting.json'))) continue;
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      files.push(text);
      const doc = JSON.parse(text) as Record<string, unknown>;
      const records = Array.isArray(doc.records) ? doc.records : [doc];
      for (const r of records) lines.push(toQmpJson(r));
    }
  }
  return [
    { name: 'QEMU 7.2 reference files (whole)', text: files.join('\n') },
    { name: 'QEMU 7.2 records as QMP lines', text: lines.join('\n') + '\n' },
  ];
}

function syntheticInputs(): Input[] {
  const small: string[] = [];
  for (let i = 0; i < 20000; i++) {
    small.push(`{"execute": "query-cpu-model-expansion", "arguments": {"type": "full", "model": {"name": "Skylake-Server-v${i % 5}", "props": {"vmx": ${i % 2 ? 'true' : 'false'}, "tsc-frequency": ${1000000 + i}}}}, "id": ${i}}`);
  }
  const props: Record<string, unknown> = {};
  for (let i = 0; i < 4000; i++) props[`feature-${i}`] = i % 3 === 0 ? i * 12345 : i % 3 === 1 ? i % 2 === 0 : `v${i}`;
  const big = toQmpJson({ return: { model: { name: 'big', props }, list: Array.from({ length: 20000 }, (_, i) => [i, -i, i / 4, 'x'.repeat(i % 40)]) } });
  const text = toQmpJson({ return: Array.from({ length: 3000 }, (_, i) => ({ name: `m\u00e9${i}\u4e2d`, desc: 'tab\\t "quoted" \u00fc \ud83d\ude00 line\\n', id: 18446744073709551615n - BigInt(i) })) });
  return [
    { name: 'synthetic: 20,000 small requests', text: small.join('\n') + '\n' },
    { name: `synthetic: one large reply (${(big.length / 1e6).toFixed(1)} MB)`, text: big + '\n' },
    { name: 'synthetic: strings with escapes, non-ASCII, uint64', text: text + '\n' },
  ];
}

function run(R: ReaderClass, text: string): Event[] {
  const s = new R({ maxLineBytes: Infinity });
  const out: Event[] = [];
  for (let i = 0; i < text.length; i += CHUNK) {
    for (const e of s.push(text.slice(i, i + CHUNK))) out.push(e);
  }
  for (const e of s.end()) out.push(e);
  return out;
}

/** The best run: on a shared machine the least disturbed one. */
function best(xs: number[]): number {
  return Math.min(...xs);
}

/** CPU time (user + system, ms) of one run: less disturbed than wall time by other processes. */
function time(R: ReaderClass, text: string): number {
  const t0 = process.cpuUsage();
  run(R, text);
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

async function main(): Promise<void> {
  const Old = await loadOld();
  const New = JsonStream as unknown as ReaderClass;
  const inputs = [...referenceInputs(), ...syntheticInputs()];
  const rows: { input: string; mb: number; oldMs: number; newMs: number; ratio: number }[] = [];
  let failed = false;
  for (const inp of inputs) {
    if (!isDeepStrictEqual(run(Old, inp.text), run(New, inp.text))) {
      console.error(`different events for input "${inp.name}"`);
      failed = true;
    }
    // warm up both, then alternate so that both see the same machine load
    for (let k = 0; k < 2; k++) {
      time(Old, inp.text);
      time(New, inp.text);
    }
    const o: number[] = [];
    const n: number[] = [];
    for (let k = 0; k < RUNS; k++) {
      o.push(time(Old, inp.text));
      n.push(time(New, inp.text));
    }
    const oldMs = best(o);
    const newMs = best(n);
    rows.push({ input: inp.name, mb: Buffer.byteLength(inp.text) / 1e6, oldMs, newMs, ratio: oldMs / newMs });
  }
  const w = Math.max(...rows.map((r) => r.input.length));
  console.log(`JSON reader: old (${OLD_REV}) vs new, CPU time, best of ${RUNS} runs, 64 KiB chunks`);
  console.log(`${'input'.padEnd(w)}  ${'MB'.padStart(6)}  ${'old ms'.padStart(8)}  ${'new ms'.padStart(8)}  ${'MB/s new'.padStart(8)}  old/new`);
  for (const r of rows) {
    console.log(
      `${r.input.padEnd(w)}  ${r.mb.toFixed(2).padStart(6)}  ${r.oldMs.toFixed(1).padStart(8)}  ${r.newMs.toFixed(1).padStart(8)}  ${(r.mb / (r.newMs / 1000)).toFixed(0).padStart(8)}  ${r.ratio.toFixed(2)}×`,
    );
  }
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'json-reader.json'), JSON.stringify({ oldRev: OLD_REV, runs: RUNS, chunk: CHUNK, rows }, null, 2) + '\n');
  if (failed) process.exit(1);
}

await main();
