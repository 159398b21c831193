// The QMP benchmarks' pump (bench/qmp-common.ts): keeps a window of requests
// outstanding on one QmpClient for a while and counts the replies without
// parsing them, through the client's raw tap. Bench-only; the client itself
// (src/adapters/qmp/client.ts) stays a plain QMP client.

import { readFile } from 'node:fs/promises';
import type { QmpClient } from '../src/adapters/qmp/client.js';
import { parseJsonExact } from '../src/adapters/qmp/json-stream.js';

export interface ThroughputOptions {
  /** Number of requests kept outstanding at once (default 64). */
  window?: number;
  /** How long to keep sending (ms). */
  durationMs: number;
}

export interface ThroughputResult {
  /** Replies received before the deadline. */
  replies: number;
  /** Of those, how many were {error} replies. */
  errors: number;
  /** Measured interval in ms (first write to the first reply at/after the deadline). */
  elapsedMs: number;
  /** replies / elapsed seconds. */
  perSecond: number;
}

const NL = 0x0a;
const RETURN_PREFIX = Buffer.from('{"return"');
const ERROR_PREFIX = Buffer.from('{"error"');
const PREFIX_LEN = 9;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Counts reply lines as they stream in: a line starting with {"return" or
 * {"error" is classified by its prefix; any other line (an event, another
 * key order) is parsed, and events are not counted.
 */
class ReplyCounter {
  private readonly prefix = Buffer.alloc(PREFIX_LEN);
  private prefixLen = 0;
  /** The whole of an unusual line, kept to be parsed. */
  private slow: Buffer[] | null = null;

  /** Replies and {error} replies completed by this chunk; throws on a line that is not JSON. */
  count(chunk: Buffer): { replies: number; errors: number } {
    let replies = 0;
    let errors = 0;
    let start = 0;
    const len = chunk.length;
    while (start < len) {
      const nl = chunk.indexOf(NL, start);
      const end = nl < 0 ? len : nl;
      // the first PREFIX_LEN bytes of the line (they may span chunks)
      if (this.slow === null && this.prefixLen < PREFIX_LEN) {
        const n = Math.min(PREFIX_LEN - this.prefixLen, end - start);
        chunk.copy(this.prefix, this.prefixLen, start, start + n);
        this.prefixLen += n;
        if (this.prefixLen === PREFIX_LEN && !this.prefix.equals(RETURN_PREFIX) && !this.isError()) {
          this.slow = [Buffer.from(this.prefix)];
          if (start + n < end) this.slow.push(Buffer.from(chunk.subarray(start + n, end)));
        }
      } else if (this.slow !== null) {
        this.slow.push(Buffer.from(chunk.subarray(start, end)));
      }
      if (nl < 0) break;
      // end of a line
      if (this.slow !== null || this.prefixLen < PREFIX_LEN) {
        const text = (this.slow ? Buffer.concat(this.slow) : this.prefix.subarray(0, this.prefixLen)).toString('utf8').trim();
        if (text) {
          let msg: unknown;
          try {
            msg = parseJsonExact(text);
          } catch {
            throw new Error(`invalid JSON from server: ${text.slice(0, 200)}`);
          }
          const isEvent = isObject(msg) && 'event' in msg && !('return' in msg) && !('error' in msg);
          if (!isEvent) {
            replies++;
            if (isObject(msg) && 'error' in msg) errors++;
          }
        }
      } else {
        replies++;
        if (this.isError()) errors++;
      }
      this.prefixLen = 0;
      this.slow = null;
      start = nl + 1;
    }
    return { replies, errors };
  }

  private isError(): boolean {
    return this.prefix.subarray(0, ERROR_PREFIX.length).equals(ERROR_PREFIX);
  }
}

/**
 * Keeps `window` requests outstanding for `durationMs`, cycling through
 * `requestLines` (complete JSON texts, without ids; replies are matched by
 * order), and counts the replies. The client must be idle; it is usable
 * again afterwards.
 */
export function throughput(client: QmpClient, requestLines: string[], opts: ThroughputOptions): Promise<ThroughputResult> {
  if (!requestLines.length) return Promise.reject(new Error('throughput() needs at least one request'));
  const window = Math.max(1, opts.window ?? 64);
  const lines = requestLines.map((l) => (l.endsWith('\n') ? l : l + '\n'));
  return new Promise<ThroughputResult>((resolve, reject) => {
    let next = 0;
    const take = (n: number): string => {
      let s = '';
      for (let i = 0; i < n; i++) {
        s += lines[next];
        next = (next + 1) % lines.length;
      }
      return s;
    };
    const counter = new ReplyCounter();
    const start = performance.now();
    const deadline = start + opts.durationMs;
    let outstanding = window;
    let counted = 0;
    let errors = 0;
    let stopped = false;
    let stoppedAt = 0;
    const onData = (chunk: Buffer) => {
      let got: { replies: number; errors: number };
      try {
        got = counter.count(chunk);
      } catch (err) {
        tap.release();
        reject(err as Error);
        return;
      }
      const n = got.replies;
      if (n === 0) return;
      outstanding -= n;
      if (!stopped) {
        counted += n;
        errors += got.errors;
        const now = performance.now();
        if (now >= deadline) {
          stopped = true;
          stoppedAt = now;
        }
      }
      if (!stopped) {
        outstanding += n;
        tap.write(take(n));
      }
      if (stopped && outstanding === 0) {
        tap.release();
        const elapsedMs = Math.max(stoppedAt - start, 1e-3);
        resolve({ replies: counted, errors, elapsedMs, perSecond: (counted * 1000) / elapsedMs });
      }
    };
    let tap: ReturnType<QmpClient['tap']>;
    try {
      tap = client.tap(onData, reject);
    } catch (err) {
      reject(err as Error);
      return;
    }
    tap.write(take(window));
  });
}

/** VmRSS of a process in KiB (Linux /proc), or null when unavailable. */
export async function readRssKiB(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}
