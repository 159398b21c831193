/**
 * The storage suite: every test runs against SQLite and PostgreSQL
 * (CPUMODELS_TEST_PG; .ci/run provides a fresh database).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPgDatabase, PG_BASE } from '../../test/helpers/pg.js';
import { SCHEMA_VERSION } from './migrations.js';
import { openStorage, type ClassData, type HostWrite, type Storage } from './storage.js';

const cls = (features: string[], ident = 'GenuineIntel'): ClassData => ({ arch: 'x86_64', signature: features.join('').padEnd(16, '0').slice(0, 16), ident, model: 'Skylake-Server-v1', identity: { vendor: ident }, features: [...features].sort() });
const write = (name: string, features: string[], labels: Record<string, string> = {}, doc = `{"name":"${name}"}`): HostWrite => ({ name, labels, sourceKind: 'cpuinfo', doc, cls: cls(features) });

interface Backend {
  name: string;
  open: () => Promise<{ url: string; cleanup: () => Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'sqlite',
    open: async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-store-'));
      return { url: `sqlite:${path.join(dir, 'fleet.db')}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    open: async () => {
      const d = await freshPgDatabase('store');
      return { url: d.url, cleanup: d.drop };
    },
  },
];

for (const b of backends) {
  describe.skipIf(b.name === 'postgres' && !PG_BASE)(`storage: ${b.name}`, () => {
    let s: Storage;
    let url: string;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ url, cleanup } = await b.open());
      s = await openStorage(url);
    });
    afterAll(async () => {
      await s?.close();
      await cleanup?.();
    });

    it('runs the migrations once, recording the version; opening again changes nothing', async () => {
      expect(await s.migrate()).toBe(SCHEMA_VERSION);
      const again = await openStorage(url);
      expect(await again.migrate()).toBe(SCHEMA_VERSION);
      await again.close();
    });

    it('adds, leaves unchanged, relabels, changes (features gained and lost) and removes, with one event each', async () => {
      const start = await s.lastEventId();
      const [a] = await s.putHosts([write('h1', ['sse', 'avx', 'tsx'], { cluster: 'a' })]);
      expect(a!.change).toBe('added');
      expect((await s.putHosts([write('h1', ['sse', 'avx', 'tsx'], { cluster: 'a' })]))[0]!.change).toBe('unchanged');
      expect((await s.putHosts([write('h1', ['sse', 'avx', 'tsx'], { cluster: 'b' })]))[0]!.change).toBe('updated');
      const [c] = await s.putHosts([write('h1', ['sse', 'avx', 'avx2'], { cluster: 'b' })]);
      expect(c!.change).toBe('changed');
      expect(c!.event).toMatchObject({ kind: 'changed', host: 'h1', gained: ['avx2'], lost: ['tsx'] });
      expect(c!.classId).not.toBe(a!.classId);
      const h = await s.getHost('h1');
      expect(h).toMatchObject({ name: 'h1', arch: 'x86_64', labels: { cluster: 'b' }, sourceKind: 'cpuinfo', rev: 3, classId: c!.classId });
      const removed = await s.deleteHost('h1');
      expect(removed).toMatchObject({ kind: 'removed', host: 'h1' });
      expect(await s.deleteHost('h1')).toBeUndefined();
      expect(await s.getHost('h1')).toBeUndefined();
      const evs = await s.events({ after: start });
      expect(evs.map((e) => e.kind)).toEqual(['added', 'updated', 'changed', 'removed']);
      expect(evs.map((e) => e.id)).toEqual([...evs.map((e) => e.id)].sort((x, y) => x - y));
      expect((await s.events({ after: start, host: 'h1', limit: 2 })).map((e) => e.kind)).toEqual(['added', 'updated']);
    });

    it('shares one class row between hosts of equal capability; the snapshot lists classes and hosts', async () => {
      const r = await s.putHosts([write('s1', ['x', 'y']), write('s2', ['y', 'x'].sort()), write('s3', ['x'])]);
      expect(r[0]!.classId).toBe(r[1]!.classId);
      expect(r[2]!.classId).not.toBe(r[0]!.classId);
      const snap = await s.snapshot();
      const byName = new Map(snap.hosts.map((h) => [h.name, h]));
      expect(byName.get('s1')!.classId).toBe(r[0]!.classId);
      expect(snap.classes.find((c) => c.id === r[2]!.classId)!.features).toEqual(['x']);
      expect(snap.lastEvent).toBe(await s.lastEventId());
      const [st] = await s.hostStates(['s3', 'nope']);
      expect(st).toMatchObject({ name: 's3', classId: r[2]!.classId });
    });

    it('settles after a bulk write: PostgreSQL has vacuumed and analyzed the written tables (autovacuum has nothing left for them), SQLite answers as before', async () => {
      await s.putHosts(Array.from({ length: 300 }, (_, i) => write(`bulk-${i}`, ['fpu', i % 2 ? 'vmx' : 'sse'])));
      await s.settle();
      expect((await s.getHost('bulk-299'))?.name).toBe('bulk-299');
      if (b.name === 'postgres') {
        const pg = (await import('pg')).default;
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          const r = await c.query<{ relname: string; v: boolean; a: boolean; n: string }>(
            "SELECT relname, last_vacuum IS NOT NULL AS v, last_analyze IS NOT NULL AS a, n_ins_since_vacuum::text AS n FROM pg_stat_user_tables WHERE relname IN ('classes', 'hosts', 'events') ORDER BY relname",
          );
          expect(r.rows.map((x) => x.relname)).toEqual(['classes', 'events', 'hosts']);
          for (const x of r.rows) expect({ table: x.relname, vacuumed: x.v, analyzed: x.a }).toEqual({ table: x.relname, vacuumed: true, analyzed: true });
        } finally {
          await c.end();
        }
      }
    });

    it('a batch is one transaction: the same host twice in a batch ends as its last write', async () => {
      const r = await s.putHosts([write('d1', ['a']), write('d1', ['a', 'b'])]);
      expect(r.map((x) => x.change)).toEqual(['added', 'changed']);
      expect((await s.getHost('d1'))!.classId).toBe(r[1]!.classId);
    });

    it('50 concurrent writers, on the same and on different hosts, lose no update', async () => {
      const start = await s.lastEventId();
      const N = 50;
      const rounds = 4;
      await Promise.all(
        Array.from({ length: N }, async (_, i) => {
          for (let k = 0; k < rounds; k++) {
            // every write differs from every other (doc text), so each one is an event
            await s.putHosts([write('shared', ['p', 'q'], {}, `{"writer":${i},"round":${k}}`), write(`own-${i}`, ['p'], { round: String(k) })]);
          }
        }),
      );
      const shared = await s.getHost('shared');
      expect(shared!.rev).toBe(N * rounds);
      for (let i = 0; i < N; i++) expect((await s.getHost(`own-${i}`))!.labels).toEqual({ round: String(rounds - 1) });
      const evs = await s.events({ after: start, limit: 100_000 });
      expect(evs.filter((e) => e.host === 'shared')).toHaveLength(N * rounds);
      expect(evs.filter((e) => e.host.startsWith('own-'))).toHaveLength(N * rounds);
      // event ids commit in order, without holes a follower could skip
      for (let i = 1; i < evs.length; i++) expect(evs[i]!.id).toBeGreaterThan(evs[i - 1]!.id);
    });

    it('guests: added, unchanged, updated, listed, removed; a changed event keeps its unfit guests, other kinds none', async () => {
      expect(await s.putGuest('g1', 'Skylake-Server-v1')).toBe('added');
      expect(await s.putGuest('g1', 'Skylake-Server-v1')).toBe('unchanged');
      expect(await s.putGuest('g1', 'Skylake-Server-v2')).toBe('updated');
      expect(await s.putGuest('g0', 'qemu64')).toBe('added');
      expect((await s.guests()).map((g) => [g.name, g.cpu])).toEqual([['g0', 'qemu64'], ['g1', 'Skylake-Server-v2']]);
      expect((await s.getGuest('g1'))?.cpu).toBe('Skylake-Server-v2');
      expect(await s.deleteGuest('g0')).toBe(true);
      expect(await s.deleteGuest('g0')).toBe(false);
      expect(await s.getGuest('g0')).toBeUndefined();
      const [a] = await s.putHosts([{ ...write('gu-1', ['avx', 'sse']), unfitGuests: ['g1'] }]);
      expect(a!.event?.kind).toBe('added');
      expect(a!.event?.unfitGuests).toBeUndefined();
      const [c] = await s.putHosts([{ ...write('gu-1', ['sse']), unfitGuests: ['g1'] }]);
      expect(c!.event).toMatchObject({ kind: 'changed', lost: ['avx'], unfitGuests: ['g1'] });
      const evs = await s.events({ host: 'gu-1' });
      expect(evs.map((e) => e.unfitGuests)).toEqual([undefined, ['g1']]);
    });
  });
}
