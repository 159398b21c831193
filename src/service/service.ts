/**
 * The fleet service without HTTP: storage, the in-memory index and the
 * operations the routes call. Writes go to the database first; the index
 * follows the events table (`sync`), for this process's writes and, on
 * PostgreSQL, for other replicas' (LISTEN/NOTIFY wakes it up).
 */
import { EventEmitter } from 'node:events';
import { classKey, type EventRow, type HostWrite, type Storage, type WriteResult } from '../storage/storage.js';
import { ApiError, fromEngine } from './errors.js';
import { canRun, classOf, engineClass, guestFromText, isFleetArch, readHost, resolve, type ClassVerdict, type Fleet, type GuestInput, type HostDoc, type MigrateVerdict, type ResolvedGuest } from './engine.js';
import { didYouMean } from '../core/errors.js';
import { suggest } from '../core/suggest.js';
import { FleetIndex } from './fleet-index.js';

export const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,252}$/;
export const LABEL_KEY = /^[A-Za-z0-9]([A-Za-z0-9_.\/-]{0,251}[A-Za-z0-9])?$/;
export const LABEL_VALUE = /^[A-Za-z0-9_.\/:@ -]{0,253}$/;

export function checkName(name: unknown, field: string): string {
  if (typeof name !== 'string' || !HOST_NAME.test(name)) {
    throw new ApiError('invalid-request', `${field}: '${String(name)}' is not a host name`, { field, value: String(name), hint: 'letters, digits and . _ : @ -, starting with a letter or digit, at most 253 characters' });
  }
  return name;
}

export function checkLabels(labels: unknown, field: string): Record<string, string> {
  if (labels === undefined || labels === null) return {};
  if (typeof labels !== 'object' || Array.isArray(labels)) throw new ApiError('invalid-request', `${field}: labels are an object of strings`, { field, hint: '{"cluster": "a", "rack": "r12"}' });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    if (!LABEL_KEY.test(k)) throw new ApiError('invalid-request', `${field}.${k}: '${k}' is not a label key`, { field: `${field}.${k}`, value: k, hint: 'letters, digits and _ . / -, starting and ending with a letter or digit' });
    if (typeof v !== 'string' || !LABEL_VALUE.test(v)) throw new ApiError('invalid-request', `${field}.${k}: label values are short strings`, { field: `${field}.${k}`, value: String(v), hint: 'letters, digits, spaces and _ . / : @ -' });
    out[k] = v;
  }
  return out;
}

/** A Map that forgets its oldest entry beyond `max`. */
export class Bounded<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }
  override set(k: K, v: V): this {
    if (!this.has(k) && this.size >= this.max) this.delete(this.keys().next().value as K);
    return super.set(k, v);
  }
}

/**
 * What the query routes remember between requests. None of it is an answer:
 * guests as parsed and as resolved per architecture (keyed by the request's
 * guest text), each class's verdict per guest (a class's capability never
 * changes; keyed by the engine class's feature set object, which every fleet
 * assembled from the index shares), stored host documents as parsed (dropped
 * when the host changes) and migration verdicts per (target, source) document
 * object and guest.
 */
export class QueryMemo {
  readonly guests = new Bounded<string, GuestInput>(5000);
  readonly resolved = new Bounded<string, ResolvedGuest>(5000);
  private readonly verdicts = new WeakMap<object, Bounded<string, ClassVerdict>>();
  readonly docs = new Bounded<string, HostDoc>(20_000);
  private readonly migrations = new WeakMap<HostDoc, WeakMap<object, Bounded<string, MigrateVerdict>>>();
  private readonly ofFleets = new WeakMap<Fleet, Bounded<string, unknown>>();

  /**
   * The engine's answer about a fleet (its baseline, a guest's placement),
   * kept with the fleet object: the index hands out one fleet per selection
   * until the index changes, so a write makes the next question compute anew.
   */
  ofFleet<T>(fleet: Fleet, key: string, compute: () => T): T {
    let m = this.ofFleets.get(fleet);
    if (!m) this.ofFleets.set(fleet, (m = new Bounded(200)));
    let v = m.get(key) as T | undefined;
    if (v === undefined) m.set(key, (v = compute()));
    return v;
  }

  private readonly bytes = new WeakMap<object, Map<string, Buffer>>();

