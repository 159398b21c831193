// The direct `expand` path (src/adapters/cli/expand-direct.ts, bundled alone
// as dist/oneshot-expand-direct.cjs) writes the answers the build stored in
// dist/expand-ARCH (expand-direct-store.ts: the full path's own answers).
// They must be the full path's byte for byte (the source's runFast, which
// computes everything from src/data): every x86_64 table model, --type static
// and full, text and --json, under TCG and under KVM with the captured
// /proc/cpuinfo, and under KVM on random hosts; every model of the other
// architectures under TCG in three forms; argv it does not serve, or a
// host it cannot vouch for, is left to the full path (nothing written).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExpandDirect, storedFile } from '../../src/adapters/cli/expand-direct.js';
import { fixedHostFacts, type HostFacts } from '../../src/adapters/cli/host-facts.js';
import { runFast } from '../../src/adapters/cli/oneshot.js';
import { X86Driver } from '../../src/arch/x86_64/driver.js';
import { loadDriver } from '../../src/arch/arches.js';
import { unwrap } from '../../src/core/errors.js';
import { LINUX_X86_FLAGS } from '../../src/data/x86_64/linux-features.js';
import { captureOutput, directAndFull, spawnFullCli } from '../helpers/cli.js';

const root = path.resolve(import.meta.dirname, '../..');
// the stores' folder (dist/expand-ARCH)
const STORE = path.join(root, 'dist');
const FIXTURE = path.join(root, 'test', 'fixtures', 'x86_64', 'proc-cpuinfo-this-machine.txt');
const MODELS = new X86Driver().cat.classes.filter((c) => c.kind === 'version' || c.kind === 'alias').map((c) => c.name);
const FORMS = [[], ['--json'], ['--type', 'full'], ['--type', 'full', '--json']];
const TCG = fixedHostFacts({ arch: 'x86_64', kvm: false });
const KVM = fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: FIXTURE });
const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-expand-direct-'));

/** Both paths' answers; direct undefined when it did not answer. */
const both = (argv: string[], facts: HostFacts) => directAndFull(argv, () => runExpandDirect(argv, STORE, facts), () => runFast(argv, facts));

