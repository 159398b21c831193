/**
 * NDJSON lines from a byte stream with a per-line size limit enforced while
 * reading: a line over the limit is skipped as its bytes arrive (never held
 * whole) and reported by its number, so one oversized line costs at most
 * `maxBytes` of memory and the lines after it are still read.
 */
import type { Readable } from 'node:stream';

export type NdjsonLine = { n: number; text: string } | { n: number; oversized: number };

const NL = 0x0a;

/** The lines, as soon as each chunk of the stream is read (one batch per chunk: an await per line costs more than reading it). */
export async function* ndjsonBatches(input: Readable | AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<NdjsonLine[]> {
  let parts: Buffer[] = [];
  let held = 0;
  /** bytes of the current line when it is over the limit (its bytes are dropped), else -1 */
  let over = -1;
  let n = 0;
  const end = (): NdjsonLine => {
    n++;
    if (over >= 0) {
      const r = { n, oversized: over };
      over = -1;
      return r;
    }
    let buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts, held);
    if (buf.length && buf[buf.length - 1] === 0x0d) buf = buf.subarray(0, buf.length - 1);
    parts = [];
    held = 0;
    return { n, text: buf.toString('utf8') };
  };
  const take = (chunk: Buffer): void => {
    if (over >= 0) {
      over += chunk.length;
      return;
    }
    if (held + chunk.length > maxBytes) {
      over = held + chunk.length;
      parts = [];
      held = 0;
      return;
    }
    parts.push(chunk);
    held += chunk.length;
  };
  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    let from = 0;
    const out: NdjsonLine[] = [];
    for (let i = chunk.indexOf(NL); i >= 0; i = chunk.indexOf(NL, from)) {
      take(chunk.subarray(from, i));
      out.push(end());
      from = i + 1;
    }
    // the rest of the chunk is the start of a line: copied, so the stream's buffer is not kept alive
    if (from < chunk.length) take(Buffer.from(chunk.subarray(from)));
    if (out.length) yield out;
  }
  if (held || over >= 0) yield [end()];
}

/** The lines one by one. */
export async function* ndjsonLines(input: Readable | AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<NdjsonLine> {
  for await (const batch of ndjsonBatches(input, maxBytes)) yield* batch;
}
