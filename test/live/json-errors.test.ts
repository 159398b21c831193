/**
 * Malformed QMP input, live: the real qemu-system-x86_64 and our server get
 * the same bad texts on one connection each, every text followed by a
 * newline and a marker command; the replies up to the marker's must be the
 * same, in the same order ("JSON parse error, ..." and the rest).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnOurs, spawnQemu, type SpawnedQemu } from '../../src/adapters/qmp/client.js';
import { findBinary } from './diff-util.js';

const INPUTS = [
  'not json at all',
  '}',
  ']',
  '{"a": 01, "b": 2}',
  '%d',
  '{"execute":"query-version", "execute":"query-version"}',
  '{"a":1]',
  '[{]}',
  '"abc',
  '-x',
  '1.',
  '"\\x"',
  '"\\u12"',
  '"\\uD800\\u0041"',
  '"\\uFFFF"',
  '{1: 2}',
  '{nul: 1}',
  '{"a" 1}',
  '[1 2]',
  '[1,]',
  'TRUE',
  '\u00e9',
  '"a\tb"',
  '% abc {"execute": "x-unknown-one"}',
  '1 2 "x" \'y\' 1e3 -0.0',
  '{"execute": 1e3}',
  '{"execute": "x-unknown", "arguments": 1.0}',
  'x'.repeat(5000),
];

const MARKER = '{"execute": "x-json-errors-marker", "id": "marker"}\n';

async function replies(server: SpawnedQemu, input: string): Promise<unknown[]> {
  const c = server.client;
  await c.executeRaw(input + '\n' + MARKER);
  const got: unknown[] = [];
  for (;;) {
    const m = (await c.receive(10_000)) as { id?: unknown };
    if (m.id === 'marker') return got;
    got.push(m);
  }
}

describe.skipIf(process.env.CPUMODELS_SKIP_LIVE === '1')('malformed JSON input, live (ours vs qemu-system-x86_64)', () => {
  let qemu: SpawnedQemu | undefined;
  let ours: SpawnedQemu | undefined;
  beforeAll(async () => {
    const bin = findBinary('qemu-system-x86_64', process.env.CPUMODELS_QEMU_X86_64);
    if (!bin) throw new Error('qemu-system-x86_64 is not installed; set CPUMODELS_SKIP_LIVE=1 to skip the live tier');
    qemu = await spawnQemu(bin, { machine: 'none' });
    ours = await spawnOurs(['--arch', 'x86_64', '--accel', 'tcg', '--strict']);
  }, 60_000);
  afterAll(async () => {
    await qemu?.stop();
    await ours?.stop();
  });

  it('gives the same replies, errors included, for each bad text', async () => {
    const mismatches: string[] = [];
    let errors = 0;
    for (const input of INPUTS) {
      const [a, b] = [await replies(ours!, input), await replies(qemu!, input)];
      errors += b.filter((m) => JSON.stringify(m).includes('JSON parse error')).length;
      if (JSON.stringify(a) !== JSON.stringify(b)) mismatches.push(`${JSON.stringify(input.slice(0, 80))}\n   ours ${JSON.stringify(a)}\n   qemu ${JSON.stringify(b)}`);
    }
    expect(mismatches.join('\n')).toBe('');
    // the inputs do exercise the reader's errors
    expect(errors).toBeGreaterThan(20);
  }, 120_000);
});
