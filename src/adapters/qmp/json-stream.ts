/**
 * QEMU's streaming JSON reader, as used by its QMP monitor.
 *
 * This reproduces the observable behaviour of QEMU 7.2's qobject/json-lexer.c,
 * qobject/json-streamer.c and qobject/json-parser.c with interpolation
 * disabled (QMP input): which values come out, which errors come out, in which
 * order, and with which text. It is an independent implementation, built for
 * speed: a char-code state machine over each chunk, token text taken as slices.
 *
 * How QEMU reads QMP input, in short:
 *
 * - The lexer splits the byte stream into tokens: { } [ ] : , strings
 *   (double- or single-quoted), numbers, and "keywords" ([a-z]+). Whitespace
 *   is space, tab, CR and LF. Anything else is a lexical error: QEMU reports
 *   "JSON parse error, stray '<token so far>'", drops everything pending, and
 *   skips input until a structural character or an ASCII control character
 *   other than tab (newline included), where it resumes.
 * - The streamer queues tokens, counting braces and brackets. As soon as both
 *   counts are back to zero, or either went negative, it hands the queue to
 *   the parser. So a top-level scalar is parsed on its own right away, and a
 *   lone '}' or ']' is parsed alone ("expecting value").
 * - Limits, checked for each token before it is queued: total token text
 *   (64 MiB), token count (2 Mi tokens), nesting depth (1024). Exceeding one
 *   drops the queue with "JSON token size limit exceeded", "JSON token count
 *   limit exceeded" or "JSON nesting depth limit exceeded"; lexing goes on
 *   where it was (so the closing brackets that follow each give an error).
 * - The parser is a recursive descent over the queue; its first error wins:
 *   "JSON parse error, expecting value", "... invalid keyword 'x'",
 *   "... duplicate key", "... premature EOI", and so on.
 *
 * Our own rule on top (not QEMU's): if the part of one line that belongs to a
 * value still pending grows beyond `maxLineBytes` (UTF-8 bytes), we report
 * "JSON parse error, line exceeds N bytes" once, drop the pending state, skip
 * to the next newline and resume there. Bytes only count while a value is in
 * progress: whitespace between values and the text QEMU skips while
 * recovering from an error do not count, and the count restarts at every
 * newline, so values spanning many lines and lines holding many values are
 * fine. This bounds what one line can make us buffer.
 *
 * Input is text (already decoded from UTF-8); sizes are computed as the UTF-8
 * bytes QEMU would have seen. Known differences that come from working on
 * text rather than bytes: invalid UTF-8 (already replaced by U+FFFD by the
 * decoder) cannot trigger QEMU's "invalid UTF-8 sequence in string" nor the
 * resynchronising bytes 0xFE/0xFF.
 *
 * Values: objects are null-prototype objects (so "__proto__" is an ordinary
 * key), arrays, strings, numbers, booleans and null. Integers are exact, as
 * in QEMU's QNum: one in int64 or uint64 range that is not a safe JS integer
 * is a bigint (18446744073709551552 stays 18446744073709551552), any other
 * integer a number; an integer beyond both ranges is a double, as in QEMU.
 * "-0" is the integer 0. A double (a literal with '.', 'e' or 'E', or an
 * integer beyond both ranges) without a fraction is a QmpDouble ("1e3",
 * "1.0", "-0.0"), so that QEMU's integer visitors can refuse it as QEMU's do;
 * one with a fraction is a plain number. "\u0000" gives U+0000 (QEMU keeps it as the
 * modified-UTF-8 pair C0 80 and writes it back as \u0000).
 */

import { qmpDouble, type QmpDouble } from '../../core/qmp-json.js';

/** The one-character escapes QEMU's parser accepts inside strings, by the code of the escaped character. */
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
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * An integer token as QEMU's parser keeps it: int64, else uint64, else a
 * double. Safe integers are numbers; other int64/uint64 values are bigints,
 * so that they are neither rounded nor printed differently.
 */
