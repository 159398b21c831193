// Live: integer properties at the edges (2^53±1, int64/uint64 limits and one
// past them, whole-valued doubles such as 1e3 and 1.0, 1.5), sent as text to a
// real qemu-system-* and to our QMP server; the replies, reduced to the
// property's error or value (integers exact), must be equal. The requests are
// those of tools/capture-integer-bounds.ts (lbr-fmt given a double is left
// out: QEMU 7.2 aborts on it).
// Env: CPUMODELS_SKIP_LIVE=1 skips this tier.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnOurs, spawnQemu, type SpawnedQemu } from '../../src/adapters/qmp/client.js';
import { INTEGER_PROPS, integerBoundRequests, reduceReply } from '../../tools/capture-integer-bounds.js';
import { findBinary } from './diff-util.js';

const SKIP = process.env.CPUMODELS_SKIP_LIVE === '1';

async function ask(side: SpawnedQemu, request: string): Promise<string> {
  await side.client.executeRaw(request + '\n');
  return reduceReply((await side.client.receive(20_000)) as Record<string, unknown>, request);
}

describe.skipIf(SKIP)('integer properties at the edges, live (ours vs qemu-system-*)', () => {
  const running: SpawnedQemu[] = [];
  afterAll(async () => {
    for (const s of running) await s.stop().catch(() => undefined);
  });

  for (const arch of Object.keys(INTEGER_PROPS)) {
    it(`${arch}: every request answered as QEMU answers it`, async () => {
      const binary = findBinary(`qemu-system-${arch}`, undefined);
      if (!binary) throw new Error(`qemu-system-${arch} was not found: the live tier needs it (or set CPUMODELS_SKIP_LIVE=1)`);
      const qemu = await spawnQemu(binary, { machine: INTEGER_PROPS[arch]!.machine });
      running.push(qemu);
      const ours = await spawnOurs(['--arch', arch, '--strict']);
      running.push(ours);
      const requests = integerBoundRequests(arch);
      const diffs: string[] = [];
      for (const r of requests) {
        const [q, o] = [await ask(qemu, r), await ask(ours, r)];
        if (q !== o) diffs.push(`${r}\n  qemu ${q}\n  ours ${o}`);
      }
      expect(requests.length).toBeGreaterThan(20);
      expect(diffs).toEqual([]);
    });
  }
});
