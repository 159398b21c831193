// The x86_64 one-shot bundle (dist/oneshot.x86_64.cjs) builds its catalog
// from data the build precomputed (x86_64/precomputed.ts: the model classes
// and the catalog's core) and reads a KVM host's feature names only when an
// answer needs them. Its answers must be the full CLI's byte for byte: every
// x86_64 model, both expansion types, text and --json, under TCG and under
// KVM with a host file (this machine's /proc/cpuinfo as captured), and
// `models` and `compare` beside them, hosts given in the other forms, and the
// bundle for argv naming no architecture. The bundle answers in a child process
// (its code cache stays as the build made it); the computed side is the
// source's runFast, which computes everything from src/data.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedHostFacts } from '../../src/adapters/cli/host-facts.js';
import { runFast } from '../../src/adapters/cli/oneshot.js';
import { X86Driver } from '../../src/arch/x86_64/driver.js';
import { captureOutput } from '../helpers/cli.js';
import { LIBVIRT } from '../helpers/reference.js';

const root = path.resolve(import.meta.dirname, '../..');
const HOST = path.join(root, 'test', 'fixtures', 'x86_64', 'proc-cpuinfo-this-machine.txt');
const facts = fixedHostFacts({ arch: 'x86_64', kvm: false });
/** an x86_64 machine with /dev/kvm whose host is HOST (as this one's /proc/cpuinfo): argv without --accel is KVM there */
const KVM_MACHINE = { arch: 'x86_64', kvm: true, hostFile: HOST };

interface Answer {
  taken: boolean;
  code: number;
  out: string;
  err: string;
}

/** The bundle's answers to each argv: one child process per command, each loading the bundle and code cache bin/oneshot.cjs loads for it (dist/oneshot.x86_64.cjs, or dist/oneshot.x86_64.models.cjs for models). */
function bundleAnswers(argvs: string[][], key = 'x86_64', machine?: typeof KVM_MACHINE): Answer[] {
  const answers: Answer[] = new Array(argvs.length);
  for (const command of new Set(argvs.map((a) => a[0]!))) {
    const at = argvs.flatMap((a, i) => (a[0] === command ? [i] : []));
    const got = commandAnswers(at.map((i) => argvs[i]!), key, command, machine);
    at.forEach((i, j) => (answers[i] = got[j]!));
  }
  return answers;
}

