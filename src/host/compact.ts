/**
 * The compact host document: the same host as the verbose document
 * (doc.ts), in under 1 KB. Features are a bitset over a catalog's feature
 * list, keyed by that list's version (its architecture and a hash of its
 * names in order), so that a reader with another catalog refuses it instead
 * of misreading bits. Identity and provenance stay as they are.
 *
 * `cpumodels probe --compact` writes one per line (NDJSON); whatever reads
 * host documents reads NDJSON of either form (readHostLines).
 */
import { fail, ok, type ErrorCode, type Result } from '../core/errors.js';
import { FeatureSet } from '../core/bitset.js';
import { rememberSet, type FeatureCatalog } from '../core/catalog.js';
import { featureCatalog } from '../arch/catalogs.js';
import { HOST_DOC_FORMAT, HostSourceKind, validateHostDoc, type HostDoc } from './doc.js';

export const COMPACT_HOST_FORMAT = 'cpumodels-host-compact/1';

/** One host, compact: `features` is base64 of the bitset (bit i of byte i>>3 is feature i of the catalog). */
export interface CompactHostDoc {
  format: typeof COMPACT_HOST_FORMAT;
  arch: HostDoc['arch'];
  /** `${arch}:${hash of the catalog's feature names}` */
  catalog: string;
  features: string;
  model: string;
  signature: string;
  /** as in the verbose document: the QEMU release and accelerator the source describes */
  release?: string;
  accel?: 'kvm' | 'tcg';
  name?: string;
  identity: Record<string, unknown>;
  source: HostDoc['source'];
}

interface Keyed {
  catalog: FeatureCatalog;
  version: string;
  names: readonly string[];
  index: ReadonlyMap<string, number>;
}

const keyed = new Map<string, Keyed>();

/** What hosts of one class share: decoded and validated once. */
type ClassPart = Pick<HostDoc, 'arch' | 'model' | 'features' | 'signature' | 'display' | 'release' | 'accel'>;

/** The feature list compact documents of an architecture are written against: the newest catalog's. */
function catalogFor(arch: string): Keyed | undefined {
  let k = keyed.get(arch);
  if (k) return k;
  const cat = featureCatalog(arch);
  if (!cat) return undefined;
  const names = cat.features.map((f) => f.name);
  k = { catalog: cat, version: `${arch}:${fnv1a(names.join('\n'))}`, names, index: new Map(names.map((n, i) => [n, i])) };
  keyed.set(arch, k);
  return k;
}

/** 32-bit FNV-1a of a string's UTF-16 units, as 8 hex digits. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const bad = (message: string, hint?: string, code: ErrorCode = 'bad-host-data'): Result<never> => fail({ code, message, ...(hint ? { hint } : {}) });

/** The compact form of a (validated) host document. */
export function toCompact(doc: HostDoc): Result<CompactHostDoc> {
  const k = catalogFor(doc.arch);
  if (!k) return fail({ code: 'unsupported', message: `${doc.name ?? doc.source.origin}: no compact form for ${doc.arch} hosts yet`, value: doc.arch, hint: 'use the verbose form' });
  const bytes = new Uint8Array((k.names.length + 7) >> 3);
  for (const n of doc.features) {
    const i = k.index.get(n);
    if (i === undefined) return bad(`${doc.name ?? doc.source.origin}: feature '${n}' is not in the ${doc.arch} catalog ${k.version}`, 'write this host in the verbose form');
    bytes[i >> 3]! |= 1 << (i & 7);
  }
  return ok({
    format: COMPACT_HOST_FORMAT,
    arch: doc.arch,
    catalog: k.version,
    features: Buffer.from(bytes).toString('base64'),
    model: doc.model,
    signature: doc.signature,
    ...(doc.release !== undefined ? { release: doc.release } : {}),
    ...(doc.accel !== undefined ? { accel: doc.accel } : {}),
    ...(doc.name !== undefined ? { name: doc.name } : {}),
    identity: doc.identity,
    source: doc.source,
  });
}

/**
 * The catalog compact documents of an architecture are written against and
 * its version (what their `catalog` member must say), if it has a compact form.
 */
export function compactCatalog(arch: string): { catalog: FeatureCatalog; version: string } | undefined {
  const k = catalogFor(arch);
  return k ? { catalog: k.catalog, version: k.version } : undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The host document's source kinds (its schema's). */
