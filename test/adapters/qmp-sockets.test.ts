/**
 * Servers never take over each other's address: a second server on a live
 * socket exits with code 2 and one line, a stale socket (nothing answers) is
 * replaced, a TCP port in use is refused the same way, serve takes both of
 * its addresses or none; the socket is created with mode 0600 unless
 * --socket-mode says otherwise.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AddressInUseError, listen } from '../../src/adapters/qmp/server.js';
import { makeService } from '../helpers/qmp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/cpumodels.js');
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'cpumodels-sock-'));

/** A unix socket left behind by a process that died without closing it. */
function staleSocket(p: string): void {
  const r = spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(p)}, () => process.kill(process.pid, 'SIGKILL'))`]);
  expect(r.signal).toBe('SIGKILL');
  expect(statSync(p).isSocket()).toBe(true);
}

function greets(p: string | number): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = typeof p === 'string' ? net.connect(p) : net.connect(p, '127.0.0.1');
    c.setEncoding('utf8');
    c.once('data', (d: string) => {
      c.destroy();
      resolve(d);
    });
    c.once('error', reject);
  });
}

describe('listen(): addresses in use', () => {
  it('refuses a live socket and leaves the first server reachable', async () => {
    const p = path.join(tmp(), 'q.sock');
    const first = await listen(makeService(), { socket: p });
    try {
      const e = await listen(makeService(), { socket: p }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AddressInUseError);
      expect((e as Error).message).toBe(`unix:${p} is in use by another server; stop it or choose another path`);
      expect(await greets(p)).toContain('"QMP"');
    } finally {
      await first.close();
    }
  });

  it('replaces a stale socket', async () => {
    const p = path.join(tmp(), 'q.sock');
    staleSocket(p);
    const s = await listen(makeService(), { socket: p });
    try {
      expect(await greets(p)).toContain('"QMP"');
    } finally {
      await s.close();
    }
  });

  it('never removes a file that is no socket', async () => {
    const p = path.join(tmp(), 'notes.txt');
    writeFileSync(p, 'mine');
    const e = await listen(makeService(), { socket: p }).catch((x: unknown) => x);
    expect((e as Error).message).toBe(`unix:${p} is not a socket (a file is there): remove it or choose another path`);
    expect(existsSync(p)).toBe(true);
  });

  it('creates the socket with mode 0600, or the mode asked for', async () => {
    const d = tmp();
    const a = await listen(makeService(), { socket: path.join(d, 'a.sock') });
    const b = await listen(makeService(), { socket: path.join(d, 'b.sock'), socketMode: 0o660 });
    try {
      expect(statSync(path.join(d, 'a.sock')).mode & 0o777).toBe(0o600);
      expect(statSync(path.join(d, 'b.sock')).mode & 0o777).toBe(0o660);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses a TCP port in use, and takes both addresses or none', async () => {
    const first = await listen(makeService(), { listen: { host: '127.0.0.1', port: 0 } });
    const port = Number(first.addresses[0]!.split(':').pop());
    const p = path.join(tmp(), 'both.sock');
    try {
      const e = await listen(makeService(), { socket: p, listen: { host: '127.0.0.1', port } }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AddressInUseError);
      expect((e as Error).message).toBe(`tcp:127.0.0.1:${port} is in use by another server; stop it or choose another port`);
      expect(existsSync(p)).toBe(false); // the socket it had taken is given back
      expect(await greets(port)).toContain('"QMP"');
    } finally {
      await first.close();
    }
  });
});

describe('cpumodels qmp / serve: a second server exits with code 2 and one line', () => {
  it('qmp --socket on a live socket', async () => {
    const d = tmp();
    const p = path.join(d, 'q.sock');
    const first = spawn(process.execPath, [bin, 'qmp', '--arch', 's390x', '--accel', 'tcg', '--socket', p], { cwd: root });
    try {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('first server did not start')), 20_000);
        first.stderr.on('data', (x: Buffer) => {
          if (x.toString().includes('on unix:')) {
            clearTimeout(t);
            resolve();
          }
        });
      });
      expect(statSync(p).mode & 0o777).toBe(0o600);
      const second = spawnSync(process.execPath, [bin, 'qmp', '--arch', 's390x', '--accel', 'tcg', '--socket', p], { cwd: root, encoding: 'utf8', timeout: 20_000 });
      expect(second.status).toBe(2);
      expect(second.stderr).toBe(`cpumodels: error: unix:${p} is in use by another server; stop it or choose another path\n`);
      expect(await greets(p)).toContain('"QMP"'); // the first one still answers
    } finally {
      first.kill('SIGTERM');
    }
  });

  it('qmp --socket on a stale socket replaces it; --socket-mode is checked', async () => {
    const p = path.join(tmp(), 'q.sock');
    staleSocket(p);
    const child = spawn(process.execPath, [bin, 'qmp', '--arch', 's390x', '--accel', 'tcg', '--socket', p, '--socket-mode', '0660'], { cwd: root });
    try {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('server did not start')), 20_000);
        child.stderr.on('data', (x: Buffer) => x.toString().includes('on unix:') && (clearTimeout(t), resolve()));
      });
      expect(await greets(p)).toContain('"QMP"');
      expect(statSync(p).mode & 0o777).toBe(0o660);
    } finally {
      child.kill('SIGTERM');
    }
    const bad = spawnSync(process.execPath, [bin, 'qmp', '--arch', 's390x', '--socket', p, '--socket-mode', 'rw'], { cwd: root, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("cpumodels: error: --socket-mode 'rw' is not an octal mode such as 0600 or 0660\n");
  });

  it('qmp --listen and serve on a port in use', async () => {
    const first = await listen(makeService(), { listen: { host: '127.0.0.1', port: 0 } });
    const port = Number(first.addresses[0]!.split(':').pop());
    try {
      const q = spawnSync(process.execPath, [bin, 'qmp', '--arch', 's390x', '--listen', `127.0.0.1:${port}`], { cwd: root, encoding: 'utf8', timeout: 20_000 });
      expect(q.status).toBe(2);
      expect(q.stderr).toBe(`cpumodels: error: tcp:127.0.0.1:${port} is in use by another server; stop it or choose another port\n`);
      const sock = path.join(tmp(), 'serve.qmp');
      const s = spawnSync(process.execPath, [bin, 'serve', '--arch', 's390x', '--accel', 'tcg', '--socket', sock, '--listen', `127.0.0.1:${port}`], { cwd: root, encoding: 'utf8', timeout: 20_000 });
      expect(s.status).toBe(2);
      expect(s.stderr).toBe(`cpumodels: error: tcp:127.0.0.1:${port} is in use by another server; stop it or choose another port\n`);
      expect(existsSync(sock)).toBe(false);
    } finally {
      await first.close();
    }
  });
});
