/**
 * The in-memory index: rebuilt from the database at start (classes and host
 * rows) with the same answers as before the restart, kept current on every
 * write, and queries never read a stored document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, cpudata, startService, testDb, type TestDb } from '../../test/helpers/service.js';
import { parseSelector } from './fleet-index.js';

describe('fleet index', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await testDb('sqlite', 'index');
  });
  afterAll(async () => db?.cleanup());

  it('is rebuilt at start with the same answers; queries read no stored document', async () => {
    const a = await startService(db.url);
    const hosts: [string, string, string][] = [
      ['g1', 'Xeon-Gold-6148', 'a'],
      ['g2', 'Xeon-Gold-6148', 'a'],
      ['i1', 'Core-i7-8700', 'b'],
      ['e1', 'EPYC-7502-32-Core', 'c'],
    ];
    for (const [n, cpu, c] of hosts) expect((await a.app.inject({ method: 'PUT', url: `/v1/hosts/${n}?cluster=${c}`, headers: { ...AUTH, 'content-type': 'application/xml' }, payload: cpudata(cpu) })).statusCode).toBe(201);
    await a.app.inject({ method: 'DELETE', url: '/v1/hosts/g2', headers: AUTH });
    const queries = [
      { method: 'GET' as const, url: '/v1/classes?hosts=all' },
      { method: 'GET' as const, url: '/v1/hosts' },
      { method: 'GET' as const, url: '/v1/matrix' },
      { method: 'POST' as const, url: '/v1/baseline', payload: { selector: 'cluster!=c' } },
      { method: 'POST' as const, url: '/v1/placement', payload: { guest: 'Skylake-Client', arch: 'x86_64' } },
    ];
    const before = [];
    for (const q of queries) before.push((await a.app.inject(q)).json());
    await a.close();

    const b = await startService(db.url);
    expect([...b.svc.index.hosts.keys()].sort()).toEqual(['e1', 'g1', 'i1']);
    // from here on, reading a stored document is an error
    b.storage.getHost = async () => {
      throw new Error('a query read a stored document');
    };
    for (let i = 0; i < queries.length; i++) {
      const r = await b.app.inject(queries[i]!);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toEqual(before[i]);
    }
    // a write lands in the index at once
    expect((await b.app.inject({ method: 'PUT', url: '/v1/hosts/g3?cluster=a', headers: { ...AUTH, 'content-type': 'application/xml' }, payload: cpudata('Xeon-Gold-6148') })).statusCode).toBe(201);
    const cls = (await b.app.inject({ method: 'GET', url: '/v1/classes?selector=cluster=a' })).json();
    expect(cls.classes[0].hosts).toEqual(['g1', 'g3']);
    expect(b.svc.index.lastEvent).toBe(await b.storage.lastEventId());
    await b.close();
  });

  it('keeps one selection per filter: filters whose fields differ never share one', async () => {
    const a = await startService(db.url);
    for (const n of ['p1', 'p2-x', 'q1']) expect((await a.app.inject({ method: 'PUT', url: `/v1/hosts/${n}?cluster=k`, headers: { ...AUTH, 'content-type': 'application/xml' }, payload: cpudata('Xeon-Gold-6148') })).statusCode).toBeLessThan(300);
    const names = (f: Parameters<typeof a.svc.index.selectKept>[0]) => a.svc.index.selectKept(f).flatMap((x) => x.hosts).sort();
    const sel = parseSelector('cluster=k');
    if (!sel.ok) throw new Error(sel.error.message);
    // asked in turn, each from the kept selections: a key made of the fields side by side would mix these up
    for (let i = 0; i < 2; i++) {
      expect(names({ prefix: 'p' })).toEqual(['p1', 'p2-x']);
      expect(names({ prefix: 'p2' })).toEqual(['p2-x']);
      expect(names({ arch: 'x86_64', prefix: 'q' })).toEqual(['q1']);
      expect(names({ prefix: 'q', selector: sel.value })).toEqual(['q1']);
      expect(names({})).toEqual(expect.arrayContaining(['p1', 'p2-x', 'q1']));
    }
    await a.close();
  });

  it('parses label selectors and names a bad term', () => {
    expect(parseSelector('cluster=a, zone!=z3,rack,!gpu')).toEqual({
      ok: true,
      value: [
        { key: 'cluster', op: '=', value: 'a' },
        { key: 'zone', op: '!=', value: 'z3' },
        { key: 'rack', op: 'exists' },
        { key: 'gpu', op: 'absent' },
      ],
    });
    const bad = parseSelector('cluster=a,=b');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.value).toBe('=b');
  });
});
