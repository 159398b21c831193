/**
 * The heap is compacted once idle after a bulk import and after the server
 * starts listening (compact.ts): the import route asks for it from
 * `bulkLines` lines on, a compaction waits for
 * an idle event loop and none runs while an import does, and a compaction
 * gives back the old space a bulk of garbage left.
 */
import v8 from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, cpudata, startService, testDb, type TestDb, type TestService } from '../../test/helpers/service.js';
import { gcFunction, IdleCompactor } from './compact.js';

const oldSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!;

describe('IdleCompactor', () => {
  it('gives back the old-space pages a bulk of promoted garbage left', () => {
    expect(gcFunction()).toBeTypeOf('function');
    // garbage that survives scavenges (held until the end), then dropped
    let held: object[] | undefined = [];
    for (let i = 0; i < 200_000; i++) held.push({ i, s: `host-${i}`.repeat(4) });
    const keep = held.filter((_, i) => i % 64 === 0);
    held = undefined;
    const r = new IdleCompactor().now();
    expect(r).toHaveProperty('ms');
    const o = oldSpace();
    // compacted: the space holds little more than what lives
    expect(o.space_size - o.space_used_size).toBeLessThan(8 * 1024 * 1024);
    expect(keep.length).toBe(3125);
  });

  it('compacts when idle without anyone to tell', async () => {
    const c = new IdleCompactor({ idleMs: 20 });
    let ran = 0;
    const now = c.now.bind(c);
    c.now = () => (ran++, now());
    c.schedule();
    await new Promise((r) => setTimeout(r, 150));
    expect(ran).toBe(1);
  });

  it('waits for an idle event loop, and gives up while an import runs', async () => {
    const done: unknown[] = [];
    const c = new IdleCompactor({ idleMs: 20, tries: 3, onDone: (r) => done.push(r) });
    c.busy = 1;
    c.schedule();
    c.schedule();
    await new Promise((r) => setTimeout(r, 150));
    expect(done).toEqual([{ skipped: 'an import is running' }]);
    c.busy = 0;
    c.schedule();
    // busy event loop for the first look
    const t0 = Date.now();
    while (Date.now() - t0 < 30);
    await new Promise((r) => setTimeout(r, 150));
    expect(done).toHaveLength(2);
    expect(done[1]).toHaveProperty('ms');
  });
});

describe('IdleCompactor and requests', () => {
  it('waits for a look with no request since the last, however little the requests cost', async () => {
    const done: unknown[] = [];
    const c = new IdleCompactor({ idleMs: 20, tries: 4, onDone: (r) => done.push(r) });
    const trickle = setInterval(() => c.requests++, 5);
    c.schedule();
    await new Promise((r) => setTimeout(r, 150));
    clearInterval(trickle);
    expect(done).toEqual([{ skipped: 'requests kept arriving' }]);
    c.schedule();
    await new Promise((r) => setTimeout(r, 100));
    expect(done).toHaveLength(2);
    expect(done[1]).toHaveProperty('ms');
  });
});

describe('hosts:import asks for a compaction after a bulk import', () => {
  let db: TestDb;
  let t: TestService;
  const asked: number[] = [];
  let counted: IdleCompactor;
  beforeAll(async () => {
    db = await testDb('sqlite', 'compact');
    const compactor = new IdleCompactor();
    counted = compactor;
    compactor.schedule = () => void asked.push(compactor.busy);
    t = await startService(db.url, { compactor, bulkLines: 3 });
  });
  afterAll(async () => {
    await t?.close();
    await db?.cleanup();
  });
  const line = (name: string) => JSON.stringify({ name, labels: { cluster: 'a' }, document: cpudata('Xeon-Gold-6148') });
  const imp = (lines: string[]) => t.app.inject({ method: 'POST', url: '/v1/hosts:import', headers: { ...AUTH, 'content-type': 'application/x-ndjson' }, payload: lines.join('\n') + '\n' });

  it('not for fewer lines than bulkLines; once the import is over for as many', async () => {
    expect((await imp([line('c-1'), line('c-2')])).statusCode).toBe(200);
    expect(asked).toEqual([]);
    expect((await imp([line('c-3'), line('c-4'), 'not json'])).body).toContain('"done":true');
    // asked once, when no import was running any more
    expect(asked).toEqual([0]);
  });

  it('once the server listens (the index load leaves garbage too)', async () => {
    asked.length = 0;
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    expect(asked).toEqual([0]);
  });

  it('counts the requests that arrive, so that a compaction waits for none', async () => {
    const before = counted.requests;
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/v1/baseline', headers: { 'content-type': 'application/json' }, payload: '{}' })).statusCode).toBe(200);
    expect(counted.requests - before).toBe(2);
  });
});

describe('CPUMODELS_IDLE_COMPACT', () => {
  it('0 turns the idle compaction off, unset or 1 keeps it, anything else is refused by name', async () => {
    const { defaultCompactor } = await import('./server.js');
    expect(defaultCompactor({ CPUMODELS_IDLE_COMPACT: '0' })).toBeNull();
    expect(defaultCompactor({})).toBeInstanceOf(IdleCompactor);
    expect(defaultCompactor({ CPUMODELS_IDLE_COMPACT: '1' })).toBeInstanceOf(IdleCompactor);
    expect(() => defaultCompactor({ CPUMODELS_IDLE_COMPACT: 'off' })).toThrow(/CPUMODELS_IDLE_COMPACT="off".*use 0/);
  });
});
