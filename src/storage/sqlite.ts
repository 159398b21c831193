/**
 * The embedded storage: SQLite through better-sqlite3 (synchronous; the
 * promises are only there to share the interface). WAL journal with
 * synchronous=FULL: a committed transaction survives a crash of the process
 * (and of the machine); an interrupted one leaves nothing behind.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';
import { changeOf, classKey, type ClassRow, type EventRow, type HostState, type HostWrite, type IndexSnapshot, type Storage, type StoredGuest, type StoredHost, type WriteResult } from './storage.js';

type Row = Record<string, unknown>;

export const classFromRow = (r: Row): ClassRow => ({
  id: Number(r['id']),
  arch: String(r['arch']),
  signature: String(r['signature']),
  ident: String(r['ident']),
  model: String(r['model']),
  identity: JSON.parse(String(r['identity'])) as Record<string, unknown>,
  features: JSON.parse(String(r['features'])) as string[],
});

export const stateFromRow = (r: Row): HostState => ({
  name: String(r['name']),
  arch: String(r['arch']),
  classId: Number(r['class_id']),
  signature: String(r['signature']),
  labels: JSON.parse(String(r['labels'])) as Record<string, string>,
  sourceKind: String(r['source_kind']),
  rev: Number(r['rev']),
  updatedAt: String(r['updated_at']),
});

export const eventFromRow = (r: Row): EventRow => ({
  id: Number(r['id']),
  ts: String(r['ts']),
  kind: r['kind'] as EventRow['kind'],
  host: String(r['host']),
  arch: String(r['arch']),
  signature: (r['signature'] as string | null) ?? null,
  oldSignature: (r['old_signature'] as string | null) ?? null,
  gained: JSON.parse(String(r['gained'])) as string[],
  lost: JSON.parse(String(r['lost'])) as string[],
  ...(r['unfit_guests'] && r['unfit_guests'] !== '[]' ? { unfitGuests: JSON.parse(String(r['unfit_guests'])) as string[] } : {}),
});

export const guestFromRow = (r: Row): StoredGuest => ({ name: String(r['name']), cpu: String(r['cpu']), updatedAt: String(r['updated_at']) });

/** The unfit guests an event records: only a capability change has any. */
export const unfitOf = (change: string, w: HostWrite): string => JSON.stringify(change === 'changed' ? (w.unfitGuests ?? []) : []);

export class SqliteStorage implements Storage {
  readonly kind = 'sqlite' as const;
  private readonly classCache = new Map<number, ClassRow>();
  private readonly idByKey = new Map<string, number>();

  private constructor(private readonly db: Database.Database) {}

  static async open(file: string): Promise<SqliteStorage> {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const s = new SqliteStorage(db);
    await s.migrate();
    return s;
  }

