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
import { readFile } from 'node:fs/promises';
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

export interface ThroughputOptions {
  /** Number of requests kept outstanding at once (default 64). */
  window?: number;
  /** How long to keep sending (ms). */
  durationMs: number;
}

export interface ThroughputResult {
  /** Replies received before the deadline. */
  replies: number;
  /** Of those, how many were {error} replies. */
  errors: number;
  /** Measured interval in ms (first write to the first reply at/after the deadline). */
  elapsedMs: number;
  /** replies / elapsed seconds. */
  perSecond: number;
}

export function describeEndpoint(ep: QmpEndpoint): string {
  return ep.kind === 'unix' ? `unix:${ep.path}` : `tcp:${ep.host}:${ep.port}`;
}

type Pending = { resolve: (msg: unknown) => void; reject: (err: Error) => void; timer?: NodeJS.Timeout };

const NL = 0x0a;
const RETURN_PREFIX = Buffer.from('{"return"');
const ERROR_PREFIX = Buffer.from('{"error"');
const PREFIX_LEN = 9;

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
  private counter: CountMode | null = null;

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
   * Benchmark pump: keeps `window` requests outstanding for `durationMs`,
   * cycling through `requestLines` (complete JSON texts, without ids; replies
   * are matched by order). Replies are counted, not parsed: a line starting
   * with {"return" or {"error" is classified by its prefix; anything else is
   * parsed so events are still skipped. Must not overlap other commands.
   */
  throughput(requestLines: string[], opts: ThroughputOptions): Promise<ThroughputResult> {
    if (this.closedError) return Promise.reject(this.closedError);
    if (this.pending.size || this.counter) return Promise.reject(new Error('throughput() needs an idle client'));
    if (!requestLines.length) return Promise.reject(new Error('throughput() needs at least one request'));
    const window = Math.max(1, opts.window ?? 64);
    const lines = requestLines.map((l) => (l.endsWith('\n') ? l : l + '\n'));
    return new Promise<ThroughputResult>((resolve, reject) => {
      let next = 0;
      const take = (n: number): string => {
        let s = '';
        for (let i = 0; i < n; i++) {
          s += lines[next];
          next = (next + 1) % lines.length;
        }
        return s;
      };
      const start = performance.now();
      const deadline = start + opts.durationMs;
      let outstanding = window;
      let counted = 0;
      let errors = 0;
      let stopped = false;
      let stoppedAt = 0;
      const cm: CountMode = {
        prefix: Buffer.alloc(PREFIX_LEN),
        prefixLen: 0,
        slow: null,
        onReplies: (n, e) => {
          outstanding -= n;
          if (!stopped) {
            counted += n;
            errors += e;
            const now = performance.now();
            if (now >= deadline) {
              stopped = true;
              stoppedAt = now;
            }
          }
          if (!stopped && n > 0) {
            outstanding += n;
            this.socket.write(take(n));
          }
          if (stopped && outstanding === 0) {
            this.counter = null;
            const elapsedMs = Math.max(stoppedAt - start, 1e-3);
            resolve({ replies: counted, errors, elapsedMs, perSecond: (counted * 1000) / elapsedMs });
          }
        },
        onFail: reject,
      };
      this.counter = cm;
      this.socket.write(take(window));
    });
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
    if (this.counter) {
      const c = this.counter;
      this.counter = null;
      c.onFail(err);
    }
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.counter) {
      this.countData(chunk, this.counter);
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
      if (this.counter) {
        // throughput() started from inside a reply callback: switch modes.
        if (start < chunk.length) this.countData(chunk.subarray(start), this.counter);
        return;
      }
    }
    if (start < chunk.length) this.partial.push(start === 0 ? chunk : chunk.subarray(start));
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

  /** Count-mode reader used by throughput(): counts lines without parsing them. */
  private countData(chunk: Buffer, cm: CountMode): void {
    let replies = 0;
    let errs = 0;
    let start = 0;
    const len = chunk.length;
    while (start < len) {
      const nl = chunk.indexOf(NL, start);
      const end = nl < 0 ? len : nl;
      // Collect the first PREFIX_LEN bytes of the line (may span chunks).
      if (cm.slow === null && cm.prefixLen < PREFIX_LEN) {
        const n = Math.min(PREFIX_LEN - cm.prefixLen, end - start);
        chunk.copy(cm.prefix, cm.prefixLen, start, start + n);
        cm.prefixLen += n;
        if (cm.prefixLen === PREFIX_LEN && !cm.prefix.equals(RETURN_PREFIX) && !cm.prefix.subarray(0, ERROR_PREFIX.length).equals(ERROR_PREFIX)) {
          // Unusual line (event, other key order): keep it whole and parse it.
          cm.slow = [Buffer.from(cm.prefix)];
          if (start + n < end) cm.slow.push(Buffer.from(chunk.subarray(start + n, end)));
        }
      } else if (cm.slow !== null) {
        cm.slow.push(Buffer.from(chunk.subarray(start, end)));
      }
      if (nl < 0) break;
      // End of a line.
      if (cm.slow !== null || cm.prefixLen < PREFIX_LEN) {
        const text = (cm.slow ? Buffer.concat(cm.slow) : cm.prefix.subarray(0, cm.prefixLen)).toString('utf8').trim();
        if (text) {
          let msg: unknown;
          try {
            msg = parseJsonExact(text);
          } catch {
            this.fail(new Error(`QMP ${this.name}: invalid JSON from server: ${text.slice(0, 200)}`));
            return;
          }
          if (isObject(msg) && 'event' in msg && !('return' in msg) && !('error' in msg)) {
            this.events.push(msg);
          } else {
            replies++;
            if (isObject(msg) && 'error' in msg) errs++;
          }
        }
      } else {
        replies++;
        if (cm.prefix.subarray(0, ERROR_PREFIX.length).equals(ERROR_PREFIX)) errs++;
      }
      cm.prefixLen = 0;
      cm.slow = null;
      start = nl + 1;
    }
    if (replies) cm.onReplies(replies, errs);
  }
}

interface CountMode {
  prefix: Buffer;
  prefixLen: number;
  slow: Buffer[] | null;
  onReplies: (n: number, errors: number) => void;
  onFail: (err: Error) => void;
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

/** VmRSS of a process in KiB (Linux /proc), or null when unavailable. */
export async function readRssKiB(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
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
