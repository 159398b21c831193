// Live tier for the hypervisor capabilities cache (src/adapters/hypervisor):
// adds Debian's real QEMU 7.2 (all four architectures) via exec:, and our own QMP
// server via qmp:unix:, then checks the records, the cache key (an unchanged
// binary is not started again) and the errors for bad targets.
//
// Env: CPUMODELS_SKIP_LIVE=1 skips this tier; CPUMODELS_QEMU_S390X and
// CPUMODELS_QEMU_X86_64 override the binaries. Without the binaries the tier
// fails (it does not skip silently).

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addHypervisor, getHypervisor, hypervisorModels, listHypervisors, probeHypervisor, type HypervisorRecord } from '../../src/adapters/hypervisor/cache.js';
import { cmdHypervisorList, cmdModelsForHypervisor } from '../../src/adapters/hypervisor/commands.js';
import { spawnOurs, type SpawnedQemu } from '../../src/adapters/qmp/client.js';
import { findBinary } from './diff-util.js';

const SKIP = process.env.CPUMODELS_SKIP_LIVE === '1';


function requireBinary(name: string, env: string): string {
  const b = findBinary(name, process.env[env]);
  if (!b) {
    throw new Error(
      `${name} was not found (looked in /usr/bin and PATH; set ${env} to override). ` +
        'The live tier needs it: install it (Debian: apt-get install qemu-system-misc qemu-system-x86), ' +
        'or set CPUMODELS_SKIP_LIVE=1 to skip this tier explicitly.',
    );
  }
  return b;
}

function checkShape(r: HypervisorRecord, arch: string, definitions: number): void {
  expect(r.arch).toBe(arch);
  expect(r.version).toMatch(/^7\.2\.\d+$/);
  expect(r.definitions).toHaveLength(definitions);
  expect(r.definitions.every((d) => typeof d.name === 'string')).toBe(true);
  expect(['host', 'max']).toContain(r.expansion!.model);
  expect(r.expansion!.model).toBe(r.accel === 'kvm' ? 'host' : 'max');
  expect(Object.keys(r.expansion!.return.model.props ?? {}).length).toBeGreaterThan(50);
  expect(r.hostDoc).not.toBeNull();
  expect(r.hostDoc!.arch).toBe(arch);
  expect(r.hostDoc!.signature).toMatch(/^[0-9a-f]{16}$/);
  expect(r.hostDoc!.source.kind).toBe('qmp-expansion');
  expect(Date.parse(r.probedAt)).toBeGreaterThan(Date.now() - 600_000);
  const models = hypervisorModels(r);
  expect(models).toHaveLength(definitions);
  expect(models.some((m) => m.usable === 'yes')).toBe(true);
}