function commandAnswers(argvs: string[][], key: string, command: string, machine = { arch: 'x86_64', kvm: false, hostFile: undefined as string | undefined }): Answer[] {
  const code = `
const b = require(${JSON.stringify(path.join(root, 'bin', 'oneshot.cjs'))}).bundle(${JSON.stringify(key)}, ${JSON.stringify(command === 's390x' ? 'identify' : command)});
const m = ${JSON.stringify(machine)};
const facts = { arch: () => m.arch, kvm: () => m.kvm, libvirt: async () => undefined, hostFile: () => m.hostFile };
(async () => {
  const answers = [];
  const ow = process.stdout.write, ew = process.stderr.write;
  for (const argv of JSON.parse(process.argv[1])) {
    let out = '', err = '';
    process.stdout.write = (c) => ((out += String(c)), true);
    process.stderr.write = (c) => ((err += String(c)), true);
    process.exitCode = 0;
    let taken;
    try { taken = await b.runFast(argv, facts); } finally { process.stdout.write = ow; process.stderr.write = ew; }
    answers.push({ taken, code: Number(process.exitCode ?? 0), out, err });
  }
  process.exitCode = 0;
  require('node:fs').writeFileSync(process.argv[2], JSON.stringify(answers));
})();
`;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cpumodels-x86-')), 'answers.json');
  const r = spawnSync(process.execPath, ['-e', code, JSON.stringify(argvs), file], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(readFileSync(file, 'utf8')) as Answer[];
}

async function computed(argv: string[], machine?: typeof KVM_MACHINE): Promise<Answer> {
  const { value: taken, code, out, err } = await captureOutput(() => runFast(argv, machine ? fixedHostFacts(machine) : facts));
  return { taken, code, out, err };
}

const MODELS = new X86Driver().definitions().map((d) => d.name);
// hosts in the other forms a KVM driver reads: `cpuid -r` output, and libvirt's CPUID dump when ../shared has it
const CPUID_R = path.join(root, 'test', 'fixtures', 'x86_64', 'cpuid-r-this-machine.txt');
const CPUDATA = path.join(LIBVIRT, 'cputestdata', 'x86_64-cpuid-EPYC-7601-32-Core.xml');
const OTHER_HOSTS = [CPUID_R, ...(existsSync(CPUDATA) ? [CPUDATA] : [])];
const ACCELS = [['--accel', 'tcg'], ['--accel', 'kvm', '--host', HOST]];

async function compareAll(argvs: string[][], key = 'x86_64', machine?: typeof KVM_MACHINE): Promise<void> {
  const got = bundleAnswers(argvs, key, machine);
  expect(got.length).toBe(argvs.length);
  for (let i = 0; i < argvs.length; i++) {
    const want = await computed(argvs[i]!, machine);
    expect(want.taken).toBe(true);
    expect({ argv: argvs[i], ...got[i] }).toEqual({ argv: argvs[i], ...want });
  }
}

describe('x86_64 one-shot bundle: answers equal the computed ones', () => {
  it('knows the whole model list (aliases, base, max, host and the psABI levels)', () => {
    expect(MODELS.length).toBeGreaterThan(100);
    expect(MODELS).toEqual(expect.arrayContaining(['Skylake-Server', 'Skylake-Server-v4', 'EPYC-Rome', 'base', 'max', 'host', 'qemu64']));
  });

  for (const type of ['static', 'full']) {
    for (const accel of ACCELS) {
      it(`expand MODEL --type ${type} ${accel.slice(0, 2).join(' ')}: every model, text and --json`, async () => {
        const argvs = MODELS.flatMap((m) => [
          ['expand', m, '--arch', 'x86_64', '--type', type, ...accel],
          ['expand', m, '--arch', 'x86_64', '--type', type, ...accel, '--json'],
        ]);
        await compareAll(argvs);
      }, 120_000);
    }
  }

  it('expand with props, unknown models and features, models and compare, under TCG and KVM', async () => {
    const argvs = ACCELS.flatMap((accel) => [
      ['expand', 'Skylake-Server,avx512f=off,vmx=on', '--arch', 'x86_64', ...accel],
      ['expand', 'Haswell,bogus=on', '--arch', 'x86_64', ...accel],
      ['expand', 'Skylak-Server', '--arch', 'x86_64', ...accel],
      ['expand', 'max,pmu=on', '--arch', 'x86_64', '--type', 'full', ...accel],
      ['models', '--arch', 'x86_64', ...accel],
      ['models', '--arch', 'x86_64', '--json', ...accel],
      ['compare', 'Skylake-Server', 'Haswell', '--arch', 'x86_64', ...accel],
      ['compare', 'host', 'EPYC', '--arch', 'x86_64', '--json', ...accel],
      ['compare', 'max', 'Cascadelake-Server', '--arch', 'x86_64', ...accel],
    ]);
    await compareAll(argvs);
  }, 120_000);

  it('KVM answers for hosts given as `cpuid -r` output and as a libvirt CPUID dump (every table read)', async () => {
    const argvs = OTHER_HOSTS.flatMap((host) => [
      ['expand', 'Skylake-Server', '--arch', 'x86_64', '--accel', 'kvm', '--host', host],
      ['expand', 'host', '--arch', 'x86_64', '--type', 'full', '--accel', 'kvm', '--host', host, '--json'],
      ['models', '--arch', 'x86_64', '--accel', 'kvm', '--host', host],
      ['compare', 'host', 'EPYC-Rome', '--arch', 'x86_64', '--accel', 'kvm', '--host', host],
    ]);
    await compareAll(argvs);
  }, 120_000);

  // `models` under KVM judges every model against the host: the bundle reads each table model's
  // features from the build's precomputed expansions (default profile) instead of parsing it
  it('models under KVM: argv naming nothing on a KVM machine, each host form, text and --json, default and other profiles', async () => {
    const argvs = [
      ['models'],
      ['models', '--json'],
      ['models', '--arch', 'x86_64'],
      ['models', '--profile', 'latest'],
      ['models', '--profile', '6.2', '--json'],
      ...[HOST, ...OTHER_HOSTS].flatMap((host) => [
        ['models', '--arch', 'x86_64', '--accel', 'kvm', '--host', host],
        ['models', '--arch', 'x86_64', '--accel', 'kvm', '--host', host, '--json'],
        ['models', '--arch', 'x86_64', '--accel', 'tcg', '--host', host],
      ]),
    ];
    await compareAll(argvs, 'x86_64', KVM_MACHINE);
    // the first two were answered under KVM (a RUNNABLE column with some model not runnable on this host)
    const [text] = bundleAnswers([['models']], 'x86_64', KVM_MACHINE);
    expect(text!.out).toMatch(/^host +no +no +no +yes/m);
  }, 120_000);

  it('the bundle for argv naming no architecture (dist/oneshot.cjs) answers x86_64 alike', async () => {
    const argvs = ['Skylake-Server', 'EPYC-v3', 'max', 'x86-64-v3'].flatMap((m) => [
      ['expand', m, '--arch', 'x86_64', '--type', 'full', '--json'],
      ['expand', m, '--arch', 'x86_64', '--accel', 'kvm', '--host', HOST],
    ]);
    await compareAll([...argvs, ['models', '--arch', 'x86_64', '--accel', 'tcg'], ['compare', 'Haswell', 'Broadwell', '--arch', 'x86_64']], 'any');
  }, 120_000);
});
