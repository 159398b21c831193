// `models` under KVM, remembered (src/adapters/cli/models-memo.ts): the
// direct path writes its answer with a key (the build, the form, and the host
// file's projection: vendor, family, flags), and a later run with the same
// key writes it back without computing. What makes that sound is checked
// here: the remembered answer is the full path's byte for byte; the full
// path's answer does not change with what the key leaves out (model,
// stepping, brand, cpu MHz, the other processors); a memo of another key,
// build or form, or a torn or edited one, is not served; and through
// bin/oneshot.cjs a first run remembers in the user's cache folder
// (XDG_CACHE_HOME), a second writes back.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedHostFacts } from '../../src/adapters/cli/host-facts.js';
import { runModelsDirect } from '../../src/adapters/cli/models-direct-main.js';
import { kvmModelsRequest, memoDir, memoFileOf, memoKeyOf, readMemo, runModelsMemo, writeMemo } from '../../src/adapters/cli/models-memo.js';
import { runFast } from '../../src/adapters/cli/oneshot.js';
import { kvmModelsHostOf } from '../../src/arch/x86_64/models-direct-host.js';
import { captureOutput, spawnFullCli } from '../helpers/cli.js';
import { CPUINFO_FIXTURE as FIXTURE, DIRECT_FLAGS as FLAGS, DIRECT_TABLE as TABLE } from '../helpers/direct-models.js';
import { seededRandom as random } from '../helpers/random.js';

const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-memo-'));
let files = 0;

interface Cpu {
  vendor: string;
  family: number;
  flags: readonly string[];
  model?: number;
  stepping?: number | string;
  brand?: string;
  mhz?: string;
  /** processors after the first (each a copy with its own number) */
  more?: number;
}

function cpuinfo(c: Cpu): string {
  const block = (n: number) =>
    `processor\t: ${n}\nvendor_id\t: ${c.vendor}\ncpu family\t: ${c.family}\nmodel\t\t: ${c.model ?? 1}\nmodel name\t: ${c.brand ?? 'test CPU'}\nstepping\t: ${c.stepping ?? 1}\ncpu MHz\t\t: ${c.mhz ?? '2000.000'}\nflags\t\t: ${c.flags.join(' ')}\n\n`;
  return Array.from({ length: 1 + (c.more ?? 0) }, (_, i) => block(i)).join('');
}

function hostFile(text: string): string {
  const f = path.join(dir, `cpuinfo-${files++}.txt`);
  writeFileSync(f, text);
  return f;
}

const kvmOn = (file: string) => fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: file });

/** The full path's answer (runFast on the source's driver), stdout. */
async function full(argv: string[], file: string): Promise<string> {
  const r = await captureOutput(() => runFast(argv, kvmOn(file)));
  expect(r.value).toBe(true);
  expect(r.err).toBe('');
  return r.out;
}

/** The direct path's answer, remembering it in memoDir under the build id; undefined when it declined (nothing written). */
async function computed(argv: string[], file: string, memoDir: string, id = 'build-1'): Promise<string | undefined> {
  const r = await captureOutput(async () => runModelsDirect(argv, kvmOn(file), TABLE, false, { dir: memoDir, id }));
  expect(r.err).toBe('');
  if (!r.value) expect(r.out).toBe('');
  return r.value ? r.out : undefined;
}

/** The remembered answer; undefined when there is none for this run's key (nothing written). */
async function remembered(argv: string[], file: string, memoDir: string, id: string | null = 'build-1'): Promise<string | undefined> {
  // null: the source's own MEMO_ID (none)
  const r = await captureOutput(async () => runModelsMemo(argv, memoDir, kvmOn(file), false, id ?? undefined));
  expect(r.err).toBe('');
  if (!r.value) expect(r.out).toBe('');
  return r.value ? r.out : undefined;
}

