// QMP throughput benchmark, x86_64: real qemu-system-x86_64 vs our QMP
// server, on full CPU-model expansion.
//
//   npm run build && node dist/bench/qmp-x86_64.js
//
// Env: BENCH_SECONDS (per measurement, default 3), BENCH_WINDOW (requests
// kept outstanding, default 64), BENCH_SEED (requests, default 1),
// BENCH_QEMU (binary, default /usr/bin/qemu-system-x86_64), BENCH_ENFORCE=1
// (exit 1 when ours is below the target ratio). See bench/README.md.

import { mulberry32 as rng } from '../src/core/prng.js';
import { isObj, main } from './qmp-common.js';

const SEED = Number(process.env.BENCH_SEED ?? 1);
/** Distinct requests, cycled through. */
const REQUESTS = 1024;
/** Share of the requests that carry props. */
const WITH_PROPS = 0.25;

let featureCount = 0;
let withProps = 0;

main({
  name: 'qmp-x86_64',
  arch: 'x86_64',
  qemuBinary: process.env.BENCH_QEMU ?? '/usr/bin/qemu-system-x86_64',
  machine: 'none',
  oursArgs: ['--arch', 'x86_64', '--accel', 'tcg', '--strict'],
  seconds: Number(process.env.BENCH_SECONDS ?? 3),
  window: Number(process.env.BENCH_WINDOW ?? 64),
  target: 20,
  workloads: async ({ models, reference }) => {
    // Feature names: the boolean props of a static expansion (every x86
    // feature, each of which can be set either way without error).
    const reply = await reference.client.execute('query-cpu-model-expansion', { type: 'static', model: { name: 'max' } });
    const props = isObj(reply) && isObj(reply.return) && isObj(reply.return.model) ? reply.return.model.props : undefined;
    if (!isObj(props)) throw new Error(`static expansion of max failed: ${JSON.stringify(reply).slice(0, 300)}`);
    const features = Object.keys(props).filter((k) => typeof props[k] === 'boolean').sort();
    featureCount = features.length;

    const r = rng(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const lines = Array.from({ length: REQUESTS }, () => {
      const model: Record<string, unknown> = { name: pick(models) };
      if (r() < WITH_PROPS) {
        withProps++;
        const p: Record<string, boolean> = {};
        const n = 1 + Math.floor(r() * 4);
        for (let i = 0; i < n; i++) p[pick(features)] = r() < 0.5;
        model.props = p;
      }
      return JSON.stringify({ execute: 'query-cpu-model-expansion', arguments: { type: 'full', model } });
    });
    return [{ command: 'query-cpu-model-expansion (full)', lines }];
  },
  settings: ({ models }) => ({ seed: SEED, requests: REQUESTS, requestsWithProps: withProps, features: featureCount, models: models.length }),
});
