// Live differential tier for ppc64: QEMU 7.2's qemu-system-ppc64 answers only
// query-cpu-definitions among the CPU-model commands; everything else must be
// CommandNotFound on both sides, and bad input must give the same errors.
import { pick, simpleDifferentialTier } from './simple-differential.js';

simpleDifferentialTier({
  arch: 'ppc64',
  binary: 'qemu-system-ppc64',
  generate: (rng, models) => {
    const r = rng();
    const model = () => ({ name: rng() < 0.9 ? pick(rng, models) : pick(rng, ['power11', 'no-such-cpu', '', 'POWER9']) });
    if (r < 0.3) return { execute: 'query-cpu-definitions', ...(rng() < 0.1 ? { arguments: { bogus: 1 } } : {}) };
    if (r < 0.7) return { execute: 'query-cpu-model-expansion', arguments: { type: pick(rng, ['static', 'full', 'bogus']), model: model() } };
    if (r < 0.85) return { execute: 'query-cpu-model-comparison', arguments: { modela: model(), modelb: model() } };
    return { execute: 'query-cpu-model-baseline', arguments: { modela: model(), modelb: model() } };
  },
});
