import { describe, expect, it } from 'vitest';
import client from 'prom-client';
import { DurationHistogram } from './durations.js';

const BOUNDS = [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5];
const OBS: [string, string, number, number][] = [
  ['POST', '/v1/placement', 200, 0.0004],
  ['POST', '/v1/placement', 200, 0.001],
  ['POST', '/v1/placement', 200, 0.0031],
  ['POST', '/v1/placement', 400, 0.2],
  ['GET', '/healthz', 200, 7],
  ['GET', '/healthz', 200, 0.05],
  ['POST', '/v1/baseline', 200, 1],
];

describe('DurationHistogram', () => {
  it("prints what prom-client's Histogram prints for the same observations", async () => {
    const theirs = new client.Registry();
    const h = new client.Histogram({ name: 'd_seconds', help: 'HTTP request duration', labelNames: ['method', 'route', 'status'], buckets: BOUNDS, registers: [theirs] });
    const ours = new client.Registry();
    const d = new DurationHistogram('d_seconds', 'HTTP request duration', BOUNDS);
    ours.registerMetric(d as unknown as client.Metric);
    for (const [method, route, status, s] of OBS) {
      h.observe({ method, route, status: String(status) }, s);
      d.observe(method, route, status, s);
    }
    const text = await ours.metrics();
    expect(text).toBe(await theirs.metrics());
    expect(text).toContain('d_seconds_bucket{le="0.005",method="POST",route="/v1/placement",status="200"} 3');
    expect(text).toContain('d_seconds_count{method="GET",route="/healthz",status="200"} 2');
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
  });

  it('refuses bucket bounds that do not increase, naming them', () => {
    expect(() => new DurationHistogram('d', 'h', [0.1, 0.1])).toThrow('d: bucket bounds must increase; 0.1 follows 0.1');
  });
});