  async migrate(): Promise<number> {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const done = new Set((this.db.prepare('SELECT version FROM schema_migrations').all() as Row[]).map((r) => Number(r['version'])));
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      this.db.transaction(() => {
        this.db.exec(m.sqlite);
        this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      }).immediate();
    }
    return Math.max(0, ...(this.db.prepare('SELECT version FROM schema_migrations').all() as Row[]).map((r) => Number(r['version'])));
  }

  private classById(id: number): ClassRow {
    let c = this.classCache.get(id);
    if (!c) {
      c = classFromRow(this.db.prepare('SELECT * FROM classes WHERE id = ?').get(id) as Row);
      this.classCache.set(id, c);
    }
    return c;
  }

  private classId(w: HostWrite): number {
    const key = classKey(w.cls);
    const known = this.idByKey.get(key);
    if (known !== undefined) return known;
    const c = w.cls;
    this.db.prepare('INSERT INTO classes (key, arch, signature, ident, model, identity, features) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING').run(key, c.arch, c.signature, c.ident, c.model, JSON.stringify(c.identity), JSON.stringify(c.features));
    const id = Number((this.db.prepare('SELECT id FROM classes WHERE key = ?').get(key) as Row)['id']);
    // cached only after commit (see putHosts): a rolled-back insert must not stay known
    return id;
  }

  async putHosts(writes: readonly HostWrite[]): Promise<WriteResult[]> {
    const now = new Date().toISOString();
    const getOld = this.db.prepare('SELECT class_id, labels, source_kind, doc, rev FROM hosts WHERE name = ?');
    const upsert = this.db.prepare(
      `INSERT INTO hosts (name, arch, class_id, signature, labels, source_kind, doc, rev, updated_at) VALUES (@name, @arch, @classId, @signature, @labels, @sourceKind, @doc, 1, @now)
       ON CONFLICT (name) DO UPDATE SET arch = excluded.arch, class_id = excluded.class_id, signature = excluded.signature, labels = excluded.labels,
         source_kind = excluded.source_kind, doc = excluded.doc, rev = hosts.rev + 1, updated_at = excluded.updated_at`,
    );
    const addEvent = this.db.prepare('INSERT INTO events (ts, kind, host, arch, signature, old_signature, gained, lost, unfit_guests) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *');
    const newKeys: [string, number][] = [];
    const run = this.db.transaction((): WriteResult[] => {
      const out: WriteResult[] = [];
      for (const w of writes) {
        const before = this.idByKey.has(classKey(w.cls));
        const classId = this.classId(w);
        if (!before) newKeys.push([classKey(w.cls), classId]);
        const o = getOld.get(w.name) as Row | undefined;
        const old = o ? { classId: Number(o['class_id']), labels: JSON.parse(String(o['labels'])) as Record<string, string>, sourceKind: String(o['source_kind']), doc: String(o['doc']) } : undefined;
        const ch = changeOf(old, w, classId, (id) => this.classById(id).features);
        if (ch.change === 'unchanged') {
          out.push({ name: w.name, change: 'unchanged', classId });
          continue;
        }
        upsert.run({ name: w.name, arch: w.cls.arch, classId, signature: w.cls.signature, labels: JSON.stringify(w.labels), sourceKind: w.sourceKind, doc: w.doc, now });
        const oldSig = old ? this.classById(old.classId).signature : null;
        const ev = eventFromRow(addEvent.get(now, ch.change, w.name, w.cls.arch, w.cls.signature, oldSig, JSON.stringify(ch.gained), JSON.stringify(ch.lost), unfitOf(ch.change, w)) as Row);
        out.push({ name: w.name, change: ch.change, classId, event: ev });
      }
      return out;
    });
    const r = run.immediate();
    for (const [k, id] of newKeys) this.idByKey.set(k, id);
    return r;
  }

  async deleteHost(name: string): Promise<EventRow | undefined> {
    const now = new Date().toISOString();
    return this.db.transaction((): EventRow | undefined => {
      const o = this.db.prepare('DELETE FROM hosts WHERE name = ? RETURNING arch, signature').get(name) as Row | undefined;
      if (!o) return undefined;
      return eventFromRow(this.db.prepare("INSERT INTO events (ts, kind, host, arch, signature, old_signature, gained, lost) VALUES (?, 'removed', ?, ?, NULL, ?, '[]', '[]') RETURNING *").get(now, name, o['arch'], o['signature']) as Row);
    }).immediate();
  }

  async getHost(name: string): Promise<StoredHost | undefined> {
    const r = this.db.prepare('SELECT * FROM hosts WHERE name = ?').get(name) as Row | undefined;
    return r ? { ...stateFromRow(r), doc: String(r['doc']) } : undefined;
  }

  async hostStates(names: readonly string[]): Promise<HostState[]> {
    const st = this.db.prepare('SELECT name, arch, class_id, signature, labels, source_kind, rev, updated_at FROM hosts WHERE name = ?');
    const out: HostState[] = [];
    for (const n of names) {
      const r = st.get(n) as Row | undefined;
      if (r) out.push(stateFromRow(r));
    }
    return out;
  }

  async getClasses(ids: readonly number[]): Promise<ClassRow[]> {
    return ids.map((id) => this.classById(id));
  }

  async snapshot(): Promise<IndexSnapshot> {
    return this.db.transaction((): IndexSnapshot => {
      const classes = (this.db.prepare('SELECT * FROM classes ORDER BY id').all() as Row[]).map(classFromRow);
      for (const c of classes) {
        this.classCache.set(c.id, c);
        this.idByKey.set(classKey(c), c.id);
      }
      const hosts = (this.db.prepare('SELECT name, class_id, labels FROM hosts').raw().all() as [string, number, string][]).map(([name, classId, labels]) => ({
        name,
        classId,
        labels: labels === '{}' ? {} : (JSON.parse(labels) as Record<string, string>),
      }));
      const lastEvent = Number((this.db.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM events').get() as Row)['m']);
      return { classes, hosts, lastEvent };
    })();
  }

  async events(opts: { after?: number; host?: string; limit?: number }): Promise<EventRow[]> {
    const limit = opts.limit ?? 1000;
    const rows = opts.host
      ? this.db.prepare('SELECT * FROM events WHERE id > ? AND host = ? ORDER BY id LIMIT ?').all(opts.after ?? 0, opts.host, limit)
      : this.db.prepare('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?').all(opts.after ?? 0, limit);
    return (rows as Row[]).map(eventFromRow);
  }

  async lastEventId(): Promise<number> {
    return Number((this.db.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM events').get() as Row)['m']);
  }

  async putGuest(name: string, cpu: string): Promise<'added' | 'updated' | 'unchanged'> {
    return this.db.transaction(() => {
      const old = this.db.prepare('SELECT cpu FROM guests WHERE name = ?').get(name) as Row | undefined;
      if (old && old['cpu'] === cpu) return 'unchanged' as const;
      this.db.prepare('INSERT INTO guests (name, cpu, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET cpu = excluded.cpu, updated_at = excluded.updated_at').run(name, cpu, new Date().toISOString());
      return old ? ('updated' as const) : ('added' as const);
    }).immediate();
  }

  async getGuest(name: string): Promise<StoredGuest | undefined> {
    const r = this.db.prepare('SELECT * FROM guests WHERE name = ?').get(name) as Row | undefined;
    return r ? guestFromRow(r) : undefined;
  }

  async deleteGuest(name: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM guests WHERE name = ?').run(name).changes > 0;
  }

  async guests(): Promise<StoredGuest[]> {
    return (this.db.prepare('SELECT * FROM guests ORDER BY name').all() as Row[]).map(guestFromRow);
  }

  async onRemoteWrite(): Promise<void> {
    // one process owns an SQLite file; nothing to listen to
  }

  async settle(): Promise<void> {
    this.db.pragma('optimize');
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