describe.skipIf(SKIP)('hypervisor capabilities cache (live: real QEMU 7.2 and ours)', () => {
  let dir: string;
  let cache: string;
  let s390x: string;
  let x86: string;
  let ours: SpawnedQemu | undefined;

  beforeAll(() => {
    s390x = requireBinary('qemu-system-s390x', 'CPUMODELS_QEMU_S390X');
    x86 = requireBinary('qemu-system-x86_64', 'CPUMODELS_QEMU_X86_64');
    dir = mkdtempSync(join(tmpdir(), 'cpumodels-hv-live-'));
    cache = join(dir, 'cache');
  });

  afterAll(async () => {
    if (ours) await ours.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('adds qemu-system-s390x via exec: (78 definitions, max expanded under TCG)', async () => {
    const a = await addHypervisor('qemu-s390x', `exec:${s390x}`, { cache });
    if (!a.ok) throw new Error(a.error.message);
    expect(a.value.action).toBe('probed');
    const r = a.value.record;
    checkShape(r, 's390x', 78);
    expect(r.machine).toBe('s390-ccw-virtio');
    expect(r.binary?.path).toMatch(/qemu-system-s390x$/);
    expect(r.package).toMatch(/Debian|7\.2/);
    expect(r.hostDoc!.model).toMatch(/^(z|gen)/);
  });

  it('adds qemu-system-x86_64 via exec: (132 definitions; host under KVM, else max)', async () => {
    const a = await addHypervisor('qemu-x86_64', `exec:${x86}`, { cache });
    if (!a.ok) throw new Error(a.error.message);
    checkShape(a.value.record, 'x86_64', 132);
    expect(a.value.record.machine).toBe('none');
  });

  it('re-adding an unchanged binary reuses the cache: no new QEMU process', async () => {
    const before = await getHypervisor('qemu-s390x', cache);
    if (!before.ok) throw new Error(before.error.message);
    const started = Date.now();
    const a = await addHypervisor('qemu-s390x', `exec:${s390x}`, { cache });
    if (!a.ok) throw new Error(a.error.message);
    expect(a.value.action).toBe('reused');
    expect(a.value.record.probedAt).toBe(before.value.probedAt);
    expect(Date.now() - started).toBeLessThan(2000);
    // force probes again: a new probe time
    const f = await addHypervisor('qemu-s390x', `exec:${s390x}`, { cache, force: true });
    if (!f.ok) throw new Error(f.error.message);
    expect(f.value.action).toBe('reprobed');
    expect(f.value.record.probedAt).not.toBe(before.value.probedAt);
    checkShape(f.value.record, 's390x', 78);
  });

  it('adds our own server via qmp:unix: with the same shape', async () => {
    ours = await spawnOurs(['--arch', 's390x', '--accel', 'tcg']);
    const ep = ours.client.endpoint;
    if (ep.kind !== 'unix') throw new Error('expected a unix socket');
    const a = await addHypervisor('ours-s390x', `qmp:unix:${ep.path}`, { cache });
    if (!a.ok) throw new Error(a.error.message);
    const r = a.value.record;
    checkShape(r, 's390x', 78);
    expect(r.binary).toBeUndefined();
    expect(r.package).toMatch(/^cpumodels /);
    // ours answers like QEMU 7.2: the same model names and the same host document
    const q = await getHypervisor('qemu-s390x', cache);
    if (!q.ok) throw new Error(q.error.message);
    expect(hypervisorModels(r).map((m) => m.name)).toEqual(hypervisorModels(q.value).map((m) => m.name));
    expect(r.hostDoc!.signature).toBe(q.value.hostDoc!.signature);
    // the probe only disconnected: the server still answers
    expect(ours.client.closed).toBe(false);
    const again = await addHypervisor('ours-s390x', `qmp:unix:${ep.path}`, { cache });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.action).toBe('reused');
    expect(again.value.record.probedAt).toBe(r.probedAt);
  });

  it('lists the cache and answers cpu-models from it', async () => {
    const l = await listHypervisors(cache);
    expect(l.problems).toEqual([]);
    expect(l.records.map((r) => r.name)).toEqual(['ours-s390x', 'qemu-s390x', 'qemu-x86_64']);
    const out = await cmdHypervisorList({ cache });
    expect(out.exitCode).toBe(0);
    expect(out.stdout.split('\n')[0]).toMatch(/^NAME +ARCH +VERSION +TARGET +MODELS +PROBED$/);
    expect(out.stdout).toMatch(/^qemu-x86_64 +x86_64 +7\.2\.\d+ +exec:\S+ +132 /m);
    const m = await cmdModelsForHypervisor('qemu-x86_64', { cache });
    expect(m.exitCode).toBe(0);
    const names = m.stdout.trim().split('\n');
    expect(names).toHaveLength(132);
    expect(names).toContain('Skylake-Server');
    const s = await cmdModelsForHypervisor('qemu-s390x', { cache });
    expect(s.stdout.trim().split('\n')).toContain('z14');
  });

  it('bad inputs: unreachable unix socket, closed TCP port, missing binary, a binary that exits early', async () => {
    const sock = join(dir, 'no-such.sock');
    const u = await addHypervisor('bad', `qmp:unix:${sock}`, { cache, timeoutMs: 1000 });
    expect(!u.ok && u.error.message).toMatch(new RegExp(`qmp:unix:${sock.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot connect: no such socket file \\[ENOENT\\]`));

    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const started = Date.now();
    const t = await addHypervisor('bad', `qmp:tcp:127.0.0.1:${port}`, { cache, timeoutMs: 500 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(!t.ok && t.error.message).toMatch(new RegExp(`qmp:tcp:127\\.0\\.0\\.1:${port}: cannot connect: connection refused`));

    const missing = join(dir, 'qemu-system-nothing');
    const b = await probeHypervisor(`exec:${missing}`);
    expect(!b.ok && b.error.message).toContain(`no such QEMU binary '${missing}'`);

    const f = await addHypervisor('bad', 'exec:/bin/false', { cache, timeoutMs: 10_000 });
    expect(!f.ok && f.error.message).toMatch(/^hypervisor exec:\/(usr\/)?bin\/false: .*exited early \(exit code 1\)/);

    // a real QEMU that exits early (an unknown machine type appended by a wrapper): exit code and QEMU's last stderr line
    const wrapper = join(dir, 'qemu-broken');
    writeFileSync(wrapper, `#!/bin/sh\nexec ${x86} "$@" -machine no-such-machine\n`);
    chmodSync(wrapper, 0o755);
    const w = await addHypervisor('bad', `exec:${wrapper}`, { cache, timeoutMs: 10_000 });
    expect(!w.ok && w.error.message).toMatch(/exited early \(exit code 1\)/);
    expect(!w.ok && w.error.message).toMatch(/qemu-system-x86_64: unsupported machine type/);

    const l = await listHypervisors(cache);
    expect(l.records.map((r) => r.name)).not.toContain('bad');
  });
});

// All four of Debian's QEMUs through the CLI, as a user would: `hypervisor
// add` succeeds for each (ppc64 has no query-cpu-model-expansion and is
// cached from query-cpu-definitions alone, and says so), and
// `domcapabilities --hypervisor` then says usable='unknown' for ppc64 and
// aarch64 (QEMU does not tell) and yes/no for s390x and x86_64 under TCG.
describe.skipIf(SKIP)('hypervisor add and domcapabilities --hypervisor for all four architectures (live, CLI)', () => {
  const bin = join(__dirname, '../../bin/cpumodels.js');
  const cache = mkdtempSync(join(tmpdir(), 'cpumodels-live-four-'));
  afterAll(() => rmSync(cache, { recursive: true, force: true }));
  const cli = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, CPUMODELS_ASSUME_LIBVIRT: 'none' } });

  for (const arch of ['s390x', 'x86_64', 'ppc64', 'aarch64']) {
    it(`${arch}: add, then domcapabilities`, () => {
      const binary = requireBinary(`qemu-system-${arch}`, `CPUMODELS_QEMU_${arch.toUpperCase()}`);
      const add = cli(['hypervisor', 'add', `q-${arch}`, `exec:${binary}`, '--cache', cache]);
      expect(add.stderr.replace(/cpumodels: warning: no host document[^\n]*\n/, '')).toBe('');
      expect(add.status).toBe(0);
      expect(add.stdout).toMatch(new RegExp(`^added q-${arch}: QEMU 7\\.2\\.\\d+ ${arch} \\((tcg|kvm)\\)`));
      if (arch === 'ppc64') expect(add.stdout).toContain('cached from query-cpu-definitions alone');
      const usable = (arch === 'ppc64' || arch === 'aarch64') ? 'usability unknown' : 'usable';
      expect(add.stdout).toContain(usable);
      const dc = cli(['domcapabilities', '--hypervisor', `q-${arch}`, '--cache', cache]);
      expect(dc.status).toBe(0);
      const values = new Set([...dc.stdout.matchAll(/<model usable='(\w+)'/g)].map((m) => m[1]));
      if (arch === 'ppc64' || arch === 'aarch64') expect([...values]).toEqual(['unknown']);
      else if (dc.stdout.includes('<domain>qemu</domain>')) expect([...values].sort()).toEqual(['no', 'yes']);
      const j = JSON.parse(cli(['domcapabilities', '--hypervisor', `q-${arch}`, '--cache', cache, '--json']).stdout);
      expect(j.arch).toBe(arch);
    });
  }
});
