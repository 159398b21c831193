/**
 * A compact line read in place: what `probe --compact` writes, one host per
 * line, scanned without a document, a string per member or a JSON parse —
 * for a fleet file of ever new classes, where the host-line reader
 * (compact.ts, HostLineReader) pays a parse and a document per class.
 *
 * The scanner takes only the exact shape the writer gives (toCompact and
 * JSON.stringify: members in its order, strings without escapes or control
 * characters, features as padded base64 of the catalog's byte count, a plain
 * `{"kind","origin"}` source) and answers false for anything else; the
 * caller then reads that line the general way. What it takes it checks as
 * the reader does — the catalog version, the base64 alphabet and length, no
 * bit beyond the catalog, a 16-digit signature, the class part's schema (once
 * per distinct model, release and accelerator), the identity a JSON object
 * (parsed once per distinct text), the source kind one of the schema's — so a
 * line it takes is the host the reader gives, member for member (tested line
 * by line against it, compact-scan.test.ts).
 */
import type { FeatureCatalog } from '../core/catalog.js';
import { compactCatalog, COMPACT_HOST_FORMAT, Memo, SOURCE_KINDS, validClassPart } from './compact.js';

/** One distinct identity text and what it parsed to; `derived` is the caller's (what it makes of the identity, once). */
export interface ScannedIdentity {
  readonly text: string;
  readonly identity: Record<string, unknown>;
  derived?: unknown;
}

/** One distinct class part (model, release, accelerator), validated; `derived` as above. */
export interface ScannedPart {
  readonly model: string;
  readonly release: string | undefined;
  readonly accel: 'kvm' | 'tcg' | undefined;
  derived?: unknown;
}

const B64 = (() => {
  const t = new Int8Array(128).fill(-1);
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < a.length; i++) t[a.charCodeAt(i)] = i;
  return t;
})();

const MODEL = '","model":"';
const SIGNATURE = '","signature":"';
const RELEASE = ',"release":"';
const ACCEL = ',"accel":"';
const NAME = ',"name":"';
const IDENTITY = ',"identity":';
const SOURCE = ',"source":';
const KIND = '{"kind":"';
const ORIGIN = '","origin":"';

/** The value of hex digit c (lower case only, as the schema's signature), or -1. */
function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

/** Whether s[from, to) is a JSON string's text that needs no unescaping (no '\\', no control character). */
function plain(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x5c) return false;
  }
  return true;
}

export class CompactLineScanner {
  readonly catalog: FeatureCatalog;
  /** the line's feature set, as the catalog's set words (valid after a scan that answered true) */
  readonly words: Uint32Array;
  /** where the signature's 16 digits start, and their value as two 32-bit halves */
  sigAt = 0;
  sigHi = 0;
  sigLo = 0;
  nameAt = 0;
  nameEnd = 0;
  kindAt = 0;
  kindEnd = 0;
  originAt = 0;
  originEnd = 0;
  identity!: ScannedIdentity;
  part!: ScannedPart;

  private readonly head: string;
  private readonly chars: number;
  private readonly bytes: number;
  private readonly recentIds: ScannedIdentity[] = [];
  private nextId = 0;
  private readonly ids = new Memo<string, ScannedIdentity | null>();
  private readonly recentParts: ScannedPart[] = [];
  private nextPart = 0;
  private readonly parts = new Map<string, ScannedPart | null>();

  /** A scanner of one architecture's lines; undefined when it has no compact form. */
  static of(arch: string): CompactLineScanner | undefined {
    const k = compactCatalog(arch);
    return k ? new CompactLineScanner(arch, k.catalog, k.version) : undefined;
  }

  private constructor(
    readonly arch: string,
    catalog: FeatureCatalog,
    version: string,
  ) {
    this.catalog = catalog;
    this.head = JSON.stringify({ format: COMPACT_HOST_FORMAT, arch, catalog: version, features: '' }).slice(0, -2);
    this.bytes = (catalog.size + 7) >> 3;
    this.chars = 4 * Math.ceil(this.bytes / 3);
    this.words = new Uint32Array((catalog.size + 31) >>> 5);
  }

