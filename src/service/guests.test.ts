/**
 * Stored guests (PUT/GET/DELETE /v1/guests/{name}) and the capability-change
 * event naming the stored guests that no longer fit, on SQLite and
 * PostgreSQL. Also: answers computed after a change are not stale (the
 * query memos follow the index).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, BACKENDS, cpudata, startService, testDb, type TestDb, type TestService } from '../../test/helpers/service.js';

for (const b of BACKENDS) {
  describe.skipIf(b.skip)(`stored guests: ${b.name}`, () => {
    let db: TestDb;
    let t: TestService;
    beforeAll(async () => {
      db = await testDb(b.name, 'guests');
      t = await startService(db.url, { queryCache: 0 });
    });
    afterAll(async () => {
      await t?.close();
      await db?.cleanup();
    });
    const putGuest = (name: string, body: string, auth = AUTH) => t.app.inject({ method: 'PUT', url: `/v1/guests/${name}`, headers: { ...auth, 'content-type': 'text/plain' }, payload: body });
    const putHost = (name: string, body: string) => t.app.inject({ method: 'PUT', url: `/v1/hosts/${name}`, headers: { ...AUTH, 'content-type': 'application/xml' }, payload: body });

    it('stores, lists, reads and removes guests; writes need the token; unknown ones are 404 with a hint', async () => {
      expect((await putGuest('sky', 'Skylake-Server-v1')).statusCode).toBe(201);
      expect((await putGuest('sky', 'Skylake-Server-v1')).json().change).toBe('unchanged');
      expect((await putGuest('small', "<cpu mode='custom' match='exact'><model>qemu64</model></cpu>")).json()).toMatchObject({ change: 'added', kind: 'libvirt' });
      expect((await putGuest('tmp', '{"name": "Westmere", "props": {"aes": false}}')).json()).toMatchObject({ change: 'added', kind: 'qmp' });
      expect((await putGuest('x', 'qemu64', {} as typeof AUTH)).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'GET', url: '/v1/guests' })).json().guests.map((g: { name: string }) => g.name)).toEqual(['sky', 'small', 'tmp']);
      expect((await t.app.inject({ method: 'GET', url: '/v1/guests/sky' })).json()).toMatchObject({ name: 'sky', cpu: 'Skylake-Server-v1' });
      expect((await t.app.inject({ method: 'DELETE', url: '/v1/guests/tmp', headers: AUTH })).json()).toEqual({ name: 'tmp', change: 'removed' });
      const gone = await t.app.inject({ method: 'GET', url: '/v1/guests/tmp' });
      expect(gone.statusCode).toBe(404);
      expect(gone.json()).toMatchObject({ error: 'unknown-guest', field: 'name', value: 'tmp' });
      expect(gone.json().hint).toContain('/v1/guests');
      expect((await t.app.inject({ method: 'DELETE', url: '/v1/guests/tmp', headers: AUTH })).statusCode).toBe(404);
    });

    it('refuses a guest with an unknown model or feature, naming the body and suggesting the name', async () => {
      const m = await putGuest('bad', 'Skylake-Servr');
      expect(m.statusCode).toBe(422);
      expect(m.json()).toMatchObject({ error: 'unknown-model', field: 'body' });
      expect(m.json().hint).toMatch(/Skylake-Server/);
      const f = await putGuest('bad', "<cpu mode='custom'><arch>x86_64</arch><model>Skylake-Server</model><feature policy='require' name='avx512fx'/></cpu>");
      expect(f.statusCode).toBeGreaterThanOrEqual(400);
      expect(f.statusCode).toBeLessThan(500);
      expect(f.json().field).toBe('body');
      expect((await t.app.inject({ method: 'GET', url: '/v1/guests/bad' })).statusCode).toBe(404);
    });

    it("a capability change names the stored guests that fitted before and no longer fit; answers follow the change", async () => {
      expect((await putHost('h1', cpudata('Xeon-Gold-6148'))).statusCode).toBe(201);
      const mc = { guest: 'Skylake-Server-v1', target: 'h1' };
      const before = (await t.app.inject({ method: 'POST', url: '/v1/migrate-check', payload: mc })).json();
      const placedBefore = (await t.app.inject({ method: 'POST', url: '/v1/placement', payload: { guest: 'Skylake-Server-v1' } })).json();
      expect(placedBefore.fitCount).toBe(1);
      const r = await putHost('h1', cpudata('Core-i7-8700'));
      expect(r.json().change).toBe('changed');
      // the client part lacks AVX-512: the Skylake-Server guest no longer fits; qemu64 still does
      expect(r.json().event.unfitGuests).toEqual(['sky']);
      const evs = (await t.app.inject({ method: 'GET', url: '/v1/events?host=h1' })).json().events;
      expect(evs.map((e: { kind: string }) => e.kind)).toEqual(['added', 'changed']);
      expect(evs[0].unfitGuests).toBeUndefined();
      expect(evs[1].unfitGuests).toEqual(['sky']);
      expect(evs[1].lost).toContain('avx512f');
      // the computed answers see the new capability (memos follow the index)
      const after = (await t.app.inject({ method: 'POST', url: '/v1/migrate-check', payload: mc })).json();
      expect(before.verdict).not.toBe('refused');
      expect(after.verdict).toBe('refused');
      expect((await t.app.inject({ method: 'POST', url: '/v1/placement', payload: { guest: 'Skylake-Server-v1' } })).json().fitCount).toBe(0);
      // back to the server part: nothing stops fitting
      const back = await putHost('h1', cpudata('Xeon-Gold-6148'));
      expect(back.json().change).toBe('changed');
      expect(back.json().event.unfitGuests).toBeUndefined();
    });
  });
}
