/**
 * QEMU's dictionary order.
 *
 * QEMU keeps JSON objects in a QDict: 512 hash buckets (tdb_hash of the key),
 * each a list that new entries join at the head, iterated bucket by bucket.
 * That order decides two visible things: the key order of every object QEMU
 * sends, and which of several bad members of an object QEMU complains about
 * first. We reproduce it so our replies are byte-for-byte QEMU's.
 */

const BUCKETS = 512;
const bucketCache = new Map<string, number>();

/** QEMU's tdb_hash(key) % 512. */
export function qdictBucket(key: string): number {
  let b = bucketCache.get(key);
  if (b !== undefined) return b;
  const bytes = Buffer.from(key, 'utf8');
  let v = Math.imul(0x238f13af, bytes.length) >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    v = (v + ((bytes[i]! << ((i * 5) % 24)) >>> 0)) >>> 0;
  }
  const h = (Math.imul(1103515243, v) + 12345) >>> 0;
  b = h % BUCKETS;
  if (bucketCache.size < 100_000) bucketCache.set(key, b);
  return b;
}

/** The iteration order of a QDict filled with `keys` in this insertion order. */
export function qdictOrder(keys: readonly string[]): string[] {
  const n = keys.length;
  if (n < 2) return [...keys];
  const idx = keys.map((k, i) => ({ k, i, b: qdictBucket(k) }));
  // bucket ascending; inside a bucket, the latest insertion first
  idx.sort((x, y) => x.b - y.b || y.i - x.i);
  return idx.map((e) => e.k);
}

/** The same object with its keys in QDict order (shallow). */
export function qdictReorder<T extends Record<string, unknown>>(obj: T): T {
  const keys = Object.keys(obj);
  if (keys.length < 2) return obj;
  const out: Record<string, unknown> = {};
  for (const k of qdictOrder(keys)) out[k] = obj[k];
  return out as T;
}

/**
 * A whole-valued double as QEMU's QNum holds it. QEMU's JSON lexer makes any
 * number literal with '.', 'e' or 'E' (and any integer beyond int64/uint64)
 * a double, and its integer visitors refuse a double whatever its value: so
 * `1e3` and `1.0` must not pass for the integers 1000 and 1. A double with a
 * fraction stays a plain (non-integer) number; only the whole-valued ones,
 * which a JS number cannot tell from integers, are boxed.
 */
export class QmpDouble {
  constructor(readonly value: number) {}
  /** JSON.stringify prints the number. */
  toJSON(): number {
    return this.value;
  }
}

/** A double read from QMP text: boxed when whole-valued (see QmpDouble). */
export const qmpDouble = (v: number): number | QmpDouble => (Number.isInteger(v) || Object.is(v, -0) ? new QmpDouble(v) : v);

/** Already-serialized QMP JSON, emitted verbatim (for replies that never change). */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * Serialize like QEMU's qobject_to_json: ": " and ", " separators, object
 * keys in QDict order, strings with non-ASCII characters escaped as \uXXXX.
 */
export function toQmpJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts, qdictOrder);
  return parts.join('');
}

/**
 * The same text with object keys in the order the value holds them: what
 * QEMU sent, for a value read from QEMU's output (used to compare our replies
 * to recorded ones as text).
 */
export function toQmpJsonAsIs(value: unknown): string {
  const parts: string[] = [];
  write(value, parts, (k) => k);
  return parts.join('');
}

function write(v: unknown, out: string[], order: (keys: string[]) => string[]): void {
  if (v instanceof RawJson) {
    out.push(v.text);
  } else if (v === null || v === undefined) {
    out.push('null');
  } else if (typeof v === 'string') {
    out.push(quote(v));
  } else if (typeof v === 'boolean') {
    out.push(v ? 'true' : 'false');
  } else if (v instanceof QmpDouble) {
    // QEMU prints a double with %.17g, which keeps the sign of -0
    out.push(Object.is(v.value, -0) ? '-0' : Number.isFinite(v.value) ? formatDouble(v.value) : 'null');
  } else if (typeof v === 'bigint') {
    out.push(String(v));
  } else if (typeof v === 'number') {
    out.push(Number.isFinite(v) ? (Number.isInteger(v) ? String(v) : formatDouble(v)) : 'null');
  } else if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push('[]');
      return;
    }
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i) out.push(', ');
      write(v[i], out, order);
    }
    out.push(']');
  } else if (typeof v === 'object') {
    const keys = order(Object.keys(v as object));
    if (keys.length === 0) {
      out.push('{}');
      return;
    }
    out.push('{');
    for (let i = 0; i < keys.length; i++) {
      if (i) out.push(', ');
      out.push(quote(keys[i]!), ': ');
      write((v as Record<string, unknown>)[keys[i]!], out, order);
    }
    out.push('}');
  } else {
    out.push('null');
  }
}

function formatDouble(v: number): string {
  // QEMU prints doubles with %.17g and makes sure they read back as doubles.
  let s = v.toPrecision(17);
  if (s.includes('e')) {
    const [m, e] = s.split('e') as [string, string];
    const mm = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const sign = e.startsWith('-') ? '-' : '+';
    const digits = e.replace(/^[-+]/, '').padStart(2, '0');
    s = `${mm}e${sign}${digits}`;
  } else if (s.includes('.')) {
    s = s.replace(/0+$/, '').replace(/\.$/, '');
  }
  return s;
}

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\uffff]/;

function quote(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let r = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x22:
        r += '\\"';
        break;
      case 0x5c:
        r += '\\\\';
        break;
      case 0x08:
        r += '\\b';
        break;
      case 0x0c:
        r += '\\f';
        break;
      case 0x0a:
        r += '\\n';
        break;
      case 0x0d:
        r += '\\r';
        break;
      case 0x09:
        r += '\\t';
        break;
      default:
        if (c < 0x20 || c >= 0x7f) r += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
        else r += s[i];
    }
  }
  return r + '"';
}

const BIG = '\u0000bigint:';
const BIG_TEXT = /"\\u0000bigint:(-?\d+)"/g;

/**
 * JSON.stringify that prints bigints as exact JSON integers (for --json
 * output and files; QMP replies use toQmpJson).
 */
export function toJsonText(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? BIG + v.toString() : v), indent);
  return text === undefined ? text! : text.replace(BIG_TEXT, '$1');
}

/** An exact integer as QMP values hold it: a number when it is a safe integer, else the bigint. */
export function exactInt(v: number | bigint): number | bigint {
  return typeof v === 'bigint' && v >= -Number.MAX_SAFE_INTEGER && v <= Number.MAX_SAFE_INTEGER ? Number(v) : v;
}
