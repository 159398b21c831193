import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GREETING, cleanups, fakeServer, tempDir, type Handler } from '../../../test/helpers/fake-qmp.js';
import { QmpClient, spawnOurs, spawnQemu } from './client.js';

const echo: Handler = (msg, send) => send({ return: { echoed: msg.execute, args: msg.arguments ?? null }, id: msg.id });

describe('QmpClient.connect', () => {
  it('reads the greeting and negotiates capabilities first', async () => {
    const srv = await fakeServer(echo);
    const c = await QmpClient.connect(srv.ep);
    cleanups.push(() => c.close());
    expect(c.greeting).toEqual(GREETING);
    expect(srv.received[0]?.execute).toBe('qmp_capabilities');
    const r = await c.execute('query-foo', { a: 1 });
    expect(r).toMatchObject({ return: { echoed: 'query-foo', args: { a: 1 } } });
    expect(srv.received[1]).toMatchObject({ execute: 'query-foo', arguments: { a: 1 } });
  });

  it('omits "arguments" when none are given', async () => {
    const srv = await fakeServer(echo);
    const c = await QmpClient.connect(srv.ep);
    cleanups.push(() => c.close());
    await c.execute('query-bar');
    expect('arguments' in (srv.received[1] ?? {})).toBe(false);
  });

  it('rejects with a clear message when the socket file does not exist', async () => {
    const path = join(tempDir(), 'missing.sock');
    await expect(QmpClient.connect({ kind: 'unix', path })).rejects.toThrow(new RegExp(`unix:${path}.*no such socket file.*ENOENT`));
  });

  it('rejects with a clear message when the connection is refused', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(QmpClient.connect({ kind: 'tcp', host: '127.0.0.1', port })).rejects.toThrow(
      new RegExp(`tcp:127\\.0\\.0\\.1:${port}.*connection refused.*ECONNREFUSED`),
    );
  });

  it('times out when the server never greets', async () => {
    const srv = await fakeServer(echo, { greet: false });
    const t0 = Date.now();
    await expect(QmpClient.connect(srv.ep, { timeoutMs: 300 })).rejects.toThrow(/timed out after 300 ms while waiting for the QMP greeting/);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('rejects a server that does not send a QMP greeting', async () => {
    const path = join(tempDir(), 'bad.sock');
    const server = net.createServer((s) => s.write('{"hello": 1}\n'));
    await new Promise<void>((resolve) => server.listen(path, resolve));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    await expect(QmpClient.connect({ kind: 'unix', path }, { timeoutMs: 2000 })).rejects.toThrow(/expected a \{"QMP": \.\.\.\} greeting/);
  });
});

describe('QmpClient replies', () => {
  it('matches replies to requests by id even when answered out of order', async () => {
    const held: Record<string, unknown>[] = [];
    const srv = await fakeServer((msg, send) => {
      held.push(msg);
      if (held.length === 3) for (const m of held.reverse()) send({ id: m.id, return: { n: (m.arguments as { n: number }).n } });
    });
    const c = await QmpClient.connect(srv.ep);
    cleanups.push(() => c.close());
    const rs = await Promise.all([1, 2, 3].map((n) => c.execute('x', { n })));
    expect(rs.map((r) => (r as { return: { n: number } }).return.n)).toEqual([1, 2, 3]);
  });

  it('skips events, keeping them in .events', async () => {
    const srv = await fakeServer((msg, send, sock) => {
      const ev = { timestamp: { seconds: 1, microseconds: 2 }, event: 'SHUTDOWN', data: { guest: false } };
      // Event and reply in one write, the reply split over two writes.
      const reply = JSON.stringify({ return: { ok: true }, id: msg.id }) + '\n';
      sock.write(JSON.stringify(ev) + '\n' + reply.slice(0, 5));
      setTimeout(() => sock.write(reply.slice(5)), 20);
      void send;
    });
    const c = await QmpClient.connect(srv.ep);
    cleanups.push(() => c.close());
    const r = await c.execute('quit');
    expect(r).toEqual({ return: { ok: true }, id: expect.any(Number) });
    expect(c.events).toHaveLength(1);
    expect(c.events[0]).toMatchObject({ event: 'SHUTDOWN' });
  });

  it('resolves {error} replies with the whole message', async () => {
    const srv = await fakeServer((msg, send) => send({ id: msg.id, error: { class: 'CommandNotFound', desc: 'nope' } }));
    const c = await QmpClient.connect(srv.ep);
    cleanups.push(() => c.close());
    expect(await c.execute('bogus')).toEqual({ id: expect.any(Number), error: { class: 'CommandNotFound', desc: 'nope' } });
  });

  it('pipeline() writes everything at once and returns replies in request order', async () => {
    const srv = await fakeServer(echo);
    const c = await QmpClient.connect(srv.ep);
    cleanups.push(() => c.close());
    const reqs = Array.from({ length: 200 }, (_, i) => ({ execute: `cmd${i}`, arguments: { i } }));
    const rs = await c.pipeline(reqs);
    expect(rs.map((r) => (r as { return: { echoed: string } }).return.echoed)).toEqual(reqs.map((r) => r.execute));
  });

  it('executeRaw() writes text as-is; id-less answers come from receive()', async () => {
    const srv = await fakeServer((msg, send) => send({ return: { raw: msg.execute } }));
    const c = await QmpClient.connect(srv.ep);
    cleanups.push(() => c.close());
    await c.executeRaw('{"execute": ');
    await c.executeRaw('"query-raw"}\n');
    expect(await c.receive(2000)).toEqual({ return: { raw: 'query-raw' } });
    await expect(c.receive(100)).rejects.toThrow(/no reply within 100 ms/);
  });

  it('rejects outstanding commands when the server goes away', async () => {
    const srv = await fakeServer((_msg, _send, sock) => sock.destroy());
    const c = await QmpClient.connect(srv.ep);
    await expect(c.execute('x')).rejects.toThrow(/closed/);
    await expect(c.execute('y')).rejects.toThrow(/closed/);
  });

  it('tap() hands the raw bytes over while held, then the reply reader takes over again', async () => {
    const srv = await fakeServer((msg, send) => send({ return: { n: msg.execute }, id: msg.id }));
    const c = await QmpClient.connect(srv.ep);
    cleanups.push(() => c.close());
    const raw: string[] = [];
    let replied!: () => void;
    const got = new Promise<void>((r) => (replied = r));
    const t = c.tap(
      (chunk) => {
        raw.push(chunk.toString('utf8'));
        if (raw.join('').endsWith('\n')) replied();
      },
      () => undefined,
    );
    expect(() => c.tap(() => undefined, () => undefined)).toThrow(/tap\(\) needs an idle client/);
    t.write('{"execute": "raw-one"}\n');
    await got;
    expect(raw.join('')).toBe('{"return":{"n":"raw-one"}}\n');
    t.release();
    expect(await c.execute('after')).toMatchObject({ return: { n: 'after' } });
  });

  it('tap() reports the connection closing', async () => {
    const srv = await fakeServer((_msg, _send, sock) => sock.destroy());
    const c = await QmpClient.connect(srv.ep);
    const closed = new Promise<Error>((resolve) => c.tap(() => undefined, resolve).write('{"execute": "x"}\n'));
    expect((await closed).message).toMatch(/closed/);
    expect(() => c.tap(() => undefined, () => undefined)).toThrow(/closed/);
  });
});

describe('spawning servers', () => {
  it('spawnQemu reports an early exit with the exit code', async () => {
    await expect(spawnQemu('/bin/false', { machine: 'none', timeoutMs: 5000 })).rejects.toThrow(/\/bin\/false exited early \(exit code 1\)/);
  });

  it('spawnQemu reports a missing binary', async () => {
    await expect(spawnQemu('/nonexistent/qemu-system-foo', { machine: 'none', timeoutMs: 5000 })).rejects.toThrow(
      /failed to start \/nonexistent\/qemu-system-foo.*ENOENT/,
    );
  });

  function fakeRepo(script: string): string {
    const root = tempDir();
    mkdirSync(join(root, 'bin'));
    writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
    writeFileSync(join(root, 'bin', 'cpumodels.js'), script);
    return root;
  }

  it('spawnOurs includes the exit code and the last stderr lines on early exit', async () => {
    const root = fakeRepo(`process.stderr.write('line one\\nunknown arch: bogus\\n'); process.exit(3);\n`);
    const err = await spawnOurs(['--arch', 'bogus'], { repoRoot: root, timeoutMs: 5000 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/exited early \(exit code 3\)/);
    expect((err as Error).message).toMatch(/unknown arch: bogus/);
  });

  it('spawnOurs connects to a server on --socket and stop() quits it', async () => {
    // A minimal QMP server standing in for bin/cpumodels.js.
    const root = fakeRepo(`
import net from 'node:net';
const argv = process.argv.slice(2);
if (argv[0] !== 'qmp') process.exit(9);
const path = argv[argv.indexOf('--socket') + 1];
const server = net.createServer((s) => {
  s.write(JSON.stringify({ QMP: { version: {}, capabilities: [] }, argv }) + '\\n');
  let buf = '';
  s.on('data', (d) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf('\\n')) >= 0) {
      const m = JSON.parse(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      s.write(JSON.stringify({ return: {}, id: m.id }) + '\\n');
      if (m.execute === 'quit') { server.close(); s.end(); setTimeout(() => process.exit(0), 10); }
    }
  });
});
server.listen(path);
`);
    const ours = await spawnOurs(['--arch', 's390x', '--accel', 'tcg'], { repoRoot: root, timeoutMs: 10000 });
    expect((ours.client.greeting as { argv: string[] }).argv).toEqual(['qmp', '--arch', 's390x', '--accel', 'tcg', '--socket', expect.stringMatching(/qmp\.sock$/)]);
    const sockPath = (ours.client.greeting as { argv: string[] }).argv[6]!;
    expect(existsSync(sockPath)).toBe(true);
    expect(await ours.client.execute('query-status')).toEqual({ return: {}, id: expect.any(Number) });
    await ours.stop();
    expect(() => process.kill(ours.pid, 0)).toThrow();
    expect(existsSync(sockPath)).toBe(false);
  });
});
