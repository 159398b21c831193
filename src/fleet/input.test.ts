import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, MAX_INPUT_BYTES, MAX_LINE_BYTES, openInput, type InputLines } from './input.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-input-'));
let n = 0;
const file = (text: string | Buffer): string => {
  const f = path.join(dir, `f${n++}.ndjson`);
  writeFileSync(f, text);
  return f;
};
const lines = (t: ReturnType<typeof openInput>): string[] => {
  if (typeof t === 'string') throw new Error('read whole, not as lines');
  const out: string[] = [];
  t.forEach((s, i) => void out.push(`${i}:${s}`));
  return out;
};
const refusal = (f: string): string => {
  try {
    lines(openInput(f, { what: 'host file' }));
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  return 'not refused';
};
/** n lines of `{"i":…}` padded to about `width` bytes each */
const many = (count: number, width = 100): string[] => Array.from({ length: count }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(width) }));

describe('openInput: NDJSON as lines read in chunks, anything else whole', () => {
  it('an NDJSON file gives its lines in order, numbered from 1, across chunks, blank lines and CRLF kept as the text has them', () => {
    const ls = many(3000); // ~330 KB: several chunks
    ls.splice(7, 0, '', '   ');
    ls[20] = `${ls[20]}\r`;
    const text = `${ls.join('\n')}\n`;
    expect(lines(openInput(file(text)))).toEqual(text.slice(0, -1).split('\n').map((s, i) => `${i + 1}:${s}`));
    // no newline at the end: the last line all the same
    expect(lines(openInput(file(text.slice(0, -1))))).toEqual(text.slice(0, -1).split('\n').map((s, i) => `${i + 1}:${s}`));
  });

  it('a line longer than a chunk', () => {
    const long = JSON.stringify({ a: 'y'.repeat(300_000) });
    expect(lines(openInput(file(`{}\n${long}\n{}\n`)))).toEqual(['1:{}', `2:${long}`, '3:{}']);
  });

  it('leading blank lines and a byte-order mark: line numbers as in the file, the mark dropped only when checked', () => {
    const f = file(`\ufeff\n\n{"a":1}\n{"b":2}\n`);
    expect(lines(openInput(f))).toEqual(['1:', '2:', '3:{"a":1}', '4:{"b":2}']);
    expect(lines(openInput(f, { checked: false }))).toEqual(['1:\ufeff', '2:', '3:{"a":1}', '4:{"b":2}']);
  });

  it('any other text is read whole: one object (even on one line), a pretty-printed one, an array, XML, a first line that is no object', () => {
    for (const t of ['{"a":1}\n', '{"a":1}\n\n  \n', '{\n  "a": 1\n}\n', '[{"a":1},\n{"a":2}]\n', '<cpu/>\n<x/>\n', '"s"\n{"a":1}\n', '{"a":\n1}\n{"b":2}\n']) {
      expect(openInput(file(t)), t).toBe(t);
    }
  });

  it('the checks of a whole read, for every chunk of lines: binary, not UTF-8, a DTD, __proto__ (also across a chunk cut), naming the file', () => {
    const body = many(2000).join('\n'); // past the first chunk
    const nul = file(`${body}\n{"a":"\u0000"}\n`);
    expect(refusal(nul)).toBe(`host file '${nul}': the file is binary (it holds NUL bytes), not a text description`);
    const latin1 = file(Buffer.concat([Buffer.from(`${body}\n`), Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d, 0x0a])]));
    expect(refusal(latin1)).toBe(`host file '${latin1}': the file is binary (not UTF-8 text), not a host or CPU description`);
    const dtd = file(`${body}\n{"a":"<!DOCTYPE x>"}\n`);
    expect(refusal(dtd)).toMatch(/^host file '.*': the XML has a DTD/);
    const proto = file(`${body}\n{"__proto__" : {"x": 1}}\n`);
    expect(refusal(proto)).toMatch(/^host file '.*': the JSON has a '__proto__' key, which is refused/);
    // the key at a chunk's end, its ':' on the next line (a 64 KiB chunk ends after a '\n')
    const first = `{"a":"${'z'.repeat(65536 - 20)}","__proto__"`;
    const split = file(`{}\n${first}\n   \n: 1}\n`);
    expect(refusal(split)).toMatch(/'__proto__' key, which is refused/);
    // a key named so in a value is no key
    expect(refusal(file(`{"a":"__proto__"}\n{"b":"\\"__proto__\\""}\n`))).toBe('not refused');
  });

  it('an NDJSON file is not refused for its size: it is read in chunks (this one past the limit, refused for its NUL bytes)', () => {
    const f = file('{"a":1}\n{"a":2}\n');
    truncateSync(f, MAX_INPUT_BYTES + 1); // sparse
    const t = openInput(f, { what: 'host file' });
    expect(typeof t).toBe('object');
    expect(refusal(f)).toMatch(/holds NUL bytes/);
  });

  it('a line is not gathered without end: binary bytes are found before the buffer grows', () => {
    const f = file(`{"a":1}\n{"a":2}\n{"a":"${'q'.repeat(200_000)}`);
    writeFileSync(f, Buffer.alloc(1 << 20), { flag: 'a' });
    expect(refusal(f)).toMatch(/holds NUL bytes/);
  });

  it('a line longer than the line limit is refused, naming its number', () => {
    const f = file('{"a":1}\n{"a":2}\n');
    truncateSync(f, 16 + MAX_LINE_BYTES + 1); // unchecked: its NUL bytes are no refusal
    expect(() => lines(openInput(f, { checked: false }))).toThrow(`input file '${f}': line 3 is longer than the 16 MiB cpumodels reads in one line (one host document per line)`);
  });

  it('a file read whole keeps the size limit', () => {
    const f = file('<cpu/>\n');
    truncateSync(f, MAX_INPUT_BYTES + 1);
    expect(() => openInput(f, { what: 'host file' })).toThrow(/MiB, more than the 256 MiB cpumodels reads/);
  });

  it('a plain file is not held open until its lines are read: a folder of many NDJSON files costs no descriptors', () => {
    const opened = Array.from({ length: 300 }, (_, i) => openInput(file(`{"a":${i}}\n{"b":${i}}\n`)));
    const fds = readdirSync('/proc/self/fd').length;
    expect(fds).toBeLessThan(200);
    expect(opened.map((t) => lines(t)[1])).toEqual(Array.from({ length: 300 }, (_, i) => `2:{"b":${i}}`));
  });

  it('a pipe: the bytes looked at first are not lost', () => {
    const fifo = path.join(dir, 'fifo');
    spawnSync('mkfifo', [fifo]);
    const text = many(3000).join('\n');
    const src = file(text);
    const writer = spawn('sh', ['-c', `cat '${src}' > '${fifo}'`]);
    try {
      expect(lines(openInput(fifo))).toEqual(text.split('\n').map((s, i) => `${i + 1}:${s}`));
    } finally {
      writer.kill();
    }
  });

  it('lines are read once; stopping early closes the file', () => {
    const t = openInput(file('{"a":1}\n{"a":2}\n{"a":3}\n')) as InputLines;
    const seen: number[] = [];
    t.forEach((_s, i) => (seen.push(i), i < 2));
    expect(seen).toEqual([1, 2]);
    expect(() => t.forEach(() => true)).toThrow(/read already/);
  });
});
