/**
 * QEMU's JSON streamer (QEMU 7.2 qobject/json-streamer.c): it takes the
 * lexer's tokens (json-lexer.ts), finds where each message ends and hands
 * the message's tokens to the parser (json-parser.ts). An independent
 * implementation.
 *
 * Facts from json-streamer.c (7.2):
 * - It counts braces and brackets. A token is queued; as soon as both
 *   counts are back to zero, or either went negative, the queue goes to the
 *   parser. So a top-level scalar is parsed on its own right away, and a
 *   lone '}' or ']' alone ("expecting value").
 * - A JSON_ERROR token reports "JSON parse error, stray '<token>'" (printed
 *   with %s: it ends at the first NUL) and drops the queue.
 * - Limits, checked for each token before it is queued, in this order:
 *   total token size (the bytes queued plus this token plus one over
 *   MAX_TOKEN_SIZE, 64 MiB), token count (MAX_TOKEN_COUNT, 2 Mi), nesting
 *   (braces plus brackets over MAX_NESTING, 1024). Each drops the queue with
 *   "JSON token size limit exceeded", "JSON token count limit exceeded" or
 *   "JSON nesting depth limit exceeded"; the lexer goes on where it was, so
 *   the closing brackets that follow each give an error.
 * - After every message or error the counts and the queue start afresh.
 * - End of input: whatever is queued goes to the parser.
 */
import { JSON_ERROR, JSON_LCURLY, JSON_LSQUARE, JSON_RCURLY, JSON_RSQUARE, QEMU_JSON_MAX_TOKEN_SIZE, type JsonTokenSink } from './json-lexer.js';
import { JsonParseError, type JsonParser, type JsonTokenQueue } from './json-parser.js';

/** QEMU's MAX_TOKEN_COUNT (json-streamer.c): 2 Mi tokens. */
export const QEMU_JSON_MAX_TOKEN_COUNT = 2 * 1024 * 1024;
/** QEMU's MAX_NESTING (json-streamer.c). */
export const QEMU_JSON_MAX_NESTING = 1024;

export type JsonStreamEvent = { kind: 'value'; value: unknown } | { kind: 'error'; desc: string };

/** A token text as "%s" prints it: up to the first NUL. */
function cString(text: string): string {
  const nul = text.indexOf('\0');
  return nul < 0 ? text : text.slice(0, nul);
}

export class JsonStreamer implements JsonTokenSink, JsonTokenQueue {
  /** Where events go (the caller swaps it per chunk). */
  out: JsonStreamEvent[] = [];

  // the queue (read by the parser)
  count = 0;
  types: number[] = [];
  texts: string[] = [];
  flags: number[] = [];

  private braces = 0;
  private brackets = 0;
  private tokenSize = 0;

  constructor(private readonly parser: JsonParser) {}

  /** json_message_process_token(). */
  token(type: number, text: string, bytes: number, flags: number): void {
    switch (type) {
      case JSON_LCURLY:
        this.braces++;
        break;
      case JSON_RCURLY:
        this.braces--;
        break;
      case JSON_LSQUARE:
        this.brackets++;
        break;
      case JSON_RSQUARE:
        this.brackets--;
        break;
      case JSON_ERROR:
        this.abandon(`JSON parse error, stray '${cString(text)}'`);
        return;
    }
    if (this.tokenSize + bytes + 1 > QEMU_JSON_MAX_TOKEN_SIZE) {
      this.abandon('JSON token size limit exceeded');
      return;
    }
    if (this.count + 1 > QEMU_JSON_MAX_TOKEN_COUNT) {
      this.abandon('JSON token count limit exceeded');
      return;
    }
    if (this.brackets + this.braces > QEMU_JSON_MAX_NESTING) {
      this.abandon('JSON nesting depth limit exceeded');
      return;
    }
    const n = this.count;
    this.types[n] = type;
    this.texts[n] = text;
    this.flags[n] = flags;
    this.count = n + 1;
    this.tokenSize += bytes;
    if ((this.braces > 0 || this.brackets > 0) && this.braces >= 0 && this.brackets >= 0) return;
    this.parseQueue();
  }

  /** Drop the queue and report `desc`. */
  abandon(desc: string): void {
    this.reset();
    this.out.push({ kind: 'error', desc });
  }

  /** JSON_END_OF_INPUT. */
  endOfInput(): void {
    if (this.count > 0) this.parseQueue();
  }

  private parseQueue(): void {
    let ev: JsonStreamEvent;
    try {
      ev = { kind: 'value', value: this.parser.parse(this) };
    } catch (e) {
      if (!(e instanceof JsonParseError)) throw e;
      ev = { kind: 'error', desc: e.message };
    }
    this.reset();
    this.out.push(ev);
  }

  private reset(): void {
    this.braces = 0;
    this.brackets = 0;
    // Keep the arrays for the next message unless they grew long or hold
    // big strings (entries beyond count are never read).
    if (this.count > 256 || this.tokenSize > 65536) {
      this.types = [];
      this.texts = [];
      this.flags = [];
    }
    this.tokenSize = 0;
    this.count = 0;
  }
}
