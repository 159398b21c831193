/**
 * The streamer alone (QEMU 7.2 json-streamer.c), fed tokens directly: where
 * a message ends, what a stray token reports, the three limits and their
 * order, and end of input.
 */
import { describe, expect, it } from 'vitest';
import { JSON_COLON, JSON_COMMA, JSON_ERROR, JSON_INTEGER, JSON_LCURLY, JSON_LSQUARE, JSON_RCURLY, JSON_RSQUARE, JSON_STRING, QEMU_JSON_MAX_TOKEN_SIZE } from './json-lexer.js';
import { JsonParser } from './json-parser.js';
import { JsonStreamer, QEMU_JSON_MAX_NESTING, QEMU_JSON_MAX_TOKEN_COUNT, type JsonStreamEvent } from './json-streamer.js';

type Tok = [type: number, text?: string, bytes?: number];
const [L, R, LS, RS, COLON, COMMA] = [JSON_LCURLY, JSON_RCURLY, JSON_LSQUARE, JSON_RSQUARE, JSON_COLON, JSON_COMMA].map((t): Tok => [t]) as [Tok, Tok, Tok, Tok, Tok, Tok];
const int = (n: number): Tok => [JSON_INTEGER, String(n), String(n).length];
const str = (s: string): Tok => [JSON_STRING, s, s.length + 2];

function stream(): { s: JsonStreamer; feed: (...toks: Tok[]) => JsonStreamEvent[] } {
  const s = new JsonStreamer(new JsonParser());
  const feed = (...toks: Tok[]) => {
    const out: JsonStreamEvent[] = [];
    s.out = out;
    for (const [t, text = '', bytes = 1] of toks) s.token(t, text, bytes, 0);
    return out;
  };
  return { s, feed };
}

const value = (v: unknown) => ({ kind: 'value', value: v });
const error = (desc: string) => ({ kind: 'error', desc });

describe('JsonStreamer', () => {
  it('hands a message over when its braces and brackets balance, and not before', () => {
    const { feed } = stream();
    expect(feed(L, str('a'), COLON, LS, int(1))).toEqual([]);
    expect(feed(COMMA, int(2), RS)).toEqual([]);
    expect(feed(R)).toEqual([value({ a: [1, 2] })]);
  });

  it('a top-level scalar is a message of its own; so is a closing token that makes a count negative', () => {
    const { feed } = stream();
    expect(feed(int(1), str('x'))).toEqual([value(1), value('x')]);
    expect(feed(R)).toEqual([error('JSON parse error, expecting value')]);
    expect(feed(LS, R)).toEqual([error('JSON parse error, expecting value')]);
  });

  it('a stray token drops the queue and is printed up to its first NUL', () => {
    const { s, feed } = stream();
    expect(feed(L, str('a'), COLON, [JSON_ERROR, '%'])).toEqual([error("JSON parse error, stray '%'")]);
    expect(s.count).toBe(0);
    expect(feed([JSON_ERROR, '"ab\0cd'])).toEqual([error(`JSON parse error, stray '"ab'`)]);
    // the counts started afresh: a new message parses
    expect(feed(LS, RS)).toEqual([value([])]);
  });

  it('token size: the queued bytes plus the token plus one may not exceed 64 MiB', () => {
    const { feed } = stream();
    // '[' (1) + the string + ']' (1), plus one: exactly 64 MiB
    expect(feed(LS, [JSON_STRING, 'x', QEMU_JSON_MAX_TOKEN_SIZE - 3], RS)).toEqual([value(['x'])]);
    expect(feed(LS, [JSON_STRING, 'x', QEMU_JSON_MAX_TOKEN_SIZE - 2], RS)).toEqual([error('JSON token size limit exceeded')]);
    expect(feed(LS, [JSON_STRING, 'x', QEMU_JSON_MAX_TOKEN_SIZE - 1])).toEqual([error('JSON token size limit exceeded')]);
  });

  it('nesting: 1024 levels are fine, the next opening token is refused', () => {
    const { feed } = stream();
    const open = Array.from({ length: QEMU_JSON_MAX_NESTING }, () => LS);
    expect(feed(...open)).toEqual([]);
    expect(feed(L)).toEqual([error('JSON nesting depth limit exceeded')]);
    // what follows is read afresh: each closing bracket alone
    expect(feed(RS, RS)).toEqual([error('JSON parse error, expecting value'), error('JSON parse error, expecting value')]);
  });

  it('token count: 2 Mi tokens may be queued, not one more (the size limit checked first)', () => {
    const { s, feed } = stream();
    s.out = [];
    s.token(JSON_LSQUARE, '', 1, 0);
    for (let k = 1; k < QEMU_JSON_MAX_TOKEN_COUNT; k++) s.token(JSON_COMMA, '', 1, 0);
    expect(s.count).toBe(QEMU_JSON_MAX_TOKEN_COUNT);
    expect(feed(COMMA)).toEqual([error('JSON token count limit exceeded')]);
    expect(feed([JSON_STRING, 'x', QEMU_JSON_MAX_TOKEN_SIZE])).toEqual([error('JSON token size limit exceeded')]);
  });

  it('end of input parses what is queued, and reports nothing when nothing is', () => {
    const { s, feed } = stream();
    feed(L, str('a'), COLON);
    const out: JsonStreamEvent[] = [];
    s.out = out;
    s.endOfInput();
    s.endOfInput();
    expect(out).toEqual([error('JSON parse error, premature EOI')]);
  });

  it('abandon() (our line limit) drops the queue and reports the text given', () => {
    const { s, feed } = stream();
    feed(L, str('a'));
    const out: JsonStreamEvent[] = [];
    s.out = out;
    s.abandon('JSON parse error, line exceeds 8 bytes');
    expect(out).toEqual([error('JSON parse error, line exceeds 8 bytes')]);
    expect(feed(int(3))).toEqual([value(3)]);
  });
});
