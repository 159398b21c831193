// The one-shot bundles (dist/oneshot.ARCH.cjs, dist/oneshot.cjs) carry
// `models` under TCG without a host, computed by the build
// (tools/build-oneshot.mjs, src/adapters/cli/precomputed-answers.ts). Each
// bundle's answer must be what the catalog computes now: a stale bundle fails
// here (`npm test` builds first, so it cannot be stale there).
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

describe('precomputed one-shot answers', () => {
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
