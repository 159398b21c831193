import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ndjsonLines, type NdjsonLine } from './ndjson.js';

const read = async (chunks: (string | Buffer)[], max: number): Promise<NdjsonLine[]> => {
  const out: NdjsonLine[] = [];
  for await (const l of ndjsonLines(Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))), max)) out.push(l);
  return out;
};

describe('ndjsonLines', () => {
  it('splits lines across chunk boundaries, drops CR, keeps multi-byte characters whole', async () => {
    const e = Buffer.from('é');
    expect(await read(['{"a":1}\r\n{"b', '":2}\n', Buffer.from('"'), e.subarray(0, 1), Buffer.concat([e.subarray(1), Buffer.from('"\n\n{"c":3}')])], 100)).toEqual([
      { n: 1, text: '{"a":1}' },
      { n: 2, text: '{"b":2}' },
      { n: 3, text: '"é"' },
      { n: 4, text: '' },
      { n: 5, text: '{"c":3}' },
    ]);
  });

  it('reports a line over the limit by number and size without holding it, and reads the lines after it', async () => {
    const big = 'x'.repeat(40);
    // the oversized line arrives in many small chunks: at no time more than the limit is held
    const chunks = ['ok-1\n', ...Array.from({ length: 10 }, () => big), '\nok-3\n', 'y'.repeat(11)];
    const out = await read(chunks, 10);
    expect(out).toEqual([
      { n: 1, text: 'ok-1' },
      { n: 2, oversized: 400 },
      { n: 3, text: 'ok-3' },
      { n: 4, oversized: 11 },
    ]);
    // exactly at the limit is accepted
    expect(await read(['0123456789\n'], 10)).toEqual([{ n: 1, text: '0123456789' }]);
  });
});
