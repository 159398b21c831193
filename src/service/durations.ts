/**
 * The per-request duration histogram of /metrics, observed without prom-client's per-call work.
 *
 * prom-client's Histogram (even through a child made once with `labels()`) converts, validates and
 * hashes the labels on every observation: about 1-2 µs per request under load (docs/service.md,
 * "CPU per answer"). Here an observation is three Map lookups with no allocation and one counter
 * increment; the counts are turned into prom-client's form only when /metrics is read, in the same
 * text as its Histogram prints (same names, labels, bucket bounds and cumulative counts).
 */

interface Series {
  readonly labels: { method: string; route: string; status: string };
  /** observations per bucket (the last one: over the largest bound), not cumulative */
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

interface ValuePair {
  labels: Record<string, string | number>;
  sharedLabels?: Record<string, string>;
  value: number;
  metricName: string;
  exemplar?: null;
}

export class DurationHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Map<string, Map<number, Series>>>();
  /** every series in the order first observed (prom-client prints them so) */
  private readonly order: Series[] = [];

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
  ) {
    for (let i = 1; i < bounds.length; i++) if (!(bounds[i]! > bounds[i - 1]!)) throw new Error(`${name}: bucket bounds must increase; ${bounds[i]} follows ${bounds[i - 1]}`);
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    let byRoute = this.series.get(method);
    if (!byRoute) this.series.set(method, (byRoute = new Map()));
    let byStatus = byRoute.get(route);
    if (!byStatus) byRoute.set(route, (byStatus = new Map()));
    let s = byStatus.get(status);
    if (!s) {
      byStatus.set(status, (s = { labels: { method, route, status: String(status) }, counts: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 }));
      this.order.push(s);
    }
    const b = this.bounds;
    let i = 0;
    while (i < b.length && seconds > b[i]!) i++;
    s.counts[i]!++;
    s.sum += seconds;
    s.count++;
  }

  /** What prom-client's registry prints (the form of its Histogram's getForPromString). */
  getForPromString(): { name: string; help: string; type: string; values: ValuePair[]; aggregator: string } {
    const values: ValuePair[] = [];
    const bucket = `${this.name}_bucket`;
    for (const s of this.order) {
      let acc = 0;
      this.bounds.forEach((le, i) => {
        acc += s.counts[i]!;
        values.push({ labels: { le }, sharedLabels: s.labels, value: acc, metricName: bucket, exemplar: null });
      });
      values.push({ labels: { le: '+Inf' }, sharedLabels: s.labels, value: s.count, metricName: bucket, exemplar: null });
      values.push({ labels: {}, sharedLabels: s.labels, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: {}, sharedLabels: s.labels, value: s.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** The same values with the labels of each on one object (prom-client's `get()`, for getMetricsAsJSON). */
  async get(): Promise<{ name: string; help: string; type: string; values: { labels: Record<string, string | number>; value: number; metricName: string; exemplar?: null }[]; aggregator: string }> {
    const d = this.getForPromString();
    return { ...d, values: d.values.map((v) => ({ labels: { ...v.labels, ...v.sharedLabels }, value: v.value, metricName: v.metricName, ...(v.exemplar === null ? { exemplar: null } : {}) })) };
  }

  reset(): void {
    this.series.clear();
    this.order.length = 0;
  }
}
