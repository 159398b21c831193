/**
 * Several replicas on one PostgreSQL: two server processes share a
 * database; a write on either is visible in the other's queries within one
 * second (LISTEN/NOTIFY, then the events table).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPgDatabase, PG_BASE } from '../../test/helpers/pg.js';
import { startServerProcess, type ServerProcess } from '../../test/helpers/server-process.js';
import { cpudata } from '../../test/helpers/service.js';

const TOKEN = 'replica-token-0123456789';

async function waitFor(what: () => Promise<boolean>, ms: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await what()) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`not within ${ms} ms`);
}

describe.skipIf(!PG_BASE)('replicas on one PostgreSQL', () => {
  let dir: string;
  let drop: () => Promise<void>;
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-replicas-'));
    const tf = path.join(dir, 'token');
    writeFileSync(tf, TOKEN, { mode: 0o600 });
    const d = await freshPgDatabase('replicas');
    drop = d.drop;
    const args = (n: string) => ['--db', d.url, '--listen', '127.0.0.1:0', '--data', path.join(dir, n), '--token-file', tf];
    [a, b] = await Promise.all([startServerProcess(args('a')), startServerProcess(args('b'))]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const put = (s: ServerProcess, name: string, cpu: string) => fetch(`${s.url}/v1/hosts/${name}?cluster=r`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/xml' }, body: cpudata(cpu) });
  const names = async (s: ServerProcess) => ((await (await fetch(`${s.url}/v1/hosts?selector=cluster=r`)).json()) as { hosts: { name: string }[] }).hosts.map((h) => h.name);

  it('a write on one replica is in the other one\'s answers within 1 s, both ways', async () => {
    expect((await put(a, 'from-a', 'Xeon-Gold-6148')).status).toBe(201);
    const ab = await waitFor(async () => (await names(b)).includes('from-a'), 1000);
    expect((await put(b, 'from-b', 'Core-i7-8700')).status).toBe(201);
    const ba = await waitFor(async () => (await names(a)).includes('from-b'), 1000);
    // a capability change and a removal travel too
    expect((await put(b, 'from-a', 'Core-i7-8700')).status).toBe(200);
    await waitFor(async () => {
      const c = (await (await fetch(`${a.url}/v1/classes?selector=cluster=r`)).json()) as { classes: { hostCount: number }[] };
      return c.classes.length === 1 && c.classes[0]!.hostCount === 2;
    }, 1000);
    expect((await fetch(`${a.url}/v1/hosts/from-b`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    await waitFor(async () => !(await names(b)).includes('from-b'), 1000);
    const bl = (await (await fetch(`${b.url}/v1/baseline`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ selector: 'cluster=r' }) })).json()) as { hostCount: number };
    expect(bl.hostCount).toBe(1);
    expect(ab).toBeLessThan(1000);
    expect(ba).toBeLessThan(1000);
  });
});
