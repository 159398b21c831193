/**
 * A compact live differential tier for architectures whose QMP surface is
 * small (ppc64: definitions only; aarch64: definitions and full expansion):
 * random requests, drawn from a fresh seed (printed), sent to the real QEMU
 * and to ours in --strict mode; every reply must agree (compareReplies).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnOurs, spawnQemu, type SpawnedQemu } from '../../src/adapters/qmp/client.js';
import { compareReplies, findBinary, freshSeed, mulberry32, type QmpRequest } from './diff-util.js';

export interface SimpleTierOptions {
  arch: 'ppc64' | 'aarch64';
  binary: string;
  /** requests built from QEMU's own model list and a seeded PRNG */
  generate: (rng: () => number, models: string[], propsOf: (model: string) => string[]) => QmpRequest;
  /** props seen in QEMU's full expansion of a model ([] when expansion is not supported) */
  fullExpansionProps?: boolean;
}

export function simpleDifferentialTier(opts: SimpleTierOptions): void {
  const SKIP = process.env.CPUMODELS_SKIP_LIVE === '1';
  const REQUESTS = Number(process.env.CPUMODELS_LIVE_REQUESTS ?? 600);
  describe.skipIf(SKIP)(`${opts.arch} live differential (ours --strict vs ${opts.binary})`, () => {
    const seed = freshSeed();
    console.log(`${opts.arch} differential seed=${seed}`);
    let qemu: SpawnedQemu | undefined;
    let ours: SpawnedQemu | undefined;
    beforeAll(async () => {
      const bin = findBinary(opts.binary, process.env[`CPUMODELS_QEMU_${opts.arch.toUpperCase()}`]);
      if (!bin) throw new Error(`${opts.binary} is not installed (Debian package qemu-system-${opts.arch === 'ppc64' ? 'ppc' : 'arm'}); set CPUMODELS_SKIP_LIVE=1 to skip the live tier`);
      qemu = await spawnQemu(bin, { machine: 'none' });
      ours = await spawnOurs(['--arch', opts.arch, '--accel', 'tcg', '--strict']);
    }, 60_000);
    afterAll(async () => {
      await qemu?.stop();
      await ours?.stop();
    });

    it(`agrees on ${REQUESTS} random requests`, async () => {
      const defs = (await qemu!.client.execute('query-cpu-definitions')) as { return: { name: string }[] };
      const models = defs.return.map((d) => d.name);
      const props = new Map<string, string[]>();
      if (opts.fullExpansionProps) {
        for (const m of models) {
          const r = (await qemu!.client.execute('query-cpu-model-expansion', { type: 'full', model: { name: m } })) as { return?: { model: { props?: Record<string, unknown> } } };
          props.set(m, Object.keys(r.return?.model.props ?? {}));
        }
      }
      const rng = mulberry32(seed);
      const mismatches: string[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const req = opts.generate(rng, models, (m) => props.get(m) ?? []);
        const [a, b] = await Promise.all([ours!.client.execute(req.execute, req.arguments), qemu!.client.execute(req.execute, req.arguments)]);
        const d = compareReplies(a, b);
        if (d) mismatches.push(`#${i} ${JSON.stringify(req)}\n   ${d.slice(0, 600)}`);
      }
      console.log(`${opts.arch} differential seed=${seed}: ${REQUESTS} random requests, ${mismatches.length} mismatches`);
      if (mismatches.length) throw new Error(`${mismatches.length} of ${REQUESTS} replies differ (seed=${seed}):\n${mismatches.slice(0, 10).join('\n')}`);
      expect(mismatches).toEqual([]);
    }, 600_000);
  });
}

/** Pick one element. */
export function pick<T>(rng: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rng() * xs.length)]!;
}