  /**
   * Reads line s in place: true when it is of the plain shape and valid (the
   * fields above then describe it); false for anything else, which the
   * general reader reads (and names what is wrong, if anything).
   */
  scan(s: string): boolean {
    if (!has(s, 0, this.head)) return false;
    const fAt = this.head.length;
    const fEnd = fAt + this.chars;
    if (!this.features(s, fAt)) return false;
    if (!has(s, fEnd, MODEL)) return false;
    const mAt = fEnd + MODEL.length;
    const mEnd = s.indexOf('"', mAt);
    if (mEnd < 0 || !has(s, mEnd, SIGNATURE)) return false;
    const sAt = mEnd + SIGNATURE.length;
    if (!this.signature(s, sAt) || s.charCodeAt(sAt + 16) !== 0x22) return false;
    let p = sAt + 17;
    let rAt = -1;
    let rEnd = -1;
    let aAt = -1;
    let aEnd = -1;
    if (has(s, p, RELEASE)) {
      rAt = p + RELEASE.length;
      rEnd = s.indexOf('"', rAt);
      if (rEnd < 0) return false;
      p = rEnd + 1;
    }
    if (has(s, p, ACCEL)) {
      aAt = p + ACCEL.length;
      aEnd = s.indexOf('"', aAt);
      if (aEnd < 0) return false;
      p = aEnd + 1;
    }
    const part = this.partOf(s, mAt, mEnd, rAt, rEnd, aAt, aEnd);
    if (!part) return false;
    if (!has(s, p, NAME)) return false;
    const nAt = p + NAME.length;
    const nEnd = s.indexOf('"', nAt);
    if (nEnd < 0 || !plain(s, nAt, nEnd) || !has(s, nEnd + 1, IDENTITY)) return false;
    const idAt = nEnd + 1 + IDENTITY.length;
    const id = this.identityAt(s, idAt);
    if (!id) return false;
    // the source, plain, and the line's end
    const srcAt = idAt + id.text.length + SOURCE.length;
    if (!has(s, srcAt, KIND)) return false;
    const kAt = srcAt + KIND.length;
    const kEnd = s.indexOf('"', kAt);
    if (kEnd < 0 || !has(s, kEnd, ORIGIN)) return false;
    const oAt = kEnd + ORIGIN.length;
    const oEnd = s.length - 3;
    if (oEnd < oAt || !s.endsWith('"}}') || s.indexOf('"', oAt) !== oEnd || !plain(s, oAt, oEnd) || !plain(s, kAt, kEnd)) return false;
    if (!this.kindKnown(s, kAt, kEnd)) return false;
    this.part = part;
    this.identity = id;
    this.nameAt = nAt;
    this.nameEnd = nEnd;
    this.kindAt = kAt;
    this.kindEnd = kEnd;
    this.originAt = oAt;
    this.originEnd = oEnd;
    return true;
  }

  /** The features' base64 at s[at…], into `words`: false unless it is the catalog's byte count, padded, and sets no bit beyond the catalog. */
  private features(s: string, at: number): boolean {
    const words = this.words;
    words.fill(0);
    const n = this.bytes;
    const end = at + this.chars;
    if (s.length <= end || s.charCodeAt(end) !== 0x22) return false;
    let b = 0;
    for (let i = at; i < end; i += 4) {
      const c0 = s.charCodeAt(i);
      const c1 = s.charCodeAt(i + 1);
      const c2 = s.charCodeAt(i + 2);
      const c3 = s.charCodeAt(i + 3);
      const v0 = c0 < 128 ? B64[c0]! : -1;
      const v1 = c1 < 128 ? B64[c1]! : -1;
      if ((v0 | v1) < 0) return false;
      // padding only where the byte count ends
      const left = n - b;
      let v2 = 0;
      let v3 = 0;
      if (left >= 2) {
        v2 = c2 < 128 ? B64[c2]! : -1;
        if (v2 < 0) return false;
      } else if (c2 !== 0x3d) return false;
      if (left >= 3) {
        v3 = c3 < 128 ? B64[c3]! : -1;
        if (v3 < 0) return false;
      } else if (c3 !== 0x3d) return false;
      const triple = (v0 << 18) | (v1 << 12) | (v2 << 6) | v3;
      const take = left < 3 ? left : 3;
      for (let k = 0; k < take; k++, b++) {
        const byte = (triple >>> (16 - 8 * k)) & 0xff;
        if (byte) words[b >> 2]! |= byte << ((b & 3) * 8);
      }
    }
    // bits beyond the catalog
    const size = this.catalog.size;
    if (size & 31) {
      const last = words.length - 1;
      if (words[last]! >>> (size & 31)) return false;
    }
    return true;
  }