describe('models under KVM, remembered', () => {
  it('writes back the full path\'s answer, text and --json, for the captured cpuinfo and 40 random hosts', async () => {
    const next = random(5);
    const vendors: [string, number][] = [['GenuineIntel', 6], ['AuthenticAMD', 25], ['HygonGenuine', 24]];
    const hosts = [FIXTURE];
    for (let i = 0; i < 40; i++) {
      const [vendor, family] = vendors[i % vendors.length]!;
      const p = next();
      hosts.push(hostFile(cpuinfo({ vendor, family, flags: FLAGS.filter(() => next() < p) })));
    }
    let hits = 0;
    for (const h of hosts)
      for (const argv of [['models', '--accel', 'kvm'], ['models', '--json']]) {
        const memoDir = mkdtempSync(path.join(dir, 'm-'));
        expect(await remembered(argv, h, memoDir)).toBeUndefined();
        const first = await computed(argv, h, memoDir);
        if (first === undefined) continue;
        const want = await full(argv, h);
        expect(first).toBe(want);
        const again = await remembered(argv, h, memoDir);
        expect({ h, argv, again }).toEqual({ h, argv, again: want });
        hits++;
      }
    expect(hits).toBeGreaterThan(60);
  });

  it('keys what the answer reads: the full path answers the same when only model, stepping, brand, cpu MHz or the other processors differ', async () => {
    const next = random(9);
    for (let i = 0; i < 12; i++) {
      const p = next();
      const base: Cpu = { vendor: i % 2 ? 'AuthenticAMD' : 'GenuineIntel', family: i % 2 ? 25 : 6, flags: FLAGS.filter(() => next() < p) };
      const variants: Cpu[] = [
        { ...base, model: 85, stepping: 7 },
        { ...base, brand: 'Another CPU @ 3.00GHz', mhz: '3412.917' },
        { ...base, stepping: 'unknown' },
        { ...base, more: 3 },
      ];
      const files = [base, ...variants].map((c) => hostFile(cpuinfo(c)));
      const keys = files.map((f) => memoKeyOf('b', false, kvmModelsHostOf(readFileSync(f, 'utf8'), f)!));
      expect(new Set(keys).size).toBe(1);
      // one at a time: captureOutput takes process.stdout's writes while it runs
      const answers: string[] = [];
      for (const f of files) answers.push(await full(['models', '--json'], f));
      for (const a of answers) expect(a).toBe(answers[0]);
    }
  });

  it('does not serve a memo of another host, build or form', async () => {
    const memoDir = mkdtempSync(path.join(dir, 'm-'));
    const intel = hostFile(cpuinfo({ vendor: 'GenuineIntel', family: 6, flags: FLAGS.slice(0, 60) }));
    expect(await computed(['models'], intel, memoDir)).toBeDefined();
    const others = [
      cpuinfo({ vendor: 'GenuineIntel', family: 6, flags: FLAGS.slice(0, 59) }),
      cpuinfo({ vendor: 'AuthenticAMD', family: 6, flags: FLAGS.slice(0, 60) }),
      cpuinfo({ vendor: 'GenuineIntel', family: 15, flags: FLAGS.slice(0, 60) }),
    ].map(hostFile);
    for (const h of others) expect(await remembered(['models'], h, memoDir)).toBeUndefined();
    expect(await remembered(['models'], intel, memoDir, 'build-2')).toBeUndefined();
    // the text answer moved where the --json one is kept: its key says text
    writeFileSync(memoFileOf(memoDir, true), readFileSync(memoFileOf(memoDir, false)));
    expect(await remembered(['models', '--json'], intel, memoDir)).toBeUndefined();
    // no build id (the source, not a bundle): nothing remembered is read
    expect(await remembered(['models'], intel, memoDir, null)).toBeUndefined();
    expect(await remembered(['models'], intel, memoDir, '')).toBeUndefined();
    // and the memo itself, for contrast
    expect(await remembered(['models'], intel, memoDir)).toBe(await full(['models'], intel));
  });

  it('does not serve a torn or edited memo', async () => {
    const memoDir = mkdtempSync(path.join(dir, 'm-'));
    const key = memoKeyOf('b', false, kvmModelsHostOf(readFileSync(FIXTURE, 'utf8'), FIXTURE)!);
    const file = memoFileOf(memoDir, false);
    writeMemo(file, key, 'an answer\n');
    const whole = readFileSync(file);
    expect(readMemo(file, key)?.toString()).toBe('an answer\n');
    const bad = [
      whole.subarray(0, whole.length - 1),
      Buffer.concat([whole, Buffer.from('x')]),
      Buffer.from(whole.toString().replace('\n10\n', '\n11\n')),
      Buffer.from(whole.toString().replace('\n10\n', '\n010\n')),
      Buffer.from(whole.toString().replace('\n10\n', '\n\n')),
      Buffer.from(whole.toString().replace('memo 1', 'memo 2')),
      whole.subarray(0, 20),
      Buffer.alloc(0),
    ];
    for (const b of bad) {
      writeFileSync(file, b);
      expect({ b: b.toString(), got: readMemo(file, key) }).toEqual({ b: b.toString(), got: undefined });
    }
    expect(readMemo(path.join(memoDir, 'missing'), key)).toBeUndefined();
  });

  it('makes the folder it remembers in, and answers all the same where it cannot be written', async () => {
    const fresh = path.join(dir, 'fresh', 'cpumodels');
    expect(await computed(['models'], FIXTURE, fresh)).toBe(await full(['models'], FIXTURE));
    expect(existsSync(memoFileOf(fresh, false))).toBe(true);
    // a file where the folder would be (running as root, modes would not stop a write)
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'x\n');
    const nowhere = path.join(file, 'cpumodels');
    expect(await computed(['models'], FIXTURE, nowhere)).toBe(await full(['models'], FIXTURE));
    expect(readdirSync(dir).filter((f) => f.startsWith('a-file'))).toEqual(['a-file']);
  });

  it('answers nothing for what the direct path does not serve, with a memo there', async () => {
    const memoDir = mkdtempSync(path.join(dir, 'm-'));
    expect(await computed(['models'], FIXTURE, memoDir)).toBeDefined();
    expect(await computed(['models', '--json'], FIXTURE, memoDir)).toBeDefined();
    for (const argv of [['models', '--accel', 'tcg'], ['models', '--arch', 'ppc64'], ['models', '--profile', '7.2'], ['models', '--host', FIXTURE], ['models', '--json', '--json'], ['expand', 'qemu64'], ['models', 'x']]) {
      expect(kvmModelsRequest(argv, kvmOn(FIXTURE))).toBeUndefined();
      expect(await remembered(argv, FIXTURE, memoDir)).toBeUndefined();
    }
    const r = await captureOutput(async () => runModelsMemo(['models'], memoDir, fixedHostFacts({ arch: 'x86_64', kvm: false, hostFile: FIXTURE }), false, 'build-1'));
    expect([r.value, r.out]).toEqual([false, '']);
    // a host file that is not plainly /proc/cpuinfo, or is gone
    for (const f of [hostFile('{"format":"cpumodels-host/1"}'), path.join(dir, 'missing')]) expect(await remembered(['models'], f, memoDir)).toBeUndefined();
  });
});

