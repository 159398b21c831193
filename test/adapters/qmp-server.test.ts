/**
 * The QMP transports: many concurrent clients, isolation of bad clients,
 * oversized lines, negotiation, id echo, quit.
 */
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../../src/adapters/qmp/server.js';
import { makeService } from '../helpers/qmp.js';

let server: RunningServer;
let sockPath: string;
let port: number;

beforeAll(async () => {
  sockPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'cpumodels-test-')), 'qmp.sock');
  server = await listen(makeService(), { socket: sockPath, listen: { host: '127.0.0.1', port: 0 } });
  port = Number(server.addresses.find((a) => a.startsWith('tcp:'))!.split(':').pop());
});
afterAll(async () => {
  await server.close();
});

/** A line-oriented raw client. */
class Raw {
  private buf = '';
  private waiters: ((l: string) => void)[] = [];
  private lines: string[] = [];
  closed = false;
  constructor(readonly sock: net.Socket) {
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      this.buf += d;
      let i;
      while ((i = this.buf.indexOf('\n')) >= 0) {
        const l = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 1);
        const w = this.waiters.shift();
        if (w) w(l);
        else this.lines.push(l);
      }
    });
    sock.on('close', () => (this.closed = true));
    sock.on('error', () => undefined);
  }
  static connect(to: string | number): Promise<Raw> {
    return new Promise((resolve, reject) => {
      const s = typeof to === 'string' ? net.connect(to) : net.connect(to, '127.0.0.1');
      s.once('connect', () => resolve(new Raw(s)));
      s.once('error', reject);
    });
  }
  next(): Promise<any> {
    const l = this.lines.shift();
    if (l !== undefined) return Promise.resolve(JSON.parse(l));
    return new Promise((resolve) => this.waiters.push((x) => resolve(JSON.parse(x))));
  }
  send(text: string): void {
    this.sock.write(text);
  }
  async ask(req: unknown): Promise<any> {
    this.send(JSON.stringify(req) + '\n');
    return this.next();
  }
}

async function negotiated(to: string | number): Promise<Raw> {
  const c = await Raw.connect(to);
  const greeting = await c.next();
  expect(greeting.QMP.capabilities).toEqual(['oob']);
  expect(await c.ask({ execute: 'qmp_capabilities' })).toEqual({ return: {} });
  return c;
}

describe('QMP server', () => {
  it('refuses commands before negotiation, as QEMU does', async () => {
    const c = await Raw.connect(sockPath);
    await c.next();
    expect(await c.ask({ execute: 'query-cpu-definitions' })).toEqual({ error: { class: 'CommandNotFound', desc: "Expecting capabilities negotiation with 'qmp_capabilities'" } });
    expect(await c.ask({ execute: 'qmp_capabilities', arguments: { enable: ['foo'] } })).toEqual({ error: { class: 'GenericError', desc: "Parameter 'null' does not accept value 'foo'" } });
    expect(await c.ask({ execute: 'qmp_capabilities' })).toEqual({ return: {} });
    expect(await c.ask({ execute: 'qmp_capabilities' })).toEqual({ error: { class: 'CommandNotFound', desc: 'Capabilities negotiation is already complete, command ignored' } });
    c.sock.destroy();
  });

  it('echoes ids of any type and answers in order over TCP', async () => {
    const c = await negotiated(port);
    c.send('{"execute":"query-target","id":{"a":[1,2]}}{"execute":"query-kvm","id":7}\n');
    expect(await c.next()).toEqual({ return: { arch: 's390x' }, id: { a: [1, 2] } });
    expect(await c.next()).toEqual({ return: { enabled: false, present: false }, id: 7 });
    c.sock.destroy();
  });

  it('answers a line over 1 MiB with one error and resynchronises', async () => {
    const c = await negotiated(sockPath);
    c.send('{"execute": "query-cpu-model-expansion", "arguments": {"type": "static", "model": {"name": "' + 'z'.repeat(2 << 20) + '"}}}\n');
    const e = await c.next();
    expect(e.error.class).toBe('GenericError');
    expect(e.error.desc).toMatch(/line exceeds 1048576 bytes/);
    expect(await c.ask({ execute: 'query-target', id: 'after' })).toEqual({ return: { arch: 's390x' }, id: 'after' });
    c.sock.destroy();
  });

  it('serves 100 concurrent clients, and a bad client affects no other', async () => {
    const clients = await Promise.all(Array.from({ length: 100 }, (_, i) => negotiated(i % 2 ? port : sockPath)));
    // one client sends garbage, an unterminated string, then disconnects mid-object
    const bad = clients[0]!;
    bad.send('not json {"execute": \'unterminated\n{{{{[[[[');
    bad.sock.destroy();
    const answers = await Promise.all(
      clients.slice(1).map((c, i) => c.ask({ execute: 'query-cpu-model-comparison', arguments: { modela: { name: 'z14' }, modelb: { name: i % 2 ? 'z13' : 'z14ZR1' } }, id: i })),
    );
    answers.forEach((a, i) => {
      expect(a.id).toBe(i);
      expect(a.return.result).toBe(i % 2 ? 'superset' : 'identical');
    });
    for (const c of clients) c.sock.destroy();
  });

  it('ends the session on quit with a SHUTDOWN event', async () => {
    const c = await negotiated(sockPath);
    expect(await c.ask({ execute: 'quit' })).toEqual({ return: {} });
    const ev = await c.next();
    expect(ev.event).toBe('SHUTDOWN');
    expect(ev.data).toEqual({ guest: false, reason: 'host-qmp-quit' });
    await new Promise((r) => setTimeout(r, 50));
    expect(c.closed).toBe(true);
    // the server still serves others
    const d = await negotiated(sockPath);
    expect((await d.ask({ execute: 'query-target' })).return.arch).toBe('s390x');
    d.sock.destroy();
  });
});
