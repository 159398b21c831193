// A small QMP client (QEMU Machine Protocol), written against Node's `net`
// and `child_process` only. It speaks to real QEMU and to our own QMP server
// (`cpumodels qmp ...`) with exactly the same code, which is what makes the
// live differential tests and the benchmarks fair.
//
// Wire format: one JSON message per line in both directions. The server
// first sends a greeting ({"QMP": {...}}), the client answers with
// qmp_capabilities, after which commands may be executed. Replies carry the
// request's "id"; asynchronous {"event": ...} messages may arrive at any time
// and are skipped (kept in `events`).

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toJsonText } from '../../core/qmp-json.js';
import { parseJsonExact } from './json-stream.js';

export type QmpEndpoint = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number };

export interface QmpConnectOptions {
  /** Time allowed to connect, read the greeting and negotiate capabilities (default 10 s). */
  timeoutMs?: number;
  /** Time allowed for each execute()/pipeline() reply; 0 disables (default 0). */
  commandTimeoutMs?: number;
}

export interface QmpRequest {
  execute: string;
  arguments?: unknown;
}

/** The raw side of a client while a tool reads its replies itself (see QmpClient.tap). */
export interface QmpTap {
  /** Send text as it is. */
  write(text: string): void;
  /** Hand the incoming bytes back to the client's reply reader. */
  release(): void;
}

export function describeEndpoint(ep: QmpEndpoint): string {
  return ep.kind === 'unix' ? `unix:${ep.path}` : `tcp:${ep.host}:${ep.port}`;
}

type Pending = { resolve: (msg: unknown) => void; reject: (err: Error) => void; timer?: NodeJS.Timeout };

