/**
 * Nothing acknowledged is lost: a child process stores hosts in batches and
 * acknowledges each committed batch; it is killed with SIGKILL at a random
 * moment, 20 times per database. After each kill every acknowledged host
 * is stored, exactly as written, and the batch in flight is stored whole or
 * not at all (no half-written host, no half batch). Then once per database
 * through the real server: SIGKILL during POST /v1/hosts:import after three
 * progress lines.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPgDatabase, PG_BASE } from '../../test/helpers/pg.js';
import { startServerProcess } from '../../test/helpers/server-process.js';
import { cpudata } from '../../test/helpers/service.js';
import { toHostDoc } from '../host/convert.js';
import { mulberry32 } from '../core/prng.js';
import { openStorage, type HostWrite } from './storage.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHILD_SRC = path.join(ROOT, 'test/helpers/crash-child.ts');
// bundled once (esbuild): a TypeScript loader would double the child's start-up, 40 times
const CHILD = path.join(ROOT, 'node_modules/.cache/cpumodels-test/crash-child.mjs');
const REPEATS = 20;
const BATCH = 5;

function writesFor(round: number, n: number): HostWrite[] {
  const out: HostWrite[] = [];
  for (let i = 0; i < n; i++) {
    const features = ['fpu', 'sse', 'sse2', 'avx', `f${i % 7}`].sort();
    const name = `r${round}-h${i}`;
    out.push({ name, labels: { round: String(round) }, sourceKind: 'cpuinfo', doc: JSON.stringify({ name, features, pad: 'x'.repeat(2000 + i) }), cls: { arch: 'x86_64', signature: `${(i % 7).toString(16).padStart(16, '0')}`, ident: 'GenuineIntel', model: 'qemu64', identity: {}, features } });
  }
  return out;
}

/** Run the child until it has acknowledged `killAfter` batches (plus a random few ms), then SIGKILL it. */
function runAndKill(url: string, file: string, killAfter: number, extraMs: number): Promise<{ acked: string[][]; done: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, url, file, String(BATCH)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[][] = [];
    let buf = '';
    let err = '';
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('ack ')) acked.push(line.slice(4).split(' '));
        if (line === 'done') done = true;
        if (acked.length === killAfter && !timer) timer = setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`child exited ${code}: ${err}`));
      else resolve({ acked, done });
    });
  });
}

const backends = [
  { name: 'sqlite', pg: false },
  { name: 'postgres', pg: true },
];

for (const b of backends) {
  describe.skipIf(b.pg && !PG_BASE)(`crash safety: ${b.name}`, () => {
    let dir: string;
    let url: string;
    let drop: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      const { build } = await import('esbuild');
      await build({ entryPoints: [CHILD_SRC], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: CHILD, logLevel: 'error' });
      dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-crash-'));
      if (b.pg) {
        const d = await freshPgDatabase('crash');
        url = d.url;
        drop = d.drop;
      } else url = `sqlite:${path.join(dir, 'fleet.db')}`;
      // migrations run before the first kill
      await (await openStorage(url)).close();
    });
    afterAll(async () => {
      await drop?.();
      rmSync(dir, { recursive: true, force: true });
    });

    it(`kill -9 during a bulk import, ${REPEATS} times: every acknowledged host stored exactly, no half-written host or batch`, async () => {
      const rnd = mulberry32(b.pg ? 2 : 1);
      let killedMidway = 0;
      for (let round = 0; round < REPEATS; round++) {
        const writes = writesFor(round, 400);
        const file = path.join(dir, `writes-${round}.json`);
        writeFileSync(file, JSON.stringify(writes));
        const { acked, done } = await runAndKill(url, file, 1 + Math.floor(rnd() * 8), Math.floor(rnd() * 15));
        if (!done) killedMidway++;
        const s = await openStorage(url);
        try {
          const snap = await s.snapshot();
          const stored = new Set(snap.hosts.filter((h) => h.name.startsWith(`r${round}-`)).map((h) => h.name));
          for (const batch of acked) for (const n of batch) expect(stored.has(n), `acknowledged host ${n} lost (round ${round})`).toBe(true);
          // whole batches only: batch k is stored iff all its hosts are
          for (let i = 0; i < writes.length; i += BATCH) {
            const names = writes.slice(i, i + BATCH).map((w) => w.name);
            const n = names.filter((x) => stored.has(x)).length;
            expect(n === 0 || n === names.length, `half a batch stored at ${names[0]} (round ${round})`).toBe(true);
          }
          // and what is stored is exactly what was written
          const byName = new Map(writes.map((w) => [w.name, w]));
          const classes = new Map(snap.classes.map((c) => [c.id, c]));
          for (const n of stored) {
            const h = (await s.getHost(n))!;
            const w = byName.get(n)!;
            expect(h.doc).toBe(w.doc);
            expect(h.labels).toEqual(w.labels);
            expect(classes.get(h.classId)!.features).toEqual(w.cls.features);
            expect(h.signature).toBe(w.cls.signature);
          }
          const evs = await s.events({ host: undefined, after: 0, limit: 100_000 });
          expect(evs.filter((e) => e.host.startsWith(`r${round}-`) && e.kind === 'added').length).toBe(stored.size);
        } finally {
          await s.close();
        }
      }
      // the kills landed during the imports, not after them
      expect(killedMidway).toBeGreaterThanOrEqual(REPEATS - 2);
    }, 120_000);
  });
}

