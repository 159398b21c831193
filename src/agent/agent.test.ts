/**
 * The agent against a running fleet service (a real socket): it registers
 * this machine from what it probes here, sends nothing while nothing
 * changes, re-sends after a simulated capability change (a CPU flag taken
 * away, as a microcode update takes TSX), keeps retrying with back-off while
 * the server is down and then delivers the newest state, and the real
 * command exits 0 on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, testDb, TOKEN, type TestDb, type TestService } from '../../test/helpers/service.js';
import { Agent, parseDuration, type Probed } from './agent.js';
import { probeAll } from './probe.js';
import { dumpReader, fakeProbeEnv } from '../../test/helpers/probe-env.js';
import { applyNodeLabels, kubeApi } from './kube.js';
import http from 'node:http';

const until = async (cond: () => Promise<boolean> | boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

/** this host's probe with one flag taken away (the simulated change) */
function without(p: Probed, flag: string): Probed {
  return { ...p, text: p.text.replace(new RegExp(`^(flags\\s*:.*?) ${flag}(?= |$)`, 'gm'), '$1') };
}

describe('agent', () => {
  let db: TestDb;
  let t: TestService;
  let url: string;
  let real: Probed;
  let flag: string;
  beforeAll(async () => {
    db = await testDb('sqlite', 'agent');
    t = await startService(db.url);
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    real = { text: readFileSync('/proc/cpuinfo', 'utf8'), origin: '/proc/cpuinfo' };
    flag = ['avx2', 'aes', 'sse4_2', 'popcnt'].find((f) => new RegExp(`^flags\\s*:.* ${f}( |$)`, 'm').test(real.text)) ?? 'fpu';
  });
  afterAll(async () => {
    await t?.close();
    await db?.cleanup();
  });
  const host = async (name: string) => (await t.app.inject({ method: 'GET', url: `/v1/hosts/${name}` })).json();
  const events = async (name: string) => (await t.app.inject({ method: 'GET', url: `/v1/events?host=${name}` })).json().events as { kind: string; lost?: string[] }[];

  it('parses durations', () => {
    expect([parseDuration('1h'), parseDuration('30m'), parseDuration('10s'), parseDuration('500ms'), parseDuration('5')]).toEqual([3_600_000, 1_800_000, 10_000, 500, 5000]);
    expect(() => parseDuration('soon')).toThrow(/not a duration/);
  });

  it('registers this machine, sends nothing while nothing changes, re-sends after a capability change', async () => {
    let changed = false;
    const logs: string[] = [];
    const a = new Agent({ server: url, token: TOKEN, name: 'this-host', labels: { cluster: 'lab' }, intervalMs: 40, probe: () => probeAll(fakeProbeEnv({ cpuinfo: (changed ? without(real, flag) : real).text })), log: (l) => logs.push(l) });
    void a.start();
    await until(() => a.status.sent === 1);
    const h1 = await host('this-host');
    expect(h1).toMatchObject({ name: 'this-host', labels: { cluster: 'lab' }, rev: 1 });
    expect(h1.signature).toBe(a.status.lastSignature);
    await new Promise((r) => setTimeout(r, 300)); // several probes, no change
    expect(a.status.sent).toBe(1);
    expect((await host('this-host')).rev).toBe(1);
    changed = true;
    await until(() => a.status.sent === 2);
    await a.stop();
    const h2 = await host('this-host');
    expect(h2.rev).toBe(2);
    expect(h2.signature).not.toBe(h1.signature);
    const ev = await events('this-host');
    expect(ev.map((e) => e.kind)).toEqual(['added', 'changed']);
    expect(ev[1]!.lost!.length).toBeGreaterThan(0);
    expect(logs.filter((l) => l.includes('sent'))).toHaveLength(2);
  });

  it('re-sends after a capability change seen through CPUID (/dev/cpu/0/cpuid): a microcode update takes TSX away', async () => {
    const dump = path.resolve('../shared/reference/libvirt/cputestdata/x86_64-cpuid-Xeon-Gold-6148.xml');
    let tsx = true;
    // CPUID.(EAX=7,ECX=0):EBX bit 4 HLE, bit 11 RTM (Intel SDM vol. 2A)
    const reader = dumpReader(dump, (leaf, sub, r) => (leaf === 7 && sub === 0 && !tsx ? [r[0]!, r[1]! & ~((1 << 4) | (1 << 11)), r[2]!, r[3]!] : r));
    const a = new Agent({ server: url, token: TOKEN, name: 'cpuid-host', intervalMs: 30, probe: () => probeAll(fakeProbeEnv({ cpuid: reader })), log: () => {} });
    void a.start();
    await until(() => a.status.sent === 1);
    await new Promise((r) => setTimeout(r, 150));
    expect(a.status.sent).toBe(1);
    tsx = false;
    await until(() => a.status.sent === 2);
    await a.stop();
    const ev = await events('cpuid-host');
    expect(ev.map((e) => e.kind)).toEqual(['added', 'changed']);
    expect(ev[1]!.lost).toEqual(expect.arrayContaining(['hle', 'rtm']));
  });

  it('retries with back-off while the server is down and delivers the newest probe', async () => {
    const db2 = await testDb('sqlite', 'agent-down');
    const port = await freePort();
    let state = 0;
    const a = new Agent({ server: `http://127.0.0.1:${port}`, token: TOKEN, name: 'late-host', intervalMs: 60_000, backoff: { initialMs: 20, maxMs: 80 }, probe: async () => (state === 0 ? real : without(real, flag)), log: () => {} });
    void a.start();
    await until(() => a.status.failures >= 3);
    state = 1; // the capability changes while the server is unreachable
    const t2 = await startService(db2.url);
    await t2.app.listen({ host: '127.0.0.1', port });
    await until(() => a.status.sent === 1);
    await a.stop();
    const h = (await t2.app.inject({ method: 'GET', url: '/v1/hosts/late-host' })).json();
    expect(h.signature).toBe(a.status.lastSignature);
    // what arrived is the changed state, not the one probed first
    const direct = await t2.app.inject({ method: 'PUT', url: '/v1/hosts/check', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' }, payload: without(real, flag).text });
    expect(direct.json().signature).toBe(h.signature);
    await t2.close();
    await db2.cleanup();
  });

  it('applies the node labels through the Kubernetes API: sets the service\'s, removes stale owned ones, keeps the rest', async () => {
    // a fake API server holding one Node; it records the requests
    const node = { metadata: { name: 'k8s-node', labels: { 'kubernetes.io/hostname': 'k8s-node', 'cpu-model.node.kubevirt.io/Bogus': 'true', 'feature.node.kubernetes.io/cpu-cpuid.GONE': 'true' } as Record<string, string> } };
    const seen: { method: string; type?: string; auth?: string }[] = [];
    const kube = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, ...(req.headers['content-type'] ? { type: req.headers['content-type'] } : {}), ...(req.headers.authorization ? { auth: req.headers.authorization } : {}) });
        if (req.url !== '/api/v1/nodes/k8s-node') return res.writeHead(404).end(JSON.stringify({ message: `nodes "${req.url}" not found` }));
        if (req.method === 'PATCH') {
          const patch = JSON.parse(body) as { metadata: { labels: Record<string, string | null> } };
          for (const [k, v] of Object.entries(patch.metadata.labels)) if (v === null) delete node.metadata.labels[k]; else node.metadata.labels[k] = v;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(node));
      });
    });
    await new Promise<void>((r) => kube.listen(0, '127.0.0.1', () => r()));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-kube-'));
    writeFileSync(path.join(dir, 'kt'), 'kube-token\n');
    const api = kubeApi({ url: `http://127.0.0.1:${(kube.address() as { port: number }).port}`, tokenFile: path.join(dir, 'kt') });
    const a = new Agent({ server: url, token: TOKEN, name: 'k8s-node', intervalMs: 40, probe: async () => real, log: () => {}, applyLabels: { scheme: 'kubevirt', apply: (l) => applyNodeLabels(api, 'k8s-node', l) } });
    void a.start();
    await until(() => a.status.labelled === 1);
    await new Promise((r) => setTimeout(r, 200)); // more rounds: nothing left to change, no more PATCH
    await a.stop();
    const want = (await t.app.inject({ method: 'GET', url: '/v1/hosts/k8s-node/labels?scheme=kubevirt' })).json().labels as Record<string, string>;
    expect(Object.keys(want).length).toBeGreaterThan(3);
    expect(node.metadata.labels).toEqual({ 'kubernetes.io/hostname': 'k8s-node', ...want });
    expect(a.status.labelled).toBe(1);
    expect(seen.filter((x) => x.method === 'PATCH')).toEqual([{ method: 'PATCH', type: 'application/merge-patch+json', auth: 'Bearer kube-token' }]);
    // a node the API server does not know: the error names it and the agent retries
    await expect(applyNodeLabels(api, 'no-such-node', {})).rejects.toThrow(/GET node no-such-node: 404/);
    kube.close();
  });

  it('--apply-labels outside a pod without --kube-api says what is missing', () => {
    expect(() => kubeApi({}, {})).toThrow(/KUBERNETES_SERVICE_HOST is not set.*--kube-api/);
  });

  it('the command exits 0 on SIGTERM after registering', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-agent-'));
    writeFileSync(path.join(dir, 'token'), TOKEN + '\n', { mode: 0o600 });
    const p = spawn(process.execPath, ['bin/cpumodels.js', 'agent', '--server', url, '--token-file', path.join(dir, 'token'), '--name', 'cmd-host', '--interval', '1h', '--label', 'zone=z1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await until(async () => (await t.app.inject({ method: 'GET', url: '/v1/hosts/cmd-host' })).statusCode === 200, 30_000);
    const exited = new Promise<number | null>((r) => p.on('exit', (code) => r(code)));
    p.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(err).toContain('agent: sent cmd-host');
    expect((await host('cmd-host')).labels).toEqual({ zone: 'z1' });
  }, 40_000);
});