const NL = 0x0a;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class QmpClient {
  /** The server's greeting message ({"QMP": {...}}). */
  readonly greeting: unknown;
  /** Asynchronous events received so far (most recent last, capped). */
  readonly events: unknown[] = [];
  readonly endpoint: QmpEndpoint;

  private readonly socket: net.Socket;
  private readonly name: string;
  private readonly commandTimeoutMs: number;
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  /** Replies whose id is absent or unknown (e.g. answers to executeRaw). */
  private readonly unsolicited: unknown[] = [];
  private readonly waiters: Pending[] = [];
  private partial: Buffer[] = [];
  private closedError: Error | null = null;
  private tapped: { onData: (chunk: Buffer) => void; onClose: (err: Error) => void } | null = null;

  private constructor(socket: net.Socket, endpoint: QmpEndpoint, greeting: unknown, leftover: Buffer[], commandTimeoutMs: number) {
    this.socket = socket;
    this.endpoint = endpoint;
    this.name = describeEndpoint(endpoint);
    this.greeting = greeting;
    this.commandTimeoutMs = commandTimeoutMs;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(new Error(`QMP connection to ${this.name} failed: ${err.message}`)));
    socket.on('close', () => this.fail(new Error(`QMP connection to ${this.name} closed`)));
    for (const b of leftover) this.onData(b);
  }

  /**
   * Connect, read the greeting, negotiate capabilities. Rejects with an Error
   * naming the endpoint on ECONNREFUSED/ENOENT/timeout/bad greeting.
   */
  static connect(ep: QmpEndpoint, opts: QmpConnectOptions = {}): Promise<QmpClient> {
    const timeoutMs = opts.timeoutMs ?? 10_000;
    const name = describeEndpoint(ep);
    return new Promise<QmpClient>((resolve, reject) => {
      let settled = false;
      let stage = 'connecting';
      const socket = ep.kind === 'unix' ? net.createConnection({ path: ep.path }) : net.createConnection({ host: ep.host, port: ep.port });
      const chunks: Buffer[] = [];
      let greeting: unknown;
      const capsId = '__cpumodels_caps__';

      const finish = (err: Error | null, client?: QmpClient) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.removeListener('data', onData);
        socket.removeListener('error', onError);
        socket.removeListener('close', onClose);
        if (err) {
          socket.destroy();
          reject(err);
        } else {
          resolve(client!);
        }
      };
      const timer = setTimeout(() => finish(new Error(`QMP ${name}: timed out after ${timeoutMs} ms while ${stage}`)), timeoutMs);
      const onError = (err: NodeJS.ErrnoException) => {
        const code = err.code ?? '';
        let why = err.message;
        if (code === 'ECONNREFUSED') why = 'connection refused (nothing is listening)';
        else if (code === 'ENOENT') why = 'no such socket file';
        finish(new Error(`QMP ${name}: cannot connect: ${why} [${code || 'error'}]`));
      };
      const onClose = () => finish(new Error(`QMP ${name}: connection closed while ${stage}`));
      const onData = (chunk: Buffer) => {
        chunks.push(chunk);
        for (;;) {
          const all = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
          chunks.length = 0;
          const nl = all.indexOf(NL);
          if (nl < 0) {
            chunks.push(all);
            return;
          }
          const line = all.subarray(0, nl).toString('utf8').trim();
          const rest = all.subarray(nl + 1);
          if (rest.length) chunks.push(rest);
          if (!line) continue;
          let msg: unknown;
          try {
            msg = parseJsonExact(line);
          } catch {
            finish(new Error(`QMP ${name}: invalid JSON while ${stage}: ${line.slice(0, 200)}`));
            return;
          }
          if (stage === 'waiting for the QMP greeting') {
            if (!isObject(msg) || !('QMP' in msg)) {
              finish(new Error(`QMP ${name}: expected a {"QMP": ...} greeting, got: ${line.slice(0, 200)}`));
              return;
            }
            greeting = msg;
            stage = 'negotiating capabilities';
            socket.write(JSON.stringify({ execute: 'qmp_capabilities', id: capsId }) + '\n');
          } else if (stage === 'negotiating capabilities') {
            if (isObject(msg) && 'event' in msg) continue;
            if (isObject(msg) && 'error' in msg) {
              finish(new Error(`QMP ${name}: qmp_capabilities failed: ${JSON.stringify(msg.error)}`));
              return;
            }
            if (!isObject(msg) || !('return' in msg)) {
              finish(new Error(`QMP ${name}: unexpected reply to qmp_capabilities: ${line.slice(0, 200)}`));
              return;
            }
            const leftover = chunks.splice(0);
            // Detach the handshake listeners before the client attaches its own.
            socket.removeListener('data', onData);
            finish(null, new QmpClient(socket, ep, greeting, leftover, opts.commandTimeoutMs ?? 0));
            return;
          }
        }
      };
      socket.on('error', onError);
      socket.on('close', onClose);
      socket.once('connect', () => {
        stage = 'waiting for the QMP greeting';
      });
      socket.on('data', onData);
    });
  }

  /**
   * Execute a command; resolves with the WHOLE reply message ({return} or
   * {error}, including the echoed "id"). Rejects only on transport failure.
   */
  execute(command: string, args?: unknown): Promise<unknown> {
    const id = this.nextId++;
    const msg: Record<string, unknown> = { execute: command };
    if (args !== undefined) msg.arguments = args;
    msg.id = id;
    const p = this.expect(id);
    this.write(toJsonText(msg) + '\n');
    return p;
  }

  /** Write text exactly as given (no newline added). Answers without a known id are available via receive(). */
  executeRaw(line: string): Promise<void> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise<void>((resolve, reject) => {
      this.socket.write(line, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Next reply that carried no id or an id this client did not send (e.g. after executeRaw). */
  receive(timeoutMs = 10_000): Promise<unknown> {
    const queued = this.unsolicited.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise<unknown>((resolve, reject) => {
      const w: Pending = { resolve, reject };
      if (timeoutMs > 0) {
        w.timer = setTimeout(() => {
          const i = this.waiters.indexOf(w);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(new Error(`QMP ${this.name}: no reply within ${timeoutMs} ms`));
        }, timeoutMs);
      }
      this.waiters.push(w);
    });
  }

  /** Write many requests in one go; resolves with the replies in request order. */
  pipeline(requests: QmpRequest[]): Promise<unknown[]> {
    const lines: string[] = [];
    const promises: Promise<unknown>[] = [];
    for (const r of requests) {
      const id = this.nextId++;
      const msg: Record<string, unknown> = { execute: r.execute };
      if (r.arguments !== undefined) msg.arguments = r.arguments;
      msg.id = id;
      lines.push(toJsonText(msg) + '\n');
      promises.push(this.expect(id));
    }
    this.write(lines.join(''));
    return Promise.all(promises);
  }

  /**
   * Take the incoming bytes raw, for a tool that reads the replies itself
   * (bench/qmp-throughput.ts counts them without parsing). Needs an idle
   * client; `onClose` gets the error if the connection ends meanwhile.
   */
  tap(onData: (chunk: Buffer) => void, onClose: (err: Error) => void): QmpTap {
    if (this.closedError) throw this.closedError;
    if (this.pending.size || this.tapped) throw new Error(`QMP ${this.name}: tap() needs an idle client`);
    const t = { onData, onClose };
    this.tapped = t;
    return {
      write: (text) => this.write(text),
      release: () => {
        if (this.tapped === t) this.tapped = null;
      },
    };
  }

  /** Close the connection (does not ask the server to quit). */
  close(): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
      setTimeout(() => {
        this.socket.destroy();
        resolve();
      }, 1000).unref();
    });
  }

  get closed(): boolean {
    return this.closedError !== null;
  }

  // -- internals --------------------------------------------------------

  private expect(id: number): Promise<unknown> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise<unknown>((resolve, reject) => {
      const key = String(id);
      const p: Pending = { resolve, reject };
      if (this.commandTimeoutMs > 0) {
        p.timer = setTimeout(() => {
          this.pending.delete(key);
          reject(new Error(`QMP ${this.name}: no reply to request id ${id} within ${this.commandTimeoutMs} ms`));
        }, this.commandTimeoutMs);
      }
      this.pending.set(key, p);
    });
  }

  private write(text: string): void {
    if (this.closedError) return; // pending promises were already rejected
    this.socket.write(text);
  }

  private fail(err: Error): void {
    if (this.closedError) return;
    this.closedError = err;
    for (const p of this.pending.values()) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
    for (const w of this.waiters.splice(0)) {
      if (w.timer) clearTimeout(w.timer);
      w.reject(err);
    }
    if (this.tapped) {
      const t = this.tapped;
      this.tapped = null;
      t.onClose(err);
    }
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.tapped) {
      this.tapped.onData(chunk);
      return;
    }
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      if (nl < 0) break;
      let lineBuf: Buffer;
      if (this.partial.length) {
        this.partial.push(chunk.subarray(start, nl));
        lineBuf = Buffer.concat(this.partial);
        this.partial = [];
      } else {
        lineBuf = chunk.subarray(start, nl);
      }
      start = nl + 1;
      this.onLine(lineBuf.toString('utf8'));
      if (this.closedError) return;
      const tapped = this.currentTap();
      if (tapped) {
        // tap() was called from inside a reply callback: the rest is raw.
        if (start < chunk.length) tapped.onData(chunk.subarray(start));
        return;
      }
    }
    if (start < chunk.length) this.partial.push(start === 0 ? chunk : chunk.subarray(start));
  }

  /** this.tapped, read afresh (a reply callback may have set it). */
  private currentTap(): typeof this.tapped {
    return this.tapped;
  }

  private onLine(line: string): void {
    if (!line.trim()) return;
    let msg: unknown;
    try {
      msg = parseJsonExact(line);
    } catch {
      this.fail(new Error(`QMP ${this.name}: invalid JSON from server: ${line.slice(0, 200)}`));
      return;
    }
    this.dispatch(msg);
  }

  private dispatch(msg: unknown): void {
    if (isObject(msg) && 'event' in msg && !('return' in msg) && !('error' in msg)) {
      this.events.push(msg);
      if (this.events.length > 1000) this.events.splice(0, this.events.length - 1000);
      return;
    }
    if (isObject(msg) && 'id' in msg) {
      const key = typeof msg.id === 'number' ? String(msg.id) : null;
      const p = key === null ? undefined : this.pending.get(key);
      if (p && key !== null) {
        this.pending.delete(key);
        if (p.timer) clearTimeout(p.timer);
        p.resolve(msg);
        return;
      }
    }
    const w = this.waiters.shift();
    if (w) {
      if (w.timer) clearTimeout(w.timer);
      w.resolve(msg);
    } else {
      this.unsolicited.push(msg);
    }
  }
}