  /** The signature's 16 lower-case hex digits at s[at…] as sigHi, sigLo. */
  private signature(s: string, at: number): boolean {
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < 8; i++) {
      const d = hexDigit(s.charCodeAt(at + i));
      if (d < 0) return false;
      hi = hi * 16 + d;
    }
    for (let i = 8; i < 16; i++) {
      const d = hexDigit(s.charCodeAt(at + i));
      if (d < 0) return false;
      lo = lo * 16 + d;
    }
    this.sigAt = at;
    this.sigHi = hi;
    this.sigLo = lo;
    return true;
  }

  /** The line's class part (model, release, accel), validated once per distinct value; undefined when invalid or not plain. */
  private partOf(s: string, mAt: number, mEnd: number, rAt: number, rEnd: number, aAt: number, aEnd: number): ScannedPart | undefined {
    for (const r of this.recentParts) {
      if (r.model.length === mEnd - mAt && has(s, mAt, r.model) && same(s, rAt, rEnd, r.release) && same(s, aAt, aEnd, r.accel)) return r;
    }
    if (!plain(s, mAt, mEnd) || (rAt >= 0 && !plain(s, rAt, rEnd)) || (aAt >= 0 && !plain(s, aAt, aEnd))) return undefined;
    const model = s.slice(mAt, mEnd);
    const release = rAt >= 0 ? s.slice(rAt, rEnd) : undefined;
    const accel = aAt >= 0 ? s.slice(aAt, aEnd) : undefined;
    const key = `${model}\u0000${release === undefined ? '-' : `=${release}`}\u0000${accel === undefined ? '-' : `=${accel}`}`;
    let part = this.parts.get(key);
    if (part === undefined) {
      const v = validClassPart(this.arch, model, s.slice(this.sigAt, this.sigAt + 16), { release, accel }, 'line');
      part = v.ok ? { model: ` ${model}`.slice(1), release: v.value.release, accel: v.value.accel } : null;
      if (this.parts.size < 4096) this.parts.set(key, part);
    }
    if (!part) return undefined;
    if (this.recentParts.length < 8) this.recentParts.push(part);
    else this.recentParts[this.nextPart++ & 7] = part;
    return part;
  }

  /** The identity whose text starts at s[at…] and ends before `,"source":`, parsed once per distinct text; undefined when it is no JSON object. */
  private identityAt(s: string, at: number): ScannedIdentity | undefined {
    for (const r of this.recentIds) {
      if (has(s, at, r.text) && has(s, at + r.text.length, SOURCE)) return r;
    }
    const cut = s.indexOf(SOURCE, at);
    if (cut < 0) return undefined;
    const text = ` ${s.slice(at, cut)}`.slice(1);
    let id = this.ids.get(text);
    if (id === undefined) {
      id = null;
      try {
        const v: unknown = JSON.parse(text);
        if (typeof v === 'object' && v !== null && !Array.isArray(v)) id = { text, identity: v as Record<string, unknown> };
      } catch {
        /* not an object: the general reader says what */
      }
      this.ids.set(text, id);
    }
    if (!id) return undefined;
    if (this.recentIds.length < 8) this.recentIds.push(id);
    else this.recentIds[this.nextId++ & 7] = id;
    return id;
  }

  private lastKind = '';

  /** Whether s[at, end) is one of the schema's source kinds. */
  private kindKnown(s: string, at: number, end: number): boolean {
    const k = this.lastKind;
    if (k && k.length === end - at && has(s, at, k)) return true;
    const kind = s.slice(at, end);
    if (!SOURCE_KINDS.has(kind)) return false;
    this.lastKind = kind;
    return true;
  }

  /** The source kind of the last line scanned. */
  kind(s: string): string {
    const k = this.lastKind;
    return k.length === this.kindEnd - this.kindAt && has(s, this.kindAt, k) ? k : s.slice(this.kindAt, this.kindEnd);
  }
}

/**
 * Whether s has t at i: a cut compared whole, which V8 does far faster than
 * startsWith with a position (measured: 100 characters, ~4 ns a character
 * with startsWith, a fraction of that cut and compared).
 */
function has(s: string, i: number, t: string): boolean {
  return s.slice(i, i + t.length) === t;
}

/** Whether s[at, end) is v (at < 0: v is undefined). */
function same(s: string, at: number, end: number, v: string | undefined): boolean {
  if (at < 0) return v === undefined;
  return v !== undefined && v.length === end - at && has(s, at, v);
}
