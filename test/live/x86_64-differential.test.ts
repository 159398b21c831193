// Live differential tier for x86_64: real qemu-system-x86_64 (QEMU 7.2, TCG,
// machine none) and our QMP server in --strict mode get the same requests;
// their replies must agree.
//
// Every run draws a fresh seed (printed first); replay a run with
//   CPUMODELS_SEED=<seed> npx vitest run --config vitest.live.config.ts test/live/x86_64-differential.test.ts
// Env: CPUMODELS_SKIP_LIVE=1 skips this tier; CPUMODELS_QEMU_X86_64 overrides
// the binary; CPUMODELS_LIVE_REQUESTS sets the number of random requests;
// CPUMODELS_LIVE_SELFTEST=1 puts a second real QEMU in place of ours (checks
// the harness itself: QEMU must agree with QEMU); CPUMODELS_LIVE_DUMP=FILE
// appends every mismatch as one JSON line {test, seed, index, request,
// difference, ours, theirs} (for triage of large runs).
//
// What is drawn (see makeRequestGenerator in diff-util.ts):
// - models: QEMU's own query-cpu-definitions (132 names, aliases included);
// - property names: 80% from the boolean props of the static expansions
//   (the 320 features), 20% from the rest: names that appear only in full
//   expansions (alias spellings, hv-*/kvm* knobs, QOM properties, level, ...)
//   plus the 7 non-boolean static props (family, model, stepping, vendor,
//   model-id, min-level, min-xlevel);
// - values: booleans, except that non-boolean props get a well-typed value
//   (seen in QEMU's expansions, or a boundary value) 70% of the time, and
//   ~5% of the prop sets carry a value of a wrong JSON type;
// - commands: mostly query-cpu-model-expansion (static and full), some
//   query-cpu-definitions, and a few query-cpu-model-comparison/-baseline
//   (which QEMU 7.2 lacks on x86: CommandNotFound, and ours with --strict
//   must say the same); bad input: unknown models/props, wrong types,
//   missing/extra arguments.
//
// Never sent: the QOM knobs 'realized', 'hotplugged' and 'hotpluggable'
// (setting them on an unattached CPU is not about CPU models), and
// 'lbr-fmt'/'lbr_fmt' with a non-integer value: QEMU 7.2 ABORTS on it
// (`{"lbr-fmt": true}`, "x", 1.5, null, [], {} all hit
// "util/error.c:59: error_setv: Assertion `*errp == NULL' failed" and the
// process dies with SIGABRT: the uint64 check-mask setter sets an error
// after the visitor already did; so does an integer beyond uint64, which
// QEMU reads as a double). int64/uint64 values are sent (in and out of the
// 0x3f mask).

import { parseJsonExact } from '../../src/adapters/qmp/json-stream.js';
import { toJsonText } from '../../src/core/qmp-json.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnOurs, spawnQemu, type SpawnedQemu } from '../../src/adapters/qmp/client.js';
import { differential, findBinary, freshSeed, isObj, makeRequestGenerator, mulberry32, report, returned, type QmpRequest } from './diff-util.js';

const SKIP = process.env.CPUMODELS_SKIP_LIVE === '1';
const REQUESTS = Number(process.env.CPUMODELS_LIVE_REQUESTS ?? 600);

/** QOM properties of the CPU object that are never set (see the header). */
const EXCLUDED_NAMES = new Set(['realized', 'hotplugged', 'hotpluggable']);

/** Inputs QEMU 7.2 itself crashes on (see the header). */
function crashesQemu(name: string, value: unknown): boolean {
  if (EXCLUDED_NAMES.has(name)) return true;
  // only integers QEMU reads as int64 or uint64 (a number beyond 2^53 is a double to it, and aborts it too)
  if (name === 'lbr-fmt' || name === 'lbr_fmt') return !(typeof value === 'bigint' || Number.isSafeInteger(value));
  return false;
}

const INT_SAMPLES = [0, 1, -1, 255, 65535, 4294967295, 4294967296];
/** The edges of the int64 and uint64 ranges and just beyond (exact: bigints where a number would round). */
const BIG_SAMPLES = [2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 63n, -(2n ** 63n), 2n ** 64n - 1n, 2n ** 64n, 18446744073709551552n];
const STRING_SAMPLES = ['', 'GenuineIntel', 'AuthenticAMD', 'bogus', 'on', 'off', 'auto', 'x'.repeat(49)];