export const SOURCE_KINDS: ReadonlySet<string> = new Set(HostSourceKind.options);

/**
 * A memo that forgets: emptied when it reaches its limit. One whose entries
 * were seldom asked for again before it was emptied (a file of ever new
 * classes) rests for a while, keeping and asking nothing: entries that live
 * through a few thousand lines reach V8's old generation, and collecting
 * them there (and hashing each long key) costs more than they save. Each
 * rest that follows another is twice as long (up to MAX_REST entries): a file
 * of ever new classes soon stops filling a memo it never asks again.
 */
export class Memo<K, V> {
  /** How many entries a memo whose entries were seldom asked for again lets by before it tries again (the first time). */
  static readonly REST = 1024;
  /** The longest rest. */
  static readonly MAX_REST = 64 * 1024;

  private readonly map = new Map<K, V>();
  private readonly limit = CompactReader.MEMO_LIMIT;
  private hits = 0;
  /** entries set since the memo was last emptied or (resting) began */
  private sets = 0;
  /** asked nothing (its keys are not even hashed) until `sets` reaches REST: its entries were seldom asked for again */
  private resting = false;
  /** how many entries this rest lets by: REST, doubled for each rest that follows a failed try */
  private rest = Memo.REST;
  /** the last fill ended in a rest (the one now filling is a try after it) */
  private tried = false;


  get(k: K): V | undefined {
    if (this.resting) return undefined;
    const v = this.map.get(k);
    if (v !== undefined) this.hits++;
    return v;
  }

  set(k: K, v: V): void {
    this.sets++;
    if (this.resting) {
      if (this.sets < this.rest) return;
      this.resting = false;
      this.sets = 0;
    } else if (this.map.size >= this.limit) {
      // fewer than one in four entries asked for again: rest a while (a file of ever new classes), longer after each try that fails
      const failed = this.hits * 4 < this.map.size;
      if (failed) {
        if (this.tried) this.rest = Math.min(this.rest * 2, Memo.MAX_REST);
      } else this.rest = Memo.REST;
      this.resting = failed;
      this.tried = failed;
      this.map.clear();
      this.hits = 0;
      this.sets = 0;
      if (this.resting) return;
    }
    this.map.set(k, v);
  }
}

/**
 * Reads compact documents: the class part (arch, catalog, features, model,
 * signature) is decoded and validated once per distinct value and shared by
 * every host of it; the per-host part (name, identity, source) is checked for
 * each host.
 */
export class CompactReader {
  private readonly classes = new Memo<string, Result<ClassPart>>();

  private readonly byHead = new Memo<Record<string, unknown>, Result<ClassPart>>();

  /** Each memo is emptied when it reaches this many entries (or fewer, Memo): a file of ever new classes keeps no memo of them all. */
  static readonly MEMO_LIMIT = 4096;

  read(json: Record<string, unknown>, where: string): Result<HostDoc> {
    const cls = this.classOf(json, where);
    return cls.ok ? this.host(cls.value, json, where) : cls;
  }

  /**
   * One line read as its class part (an object shared by the lines of one
   * class text: decoded once per object) and its per-host part.
   */
  readParts(head: Record<string, unknown>, rest: Record<string, unknown>, where: string): Result<HostDoc> {
    let cls = this.byHead.get(head);
    if (!cls) {
      cls = this.classOf(head, where);
      this.byHead.set(head, cls);
    }
    return cls.ok ? this.host(cls.value, rest, where) : cls;
  }

  private classOf(json: Record<string, unknown>, where: string): Result<ClassPart> {
    const { arch, catalog, features, model, signature, release, accel } = json;
    if (typeof arch !== 'string' || typeof catalog !== 'string' || typeof features !== 'string' || typeof model !== 'string' || typeof signature !== 'string') {
      return bad(`${where}: a compact host document needs arch, catalog, features, model and signature strings`, `format '${COMPACT_HOST_FORMAT}' (cpumodels probe --compact writes it)`);
    }
    const key = `${arch}\u0000${catalog}\u0000${features}\u0000${model}\u0000${signature}\u0000${String(release)}\u0000${String(accel)}`;
    let cls = this.classes.get(key);
    if (!cls) {
      cls = decodeClass(arch, catalog, features, model, signature, { release, accel }, where);
      this.classes.set(key, cls);
    }
    return cls;
  }

