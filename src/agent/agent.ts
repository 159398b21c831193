/**
 * The probing agent's loop: probe this host, PUT its description to the
 * fleet service once at start and then only when the capability signature
 * (or the labels) change; retry with exponential back-off while the server
 * cannot be reached, always sending the newest probe, so that no change is
 * lost; stop cleanly (no request left half-done) when asked.
 *
 * I/O is injected (probe, fetch, clock), so the loop is tested with a real
 * server and a simulated capability change.
 */
import { readHostText } from '../fleet/commands.js';

export interface Probed {
  /** the description as read (sent as the PUT body) */
  text: string;
  origin: string;
  /** every source tried and what it gave (logged with each send) */
  reached?: readonly { origin: string; status: string }[];
}

export interface AgentOptions {
  server: string;
  token: string;
  name: string;
  labels?: Record<string, string>;
  intervalMs: number;
  probe: () => Promise<Probed>;
  fetch?: typeof fetch;
  backoff?: { initialMs: number; maxMs: number };
  log?: (line: string) => void;
  /** after each probe, fetch this node's labels from the service and apply them (deploy/daemonset.yaml) */
  applyLabels?: { scheme: string; obsolete?: string; apply: (labels: Record<string, string>) => Promise<{ set: string[]; removed: string[] }> };
}

export interface AgentStatus {
  sent: number;
  failures: number;
  lastSignature?: string;
  lastChange?: string;
  /** label applications that changed the node */
  labelled: number;
}

/** 1h, 30m, 10s, 500ms, or plain seconds. */
export function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s.trim());
  if (!m) throw new Error(`'${s}' is not a duration such as 1h, 30m, 10s or 500ms`);
  const n = Number(m[1]);
  return Math.round(n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h']);
}

export class Agent {
  readonly status: AgentStatus = { sent: 0, failures: 0, labelled: 0 };
  private stopped = false;
  private wake: (() => void) | undefined;
  private done: Promise<void> | undefined;
  private readonly fetch: typeof fetch;
  private readonly log: (line: string) => void;

  constructor(private readonly o: AgentOptions) {
    this.fetch = o.fetch ?? fetch;
    this.log = o.log ?? ((l) => process.stderr.write(l + '\n'));
  }

  start(): Promise<void> {
    this.done ??= this.loop();
    return this.done;
  }

  /** Stop after the request in flight (if any); resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.done;
  }

  /** Probe now instead of at the end of the interval. */
  poke(): void {
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private async loop(): Promise<void> {
    const b = this.o.backoff ?? { initialMs: 1000, maxMs: 300_000 };
    const labelKey = JSON.stringify(Object.entries(this.o.labels ?? {}).sort());
    let sentKey: string | undefined;
    let delay = b.initialMs;
    while (!this.stopped) {
      let wait = this.o.intervalMs;
      try {
        const p = await this.o.probe();
        const docs = readHostText(p.text, p.origin);
        if (!docs.ok) throw new Error(docs.error.message);
        const sig = docs.value[0]!.signature;
        const key = `${sig} ${labelKey}`;
        if (key !== sentKey) {
          const r = await this.put(p.text);
          sentKey = key;
          this.status.sent++;
          this.status.lastSignature = sig;
          this.status.lastChange = r;
          this.log(`agent: sent ${this.o.name} (${sig}) from ${p.origin}: ${r}`);
          for (const x of p.reached ?? []) this.log(`agent:   ${x.origin}: ${x.status}`);
        }
        if (this.o.applyLabels) await this.label(this.o.applyLabels);
        delay = b.initialMs;
      } catch (e) {
        // the newest probe is sent at the next attempt: nothing is lost
        this.status.failures++;
        this.log(`agent: ${(e as Error).message}; retrying in ${delay} ms`);
        wait = delay;
        delay = Math.min(delay * 2, b.maxMs);
      }
      if (!this.stopped) await this.sleep(wait);
    }
  }

  /** The node's labels as the service computes them, applied (the fleet changes them too: migratability). */
  private async label(a: NonNullable<AgentOptions['applyLabels']>): Promise<void> {
    const q = new URLSearchParams({ scheme: a.scheme, ...(a.obsolete ? { obsolete: a.obsolete } : {}) });
    const url = `${this.o.server.replace(/\/$/, '')}/v1/hosts/${encodeURIComponent(this.o.name)}/labels?${q}`;
    const res = await this.fetch(url, { headers: { authorization: `Bearer ${this.o.token}` } });
    const body = await res.text();
    if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${body}`);
    const { labels } = JSON.parse(body) as { labels: Record<string, string> };
    const r = await a.apply(labels);
    if (r.set.length || r.removed.length) {
      this.status.labelled++;
      this.log(`agent: labelled node ${this.o.name}: ${r.set.length} set, ${r.removed.length} removed`);
    }
  }

  private async put(text: string): Promise<string> {
    const q = new URLSearchParams(this.o.labels ?? {}).toString();
    const url = `${this.o.server.replace(/\/$/, '')}/v1/hosts/${encodeURIComponent(this.o.name)}${q ? `?${q}` : ''}`;
    const res = await this.fetch(url, { method: 'PUT', headers: { authorization: `Bearer ${this.o.token}`, 'content-type': text.trimStart().startsWith('{') ? 'application/json' : 'text/plain' }, body: text });
    const body = await res.text();
    if (!res.ok) {
      let msg = body;
      try {
        msg = (JSON.parse(body) as { message?: string }).message ?? body;
      } catch {
        /* not JSON */
      }
      throw new Error(`PUT ${url}: ${res.status} ${msg}`);
    }
    return (JSON.parse(body) as { change?: string }).change ?? 'stored';
  }
}