describe.skipIf(SKIP)('x86_64 live differential (ours --strict vs qemu-system-x86_64)', () => {
  const seed = freshSeed();
  console.log(`x86_64 differential seed=${seed}`);
  const replay = `replay with CPUMODELS_SEED=${seed} npx vitest run --config vitest.live.config.ts test/live/x86_64-differential.test.ts`;
  const sides = () => ({ ours: ours!.client, qemu: qemu!.client, seed, replay });

  let binary: string | null = null;
  let qemu: SpawnedQemu | undefined;
  let ours: SpawnedQemu | undefined;
  let models: string[] = [];
  let featureProps: string[] = [];
  let rareProps: string[] = [];
  const propValues: Record<string, unknown[]> = {};

  beforeAll(async () => {
    binary = findBinary('qemu-system-x86_64', process.env.CPUMODELS_QEMU_X86_64);
    if (!binary) {
      throw new Error(
        'qemu-system-x86_64 was not found (looked in /usr/bin and PATH; set CPUMODELS_QEMU_X86_64 to override). ' +
          'The live differential tier needs it: install it (Debian: apt-get install qemu-system-x86), ' +
          'or set CPUMODELS_SKIP_LIVE=1 to skip this tier explicitly.',
      );
    }
    qemu = await spawnQemu(binary, { machine: 'none', accel: 'tcg', timeoutMs: 30_000, commandTimeoutMs: 60_000 });

    // The catalog comes from QEMU itself: models from query-cpu-definitions,
    // property names and value types from the static and full expansion of
    // every model.
    const defs = returned(await qemu.client.execute('query-cpu-definitions'), 'query-cpu-definitions') as { name: string }[];
    models = defs.map((d) => d.name).sort();
    const expansions = await qemu.client.pipeline(
      ['static', 'full'].flatMap((type) => models.map((name) => ({ execute: 'query-cpu-model-expansion', arguments: { type, model: { name } } }))),
    );
    const staticBool = new Set<string>();
    const staticOther = new Set<string>();
    const fullNames = new Set<string>();
    const seen = new Map<string, Set<string>>(); // non-boolean name -> JSON texts of values seen
    expansions.forEach((r, i) => {
      const ret = returned(r, 'query-cpu-model-expansion') as { model: { props?: Record<string, unknown> } };
      const isStatic = i < models.length;
      for (const [k, v] of Object.entries(ret.model.props ?? {})) {
        if (isStatic) (typeof v === 'boolean' ? staticBool : staticOther).add(k);
        else fullNames.add(k);
        if (typeof v !== 'boolean') {
          let s = seen.get(k);
          if (!s) seen.set(k, (s = new Set()));
          s.add(toJsonText(v));
        }
      }
    });
    const allowed = (k: string) => !EXCLUDED_NAMES.has(k);
    featureProps = [...staticBool].filter(allowed).sort();
    rareProps = [...new Set([...[...fullNames].filter((k) => !staticBool.has(k) && !staticOther.has(k)), ...staticOther])].filter(allowed).sort();
    for (const [k, texts] of seen) {
      const values = [...texts].map((t) => parseJsonExact(t));
      const numeric = values.every((v) => typeof v === 'number' || typeof v === 'bigint');
      // integers are exact (bigints beyond 2^53, lbr-fmt's default among them): QEMU's own values, their successors and the range edges
      const extra = numeric ? [...INT_SAMPLES, ...BIG_SAMPLES, ...values.map((v) => (typeof v === 'bigint' ? v + 1n : (v as number) + 1))] : STRING_SAMPLES;
      propValues[k] = [...new Set([...values, ...extra].map((v) => toJsonText(v)))].map((t) => parseJsonExact(t));
    }
    expect(models.length).toBeGreaterThan(100);
    expect(featureProps.length).toBeGreaterThan(300);
    expect(rareProps.length).toBeGreaterThan(50);
    expect(rareProps).toContain('lbr-fmt');

    if (process.env.CPUMODELS_LIVE_SELFTEST === '1') {
      ours = await spawnQemu(binary, { machine: 'none', accel: 'tcg', timeoutMs: 30_000, commandTimeoutMs: 60_000 });
      return;
    }
    try {
      ours = await spawnOurs(['--arch', 'x86_64', '--accel', 'tcg', '--strict'], { timeoutMs: 30_000, commandTimeoutMs: 60_000 });
    } catch (err) {
      throw new Error(`our QMP server (bin/cpumodels.js qmp --arch x86_64 --accel tcg --strict) failed to start: ${(err as Error).message}`);
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

  it('agrees on fixed bad input', async () => {
    const exp = (type: unknown, model: unknown, extra: Record<string, unknown> = {}): QmpRequest => ({
      execute: 'query-cpu-model-expansion',
      arguments: { type, model, ...extra },
    });
    const requests: QmpRequest[] = [
      exp('static', { name: 'no-such-cpu' }),
      exp('full', { name: 'no-such-cpu' }),
      exp('static', { name: '' }),
      exp('full', { name: 'skylake-server' }),
      exp('static', { name: 42 }),
      exp('static', { name: 'Skylake-Server', props: { 'no-such-feature': true } }),
      exp('full', { name: 'Haswell', props: { avx2: false, 'no-such-feature': true, 'another-one': false } }),
      exp('static', { name: 'Skylake-Server', props: { avx512f: 'yes' } }),
      exp('full', { name: 'Skylake-Server', props: { avx512f: 1 } }),
      exp('full', { name: 'Skylake-Server', props: { avx512f: null } }),
      exp('static', { name: 'Skylake-Server', props: ['avx512f'] }),
      exp('full', { name: 'Skylake-Server', props: 'avx512f' }),
      exp('static', { name: 'Haswell', props: { family: true } }),
      exp('full', { name: 'Haswell', props: { family: 6, model: 60, stepping: 1, vendor: 'AuthenticAMD' } }),
      exp('full', { name: 'Haswell', props: { vendor: 'Intel' } }),
      exp('full', { name: 'Haswell', props: { 'model-id': 'x'.repeat(60) } }),
      exp('static', { name: 'Haswell', props: { 'lbr-fmt': 5 } }),
      exp('full', { name: 'Haswell', props: { 'lbr-fmt': 64 } }),
      exp('full', { name: 'Haswell', props: { lbr_fmt: -1 } }),
      exp('full', { name: 'Haswell', props: { level: -1 } }),
      exp('full', { name: 'max', props: { 'hv-spinlocks': 4096, 'tsc-frequency': 1000000000 } }),
      exp('bogus', { name: 'Haswell' }),
      exp('Static', { name: 'Haswell' }),
      exp('static', { name: 'Haswell' }, { bogus: 1 }),
      exp('static', { props: {} }),
      { execute: 'query-cpu-model-expansion' },
      { execute: 'query-cpu-model-expansion', arguments: { type: 'static' } },
      { execute: 'query-cpu-model-expansion', arguments: { model: { name: 'Haswell' } } },
      { execute: 'query-cpu-definitions', arguments: { foo: 1 } },
      { execute: 'query-cpu-definitions', arguments: {} },
      { execute: 'query-cpu-model-comparison', arguments: { modela: { name: 'Haswell' }, modelb: { name: 'Skylake-Client' } } },
      { execute: 'query-cpu-model-baseline', arguments: { modela: { name: 'Haswell' }, modelb: { name: 'Skylake-Client' } } },
      { execute: 'query-cpu-model-baseline', arguments: { modela: { name: 'Haswell' } } },
      { execute: 'query-cpu-model-comparison' },
      { execute: 'no-such-command' },
    ];
    const { mismatches } = await differential(sides(), requests);
    if (mismatches.length) throw new Error(report(sides(), 'fixed bad input', requests.length, mismatches));
  });

  it(`agrees on ${REQUESTS} random requests`, async () => {
    const next = makeRequestGenerator(mulberry32(seed), {
      models,
      props: featureProps,
      rareProps,
      rarePropShare: 0.2,
      propValues,
      typedValueShare: 0.7,
      excludeProp: crashesQemu,
      commands: ['query-cpu-model-expansion', 'query-cpu-definitions', 'query-cpu-model-comparison', 'query-cpu-model-baseline'],
      commandWeights: { 'query-cpu-model-expansion': 1, 'query-cpu-definitions': 0.08, 'query-cpu-model-comparison': 0.02, 'query-cpu-model-baseline': 0.02 },
      unknownModels: ['no-such-cpu', 'skylake-server', 'Skylake-Server ', '', 'Haswell-v99', 'z13', 'max-x86_64-cpu', 'qemu64-v2'],
      unknownProps: ['bogus', 'AVX2', 'avx2 ', '', 'x-unknown', 'sse4.1', 'vx', 'kvm-bogus'],
    });
    const requests = Array.from({ length: REQUESTS }, next);
    const expansions = requests.filter((r) => r.execute === 'query-cpu-model-expansion');
    const typeOf = (r: QmpRequest) => (isObj(r.arguments) ? r.arguments.type : undefined);
    // Sanity: both expansion types and the definitions are exercised.
    expect(expansions.some((r) => typeOf(r) === 'static'), `no static expansion drawn (seed=${seed})`).toBe(true);
    expect(expansions.some((r) => typeOf(r) === 'full'), `no full expansion drawn (seed=${seed})`).toBe(true);
    if (REQUESTS >= 300) expect(requests.some((r) => r.execute === 'query-cpu-definitions'), `no query-cpu-definitions drawn (seed=${seed})`).toBe(true);
    const { mismatches, errorReplies } = await differential(sides(), requests);
    console.log(
      `x86_64 differential seed=${seed}: ${requests.length} random requests (${expansions.length} expansions; ${errorReplies} answered with errors by QEMU), ${mismatches.length} mismatches`,
    );
    if (mismatches.length) throw new Error(report(sides(), 'random requests', requests.length, mismatches));
  });
});
