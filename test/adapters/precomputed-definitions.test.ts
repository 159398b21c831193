// The one-shot bundles (dist/oneshot.ARCH.cjs, dist/oneshot.cjs) carry the
// definitions table `models` reads under TCG without a host, computed by the
// build (tools/build-oneshot.mjs, src/adapters/cli/precomputed-definitions.ts),
// and format the answer from it at run time. Each bundle's table must be the
// drivers' definitions() now, and its answer the full CLI's byte for byte: a
// stale bundle fails here (`npm test` builds first, so it cannot be stale there).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARCHES } from '../../src/arch/arches.js';
import { cmdModels, driverFor } from '../../src/adapters/cli/oneshot.js';
import { DEFAULT_PROFILE } from '../../src/core/profile.js';

const root = path.resolve(import.meta.dirname, '../..');

async function computed(arch: string, json: boolean): Promise<string> {
  const d = await driverFor({ profile: DEFAULT_PROFILE }, { arch, accel: 'tcg', notes: [] });
  const write = process.stdout.write;
  let out = '';
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  try {
    await cmdModels(d, json ? { json } : {});
  } finally {
    process.stdout.write = write;
  }
  return out;
}

function bundleTable(key: string, command = 'models'): unknown {
  const code = `const b = require(${JSON.stringify(path.join(root, 'bin', 'oneshot.cjs'))}).bundle(process.argv[1], process.argv[2]); process.stdout.write(JSON.stringify(b.PRECOMPUTED_DEFINITIONS))`;
  const r = spawnSync(process.execPath, ['-e', code, key, command], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

describe('precomputed one-shot definitions', () => {
  for (const key of [...ARCHES, 'any']) {
    it(`bundle ${key}: the stored definitions table is the drivers' definitions() under TCG`, async () => {
      const arches = key === 'any' ? ARCHES : [key];
      const want: Record<string, unknown> = {};
      for (const arch of arches) want[`${arch} ${DEFAULT_PROFILE}`] = JSON.parse(JSON.stringify((await driverFor({ profile: DEFAULT_PROFILE }, { arch, accel: 'tcg', notes: [] })).definitions()));
      const got = bundleTable(key) as Record<string, unknown[]>;
      for (const arch of arches) expect(got[`${arch} ${DEFAULT_PROFILE}`]!.length).toBeGreaterThan(5);
      expect(got).toEqual(want);
    });
    it(`bundle ${key}: the bundle the other commands load carries no definitions table (they do not read it)`, () => {
      for (const command of ['compare', 'expand', 'identify']) expect({ command, table: bundleTable(key, command) }).toEqual({ command, table: {} });
    });
  }
  for (const arch of ARCHES) {
    for (const json of [false, true]) {
      it(`models --arch ${arch} --accel tcg${json ? ' --json' : ''}: the bundle's answer is the computed one`, async () => {
        const args = ['models', '--arch', arch, '--accel', 'tcg', ...(json ? ['--json'] : [])];
        const r = spawnSync(process.execPath, [path.join(root, 'bin', 'oneshot.cjs'), ...args], { encoding: 'utf8' });
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        const want = await computed(arch, json);
        expect(want.length).toBeGreaterThan(100);
        expect(r.stdout).toBe(want);
      });
    }
  }
});
