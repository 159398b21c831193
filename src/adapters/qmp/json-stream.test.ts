/**
 * Tests of the QEMU-compatible streaming JSON reader.
 *
 * The expectations come from QEMU 7.2 itself: the stored reference captures
 * (errors.json), and a table of inputs we sent to a real qemu-system-x86_64
 * 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3) over QMP, each on a fresh
 * connection, with every reply recorded. In that table a "JSON ..." desc is a
 * parse error our reader must produce; "V" stands for any other reply, i.e.
 * QEMU parsed a value and the server answered it.
 */
import path from 'node:path';
import { QmpDouble } from '../../core/qmp-json.js';
import { describe, expect, it } from 'vitest';
import { QEMU72, hasShared, readJson } from '../../../test/helpers/reference.js';
import {
  JsonStream,
  QEMU_JSON_MAX_NESTING,
  QEMU_JSON_MAX_TOKEN_COUNT,
  QEMU_JSON_MAX_TOKEN_SIZE,
  type JsonStreamEvent,
} from './json-stream.js';

const V = 'V';

/** Events as [desc | V]. */
function shape(events: JsonStreamEvent[]): string[] {
  return events.map((e) => (e.kind === 'error' ? e.desc : V));
}

function all(input: string, opts?: ConstructorParameters<typeof JsonStream>[0]): JsonStreamEvent[] {
  const s = new JsonStream(opts);
  return [...s.push(input), ...s.end()];
}

function values(input: string): unknown[] {
  const ev = all(input);
  for (const e of ev) if (e.kind === 'error') throw new Error(`unexpected error: ${e.desc}`);
  return ev.map((e) => (e as { value: unknown }).value);
}

function one(input: string): unknown {
  const v = values(input);
  expect(v).toHaveLength(1);
  return v[0];
}

const err = (desc: string) => ({ kind: 'error', desc });

