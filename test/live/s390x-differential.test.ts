// Live differential tier for s390x: real qemu-system-s390x (QEMU 7.2, TCG)
// and our QMP server get the same requests; their replies must agree.
//
// Every run draws a fresh seed (printed first); replay a run with
//   CPUMODELS_SEED=<seed> npx vitest run --config vitest.live.config.ts test/live/s390x-differential.test.ts
// Env: CPUMODELS_SKIP_LIVE=1 skips this tier; CPUMODELS_QEMU_S390X overrides
// the binary; CPUMODELS_LIVE_REQUESTS sets the number of random requests;
// CPUMODELS_LIVE_SELFTEST=1 puts a second real QEMU in place of ours (checks
// the harness itself: QEMU must agree with QEMU).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnOurs, spawnQemu, type SpawnedQemu } from '../../src/adapters/qmp/client.js';
import { differential, findBinary, freshSeed, makeRequestGenerator, mulberry32, report, returned, type QmpRequest } from './diff-util.js';

const SKIP = process.env.CPUMODELS_SKIP_LIVE === '1';
const REQUESTS = Number(process.env.CPUMODELS_LIVE_REQUESTS ?? 600);






describe.skipIf(SKIP)('s390x live differential (ours vs qemu-system-s390x)', () => {
  const seed = freshSeed();
  console.log(`s390x differential seed=${seed}`);
  const replay = `replay with CPUMODELS_SEED=${seed} npx vitest run --config vitest.live.config.ts test/live/s390x-differential.test.ts`;
  const sides = () => ({ ours: ours!.client, qemu: qemu!.client, seed, replay });

  let qemu: SpawnedQemu | undefined;
  let ours: SpawnedQemu | undefined;
  let models: string[] = [];
  let props: string[] = [];
  const enableable: Record<string, string[]> = {};

  beforeAll(async () => {
    const binary = findBinary('qemu-system-s390x', process.env.CPUMODELS_QEMU_S390X);
    if (!binary) {
      throw new Error(
        'qemu-system-s390x was not found (looked in /usr/bin and PATH; set CPUMODELS_QEMU_S390X to override). ' +
          'The live differential tier needs it: install it (Debian: apt-get install qemu-system-misc), ' +
          'or set CPUMODELS_SKIP_LIVE=1 to skip this tier explicitly.',
      );
    }
    qemu = await spawnQemu(binary, { machine: 's390-ccw-virtio', accel: 'tcg', timeoutMs: 30_000, commandTimeoutMs: 60_000 });

    // The catalog comes from QEMU itself: models from query-cpu-definitions,
    // property names from the full expansions of 'max' and 'qemu' (all
    // features), plus the static expansions of every model (which use the
    // feature-group names).
    const defs = returned(await qemu.client.execute('query-cpu-definitions'), 'query-cpu-definitions') as { name: string }[];
    models = defs.map((d) => d.name).sort();
    const names = new Set<string>();
    const expansions = await qemu.client.pipeline([
      ...['max', 'qemu'].map((name) => ({ execute: 'query-cpu-model-expansion', arguments: { type: 'full', model: { name } } })),
      ...models.map((name) => ({ execute: 'query-cpu-model-expansion', arguments: { type: 'static', model: { name } } })),
      ...models.map((name) => ({ execute: 'query-cpu-model-expansion', arguments: { type: 'full', model: { name } } })),
    ]);
    expansions.forEach((r, i) => {
      const ret = returned(r, 'query-cpu-model-expansion') as { model: { props?: Record<string, unknown> } };
      const p = ret.model.props ?? {};
      if (i < 2 + models.length) for (const k of Object.keys(p)) names.add(k);
      // Names true in a model's full expansion can be set true on it without error.
      else enableable[models[i - 2 - models.length]!] = Object.keys(p).filter((k) => p[k] === true);
    });
    props = [...names].sort();
    expect(models.length).toBeGreaterThan(10);
    expect(props.length).toBeGreaterThan(50);

    if (process.env.CPUMODELS_LIVE_SELFTEST === '1') {
      ours = await spawnQemu(binary, { machine: 's390-ccw-virtio', accel: 'tcg', timeoutMs: 30_000, commandTimeoutMs: 60_000 });
      return;
    }
    try {
      ours = await spawnOurs(['--arch', 's390x', '--accel', 'tcg'], { timeoutMs: 30_000, commandTimeoutMs: 60_000 });
    } catch (err) {
      throw new Error(`our QMP server (bin/cpumodels.js qmp --arch s390x --accel tcg) failed to start: ${(err as Error).message}`);
    }
  });

  afterAll(async () => {
    await Promise.all([ours?.stop(), qemu?.stop()]);
  });




  it('agrees on static and full expansion of every model', async () => {
    const requests: QmpRequest[] = [];
    for (const name of models) {
      for (const type of ['static', 'full']) requests.push({ execute: 'query-cpu-model-expansion', arguments: { type, model: { name } } });
    }
    requests.push({ execute: 'query-cpu-definitions' });
    const { mismatches } = await differential(sides(), requests);
    if (mismatches.length) throw new Error(report(sides(), 'model sweep', requests.length, mismatches));
  });

  it(`agrees on ${REQUESTS} random requests`, async () => {
    const next = makeRequestGenerator(mulberry32(seed), { models, props, enableable });
    const requests = Array.from({ length: REQUESTS }, next);
    // Sanity: all four commands and both good and bad input are exercised.
    for (const cmd of ['query-cpu-definitions', 'query-cpu-model-expansion', 'query-cpu-model-comparison', 'query-cpu-model-baseline']) {
      expect(requests.some((r) => r.execute === cmd), `no ${cmd} request drawn (seed=${seed})`).toBe(true);
    }
    const { mismatches, errorReplies } = await differential(sides(), requests);
    console.log(
      `s390x differential seed=${seed}: ${requests.length} random requests (${errorReplies} answered with errors by QEMU), ${mismatches.length} mismatches`,
    );
    if (mismatches.length) throw new Error(report(sides(), 'random requests', requests.length, mismatches));
  });
});
