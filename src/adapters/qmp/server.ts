/**
 * QMP transports: stdio, unix socket and TCP. Each connection gets its own
 * QmpSession; a session's failure or a slow reader never affects another.
 */
import { existsSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { QmpSession } from './session.js';
import type { QmpService } from './service.js';

/** Stop reading from a client whose unread replies exceed this. */
const MAX_PENDING_OUTPUT = 8 << 20;

export interface ServeStreamsOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  onQuit?: () => void;
}

/** Serve one session over a pair of streams (--stdio). Resolves at EOF or quit. */
export function serveStreams(service: QmpService, opts: ServeStreamsOptions): Promise<void> {
  return new Promise((resolve) => {
    const out: string[] = [];
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      if (out.length) {
        opts.output.write(out.join(''));
        out.length = 0;
      }
    };
    const session = new QmpSession(service, {
      send: (line) => {
        out.push(line, '\n');
        if (!scheduled) {
          scheduled = true;
          queueMicrotask(flush);
        }
      },
      onQuit: () => {
        flush();
        opts.onQuit?.();
        resolve();
      },
    });
    opts.output.write(session.greeting() + '\n');
    const decoder = new StringDecoder('utf8');
    opts.input.on('data', (chunk: Buffer | string) => {
      session.feed(typeof chunk === 'string' ? chunk : decoder.write(chunk));
      flush();
    });
    opts.input.on('end', () => {
      session.feed(decoder.end());
      session.end();
      flush();
      resolve();
    });
    opts.input.on('error', () => resolve());
  });
}

/** Attach a QMP session to a connected socket. */
export function attachSocket(service: QmpService, sock: net.Socket, onQuit?: () => void): QmpSession {
  const decoder = new StringDecoder('utf8');
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (!pending.length || sock.destroyed) return;
    const lines = pending;
    pending = [];
    // One writev for the batch, without concatenating large replies.
    sock.cork();
    for (const l of lines) sock.write(l);
    sock.uncork();
    if (sock.writableLength > MAX_PENDING_OUTPUT) sock.pause();
  };
  sock.on('drain', () => sock.resume());
  const session = new QmpSession(service, {
    send: (line) => {
      pending.push(line + '\n');
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(flush);
      }
    },
    onQuit: () => {
      flush();
      sock.end();
      onQuit?.();
    },
  });
  sock.setNoDelay(true);
  sock.write(session.greeting() + '\n');
  sock.on('data', (chunk: Buffer) => {
    try {
      session.feed(decoder.write(chunk));
    } catch {
      // The reader never throws for bad input; anything else is our bug and
      // must only end this client.
      sock.destroy();
    }
    flush();
  });
  sock.on('end', () => {
    try {
      session.feed(decoder.end());
      session.end();
      flush();
    } catch {
      /* ignore */
    }
    sock.end();
  });
  sock.on('error', () => sock.destroy());
  return session;
}

export interface ListenOptions {
  socket?: string;
  listen?: { host: string; port: number };
  /** Exit-like behaviour of QEMU: `quit` from any client stops the server. */
  quitStopsServer?: boolean;
  onQuit?: () => void;
}

export interface RunningServer {
  servers: net.Server[];
  addresses: string[];
  close(): Promise<void>;
}

export async function listen(service: QmpService, opts: ListenOptions): Promise<RunningServer> {
  const servers: net.Server[] = [];
  const addresses: string[] = [];
  const sockets = new Set<net.Socket>();
  let closing = false;
  const running: RunningServer = {
    servers,
    addresses,
    close: async () => {
      if (closing) return;
      closing = true;
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
      if (opts.socket && existsSync(opts.socket)) {
        try {
          unlinkSync(opts.socket);
        } catch {
          /* ignore */
        }
      }
    },
  };
  const make = () => {
    const server = net.createServer((sock) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
      attachSocket(service, sock, () => {
        if (opts.quitStopsServer) {
          void running.close().then(() => opts.onQuit?.());
        }
      });
    });
    server.maxConnections = 10_000;
    servers.push(server);
    return server;
  };
  if (opts.socket) {
    if (existsSync(opts.socket)) unlinkSync(opts.socket);
    const s = make();
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(opts.socket, () => resolve());
    });
    addresses.push(`unix:${opts.socket}`);
  }
  if (opts.listen) {
    const s = make();
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(opts.listen!.port, opts.listen!.host, () => resolve());
    });
    const a = s.address() as net.AddressInfo;
    addresses.push(`tcp:${a.address}:${a.port}`);
  }
  return running;
}