export function integerValue(text: string): number | bigint | QmpDouble {
  const v = Number(text);
  if (Number.isSafeInteger(v)) return v === 0 ? 0 : v;
  const b = BigInt(text);
  return b >= INT64_MIN && b <= UINT64_MAX ? b : qmpDouble(v);
}

const LONG_DIGITS = /\d{16}/;

/**
 * One JSON text parsed without losing integers (a bigint where a number
 * would round, see integerValue). JSON.parse checks the text (it throws on
 * anything but one valid JSON value); a text with 16 consecutive digits may
 * hold such an integer and is read again by QEMU's reader. For clients,
 * fixtures and tests: both sides of a comparison must be read this way.
 */
export function parseJsonExact(text: string): unknown {
  // JSON.parse decides what is valid JSON (QEMU's reader also takes 'single quotes')
  const plain: unknown = JSON.parse(text);
  if (!LONG_DIGITS.test(text)) return plain;
  const s = new JsonStream({ maxLineBytes: Infinity });
  const events = [...s.push(text), ...s.end()];
  if (events.length !== 1) throw new SyntaxError(`expected one JSON value, got ${events.length} events`);
  const e = events[0]!;
  if (e.kind === 'error') throw new SyntaxError(e.desc);
  return e.value;
}

export type JsonStreamEvent = { kind: 'value'; value: unknown } | { kind: 'error'; desc: string };

export interface JsonStreamOptions {
  /** Our per-line bound (UTF-8 bytes) for a pending value; default 1 MiB (1048576); Infinity for none. */
  maxLineBytes?: number;
}

/** QEMU's limits: MAX_TOKEN_SIZE, MAX_TOKEN_COUNT, MAX_NESTING. */
export const QEMU_JSON_MAX_TOKEN_SIZE = 64 * 1024 * 1024;
export const QEMU_JSON_MAX_TOKEN_COUNT = 2 * 1024 * 1024;
export const QEMU_JSON_MAX_NESTING = 1024;

const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

// Lexer states.
const S_START = 0;
const S_RECOVERY = 1;
const S_DQ = 2;
const S_DQ_ESC = 3;
const S_SQ = 4;
const S_SQ_ESC = 5;
const S_ZERO = 6;
const S_SIGN = 7;
const S_DIGITS = 8;
const S_MANTISSA = 9;
const S_MANTISSA_DIGITS = 10;
const S_EXP_E = 11;
const S_EXP_SIGN = 12;
const S_EXP_DIGITS = 13;
const S_KEYWORD = 14;
/** Ours: skipping the rest of an oversized line. */
const S_SKIPLINE = 15;

// Token types.
const T_LCURLY = 1;
const T_RCURLY = 2;
const T_LSQUARE = 3;
const T_RSQUARE = 4;
const T_COLON = 5;
const T_COMMA = 6;
const T_INTEGER = 7;
const T_FLOAT = 8;
const T_KEYWORD = 9;
const T_STRING = 10;

// String token flags.
/** Contains a backslash escape. */
const F_ESCAPE = 1;
/** Contains a character that needs checking (surrogate, U+FDD0.. and up). */
const F_CHECK = 2;

/** What a character does in the start state (ASCII only; others are errors). */
const A_ERROR = 0;
const A_WS = 1;
const A_NL = 2;
const A_STRUCT = 3;
const A_DQ = 4;
const A_SQ = 5;
const A_ZERO = 6;
const A_DIGIT = 7;
const A_MINUS = 8;
const A_KEYWORD = 9;

