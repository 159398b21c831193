/**
 * One storage interface for the fleet service, two implementations
 * (sqlite.ts, postgres.ts). Storage knows rows, not CPU rules: the service
 * computes a host's class (engine.ts) and hands it over with the document.
 *
 * Tables (migrations.ts):
 *  - classes: one row per distinct capability (architecture, signature,
 *    identity key, sorted feature names); immutable once written, so every
 *    process may cache them by id.
 *  - hosts: name, architecture, labels, source kind, signature, class id and
 *    the host document as sent (JSON text); rev counts its writes.
 *  - events: added / removed / changed (capability: features gained and
 *    lost, and the stored guests that no longer fit) / updated (labels or
 *    source only), in commit order.
 *  - guests: guest CPUs (the text as sent) a capability change is checked
 *    against.
 *
 * Every write is one transaction. Writes are serialized (SQLite: one
 * writer; PostgreSQL: a transaction-level advisory lock), so event ids
 * commit in increasing order and a reader that follows `events` by id misses
 * nothing: that is how replicas keep their index current.
 */

export type StorageKind = 'sqlite' | 'postgres';

/** A capability class, as the engine computed it from a host document. */
export interface ClassData {
  arch: string;
  signature: string;
  /** what besides the features decides runnability: the s390x model, the x86 vendor */
  ident: string;
  /** the model the class is expressed against (engine's rule) */
  model: string;
  identity: Record<string, unknown>;
  /** active features, sorted */
  features: string[];
}

export interface ClassRow extends ClassData {
  id: number;
}

export interface HostWrite {
  name: string;
  labels: Record<string, string>;
  sourceKind: string;
  /** the host document, JSON text */
  doc: string;
  cls: ClassData;
  /** when the write changes the host's class: the stored guests that ran on the old one and do not on the new one */
  unfitGuests?: string[];
}

export interface HostState {
  name: string;
  arch: string;
  classId: number;
  signature: string;
  labels: Record<string, string>;
  sourceKind: string;
  rev: number;
  updatedAt: string;
}

export interface StoredHost extends HostState {
  doc: string;
}

export type EventKind = 'added' | 'removed' | 'changed' | 'updated';

export interface EventRow {
  id: number;
  ts: string;
  kind: EventKind;
  host: string;
  arch: string;
  signature: string | null;
  oldSignature: string | null;
  gained: string[];
  lost: string[];
  /** changed: the stored guests that fitted before and no longer fit (present when there are any) */
  unfitGuests?: string[];
}

export interface StoredGuest {
  name: string;
  /** the guest CPU as sent: domain XML, <cpu>, QMP model JSON or a -cpu spec */
  cpu: string;
  updatedAt: string;
}

export interface WriteResult {
  name: string;
  change: EventKind | 'unchanged';
  classId: number;
  event?: EventRow;
}

export interface IndexSnapshot {
  classes: ClassRow[];
  hosts: { name: string; classId: number; labels: Record<string, string> }[];
  /** the newest event id at the time of the snapshot */
  lastEvent: number;
}

export interface Storage {
  readonly kind: StorageKind;
  /** Apply pending migrations; returns the schema version. */
  migrate(): Promise<number>;
  /** Store hosts in one transaction (all or none). */
  putHosts(writes: readonly HostWrite[]): Promise<WriteResult[]>;
  deleteHost(name: string): Promise<EventRow | undefined>;
  getHost(name: string): Promise<StoredHost | undefined>;
  /** Hosts' current state (no documents), for names that changed. */
  hostStates(names: readonly string[]): Promise<HostState[]>;
  getClasses(ids: readonly number[]): Promise<ClassRow[]>;
  snapshot(): Promise<IndexSnapshot>;
  /** Events after an id, oldest first. */
  events(opts: { after?: number; host?: string; limit?: number }): Promise<EventRow[]>;
  lastEventId(): Promise<number>;
  /** Store a guest CPU (idempotent). */
  putGuest(name: string, cpu: string): Promise<'added' | 'updated' | 'unchanged'>;
  getGuest(name: string): Promise<StoredGuest | undefined>;
  deleteGuest(name: string): Promise<boolean>;
  /** Every stored guest, by name. */
  guests(): Promise<StoredGuest[]>;
  /** Called when another process committed events (PostgreSQL LISTEN); SQLite: never. */
  onRemoteWrite(cb: () => void): Promise<void>;
  /**
   * After a bulk write: the database's upkeep of the written tables done now
   * (PostgreSQL: VACUUM (ANALYZE), which autovacuum would otherwise start
   * within a minute, in the middle of the queries that follow; SQLite:
   * PRAGMA optimize), so that it falls on the import, not on later queries.
   */
  settle(): Promise<void>;
  /** A cheap round trip; throws when the database is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Thrown when the database cannot be reached: the HTTP layer answers 503 with Retry-After. */
export class StorageUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageUnavailable';
  }
}

export const classKey = (c: ClassData): string => `${c.arch}|${c.ident}|${c.signature}|${c.features.join(",")}`;

/** The features gained and lost between two sorted lists. */
export function featureDiff(before: readonly string[], after: readonly string[]): { gained: string[]; lost: string[] } {
  const b = new Set(before);
  const a = new Set(after);
  return { gained: after.filter((f) => !b.has(f)), lost: before.filter((f) => !a.has(f)) };
}

export function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k] === a[k]);
}

/** What a write changes: the event kind (or unchanged) and the features gained and lost. */
export function changeOf(
  old: { classId: number; labels: Record<string, string>; sourceKind: string; doc: string } | undefined,
  w: HostWrite,
  classId: number,
  featuresOf: (id: number) => string[],
): { change: EventKind | 'unchanged'; gained: string[]; lost: string[] } {
  if (!old) return { change: 'added', gained: [], lost: [] };
  if (old.classId !== classId) return { change: 'changed', ...featureDiff(featuresOf(old.classId), w.cls.features) };
  if (!sameLabels(old.labels, w.labels) || old.sourceKind !== w.sourceKind || old.doc !== w.doc) return { change: 'updated', gained: [], lost: [] };
  return { change: 'unchanged', gained: [], lost: [] };
}

/** Open a storage from a URL: `sqlite:PATH` (or a path) or `postgres://…`. */
export async function openStorage(url: string): Promise<Storage> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { PostgresStorage } = await import('./postgres.js');
    return PostgresStorage.open(url);
  }
  const file = url.replace(/^sqlite:/, '');
  const { SqliteStorage } = await import('./sqlite.js');
  return SqliteStorage.open(file);
}
