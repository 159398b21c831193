/**
 * QEMU's JSON lexer, as its QMP monitor runs it (QEMU 7.2 qobject/json-lexer.c,
 * interpolation off): a state-transition table over the input, one row per
 * state, one column per character, producing tokens for the streamer
 * (json-streamer.ts). An independent implementation of the same machine.
 *
 * The machine (facts from json-lexer.c):
 * - Each table entry is the next state, or a token type when a token is
 *   complete. An entry marked LOOKAHEAD does not consume the character: the
 *   token ended before it and the character is looked at again in the start
 *   state. A zero entry is JSON_ERROR: the token so far, bad character
 *   included, is handed over as an error and the lexer enters recovery.
 * - Tokens: { } [ ] : , strings in double or single quotes (any character
 *   from 0x20 up, backslash escapes any such character; the parser checks
 *   them), numbers (RFC 8259's grammar: a literal with '.', 'e' or 'E' is a
 *   JSON_FLOAT, otherwise a JSON_INTEGER), and keywords [a-z]+ (the parser
 *   decides which are valid). Whitespace is space, tab, CR and LF.
 * - Recovery skips input up to a structural character or an ASCII control
 *   character other than tab (newline included), which is then read in the
 *   start state. (Also the bytes 0xFE and 0xFF, which decoded text cannot
 *   hold.)
 * - A token that grows beyond MAX_TOKEN_SIZE (64 MiB) is handed over as it
 *   is (its type is the lexer's state, which the streamer rejects as too
 *   big) and the lexer restarts in the start state, mid-token.
 * - At end of input (flush) the lexer runs the table on a NUL without
 *   consuming it until it is back in the start state: a number or keyword
 *   in progress completes, anything else in progress is an error.
 *
 * We lex text (UTF-16 code units), not bytes: every non-ASCII code unit
 * reads the table column of a byte 0x80..0xFD (they all behave alike), and
 * sizes are counted as the UTF-8 bytes QEMU would have seen. An error
 * token that ends in a non-ASCII character holds, in QEMU, only its first
 * byte, which QEMU's JSON writer prints as U+FFFD; the lexer gives the text
 * that way.
 *
 * Ours, not QEMU's: a per-line bound. If the part of one line that belongs
 * to a value still pending (tokens queued in the streamer, or a token in
 * progress) grows beyond `maxLineBytes`, the lexer tells the streamer to
 * drop everything ("JSON parse error, line exceeds N bytes"), skips to the
 * next newline and resumes there. Whitespace between values and what
 * recovery skips do not count; the count restarts at every newline.
 */

// ---- token types (QEMU's JSONTokenType; JSON_ERROR is 0, as in QEMU) ------
export const JSON_ERROR = 0;
export const JSON_LCURLY = 20;
export const JSON_RCURLY = 21;
export const JSON_LSQUARE = 22;
export const JSON_RSQUARE = 23;
export const JSON_COLON = 24;
export const JSON_COMMA = 25;
export const JSON_INTEGER = 26;
export const JSON_FLOAT = 27;
export const JSON_KEYWORD = 28;
export const JSON_STRING = 29;
/** A token cut off at MAX_TOKEN_SIZE (QEMU passes its lexer state as the type). */
export const JSON_OVERSIZED = 30;

// ---- lexer states (QEMU's, in QEMU's order; below the token types) --------
const IN_RECOVERY = 1;
const IN_DQ_STRING_ESCAPE = 2;
const IN_DQ_STRING = 3;
const IN_SQ_STRING_ESCAPE = 4;
const IN_SQ_STRING = 5;
const IN_ZERO = 6;
const IN_EXP_DIGITS = 7;
const IN_EXP_SIGN = 8;
const IN_EXP_E = 9;
const IN_MANTISSA = 10;
const IN_MANTISSA_DIGITS = 11;
const IN_DIGITS = 12;
const IN_SIGN = 13;
const IN_KEYWORD = 14;
const IN_START = 15;
/** Ours: skipping the rest of a line that went over maxLineBytes (not in the table). */
const IN_SKIPLINE = 16;
const ROWS = 17;

/** The character is not consumed: the token ended before it. */
const LOOKAHEAD = 0x80;
/** The column every non-ASCII code unit reads (a byte 0x80..0xFD in QEMU). */
const NON_ASCII = 0x80;

// String token flags, for the parser's fast path.
/** The string holds a backslash escape. */
export const F_ESCAPE = 1;
/** The string holds a character the parser must check (surrogates, U+FDD0 and up). */
export const F_CHECK = 2;

/** QEMU's MAX_TOKEN_SIZE (json-lexer.c and json-streamer.c): 64 MiB. */
export const QEMU_JSON_MAX_TOKEN_SIZE = 64 * 1024 * 1024;