// ------------------------------------------------- through the real server


for (const b of backends) {
  describe.skipIf(b.pg && !PG_BASE)(`crash safety through the server: ${b.name}`, () => {
    it('kill -9 of the server during POST /v1/hosts:import: every host of an acknowledged batch is stored, no batch in part', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-crash-srv-'));
      const tf = path.join(dir, 'token');
      writeFileSync(tf, 'crash-token-0123456789', { mode: 0o600 });
      const pgdb = b.pg ? await freshPgDatabase('crashsrv') : undefined;
      const url = pgdb ? pgdb.url : `sqlite:${path.join(dir, 'fleet.db')}`;
      const args = ['--db', url, '--listen', '127.0.0.1:0', '--data', dir, '--token-file', tf];
      const base = toHostDoc(cpudata('Xeon-Gold-6148'), 'x');
      if (!base.ok) throw new Error(base.error.message);
      const BATCH_SRV = 50;
      const names = Array.from({ length: 4000 }, (_, i) => `srv-${String(i).padStart(5, '0')}`);
      const s = await startServerProcess(args);
      try {
        // the body trickles in, so the kill lands while batches are being committed
        const body = new ReadableStream<Uint8Array>({
          async start(ctl) {
            for (let i = 0; i < names.length; i += 100) {
              ctl.enqueue(new TextEncoder().encode(names.slice(i, i + 100).map((n) => JSON.stringify({ ...base.value, name: n })).join('\n') + '\n'));
              await new Promise((r) => setTimeout(r, 5));
            }
            ctl.close();
          },
        });
        const res = await fetch(`${s.url}/v1/hosts:import?batch=${BATCH_SRV}`, { method: 'POST', headers: { authorization: 'Bearer crash-token-0123456789', 'content-type': 'application/x-ndjson' }, body, duplex: 'half' } as RequestInit);
        const reader = res.body!.getReader();
        let text = '';
        let committed = 0;
        while (committed < 3 * BATCH_SRV) {
          const { value, done } = await reader.read();
          if (done) break;
          text += new TextDecoder().decode(value);
          for (const l of text.split('\n').filter((x) => x.startsWith('{"progress"'))) committed = Math.max(committed, JSON.parse(l).committed as number);
        }
        s.child.kill('SIGKILL');
        await s.stop();
        expect(committed).toBeGreaterThanOrEqual(3 * BATCH_SRV);
        const st = await openStorage(url);
        try {
          const snap = await st.snapshot();
          const stored = new Set(snap.hosts.map((h) => h.name));
          for (const n of names.slice(0, committed)) expect(stored.has(n), n).toBe(true);
          // batches are whole and in order: the stored hosts are a prefix of the input, a multiple of the batch size
          const k = names.filter((n) => stored.has(n)).length;
          expect(k % BATCH_SRV).toBe(0);
          expect(names.slice(0, k).every((n) => stored.has(n))).toBe(true);
          expect(k).toBeLessThan(names.length);
          const one = await st.getHost(names[committed - 1]!);
          expect(JSON.parse(one!.doc).features).toEqual(base.value.features);
        } finally {
          await st.close();
        }
      } finally {
        await s.stop();
        await pgdb?.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);
  });
}