// ---------------------------------------------------------------------------
// Spawning servers

export interface SpawnedQemu {
  client: QmpClient;
  pid: number;
  binary: string;
  /** Ask the server to quit, wait, kill only this pid if still alive, remove the temp dir. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** Time allowed for the process to create its socket and answer the handshake (default 20 s). */
  timeoutMs?: number;
  /** Per-command reply timeout for the client (default 0 = none). */
  commandTimeoutMs?: number;
  /** Extra environment for the child. */
  env?: NodeJS.ProcessEnv;
}

export interface SpawnQemuArgs extends SpawnOptions {
  machine: string;
  accel?: string;
  extraArgs?: string[];
}

export interface SpawnOursOptions extends SpawnOptions {
  /** Repository root containing bin/cpumodels.js (default: found from this file's location). */
  repoRoot?: string;
  /** Node binary (default: process.execPath). */
  node?: string;
}

/** Start real QEMU with a QMP unix socket in a fresh temp dir and connect to it. */
export function spawnQemu(binary: string, args: SpawnQemuArgs): Promise<SpawnedQemu> {
  const dir = mkdtempSync(join(tmpdir(), 'cpumodels-qmp-'));
  const sock = join(dir, 'qmp.sock');
  const argv = [
    '-machine', args.machine,
    '-nodefaults',
    '-display', 'none',
    '-accel', args.accel ?? 'tcg',
    '-S',
    '-qmp', `unix:${sock},server=on,wait=off`,
    ...(args.extraArgs ?? []),
  ];
  return spawnServer(binary, binary, argv, dir, sock, args);
}