  /** The per-host part (name, identity, source), checked for each host, on the class part. */
  private host(cls: ClassPart, json: Record<string, unknown>, where: string): Result<HostDoc> {
    const { name, identity, source } = json;
    if (name !== undefined && typeof name !== 'string') return bad(`${where}: name: expected a string`);
    if (!isObject(identity)) return bad(`${where}: identity: expected an object`);
    if (!isObject(source) || typeof source['kind'] !== 'string' || !SOURCE_KINDS.has(source['kind']) || typeof source['origin'] !== 'string' || (source['detail'] !== undefined && typeof source['detail'] !== 'string')) {
      return bad(`${where}: source: expected {kind, origin[, detail]} with kind one of ${[...SOURCE_KINDS].join(', ')}`);
    }
    return ok({
      format: HOST_DOC_FORMAT,
      arch: cls.arch,
      ...(name !== undefined ? { name } : {}),
      identity,
      model: cls.model,
      features: cls.features,
      signature: cls.signature,
      ...(cls.display !== undefined ? { display: cls.display } : {}),
      ...(cls.release !== undefined ? { release: cls.release } : {}),
      ...(cls.accel !== undefined ? { accel: cls.accel } : {}),
      source: source as HostDoc['source'],
    });
  }
}

/** `^[A-Za-z0-9+/]*={0,2}$`, without the regular expression (a fleet of ever new classes asks it once a line) */
function isBase64(s: string): boolean {
  let end = s.length;
  if (end && s.charCodeAt(end - 1) === 0x3d) end--;
  if (end && s.charCodeAt(end - 1) === 0x3d) end--;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f)) return false;
  }
  return true;
}

/** The class parts found valid, by all but their signature (which is checked on its own): the schema is asked once per kind of host. */
const validParts = new Map<string, Pick<HostDoc, 'arch' | 'release' | 'accel'>>();
const SIGNATURE = /^[0-9a-f]{16}$/;

/** A compact document's class part, validated as the verbose document's schema validates it (an error names `where`). */
export function validClassPart(arch: string, model: string, signature: string, extra: { release: unknown; accel: unknown }, where: string): Result<Pick<HostDoc, 'arch' | 'release' | 'accel'>> {
  const { release, accel } = extra;
  const plain = (release === undefined || typeof release === 'string') && (accel === undefined || typeof accel === 'string') && SIGNATURE.test(signature);
  const key = plain ? `${arch}\u0000${model}\u0000${release === undefined ? '-' : `=${release}`}\u0000${accel === undefined ? '-' : `=${accel}`}` : undefined;
  const known = key === undefined ? undefined : validParts.get(key);
  if (known) return ok(known);
  const v = validateHostDoc({ format: HOST_DOC_FORMAT, arch, identity: {}, model, features: [], signature, ...extra, source: { kind: 'cpuinfo', origin: where } }, where);
  if (!v.ok) return v;
  const part = { arch: v.value.arch, ...(v.value.release !== undefined ? { release: v.value.release } : {}), ...(v.value.accel !== undefined ? { accel: v.value.accel } : {}) };
  if (key !== undefined && validParts.size < 4096) validParts.set(key, part);
  return ok(part);
}

function decodeClass(arch: string, catalog: string, features: string, model: string, signature: string, extra: { release: unknown; accel: unknown }, where: string): Result<ClassPart> {
  const k = catalogFor(arch);
  if (!k) return bad(`${where}: arch '${arch}' has no compact form`);
  if (catalog !== k.version) {
    return bad(`${where}: written against feature catalog '${catalog}', this cpumodels has '${k.version}'`, 'write the host again with this version: cpumodels probe --compact');
  }
  if (!isBase64(features)) return bad(`${where}: features: not base64`);
  const bytes = Buffer.from(features, 'base64');
  if (bytes.length !== (k.names.length + 7) >> 3) return bad(`${where}: features: ${bytes.length} bytes, the catalog ${k.version} needs ${(k.names.length + 7) >> 3}`);
  const names: string[] = [];
  const set = FeatureSet.empty(k.names.length);
  // byte by byte, bit i of byte b is feature 8b + i: the set's words take the bytes as they are (little-endian), and
  // only the bits that are set are visited for the list (in index order, as the catalog's); bits beyond the catalog
  // are left out here and refused below
  const words = set.words;
  const n = k.names.length;
  for (let b = 0; b < bytes.length; b++) {
    let v = bytes[b]!;
    if (b === bytes.length - 1 && n & 7) v &= (1 << (n & 7)) - 1;
    if (!v) continue;
    words[b >> 2]! |= v << ((b & 3) * 8);
    while (v) {
      names.push(k.names[b * 8 + 31 - Math.clz32(v & -v)]!);
      v &= v - 1;
    }
  }
  if (k.names.length & 7 && bytes[bytes.length - 1]! >> (k.names.length & 7)) return bad(`${where}: features: bits set beyond the catalog's ${k.names.length} features`);
  // the class part as a verbose document, validated once; its features are the catalog's own
  // names, so the list is left out of the check (it cannot fail) and put in after
  const v = validClassPart(arch, model, signature, extra, where);
  if (!v.ok) return v;
  const { release, accel } = v.value;
  // the list is the class's, shared by its hosts and never changed: whoever turns it back into a set gets this one
  rememberSet(names, k.catalog, set);
  return ok({ arch: v.value.arch, model, features: names, signature, display: `${model}@${signature}`, ...(release !== undefined ? { release } : {}), ...(accel !== undefined ? { accel } : {}) });
}

