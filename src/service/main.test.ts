/**
 * `cpumodels server` as a process: SQLite under the data folder by default,
 * a token made on first start (mode 0600, printed once), --token-file, and
 * reads that need the token when listening beyond loopback.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../../test/helpers/server-process.js';
import { isLoopback, parseListen } from './main.js';

describe('cpumodels server', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-main-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('first start: SQLite in the data folder, a 0600 token printed once; a restart keeps the token and does not print it', async () => {
    const data = path.join(dir, 'data');
    const s1 = await startServerProcess(['--listen', '127.0.0.1:0', '--data', data]);
    const token = readFileSync(path.join(data, 'token'), 'utf8').trim();
    expect(statSync(path.join(data, 'token')).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(data, 'fleet.db'))).toBe(true);
    expect(s1.output()).toContain(token);
    expect(s1.output()).toContain(`${s1.url}/openapi.json`);
    const put = await fetch(`${s1.url}/v1/hosts/h1`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, body: 'Manufacturer: IBM\nType: 3906\n' });
    expect(put.status).toBe(201);
    await s1.stop();
    const s2 = await startServerProcess(['--listen', '127.0.0.1:0', '--data', data]);
    expect(s2.output()).not.toContain(token);
    expect(s2.output()).toMatch(/1 hosts/);
    expect(((await (await fetch(`${s2.url}/v1/hosts/h1`)).json()) as { arch: string }).arch).toBe('s390x');
    await s2.stop();
  });

  it('beyond loopback, reads need the token (from --token-file)', async () => {
    const tf = path.join(dir, 'tok');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(tf, 'a-long-enough-token-0123\n', { mode: 0o600 });
    const s = await startServerProcess(['--listen', '0.0.0.0:0', '--data', path.join(dir, 'd2'), '--token-file', tf]);
    const url = s.url.replace('0.0.0.0', '127.0.0.1');
    expect((await fetch(`${url}/v1/classes`)).status).toBe(401);
    expect((await fetch(`${url}/v1/classes`, { headers: { authorization: 'Bearer a-long-enough-token-0123' } })).status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(existsSync(path.join(dir, 'd2', 'token'))).toBe(false);
    await s.stop();
  });

  it('reads --listen', () => {
    expect(parseListen('127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseListen('[::1]:9')).toEqual({ host: '::1', port: 9 });
    expect(() => parseListen('8080')).toThrow(/HOST:PORT/);
    expect(isLoopback('127.0.0.1') && isLoopback('::1') && !isLoopback('0.0.0.0')).toBe(true);
  });
});
