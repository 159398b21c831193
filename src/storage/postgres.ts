/**
 * PostgreSQL storage through `pg`: a connection pool for queries, one more
 * connection that LISTENs for other processes' writes. Writes take a
 * transaction-level advisory lock, so event ids commit in increasing order,
 * and NOTIFY (delivered at commit) tells the other replicas to follow the
 * events table. A lost connection is reported as StorageUnavailable; the
 * pool reconnects by itself when the database is back, the listener
 * reconnects with a back-off and then asks for a resync.
 */
import pg from 'pg';
import { MIGRATIONS } from './migrations.js';
import { classFromRow, eventFromRow, guestFromRow, stateFromRow, unfitOf } from './sqlite.js';
import { changeOf, classKey, StorageUnavailable, type ClassRow, type EventRow, type HostState, type HostWrite, type IndexSnapshot, type Storage, type StoredGuest, type StoredHost, type WriteResult } from './storage.js';

type Row = Record<string, unknown>;
const CHANNEL = 'cpumodels_events';
/** the advisory lock key of writes (any constant; "cpum") */
const WRITE_LOCK = 0x6370756d;

/** Connection-level failures: the database is down or restarting. */
export function isUnavailable(e: unknown): boolean {
  const x = e as { code?: string; message?: string };
  if (x?.code && /^(08|57P0[1-3]|53300)/.test(x.code)) return true;
  if (x?.code && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND'].includes(x.code)) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(x?.message ?? '');
}

export class PostgresStorage implements Storage {
  readonly kind = 'postgres' as const;
  private readonly classCache = new Map<number, ClassRow>();
  private readonly idByKey = new Map<string, number>();
  private listener: pg.Client | undefined;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
  ) {}

  static async open(url: string): Promise<PostgresStorage> {
    const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 2000, idleTimeoutMillis: 10_000 });
    // an idle client losing its connection must not end the process
    pool.on('error', () => {});
    const s = new PostgresStorage(pool, url);
    await s.migrate();
    return s;
  }

  private async q(text: string, values?: unknown[]): Promise<Row[]> {
    try {
      return (await this.pool.query(text, values)).rows as Row[];
    } catch (e) {
      if (isUnavailable(e)) throw new StorageUnavailable(`PostgreSQL unavailable: ${(e as Error).message}`);
      throw e;
    }
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>, lock = true): Promise<T> {
    let c: pg.PoolClient;
    try {
      c = await this.pool.connect();
    } catch (e) {
      throw new StorageUnavailable(`PostgreSQL unavailable: ${(e as Error).message}`);
    }
    let broken = false;
    try {
      await c.query('BEGIN');
      if (lock) await c.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      const r = await fn(c);
      await c.query('COMMIT');
      return r;
    } catch (e) {
      broken = isUnavailable(e);
      if (!broken) await c.query('ROLLBACK').catch(() => {});
      if (broken) throw new StorageUnavailable(`PostgreSQL unavailable: ${(e as Error).message}`);
      throw e;
    } finally {
      c.release(broken);
    }
  }

  async migrate(): Promise<number> {
    return this.tx(async (c) => {
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      const done = new Set((await c.query('SELECT version FROM schema_migrations')).rows.map((r: Row) => Number(r['version'])));
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        await c.query(m.postgres);
        await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
        done.add(m.version);
      }
      return Math.max(0, ...done);
    });
  }

  private async classesById(c: pg.PoolClient | undefined, ids: Iterable<number>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.classCache.has(id));
    if (!missing.length) return;
    const rows = c ? (await c.query('SELECT * FROM classes WHERE id = ANY($1)', [missing])).rows : await this.q('SELECT * FROM classes WHERE id = ANY($1)', [missing]);
    for (const r of rows as Row[]) {
      const cl = classFromRow(r);
      this.classCache.set(cl.id, cl);
    }
  }

  async putHosts(writes: readonly HostWrite[]): Promise<WriteResult[]> {
    if (!writes.length) return [];
    const newKeys = new Map<string, number>();
    const out = await this.tx(async (c) => {
      // classes: insert the unknown ones, then learn their ids
      const keys = new Map<string, HostWrite['cls']>();
      for (const w of writes) {
        const k = classKey(w.cls);
        if (!this.idByKey.has(k)) keys.set(k, w.cls);
      }
      const ids = new Map<string, number>();
      if (keys.size) {
        const ks = [...keys.keys()];
        const cs = [...keys.values()];
        await c.query(
          `INSERT INTO classes (key, arch, signature, ident, model, identity, features)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) ON CONFLICT (key) DO NOTHING`,
          [ks, cs.map((x) => x.arch), cs.map((x) => x.signature), cs.map((x) => x.ident), cs.map((x) => x.model), cs.map((x) => JSON.stringify(x.identity)), cs.map((x) => JSON.stringify(x.features))],
        );
        for (const r of (await c.query('SELECT id, key FROM classes WHERE key = ANY($1)', [ks])).rows as Row[]) {
          ids.set(String(r['key']), Number(r['id']));
          newKeys.set(String(r['key']), Number(r['id']));
        }
      }
      const idOf = (w: HostWrite) => this.idByKey.get(classKey(w.cls)) ?? ids.get(classKey(w.cls))!;
      // the hosts as they are now
      const names = [...new Set(writes.map((w) => w.name))];
      const cur = new Map<string, { classId: number; labels: Record<string, string>; sourceKind: string; doc: string; signature: string }>();
      for (const r of (await c.query('SELECT name, class_id, labels, source_kind, doc, signature FROM hosts WHERE name = ANY($1)', [names])).rows as Row[]) {
        cur.set(String(r['name']), { classId: Number(r['class_id']), labels: JSON.parse(String(r['labels'])), sourceKind: String(r['source_kind']), doc: String(r['doc']), signature: String(r['signature']) });
      }
      await this.classesById(c, [...cur.values()].map((x) => x.classId));
      const results: WriteResult[] = [];
      const evs: { kind: string; host: string; arch: string; sig: string; old: string | null; gained: string; lost: string; unfit: string; at: number }[] = [];
      const last = new Map<string, HostWrite & { classId: number }>();
      for (const w of writes) {
        const classId = idOf(w);
        const old = cur.get(w.name);
        const ch = changeOf(old, w, classId, (id) => this.classCache.get(id)!.features);
        results.push({ name: w.name, change: ch.change, classId });
        if (ch.change === 'unchanged') continue;
        evs.push({ kind: ch.change, host: w.name, arch: w.cls.arch, sig: w.cls.signature, old: old?.signature ?? null, gained: JSON.stringify(ch.gained), lost: JSON.stringify(ch.lost), unfit: unfitOf(ch.change, w), at: results.length - 1 });
        cur.set(w.name, { classId, labels: w.labels, sourceKind: w.sourceKind, doc: w.doc, signature: w.cls.signature });
        last.set(w.name, { ...w, classId });
        // classes written in this transaction are known to this batch
        if (!this.classCache.has(classId)) this.classCache.set(classId, { id: classId, ...w.cls });
      }
      if (last.size) {
        const ws = [...last.values()];
        const now = new Date().toISOString();
        // rows travel as one JSON parameter: far cheaper than text[] literals of large documents
        await c.query(
          `INSERT INTO hosts (name, arch, class_id, signature, labels, source_kind, doc, rev, updated_at)
           SELECT n, a, ci, s, l, k, d, 1, $2 FROM json_to_recordset($1::json) AS t(n text, a text, ci int, s text, l text, k text, d text)
           ON CONFLICT (name) DO UPDATE SET arch = excluded.arch, class_id = excluded.class_id, signature = excluded.signature, labels = excluded.labels,
             source_kind = excluded.source_kind, doc = excluded.doc, rev = hosts.rev + 1, updated_at = excluded.updated_at`,
          [JSON.stringify(ws.map((w) => ({ n: w.name, a: w.cls.arch, ci: w.classId, s: w.cls.signature, l: JSON.stringify(w.labels), k: w.sourceKind, d: w.doc }))), now],
        );
        const rows = (
          await c.query(
            `INSERT INTO events (ts, kind, host, arch, signature, old_signature, gained, lost, unfit_guests)
             SELECT $2, k, h, a, s, o, g, l, u FROM json_to_recordset($1::json) AS t(i int, k text, h text, a text, s text, o text, g text, l text, u text) ORDER BY i
             RETURNING *`,
            [JSON.stringify(evs.map((e, i) => ({ i, k: e.kind, h: e.host, a: e.arch, s: e.sig, o: e.old, g: e.gained, l: e.lost, u: e.unfit }))), now],
          )
        ).rows as Row[];
        const byId = rows.map(eventFromRow).sort((a, b) => a.id - b.id);
        evs.forEach((e, i) => (results[e.at]!.event = byId[i]));
        await c.query('SELECT pg_notify($1, $2)', [CHANNEL, String(byId[byId.length - 1]!.id)]);
      }
      return results;
    });
    for (const [k, id] of newKeys) this.idByKey.set(k, id);
    return out;
  }

  async deleteHost(name: string): Promise<EventRow | undefined> {
    return this.tx(async (c) => {
      const o = (await c.query('DELETE FROM hosts WHERE name = $1 RETURNING arch, signature', [name])).rows[0] as Row | undefined;
      if (!o) return undefined;
      const r = (await c.query("INSERT INTO events (ts, kind, host, arch, signature, old_signature, gained, lost) VALUES ($1, 'removed', $2, $3, NULL, $4, '[]', '[]') RETURNING *", [new Date().toISOString(), name, o['arch'], o['signature']])).rows[0] as Row;
      await c.query('SELECT pg_notify($1, $2)', [CHANNEL, String(r['id'])]);
      return eventFromRow(r);
    });
  }

  async getHost(name: string): Promise<StoredHost | undefined> {
    const r = (await this.q('SELECT * FROM hosts WHERE name = $1', [name]))[0];
    return r ? { ...stateFromRow(r), doc: String(r['doc']) } : undefined;
  }

  async hostStates(names: readonly string[]): Promise<HostState[]> {
    if (!names.length) return [];
    return (await this.q('SELECT name, arch, class_id, signature, labels, source_kind, rev, updated_at FROM hosts WHERE name = ANY($1)', [names])).map(stateFromRow);
  }

  async getClasses(ids: readonly number[]): Promise<ClassRow[]> {
    await this.classesById(undefined, ids);
    return ids.map((id) => this.classCache.get(id)!);
  }

  async snapshot(): Promise<IndexSnapshot> {
    // one REPEATABLE READ transaction: classes, hosts and the event id agree
    return this.tx(async (c) => {
      await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const lastEvent = Number((await c.query('SELECT COALESCE(MAX(id), 0) AS m FROM events')).rows[0].m);
      const classes = ((await c.query('SELECT * FROM classes ORDER BY id')).rows as Row[]).map(classFromRow);
      for (const cl of classes) {
        this.classCache.set(cl.id, cl);
        this.idByKey.set(classKey(cl), cl.id);
      }
      const rows = (await c.query({ text: 'SELECT name, class_id, labels FROM hosts', rowMode: 'array' })).rows as [string, number, string][];
      const hosts = rows.map(([name, classId, labels]) => ({ name, classId, labels: labels === '{}' ? {} : (JSON.parse(labels) as Record<string, string>) }));
      return { classes, hosts, lastEvent };
    }, false);
  }

  async events(opts: { after?: number; host?: string; limit?: number }): Promise<EventRow[]> {
    const limit = opts.limit ?? 1000;
    const rows = opts.host
      ? await this.q('SELECT * FROM events WHERE id > $1 AND host = $2 ORDER BY id LIMIT $3', [opts.after ?? 0, opts.host, limit])
      : await this.q('SELECT * FROM events WHERE id > $1 ORDER BY id LIMIT $2', [opts.after ?? 0, limit]);
    return rows.map(eventFromRow);
  }

  async lastEventId(): Promise<number> {
    return Number((await this.q('SELECT COALESCE(MAX(id), 0) AS m FROM events'))[0]!['m']);
  }

  async putGuest(name: string, cpu: string): Promise<'added' | 'updated' | 'unchanged'> {
    const r = (
      await this.q(
        `WITH old AS (SELECT cpu FROM guests WHERE name = $1)
         INSERT INTO guests (name, cpu, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET cpu = excluded.cpu, updated_at = excluded.updated_at WHERE guests.cpu IS DISTINCT FROM excluded.cpu
         RETURNING (SELECT cpu FROM old) AS old`,
        [name, cpu, new Date().toISOString()],
      )
    )[0];
    if (!r) return 'unchanged';
    return r['old'] === null || r['old'] === undefined ? 'added' : 'updated';
  }

  async getGuest(name: string): Promise<StoredGuest | undefined> {
    const r = (await this.q('SELECT * FROM guests WHERE name = $1', [name]))[0];
    return r ? guestFromRow(r) : undefined;
  }

  async deleteGuest(name: string): Promise<boolean> {
    return (await this.q('DELETE FROM guests WHERE name = $1 RETURNING name', [name])).length > 0;
  }

  async guests(): Promise<StoredGuest[]> {
    return (await this.q('SELECT * FROM guests ORDER BY name')).map(guestFromRow);
  }

  async onRemoteWrite(cb: () => void): Promise<void> {
    let delay = 100;
    const connect = async (): Promise<void> => {
      if (this.closed) return;
      const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 2000 });
      const retry = () => {
        if (this.listener === client) this.listener = undefined;
        client.end().catch(() => {});
        if (!this.closed) setTimeout(() => void connect(), delay);
        delay = Math.min(delay * 2, 2000);
      };
      client.on('error', retry);
      try {
        await client.connect();
        await client.query(`LISTEN ${CHANNEL}`);
      } catch {
        client.removeListener('error', retry);
        retry();
        return;
      }
      this.listener = client;
      delay = 100;
      client.on('notification', () => cb());
      // writes may have happened while not listening
      cb();
    };
    await connect();
  }

  async settle(): Promise<void> {
    // (outside a transaction: VACUUM cannot run in one)
    await this.q('VACUUM (ANALYZE) classes, hosts, events');
  }

  async ping(): Promise<void> {
    await this.q('SELECT 1');
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.listener?.end().catch(() => {});
    await this.pool.end();
  }
}