  /**
   * The bytes sent for an engine answer that is never changed once made (a
   * kept migration verdict, a kept baseline or placement with its host lists
   * cut to `variant`): made and encoded once per answer and variant, so a
   * repeated question copies nothing.
   */
  bytesOf(v: object, variant: string, make: () => string): Buffer {
    let m = this.bytes.get(v);
    if (!m) this.bytes.set(v, (m = new Map()));
    let b = m.get(variant);
    if (b === undefined) m.set(variant, (b = Buffer.from(make())));
    return b;
  }

  /** The verdict memo of one guest, for placement. */
  verdictOf(guestKey: string): (c: { set: object }, compute: () => ClassVerdict) => ClassVerdict {
    return (c, compute) => {
      let m = this.verdicts.get(c.set);
      if (!m) this.verdicts.set(c.set, (m = new Bounded(2000)));
      let v = m.get(guestKey);
      if (!v) m.set(guestKey, (v = compute()));
      return v;
    };
  }

  migration(target: HostDoc, source: HostDoc | undefined, key: string, compute: () => MigrateVerdict): MigrateVerdict {
    let bySource = this.migrations.get(target);
    if (!bySource) this.migrations.set(target, (bySource = new WeakMap()));
    const s = source ?? NO_SOURCE;
    let m = bySource.get(s);
    if (!m) bySource.set(s, (m = new Bounded(1000)));
    let v = m.get(key);
    if (!v) m.set(key, (v = compute()));
    return v;
  }
}

const NO_SOURCE = {};

/** A request's guest as a memo key. */
export const guestKey = (g: unknown): string => (typeof g === 'string' ? `s${g}` : `j${JSON.stringify(g)}`);

export interface SyncStats {
  syncs: number;
  applied: number;
}

export class FleetService {
  readonly index = new FleetIndex();
  readonly bus = new EventEmitter();
  readonly stats: SyncStats = { syncs: 0, applied: 0 };
  readonly memo = new QueryMemo();
  ready = false;
  private chain: Promise<void> = Promise.resolve();
  private again = false;

  constructor(readonly storage: Storage) {
    this.bus.setMaxListeners(0);
  }

  /** Load the index from the database and follow other replicas' writes. */
  async start(): Promise<void> {
    const snap = await this.storage.snapshot();
    const r = this.index.load(snap);
    if (!r.ok) throw new Error(r.error.message);
    await this.storage.onRemoteWrite(() => void this.sync().catch(() => {}));
    this.ready = true;
  }

