// The direct `models` path (src/adapters/cli/models-direct-main.ts, bundled
// alone as dist/oneshot-models-kvm.cjs) answers `models` under KVM with this
// machine's /proc/cpuinfo from a table the build made with the driver's own
// code (x86_64/models-direct-table.ts). Its answer must be the full path's
// byte for byte (the source's runFast, which computes everything from
// src/data): the captured cpuinfo of test/fixtures, this machine's, each
// Linux flag alone, every flag, none, and a few hundred random flag sets
// under each vendor (and the family KVM has errata for); text and --json.
// Where the table cannot decide, the direct path must answer nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedHostFacts } from '../../src/adapters/cli/host-facts.js';
import { runModelsDirect } from '../../src/adapters/cli/models-direct-main.js';
import { runFast } from '../../src/adapters/cli/oneshot.js';
import type { DirectModelsTable } from '../../src/arch/x86_64/models-direct.js';
import { X86_KVM_HOST_ERRATA } from '../../src/data/x86_64/kvm.js';
import { captureOutput, spawnFullCli } from '../helpers/cli.js';
import { CPUINFO_FIXTURE as FIXTURE, DIRECT_FLAGS as FLAGS, DIRECT_TABLE as TABLE } from '../helpers/direct-models.js';
import { seededRandom as random } from '../helpers/random.js';

const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-direct-'));
let files = 0;

function cpuinfo(vendor: string, family: number, flags: readonly string[]): string {
  return `processor\t: 0\nvendor_id\t: ${vendor}\ncpu family\t: ${family}\nmodel\t\t: 1\nmodel name\t: test CPU\nstepping\t: 1\nflags\t\t: ${flags.join(' ')}\n\n`;
}

function hostFile(text: string): string {
  const f = path.join(dir, `cpuinfo-${files++}.txt`);
  writeFileSync(f, text);
  return f;
}

/** Both paths' answers to argv on an x86_64 KVM machine whose host file is `file`; direct undefined when it did not answer. */
async function both(argv: string[], file: string): Promise<{ direct: string | undefined; full: string }> {
  const facts = fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: file });
  const d = await captureOutput(async () => runModelsDirect(argv, facts, TABLE));
  const f = await captureOutput(() => runFast(argv, facts));
  expect(f.value).toBe(true);
  expect(f.err).toBe('');
  expect(d.err).toBe('');
  if (!d.value) {
    expect(d.out).toBe('');
    return { direct: undefined, full: f.out };
  }
  expect(d.code).toBe(f.code);
  return { direct: d.out, full: f.out };
}