const START_ACTION = new Uint8Array(128);
const STRUCT_TYPE = new Uint8Array(128);
/** Characters where error recovery resynchronises (besides control chars). */
const RESYNC = new Uint8Array(128);
(() => {
  START_ACTION[0x20] = A_WS;
  START_ACTION[0x09] = A_WS;
  START_ACTION[0x0d] = A_WS;
  START_ACTION[0x0a] = A_NL;
  const structs: [string, number][] = [
    ['{', T_LCURLY],
    ['}', T_RCURLY],
    ['[', T_LSQUARE],
    [']', T_RSQUARE],
    [':', T_COLON],
    [',', T_COMMA],
  ];
  for (const [ch, t] of structs) {
    START_ACTION[ch.charCodeAt(0)] = A_STRUCT;
    STRUCT_TYPE[ch.charCodeAt(0)] = t;
    RESYNC[ch.charCodeAt(0)] = 1;
  }
  for (let c = 0; c < 0x20; c++) if (c !== 0x09) RESYNC[c] = 1;
  START_ACTION[0x22] = A_DQ;
  START_ACTION[0x27] = A_SQ;
  START_ACTION[0x30] = A_ZERO;
  for (let c = 0x31; c <= 0x39; c++) START_ACTION[c] = A_DIGIT;
  START_ACTION[0x2d] = A_MINUS;
  for (let c = 0x61; c <= 0x7a; c++) START_ACTION[c] = A_KEYWORD;
})();

/** UTF-8 bytes of a UTF-16 code unit beyond the first one (surrogates: 2 each, 4 a pair). */
function extraBytes(c: number): number {
  return c < 0x800 ? 1 : c >= 0xd800 && c <= 0xdfff ? 1 : 2;
}

/** One JSON_ERROR token's text, as it ends up in QEMU's reply. */
function strayText(text: string, errorCharIsLast: boolean): string {
  // QEMU formats the token with %s: it ends at the first NUL byte.
  const nul = text.indexOf('\0');
  if (nul >= 0) return text.slice(0, nul);
  if (errorCharIsLast && text.length > 0 && text.charCodeAt(text.length - 1) >= 0x80) {
    // Only the first byte of a multi-byte character made it into the token;
    // QEMU's JSON writer turns that lone byte into U+FFFD.
    return text.slice(0, text.length - 1) + '\uFFFD';
  }
  return text;
}

function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) n += extraBytes(c);
  }
  return n;
}

