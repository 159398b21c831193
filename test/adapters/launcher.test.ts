// bin/cpumodels, the launcher npm links: offline commands start without
// NODE_EXTRA_CA_CERTS (Node 20 loads those certificates eagerly at start-up),
// the commands that may talk TLS keep it. Node warns on stderr when the named
// file cannot be loaded, which shows whether it was passed on.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { qemuArchOf } from '../../src/adapters/cli/host-facts.js';
import { ARCH_FACTS } from '../../src/arch/facts.js';

const root = path.resolve(import.meta.dirname, '../..');
const launcher = path.join(root, 'bin', 'cpumodels');
const env = { ...process.env, NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem' };
const warned = /Ignoring extra certs from `\/nonexistent\/ca\.pem`/;

describe('bin/cpumodels launcher', () => {
  it('runs an offline command without the extra CA file, keeping its path aside', () => {
    const r = spawnSync(launcher, ['--version'], { env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.stderr).not.toMatch(warned);
  });

  it('keeps NODE_EXTRA_CA_CERTS for the agent, which talks HTTPS', () => {
    const r = spawnSync(launcher, ['agent', '--help'], { env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(warned);
  });

  it('starts the servers with the young generation CPUMODELS_SEMI_SPACE_MB names, unless NODE_OPTIONS names one; by default and for other commands, V8\'s', () => {
    // a `node` first on PATH that prints the arguments it is given
    const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-node-'));
    writeFileSync(path.join(dir, 'node'), '#!/bin/sh\necho "$@"\n', { mode: 0o755 });
    const run = (args: string[], extra: Record<string, string> = {}) => spawnSync(launcher, args, { env: { ...process.env, PATH: `${dir}:${process.env['PATH']}`, CPUMODELS_SEMI_SPACE_MB: '', ...extra }, encoding: 'utf8' });
    const cli = path.join(root, 'bin', 'main.cjs');
    expect(run(['server', '--listen', '127.0.0.1:0']).stdout).toBe(`${cli} server --listen 127.0.0.1:0\n`);
    expect(run(['server', '--listen', '127.0.0.1:0'], { CPUMODELS_SEMI_SPACE_MB: '32' }).stdout).toBe(`--max-semi-space-size=32 ${cli} server --listen 127.0.0.1:0\n`);
    expect(run(['serve'], { CPUMODELS_SEMI_SPACE_MB: '64' }).stdout).toBe(`--max-semi-space-size=64 ${cli} serve\n`);
    expect(run(['server'], { CPUMODELS_SEMI_SPACE_MB: '0' }).stdout).toBe(`${cli} server\n`);
    expect(run(['server'], { CPUMODELS_SEMI_SPACE_MB: '32', NODE_OPTIONS: '--max-semi-space-size=8' }).stdout).toBe(`${cli} server\n`);
    expect(run(['hosts', 'server'], { CPUMODELS_SEMI_SPACE_MB: '32' }).stdout).toBe(`${cli} hosts server\n`);
    const bad = run(['server'], { CPUMODELS_SEMI_SPACE_MB: '32M' });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe("cpumodels: CPUMODELS_SEMI_SPACE_MB '32M' is not a whole number of MiB; give e.g. 64, or 0 for V8's default\n");
  });

  it('finds the CLI through a symlink, as npm links it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-bin-'));
    const link = path.join(dir, 'cpumodels');
    symlinkSync(launcher, link);
    const r = spawnSync(link, ['compare', 'z14', 'z13', '--arch', 's390x'], { env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^z14 is a superset of z13/);
  });

  it('answers the one-shot commands from the bundle as the commander CLI does, and hands other forms to it', () => {
    const offline = { ...process.env, NODE_EXTRA_CA_CERTS: '' };
    const viaCommander = (args: string[]) =>
      spawnSync(process.execPath, ['--input-type=module', '-e', "import('./dist/src/adapters/cli/main.js').then((m) => m.main(['node', 'cpumodels', ...process.argv.slice(1)]))", '--', ...args], { cwd: root, env: offline, encoding: 'utf8' });
    for (const args of [
      ['compare', 'z14', 'z13', '--arch', 's390x'],
      ['expand', 'Skylake-Server', '--arch', 'x86_64', '--accel', 'tcg', '--json'],
      ['models', '--arch', 'ppc64'],
      ['s390x', 'identify', '--type', '0x3906', '--ga', '1'],
      ['s390x', 'identify', '--model', 'z99'],
      ['expand', 'Skylak-Server', '--arch', 'x86_64'],
      ['compare', 'z14', '--arch', 's390x'],
      ['models', '--arch=aarch64', '--accel', 'tcg'],
      ['expand', '--help'],
      // each architecture's own bundle, and the one for argv naming none
      ['expand', 'z14', '--arch', 's390x', '--type', 'full', '--json'],
      ['compare', 'POWER9', 'POWER8', '--arch', 'ppc64'],
      ['expand', 'cortex-a72', '--arch', 'aarch64'],
      ['models', '--arch', 'x86_64', '--accel', 'tcg', '--json'],
      ['compare', 'Skylake-Server', 'Haswell', '--accel', 'tcg'],
      // another architecture's model: the bundle's stored names give the same hint as the drivers
      ['compare', 'z14', 'z13', '--arch', 'x86_64'],
      ['expand', 'POWER9', '--arch', 'aarch64'],
      ['compare', 'z14', 'cortex-a57'],
      ['--version'],
      ['-V'],
      ['--version', 'extra'],
    ]) {
      const a = spawnSync(launcher, args, { env: offline, encoding: 'utf8' });
      const b = viaCommander(args);
      expect({ args, status: a.status, stdout: a.stdout, stderr: a.stderr }).toEqual({ args, status: b.status, stdout: b.stdout, stderr: b.stderr });
    }
  }, 60_000);

  it('ends quietly with status 141 on a closed stdout, as the commander path does and as virsh ends (SIGPIPE)', () => {
    const offline = { ...process.env, NODE_EXTRA_CA_CERTS: '' };
    // the reader is gone before the answer is written: the write fails with EPIPE
    const closed = (cmd: string, args: string) => spawnSync('bash', ['-c', `(sleep 0.3; ${cmd} ${args}) | true; echo "status=\${PIPESTATUS[0]}"`], { cwd: root, env: offline, encoding: 'utf8' });
    const commander = `node --input-type=module -e "import('./dist/src/adapters/cli/main.js').then((m) => m.main(['node', 'cpumodels', ...process.argv.slice(1)]))" --`;
    // a stored answer, a bundle's answer, the version line, a direct path, commander's own help
    for (const args of ['models --arch x86_64 --accel tcg --json', 'compare z14 z13 --arch s390x', '--version', 's390x identify --model z14', 'expand --help']) {
      const a = closed(JSON.stringify(launcher), args);
      const b = closed(commander, args);
      expect({ args, out: a.stdout, err: a.stderr }).toEqual({ args, out: 'status=141\n', err: '' });
      expect({ args, out: b.stdout, err: b.stderr }).toEqual({ args, out: 'status=141\n', err: '' });
    }
    // the peers, where installed, end quietly too: virsh by SIGPIPE (141); QEMU ignores SIGPIPE and ends with 0
    const has = (cmd: string) => spawnSync('bash', ['-c', `command -v ${cmd}`]).status === 0;
    if (has('virsh')) expect(closed('virsh', '-c test:///default cpu-models x86_64')).toMatchObject({ stdout: 'status=141\n', stderr: '' });
    if (has('qemu-system-x86_64')) expect(closed('qemu-system-x86_64', '-cpu help')).toMatchObject({ stdout: 'status=0\n', stderr: '' });
  });

  it('builds one bundle per architecture that leaves the others out', () => {
    // a word only each architecture's catalog holds
    const own = { s390x: 'gen15a', x86_64: 'Skylake-Server', ppc64: 'power8nvl', aarch64: 'cortex-a72' };
    for (const arch of Object.keys(own) as (keyof typeof own)[]) {
      const text = readFileSync(path.join(root, 'dist', `oneshot.${arch}.cjs`), 'latin1');
      for (const [other, word] of Object.entries(own)) expect({ arch, other, has: text.includes(word) }).toEqual({ arch, other, has: other === arch });
    }
    const all = readFileSync(path.join(root, 'dist', 'oneshot.cjs'), 'latin1');
    for (const word of Object.values(own)) expect(all).toContain(word);
  });

  it('picks the bundle of the architecture argv names, else of this machine (as host-facts.ts names it), else the one of all four', () => {
    const o = createRequire(import.meta.url)('../../bin/oneshot.cjs') as { cacheKey: (args: string[], nodeArch?: string, assumedArch?: string) => string; NODE_ARCH: Record<string, string> };
    const nodeArches = Object.values(ARCH_FACTS).map((f) => f.nodeArch);
    expect(Object.keys(o.NODE_ARCH).sort()).toEqual([...nodeArches].sort());
    for (const n of nodeArches) {
      expect(o.NODE_ARCH[n]).toBe(qemuArchOf(n));
      expect(o.cacheKey(['models'], n)).toBe(qemuArchOf(n));
      expect(o.cacheKey(['compare', 'a', 'b', '--arch', 'ppc64'], n)).toBe('ppc64');
    }
    expect(o.cacheKey(['models'], 'riscv64')).toBe('any');
    expect(o.cacheKey(['models', '--arch', 'riscv64'], 'x64')).toBe('any');
    expect(o.cacheKey(['s390x', 'identify', '--model', 'z14'], 'x64')).toBe('s390x');
    // CPUMODELS_ASSUME_ARCH (host-facts.ts, for tests) names this machine's architecture instead
    expect(o.cacheKey(['models'], 'x64', 's390x')).toBe('s390x');
    expect(o.cacheKey(['models'], 'x64', 'riscv64')).toBe('any');
    expect(o.cacheKey(['models'], 'x64', '')).toBe('x86_64');
    expect(o.cacheKey(['models', '--arch', 'ppc64'], 'x64', 's390x')).toBe('ppc64');
  });

  it('compiles each one-shot command with the code cache the build made for it (kept, not rewritten as a rejected one would be)', () => {
    for (const [args, cache] of [
      [['compare', 'z14', 'z13', '--arch', 's390x'], 'oneshot.s390x.cjs.compare.cache'],
      [['s390x', 'identify', '--type', '0x3906', '--ga', '1'], 'oneshot.s390x.cjs.identify.cache'],
      [['models', '--arch', 'ppc64'], 'oneshot.ppc64.models.cjs.models.cache'],
      [['expand', 'cortex-a72', '--arch', 'aarch64', '--type', 'full'], 'oneshot.aarch64.cjs.expand.cache'],
    ] as const) {
      const file = path.join(root, 'dist', cache);
      const before = statSync(file).mtimeMs;
      const r = spawnSync(launcher, args, { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect({ cache, mtime: statSync(file).mtimeMs }).toEqual({ cache, mtime: before });
    }
  });

  it('compiles dist/baseline.cjs with the code cache the build made (kept, not rewritten as a rejected one would be)', () => {
    const cache = path.join(root, 'dist', 'baseline.cjs.cache');
    const before = statSync(cache).mtimeMs;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'cpumodels-launcher-')), 'one.xml');
    writeFileSync(file, "<cpu><arch>x86_64</arch><model>Skylake-Client</model><feature name='ss'/></cpu>\n");
    const r = spawnSync(launcher, ['baseline', file, '--libvirt', '9.0'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('<model');
    expect(r.status).toBe(0);
    expect(statSync(cache).mtimeMs).toBe(before);
  });
});
