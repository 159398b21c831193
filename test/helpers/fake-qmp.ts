/**
 * A tiny fake QMP server for client tests: a temp unix socket, the greeting,
 * qmp_capabilities answered, every other command handed to a handler.
 * Everything it creates is removed by the afterEach hook it registers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { QmpEndpoint } from '../../src/adapters/qmp/client.js';

export const GREETING = { QMP: { version: { qemu: { micro: 0, minor: 2, major: 7 }, package: 'fake' }, capabilities: ['oob'] } };

export type Handler = (msg: Record<string, unknown>, send: (obj: unknown) => void, sock: net.Socket) => void;

export interface FakeServer {
  ep: QmpEndpoint;
  received: Record<string, unknown>[];
  close(): Promise<void>;
}

export const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cpumodels-qmp-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A tiny fake QMP server on a temp unix socket: sends the greeting, answers
 * qmp_capabilities, then hands every other command to `handler`.
 */
export async function fakeServer(handler: Handler, opts: { greet?: boolean } = {}): Promise<FakeServer> {
  const path = join(tempDir(), 'fake.sock');
  const received: Record<string, unknown>[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    const send = (obj: unknown) => sock.write(JSON.stringify(obj) + '\n');
    if (opts.greet !== false) send(GREETING);
    let buf = '';
    sock.on('data', (d) => {
      buf += d.toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.trim()) continue;
        const msg = JSON.parse(line) as Record<string, unknown>;
        received.push(msg);
        if (msg.execute === 'qmp_capabilities') send({ return: {}, id: msg.id });
        else handler(msg, send, sock);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  cleanups.push(close);
  return { ep: { kind: 'unix', path }, received, close };
}

