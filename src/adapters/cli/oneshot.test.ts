// The fast path (runFast, no commander) answers every argv it takes exactly
// as the commander CLI does, and leaves every other argv to it: random argv
// sets from pools of valid and invalid words, compared on stdout, stderr and
// exit code.
import { describe, expect, it } from 'vitest';
import { fixedHostFacts } from './host-facts.js';
import { parseFast, runFast } from './oneshot.js';
import { captureOutput, runCli } from '../../../test/helpers/cli.js';

const facts = fixedHostFacts({ arch: 'x86_64', kvm: false });

async function fast(argv: string[]): Promise<{ taken: boolean; code: number; out: string; err: string }> {
  const { value: taken, code, out, err } = await captureOutput(() => runFast(argv, facts));
  return { taken, code, out, err };
}

/** A small seeded generator (mulberry32): the same sets at every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODELS = ['z14', 'z13', 'z14.2', 'gen15a', 'z14,msa6=off', 'z13,vx=on', 'Skylake-Server', 'Haswell', 'Haswell,avx2=off', 'qemu64', 'host', 'max', 'POWER9', 'power8', 'cortex-a72', 'a64fx', 'Skylak-Server', 'z14,bogus=on', 'z14,msa6', 'nonesuch', ''];
const OPTIONS: string[][] = [
  ['--arch', 's390x'], ['--arch', 'x86_64'], ['--arch', 'ppc64'], ['--arch', 'aarch64'], ['--arch', 'riscv64'], ['--arch', 's390'], ['--arch=s390x'], ['--arch'],
  ['--accel', 'tcg'], ['--accel', 'kvm'], ['--accel', 'hvf'], ['--profile', '7.0'], ['--profile', 'latest'], ['--profile', '9.9'], ['--json'], ['--json'],
  ['--type', 'full'], ['--type', 'static'], ['--type', 'fuller'], ['--ga', '1'], ['--ga', '2'], ['--ga', 'x'], ['--model', 'z14.2'], ['--model', 'z99'],
  ['--libvirt', '9.0'], ['--help'], ['-h'], ['--bogus'], ['--', 'z14'], ['--hypervisor', 'none'],
];
const TYPES = ['0x3906', '3906', '0x2964', 'zz', '0x1234'];
const COMMANDS = [['models'], ['expand'], ['compare'], ['s390x', 'identify']];

function argvSet(r: () => number): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const cmd = pick(COMMANDS);
  const words: string[][] = [];
  const operands = cmd[0] === 'compare' ? 2 : cmd[0] === 'expand' ? 1 : 0;
  // mostly the right number of operands, sometimes one more or one fewer
  const n = Math.max(0, operands + (r() < 0.15 ? (r() < 0.5 ? -1 : 1) : 0));
  for (let i = 0; i < n; i++) words.push([pick(MODELS)]);
  const k = Math.floor(r() * 4);
  for (let i = 0; i < k; i++) words.push(cmd[0] === 's390x' && r() < 0.5 ? ['--type', pick(TYPES)] : pick(OPTIONS));
  // operands and options in any order, as commander takes them
  for (let i = words.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [words[i], words[j]] = [words[j]!, words[i]!];
  }
  return [...cmd, ...words.flat()];
}

describe('one-shot fast path', () => {
  it('answers as commander does over 400 random argv sets, and takes the plain ones', async () => {
    const r = rng(11);
    let taken = 0;
    for (let i = 0; i < 400; i++) {
      const argv = argvSet(r);
      const f = await fast(argv);
      const c = await runCli(argv, facts);
      if (f.taken) {
        taken++;
        expect({ argv, code: f.code, out: f.out, err: f.err }).toEqual({ argv, code: c.code, out: c.out, err: c.err });
      } else expect({ argv, out: f.out, err: f.err }).toEqual({ argv, out: '', err: '' });
    }
    // both kinds were seen: a fast path that takes nothing (or everything) is not tested by this
    expect(taken).toBeGreaterThan(100);
    expect(taken).toBeLessThan(400);
  }, 120_000);

  it('leaves help, --opt=value, repeated options, missing values and unknown options to commander', () => {
    for (const argv of [
      ['compare', 'z14', 'z13', '--help'],
      ['models', '--arch=s390x'],
      ['models', '--json', '--json'],
      ['expand', 'z14', '--arch'],
      ['expand', 'z14', '--arch', '--json'],
      ['models', '--hypervisor', 'h'],
      ['expand', 'z14', '--type', 'fuller'],
      ['compare', 'z14'],
      ['s390x', 'identify', 'z14'],
      ['s390x'],
      ['baseline', 'z14', 'z13'],
    ]) expect(parseFast(argv), argv.join(' ')).toBeUndefined();
    expect(parseFast(['compare', 'z14', 'z13', '--arch', 's390x', '--json'])).toEqual({ cmd: 'compare', operands: ['z14', 'z13'], opts: { '--arch': 's390x', '--json': true } });
  });
});
