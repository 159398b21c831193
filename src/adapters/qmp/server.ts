/**
 * QMP transports: stdio, unix socket and TCP. Each connection gets its own
 * QmpSession; a session's failure or a slow reader never affects another.
 */
import { chmodSync, existsSync, lstatSync, unlinkSync } from 'node:fs';
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
  /** permissions of the unix socket (default 0o600: anyone who can connect can steer the server) */
  socketMode?: number;
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

/**
 * An address another server holds (a unix socket something answers on, a
 * TCP port in use), or a path that is no socket. QEMU refuses these too;
 * a live server is never taken over.
 */
export class AddressInUseError extends Error {
  constructor(
    message: string,
    readonly address: string,
  ) {
    super(message);
    this.name = 'AddressInUseError';
  }
}

/** Does something accept connections on this unix socket? (refused / missing: no; 1 s without an answer: yes, it exists but is busy) */
function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(path);
    const done = (v: boolean) => {
      clearTimeout(t);
      c.removeAllListeners();
      c.on('error', () => undefined);
      c.destroy();
      resolve(v);
    };
    const t = setTimeout(() => done(true), 1000);
    c.once('connect', () => done(true));
    c.once('error', () => done(false));
  });
}

/**
 * Make room for a unix socket at `path`: nothing there → fine; a socket no
 * one answers on (left by a server that died) → removed; a live one or a
 * file that is no socket → AddressInUseError.
 */
export async function claimSocketPath(path: string): Promise<void> {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return;
  }
  if (!st.isSocket()) throw new AddressInUseError(`unix:${path} is not a socket (a file is there): remove it or choose another path`, `unix:${path}`);
  if (await socketAnswers(path)) throw new AddressInUseError(`unix:${path} is in use by another server; stop it or choose another path`, `unix:${path}`);
  unlinkSync(path);
}

function listenOn(server: net.Server, address: string, ...args: unknown[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(e.code === 'EADDRINUSE' ? new AddressInUseError(`${address} is in use by another server; stop it or choose another ${address.startsWith('unix:') ? 'path' : 'port'}`, address) : e);
    };
    server.once('error', onError);
    (server.listen as (...a: unknown[]) => void)(...args, () => {
      server.off('error', onError);
      resolve();
    });
  });
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
  let socketCreated = false;
  try {
    if (opts.socket) {
      await claimSocketPath(opts.socket);
      const mode = opts.socketMode ?? 0o600;
      const s = make();
      // the socket is born with the mode (umask), then set exactly (chmod)
      const old = process.umask(~mode & 0o777);
      try {
        await listenOn(s, `unix:${opts.socket}`, opts.socket);
      } finally {
        process.umask(old);
      }
      socketCreated = true;
      chmodSync(opts.socket, mode);
      addresses.push(`unix:${opts.socket}`);
    }
    if (opts.listen) {
      const s = make();
      const { host, port } = opts.listen;
      await listenOn(s, `tcp:${host.includes(':') ? `[${host}]` : host}:${port}`, port, host);
      const a = s.address() as net.AddressInfo;
      addresses.push(`tcp:${a.address}:${a.port}`);
    }
  } catch (e) {
    // all or nothing: a server that could not take every address takes none
    await Promise.all(servers.filter((s) => s.listening).map((s) => new Promise<void>((r) => s.close(() => r()))));
    if (socketCreated && opts.socket && existsSync(opts.socket)) {
      try {
        unlinkSync(opts.socket);
      } catch {
        /* ignore */
      }
    }
    throw e;
  }
  return running;
}