// Observed from QEMU 7.2.22 over QMP (input -> replies).
const QEMU_OBSERVED: [string, string[]][] = [
  ["{\"execute\":\"query-version\"}\n", ["V"]],
  ["not json at all\n", ["JSON parse error, invalid keyword 'not'", "JSON parse error, invalid keyword 'json'", "JSON parse error, invalid keyword 'at'", "JSON parse error, invalid keyword 'all'"]],
  ["}\n", ["JSON parse error, expecting value"]],
  ["]\n", ["JSON parse error, expecting value"]],
  ["1\n", ["V"]],
  ["1 2 \"x\" 'y'\n", ["V", "V", "V", "V"]],
  ["{\"a\": 01, \"b\": 2}\n", ["JSON parse error, stray '01'", "JSON parse error, expecting value", "V", "JSON parse error, expecting value", "V", "JSON parse error, expecting value"]],
  ["%d\n", ["JSON parse error, stray '%'"]],
  ["%\n", ["JSON parse error, stray '%'"]],
  ["{'execute': 'query-version', 'x': \"%s\"}\n", ["V"]],
  ["{\"execute\":\"query-version\", \"execute\":\"query-version\"}\n", ["JSON parse error, duplicate key"]],
  ["{\"a\":1]\n", ["JSON parse error, expected separator in dict"]],
  ["[}\n", ["JSON parse error, expecting value"]],
  ["{]\n", ["JSON parse error, expecting value"]],
  ["[{]}\n", ["JSON parse error, expecting value"]],
  ["\"abc\n{\"execute\":\"query-version\"}\n", ["JSON parse error, stray '\"abc\n'", "V"]],
  ["01 true\n", ["JSON parse error, stray '01'"]],
  ["-x\n", ["JSON parse error, stray '-x'"]],
  ["1.\n", ["JSON parse error, stray '1.\n'"]],
  ["1e\n", ["JSON parse error, stray '1e\n'"]],
  ["-\n", ["JSON parse error, stray '-\n'"]],
  ["\"\\x\"\n", ["JSON parse error, invalid escape sequence in string"]],
  ["\"\\u12\"\n", ["JSON parse error, \\u12\" is not a valid Unicode character"]],
  ["\"\\uD800\"\n", ["JSON parse error, \\uD800 is not a valid Unicode character"]],
  ["\"\\uD800\\u0041\"\n", ["JSON parse error, \\uD800 is not a valid Unicode character"]],
  ["\"\\uDC00\"\n", ["JSON parse error, \\uDC00 is not a valid Unicode character"]],
  ["\"\\uD83D\\uDE00\"\n", ["V"]],
  ["\"\\uFFFF\"\n", ["JSON parse error, \\uFFFF is not a valid Unicode character"]],
  ["\"\\uFDD0\"\n", ["JSON parse error, \\uFDD0 is not a valid Unicode character"]],
  ["\"\\u0000\"\n", ["V"]],
  ["\"\ufdd0\"\n", ["JSON parse error, invalid UTF-8 sequence in string"]],
  ["{1: 2}\n", ["JSON parse error, key is not a string in object"]],
  ["{[1,2]: 3}\n", ["JSON parse error, key is not a string in object"]],
  ["{[1,2}: 3}\n", ["JSON parse error, expected separator in list"]],
  ["{nul: 1}\n", ["JSON parse error, invalid keyword 'nul'"]],
  ["{\"a\" 1}\n", ["JSON parse error, missing : in object pair"]],
  ["{\"a\":}\n", ["JSON parse error, expecting value"]],
  ["[1 2]\n", ["JSON parse error, expected separator in list"]],
  ["[1,]\n", ["JSON parse error, expecting value"]],
  ["[,1]\n", ["JSON parse error, expecting value"]],
  [":\n", ["JSON parse error, expecting value"]],
  [",\n", ["JSON parse error, expecting value"]],
  ["{\"a\":1,}\n", ["JSON parse error, expecting value"]],
  ["{,}\n", ["JSON parse error, expecting value"]],
  ["{\"execute\":\"query-version\"}{\"execute\":\"query-version\"}\n", ["V", "V"]],
  ["\t\r {\"execute\":\"query-version\"}\r\n", ["V"]],
  ["\u00e9\n", ["JSON parse error, stray '\ufffd'"]],
  ["TRUE\n", ["JSON parse error, stray 'T'"]],
  ["true\n", ["V"]],
  ["\"\\'\"\n", ["V"]],
  ["'\\\"'\n", ["V"]],
  ["'a\"b'\n", ["V"]],
  ["\"\t\"\n", ["JSON parse error, stray '\"\t'"]],
  ["[1,2,3\n4]\n", ["JSON parse error, expected separator in list"]],
  ["1.5e3\n", ["V"]],
  ["-0\n", ["V"]],
  ["12345678901234567890123\n", ["V"]],
  ["x{\"execute\":\"query-version\"}\n", ["JSON parse error, invalid keyword 'x'", "V"]],
  ["%{\"execute\":\"query-version\"}\n", ["JSON parse error, stray '%'", "V"]],
  ["% abc {\"execute\":\"query-version\"}\n", ["JSON parse error, stray '%'", "V"]],
  ["% abc\t{\"execute\":\"query-version\"}\n", ["JSON parse error, stray '%'", "V"]],
  ["\u0000\n", ["JSON parse error, stray ''"]],
  ["\"ab\u0000cd\"\n", ["JSON parse error, stray '\"ab'"]],
  ["{\"execute\":\u0000\"query-version\"}\n", ["JSON parse error, stray ''", "JSON parse error, expecting value"]],
  ["\u0001 {\"execute\":\"query-version\"}\n", ["JSON parse error, stray '\u0001'", "V"]],
  ["\u007f\n", ["JSON parse error, stray '\u007f'"]],
  ["\"a\u007fb\"\n", ["V"]],
  ["% x\u0001{\"execute\":\"query-version\"}\n", ["JSON parse error, stray '%'", "JSON parse error, stray '\u0001'", "V"]],
  ["[\"\u00e9\", '\u4e2d', \"\ud83d\ude00\"]\n", ["V"]],
  ["\"\"\n", ["V"]],
  ["''\n", ["V"]],
  ["{}\n", ["V"]],
  ["[]\n", ["V"]],
  ["{\"a\":1}}\n", ["V", "JSON parse error, expecting value"]],
  ["{\"execute\"  :  \"query-version\"  }   {\"execute\":\"query-version\"}\n", ["V", "V"]],
  ["1}\n", ["V", "JSON parse error, expecting value"]],
  ["\"\\/\\b\\f\\n\\r\\t\\\\\"\n", ["V"]],
  ["\"\\u00e9\\u00E9\"\n", ["V"]],
  ["\"\\uD800\\uDBFF\"\n", ["JSON parse error, \\uD800 is not a valid Unicode character"]],
  ["\"\\uD800\\\"\n", ["JSON parse error, stray '\"\\uD800\\\"\n'"]],
  ["'\\u'\n", ["JSON parse error, \\u' is not a valid Unicode character"]],
  ["\"\\u\"\n", ["JSON parse error, \\u\" is not a valid Unicode character"]],
  ["\"\\uDBFF\\uDFFF\"\n", ["JSON parse error, \\uDBFF\\uDFFF is not a valid Unicode character"]],
  ["\"\\uD83F\\uDFFE\"\n", ["JSON parse error, \\uD83F\\uDFFE is not a valid Unicode character"]],
  ["\"\\uD800\\u12\"\n", ["JSON parse error, \\uD800 is not a valid Unicode character"]],
  ["\"\\uD800\\uZZZZ\"\n", ["JSON parse error, \\uD800 is not a valid Unicode character"]],
  ["\"\\uD800\\x\"\n", ["JSON parse error, \\uD800 is not a valid Unicode character"]],
  ["{\"execute\":\"query-version\"\n", []],
  ["]]]\n", ["JSON parse error, expecting value", "JSON parse error, expecting value", "JSON parse error, expecting value"]],
  ["[1,2]]\n", ["V", "JSON parse error, expecting value"]],
  ["{\"execute\":\"query-version\"\n}\n", ["V"]],
  ["0\n", ["V"]],
  ["00\n", ["JSON parse error, stray '00'"]],
  ["-01\n", ["JSON parse error, stray '-01'"]],
  ["1.5.5\n", ["V", "JSON parse error, stray '.'"]],
  ["1e5e5\n", ["V", "JSON parse error, invalid keyword 'e'", "V"]],
  ["1E+5 1e-5 -1.0e+00\n", ["V", "V", "V"]],
  ["tru\n", ["JSON parse error, invalid keyword 'tru'"]],
  ["nullx\n", ["JSON parse error, invalid keyword 'nullx'"]],
  ["null1\n", ["V", "V"]],
  ["truefalse\n", ["JSON parse error, invalid keyword 'truefalse'"]],
  ["a-b\n", ["JSON parse error, invalid keyword 'a'", "JSON parse error, stray '-b'"]],
  ["1a\n", ["V", "JSON parse error, invalid keyword 'a'"]],
  ["\"a\"\"b\"\n", ["V", "V"]],
  ["{\"a\":\"b\"\"c\":1}\n", ["JSON parse error, expected separator in dict"]],
  ["'\\u0041\\u00e9\\u4E2D'\n", ["V"]],
  ["\"100%\"\n", ["V"]],
  ["\"\ud83f\udffe\"\n", ["JSON parse error, invalid UTF-8 sequence in string"]],
  ["\"\ufffe\"\n", ["JSON parse error, invalid UTF-8 sequence in string"]],
  ["\"\ufffd\ue000\"\n", ["V"]],
  ["-\u00e9\n", ["JSON parse error, stray '-\ufffd'"]],
  ["1.\u00e9\n", ["JSON parse error, stray '1.\ufffd'"]],
  ["1e\ud83d\ude00\n", ["JSON parse error, stray '1e\ufffd'"]],
  ["\ud83d\ude00\n", ["JSON parse error, stray '\ufffd'"]],
  ["\u00e9{\"execute\":\"query-version\"}\n", ["JSON parse error, stray '\ufffd'", "V"]],
  ["1\r", ["V"]],
  ["%\f{\"execute\":\"query-version\"}\n", ["JSON parse error, stray '%'", "JSON parse error, stray '\f'", "V"]],
  ["\f\n", ["JSON parse error, stray '\f'"]],
  ["\u000b\n", ["JSON parse error, stray '\u000b'"]],
  ["\u00a0\n", ["JSON parse error, stray '\ufffd'"]],
  ["{'a':1,'a':2}\n", ["JSON parse error, duplicate key"]],
  ["{\"a\":1,\"a\":x}\n", ["JSON parse error, invalid keyword 'x'"]],
  ["{\"a\":1,\"a\":}\n", ["JSON parse error, expecting value"]],
  ["{\"a\":{\"b\":1,\"b\":2}}\n", ["JSON parse error, duplicate key"]],
  ["[1,2\n,3\n]\n", ["V"]],
  ["{\"a\":\"\\u0000\"}\n", ["V"]],
  ["\"\\u0000\\u0001\\u001f\"\n", ["V"]],
  ["\"\\\u00e9\"\n", ["JSON parse error, invalid escape sequence in string"]],
  ["\"\\%\"\n", ["JSON parse error, invalid escape sequence in string"]],
  ["\"\\ \"\n", ["JSON parse error, invalid escape sequence in string"]],
  ["\"abc\\", []],
  ["\"abc\\\n", ["JSON parse error, stray '\"abc\\\n'"]],
  ["[\"a\"\n", []],
  ["{\"execute\":\"query-version\"} x\n", ["V", "JSON parse error, invalid keyword 'x'"]],
  ["12345678901234567890\n", ["V"]],
  ["-9223372036854775809\n", ["V"]],
  ["{\"execute\":\"query-version\",\"id\":-0}\n", ["V"]],
  ["{\"execute\":\"query-version\",\"id\":18446744073709551615}\n", ["V"]],
  ["{\"execute\":\"query-version\",\"id\":1e400}\n", ["V"]],
  ["{\"execute\":\"query-version\",\"id\":-0.0}\n", ["V"]],
  ["{\"execute\":\"query-version\",\"id\":\"\\u0000x\"}\n", ["V"]],
  ["{\"execute\":\"query-version\",\"id\":9007199254740993}\n", ["V"]],
];