/** QEMU's is_valid_codepoint (util/unicode.c). */
function validCodepoint(cp: number): boolean {
  if (cp < 0 || cp > 0x10ffff) return false;
  if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return false;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  return true;
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

class ParseError {
  constructor(readonly message: string) {}
}

/** parse_error(): QEMU formats the message into a 1024-byte buffer. */
function parseError(message: string): ParseError {
  if (message.length > 1023 && utf8Length(message) > 1023) {
    // Only keyword messages get this long, and keywords are ASCII.
    message = message.slice(0, 1023);
  }
  return new ParseError('JSON parse error, ' + message);
}

/** parse_string() on a whole string token (quotes included), the slow path. */
function decodeString(raw: string): string {
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
        run = i;
        continue;
      }
      switch (e) {
        case 0x75: {
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
          if (!validCodepoint(cp)) {
            // "%.*s": the escape as far as it went, but not past the token
            throw parseError(`${raw.slice(beg, Math.min(i, raw.length))} is not a valid Unicode character`);
          }
          parts.push(String.fromCodePoint(cp));
          break;
        }
        default:
          throw parseError('invalid escape sequence in string');
      }
      run = i;
      continue;
    }
    if (c >= 0xd800) {
      // mod_utf8_codepoint(): reject surrogates and noncharacters
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

export class JsonStream {
  private readonly maxLine: number;
  /** pend is checked against this; min(maxLine, MAX_TOKEN_SIZE), see limitHit(). */
  private readonly lim: number;

  // lexer
  private state = S_START;
  /** Text of the current token from earlier chunks. */
  private tokPrefix = '';
  /** String token flags (F_*). */
  private strFlags = 0;
  /** pend when the current token started. */
  private tokStartPend = 0;
  /**
   * UTF-8 bytes of the current line that belong to a pending value (0 while
   * nothing is pending). Checked against maxLine.
   */
  private pend = 0;

  // streamer
  private braces = 0;
  private brackets = 0;
  private tokenSize = 0;
  /** The queue: ntok tokens, as type, text and (strings) flags. */
  private ntok = 0;
  private types: number[] = [];
  /** Structural tokens: ''. Strings: without quotes when flags are 0, else whole. */
  private texts: string[] = [];
  private flags: number[] = [];

  // parser
  private pos = 0;

  private out: JsonStreamEvent[] = [];

  constructor(opts?: JsonStreamOptions) {
    const m = opts?.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    if (!(m >= 1)) throw new RangeError(`maxLineBytes must be at least 1, not ${m}`);
    this.maxLine = Math.floor(m); // Infinity: no line limit
    this.lim = Math.min(this.maxLine, QEMU_JSON_MAX_TOKEN_SIZE);
  }

  /** Feed a chunk of text (may hold part of a value, or several values). Returns the events completed by it, in order. */
  push(chunk: string): JsonStreamEvent[] {
    const out: JsonStreamEvent[] = [];
    this.out = out;
    this.run(chunk);
    this.out = [];
    return out;
  }

  /** End of input: flush whatever is pending (QEMU's json_message_parser_flush semantics). */
  end(): JsonStreamEvent[] {
    const out: JsonStreamEvent[] = [];
    this.out = out;
    const st = this.state;
    const text = this.tokPrefix;
    this.tokPrefix = '';
    this.state = S_START;
    switch (st) {
      // tokens that end at any character end at the end of input, too
      case S_ZERO:
      case S_DIGITS:
        this.token(T_INTEGER, text, text.length, 0);
        break;
      case S_MANTISSA_DIGITS:
      case S_EXP_DIGITS:
        this.token(T_FLOAT, text, text.length, 0);
        break;
      case S_KEYWORD:
        this.token(T_KEYWORD, text, text.length, 0);
        break;
      // incomplete tokens are lexical errors (without a bad character)
      case S_DQ:
      case S_DQ_ESC:
      case S_SQ:
      case S_SQ_ESC:
      case S_SIGN:
      case S_MANTISSA:
      case S_EXP_E:
      case S_EXP_SIGN:
        this.stray(strayText(text, false));
        break;
      default:
        // S_START, S_RECOVERY, S_SKIPLINE
        break;
    }
    // JSON_END_OF_INPUT: whatever is queued goes to the parser
    if (this.ntok > 0) this.parseQueue();
    this.pend = 0;
    this.out = [];
    return out;
  }

  // ---- streamer -----------------------------------------------------------

  private emitError(desc: string): void {
    this.out.push({ kind: 'error', desc });
  }

  private resetQueue(): void {
    this.braces = 0;
    this.brackets = 0;
    // Keep the arrays for the next value, unless they are long or hold big
    // strings (stale entries beyond ntok are never read).
    if (this.ntok > 256 || this.tokenSize > 65536) {
      this.types = [];
      this.texts = [];
      this.flags = [];
    }
    this.tokenSize = 0;
    this.ntok = 0;
  }

  /** A JSON_ERROR token: report it and drop everything queued. */
  private stray(text: string): void {
    this.resetQueue();
    this.emitError(`JSON parse error, stray '${text}'`);
  }

  /** json_message_process_token() for a good token. */
  private token(type: number, text: string, bytes: number, flags: number): void {
    switch (type) {
      case T_LCURLY:
        this.braces++;
        break;
      case T_RCURLY:
        this.braces--;
        break;
      case T_LSQUARE:
        this.brackets++;
        break;
      case T_RSQUARE:
        this.brackets--;
        break;
    }
    if (this.tokenSize + bytes + 1 > QEMU_JSON_MAX_TOKEN_SIZE) {
      this.resetQueue();
      this.emitError('JSON token size limit exceeded');
      return;
    }
    if (this.ntok + 1 > QEMU_JSON_MAX_TOKEN_COUNT) {
      this.resetQueue();
      this.emitError('JSON token count limit exceeded');
      return;
    }
    if (this.brackets + this.braces > QEMU_JSON_MAX_NESTING) {
      this.resetQueue();
      this.emitError('JSON nesting depth limit exceeded');
      return;
    }
    const n = this.ntok;
    this.types[n] = type;
    this.texts[n] = text;
    this.flags[n] = flags;
    this.ntok = n + 1;
    this.tokenSize += bytes;
    if ((this.braces > 0 || this.brackets > 0) && this.braces >= 0 && this.brackets >= 0) return;
    this.parseQueue();
  }

  /** json_parser_parse() on the queue, then emit and reset. */
  private parseQueue(): void {
    this.pos = 0;
    let ev: JsonStreamEvent;
    try {
      ev = { kind: 'value', value: this.parseValue() };
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      ev = { kind: 'error', desc: e.message };
    }
    this.resetQueue();
    this.out.push(ev);
  }

  // ---- parser -------------------------------------------------------------

  private parseValue(): unknown {
    const p = this.pos;
    if (p >= this.ntok) throw parseError('premature EOI');
    switch (this.types[p]) {
      case T_LCURLY:
        return this.parseObject();
      case T_LSQUARE:
        return this.parseArray();
      case T_STRING: {
        this.pos = p + 1;
        return this.flags[p] === 0 ? this.texts[p] : decodeString(this.texts[p]!);
      }
      case T_INTEGER: {
        this.pos = p + 1;
        return integerValue(this.texts[p]!);
      }
      case T_FLOAT:
        this.pos = p + 1;
        return qmpDouble(Number(this.texts[p]));
      case T_KEYWORD: {
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

  private parseObject(): Record<string, unknown> {
    const dict = Object.create(null) as Record<string, unknown>;
    this.pos++; // '{'
    if (this.pos >= this.ntok) throw parseError('premature EOI');
    if (this.types[this.pos] === T_RCURLY) {
      this.pos++;
      return dict;
    }
    this.parsePair(dict);
    for (;;) {
      if (this.pos >= this.ntok) throw parseError('premature EOI');
      const t = this.types[this.pos++];
      if (t === T_RCURLY) return dict;
      if (t !== T_COMMA) throw parseError('expected separator in dict');
      this.parsePair(dict);
    }
  }

  private parsePair(dict: Record<string, unknown>): void {
    if (this.pos >= this.ntok) throw parseError('premature EOI');
    const key = this.parseValue();
    if (typeof key !== 'string') throw parseError('key is not a string in object');
    if (this.pos >= this.ntok) throw parseError('premature EOI');
    if (this.types[this.pos++] !== T_COLON) throw parseError('missing : in object pair');
    const value = this.parseValue();
    if (key in dict) throw parseError('duplicate key');
    dict[key] = value;
  }

  private parseArray(): unknown[] {
    const list: unknown[] = [];
    this.pos++; // '['
    if (this.pos >= this.ntok) throw parseError('premature EOI');
    if (this.types[this.pos] === T_RSQUARE) {
      this.pos++;
      return list;
    }
    list.push(this.parseValue());
    for (;;) {
      if (this.pos >= this.ntok) throw parseError('premature EOI');
      const t = this.types[this.pos++];
      if (t === T_RSQUARE) return list;
      if (t !== T_COMMA) throw parseError('expected separator in list');
      list.push(this.parseValue());
    }
  }

  // ---- lexer --------------------------------------------------------------

  /**
   * pend went past lim. Returns true when the state was changed (line
   * overflow, or QEMU's lexer token limit), false to carry on.
   */
  private limitHit(): boolean {
    if (this.pend > this.maxLine) {
      this.resetQueue();
      this.tokPrefix = '';
      this.state = S_SKIPLINE;
      this.pend = 0;
      this.emitError(`JSON parse error, line exceeds ${this.maxLine} bytes`);
      return true;
    }
    // Only with maxLineBytes > 64 MiB: QEMU's lexer hands over any token that
    // grows beyond MAX_TOKEN_SIZE; the streamer rejects it (it is too big) and
    // the lexer restarts in its start state, in the middle of the token.
    const st = this.state;
    if (st !== S_START && st !== S_RECOVERY && this.pend - this.tokStartPend > QEMU_JSON_MAX_TOKEN_SIZE) {
      this.resetQueue();
      this.tokPrefix = '';
      this.state = S_START;
      this.emitError('JSON token size limit exceeded');
      if (this.ntok === 0) this.pend = 0;
      return true;
    }
    return false;
  }

  private run(s: string): void {
    const n = s.length;
    let i = 0;
    // Index in s where the current token started; the token's text from
    // earlier chunks, if any, is in tokPrefix.
    let tokStart = 0;

    while (i < n) {
      switch (this.state) {
        case S_START: {
          while (i < n) {
            const c = s.charCodeAt(i);
            const a = c < 128 ? START_ACTION[c]! : A_ERROR;
            if (this.ntok === 0) this.pend = 0;
            if (a === A_WS) {
              i++;
              if (this.ntok !== 0 && ++this.pend > this.lim && this.limitHit()) break;
              continue;
            }
            if (a === A_NL) {
              i++;
              this.pend = 0;
              continue;
            }
            if (a === A_STRUCT) {
              i++;
              this.token(STRUCT_TYPE[c]!, '', 1, 0);
              if (this.ntok === 0) this.pend = 0;
              else if (++this.pend > this.lim && this.limitHit()) break;
              continue;
            }
            // a token starts, or a lexical error
            this.tokStartPend = this.pend;
            this.tokPrefix = '';
            tokStart = i;
            i++;
            if (a === A_ERROR) {
              this.stray(strayText(s.slice(tokStart, i), true));
              this.state = S_RECOVERY;
              this.pend = 0;
              break;
            }
            this.state = a === A_DQ ? S_DQ : a === A_SQ ? S_SQ : a === A_ZERO ? S_ZERO : a === A_DIGIT ? S_DIGITS : a === A_MINUS ? S_SIGN : S_KEYWORD;
            this.strFlags = 0;
            if (++this.pend > this.lim) this.limitHit();
            break;
          }
          break;
        }

        case S_RECOVERY: {
          // Skip to a structural or control character, which is then looked
          // at in the start state. Nothing is pending here, nothing counted.
          while (i < n) {
            const c = s.charCodeAt(i);
            if (c < 128 && RESYNC[c] === 1) {
              this.state = S_START;
              break;
            }
            i++;
          }
          break;
        }

        case S_SKIPLINE: {
          const nl = s.indexOf('\n', i);
          if (nl < 0) return;
          i = nl + 1;
          this.state = S_START;
          this.pend = 0;
          break;
        }

        case S_DQ:
        case S_SQ: {
          const quote = this.state === S_DQ ? 0x22 : 0x27;
          const lim = this.lim;
          let flags = this.strFlags;
          let pend = this.pend;
          let left = true; // still inside the string at the loop's end
          while (i < n) {
            let c = s.charCodeAt(i);
            if (c === quote) {
              i++;
              this.pend = pend + 1;
              // plain strings are queued without their quotes, others whole
              const text =
                flags !== 0
                  ? this.tokPrefix + s.slice(tokStart, i)
                  : this.tokPrefix === ''
                    ? s.slice(tokStart + 1, i - 1)
                    : this.tokPrefix.slice(1) + s.slice(0, i - 1);
              this.tokPrefix = '';
              this.state = S_START;
              this.token(T_STRING, text, this.pend - this.tokStartPend, flags);
              if (this.ntok === 0) this.pend = 0;
              else if (this.pend > lim) this.limitHit();
              left = false;
              break;
            }
            if (c === 0x5c) {
              flags |= F_ESCAPE;
              i++;
              if (++pend > lim) {
                this.pend = pend;
                if (this.limitHit()) {
                  left = false;
                  break;
                }
              }
              if (i >= n) {
                this.state = quote === 0x22 ? S_DQ_ESC : S_SQ_ESC;
                break;
              }
              // the escaped character: anything but a control character
              c = s.charCodeAt(i);
              if (c === quote || c === 0x5c) {
                i++;
                if (++pend > lim) {
                  this.pend = pend;
                  if (this.limitHit()) {
                    left = false;
                    break;
                  }
                }
                continue;
              }
            }
            if (c < 0x20) {
              // control character: a lexical error, the character included
              i++;
              this.strayToken(s, tokStart, i);
              left = false;
              break;
            }
            if (c >= 0x80) {
              pend += extraBytes(c);
              if (c >= 0xd800) flags |= F_CHECK;
            }
            i++;
            if (++pend > lim) {
              this.pend = pend;
              if (this.limitHit()) {
                left = false;
                break;
              }
            }
          }
          if (left) {
            this.pend = pend;
            this.strFlags = flags;
            i = n;
          }
          break;
        }

        case S_DQ_ESC:
        case S_SQ_ESC: {
          // a backslash ended the previous chunk
          const c = s.charCodeAt(i);
          i++;
          if (c < 0x20) {
            this.strayToken(s, tokStart, i);
            break;
          }
          if (c >= 0x80) {
            this.pend += extraBytes(c);
            if (c >= 0xd800) this.strFlags |= F_CHECK;
          }
          this.state = this.state === S_DQ_ESC ? S_DQ : S_SQ;
          if (++this.pend > this.lim) this.limitHit();
          break;
        }

        default: {
          // numbers and keywords (ASCII only)
          let st = this.state;
          let pend = this.pend;
          const lim = this.lim;
          let type = 0; // the token ended before s[i] (lookahead)
          let err = false; // s[i - 1] was bad
          let hit = false; // limitHit() changed the state
          while (i < n) {
            const c = s.charCodeAt(i);
            let next: number;
            switch (st) {
              case S_KEYWORD:
                next = c >= 0x61 && c <= 0x7a ? S_KEYWORD : -T_KEYWORD;
                break;
              case S_DIGITS:
                next =
                  c >= 0x30 && c <= 0x39
                    ? S_DIGITS
                    : c === 0x2e
                      ? S_MANTISSA
                      : c === 0x65 || c === 0x45
                        ? S_EXP_E
                        : -T_INTEGER;
                break;
              case S_ZERO:
                next = c >= 0x30 && c <= 0x39 ? -1 : c === 0x2e ? S_MANTISSA : -T_INTEGER;
                break;
              case S_SIGN:
                next = c === 0x30 ? S_ZERO : c >= 0x31 && c <= 0x39 ? S_DIGITS : -1;
                break;
              case S_MANTISSA:
                next = c >= 0x30 && c <= 0x39 ? S_MANTISSA_DIGITS : -1;
                break;
              case S_MANTISSA_DIGITS:
                next = c >= 0x30 && c <= 0x39 ? S_MANTISSA_DIGITS : c === 0x65 || c === 0x45 ? S_EXP_E : -T_FLOAT;
                break;
              case S_EXP_E:
                next = c === 0x2b || c === 0x2d ? S_EXP_SIGN : c >= 0x30 && c <= 0x39 ? S_EXP_DIGITS : -1;
                break;
              case S_EXP_SIGN:
                next = c >= 0x30 && c <= 0x39 ? S_EXP_DIGITS : -1;
                break;
              default: // S_EXP_DIGITS
                next = c >= 0x30 && c <= 0x39 ? S_EXP_DIGITS : -T_FLOAT;
                break;
            }
            if (next === -1) {
              i++;
              err = true;
              break;
            }
            if (next < 0) {
              type = -next;
              break;
            }
            st = next;
            i++;
            if (++pend > lim) {
              this.pend = pend;
              this.state = st;
              if (this.limitHit()) {
                hit = true;
                break;
              }
            }
          }
          if (hit) break;
          if (err) {
            this.strayToken(s, tokStart, i);
            break;
          }
          this.pend = pend;
          if (type !== 0) {
            const raw = this.tokPrefix + s.slice(tokStart, i);
            this.tokPrefix = '';
            this.state = S_START;
            this.token(type, raw, raw.length, 0);
            // the character after the token is looked at in the start state
            break;
          }
          // the chunk ended inside the token
          this.state = st;
          break;
        }
      }
    }
    // The chunk ended inside a token: keep its text so far.
    const st = this.state;
    if (st !== S_START && st !== S_RECOVERY && st !== S_SKIPLINE) this.tokPrefix += s.slice(tokStart, n);
  }

  /** The current token, up to s[end - 1] (the bad character), is a lexical error. */
  private strayToken(s: string, tokStart: number, end: number): void {
    const raw = this.tokPrefix + s.slice(tokStart, end);
    this.tokPrefix = '';
    this.stray(strayText(raw, true));
    this.state = S_RECOVERY;
    this.pend = 0;
  }
}
