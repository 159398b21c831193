/**
 * PostgreSQL restarts under load (the real server, a real restart): writes
 * fail with 503 and Retry-After while the database is down, nothing else
 * fails, the service recovers by itself, nothing it acknowledged is lost,
 * and its LISTEN connection comes back (a write by another process is seen).
 *
 * It restarts the cluster, so it runs on its own (.ci/run runs it after the
 * other suites): CPUMODELS_TEST_PG_RESTART=1 and CPUMODELS_TEST_PG.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshPgDatabase, PG_BASE } from '../../test/helpers/pg.js';
import { startServerProcess } from '../../test/helpers/server-process.js';
import { cpudata } from '../../test/helpers/service.js';
import { openStorage } from '../storage/storage.js';
import { classOf, readHost } from './engine.js';

const TOKEN = 'restart-token-0123456789';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pgctl(action: 'stop' | 'start'): void {
  const version = readdirSync('/etc/postgresql').sort().pop()!;
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', action, ...(action === 'stop' ? ['-m', 'fast'] : [])], { stdio: 'inherit' });
}

async function waitReady(ms: number): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    try {
      execFileSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432']);
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error('PostgreSQL did not come back');
}

describe.skipIf(!PG_BASE || process.env['CPUMODELS_TEST_PG_RESTART'] !== '1')('PostgreSQL restart under load', () => {
  it('503 with Retry-After while down, recovery by itself, nothing acknowledged lost', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-pgrestart-'));
    const tf = path.join(dir, 'token');
    writeFileSync(tf, TOKEN, { mode: 0o600 });
    const db = await freshPgDatabase('restart');
    const s = await startServerProcess(['--db', db.url, '--listen', '127.0.0.1:0', '--data', dir, '--token-file', tf]);
    const bodies = [cpudata('Xeon-Gold-6148'), cpudata('Core-i7-8700')];
    const statuses = new Map<number, number>();
    const acked: string[] = [];
    let retryAfter = 0;
    let stop = false;
    let n = 0;
    const loop = async (worker: number) => {
      while (!stop) {
        const name = `w${worker}-${n++}`;
        try {
          const r = await fetch(`${s.url}/v1/hosts/${name}`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/xml' }, body: bodies[n % 2] });
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          if (r.status === 503 && r.headers.get('retry-after')) retryAfter++;
          if (r.status === 201) acked.push(name);
          await r.arrayBuffer();
          // reads from the index keep answering
          const c = await fetch(`${s.url}/v1/classes`);
          statuses.set(c.status, (statuses.get(c.status) ?? 0) + 1);
        } catch (e) {
          statuses.set(-1, (statuses.get(-1) ?? 0) + 1);
        }
        await sleep(10);
      }
    };
    try {
      const workers = [0, 1, 2, 3].map(loop);
      await sleep(1000);
      pgctl('stop');
      await sleep(1500);
      pgctl('start');
      await waitReady(30_000);
      const back = acked.length;
      await sleep(3000);
      stop = true;
      await Promise.all(workers);
      expect(statuses.get(503) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(0);
      expect(retryAfter).toBe(statuses.get(503));
      // nothing but 200, 201 and 503: no 500, no dropped connection
      expect([...statuses.keys()].sort(), JSON.stringify([...statuses])).toEqual([200, 201, 503]);
      expect(acked.length).toBeGreaterThan(back);
      expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
      // every acknowledged host is stored and in the index
      const listed = new Set<string>();
      let after = '';
      for (;;) {
        const page = (await (await fetch(`${s.url}/v1/hosts?limit=10000${after ? `&after=${after}` : ''}`)).json()) as { hosts: { name: string }[]; next?: string };
        for (const h of page.hosts) listed.add(h.name);
        if (!page.next) break;
        after = page.next;
      }
      for (const a of acked) expect(listed.has(a), a).toBe(true);
      // the LISTEN connection is back: a write by another process shows up
      const other = await openStorage(db.url);
      const doc = readHost(cpudata('EPYC-7502-32-Core'), 'other');
      if (!doc.ok) throw new Error(doc.error.message);
      const cls = classOf(doc.value);
      if (!cls.ok) throw new Error(cls.error.message);
      await other.putHosts([{ name: 'from-elsewhere', labels: {}, sourceKind: 'cpudata', doc: JSON.stringify(doc.value), cls: cls.value }]);
      await other.close();
      let seen = false;
      for (let i = 0; i < 50 && !seen; i++) {
        seen = (await fetch(`${s.url}/v1/hosts?prefix=from-elsewhere`).then((r) => r.json()) as { hosts: unknown[] }).hosts.length === 1;
        if (!seen) await sleep(100);
      }
      expect(seen).toBe(true);
    } finally {
      stop = true;
      await s.stop();
      await db.drop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