describe('JsonStream against the QEMU 7.2 reference captures (errors.json)', () => {
  for (const arch of ['s390x', 'x86_64']) {
    it.skipIf(!hasShared())(`${arch}: every record gives QEMU's parse errors, or a value`, () => {
      const f = readJson(path.join(QEMU72, arch, 'errors.json'));
      expect(f.records.length).toBeGreaterThanOrEqual(31);
      let parseErrorRecords = 0;
      for (const r of f.records as { case: string; lines: string[]; request: unknown; replies: any[] }[]) {
        const text = r.lines.map((l) => l + '\n').join('');
        const events = all(text);
        const expected = r.replies.map((rep) => {
          const desc: unknown = rep?.error?.desc;
          return rep.error?.class === 'GenericError' && typeof desc === 'string' && desc.startsWith('JSON parse error') ? desc : V;
        });
        if (expected.some((x) => x !== V)) parseErrorRecords++;
        expect(shape(events), r.case).toEqual(expected);
        if (r.request !== null && r.request !== undefined) {
          // the lines are strict JSON: the value is the request
          expect(events, r.case).toHaveLength(1);
          expect((events[0] as { value: unknown }).value, r.case).toEqual(r.request);
        }
      }
      expect(parseErrorRecords).toBeGreaterThanOrEqual(2);
    });
  }

  it.skipIf(!hasShared())('single-quoted and split-over-lines requests parse to the request', () => {
    const f = readJson(path.join(QEMU72, 's390x', 'errors.json'));
    const byCase = Object.fromEntries((f.records as any[]).map((r) => [r.case, r]));
    const sq = byCase['single-quoted-strings'];
    expect(values(sq.lines.map((l: string) => l + '\n').join(''))).toEqual([{ execute: 'query-version' }]);
    const split = byCase['object-split-over-lines'];
    const s = new JsonStream();
    expect(s.push(split.lines[0] + '\n')).toEqual([]);
    expect(s.push(split.lines[1] + '\n')).toEqual([{ kind: 'value', value: { execute: 'query-version' } }]);
  });
});