/** Start our own QMP server (`node <repo>/bin/cpumodels.js qmp ARGS --socket SOCK`) and connect to it. */
export function spawnOurs(args: string[], opts: SpawnOursOptions = {}): Promise<SpawnedQemu> {
  const root = opts.repoRoot ?? findRepoRoot();
  const bin = join(root, 'bin', 'cpumodels.js');
  const dir = mkdtempSync(join(tmpdir(), 'cpumodels-ours-'));
  const sock = join(dir, 'qmp.sock');
  const node = opts.node ?? process.execPath;
  return spawnServer(node, `${bin} qmp`, [bin, 'qmp', ...args, '--socket', sock], dir, sock, opts);
}

/** The repository root: the nearest ancestor of this module holding bin/cpumodels.js. */
export function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'bin', 'cpumodels.js')) && existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the cpumodels repository root above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

// Children still running when this process exits (e.g. a crashed script or
// test worker) are killed so they do not linger as orphans.
const liveChildren = new Map<ChildProcess, string>();
let exitHookInstalled = false;
function track(child: ChildProcess, dir: string): void {
  liveChildren.set(child, dir);
  child.once('exit', () => liveChildren.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const [c, dir] of liveChildren) {
        try {
          if (c.pid !== undefined) process.kill(c.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
        try {
          rmSync(dir, { recursive: true, force: true });
        } catch {
          /* ignore */
        }
      }
    });
  }
}