/** The transition table: TABLE[state << 8 | column]. */
const TABLE = buildTable();

function buildTable(): Uint8Array {
  const t = new Uint8Array(ROWS << 8); // 0 = JSON_ERROR
  const set = (state: number, chars: string | [number, number], to: number) => {
    if (typeof chars === 'string') {
      for (const ch of chars) t[(state << 8) | ch.charCodeAt(0)] = to;
    } else {
      for (let c = chars[0]; c <= chars[1]; c++) t[(state << 8) | c] = to;
    }
  };
  const all = (state: number, to: number) => set(state, [0, 0xff], to);
  const DIGITS = '0123456789';
  const STRUCTURAL = '[]{}:,';

  set(IN_RECOVERY, [0, 0x1f], IN_START | LOOKAHEAD);
  set(IN_RECOVERY, [0x20, 0xfd], IN_RECOVERY);
  set(IN_RECOVERY, [0xfe, 0xff], IN_START | LOOKAHEAD);
  set(IN_RECOVERY, '\t', IN_RECOVERY);
  set(IN_RECOVERY, STRUCTURAL, IN_START | LOOKAHEAD);

  for (const [esc, str, quote] of [
    [IN_DQ_STRING_ESCAPE, IN_DQ_STRING, '"'],
    [IN_SQ_STRING_ESCAPE, IN_SQ_STRING, "'"],
  ] as const) {
    set(esc, [0x20, 0xfd], str);
    set(str, [0x20, 0xfd], str);
    set(str, '\\', esc);
    set(str, quote, JSON_STRING);
  }

  all(IN_ZERO, JSON_INTEGER | LOOKAHEAD);
  set(IN_ZERO, DIGITS, JSON_ERROR);
  set(IN_ZERO, '.', IN_MANTISSA);

  all(IN_EXP_DIGITS, JSON_FLOAT | LOOKAHEAD);
  set(IN_EXP_DIGITS, DIGITS, IN_EXP_DIGITS);
  set(IN_EXP_SIGN, DIGITS, IN_EXP_DIGITS);
  set(IN_EXP_E, '+-', IN_EXP_SIGN);
  set(IN_EXP_E, DIGITS, IN_EXP_DIGITS);

  all(IN_MANTISSA_DIGITS, JSON_FLOAT | LOOKAHEAD);
  set(IN_MANTISSA_DIGITS, DIGITS, IN_MANTISSA_DIGITS);
  set(IN_MANTISSA_DIGITS, 'eE', IN_EXP_E);
  set(IN_MANTISSA, DIGITS, IN_MANTISSA_DIGITS);

  all(IN_DIGITS, JSON_INTEGER | LOOKAHEAD);
  set(IN_DIGITS, DIGITS, IN_DIGITS);
  set(IN_DIGITS, 'eE', IN_EXP_E);
  set(IN_DIGITS, '.', IN_MANTISSA);
  set(IN_SIGN, '0', IN_ZERO);
  set(IN_SIGN, '123456789', IN_DIGITS);

  all(IN_KEYWORD, JSON_KEYWORD | LOOKAHEAD);
  set(IN_KEYWORD, [0x61, 0x7a], IN_KEYWORD);

  set(IN_START, '"', IN_DQ_STRING);
  set(IN_START, "'", IN_SQ_STRING);
  set(IN_START, '0', IN_ZERO);
  set(IN_START, '123456789', IN_DIGITS);
  set(IN_START, '-', IN_SIGN);
  set(IN_START, '{', JSON_LCURLY);
  set(IN_START, '}', JSON_RCURLY);
  set(IN_START, '[', JSON_LSQUARE);
  set(IN_START, ']', JSON_RSQUARE);
  set(IN_START, ',', JSON_COMMA);
  set(IN_START, ':', JSON_COLON);
  set(IN_START, [0x61, 0x7a], IN_KEYWORD);
  set(IN_START, ' \t\r\n', IN_START);
  return t;
}

/** Where the lexer's tokens go (the streamer). */
export interface JsonTokenSink {
  /** Tokens queued for a value in progress (0: nothing pending). */
  readonly count: number;
  /**
   * One token: its type, its text (see JsonLexer for string tokens), its
   * size in UTF-8 bytes, and for strings its F_* flags. JSON_ERROR tokens
   * carry the text QEMU would print.
   */
  token(type: number, text: string, bytes: number, flags: number): void;
  /** Our line limit: drop whatever is pending and report `desc`. */
  abandon(desc: string): void;
  /** End of input, after the lexer flushed its last token. */
  endOfInput(): void;
}

