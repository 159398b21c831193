/**
 * Defaults from this host, with the host's answers injected (so the tests
 * do not depend on the machine): --arch is this machine's architecture,
 * --accel kvm when /dev/kvm can be opened, --libvirt the installed
 * libvirt's release; serve follows the same rule; an architecture we do not
 * know is said, naming the four we do.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveCommon } from '../../src/adapters/cli/main.js';
import { askLocalLibvirt, fixedHostFacts, qemuArchOf } from '../../src/adapters/cli/host-facts.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/cpumodels.js');
const cpuinfo = path.join(root, 'test/fixtures/x86_64/proc-cpuinfo-this-machine.txt');
const cpudata = path.join(root, '../shared/reference/libvirt/cputestdata/x86_64-cpuid-Core-i7-8700.xml');

function run(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root, timeout: 30_000, env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('defaults from this host (resolveCommon)', () => {
  it("takes this machine's architecture, TCG without /dev/kvm", () => {
    expect(resolveCommon({}, fixedHostFacts({ arch: 'x86_64' }))).toMatchObject({ arch: 'x86_64', accel: 'tcg' });
    expect(resolveCommon({}, fixedHostFacts({ arch: 's390x' }))).toMatchObject({ arch: 's390x', accel: 'tcg' });
  });

  it('takes KVM when /dev/kvm can be opened, with this machine as the host', () => {
    const r = resolveCommon({}, fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: cpuinfo }));
    expect(r).toMatchObject({ arch: 'x86_64', accel: 'kvm', host: cpuinfo });
    expect(r.notes).toContain('/dev/kvm can be opened: KVM');
  });

  it('--arch and --accel still override; another architecture is never KVM', () => {
    expect(resolveCommon({ arch: 's390x' }, fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: cpuinfo }))).toMatchObject({ arch: 's390x', accel: 'tcg' });
    expect(resolveCommon({ accel: 'tcg' }, fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: cpuinfo }))).toMatchObject({ arch: 'x86_64', accel: 'tcg' });
    expect(resolveCommon({ accel: 'kvm', host: 'h' }, fixedHostFacts({ arch: 'x86_64' }))).toMatchObject({ accel: 'kvm', host: 'h' });
  });

  it('says so on an architecture it does not know, naming the four it knows', () => {
    expect(() => resolveCommon({}, fixedHostFacts({ arch: 'riscv64' }))).toThrow(/this machine is riscv64, an architecture cpumodels does not know: pass --arch \(one of s390x, x86_64, ppc64, aarch64\)/);
    expect(resolveCommon({ arch: 'aarch64' }, fixedHostFacts({ arch: 'riscv64' }))).toMatchObject({ arch: 'aarch64', accel: 'tcg' });
  });

  it("maps Node's architecture names to QEMU's", () => {
    expect(qemuArchOf('x64')).toBe('x86_64');
    expect(qemuArchOf('arm64')).toBe('aarch64');
    expect(qemuArchOf('s390x')).toBe('s390x');
    expect(qemuArchOf('ppc64')).toBe('ppc64');
    expect(qemuArchOf('riscv64')).toBe('riscv64');
    expect(qemuArchOf('ia32')).toBe('i386');
    expect(qemuArchOf('arm')).toBe('arm');
    // a name the table lacks is passed through, whatever Object.prototype holds
    expect(qemuArchOf('constructor')).toBe('constructor');
  });

  it('asks virsh, then libvirtd, for the local libvirt', async () => {
    expect((await askLocalLibvirt((cmd) => (cmd === 'virsh' ? '9.0.0\n' : undefined)))?.text).toBe('9.0.0');
    expect((await askLocalLibvirt((cmd) => (cmd === 'libvirtd' ? 'libvirtd (libvirt) 8.0.0\n' : undefined)))?.text).toBe('8.0.0');
    expect(await askLocalLibvirt(() => undefined)).toBeUndefined();
  });
});

describe('defaults from this host (the CLI, host answers injected)', () => {
  it("models: this machine's architecture", () => {
    const x = JSON.parse(run(['models', '--json'], { CPUMODELS_ASSUME_ARCH: 'x86_64', CPUMODELS_ASSUME_KVM: '0' }).out);
    expect(x.map((d: { name: string }) => d.name)).toContain('Skylake-Client');
    const s = JSON.parse(run(['models', '--json'], { CPUMODELS_ASSUME_ARCH: 's390x', CPUMODELS_ASSUME_KVM: '0' }).out);
    expect(s).toHaveLength(78);
    const k = JSON.parse(run(['models', '--json'], { CPUMODELS_ASSUME_ARCH: 'x86_64', CPUMODELS_ASSUME_KVM: '1', CPUMODELS_ASSUME_HOST: cpuinfo }).out);
    expect(k.map((d: { name: string }) => d.name)).toContain('host'); // 'host' exists under KVM only
    const u = run(['models'], { CPUMODELS_ASSUME_ARCH: 'riscv64' });
    expect(u.code).toBe(2);
    expect(u.err).toBe('cpumodels: error: this machine is riscv64, an architecture cpumodels does not know: pass --arch (one of s390x, x86_64, ppc64, aarch64)\n');
  });

  it('--libvirt defaults to the local release, else the newest', () => {
    const old = run(['host-model', '--cpuid', cpudata], { CPUMODELS_ASSUME_LIBVIRT: '9.0' });
    expect(old.out).toContain("<model fallback='forbid'>Skylake-Client-IBRS</model>");
    const newest = run(['host-model', '--cpuid', cpudata], { CPUMODELS_ASSUME_LIBVIRT: 'none' });
    expect(newest.out).toContain("<model fallback='forbid'>Skylake-Client-v2</model>");
    const said = run(['host-model', '--cpuid', cpudata, '--libvirt', '10.10'], { CPUMODELS_ASSUME_LIBVIRT: '9.0' });
    expect(said.out).toContain("<model fallback='forbid'>Skylake-Client-v2</model>");
    const bad = run(['host-model', '--cpuid', cpudata, '--libvirt', 'latest'], {});
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^cpumodels: error: --libvirt latest: 'latest' is not a libvirt release/);
  });

  it('serve follows the same rule', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-serve-'));
    const child = spawn(process.execPath, [bin, 'serve', '--socket', path.join(dir, 's.qmp'), '--listen', '127.0.0.1:0'], { cwd: root, env: { ...process.env, CPUMODELS_ASSUME_ARCH: 'x86_64', CPUMODELS_ASSUME_KVM: '0' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no start: ${out}`)), 20_000);
        child.stdout.on('data', () => {
          if (out.includes('stop with Ctrl-C')) {
            clearTimeout(t);
            resolve();
          }
        });
        child.on('exit', () => reject(new Error(`exited: ${out}`)));
      });
      expect(out).toMatch(/QMP server for x86_64 \(tcg\)/);
      expect(out).toContain('note: no usable /dev/kvm: TCG');
    } finally {
      child.kill('SIGTERM');
    }
    const u = run(['serve', '--socket', path.join(dir, 'u.qmp'), '--listen', '127.0.0.1:0'], { CPUMODELS_ASSUME_ARCH: 'riscv64' });
    expect(u.code).toBe(2);
    expect(u.err).toContain('one of s390x, x86_64, ppc64, aarch64');
  });
});

describe('usage errors are one line too', () => {
  it('unknown option, missing argument, unknown command: one line, exit 2', () => {
    for (const argv of [['models', '--bogus'], ['baseline'], ['nosuch'], ['features', '--arch', 'x86_64', '--host', '/nonexistent/cpuinfo']]) {
      const r = run(argv, {});
      expect(r.code).toBe(2);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/^cpumodels: error: /);
    }
  });
});
