// Live differential tier for aarch64: QEMU 7.2's qemu-system-aarch64 has
// query-cpu-definitions and full expansion (static is refused); random full
// expansions with real props (sve<N>, pauth, pmu, aarch64 …), bad input and
// the commands QEMU lacks must all get the same replies from ours --strict.
import { pick, simpleDifferentialTier } from './simple-differential.js';

simpleDifferentialTier({
  arch: 'aarch64',
  binary: 'qemu-system-aarch64',
  fullExpansionProps: true,
  generate: (rng, models, propsOf) => {
    const r = rng();
    const name = rng() < 0.93 ? pick(rng, models) : pick(rng, ['no-such-cpu', '', 'host', 'cortex-a99']);
    if (r < 0.1) return { execute: 'query-cpu-definitions' };
    if (r < 0.15) return { execute: 'query-cpu-model-comparison', arguments: { modela: { name }, modelb: { name: pick(rng, models) } } };
    const own = propsOf(name);
    const pool = [...own, ...(rng() < 0.1 ? ['no-such-prop', 'sve1536', 'pauth-impdef'] : [])];
    const props: Record<string, unknown> = {};
    const n = pool.length ? Math.floor(rng() * 4) : 0;
    for (let i = 0; i < n; i++) props[pick(rng, pool)] = rng() < 0.93 ? rng() < 0.5 : pick(rng, [1, 'on', null]);
    const model = Object.keys(props).length ? { name, props } : { name };
    return { execute: 'query-cpu-model-expansion', arguments: { type: rng() < 0.9 ? 'full' : pick(rng, ['static', 'bogus']), model } };
  },
});