describe('through bin/oneshot.cjs', () => {
  it('a first run remembers in the user\'s cache folder, a later one writes back; another host computes again', () => {
    // a cache folder of this test's own (XDG_CACHE_HOME), made by the first run
    const cache = path.join(mkdtempSync(path.join(dir, 'xdg-')), 'cache');
    const other = hostFile(cpuinfo({ vendor: 'AuthenticAMD', family: 25, flags: FLAGS.slice(0, 90) }));
    const envOf = (host: string) => ({ ...process.env, XDG_CACHE_HOME: cache, CPUMODELS_ASSUME_ARCH: 'x86_64', CPUMODELS_ASSUME_KVM: '1', CPUMODELS_ASSUME_HOST: host });
    expect(memoDir(envOf(FIXTURE))).toBe(path.join(cache, 'cpumodels'));
    const run = (argv: string[], host: string) => {
      const r = spawnSync(process.execPath, [path.join(root, 'bin', 'oneshot.cjs'), ...argv], { env: envOf(host) });
      expect(r.stderr.toString()).toBe('');
      expect(r.status).toBe(0);
      return r.stdout;
    };
    for (const argv of [['models'], ['models', '--json']]) {
      const memo = memoFileOf(path.join(cache, 'cpumodels'), argv.includes('--json'));
      const want = spawnFullCli(argv, envOf(FIXTURE)).stdout;
      expect(existsSync(memo)).toBe(false);
      expect(run(argv, FIXTURE).equals(want)).toBe(true);
      expect(existsSync(memo)).toBe(true);
      expect(run(argv, FIXTURE).equals(want)).toBe(true);
      // it is the memo that answered: a byte of it changed (length kept) shows in the answer
      const m = readFileSync(memo);
      m[m.length - 2] = m[m.length - 2] === 0x61 ? 0x62 : 0x61;
      writeFileSync(memo, m);
      expect(run(argv, FIXTURE).equals(want)).toBe(false);
      // another host: computed again, and remembered in its place
      expect(run(argv, other).equals(spawnFullCli(argv, envOf(other)).stdout)).toBe(true);
      expect(readFileSync(memo).toString()).toContain('"AuthenticAMD",25');
    }
    // a cache folder that cannot be made (a file is in the way): answered all the same, nothing remembered
    const blocked = path.join(dir, 'blocked');
    writeFileSync(blocked, 'a file\n');
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'oneshot.cjs'), 'models'], { env: { ...envOf(FIXTURE), XDG_CACHE_HOME: blocked } });
    expect([r.status, r.stderr.toString()]).toEqual([0, '']);
    expect(r.stdout.equals(spawnFullCli(['models'], envOf(FIXTURE)).stdout)).toBe(true);
  });
});
