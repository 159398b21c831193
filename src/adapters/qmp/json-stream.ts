/**
 * QEMU's streaming JSON reader, as its QMP monitor uses it: the lexer
 * (json-lexer.ts), the streamer (json-streamer.ts) and the parser
 * (json-parser.ts), split the way QEMU 7.2 splits qobject/json-lexer.c,
 * json-streamer.c and json-parser.c, put together behind one push/end
 * interface. It reproduces which values and which errors come out, in which
 * order and with which text; each part says what it models.
 *
 * Input is text (already decoded from UTF-8); sizes are computed as the
 * UTF-8 bytes QEMU would have seen. Known differences that come from
 * working on text rather than bytes: invalid UTF-8 (already replaced by
 * U+FFFD by the decoder) cannot trigger QEMU's "invalid UTF-8 sequence in
 * string" nor the resynchronising bytes 0xFE/0xFF.
 *
 * Our own rule on top (not QEMU's): a per-line bound on the part of a line
 * that belongs to a pending value (`maxLineBytes`, see json-lexer.ts).
 */
import { JsonLexer } from './json-lexer.js';
import { JsonParser } from './json-parser.js';
import { JsonStreamer, type JsonStreamEvent } from './json-streamer.js';

export { QEMU_JSON_MAX_TOKEN_SIZE } from './json-lexer.js';
export { integerValue } from './json-parser.js';
export { QEMU_JSON_MAX_NESTING, QEMU_JSON_MAX_TOKEN_COUNT, type JsonStreamEvent } from './json-streamer.js';

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

export interface JsonStreamOptions {
  /** Our per-line bound (UTF-8 bytes) for a pending value; default 1 MiB (1048576); Infinity for none. */
  maxLineBytes?: number;
}

const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

export class JsonStream {
  private readonly streamer = new JsonStreamer(new JsonParser());
  private readonly lexer: JsonLexer;

  constructor(opts?: JsonStreamOptions) {
    this.lexer = new JsonLexer(this.streamer, { maxLineBytes: opts?.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES });
  }

  /** Feed a chunk of text (may hold part of a value, or several values). Returns the events completed by it, in order. */
  push(chunk: string): JsonStreamEvent[] {
    const out: JsonStreamEvent[] = [];
    this.streamer.out = out;
    this.lexer.feed(chunk);
    this.streamer.out = [];
    return out;
  }

  /** End of input: flush whatever is pending (QEMU's json_message_parser_flush). */
  end(): JsonStreamEvent[] {
    const out: JsonStreamEvent[] = [];
    this.streamer.out = out;
    this.lexer.flush();
    this.streamer.out = [];
    return out;
  }
}