/**
 * Host documents from a text that is NDJSON (one document per line, either
 * form) or one compact document; undefined for any other text (a verbose
 * document, XML, /proc files …: the caller's readers take those).
 */
export function readHostLinesIfAny(text: string, file: string): Result<HostDoc[]> | undefined {
  const t = text.trimStart();
  if (!t.startsWith('{')) return undefined;
  // NDJSON: the first line is a whole object and more follows
  const nl = t.indexOf('\n');
  if (nl > 0 && t.slice(nl).trim()) {
    let first: unknown;
    try {
      first = JSON.parse(t.slice(0, nl));
    } catch {
      first = undefined;
    }
    if (isObject(first)) return readHostLines(text, file);
  }
  let whole: unknown;
  try {
    whole = JSON.parse(t);
  } catch {
    return undefined;
  }
  if (isObject(whole) && whole['format'] === COMPACT_HOST_FORMAT) {
    const d = new CompactReader().read(whole, file);
    return d.ok ? ok([d.value]) : d;
  }
  return undefined;
}

/**
 * Values memoised by the text they were read from. The last few texts are
 * compared first (a fleet file cycles through a few kinds of host; comparing
 * costs less than hashing a fresh line's text for the map).
 */
class TextMemo<T> {
  private readonly map = new Memo<string, { value: T }>();
  private readonly recent: { text: string; value: T }[] = [];
  private next = 0;

  get(text: string, make: (text: string) => T): T {
    for (const r of this.recent) if (r.text === text) return r.value;
    let value = this.map.get(text)?.value;
    if (value === undefined) {
      value = make(text);
      this.map.set(text, { value });
    }
    const entry = { text, value: value as T };
    if (this.recent.length < 8) this.recent.push(entry);
    else this.recent[this.next++ & 7] = entry;
    return value as T;
  }
}

/** The members of a compact document every host of a class shares; the others are per host. */
const CLASS_KEYS: ReadonlySet<string> = new Set(['format', 'arch', 'catalog', 'features', 'model', 'signature', 'release', 'accel']);
/** Where a line written by `probe --compact` turns from the class part to the per-host part. */
const HOST_PART = ',"name":';

/**
 * A compact line as its class part (the text before `,"name":`, read once per
 * distinct text) and its per-host part (parsed per line). Together the two
 * objects are exactly the line's members, so the result is JSON.parse's;
 * undefined when the line is not of that shape (the caller parses it whole).
 */
function splitCompactLine(s: string, heads: TextMemo<Record<string, unknown> | null>, identities: TextMemo<Record<string, unknown> | null>): { head: Record<string, unknown>; rest: Record<string, unknown> } | undefined {
  const cut = s.indexOf(HOST_PART);
  if (cut < 0) return undefined;
  const cls = heads.get(s.slice(0, cut), (head) => {
    try {
      const h: unknown = JSON.parse(`${head}}`);
      if (isObject(h) && h['format'] === COMPACT_HOST_FORMAT && Object.keys(h).every((k) => CLASS_KEYS.has(k))) return h;
    } catch {
      /* not a complete head: parse the line whole */
    }
    return null;
  });
  if (!cls) return undefined;
  const quick = hostPart(s, cut + HOST_PART.length, identities);
  if (quick) return { head: cls, rest: quick };
  let rest: unknown;
  try {
    rest = JSON.parse(`{${s.slice(cut + 1)}`);
  } catch {
    return undefined;
  }
  if (!isObject(rest) || Object.keys(rest).some((k) => CLASS_KEYS.has(k))) return undefined;
  return { head: cls, rest };
}