  /**
   * Bring the index up to the newest event. Calls are serialized; a call
   * made while one runs makes that one go round again.
   */
  sync(): Promise<void> {
    const run = async (): Promise<void> => {
      for (;;) {
        const evs = await this.storage.events({ after: this.index.lastEvent, limit: 5000 });
        if (!evs.length) return;
        const names = [...new Set(evs.map((e) => e.host))];
        const states = await this.storage.hostStates(names);
        const unknown = [...new Set(states.map((s) => s.classId))].filter((id) => !this.index.hasClass(id));
        if (unknown.length) {
          for (const c of await this.storage.getClasses(unknown)) {
            const a = this.index.addClass(c);
            if (!a.ok) throw new Error(a.error.message);
          }
        }
        this.index.applyStates(names, states);
        for (const n of names) this.memo.docs.delete(n);
        this.index.lastEvent = evs[evs.length - 1]!.id;
        this.stats.syncs++;
        this.stats.applied += evs.length;
        for (const e of evs) this.bus.emit('event', e);
      }
    };
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => {});
    return next;
  }

  /** A host write from its description text (any format), or the reason it is refused. */
  prepare(name: string | undefined, text: string, labels: Record<string, string>, origin: string, field: string): HostWrite {
    const d = readHost(text, origin);
    if (!d.ok) throw fromEngine(d.error, field);
    const doc: HostDoc = d.value;
    if (name === undefined && doc.name === undefined) throw new ApiError('invalid-request', `${field}: the host has no name`, { field: `${field}.name`, hint: 'name it in the document ("name") or in an envelope {"name", "labels", "document"}' });
    const hostName = checkName(name ?? doc.name, name === undefined ? `${field}.name` : 'name');
    const c = classOf(doc);
    if (!c.ok) throw fromEngine(c.error, field);
    return { name: hostName, labels, sourceKind: doc.source.kind, doc: JSON.stringify(doc), cls: c.value };
  }

  async write(writes: readonly HostWrite[]): Promise<WriteResult[]> {
    await this.markUnfitGuests(writes);
    const r = await this.storage.putHosts(writes);
    await this.sync();
    return r;
  }

  /**
   * For each write that moves a host to another class: the stored guests
   * that run on its class now and would not on the new one (the event of the
   * change names them). Guests of another architecture are not checked.
   */
  private async markUnfitGuests(writes: readonly HostWrite[]): Promise<void> {
    const moving = writes.filter((w) => {
      const h = this.index.hosts.get(w.name);
      return h !== undefined && this.index.classes.get(h.classId)?.key !== classKey(w.cls);
    });
    if (!moving.length) return;
    const guests = await this.storage.guests();
    if (!guests.length) return;
    for (const w of moving) {
      const before = this.index.classes.get(this.index.hosts.get(w.name)!.classId);
      if (!before || before.row.arch !== w.cls.arch) continue;
      const after = engineClass({ id: -1, ...w.cls });
      if (!after.ok) continue;
      const unfit: string[] = [];
      for (const g of guests) {
        const rg = this.resolvedGuest(g.cpu, w.cls.arch);
        if (rg && canRun(rg, before.cls) && !canRun(rg, after.value)) unfit.push(g.name);
      }
      w.unfitGuests = unfit;
    }
  }

  /** A stored guest's CPU resolved against an architecture (undefined: it is not a guest of that architecture). */
  resolvedGuest(cpu: string, arch: string): ResolvedGuest | undefined {
    const gk = guestKey(cpu);
    const rk = `${arch}|${gk}`;
    const known = this.memo.resolved.get(rk);
    if (known) return known;
    let g = this.memo.guests.get(gk);
    if (!g) {
      const p = guestFromText(cpu, 'guest');
      if (!p.ok) return undefined;
      this.memo.guests.set(gk, (g = p.value));
    }
    if (!isFleetArch(arch)) return undefined;
    const r = resolve(arch, g);
    if (!r.ok) return undefined;
    this.memo.resolved.set(rk, r.value);
    return r.value;
  }

  async remove(name: string): Promise<EventRow | undefined> {
    const e = await this.storage.deleteHost(name);
    await this.sync();
    return e;
  }

  /** A stored host's document (the one read of a stored document: GET and migrate-check by name). */
  /** A stored host's document when it is already parsed and current: no database read (undefined: hostDoc reads it). */
  knownDoc(name: string): HostDoc | undefined {
    const known = this.memo.docs.get(name);
    return known && this.index.hosts.has(name) ? known : undefined;
  }

  async hostDoc(name: string, field: string): Promise<HostDoc> {
    const known = this.knownDoc(name);
    if (known) return known;
    // one read per name at a time: concurrent requests for the same host share it
    const key = `${this.index.version} ${name}`;
    let p = this.docReads.get(key);
    if (!p) {
      p = this.readHostDoc(name, field);
      this.docReads.set(key, p);
      const done = () => this.docReads.delete(key);
      p.then(done, done);
    }
    return p;
  }

  private readonly docReads = new Map<string, Promise<HostDoc>>();

  private async readHostDoc(name: string, field: string): Promise<HostDoc> {
    const v = this.index.version;
    const h = await this.storage.getHost(name);
    if (!h) throw this.unknownHost(name, field);
    const doc = JSON.parse(h.doc) as HostDoc;
    // kept until the host changes (a sync drops changed names); not when a change came in during the read
    if (v === this.index.version && this.index.hosts.has(name)) this.memo.docs.set(name, doc);
    return doc;
  }

  unknownHost(name: string, field: string): ApiError {
    // suggest among hosts sharing the first characters (a full scan of 100,000 names is not worth an error)
    const near: string[] = [];
    const pre = name.slice(0, 3);
    for (const n of this.index.hosts.keys()) {
      if (n.startsWith(pre)) near.push(n);
      if (near.length >= 2000) break;
    }
    const hint = didYouMean(suggest(name, near));
    return new ApiError('unknown-host', `${field}: no host named '${name}'`, { field, value: name, ...(hint ? { hint } : {}) });
  }
}