describe('models under KVM: the direct path answers as the full path', () => {
  it('for the captured /proc/cpuinfo and this machine\'s, text and --json, each argv it serves', async () => {
    const hosts = [FIXTURE, ...(existsSync('/proc/cpuinfo') && /^vendor_id/m.test(readFileSync('/proc/cpuinfo', 'utf8')) ? [hostFile(readFileSync('/proc/cpuinfo', 'utf8'))] : [])];
    for (const h of hosts) {
      for (const argv of [['models'], ['models', '--json'], ['models', '--accel', 'kvm'], ['models', '--json', '--arch', 'x86_64', '--accel', 'kvm']]) {
        const r = await both(argv, h);
        expect(r.direct, `${argv.join(' ')} on ${h}`).toBeDefined();
        expect(r.direct).toBe(r.full);
      }
    }
  });

  it('for no flag, every flag, and each flag alone (Intel and AMD)', async () => {
    let answered = 0;
    const sets: [string, number, string[]][] = [
      ['GenuineIntel', 6, []],
      ['AuthenticAMD', 25, FLAGS],
      ...FLAGS.map((f, i): [string, number, string[]] => [i % 2 ? 'AuthenticAMD' : 'GenuineIntel', i % 2 ? 25 : 6, [f]]),
    ];
    for (const [vendor, family, flags] of sets) {
      const r = await both(['models', '--json'], hostFile(cpuinfo(vendor, family, flags)));
      if (r.direct === undefined) continue;
      answered++;
      expect({ vendor, flags, out: r.direct }).toEqual({ vendor, flags, out: r.full });
    }
    expect(answered).toBeGreaterThan(sets.length / 2);
  });

  it('for 300 random flag sets under each vendor and the errata families', async () => {
    const next = random(11);
    const vendors: [string, number][] = [['GenuineIntel', 6], ['AuthenticAMD', 25], ['HygonGenuine', 24], ['CentaurHauls', 6], ...X86_KVM_HOST_ERRATA.map((e): [string, number] => [e.vendor, e.family])];
    let answered = 0;
    for (let i = 0; i < 300; i++) {
      const [vendor, family] = vendors[i % vendors.length]!;
      const p = next();
      const flags = FLAGS.filter(() => next() < p);
      const r = await both(i % 10 === 0 ? ['models'] : ['models', '--json'], hostFile(cpuinfo(vendor, family, flags)));
      if (r.direct === undefined) continue;
      answered++;
      expect({ vendor, family, flags, out: r.direct }).toEqual({ vendor, family, flags, out: r.full });
    }
    expect(answered).toBeGreaterThan(150);
  });

  it('answers nothing for what it does not serve: another argv, no KVM, another architecture, another host text', async () => {
    const kvm = fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: FIXTURE });
    const quiet = async (argv: string[], facts = kvm) => {
      const r = await captureOutput(async () => runModelsDirect(argv, facts, TABLE));
      expect({ argv, out: r.out, err: r.err }).toEqual({ argv, out: '', err: '' });
      return r.value;
    };
    for (const argv of [['models', '--accel', 'tcg'], ['models', '--arch', 'ppc64'], ['models', '--profile', '7.2'], ['models', '--host', FIXTURE], ['models', '--json', '--json'], ['expand', 'qemu64'], ['models', 'x']]) expect(await quiet(argv)).toBe(false);
    expect(await quiet(['models'], fixedHostFacts({ arch: 'x86_64', kvm: false, hostFile: FIXTURE }))).toBe(false);
    expect(await quiet(['models', '--accel', 'kvm'], fixedHostFacts({ arch: 's390x', kvm: true, hostFile: FIXTURE }))).toBe(false);
    expect(await quiet(['models', '--accel', 'kvm'], fixedHostFacts({ arch: 'x86_64', kvm: true }))).toBe(false);
    // a missing file, a cpuid dump, a host document, a cpuinfo without flags: the full path reads (or refuses) them
    const other = [path.join(dir, 'missing'), hostFile('   0x00000000 0x00: eax=0x0000000d ebx=0x756e6547 ecx=0x6c65746e edx=0x49656e69\n'), hostFile('{"format":"cpumodels-host/1"}'), hostFile('vendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t: 1\n')];
    for (const f of other) expect(await quiet(['models'], fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: f }))).toBe(false);
    // a model the driver parses at run time that may have a blocker (here: every feature beyond KVM's) is not decided
    const at = TABLE.rowExact.indexOf(false);
    expect(at).toBeGreaterThanOrEqual(0);
    const every = TABLE.sets[0]!.map(() => 0xffffffff);
    const undecided: DirectModelsTable = { ...TABLE, sets: [...TABLE.sets, every], rowSet: TABLE.rowSet.map((s, i) => (i === at ? TABLE.sets.length : s)) };
    expect((await captureOutput(async () => runModelsDirect(['models'], kvm, undecided))).value).toBe(false);
    // and the machine it serves, for contrast
    expect((await captureOutput(async () => runModelsDirect(['models'], kvm, TABLE))).value).toBe(true);
  });
});

describe('the direct bundle (dist/oneshot-models-kvm.cjs)', () => {
  it('answers through bin/oneshot.cjs as the full CLI does on a KVM machine', () => {
    const env = { ...process.env, CPUMODELS_ASSUME_ARCH: 'x86_64', CPUMODELS_ASSUME_KVM: '1', CPUMODELS_ASSUME_HOST: FIXTURE };
    for (const argv of [['models'], ['models', '--json'], ['models', '--accel', 'kvm']]) {
      const direct = spawnSync(process.execPath, [path.join(root, 'bin', 'oneshot.cjs'), ...argv], { env, encoding: 'utf8' });
      // the commander CLI: bin/main.cjs would try the same direct path first
      const full = spawnFullCli(argv, env);
      expect(direct.status).toBe(0);
      expect(direct.stderr).toBe('');
      expect(direct.stdout).toBe(full.stdout.toString('utf8'));
    }
    // and it was the direct bundle that answered
    const code = `const b = require(${JSON.stringify(path.join(root, 'bin', 'oneshot.cjs'))}).loadBundle(${JSON.stringify(path.join(root, 'dist', 'oneshot-models-kvm.cjs'))}, null);
process.stdout.write = () => true;
process.exitCode = b.runModelsDirect(['models'], undefined, undefined, false) ? 0 : 3;`;
    expect(spawnSync(process.execPath, ['-e', code], { env, encoding: 'utf8' }).status).toBe(0);
  });
});
