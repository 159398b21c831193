// The stored `models` answers under TCG (src/adapters/cli/models-stored.ts,
// bundled alone as dist/oneshot-models-stored.cjs) write what the build
// stored in dist/models-stored (models-stored-store.ts: the full path's own
// answers). They must be the full path's byte for byte (latin1 maps bytes 1:1) (the source's runFast,
// which computes the answer from src/data): every architecture, text and
// --json, in every form that resolves to TCG; argv whose answer is not TCG's
// at the default profile is left to the full path (nothing written).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runModelsStored, storedModelsFile, tcgModelsArch } from '../../src/adapters/cli/models-stored.js';
import { fixedHostFacts, type HostFacts } from '../../src/adapters/cli/host-facts.js';
import { runFast } from '../../src/adapters/cli/oneshot.js';
import { ARCHES } from '../../src/arch/arches.js';
import { captureOutput, directAndFull, spawnFullCli } from '../helpers/cli.js';

const root = path.resolve(import.meta.dirname, '../..');
const STORE = path.join(root, 'dist', 'models-stored');
const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-models-stored-'));

/** Both paths' answers; direct undefined when it did not answer. */
const both = (argv: string[], facts: HostFacts) => directAndFull(argv, () => runModelsStored(argv, STORE, facts), () => runFast(argv, facts));

describe('models under TCG: the stored answer is the full path\'s', () => {
  it('every architecture, text and --json, in each form that resolves to TCG', async () => {
    expect(ARCHES.length).toBe(4);
    for (const arch of ARCHES) {
      const other = ARCHES.find((a) => a !== arch)!;
      for (const json of [[], ['--json']]) {
        const cases: [string[], HostFacts][] = [
          // this machine of that architecture, without KVM
          [['models', ...json], fixedHostFacts({ arch, kvm: false })],
          // named, on a machine of another architecture that has KVM
          [['models', '--arch', arch, ...json], fixedHostFacts({ arch: other, kvm: true, hostFile: '/proc/cpuinfo' })],
          // TCG asked for on a machine that has KVM
          [['models', ...json, '--accel', 'tcg'], fixedHostFacts({ arch, kvm: true, hostFile: '/proc/cpuinfo' })],
          [['models', '--accel', 'tcg', '--arch', arch, ...json], fixedHostFacts({ arch, kvm: true })],
        ];
        for (const [argv, facts] of cases) {
          const r = await both(argv, facts);
          expect(r.direct, argv.join(' ')).toBeDefined();
          expect({ argv, answer: r.direct }).toEqual({ argv, answer: r.full });
        }
      }
    }
  });

  it('the stored files are there for every architecture and form, and non-empty', () => {
    for (const arch of ARCHES)
      for (const json of [false, true]) {
        const f = storedModelsFile(STORE, arch, json)!;
        const r = spawnSync('test', ['-s', f]);
        expect({ f, status: r.status }).toEqual({ f, status: 0 });
      }
  });

  it('writes nothing for argv it does not serve', async () => {
    const host = path.join(dir, 'cpuinfo');
    writeFileSync(host, 'processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\nmodel name\t: x\nstepping\t: 4\nflags\t\t: fpu sse sse2\n');
    const TCG = fixedHostFacts({ arch: 'x86_64', kvm: false });
    const KVM = fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: host });
    const cases: [string[], HostFacts][] = [
      [['models'], KVM], // KVM here: not TCG's answer
      [['models', '--accel', 'kvm', '--arch', 'x86_64'], TCG],
      [['models', '--accel', 'hvf'], TCG],
      [['models', '--arch', 'x86_64', '--profile', '7.2'], TCG],
      [['models', '--host', host], TCG],
      [['models', '--arch', 'sparc64'], TCG],
      [['models', '--arch', '../models-stored/x86_64'], TCG],
      [['models', '--arch', 'X86_64'], TCG],
      [['models', '--json', '--json'], TCG],
      [['models', 'extra'], TCG],
      [['models', '--arch'], TCG],
      [['models', '--arch', '--json'], TCG],
      [['models', '--hypervisor'], TCG],
      [['expand', 'Skylake-Server', '--arch', 'x86_64'], TCG],
      [['models'], fixedHostFacts({ arch: 'riscv64', kvm: false })],
    ];
    for (const [argv, facts] of cases) {
      const r = await captureOutput(async () => runModelsStored(argv, STORE, facts));
      expect({ argv, taken: r.value, out: r.out, err: r.err }).toEqual({ argv, taken: false, out: '', err: '' });
    }
    // a build without the store: the full path answers
    const r = await captureOutput(async () => runModelsStored(['models', '--arch', 'x86_64'], path.join(dir, 'missing'), TCG));
    expect({ taken: r.value, out: r.out, err: r.err }).toEqual({ taken: false, out: '', err: '' });
  });

  it('tcgModelsArch decides the accelerator as resolveCommon does', () => {
    expect(tcgModelsArch(['models'], fixedHostFacts({ arch: 's390x', kvm: false }))).toEqual({ arch: 's390x', json: false });
    expect(tcgModelsArch(['models'], fixedHostFacts({ arch: 's390x', kvm: true }))).toBeUndefined();
    expect(tcgModelsArch(['models', '--arch', 'ppc64', '--json'], fixedHostFacts({ arch: 's390x', kvm: true }))).toEqual({ arch: 'ppc64', json: true });
    expect(tcgModelsArch(['models', '--arch', 's390x', '--accel', 'tcg'], fixedHostFacts({ arch: 's390x', kvm: true }))).toEqual({ arch: 's390x', json: false });
  });

  it('answers through bin/oneshot.cjs byte for byte as the full CLI does (TCG here, TCG named, and KVM left to the other paths)', () => {
    const envs = [
      { CPUMODELS_ASSUME_ARCH: 'x86_64', CPUMODELS_ASSUME_KVM: '0' },
      { CPUMODELS_ASSUME_ARCH: 's390x', CPUMODELS_ASSUME_KVM: '0' },
      { CPUMODELS_ASSUME_ARCH: 'x86_64', CPUMODELS_ASSUME_KVM: '1', CPUMODELS_ASSUME_HOST: path.join(root, 'test', 'fixtures', 'x86_64', 'proc-cpuinfo-this-machine.txt') },
    ];
    for (const env of envs)
      for (const argv of [['models'], ['models', '--json'], ['models', '--arch', 'ppc64'], ['models', '--arch', 'aarch64', '--accel', 'tcg', '--json'], ['models', '--arch', 'nope'], ['models', '--profile', '7.2', '--arch', 's390x']]) {
        const e = { ...process.env, ...env };
        const direct = spawnSync(process.execPath, [path.join(root, 'bin', 'oneshot.cjs'), ...argv], { env: e });
        const full = spawnFullCli(argv, e);
        expect(direct.stdout.length + direct.stderr.length, argv.join(' ')).toBeGreaterThan(0);
        expect({ argv, env, out: direct.stdout.toString('latin1'), err: direct.stderr.toString('latin1'), code: direct.status }).toEqual({ argv, env, out: full.stdout.toString('latin1'), err: full.stderr.toString('latin1'), code: full.status });
      }
  });
});
