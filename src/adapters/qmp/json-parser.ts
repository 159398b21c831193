/**
 * QEMU's JSON parser (QEMU 7.2 qobject/json-parser.c, interpolation off):
 * a recursive descent over the tokens of one message, as the streamer
 * (json-streamer.ts) queued them. An independent implementation.
 *
 * Facts from json-parser.c: the first error wins and is reported as
 * "JSON parse error, <what>", formatted into a 1024-byte buffer: "expecting
 * value", "invalid keyword 'x'", "key is not a string in object", "missing
 * : in object pair", "duplicate key", "expected separator in dict|list",
 * "premature EOI", "invalid escape sequence in string", "<escape> is not a
 * valid Unicode character", "invalid UTF-8 sequence in string". Strings:
 * the escapes \" \' \\ \/ \b \f \n \r \t and \uXXXX (a surrogate pair
 * combines; noncharacters, lone surrogates and U+FDD0..U+FDEF are refused,
 * as unescaped ones are). Numbers: a JSON_INTEGER is an int64, else a
 * uint64, else a double; a JSON_FLOAT is a double.
 *
 * Values: objects are null-prototype objects (so "__proto__" is an ordinary
 * key), arrays, strings, numbers, booleans and null. Integers are exact, as
 * in QEMU's QNum: one in int64 or uint64 range that is not a safe JS integer
 * is a bigint, any other integer a number; an integer beyond both ranges is
 * a double. "-0" is the integer 0. A double (a JSON_FLOAT, or an integer
 * beyond both ranges) without a fraction is a QmpDouble ("1e3", "1.0",
 * "-0.0"), so that integer visitors can refuse it as QEMU's do; one with a
 * fraction is a plain number. "\u0000" gives
 * U+0000 (QEMU keeps it as the modified-UTF-8 pair C0 80 and writes it back
 * as \u0000).
 */
import { qmpDouble, type QmpDouble } from '../../core/qmp-json.js';
import {
  JSON_COLON,
  JSON_COMMA,
  JSON_FLOAT,
  JSON_INTEGER,
  JSON_KEYWORD,
  JSON_LCURLY,
  JSON_LSQUARE,
  JSON_RCURLY,
  JSON_RSQUARE,
  JSON_STRING,
} from './json-lexer.js';

/** The tokens of one message, in parallel arrays (see json-streamer.ts). */
export interface JsonTokenQueue {
  readonly count: number;
  readonly types: readonly number[];
  /** String tokens: without quotes when their flags are 0, else whole (see JsonLexer). */
  readonly texts: readonly string[];
  readonly flags: readonly number[];
}

/** A parse error; `message` is the whole reply text ("JSON parse error, ..."). */
export class JsonParseError {
  constructor(readonly message: string) {}
}

/** parse_error(): QEMU formats the message into a 1024-byte buffer. */
function parseError(message: string): JsonParseError {
  // Only keyword messages get this long, and keywords are ASCII.
  if (message.length > 1023) message = message.slice(0, 1023);
  return new JsonParseError('JSON parse error, ' + message);
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * A JSON_INTEGER as QEMU's parser keeps it: int64, else uint64, else a
 * double. Safe integers are numbers; other int64/uint64 values are bigints,
 * so that they are neither rounded nor printed differently.
 */
export function integerValue(text: string): number | bigint | QmpDouble {
  const v = Number(text);
  if (Number.isSafeInteger(v)) return v === 0 ? 0 : v;
  const b = BigInt(text);
  return b >= INT64_MIN && b <= UINT64_MAX ? b : qmpDouble(v);
}

/** A JSON_FLOAT as QEMU's parser keeps it: a double (strtod), boxed when whole-valued (QmpDouble). */
export function floatValue(text: string): number | QmpDouble {
  return qmpDouble(Number(text));
}

/** The one-character escapes QEMU's parser accepts, by the code of the escaped character. */
const SIMPLE_ESCAPES: Readonly<Record<number, string>> = {
  0x22: '"',
  0x27: "'",
  0x5c: '\\',
  0x2f: '/',
  0x62: '\b',
  0x66: '\f',
  0x6e: '\n',
  0x72: '\r',
  0x74: '\t',
};

/** QEMU's is_valid_codepoint (util/unicode.c). */
function validCodepoint(cp: number): boolean {
  if (cp < 0 || cp > 0x10ffff) return false;
  if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return false;
  return !(cp >= 0xd800 && cp <= 0xdfff);
}

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** QEMU's cvt4hex: four hex digits at s[i..], or -1 (it stops at the token end). */
function cvt4hex(s: string, i: number): number {
  let cp = 0;
  for (let k = 0; k < 4; k++) {
    const v = i + k < s.length ? hexVal(s.charCodeAt(i + k)) : -1;
    if (v < 0) return -1;
    cp = (cp << 4) | v;
  }
  return cp;
}

/** parse_string() on a whole string token (quotes included). */
export function decodeString(raw: string): string {
  const end = raw.length - 1; // the closing quote
  const parts: string[] = [];
  let run = 1; // start of the current run of plain characters
  let i = 1;
  while (i < end) {
    const c = raw.charCodeAt(i);
    if (c === 0x5c) {
      if (i > run) parts.push(raw.slice(run, i));
      const beg = i;
      const e = raw.charCodeAt(i + 1);
      i += 2;
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) {
        parts.push(simple);
      } else if (e === 0x75) {
        let cp = cvt4hex(raw, i);
        i += 4;
        if (cp >= 0xd800 && cp <= 0xdbff && raw.charCodeAt(i) === 0x5c && raw.charCodeAt(i + 1) === 0x75) {
          const trailing = cvt4hex(raw, i + 2);
          if (trailing >= 0xdc00 && trailing <= 0xdfff) {
            cp = 0x10000 + ((cp & 0x3ff) << 10) + (trailing & 0x3ff);
            i += 6;
          } else {
            cp = -1;
          }
        }
        // "%.*s": the escape as far as it went, but not past the token
        if (!validCodepoint(cp)) throw parseError(`${raw.slice(beg, Math.min(i, raw.length))} is not a valid Unicode character`);
        parts.push(String.fromCodePoint(cp));
      } else {
        throw parseError('invalid escape sequence in string');
      }
      run = i;
      continue;
    }
    if (c >= 0xd800) {
      // mod_utf8_codepoint(): surrogates and noncharacters are refused
      let cp = c;
      let len = 1;
      if (c <= 0xdbff) {
        const d = i + 1 < end ? raw.charCodeAt(i + 1) : 0;
        if (d >= 0xdc00 && d <= 0xdfff) {
          cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          len = 2;
        }
      }
      if (!validCodepoint(cp)) throw parseError('invalid UTF-8 sequence in string');
      i += len;
      continue;
    }
    i++;
  }
  if (end > run) parts.push(raw.slice(run, end));
  return parts.length === 1 ? parts[0]! : parts.join('');
}