describe('JsonStream against inputs observed on a real QEMU 7.2', () => {
  it('gives the same parse errors and values, in order', () => {
    const failures: string[] = [];
    for (const [input, expected] of QEMU_OBSERVED) {
      const got = shape(new JsonStream().push(input));
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        failures.push(`${JSON.stringify(input)}: got ${JSON.stringify(got)}, QEMU ${JSON.stringify(expected)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('truncates a long parser message to 1023 bytes, as parse_error() does (observed)', () => {
    for (const n of [1005, 1006, 1007, 2000]) {
      const kw = 'a'.repeat(n);
      const msg = `invalid keyword '${kw}'`;
      const expected = 'JSON parse error, ' + msg.slice(0, 1023);
      expect(shape(all(kw + '\n'))).toEqual([expected]);
    }
    // QEMU 7.2: a 1006-letter keyword gives a desc of 1041 characters
    expect((all('a'.repeat(1006) + '\n')[0] as { desc: string }).desc).toHaveLength(1041);
  });

  it("does not truncate a lexer error ('stray'): the whole token is quoted (observed)", () => {
    const tok = '"' + 'a'.repeat(2000) + '\t';
    expect(shape(all(tok + '\n'))).toEqual([`JSON parse error, stray '${tok}'`]);
  });

  it('nesting depth: 1024 is fine, the 1025th opening gives one error, then each closing one (observed)', () => {
    expect(QEMU_JSON_MAX_NESTING).toBe(1024);
    expect(shape(all('['.repeat(1024) + ']'.repeat(1024) + '\n'))).toEqual([V]);
    expect(shape(all('['.repeat(1023) + '{}' + ']'.repeat(1023) + '\n'))).toEqual([V]);
    const deep = all('['.repeat(1025) + ']'.repeat(1025) + '\n');
    expect(shape(deep)).toEqual(['JSON nesting depth limit exceeded', ...Array(1025).fill('JSON parse error, expecting value')]);
    // braces and brackets count together
    expect(shape(all('['.repeat(1024) + '{}' + ']'.repeat(1024) + '\n'))).toEqual([
      'JSON nesting depth limit exceeded',
      ...Array(1025).fill('JSON parse error, expecting value'),
    ]);
    expect(shape(all('['.repeat(512) + '{"a":'.repeat(512) + '1' + '}'.repeat(512) + ']'.repeat(512) + '\n'))).toEqual([V]);
    // the rest of the line is lexed on: "a" and 1 become values of their own
    expect(shape(all('{"a":'.repeat(1025) + '1' + '}'.repeat(1025) + '\n'))).toEqual([
      'JSON nesting depth limit exceeded',
      V,
      'JSON parse error, expecting value',
      V,
      ...Array(1025).fill('JSON parse error, expecting value'),
    ]);
    // after the error, the remaining openings start a new value that swallows the next line
    expect(shape(all('['.repeat(1030) + '\n{"execute":"query-version"}\n'))).toEqual([
      'JSON nesting depth limit exceeded',
      'JSON parse error, premature EOI', // at end(): QMP itself never flushes
    ]);
  });

  it('a deeply nested value parses to the right structure', () => {
    const v = one('['.repeat(1024) + '7' + ']'.repeat(1024));
    let x: unknown = v;
    for (let d = 0; d < 1024; d++) {
      expect(Array.isArray(x)).toBe(true);
      x = (x as unknown[])[0];
    }
    expect(x).toBe(7);
  });
});

describe('end(): json_message_parser_flush semantics', () => {
  // Observed with QEMU 7.2.22's own one-shot parser (qobject_from_json, which
  // feeds then flushes), through -blockdev '<json>'.
  const cases: [string, string[]][] = [
    ['{"a":"abc', ["JSON parse error, stray '\"abc'"]],
    ['{"a":-', ["JSON parse error, stray '-'"]],
    ['{"a":[1,', ['JSON parse error, premature EOI']],
    ['{"a":tru', ["JSON parse error, invalid keyword 'tru'"]],
    ['{"a":1.', ["JSON parse error, stray '1.'"]],
    ['{"a":1e', ["JSON parse error, stray '1e'"]],
    ['{"a":"\\', ["JSON parse error, stray '\"\\'"]],
    ["{'a':'x", ["JSON parse error, stray ''x'"]],
    ['{"a":12', ['JSON parse error, premature EOI']],
    ['{"a":', ['JSON parse error, premature EOI']],
    ['{', ['JSON parse error, premature EOI']],
    ['{"a":1,', ['JSON parse error, premature EOI']],
    ['{"a" ', ['JSON parse error, premature EOI']],
    ['{"a":0', ['JSON parse error, premature EOI']],
  ];
  it.each(cases)('%s', (input, expected) => {
    const s = new JsonStream();
    expect(s.push(input)).toEqual([]);
    expect(shape(s.end())).toEqual(expected);
  });

  it('a number or keyword at the very end is complete', () => {
    const s = new JsonStream();
    expect(s.push('12')).toEqual([]);
    expect(s.end()).toEqual([{ kind: 'value', value: 12 }]);
    expect(all('1.5e3')).toEqual([{ kind: 'value', value: new QmpDouble(1500) }]);
    expect(all('true')).toEqual([{ kind: 'value', value: true }]);
    expect(shape(all('tru'))).toEqual(["JSON parse error, invalid keyword 'tru'"]);
  });

  it('nothing pending: nothing to report; the stream is usable afterwards', () => {
    const s = new JsonStream();
    expect(s.end()).toEqual([]);
    expect(s.push('  \n')).toEqual([]);
    expect(s.end()).toEqual([]);
    expect(s.push('% junk')).toEqual([err("JSON parse error, stray '%'")]);
    expect(s.end()).toEqual([]); // recovering: nothing pending
    expect(s.push('{"a":')).toEqual([]);
    expect(s.end()).toEqual([err('JSON parse error, premature EOI')]);
    expect(s.push('{"a":1}')).toEqual([{ kind: 'value', value: { a: 1 } }]);
  });
});

describe('values', () => {
  it('objects have no prototype; "__proto__" is an ordinary key and pollutes nothing', () => {
    const v = one('{"__proto__": {"polluted": true}, "constructor": 1, "toString": 2}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(Object.keys(v).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getOwnPropertyDescriptor(v, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(v['__proto__'])).toBeNull();
  });

  it('duplicate keys are an error, as in QEMU ("duplicate key"), also via __proto__', () => {
    expect(shape(all('{"a":1,"a":2}'))).toEqual(['JSON parse error, duplicate key']);
    expect(shape(all('{"__proto__":1,"__proto__":2}'))).toEqual(['JSON parse error, duplicate key']);
    expect(shape(all("{'a':1,\"a\":2}"))).toEqual(['JSON parse error, duplicate key']);
    // the value is parsed first: its error wins
    expect(shape(all('{"a":1,"a":x}'))).toEqual(["JSON parse error, invalid keyword 'x'"]);
  });

  it('single-quoted strings and their escapes', () => {
    expect(one(`{'execute': 'query-version'}`)).toEqual({ execute: 'query-version' });
    expect(one(`'a"b'`)).toBe('a"b');
    expect(one(`'it\\'s'`)).toBe("it's");
    expect(one(`"it\\'s"`)).toBe("it's");
    expect(one(`'\\"'`)).toBe('"');
    expect(one(`'\\u0041\\u00e9\\u4E2D'`)).toBe('Aé中');
  });

  it('escapes', () => {
    expect(one('"\\/\\b\\f\\n\\r\\t\\\\\\""')).toBe('/\b\f\n\r\t\\"');
    expect(one('"\\u00e9\\u00E9"')).toBe('éé');
    expect(one('"\\u0000"')).toBe('\u0000'); // QEMU keeps U+0000 (as C0 80)
    expect(one('"a\\u0000b\\u0001\\u001f"')).toBe('a\u0000b\u0001\u001f');
    expect(one('"\\uD83D\\uDE00"')).toBe('😀');
    expect(one('"\\uDBFF\\uDFFD"')).toBe('\u{10FFFD}');
    expect(one('"100%"')).toBe('100%'); // no interpolation in QMP
    expect(one('"a\u007fb"')).toBe('a\u007fb');
  });

  it('invalid escapes and characters give QEMU\'s messages', () => {
    const e = (s: string) => shape(all(s + '\n'));
    expect(e('"\\x"')).toEqual(['JSON parse error, invalid escape sequence in string']);
    expect(e('"\\%"')).toEqual(['JSON parse error, invalid escape sequence in string']);
    expect(e('"\\u12"')).toEqual(['JSON parse error, \\u12" is not a valid Unicode character']);
    expect(e("'\\u'")).toEqual(["JSON parse error, \\u' is not a valid Unicode character"]);
    expect(e('"\\uD800"')).toEqual(['JSON parse error, \\uD800 is not a valid Unicode character']);
    expect(e('"\\uD800\\u0041"')).toEqual(['JSON parse error, \\uD800 is not a valid Unicode character']);
    expect(e('"\\uDC00"')).toEqual(['JSON parse error, \\uDC00 is not a valid Unicode character']);
    expect(e('"\\uFFFF"')).toEqual(['JSON parse error, \\uFFFF is not a valid Unicode character']);
    expect(e('"\\uFDD0"')).toEqual(['JSON parse error, \\uFDD0 is not a valid Unicode character']);
    expect(e('"\\uD83F\\uDFFE"')).toEqual(['JSON parse error, \\uD83F\\uDFFE is not a valid Unicode character']);
    expect(e('"\ufdd0"')).toEqual(['JSON parse error, invalid UTF-8 sequence in string']);
    expect(e('"\u{1FFFE}"')).toEqual(['JSON parse error, invalid UTF-8 sequence in string']);
    expect(e('"\ud800"')).toEqual(['JSON parse error, invalid UTF-8 sequence in string']);
    // control characters end the string with a lexer error, tab included
    // (recovery then skips the rest, the closing quote included, up to the newline)
    expect(e('"a\tb"')).toEqual(["JSON parse error, stray '\"a\t'"]);
    // a NUL byte ends QEMU's C string
    expect(e('"ab\u0000cd"')).toEqual(["JSON parse error, stray '\"ab'"]);
    expect(e('\u0000')).toEqual(["JSON parse error, stray ''"]);
    // a bad non-ASCII character: only its first byte was in the token
    expect(e('-é')).toEqual(["JSON parse error, stray '-\uFFFD'"]);
    expect(e('😀')).toEqual(["JSON parse error, stray '\uFFFD'"]);
  });

  it('numbers: int64, uint64, else double', () => {
    expect(Object.is(one('-0'), 0)).toBe(true); // an integer: 0
    // a double without a fraction is boxed (QmpDouble), so it cannot pass for an integer
    const dbl = (t: string) => {
      const v = one(t);
      expect(v, t).toBeInstanceOf(QmpDouble);
      return (v as QmpDouble).value;
    };
    expect(Object.is(dbl('-0.0'), -0)).toBe(true);
    expect(one('0')).toBe(0);
    // exact: bigints where a number would round
    expect(one('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(one('18446744073709551615')).toBe(18446744073709551615n);
    expect(one('18446744073709551552')).toBe(18446744073709551552n);
    expect(one('9007199254740991')).toBe(9007199254740991);
    expect(dbl('-9223372036854775809')).toBe(-9223372036854775809); // beyond int64: a double
    expect(dbl('18446744073709551616')).toBe(18446744073709551616); // beyond uint64: a double
    expect(dbl('123456789012345678901234567890')).toBe(1.2345678901234568e29);
    expect(one('1e400')).toBe(Infinity);
    expect(dbl('1E+5')).toBe(1e5);
    expect(one('1e-5')).toBe(1e-5);
    expect(dbl('-1.0e+00')).toBe(-1);
    expect(dbl('1e3')).toBe(1000);
    expect(one('1.5')).toBe(1.5);
    expect(values('1 2 3.5\n')).toEqual([1, 2, 3.5]);
    expect(shape(all('01'))).toEqual(["JSON parse error, stray '01'"]);
    expect(shape(all('1.5.5\n'))).toEqual([V, "JSON parse error, stray '.'"]);
    expect(shape(all('1a\n'))).toEqual([V, "JSON parse error, invalid keyword 'a'"]);
  });

  it('top-level scalars are values; several values per line; one value over many lines', () => {
    expect(values('1 "x" \'y\' true false null [] {}\n')).toEqual([1, 'x', 'y', true, false, null, [], {}]);
    expect(values('{"execute":"a"}{"execute":"b"}  {"execute":"c"}\n')).toEqual([
      { execute: 'a' },
      { execute: 'b' },
      { execute: 'c' },
    ]);
    expect(values('{\n "execute":\n\n  "query-version",\r\n "arguments": {"a": [1,\n2]}\n}\n')).toEqual([
      { execute: 'query-version', arguments: { a: [1, 2] } },
    ]);
  });

  it('a lone closing brace or bracket, and input after an error inside an object (observed)', () => {
    expect(shape(all('}\n'))).toEqual(['JSON parse error, expecting value']);
    expect(shape(all(']]]\n'))).toEqual(Array(3).fill('JSON parse error, expecting value'));
    expect(all('{"a": 01, "b": 2}\n')).toEqual([
      err("JSON parse error, stray '01'"),
      err('JSON parse error, expecting value'),
      { kind: 'value', value: 'b' },
      err('JSON parse error, expecting value'),
      { kind: 'value', value: 2 },
      err('JSON parse error, expecting value'),
    ]);
  });

  it("'%' (interpolation) is a stray character in QMP input, skipped up to a resync point (observed)", () => {
    expect(shape(all('%d\n'))).toEqual(["JSON parse error, stray '%'"]);
    expect(shape(all('% abc {"execute":"query-version"}\n'))).toEqual(["JSON parse error, stray '%'", V]);
    expect(shape(all('%\f{"execute":"query-version"}\n'))).toEqual(["JSON parse error, stray '%'", "JSON parse error, stray '\f'", V]);
  });
});

/** Feed `input` in pieces cut at `cuts`. */
function feed(input: string, cuts: number[], opts?: ConstructorParameters<typeof JsonStream>[0]): JsonStreamEvent[] {
  const s = new JsonStream(opts);
  const out: JsonStreamEvent[] = [];
  let prev = 0;
  for (const c of [...cuts, input.length]) {
    out.push(...s.push(input.slice(prev, c)));
    prev = c;
  }
  out.push(...s.end());
  return out;
}

describe('chunking does not matter', () => {
  const inputs = [
    ...QEMU_OBSERVED.map(([i]) => i),
    '{"execute":"query-cpu-model-comparison","arguments":{"modela":{"name":"z14"},"modelb":{"name":"z13","props":{"vx":false}}}}\n',
    "{'execute': 'x', 'arguments': {'s': 'a\\'b\\u00e9\\uD83D\\uDE00\"', 'n': [-0.5e-3, 12, 0, true, null]}}\n",
    '{"a":"ünïcödé 中文 😀","b":"\\u0000"}\n[1,\n2]\n%x\n"unterminated',
    '{"a": "x"} tru 1.5e',
    '[' + '"ab\\\\cd",'.repeat(20) + '1]',
  ];

  it('split at every position into two chunks', () => {
    const failures: string[] = [];
    for (const input of inputs) {
      const ref = feed(input, []);
      for (let k = 0; k <= input.length; k++) {
        const got = feed(input, [k]);
        try {
          expect(got).toEqual(ref);
        } catch {
          failures.push(`${JSON.stringify(input)} cut at ${k}: ${JSON.stringify(got)} vs ${JSON.stringify(ref)}`);
          break;
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('one character at a time, and in three chunks', () => {
    for (const input of inputs) {
      const ref = feed(input, []);
      expect(feed(input, Array.from({ length: input.length }, (_, i) => i))).toEqual(ref);
      const n = input.length;
      for (let a = 0; a < n; a += 3) for (let b = a; b < n; b += 5) expect(feed(input, [a, b])).toEqual(ref);
    }
  });

  it('the line limit triggers at the same place however the line is cut', () => {
    const line = '{"execute":"x","arguments":{"s":"' + 'é'.repeat(40) + '"}}\n{"execute":"ok"}\n';
    for (const max of [10, 40, 60, 100, 200]) {
      const ref = feed(line, [], { maxLineBytes: max });
      for (let k = 0; k <= line.length; k++) expect(feed(line, [k], { maxLineBytes: max })).toEqual(ref);
    }
  });
});

describe('our line limit (maxLineBytes)', () => {
  const big = (n: number) => '{"execute":"query-cpu-model-expansion","arguments":{"model":{"name":"' + 'z'.repeat(n) + '"}}}';

  it('a 2 MiB line gives one error, then parsing resumes after its newline', () => {
    const MiB = 1024 * 1024;
    const input = big(2 * MiB) + '\n{"execute":"query-version"}\n';
    const ev = all(input);
    expect(ev).toEqual([err('JSON parse error, line exceeds 1048576 bytes'), { kind: 'value', value: { execute: 'query-version' } }]);
  });

  it('memory stays bounded while the long line streams in', () => {
    const MiB = 1024 * 1024;
    const s = new JsonStream();
    const out: JsonStreamEvent[] = [];
    const chunk = 'z'.repeat(64 * 1024);
    out.push(...s.push('{"execute":"x","arguments":{"name":"'));
    // the text the lexer holds of the token in progress
    const held = () => (s as unknown as { lexer: { tokPrefix: string } }).lexer.tokPrefix;
    let maxHeld = 0;
    for (let sent = 0; sent < 4 * MiB; sent += chunk.length) {
      out.push(...s.push(chunk));
      maxHeld = Math.max(maxHeld, held().length);
    }
    out.push(...s.push('"}}\n{"execute":"query-version"}\n'));
    expect(maxHeld).toBeLessThanOrEqual(MiB);
    expect(held()).toBe('');
    expect(out).toEqual([err('JSON parse error, line exceeds 1048576 bytes'), { kind: 'value', value: { execute: 'query-version' } }]);
  });

  it('uses the configured number and drops the rest of the line, values included', () => {
    const opts = { maxLineBytes: 100 };
    expect(shape(all(big(10) + '\n', opts))).toEqual([V]);
    expect(shape(all(big(60) + ' {"execute":"a"} {"execute":"b"}\n{"execute":"c"}\n', opts))).toEqual([
      'JSON parse error, line exceeds 100 bytes',
      V,
    ]);
    // a chunk that ends before the newline keeps skipping
    const s = new JsonStream(opts);
    expect(shape(s.push(big(200)))).toEqual(['JSON parse error, line exceeds 100 bytes']);
    expect(s.push('} ] {"execute":"a"}')).toEqual([]);
    expect(shape(s.push('\n{"execute":"a"}'))).toEqual([V]);
  });

  it('counts only the pending value: complete values and whitespace reset the count', () => {
    const opts = { maxLineBytes: 64 };
    const small = '{"execute":"query-version"}'; // 27 bytes
    // many complete values on one long line are fine
    expect(shape(all((small + '   ').repeat(100) + '\n', opts))).toEqual(Array(100).fill(V));
    // a value over many short lines is fine
    expect(shape(all('{"execute":\n' + '"x",\n"a":[1,\n'.repeat(50).slice(0, 0) + '"y"}\n', opts))).toEqual([V]);
    // a value whose pending part passes 64 bytes before it completes is not
    const v66 = '{"execute":"' + 'x'.repeat(66 - 14) + '"}';
    expect(Buffer.byteLength(v66)).toBe(66);
    expect(shape(all(v66 + ' ' + small + '\n' + small + '\n', opts))).toEqual(['JSON parse error, line exceeds 64 bytes', V]);
    // the byte that completes the value does not count against it
    const v65 = '{"execute":"' + 'x'.repeat(65 - 14) + '"}';
    expect(shape(all(v65 + '\n', opts))).toEqual([V]);
    // non-ASCII counts as its UTF-8 bytes: 'é' is 2, '中' 3, '😀' 4
    const u = (s: string) => '{"execute":"' + s + '"}\n';
    expect(shape(all(u('é'.repeat(25)), { maxLineBytes: 12 + 50 }))).toEqual(['JSON parse error, line exceeds 62 bytes']);
    expect(shape(all(u('é'.repeat(25)), { maxLineBytes: 12 + 50 + 1 }))).toEqual([V]);
    expect(shape(all(u('中'.repeat(10)), { maxLineBytes: 12 + 30 }))).toEqual(['JSON parse error, line exceeds 42 bytes']);
    expect(shape(all(u('中'.repeat(10)), { maxLineBytes: 12 + 30 + 1 }))).toEqual([V]);
    expect(shape(all(u('😀'.repeat(10)), { maxLineBytes: 12 + 40 }))).toEqual(['JSON parse error, line exceeds 52 bytes']);
    expect(shape(all(u('😀'.repeat(10)), { maxLineBytes: 12 + 40 + 1 }))).toEqual([V]);
  });

  it('the count restarts at each newline, even inside a pending value', () => {
    const opts = { maxLineBytes: 40 };
    const lines = ['{"execute":"query-version",', '"arguments":{"a":"' + 'x'.repeat(10) + '",', '"b":[1,2,3]}}'];
    expect(shape(all(lines.join('\n') + '\n', opts))).toEqual([V]);
    expect(shape(all(lines.join('') + '\n', opts))).toEqual(['JSON parse error, line exceeds 40 bytes']);
  });

  it('pending tokens from earlier lines are dropped with the long line', () => {
    const opts = { maxLineBytes: 20 };
    const s = new JsonStream(opts);
    expect(s.push('{"execute":\n')).toEqual([]);
    expect(shape(s.push('"' + 'x'.repeat(30) + '"}\n'))).toEqual(['JSON parse error, line exceeds 20 bytes']);
    expect(shape(s.push('{"execute":"y"}\n'))).toEqual([V]);
    expect(s.end()).toEqual([]);
  });

  it('what QEMU skips while recovering does not count', () => {
    const opts = { maxLineBytes: 16 };
    expect(shape(all('%' + 'x'.repeat(100) + '{"a":1}\n', opts))).toEqual(["JSON parse error, stray '%'", V]);
    expect(shape(all(' '.repeat(100) + '{"a":1}\n', opts))).toEqual([V]);
  });
});

describe('options', () => {
  it('maxLineBytes: Infinity turns our limit off; nonsense is refused', () => {
    const line = '{"execute":"' + 'x'.repeat(2 * 1024 * 1024) + '"}\n';
    expect(shape(all(line, { maxLineBytes: Infinity }))).toEqual([V]);
    expect(shape(all(line, {}))).toEqual(['JSON parse error, line exceeds 1048576 bytes']);
    expect(() => new JsonStream({ maxLineBytes: 0 })).toThrow(RangeError);
    expect(() => new JsonStream({ maxLineBytes: Number.NaN })).toThrow(RangeError);
  });
});

describe('QEMU token limits (json-streamer.c)', () => {
  it('token count: 2 Mi tokens are fine, one more is not (observed)', () => {
    expect(QEMU_JSON_MAX_TOKEN_COUNT).toBe(2097152);
    // [ 1, 1, ... [] ]: 1 + 2N + 2 + 1 tokens
    const n1 = (QEMU_JSON_MAX_TOKEN_COUNT - 4) / 2;
    const ok = all('[' + '1,'.repeat(n1) + '[]]\n', { maxLineBytes: 1 << 30 });
    expect(shape(ok)).toEqual([V]);
    expect(((ok[0] as { value: unknown[] }).value).length).toBe(n1 + 1);
    const n2 = (QEMU_JSON_MAX_TOKEN_COUNT - 2) / 2; // 1 + 2N + 2 = 2 Mi + 1 tokens
    expect(shape(all('[' + '1,'.repeat(n2) + '1]\n', { maxLineBytes: 1 << 30 }))).toEqual(['JSON token count limit exceeded']);
  });

  it('total token size: 64 MiB minus 2 is too much (observed)', () => {
    expect(QEMU_JSON_MAX_TOKEN_SIZE).toBe(64 * 1024 * 1024);
    const opts = { maxLineBytes: 1 << 30 };
    // tokens "[", a string of L bytes, "]"
    const str = (L: number) => '["' + 'a'.repeat(L - 2) + '"]\n';
    const ok = all(str(QEMU_JSON_MAX_TOKEN_SIZE - 3), opts);
    expect(shape(ok)).toEqual([V]);
    expect(shape(all(str(QEMU_JSON_MAX_TOKEN_SIZE - 2), opts))).toEqual(['JSON token size limit exceeded']);
  });

  it("one token over 64 MiB: the lexer hands it over early and restarts mid-token (lexer's MAX_TOKEN_SIZE; observed)", () => {
    // Only reachable when maxLineBytes is above 64 MiB. The lexer checks the
    // token after each character: at 64 MiB + 1 bytes it passes it on (the
    // streamer rejects it) and goes back to its start state, so the rest of
    // the string is lexed as JSON: "bc" is a keyword, '"' opens a string that
    // the newline breaks.
    const opts = { maxLineBytes: 1 << 30 };
    expect(shape(all('"' + 'a'.repeat(QEMU_JSON_MAX_TOKEN_SIZE) + 'bc"\n', opts))).toEqual([
      'JSON token size limit exceeded',
      "JSON parse error, invalid keyword 'bc'",
      'JSON parse error, stray \'"\n\'',
    ]);
  });

  it('the limits apply over many lines too, where our line limit does not', () => {
    // 100 lines of 700 KiB strings: QEMU's 64 MiB total is what stops it
    const line = '"' + 'a'.repeat(700 * 1024) + '",\n';
    const s = new JsonStream();
    const out: JsonStreamEvent[] = [];
    out.push(...s.push('[\n'));
    for (let k = 0; k < 100; k++) out.push(...s.push(line));
    out.push(...s.push('1]\n'));
    // "[" and k strings with their commas fit while 1 + k*(L+1) + L + 1 <= 64 MiB
    const L = 700 * 1024 + 2;
    let k = 0;
    while (1 + k * (L + 1) + L + 1 <= QEMU_JSON_MAX_TOKEN_SIZE) k++;
    expect(k).toBe(93);
    const exp = 'JSON parse error, expecting value';
    // then the rest of the input is lexed on: each string is a value, each comma an error
    const rest = Array.from({ length: 100 - k - 1 }, () => [V, exp]).flat();
    expect(shape(out)).toEqual(['JSON token size limit exceeded', exp, ...rest, V, exp]);
  });
});

describe('throughput sanity', () => {
  it('parses 20,000 small QMP requests', () => {
    const req = '{"execute":"query-cpu-model-comparison","arguments":{"modela":{"name":"z14"},"modelb":{"name":"z13"}}}\n';
    const s = new JsonStream();
    let n = 0;
    let last: unknown;
    // in chunks that cut requests anywhere
    const text = req.repeat(20000);
    for (let i = 0; i < text.length; i += 4093) {
      for (const e of s.push(text.slice(i, i + 4093))) {
        expect(e.kind).toBe('value');
        n++;
        last = (e as { value: unknown }).value;
      }
    }
    expect(s.end()).toEqual([]);
    expect(n).toBe(20000);
    expect(last).toEqual({ execute: 'query-cpu-model-comparison', arguments: { modela: { name: 'z14' }, modelb: { name: 'z13' } } });
  });
});