describe('expand of a stored model: the stored answer is the full path\'s', () => {
  it('every table model, both types, text and --json, under TCG and under KVM (captured /proc/cpuinfo)', async () => {
    expect(MODELS.length).toBeGreaterThan(100);
    for (const m of MODELS)
      for (const form of FORMS)
        for (const [facts, extra] of [[TCG, ['--arch', 'x86_64']], [KVM, []], [KVM, ['--accel', 'kvm']], [KVM, ['--arch', 'x86_64', '--accel', 'tcg']]] as const) {
          const argv = ['expand', m, ...form, ...extra];
          const r = await both(argv, facts);
          expect(r.direct, argv.join(' ')).toBeDefined();
          expect({ argv, answer: r.direct }).toEqual({ argv, answer: r.full });
        }
  });

  it('under KVM on random hosts (vendors, flag sets)', async () => {
    const flags = LINUX_X86_FLAGS.map((f) => f.name);
    let seed = 7;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    const vendors: [string, number][] = [['GenuineIntel', 6], ['AuthenticAMD', 23], ['AuthenticAMD', 25], ['HygonGenuine', 24]];
    for (let i = 0; i < 40; i++) {
      const [vendor, family] = vendors[i % vendors.length]!;
      const p = next();
      const file = path.join(dir, `cpuinfo-${i}`);
      writeFileSync(file, `processor\t: 0\nvendor_id\t: ${vendor}\ncpu family\t: ${family}\nmodel\t\t: 2\nmodel name\t: x\nstepping\t: 0\nflags\t\t: ${flags.filter(() => next() < p).join(' ')}\n`);
      const argv = ['expand', MODELS[Math.floor(next() * MODELS.length)]!, ...FORMS[i % FORMS.length]!];
      const r = await both(argv, fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: file }));
      expect(r.direct).toBeDefined();
      expect({ argv, answer: r.direct }).toEqual({ argv, answer: r.full });
    }
  });

  it('every model of the other architectures, both types, text and --json, in each form that resolves to TCG', async () => {
    let stored = 0;
    for (const arch of ['s390x', 'ppc64', 'aarch64'] as const) {
      const d = unwrap(await loadDriver({ arch, accel: 'tcg' }));
      const names = d.definitions().map((x) => x.name);
      expect(names.length).toBeGreaterThan(30);
      for (const m of names)
        for (const form of FORMS)
          for (const [facts, extra] of [
            [KVM, ['--arch', arch]],
            [fixedHostFacts({ arch, kvm: false }), []],
            [fixedHostFacts({ arch, kvm: true, hostFile: '/proc/cpuinfo' }), ['--accel', 'tcg']],
          ] as const) {
            const argv = ['expand', m, ...form, ...extra];
            const r = await both(argv, facts);
            // a model or type the full path refuses (aarch64 has only full expansions; host needs KVM) is not
            // stored, nor a name that is no file name (ppc64's conan/doyle)
            if (r.full[2] !== '0' || !storedFile(STORE, m)) expect({ argv, direct: r.direct }).toEqual({ argv, direct: undefined });
            else {
              stored++;
              expect(r.direct, argv.join(' ')).toBeDefined();
              expect({ argv, answer: r.direct }).toEqual({ argv, answer: r.full });
            }
          }
    }
    expect(stored).toBeGreaterThan(5000);
  }, 120_000);

  it('writes nothing for argv or hosts it does not serve', async () => {
    const cpuidDump = path.join(dir, 'cpuid-r');
    writeFileSync(cpuidDump, '   0x00000000 0x00: eax=0x0000000d ebx=0x756e6547 ecx=0x6c65746e edx=0x49656e69\n');
    const noFlags = path.join(dir, 'no-flags');
    writeFileSync(noFlags, 'vendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t: 1\n');
    const cases: [string[], HostFacts][] = [
      [['expand', 'NoSuchModel', '--arch', 'x86_64'], TCG],
      [['expand', 'Skylake-Server,+avx', '--arch', 'x86_64'], TCG],
      [['expand', 'Skylake-Server', '--arch', 'x86_64', '--profile', '7.2'], TCG],
      [['expand', 'Skylake-Server', '--arch', 'x86_64', '--type', 'other'], TCG],
      [['expand', 'Skylake-Server', '--arch', 'ppc64'], TCG],
      [['expand', 'Skylake-Server', '--arch', 'x86_64', '--host', FIXTURE], TCG],
      [['expand', 'Skylake-Server', '--arch', 'x86_64', '--accel', 'hvf'], TCG],
      [['expand', 'Skylake-Server', '--json', '--json'], TCG],
      [['expand', 'Skylake-Server', 'Haswell'], TCG],
      [['expand', 'max'], TCG],
      [['expand', 'host'], KVM],
      [['expand', 'Skylake-Server'], fixedHostFacts({ arch: 'x86_64', kvm: true })],
      [['expand', 'Skylake-Server'], fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: cpuidDump })],
      [['expand', 'Skylake-Server'], fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: noFlags })],
      [['expand', 'Skylake-Server'], fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: path.join(dir, 'missing') })],
      [['expand', 'Skylake-Server', '--accel', 'kvm', '--arch', 'x86_64'], fixedHostFacts({ arch: 's390x', kvm: true, hostFile: FIXTURE })],
      [['expand', 'Skylake-Server'], fixedHostFacts({ arch: 'ppc64', kvm: false })],
      // another architecture: under TCG only, its exact names only, the default profile only
      [['expand', 'z14'], fixedHostFacts({ arch: 's390x', kvm: true })],
      [['expand', 'z14', '--arch', 's390x', '--accel', 'kvm'], TCG],
      [['expand', 'z14', '--arch', 's390x', '--profile', '7.2'], TCG],
      [['expand', 'z14,vx=off', '--arch', 's390x'], TCG],
      [['expand', 'POWER9', '--arch', 'ppc64'], TCG],
      [['expand', 'cortex-a72', '--arch', 'aarch64'], TCG],
      [['expand', 'z14', '--arch', '../dist'], TCG],
      [['expand', 'z14', '--arch', 'riscv64'], TCG],
    ];
    for (const [argv, facts] of cases) {
      const r = await captureOutput(async () => runExpandDirect(argv, STORE, facts));
      expect({ argv, taken: r.value, out: r.out, err: r.err }).toEqual({ argv, taken: false, out: '', err: '' });
    }
  });

  it('answers through bin/oneshot.cjs as the full CLI does (TCG, and a KVM machine)', () => {
    for (const env of [{ CPUMODELS_ASSUME_ARCH: 'x86_64', CPUMODELS_ASSUME_KVM: '0' }, { CPUMODELS_ASSUME_ARCH: 'x86_64', CPUMODELS_ASSUME_KVM: '1', CPUMODELS_ASSUME_HOST: FIXTURE }])
      for (const argv of [['expand', 'Skylake-Server', '--arch', 'x86_64'], ['expand', 'EPYC-Rome', '--type', 'full', '--json'], ['expand', 'Nope', '--arch', 'x86_64'], ['expand', 'z14', '--arch', 's390x', '--json'], ['expand', 'power9_v2.0', '--arch', 'ppc64', '--type', 'full'], ['expand', 'cortex-a57', '--arch', 'aarch64', '--type', 'full']]) {
        const e = { ...process.env, ...env };
        const direct = spawnSync(process.execPath, [path.join(root, 'bin', 'oneshot.cjs'), ...argv], { env: e, encoding: 'utf8' });
        // the commander CLI: bin/main.cjs would try the same direct path first
        const full = spawnFullCli(argv, e);
        expect({ argv, env, out: direct.stdout, err: direct.stderr, code: direct.status }).toEqual({ argv, env, out: full.stdout.toString('utf8'), err: full.stderr.toString('utf8'), code: full.status });
      }
  });
});
