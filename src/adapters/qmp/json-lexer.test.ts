/**
 * The lexer alone (QEMU 7.2 json-lexer.c's machine), with a sink that
 * records tokens: which tokens, with which text and size, where lookahead
 * ends a token, what an error token holds, where recovery resumes, what
 * flush does, and that chunk boundaries change nothing.
 */
import { describe, expect, it } from 'vitest';
import {
  F_CHECK,
  F_ESCAPE,
  JSON_COLON,
  JSON_COMMA,
  JSON_ERROR,
  JSON_FLOAT,
  JSON_INTEGER,
  JSON_KEYWORD,
  JSON_LCURLY,
  JSON_LSQUARE,
  JSON_OVERSIZED,
  JSON_RCURLY,
  JSON_RSQUARE,
  JSON_STRING,
  JsonLexer,
  type JsonTokenSink,
} from './json-lexer.js';

const NAMES: Record<number, string> = {
  [JSON_ERROR]: 'ERROR',
  [JSON_LCURLY]: '{',
  [JSON_RCURLY]: '}',
  [JSON_LSQUARE]: '[',
  [JSON_RSQUARE]: ']',
  [JSON_COLON]: ':',
  [JSON_COMMA]: ',',
  [JSON_INTEGER]: 'INT',
  [JSON_FLOAT]: 'FLOAT',
  [JSON_KEYWORD]: 'KW',
  [JSON_STRING]: 'STR',
  [JSON_OVERSIZED]: 'OVERSIZED',
};

/** A sink that queues every good token until told to drop them (so the line limit sees a pending value). */
class Recorder implements JsonTokenSink {
  count = 0;
  log: string[] = [];
  token(type: number, text: string, bytes: number, flags: number): void {
    const name = NAMES[type] ?? `?${type}`;
    if (type === JSON_ERROR) {
      this.log.push(`ERROR ${JSON.stringify(text)}`);
      this.count = 0;
    } else if (type === JSON_STRING || type === JSON_INTEGER || type === JSON_FLOAT || type === JSON_KEYWORD) {
      this.log.push(`${name} ${JSON.stringify(text)} ${bytes}${flags ? ` f${flags}` : ''}`);
      this.count++;
    } else {
      this.log.push(name);
      this.count++;
    }
  }
  abandon(desc: string): void {
    this.log.push(`ABANDON ${desc}`);
    this.count = 0;
  }
  endOfInput(): void {
    this.log.push('EOI');
  }
}

function lex(chunks: string[], maxLineBytes = Infinity): string[] {
  const r = new Recorder();
  const l = new JsonLexer(r, { maxLineBytes });
  for (const c of chunks) l.feed(c);
  l.flush();
  return r.log;
}