export interface JsonLexerOptions {
  /** Our per-line bound (UTF-8 bytes) for a pending value; Infinity for none. */
  maxLineBytes: number;
}

/** UTF-8 bytes of a non-ASCII UTF-16 code unit beyond the first (a surrogate pair: 2 + 2). */
function extraBytes(c: number): number {
  return c < 0x800 ? 1 : c >= 0xd800 && c <= 0xdfff ? 1 : 2;
}

/**
 * The lexer. String tokens reach the sink without their quotes when their
 * flags are 0 (nothing to decode), else whole, quotes included.
 */
export class JsonLexer {
  private readonly maxLine: number;
  /** pend is checked against this: min(maxLine, MAX_TOKEN_SIZE), see limitHit(). */
  private readonly lim: number;
  private state = IN_START;
  /** Text of the token in progress from earlier chunks. */
  private tokPrefix = '';
  /** F_* flags of the string in progress. */
  private strFlags = 0;
  /**
   * UTF-8 bytes of the current line that belong to a pending value (0 while
   * nothing is pending); checked against maxLine.
   */
  private pend = 0;
  /** pend when the token in progress started. */
  private tokStartPend = 0;

  constructor(
    private readonly sink: JsonTokenSink,
    opts: JsonLexerOptions,
  ) {
    const m = opts.maxLineBytes;
    if (!(m >= 1)) throw new RangeError(`maxLineBytes must be at least 1, not ${m}`);
    this.maxLine = Math.floor(m); // Infinity: no line limit
    this.lim = Math.min(this.maxLine, QEMU_JSON_MAX_TOKEN_SIZE);
  }

  /** json_lexer_feed(): one chunk of text; tokens may span chunks. */
  feed(s: string): void {
    const sink = this.sink;
    const lim = this.lim;
    const n = s.length;
    let st = this.state;
    let pend = this.pend;
    let flags = this.strFlags;
    let i = 0;
    /** Index in s where the token in progress started (its earlier text is in tokPrefix). */
    let tokStart = 0;

    while (i < n) {
      let c: number;
      let next: number;
      if (st < IN_START && st > IN_RECOVERY) {
        // Inside a token: run through the characters that keep its state
        // (the common case), counting their bytes.
        const row = st << 8;
        c = s.charCodeAt(i);
        next = TABLE[row | (c < 0x80 ? c : NON_ASCII)]!;
        while (next === st) {
          i++;
          if (c >= 0x80) {
            pend += extraBytes(c);
            if (c >= 0xd800) flags |= F_CHECK;
          }
          if (++pend > lim) break;
          if (i >= n) break;
          c = s.charCodeAt(i);
          next = TABLE[row | (c < 0x80 ? c : NON_ASCII)]!;
        }
        if (next === st) {
          // the chunk ended, or a limit was hit
          if (pend > lim) {
            st = this.hit(st, pend);
            pend = this.pend;
          }
          continue;
        }
      } else if (st === IN_START) {
        c = s.charCodeAt(i);
        next = TABLE[(IN_START << 8) | (c < 0x80 ? c : NON_ASCII)]!;
        if (sink.count === 0) pend = 0;
        if (next >= IN_START) {
          // Whitespace and structural characters: the start state's common
          // work, run through without leaving it.
          for (;;) {
            i++;
            if (next === IN_START) {
              // whitespace between tokens
              if (c === 0x0a) pend = 0;
              else if (sink.count !== 0 && ++pend > lim) break;
            } else {
              // a structural character
              sink.token(next, '', 1, 0);
              if (sink.count === 0) pend = 0;
              else if (++pend > lim) break;
            }
            if (i >= n) break;
            c = s.charCodeAt(i);
            next = TABLE[(IN_START << 8) | (c < 0x80 ? c : NON_ASCII)]!;
            if (sink.count === 0) pend = 0;
            if (next < IN_START) break;
          }
          if (pend > lim) {
            st = this.hit(st, pend);
            pend = this.pend;
            continue;
          }
          // on to the token that starts at c, if the chunk goes on
          if (i >= n || next >= IN_START) continue;
        }
      } else if (st === IN_RECOVERY) {
        // Skip what the table says to skip; nothing is pending, nothing counted.
        c = s.charCodeAt(i);
        next = TABLE[(IN_RECOVERY << 8) | (c < 0x80 ? c : NON_ASCII)]!;
        while (next === IN_RECOVERY && ++i < n) {
          c = s.charCodeAt(i);
          next = TABLE[(IN_RECOVERY << 8) | (c < 0x80 ? c : NON_ASCII)]!;
        }
        if (next === IN_RECOVERY) continue;
      } else {
        // IN_SKIPLINE (ours): to the next newline
        const nl = s.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
        if (nl >= 0) {
          st = IN_START;
          pend = 0;
        }
        continue;
      }

      // A transition out of the state st on c.
      if ((next & LOOKAHEAD) !== 0) {
        // Not consumed: a number or keyword ends before c, or recovery ends at c.
        const type = next & ~LOOKAHEAD;
        if (type !== IN_START) {
          const text = this.tokPrefix + s.slice(tokStart, i);
          this.tokPrefix = '';
          sink.token(type, text, text.length, 0);
        }
        st = IN_START;
        continue;
      }
      i++;
      if (next >= JSON_LCURLY) {
        // the closing quote of a string (structural characters are above)
        pend++;
        const text =
          flags !== 0
            ? this.tokPrefix + s.slice(tokStart, i)
            : this.tokPrefix === ''
              ? s.slice(tokStart + 1, i - 1)
              : this.tokPrefix.slice(1) + s.slice(0, i - 1);
        this.tokPrefix = '';
        st = IN_START;
        sink.token(JSON_STRING, text, pend - this.tokStartPend, flags);
        if (sink.count === 0) pend = 0;
        else if (pend > lim) {
          st = this.hit(st, pend);
          pend = this.pend;
        }
        continue;
      }
      if (next === JSON_ERROR) {
        if (st === IN_START) tokStart = i - 1;
        let text = this.tokPrefix + s.slice(tokStart, i);
        this.tokPrefix = '';
        // QEMU's token holds only the first byte of the bad character
        if (c >= 0x80) text = text.slice(0, -1) + '\uFFFD';
        sink.token(JSON_ERROR, text, 0, 0);
        st = IN_RECOVERY;
        pend = 0;
        continue;
      }
      // a token starts, or moves to another of its states
      if (st === IN_START) {
        this.tokStartPend = pend;
        this.tokPrefix = '';
        tokStart = i - 1;
        flags = 0;
      } else {
        if (next === IN_DQ_STRING_ESCAPE || next === IN_SQ_STRING_ESCAPE) flags |= F_ESCAPE;
        if (c >= 0x80) {
          pend += extraBytes(c);
          if (c >= 0xd800) flags |= F_CHECK;
        }
      }
      st = next;
      if (++pend > lim) {
        st = this.hit(st, pend);
        pend = this.pend;
      }
    }

    this.state = st;
    this.pend = pend;
    this.strFlags = flags;
    // The chunk ended inside a token: keep its text so far.
    if (st !== IN_START && st !== IN_RECOVERY && st !== IN_SKIPLINE) this.tokPrefix += s.slice(tokStart, n);
  }

