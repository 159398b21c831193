/**
 * The in-memory index of the fleet: capability classes with the engine's
 * feature bitsets, and per host only its class and labels. Rebuilt from the
 * database at start (classes and host rows, never the stored documents) and
 * kept current by following the events table (sync), so answers never parse
 * a stored document. `version` changes with every applied change; derived
 * answers (the class matrix) are cached per version.
 */
import { fail, ok, type Result } from '../core/errors.js';
import { classKey, type ClassRow, type HostState, type IndexSnapshot } from '../storage/storage.js';
import { assembleFleet, engineClass, type Fleet, type FleetClass } from './engine.js';

export interface IndexedClass {
  row: ClassRow;
  /** classKey(row), computed once */
  key: string;
  cls: FleetClass;
  hosts: Set<string>;
  /** the hosts as an array, kept until they change (shared: callers must not change it) */
  list?: string[];
}

/** A class's hosts as an array, built once per change of its hosts. */
export const hostList = (c: IndexedClass): string[] => (c.list ??= [...c.hosts]);

export interface IndexedHost {
  name: string;
  classId: number;
  labels: Record<string, string>;
}

/** A label selector term: key=value, key!=value, key (exists), !key (absent). */
export interface SelectorTerm {
  key: string;
  op: '=' | '!=' | 'exists' | 'absent';
  value?: string;
}

const KEY = /^[A-Za-z0-9]([A-Za-z0-9_.\/-]{0,251}[A-Za-z0-9])?$/;

export function parseSelector(text: string | undefined): Result<SelectorTerm[]> {
  if (!text) return ok([]);
  const out: SelectorTerm[] = [];
  for (const raw of text.split(',')) {
    const t = raw.trim();
    let m: RegExpMatchArray | null;
    if ((m = t.match(/^([^=!]+)!=(.*)$/))) out.push({ key: m[1]!.trim(), op: '!=', value: m[2]!.trim() });
    else if ((m = t.match(/^([^=!]+)==?(.*)$/))) out.push({ key: m[1]!.trim(), op: '=', value: m[2]!.trim() });
    else if ((m = t.match(/^!(.+)$/))) out.push({ key: m[1]!.trim(), op: 'absent' });
    else out.push({ key: t, op: 'exists' });
    const last = out[out.length - 1]!;
    if (!KEY.test(last.key)) return fail({ code: 'bad-option', message: `selector: '${t}' is not a label term`, value: t, hint: "use key=value, key!=value, key or !key, separated by commas (e.g. 'cluster=a,zone!=z3')" });
  }
  return ok(out);
}

const selectorKeys = new WeakMap<readonly SelectorTerm[], string>();
/** A parsed selector as a key, made once per terms array (the service keeps one array per selector text). */
const selectorKey = (terms: readonly SelectorTerm[]): string => {
  let k = selectorKeys.get(terms);
  if (k === undefined) selectorKeys.set(terms, (k = JSON.stringify(terms)));
  return k;
};

export interface HostFilter {
  arch?: string;
  /** a class signature (or model@signature) */
  cls?: string;
  selector?: SelectorTerm[];
  prefix?: string;
  exclude?: ReadonlySet<string>;
}

export class FleetIndex {
  readonly classes = new Map<number, IndexedClass>();
  readonly hosts = new Map<string, IndexedHost>();
  /** `key=value` → host names */
  private readonly byLabel = new Map<string, Set<string>>();
  lastEvent = 0;
  version = 0;

  load(s: IndexSnapshot): Result<void> {
    this.classes.clear();
    this.hosts.clear();
    this.byLabel.clear();
    for (const r of s.classes) {
      const c = this.addClass(r);
      if (!c.ok) return c;
    }
    for (const h of s.hosts) {
      // a snapshot names each host once: no removal needed
      const c = this.classes.get(h.classId);
      if (!c) return fail({ code: 'bad-host-data', message: `stored host ${h.name}: class ${h.classId} is missing`, value: h.name });
      c.hosts.add(h.name);
      c.list = undefined;
      this.hosts.set(h.name, { name: h.name, classId: h.classId, labels: h.labels });
      for (const k in h.labels) this.labelSet(k, h.labels[k]!).add(h.name);
    }
    this.lastEvent = s.lastEvent;
    this.version++;
    return ok(undefined);
  }

  hasClass(id: number): boolean {
    return this.classes.has(id);
  }

  addClass(r: ClassRow): Result<void> {
    if (this.classes.has(r.id)) return ok(undefined);
    const c = engineClass(r);
    if (!c.ok) return fail({ ...c.error, message: `stored class ${r.id} (${r.arch} ${r.signature}): ${c.error.message}` });
    this.classes.set(r.id, { row: r, key: classKey(r), cls: c.value, hosts: new Set() });
    return ok(undefined);
  }

  private labelSet(k: string, v: string): Set<string> {
    const key = `${k}=${v}`;
    let s = this.byLabel.get(key);
    if (!s) this.byLabel.set(key, (s = new Set()));
    return s;
  }