const IDENTITY_PART = ',"identity":';
const SOURCE_PART = ',"source":';

/**
 * The per-host part as `probe --compact` writes it — `"name":"…"` (no
 * escapes), `"identity":{…}`, `"source":{…}` and the line's closing brace —
 * with each distinct identity text parsed once (the hosts of one kind of
 * machine share it, and the object: nothing changes a document's identity).
 * Each part must be a whole JSON value, so the members are JSON.parse's of
 * the line; undefined for any other shape (the caller parses the part whole).
 */
function hostPart(s: string, at: number, identities: TextMemo<Record<string, unknown> | null>): Record<string, unknown> | undefined {
  if (s.charCodeAt(at) !== 0x22 /* " */) return undefined;
  const q = s.indexOf('"', at + 1);
  if (q < 0) return undefined;
  const name = own(s.slice(at + 1, q));
  if (name.includes('\\') || !s.startsWith(IDENTITY_PART, q + 1)) return undefined;
  const idAt = q + 1 + IDENTITY_PART.length;
  const srcCut = s.indexOf(SOURCE_PART, idAt);
  if (srcCut < 0 || s.charCodeAt(s.length - 1) !== 0x7d /* } */) return undefined;
  const identity = identities.get(s.slice(idAt, srcCut), (text) => {
    try {
      const v: unknown = JSON.parse(text);
      return isObject(v) ? v : null;
    } catch {
      return null;
    }
  });
  if (!identity) return undefined;
  const srcText = s.slice(srcCut + SOURCE_PART.length, s.length - 1);
  let source: unknown = plainSource(srcText);
  if (!source) {
    try {
      source = JSON.parse(srcText);
    } catch {
      return undefined;
    }
  }
  return { name, identity, source };
}

/**
 * A string cut from a line as a string of its own. V8 makes a cut of 13
 * characters or more a view of the whole text it was cut from; a host's name
 * kept by the fleet would then keep its file's text (64 KiB per chunk) alive,
 * and a stream would hold the file after all. A cut of a new string is a view
 * of that one only.
 */
export const own = (s: string): string => (s.length < 13 ? s : ` ${s}`.slice(1));

const KIND_PART = '{"kind":"';
const ORIGIN_PART = '","origin":"';

/** `{"kind":"…","origin":"…"}` with plain strings (no escapes), as JSON.parse reads it; undefined for anything else. */
function plainSource(t: string): { kind: string; origin: string } | undefined {
  if (!t.startsWith(KIND_PART) || !t.endsWith('"}')) return undefined;
  const o = t.indexOf(ORIGIN_PART, KIND_PART.length);
  if (o < 0) return undefined;
  const kind = t.slice(KIND_PART.length, o);
  const origin = own(t.slice(o + ORIGIN_PART.length, t.length - 2));
  if (kind.includes('"') || kind.includes('\\') || origin.includes('"') || origin.includes('\\')) return undefined;
  return { kind, origin };
}

/** Where a verbose line written by `probe --json | jq -c` (or JSON.stringify of one) starts, up to its arch. */
const VERBOSE_HEAD = `{"format":"${HOST_DOC_FORMAT}","arch":"`;
const NAME_PART = '","name":"';
const IDENTITY_MEMBER = ',"identity":';
/** What a verbose line's middle (identity … the members before source) may not hold: they are read from the line's ends. */
const VERBOSE_ENDS: ReadonlySet<string> = new Set(['format', 'arch', 'name', 'source']);

/**
 * Reads host documents of either form one line at a time, whatever reads the
 * lines (a whole text, or a file in chunks): what the hosts of one class
 * share is read and validated once per distinct text, the rest per line.
 */
export class HostLineReader {
  private readonly reader = new CompactReader();
  private readonly heads = new TextMemo<Record<string, unknown> | null>();
  private readonly identities = new TextMemo<Record<string, unknown> | null>();
  /** a verbose line's middle (arch, identity … the members before source), validated once per distinct text */
  private readonly middles = new TextMemo<HostDoc | null>();
  /** host documents read so far */
  count = 0;

  constructor(private readonly file: string) {}