function spawnServer(command: string, label: string, argv: string[], dir: string, sock: string, opts: SpawnOptions): Promise<SpawnedQemu> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const cleanupDir = () => {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      /* ignore */
    }
  };
  let child: ChildProcess;
  try {
    child = spawn(command, argv, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: opts.env ? { ...process.env, ...opts.env } : process.env,
    });
  } catch (err) {
    cleanupDir();
    return Promise.reject(new Error(`failed to start ${label}: ${(err as Error).message}`));
  }
  track(child, dir);
  const tail: string[] = [];
  const keep = (prefix: string) => {
    let rest = '';
    return (chunk: Buffer) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      for (const p of parts) {
        if (p.trim()) tail.push(prefix + p);
      }
      if (rest.length > 4096) {
        tail.push(prefix + rest.slice(0, 4096));
        rest = '';
      }
      if (tail.length > 20) tail.splice(0, tail.length - 20);
    };
  };
  child.stdout?.on('data', keep(''));
  child.stderr?.on('data', keep(''));

  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });
  const describeExit = () => {
    const e = exited!;
    const how = e.code !== null ? `exit code ${e.code}` : `signal ${e.signal}`;
    const last = tail.length ? `; last output:\n  ${tail.slice(-10).join('\n  ')}` : '; no output';
    return `${label} exited early (${how})${last}`;
  };

  const stopChild = async (client: QmpClient | null) => {
    if (!exited && client && !client.closed) {
      try {
        await Promise.race([client.execute('quit'), exitPromise, delay(2000)]);
      } catch {
        /* connection may drop as the server exits */
      }
    }
    if (client) await client.close().catch(() => undefined);
    if (child.pid === undefined) {
      cleanupDir(); // never started
      return;
    }
    if (!exited) await Promise.race([exitPromise, delay(3000)]);
    if (!exited && child.pid !== undefined) {
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await Promise.race([exitPromise, delay(2000)]);
      if (!exited) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
        await Promise.race([exitPromise, delay(2000)]);
      }
    }
    cleanupDir();
  };

  return new Promise<SpawnedQemu>((resolve, reject) => {
    let done = false;
    const fail = (err: Error) => {
      if (done) return;
      done = true;
      void stopChild(null).finally(() => reject(err));
    };
    child.once('error', (err) => fail(new Error(`failed to start ${label}: ${err.message}`)));
    void exitPromise.then(() => {
      // Give the output pipes a moment to flush so the tail is complete.
      setTimeout(() => fail(new Error(describeExit())), 50);
    });
    const deadline = Date.now() + timeoutMs;
    const attempt = async (): Promise<void> => {
      while (!done) {
        if (Date.now() > deadline) {
          fail(new Error(`${label} did not open its QMP socket ${sock} within ${timeoutMs} ms` + (tail.length ? `; last output:\n  ${tail.slice(-10).join('\n  ')}` : '')));
          return;
        }
        let isSock = false;
        try {
          isSock = statSync(sock).isSocket();
        } catch {
          isSock = false;
        }
        if (isSock) {
          try {
            const client = await QmpClient.connect(
              { kind: 'unix', path: sock },
              { timeoutMs: Math.max(1000, deadline - Date.now()), commandTimeoutMs: opts.commandTimeoutMs },
            );
            if (done) {
              await client.close();
              return;
            }
            done = true;
            let stopping: Promise<void> | null = null;
            resolve({
              client,
              pid: child.pid!,
              binary: label,
              stop: () => (stopping ??= stopChild(client)),
            });
            return;
          } catch (err) {
            if (exited) return; // the exit handler reports it
            const msg = (err as Error).message;
            if (!/ECONNREFUSED|ENOENT/.test(msg)) {
              fail(err as Error);
              return;
            }
          }
        }
        await delay(25);
      }
    };
    void attempt();
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
