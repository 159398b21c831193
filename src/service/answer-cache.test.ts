/**
 * The answer cache and the answers kept with a selection's fleet: a repeated
 * question (the same body text) is answered before its body is parsed, a
 * write makes the next answer new (baseline, placement, migrate-check), and
 * a refused question is never kept. With the answer cache off, the same
 * answers come from the fleet memos, and they follow writes too.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AUTH, BACKENDS, cpudata, startService, testDb, type TestDb, type TestService } from '../../test/helpers/service.js';

for (const b of BACKENDS) {
  for (const queryCache of [1000, 0]) {
    describe.skipIf(b.skip)(`answers follow writes: ${b.name}, answer cache ${queryCache ? 'on' : 'off'}`, () => {
      let db: TestDb;
      let t: TestService;
      beforeAll(async () => {
        db = await testDb(b.name, `cache${queryCache}`);
        t = await startService(db.url, { queryCache });
        for (const [name, cpu, cluster] of [['gold-1', 'Xeon-Gold-6148', 'a'], ['i7-1', 'Core-i7-8700', 'a'], ['ice-1', 'Ice-Lake-Server', 'b']] as const) {
          const r = await t.app.inject({ method: 'PUT', url: `/v1/hosts/${name}?cluster=${cluster}`, headers: { ...AUTH, 'content-type': 'application/xml' }, payload: cpudata(cpu) });
          expect(r.statusCode).toBe(201);
        }
      });
      afterAll(async () => {
        await t?.close();
        await db?.cleanup();
      });
      const ask = (url: string, payload: string) => t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });
      const put = (name: string, cpu: string, cluster: string) => t.app.inject({ method: 'PUT', url: `/v1/hosts/${name}?cluster=${cluster}`, headers: { ...AUTH, 'content-type': 'application/xml' }, payload: cpudata(cpu) });

      it('a repeated question gets the same bytes; with the answer cache on, its body is not parsed again', async () => {
        const q = '{"guest":"Skylake-Client-v1","selector":"cluster=a"}';
        const first = await ask('/v1/placement', q);
        expect(first.statusCode).toBe(200);
        const parse = vi.spyOn(JSON, 'parse');
        try {
          const again = await ask('/v1/placement', q);
          expect(again.statusCode).toBe(200);
          expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
          expect(again.body).toBe(first.body);
          const parsedBody = parse.mock.calls.some((c) => c[0] === q);
          expect(parsedBody).toBe(queryCache === 0);
        } finally {
          parse.mockRestore();
        }
        // the same question written differently is the same answer
        expect((await ask('/v1/placement', '{ "selector": "cluster=a", "guest": "Skylake-Client-v1" }')).body).toBe(first.body);
      });

      it('a write makes the next baseline and placement new', async () => {
        const bq = '{"selector":"cluster=a"}';
        const pq = '{"guest":"Skylake-Client-v1","selector":"cluster=a"}';
        const b0 = (await ask('/v1/baseline', bq)).json();
        const p0 = (await ask('/v1/placement', pq)).json();
        expect(b0.hostCount).toBe(2);
        expect((await ask('/v1/baseline', bq)).json()).toEqual(b0);
        expect((await put('ice-2', 'Ice-Lake-Server', 'a')).statusCode).toBe(201);
        const b1 = (await ask('/v1/baseline', bq)).json();
        const p1 = (await ask('/v1/placement', pq)).json();
        expect(b1.hostCount).toBe(3);
        expect(p1.hostCount).toBe(p0.hostCount + 1);
        // moved out of the cluster: gone from both answers again
        expect((await put('ice-2', 'Ice-Lake-Server', 'b')).statusCode).toBe(200);
        expect((await ask('/v1/baseline', bq)).json()).toEqual(b0);
        expect((await ask('/v1/placement', pq)).json()).toEqual(p0);
      });

      it('a kept answer is kept per host limit: the same question with another limit is another answer', async () => {
        const names = (a: unknown): string[] => JSON.stringify(a).match(/"hosts":\[[^\]]*\]/g) ?? [];
        const pq = (extra: string) => `{"guest":"Skylake-Client-v1","selector":"cluster=a"${extra}}`;
        const none = (await ask('/v1/placement', pq(',"hostsPerClass":0'))).json();
        const some = (await ask('/v1/placement', pq(''))).json();
        expect(names(none).length).toBeGreaterThan(0);
        expect(names(none).every((h) => h === '"hosts":[]')).toBe(true);
        expect(names(some).some((h) => h !== '"hosts":[]')).toBe(true);
        expect((await ask('/v1/placement', pq(',"hostsPerClass":0'))).json()).toEqual(none);
        const bNone = (await ask('/v1/baseline', '{"selector":"cluster=a","hosts":0}')).json();
        const bAll = (await ask('/v1/baseline', '{"selector":"cluster=a","hosts":"all"}')).json();
        expect(names(bNone).length).toBeGreaterThan(0);
        expect(names(bNone).every((h) => h === '"hosts":[]')).toBe(true);
        expect(names(bAll).some((h) => h !== '"hosts":[]')).toBe(true);
        expect((await ask('/v1/baseline', '{"selector":"cluster=a","hosts":0}')).json()).toEqual(bNone);
        // a write between two identical questions changes the answer, whatever the limit
        expect((await put('ice-3', 'Ice-Lake-Server', 'a')).statusCode).toBe(201);
        expect((await ask('/v1/baseline', '{"selector":"cluster=a","hosts":"all"}')).json()).not.toEqual(bAll);
        expect((await ask('/v1/placement', pq(',"hostsPerClass":0'))).json().hostCount).toBe(none.hostCount + 1);
        expect((await t.app.inject({ method: 'DELETE', url: '/v1/hosts/ice-3', headers: AUTH })).statusCode).toBe(200);
        expect((await ask('/v1/baseline', '{"selector":"cluster=a","hosts":"all"}')).json()).toEqual(bAll);
      });

      it('migrate-check follows a change of the target host', async () => {
        const q = JSON.stringify({ guest: "<cpu mode='host-model'/>", source: 'gold-1', target: 'i7-1' });
        const before = (await ask('/v1/migrate-check', q)).json();
        expect((await ask('/v1/migrate-check', q)).json()).toEqual(before);
        // the target is now an Ice Lake server (another capability): a new verdict
        expect((await put('i7-1', 'Ice-Lake-Server', 'a')).statusCode).toBe(200);
        const after = (await ask('/v1/migrate-check', q)).json();
        expect(after).not.toEqual(before);
        expect((await put('i7-1', 'Core-i7-8700', 'a')).statusCode).toBe(200);
        expect((await ask('/v1/migrate-check', q)).json()).toEqual(before);
      });

      it('migrate-check: hosts not read yet are read once for concurrent questions; once read, the same answer without the database', async () => {
        // a write drops the parsed documents' validity for changed hosts only: start from hosts never asked about
        expect((await put('cas-1', 'Xeon-Gold-6148', 'c')).statusCode).toBe(201);
        expect((await put('cas-2', 'Xeon-Platinum-8268', 'c')).statusCode).toBe(201);
        const q = JSON.stringify({ guest: "<cpu mode='host-model'/>", source: 'cas-1', target: 'cas-2' });
        const reads = vi.spyOn(t.storage, 'getHost');
        try {
          const all = await Promise.all(Array.from({ length: 10 }, () => ask('/v1/migrate-check', q)));
          expect(all.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
          expect(new Set(all.map((r) => r.body)).size).toBe(1);
          expect(reads.mock.calls.map((c) => c[0]).sort()).toEqual(['cas-1', 'cas-2']);
          // now both are known: answered with no read, the same bytes (and the same as another guest text's would be computed anew)
          const again = await ask('/v1/migrate-check', q);
          expect(again.body).toBe(all[0]!.body);
          expect(reads).toHaveBeenCalledTimes(2);
        } finally {
          reads.mockRestore();
        }
        // the errors keep their order whichever way the answer goes: the guest, then the target, then the source
        const bad = await ask('/v1/migrate-check', JSON.stringify({ guest: '<cpu mode="custom"><model>Skylake', source: 'not <xml', target: 'nope-2' }));
        expect(bad.json()).toMatchObject({ field: 'guest' });
        const unknownTarget = await ask('/v1/migrate-check', JSON.stringify({ guest: "<cpu mode='host-model'/>", source: 'not <xml', target: 'nope-2' }));
        expect(unknownTarget.json()).toMatchObject({ error: 'unknown-host', field: 'target' });
        const knownTarget = await ask('/v1/migrate-check', JSON.stringify({ guest: "<cpu mode='host-model'/>", source: 'nope-3', target: 'cas-2' }));
        expect(knownTarget.json()).toMatchObject({ error: 'unknown-host', field: 'source' });
      });

      it('a refused question is refused every time, never answered from a kept answer', async () => {
        for (let i = 0; i < 2; i++) {
          const r = await ask('/v1/baseline', '{"selector":"cluster=a","bogus":1}');
          expect(r.statusCode).toBe(400);
          expect(r.json()).toMatchObject({ error: 'invalid-request', field: 'body.bogus' });
          const m = await ask('/v1/placement', '{"guest":"Skylake-Client-v1",');
          expect(m.statusCode).toBe(400);
          expect(m.json()).toMatchObject({ error: 'malformed-json', field: 'body' });
          const u = await ask('/v1/migrate-check', JSON.stringify({ guest: "<cpu mode='host-model'/>", source: 'gold-1', target: 'nope-1' }));
          expect(u.statusCode).toBe(404);
          expect(u.json()).toMatchObject({ error: 'unknown-host', field: 'target' });
        }
        const e = await ask('/v1/baseline', '');
        expect(e.statusCode).toBe(400);
        expect(e.json()).toMatchObject({ error: 'malformed-json', field: 'body' });
      });
    });
  }
}
