/**
 * The parser alone (QEMU 7.2 json-parser.c), on token queues built by
 * hand: values, QEMU's error texts (the first error wins), numbers and
 * string decoding.
 */
import { describe, expect, it } from 'vitest';
import { QmpDouble } from '../../core/qmp-json.js';
import { F_ESCAPE, JSON_COLON, JSON_COMMA, JSON_FLOAT, JSON_INTEGER, JSON_KEYWORD, JSON_LCURLY, JSON_LSQUARE, JSON_RCURLY, JSON_RSQUARE, JSON_STRING } from './json-lexer.js';
import { JsonParseError, JsonParser, decodeString, floatValue, integerValue } from './json-parser.js';

type Tok = [type: number, text?: string, flags?: number];

function parse(...toks: Tok[]): unknown {
  return new JsonParser().parse({
    count: toks.length,
    types: toks.map((t) => t[0]),
    texts: toks.map((t) => t[1] ?? ''),
    flags: toks.map((t) => t[2] ?? 0),
  });
}

function parseError(...toks: Tok[]): string {
  try {
    parse(...toks);
  } catch (e) {
    if (e instanceof JsonParseError) return e.message;
    throw e;
  }
  throw new Error('parsed');
}

const L: Tok = [JSON_LCURLY];
const R: Tok = [JSON_RCURLY];
const LS: Tok = [JSON_LSQUARE];
const RS: Tok = [JSON_RSQUARE];
const COLON: Tok = [JSON_COLON];
const COMMA: Tok = [JSON_COMMA];
const s = (text: string): Tok => [JSON_STRING, text];
const i = (text: string): Tok => [JSON_INTEGER, text];
const kw = (text: string): Tok => [JSON_KEYWORD, text];

describe('JsonParser', () => {
  it('objects (no prototype), arrays, keywords', () => {
    const v = parse(L, s('a'), COLON, LS, i('1'), COMMA, kw('true'), COMMA, kw('null'), RS, COMMA, s('__proto__'), COLON, kw('false'), R);
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect({ ...(v as object) }).toEqual({ a: [1, true, null], ['__proto__']: false });
  });

  it("QEMU's error texts; the first error wins", () => {
    expect(parseError(L, s('a'), COLON)).toBe('JSON parse error, premature EOI');
    expect(parseError(LS)).toBe('JSON parse error, premature EOI');
    expect(parseError(R)).toBe('JSON parse error, expecting value');
    expect(parseError(kw('nul'))).toBe("JSON parse error, invalid keyword 'nul'");
    expect(parseError(L, i('1'), COLON, i('2'), R)).toBe('JSON parse error, key is not a string in object');
    expect(parseError(L, s('a'), i('1'), R)).toBe('JSON parse error, missing : in object pair');
    expect(parseError(L, s('a'), COLON, i('1'), COMMA, s('a'), COLON, i('2'), R)).toBe('JSON parse error, duplicate key');
    expect(parseError(L, s('a'), COLON, i('1'), RS)).toBe('JSON parse error, expected separator in dict');
    expect(parseError(LS, i('1'), i('2'), RS)).toBe('JSON parse error, expected separator in list');
    expect(parseError(LS, i('1'), COMMA, RS)).toBe('JSON parse error, expecting value');
    // the value is parsed before the duplicate is noticed: its error comes first
    expect(parseError(L, s('a'), COLON, i('1'), COMMA, s('a'), COLON, kw('bad'), R)).toBe("JSON parse error, invalid keyword 'bad'");
  });

  it('a message longer than 1023 bytes is cut there, as parse_error() does', () => {
    const m = parseError(kw('x'.repeat(2000)));
    expect(m).toBe(`JSON parse error, invalid keyword '${'x'.repeat(1023 - "invalid keyword '".length)}`);
  });

  it('numbers: int64, else uint64, else a double; float tokens are doubles', () => {
    expect(integerValue('9007199254740991')).toBe(9007199254740991);
    expect(integerValue('9007199254740993')).toBe(9007199254740993n);
    expect(integerValue('-9223372036854775808')).toBe(-(2n ** 63n));
    expect(integerValue('18446744073709551615')).toBe(2n ** 64n - 1n);
    expect(integerValue('18446744073709551616')).toEqual(new QmpDouble(2 ** 64));
    expect(Object.is(integerValue('-0'), 0)).toBe(true);
    // a float token is a double: boxed when whole-valued, so it cannot pass for an integer
    expect(floatValue('1e3')).toEqual(new QmpDouble(1000));
    expect(floatValue('1E3')).toBeInstanceOf(QmpDouble);
    expect(Object.is((floatValue('-0.0') as QmpDouble).value, -0)).toBe(true);
    expect(parse([JSON_FLOAT, '2.5'])).toBe(2.5);
  });

  it('strings: plain ones as given, flagged ones decoded with QEMU escapes and checks', () => {
    expect(parse(s('plain'))).toBe('plain');
    expect(parse([JSON_STRING, '"a\\"b\\u00e9\\ud83d\\ude00\\/\\\'"', F_ESCAPE])).toBe('a"b\u00e9\ud83d\ude00/\'');
    expect(decodeString("'x\\ty'")).toBe('x\ty');
    expect(() => decodeString('"\\x"')).toThrow(JsonParseError);
    expect(parseError([JSON_STRING, '"\\x"', F_ESCAPE])).toBe('JSON parse error, invalid escape sequence in string');
    expect(parseError([JSON_STRING, '"\\u12"', F_ESCAPE])).toBe('JSON parse error, \\u12" is not a valid Unicode character');
    expect(parseError([JSON_STRING, '"\\uD800\\u0041"', F_ESCAPE])).toBe('JSON parse error, \\uD800 is not a valid Unicode character');
    expect(parseError([JSON_STRING, '"\ufdd0"', 2])).toBe('JSON parse error, invalid UTF-8 sequence in string');
    expect(parseError([JSON_STRING, '"\ud800x"', 2])).toBe('JSON parse error, invalid UTF-8 sequence in string');
  });
});