/** json_parser_parse(): one value from a queue of tokens. Throws JsonParseError. */
export class JsonParser {
  // the queue being parsed
  private count = 0;
  private types: readonly number[] = [];
  private texts: readonly string[] = [];
  private flags: readonly number[] = [];
  private pos = 0;

  parse(queue: JsonTokenQueue): unknown {
    this.count = queue.count;
    this.types = queue.types;
    this.texts = queue.texts;
    this.flags = queue.flags;
    this.pos = 0;
    return this.value();
  }

  private value(): unknown {
    const p = this.pos;
    if (p >= this.count) throw parseError('premature EOI');
    switch (this.types[p]) {
      case JSON_LCURLY:
        return this.object();
      case JSON_LSQUARE:
        return this.array();
      case JSON_STRING:
        this.pos = p + 1;
        return this.flags[p] === 0 ? this.texts[p] : decodeString(this.texts[p]!);
      case JSON_INTEGER:
        this.pos = p + 1;
        return integerValue(this.texts[p]!);
      case JSON_FLOAT:
        this.pos = p + 1;
        return floatValue(this.texts[p]!);
      case JSON_KEYWORD: {
        this.pos = p + 1;
        const kw = this.texts[p]!;
        if (kw === 'true') return true;
        if (kw === 'false') return false;
        if (kw === 'null') return null;
        throw parseError(`invalid keyword '${kw}'`);
      }
      default:
        throw parseError('expecting value');
    }
  }

  private object(): Record<string, unknown> {
    const dict = Object.create(null) as Record<string, unknown>;
    this.pos++; // '{'
    if (this.pos >= this.count) throw parseError('premature EOI');
    if (this.types[this.pos] === JSON_RCURLY) {
      this.pos++;
      return dict;
    }
    this.pair(dict);
    for (;;) {
      if (this.pos >= this.count) throw parseError('premature EOI');
      const t = this.types[this.pos++];
      if (t === JSON_RCURLY) return dict;
      if (t !== JSON_COMMA) throw parseError('expected separator in dict');
      this.pair(dict);
    }
  }

  private pair(dict: Record<string, unknown>): void {
    if (this.pos >= this.count) throw parseError('premature EOI');
    const key = this.value();
    if (typeof key !== 'string') throw parseError('key is not a string in object');
    if (this.pos >= this.count) throw parseError('premature EOI');
    if (this.types[this.pos++] !== JSON_COLON) throw parseError('missing : in object pair');
    const value = this.value();
    if (key in dict) throw parseError('duplicate key');
    dict[key] = value;
  }

  private array(): unknown[] {
    const list: unknown[] = [];
    this.pos++; // '['
    if (this.pos >= this.count) throw parseError('premature EOI');
    if (this.types[this.pos] === JSON_RSQUARE) {
      this.pos++;
      return list;
    }
    list.push(this.value());
    for (;;) {
      if (this.pos >= this.count) throw parseError('premature EOI');
      const t = this.types[this.pos++];
      if (t === JSON_RSQUARE) return list;
      if (t !== JSON_COMMA) throw parseError('expected separator in list');
      list.push(this.value());
    }
  }
}
