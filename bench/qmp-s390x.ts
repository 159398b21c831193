// QMP throughput benchmark, s390x: real qemu-system-s390x vs our QMP server.
//
//   npm run build && node dist/bench/qmp-s390x.js
//
// Env: BENCH_SECONDS (per measurement, default 3), BENCH_WINDOW (requests
// kept outstanding, default 64), BENCH_SEED (model pairs, default 1),
// BENCH_QEMU (binary, default /usr/bin/qemu-system-s390x), BENCH_ENFORCE=1
// (exit 1 when ours is below the target ratio). See bench/README.md.

import { mulberry32 as rng } from '../src/core/prng.js';
import { main } from './qmp-common.js';

const SEED = Number(process.env.BENCH_SEED ?? 1);
const PAIRS = 1024;

main({
  name: 'qmp-s390x',
  arch: 's390x',
  qemuBinary: process.env.BENCH_QEMU ?? '/usr/bin/qemu-system-s390x',
  machine: 's390-ccw-virtio',
  oursArgs: ['--arch', 's390x', '--accel', 'tcg'],
  seconds: Number(process.env.BENCH_SECONDS ?? 3),
  window: Number(process.env.BENCH_WINDOW ?? 64),
  target: 20,
  workloads: ({ models }) => {
    const r = rng(SEED);
    const pick = () => models[Math.floor(r() * models.length)]!;
    const comparisonLines = Array.from({ length: PAIRS }, () =>
      JSON.stringify({ execute: 'query-cpu-model-comparison', arguments: { modela: { name: pick() }, modelb: { name: pick() } } }),
    );
    return [
      { command: 'query-cpu-model-comparison', lines: comparisonLines },
      { command: 'query-cpu-definitions', lines: [JSON.stringify({ execute: 'query-cpu-definitions' })] },
    ];
  },
  settings: ({ models }) => ({ seed: SEED, comparisonPairs: PAIRS, models: models.length }),
});