  /** json_lexer_flush(): end of input. */
  flush(): void {
    let st = this.state;
    if (st === IN_SKIPLINE) st = IN_START;
    // Run the table on a NUL that is never consumed, back to the start state.
    while (st !== IN_START) {
      const next = TABLE[st << 8]! & ~LOOKAHEAD;
      if (next === JSON_ERROR) {
        this.sink.token(JSON_ERROR, this.tokPrefix, 0, 0);
        st = IN_RECOVERY;
      } else if (next >= JSON_LCURLY) {
        this.sink.token(next, this.tokPrefix, this.tokPrefix.length, 0);
        st = IN_START;
      } else {
        st = next;
      }
      this.tokPrefix = '';
    }
    this.state = IN_START;
    this.pend = 0;
    this.sink.endOfInput();
  }

  /** limitHit() from feed()'s locals: returns the new state, leaves the new pend in this.pend. */
  private hit(st: number, pend: number): number {
    this.state = st;
    this.pend = pend;
    this.limitHit();
    return this.state;
  }

  /** pend went past lim: our line limit, or QEMU's MAX_TOKEN_SIZE, or nothing yet. */
  private limitHit(): void {
    if (this.pend > this.maxLine) {
      this.tokPrefix = '';
      this.state = IN_SKIPLINE;
      this.pend = 0;
      this.sink.abandon(`JSON parse error, line exceeds ${this.maxLine} bytes`);
      return;
    }
    // Only with maxLineBytes over 64 MiB: QEMU hands over a token that grows
    // beyond MAX_TOKEN_SIZE (the streamer rejects it as too big) and goes on
    // in the start state, in the middle of the token.
    const st = this.state;
    const bytes = this.pend - this.tokStartPend;
    if (st !== IN_START && st !== IN_RECOVERY && bytes > QEMU_JSON_MAX_TOKEN_SIZE) {
      this.tokPrefix = '';
      this.state = IN_START;
      this.sink.token(JSON_OVERSIZED, '', bytes, 0);
      if (this.sink.count === 0) this.pend = 0;
    }
  }
}