  /** Insert or replace a host (its class must be known). */
  setHost(h: { name: string; classId: number; labels: Record<string, string> }): void {
    this.removeHost(h.name);
    const c = this.classes.get(h.classId);
    if (!c) throw new Error(`index: class ${h.classId} of host ${h.name} is not loaded`);
    c.hosts.add(h.name);
    c.list = undefined;
    this.hosts.set(h.name, { name: h.name, classId: h.classId, labels: h.labels });
    for (const [k, v] of Object.entries(h.labels)) this.labelSet(k, v).add(h.name);
    this.version++;
  }

  removeHost(name: string): boolean {
    const old = this.hosts.get(name);
    if (!old) return false;
    const c = this.classes.get(old.classId);
    if (c) {
      c.hosts.delete(name);
      c.list = undefined;
    }
    for (const [k, v] of Object.entries(old.labels)) this.byLabel.get(`${k}=${v}`)?.delete(name);
    this.hosts.delete(name);
    this.version++;
    return true;
  }

  /** Apply the current state of hosts named by events: present ones set, missing ones removed. */
  applyStates(names: Iterable<string>, states: readonly HostState[]): void {
    const present = new Map(states.map((s) => [s.name, s]));
    for (const n of names) {
      const s = present.get(n);
      if (s) this.setHost(s);
      else this.removeHost(n);
    }
  }

  classBySignature(sig: string): IndexedClass[] {
    const s = sig.includes('@') ? sig.slice(sig.lastIndexOf('@') + 1) : sig;
    return [...this.classes.values()].filter((c) => c.row.signature === s);
  }

  private matches(h: IndexedHost, f: HostFilter): boolean {
    if (f.prefix && !h.name.startsWith(f.prefix)) return false;
    if (f.exclude?.has(h.name)) return false;
    for (const t of f.selector ?? []) {
      const v = h.labels[t.key];
      if (t.op === '=' && v !== t.value) return false;
      if (t.op === '!=' && v === t.value) return false;
      if (t.op === 'exists' && v === undefined) return false;
      if (t.op === 'absent' && v !== undefined) return false;
    }
    return true;
  }

  /** The classes and their hosts that pass a filter, class by class (host arrays may be shared: read only). */
  select(f: HostFilter): { c: IndexedClass; hosts: string[] }[] {
    let classes = [...this.classes.values()];
    if (f.arch) classes = classes.filter((c) => c.row.arch === f.arch);
    if (f.cls) {
      const s = f.cls.includes('@') ? f.cls.slice(f.cls.lastIndexOf('@') + 1) : f.cls;
      classes = classes.filter((c) => c.row.signature === s);
    }
    const eq = (f.selector ?? []).filter((t) => t.op === '=');
    const trivial = !f.prefix && !f.exclude?.size && !(f.selector ?? []).length;
    // an equality term narrows through the label index first
    let candidates: Set<string> | undefined;
    if (eq.length) {
      for (const t of eq) {
        const s = this.byLabel.get(`${t.key}=${t.value}`) ?? new Set<string>();
        if (!candidates || s.size < candidates.size) candidates = s;
      }
    }
    const out: { c: IndexedClass; hosts: string[] }[] = [];
    if (candidates) {
      const per = new Map<number, string[]>();
      for (const n of candidates) {
        const h = this.hosts.get(n)!;
        if (!this.matches(h, f)) continue;
        const l = per.get(h.classId);
        if (l) l.push(n);
        else per.set(h.classId, [n]);
      }
      for (const c of classes) {
        const l = per.get(c.row.id);
        if (l?.length) out.push({ c, hosts: l });
      }
      return out;
    }
    for (const c of classes) {
      const hosts = trivial ? hostList(c) : hostList(c).filter((n) => this.matches(this.hosts.get(n)!, f));
      if (hosts.length) out.push({ c, hosts });
    }
    return out;
  }

  private selections = new Map<string, { c: IndexedClass; hosts: string[] }[]>();
  private selectionsVersion = -1;

  /**
   * select, remembered per filter until the index changes (a label selector
   * walks its hosts once per change, not once per query)
   */
  selectKept(f: HostFilter): { c: IndexedClass; hosts: string[] }[] {
    if (this.selectionsVersion !== this.version) {
      this.selections.clear();
      this.selectionsVersion = this.version;
    }
    if (f.exclude?.size) return this.select(f);
    const key = JSON.stringify([f.arch, f.cls, f.prefix]) + (f.selector ? selectorKey(f.selector) : '');
    let s = this.selections.get(key);
    if (!s) {
      s = this.select(f);
      if (this.selections.size >= 200) this.selections.delete(this.selections.keys().next().value!);
      this.selections.set(key, s);
    }
    return s;
  }

  private readonly fleets = new WeakMap<object, Fleet>();

  /** The fleet of the hosts a filter selects (plus extra classes); without extras, kept with the selection until the index changes. */
  fleet(f: HostFilter, extra: readonly { cls: FleetClass; hosts: string[] }[] = []): Fleet {
    const sel = this.selectKept(f);
    const parts = () => [...sel.map((x) => ({ cls: x.c.cls, hosts: x.hosts })), ...extra];
    if (extra.length) return assembleFleet(parts());
    let fl = this.fleets.get(sel);
    if (!fl) this.fleets.set(sel, (fl = assembleFleet(parts())));
    return fl;
  }
}