describe('JsonLexer', () => {
  it('tokens of a QMP request; plain strings come without quotes, with their UTF-8 size', () => {
    expect(lex(['{"execute": "query-cpu-model-expansion", "arguments": {"x": [1, -2.5e3, true]}}'])).toEqual([
      '{', 'STR "execute" 9', ':', 'STR "query-cpu-model-expansion" 27', ',', 'STR "arguments" 11', ':', '{', 'STR "x" 3', ':',
      '[', 'INT "1" 1', ',', 'FLOAT "-2.5e3" 6', ',', 'KW "true" 4', ']', '}', '}', 'EOI',
    ]);
  });

  it("a number with '.', 'e' or 'E' is a float token, otherwise an integer token", () => {
    expect(lex(['1e3 1E3 1.0 -0 -0.0 0 18446744073709551616 '])).toEqual([
      'FLOAT "1e3" 3', 'FLOAT "1E3" 3', 'FLOAT "1.0" 3', 'INT "-0" 2', 'FLOAT "-0.0" 4', 'INT "0" 1', 'INT "18446744073709551616" 20', 'EOI',
    ]);
  });

  it('strings that need decoding come whole, flagged; sizes count UTF-8 bytes', () => {
    expect(lex([`"a\\"b" 'c"d' "\u00e9\u4e2d" "\ud83d\ude00"`])).toEqual([
      'STR "\\"a\\\\\\"b\\"" 6 f1',
      'STR "c\\"d" 5',
      'STR "éä¸­" 7'.replace('éä¸­', '\u00e9\u4e2d'),
      `STR ${JSON.stringify('"\ud83d\ude00"')} 6 f${F_CHECK}`,
      'EOI',
    ]);
    expect(F_ESCAPE).toBe(1);
  });

  it('lookahead: a keyword or number ends at the first character that cannot continue it', () => {
    expect(lex(['true,12}abc[x'])).toEqual(['KW "true" 4', ',', 'INT "12" 2', '}', 'KW "abc" 3', '[', 'KW "x" 1', 'EOI']);
  });

  it('errors hold the token so far with the bad character; non-ASCII prints as U+FFFD (its first byte)', () => {
    // (recovery skips the rest of each line)
    expect(lex(['01 2\n-x\n1.e\n"a\tb"\n\u00e9'])).toEqual([
      'ERROR "01"', 'ERROR "-x"', 'ERROR "1.e"', 'ERROR "\\"a\\t"', 'ERROR "\ufffd"', 'EOI',
    ]);
  });

  it('recovery skips to a structural or control character other than tab', () => {
    expect(lex(['% abc\t1 2 {"a"'])).toEqual(['ERROR "%"', '{', 'STR "a" 3', 'EOI']);
    // a control character ends recovery, and is itself an error in the start state
    expect(lex(['%x\n1 %y\u00012\n3'])).toEqual(['ERROR "%"', 'INT "1" 1', 'ERROR "%"', 'ERROR "\\u0001"', 'INT "3" 1', 'EOI']);
  });

  it('flush: a number or keyword in progress completes, anything else is an error without a bad character', () => {
    expect(lex(['12'])).toEqual(['INT "12" 2', 'EOI']);
    expect(lex(['nul'])).toEqual(['KW "nul" 3', 'EOI']);
    expect(lex(['1.5e'])).toEqual(['ERROR "1.5e"', 'EOI']);
    expect(lex(['"abc'])).toEqual(['ERROR "\\"abc"', 'EOI']);
    expect(lex(['"abc\\'])).toEqual(['ERROR "\\"abc\\\\"', 'EOI']);
    expect(lex([''])).toEqual(['EOI']);
  });

  it('chunk boundaries change nothing, at any position', () => {
    const input = `{"execute":"x","arguments":{"s":"t\\u00e9\\"", 'q': [1.5e-3, -0, null, "\ud83d\ude00"]}}\n%bad\n[1,2]\n"\u4e2d`;
    const whole = lex([input]);
    for (let k = 0; k <= input.length; k++) expect(lex([input.slice(0, k), input.slice(k)]), `split at ${k}`).toEqual(whole);
    expect(lex([...input])).toEqual(whole);
  });

  it('our line limit: the pending part of a line over the limit is abandoned, up to the next newline', () => {
    expect(lex(['{"a": "' + 'x'.repeat(20) + '"} 1\n2'], 16)).toEqual(['{', 'STR "a" 3', ':', 'ABANDON JSON parse error, line exceeds 16 bytes', 'INT "2" 1', 'EOI']);
    // whitespace while nothing is pending does not count; a newline restarts the count
    expect(lex([' '.repeat(40) + '[1,\n' + '2]'], 8)).toEqual(['[', 'INT "1" 1', ',', 'INT "2" 1', ']', 'EOI']);
  });

  it('refuses a line limit below 1', () => {
    expect(() => new JsonLexer(new Recorder(), { maxLineBytes: 0 })).toThrow(/maxLineBytes must be at least 1, not 0/);
    expect(() => new JsonLexer(new Recorder(), { maxLineBytes: NaN })).toThrow(/not NaN/);
  });
});