  /** The document on line `n` (undefined for a blank line), or the error naming `file:n`. */
  line(s: string, n: number): Result<HostDoc> | undefined {
    if (!/\S/.test(s)) return undefined;
    const where = `${this.file}:${n}`;
    const parts = splitCompactLine(s, this.heads, this.identities);
    let d: Result<HostDoc> | undefined;
    if (parts) d = this.reader.readParts(parts.head, parts.rest, where);
    else d = this.verbose(s, where);
    if (!d) {
      let json: unknown;
      try {
        json = JSON.parse(s);
      } catch (e) {
        return bad(`${where}: malformed JSON: ${(e as Error).message}`, 'one host document per line (NDJSON)', 'malformed-json');
      }
      if (!isObject(json)) return bad(`${where}: expected a host document (a JSON object)`);
      d = json['format'] === COMPACT_HOST_FORMAT ? this.reader.read(json, where) : validateHostDoc(json, where);
    }
    if (d.ok) this.count++;
    return d;
  }

  /** What a whole text ends with: an error when it held no host document. */
  end(): Result<void> {
    return this.count ? ok(undefined) : bad(`${this.file}: no host documents`);
  }

  /**
   * A verbose line as `probe --json` writes its members — format, arch, a
   * plain name, then identity and the rest, a plain source last — read as
   * its middle (validated once per distinct text: the hosts of one class
   * share it, the feature list included) and its name and source. Each part
   * is a whole JSON value and the middle holds none of the others' members,
   * so the document is what JSON.parse and validateHostDoc give; undefined
   * for any other shape or any invalid part (the caller reads the line whole
   * and names what is wrong).
   */
  private verbose(s: string, where: string): Result<HostDoc> | undefined {
    if (!s.startsWith(VERBOSE_HEAD)) return undefined;
    const archEnd = s.indexOf(NAME_PART, VERBOSE_HEAD.length);
    if (archEnd < 0) return undefined;
    const arch = s.slice(VERBOSE_HEAD.length, archEnd);
    const nameAt = archEnd + NAME_PART.length;
    const q = s.indexOf('"', nameAt);
    if (q < 0 || !s.startsWith(IDENTITY_MEMBER, q + 1)) return undefined;
    const name = own(s.slice(nameAt, q));
    const srcCut = s.lastIndexOf(SOURCE_PART);
    if (srcCut < q || arch.includes('"') || arch.includes('\\') || name.includes('\\') || s.charCodeAt(s.length - 1) !== 0x7d /* } */) return undefined;
    const source = plainSource(s.slice(srcCut + SOURCE_PART.length, s.length - 1));
    if (!source || !SOURCE_KINDS.has(source.kind)) return undefined;
    const middle = this.middles.get(`${arch}\u0000${s.slice(q + 2, srcCut)}`, (key) => {
      const cut = key.indexOf('\u0000');
      let m: unknown;
      try {
        m = JSON.parse(`{${key.slice(cut + 1)}}`);
      } catch {
        return null;
      }
      if (!isObject(m) || Object.keys(m).some((k) => VERBOSE_ENDS.has(k))) return null;
      const v = validateHostDoc({ format: HOST_DOC_FORMAT, arch: key.slice(0, cut), name: '', ...m, source: { kind: 'cpuinfo', origin: '' } }, where);
      return v.ok ? v.value : null;
    });
    if (!middle) return undefined;
    // the schema's member order, as validateHostDoc gives it
    const { format, identity, model, features, signature, display, delta, release, accel, notes } = middle;
    return ok({
      format,
      arch: middle.arch,
      name,
      identity,
      model,
      features,
      signature,
      ...(display !== undefined ? { display } : {}),
      ...(delta !== undefined ? { delta } : {}),
      ...(release !== undefined ? { release } : {}),
      ...(accel !== undefined ? { accel } : {}),
      source: source as HostDoc['source'],
      ...(notes !== undefined ? { notes } : {}),
    });
  }
}

/** Host documents of either form, one per line (blank lines skipped). */
export function readHostLines(text: string, file: string): Result<HostDoc[]> {
  const reader = new HostLineReader(file);
  const docs: HostDoc[] = [];
  let line = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const d = reader.line(text.slice(start, end), ++line);
    start = end + 1;
    if (!d) continue;
    if (!d.ok) return d;
    docs.push(d.value);
  }
  const e = reader.end();
  return e.ok ? ok(docs) : e;
}
