// bin/cpumodels, the launcher npm links: offline commands start without
// NODE_EXTRA_CA_CERTS (Node 20 loads those certificates eagerly at start-up),
// the commands that may talk TLS keep it. Node warns on stderr when the named
// file cannot be loaded, which shows whether it was passed on.
import { spawnSync } from 'node:child_process';
import { symlinkSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

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
      spawnSync(process.execPath, ['--input-type=module', '-e', "import('./dist/src/adapters/cli/main.js').then((m) => m.main(['node', 'cpumodels', ...process.argv.slice(1)]))", ...args], { cwd: root, env: offline, encoding: 'utf8' });
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
    ]) {
      const a = spawnSync(launcher, args, { env: offline, encoding: 'utf8' });
      const b = viaCommander(args);
      expect({ args, status: a.status, stdout: a.stdout, stderr: a.stderr }).toEqual({ args, status: b.status, stdout: b.stdout, stderr: b.stderr });
    }
  }, 60_000);
});
