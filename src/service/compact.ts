/**
 * Give the memory of a bulk import back once the service is idle.
 *
 * A hosts:import of 100,000 hosts leaves its garbage in V8's old
 * generation: every batch's documents (as parsed, as stored JSON text, the
 * batch's SQL parameters) live until the batch commits, so scavenges promote
 * them. V8 collects that garbage sooner or later, but the heap it grew to
 * (and the pages behind it) stays: measured at 100,000 hosts, about
 * 1.4-1.6 KB of RSS per host right after the import against 0.5-0.6 KB after
 * a restart (docs/service.md, "Memory after a bulk import").
 *
 * After a bulk import ends, this waits until the event loop has been idle for
 * a moment, then runs one full collection that compacts every old-space
 * page (gc() with V8's --compact-on-every-full-gc set for that one call; a
 * plain gc() sweeps but keeps the fragmented pages: measured at 100,000
 * hosts on PostgreSQL, old space 94 MiB for 38 MiB live, RSS 198 MiB; with
 * the compaction, 39 MiB and 145 MiB, against 100 MiB at start). It runs at
 * most once per import and never while requests keep the process busy: a
 * query arriving during the pause waits for it (50-500 ms at 100,000 hosts,
 * once), which is why it waits for an idle moment (no request at all for
 * idleMs, and the event loop nearly idle) and gives up when none comes
 * (V8's own memory reducer then gets there later).
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

type Gc = () => void;

let gcFn: Gc | null | undefined;

/** V8's gc(), from a fresh context when node was not started with --expose-gc (undefined: not available). */
export function gcFunction(): Gc | undefined {
  if (gcFn === undefined) {
    const g = (globalThis as { gc?: Gc }).gc;
    if (typeof g === 'function') gcFn = g;
    else {
      try {
        v8.setFlagsFromString('--expose-gc');
        gcFn = vm.runInNewContext('gc') as Gc;
      } catch {
        gcFn = null;
      } finally {
        // later contexts do not get it
        v8.setFlagsFromString('--no-expose-gc');
      }
    }
  }
  return gcFn ?? undefined;
}

export interface CompactOptions {
  /** how long the event loop must have been (nearly) idle, ms */
  idleMs?: number;
  /** idle: the event loop's utilization over idleMs below this */
  idleUtilization?: number;
  /** give up after this many looks (one per idleMs) */
  tries?: number;
  /** called with what was done (tests, logs) */
  onDone?: (r: { ms: number; rssBefore: number; rssAfter: number } | { skipped: string }) => void;
}

/** Compacts the heap once the process is idle; `schedule` after each bulk import. */
export class IdleCompactor {
  private timer: NodeJS.Timeout | undefined;
  private readonly idleMs: number;
  private readonly idleUtilization: number;
  private readonly tries: number;
  /** imports running: no compaction while one is */
  busy = 0;
  /**
   * requests that arrived (the server counts them): a compaction waits for a look with none since the last, even
   * when they cost too little to show in the event loop's utilization. The pause (0.1-0.5 s at 100,000 hosts) is
   * then less likely to fall on a query: a few queries a second keep the loop under 5 % busy, and one arriving
   * during the pause waits for it.
   */
  requests = 0;

  constructor(private readonly o: CompactOptions = {}) {
    this.idleMs = o.idleMs ?? 300;
    this.idleUtilization = o.idleUtilization ?? 0.05;
    this.tries = o.tries ?? 100;
  }

  /** A bulk import ended: compact once the event loop has been idle for idleMs. */
  schedule(): void {
    if (this.timer) return;
    let left = this.tries;
    let from = performance.eventLoopUtilization();
    let seen = this.requests;
    const look = (): void => {
      const elu = performance.eventLoopUtilization(from);
      from = performance.eventLoopUtilization();
      const asked = this.requests !== seen;
      seen = this.requests;
      if (this.busy || asked || elu.utilization > this.idleUtilization) {
        if (--left > 0) {
          this.timer = setTimeout(look, this.idleMs).unref();
          return;
        }
        this.timer = undefined;
        this.o.onDone?.({ skipped: this.busy ? 'an import is running' : asked ? 'requests kept arriving' : 'never idle' });
        return;
      }
      this.timer = undefined;
      // not inside onDone?.(…): its arguments are not evaluated when there is no onDone
      const r = this.now();
      this.o.onDone?.(r);
    };
    this.timer = setTimeout(look, this.idleMs).unref();
  }

  /** Compact now (one full, memory-reducing collection). */
  now(): { ms: number; rssBefore: number; rssAfter: number } | { skipped: string } {
    const gc = gcFunction();
    if (!gc) return { skipped: 'gc() is not available' };
    const rssBefore = process.memoryUsage.rss();
    const t0 = performance.now();
    // plain gc() with every page an evacuation candidate (V8 then hands the freed pages back on a background
    // thread, so RSS falls within a second); on Node 20 the options form ({type: 'major', …}) was measured to
    // leave the heap as it was
    v8.setFlagsFromString('--compact-on-every-full-gc');
    try {
      gc();
    } finally {
      v8.setFlagsFromString('--no-compact-on-every-full-gc');
    }
    return { ms: performance.now() - t0, rssBefore, rssAfter: process.memoryUsage.rss() };
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
