// Capture what Debian's QEMU 7.2 answers to qmp_capabilities in every state:
// before negotiation with bad arguments, and sent again after it (plain, with
// `enable`, with bad values, with one or several unknown keys, with an id),
// in a session negotiated without and one negotiated with 'oob'.
//
//   npm run build
//   node dist/tools/capture-qmp-capabilities.js [--arch ARCH ...]
//
// Writes test/fixtures/qmp-capabilities/ARCH.json: {arch, machine, records:
// [{conversation, request, reply}]}, the reply as QEMU's own text. The live
// tier (test/live/qmp-capabilities.test.ts) runs the same conversations
// against QEMU and our server side by side.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../src/adapters/qmp/client.js';
import { toJsonText } from '../src/core/qmp-json.js';

const caps = (args?: unknown, extra = ''): string => `{"execute": "qmp_capabilities"${args !== undefined ? `, "arguments": ${JSON.stringify(args)}` : ''}${extra}}`;

/** Conversations on a fresh connection, one request a line; every request gets exactly one reply. */
export const CONVERSATIONS: Readonly<Record<string, readonly string[]>> = {
  plain: [
    // before negotiation: the arguments are checked before anything else
    caps({ enable: ['nope'], bogus: 1 }),
    caps({ mid: 1, alpha: 2, zeta: 3 }),
    caps({ enable: 'oob', bogus: 1 }),
    caps({ enable: ['oob'], zz: 1, aa: 2 }),
    '{"execute": "query-version"}',
    caps(),
    // sent again
    caps(),
    caps({}),
    caps({ enable: ['oob'] }),
    caps({ enable: [] }),
    caps({ bogus: 1 }),
    caps({ mid: 1, alpha: 2, zeta: 3 }),
    caps({ enable: ['oob'], zz: 1, aa: 2 }),
    caps({ enable: ['nope'] }),
    caps({ enable: ['oob', 'nope'] }),
    caps({ enable: 'oob' }),
    caps({ enable: [1] }),
    caps({ enable: null }),
    caps(undefined, ', "id": 7'),
    caps({ enable: ['oob'], bogus: 1 }, ', "id": "x"'),
    '{"execute": "qmp_capabilities", "arguments": []}',
    '{"exec-oob": "qmp_capabilities"}',
  ],
  oob: [
    caps({ enable: ['oob'] }),
    caps(),
    caps({ enable: ['oob'] }, ', "id": "a"'),
    caps({ enable: [] }),
    caps({ x: 1, b: 2 }),
    caps({ enable: ['nope'] }),
    '{"exec-oob": "qmp_capabilities"}',
    '{"exec-oob": "qmp_capabilities", "arguments": {"enable": ["oob"]}}',
  ],
};

/** The machine each architecture's QEMU is started with. */
export const CAPS_MACHINE: Readonly<Record<string, string>> = { s390x: 's390-ccw-virtio', x86_64: 'none', ppc64: 'none', aarch64: 'none' };

/** A QMP server on stdio: send a line, read one reply line, as text. */
export class StdioQmp {
  private buf = '';
  private readonly lines: string[] = [];
  private wake: (() => void) | null = null;
  private exited = false;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      this.buf += d;
      for (let i = this.buf.indexOf('\n'); i >= 0; i = this.buf.indexOf('\n')) {
        this.lines.push(this.buf.slice(0, i).replace(/\r$/, ''));
        this.buf = this.buf.slice(i + 1);
      }
      this.wake?.();
    });
    child.on('exit', () => {
      this.exited = true;
      this.wake?.();
    });
  }

  /** Real QEMU: `-qmp stdio`, no guest started. */
  static qemu(binary: string, machine: string): StdioQmp {
    return new StdioQmp(spawn(binary, ['-machine', machine, '-nodefaults', '-display', 'none', '-accel', 'tcg', '-S', '-qmp', 'stdio']));
  }

  /** Ours: `cpumodels qmp --arch ARCH --strict --stdio`. */
  static ours(arch: string): StdioQmp {
    return new StdioQmp(spawn(process.execPath, [join(findRepoRoot(), 'bin', 'cpumodels.js'), 'qmp', '--arch', arch, '--strict', '--stdio']));
  }

  /** The next line the server writes. */
  async line(timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!this.lines.length) {
      if (this.exited) throw new Error(`the QMP server exited before answering (pid ${this.child.pid})`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no reply within ${timeoutMs} ms (pid ${this.child.pid})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
    return this.lines.shift()!;
  }

  async ask(request: string): Promise<string> {
    this.child.stdin.write(request + '\n');
    return this.line();
  }

  /** End input; end this child (by its own handle) if it has not left a moment later. */
  async stop(): Promise<void> {
    this.child.stdin.end();
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      for (let i = 0; i < 10 && !this.exited; i++) await new Promise((r) => setTimeout(r, 50));
      if (this.exited) return;
      this.child.kill(signal);
    }
  }
}

/** Run one conversation on a fresh server: its greeting and the replies, as text, in order. */
export async function converse(server: StdioQmp, requests: readonly string[]): Promise<{ greeting: string; replies: string[] }> {
  try {
    const greeting = await server.line();
    const replies: string[] = [];
    for (const r of requests) replies.push(await server.ask(r));
    return { greeting, replies };
  } finally {
    await server.stop();
  }
}

async function capture(arch: string): Promise<void> {
  const records: { conversation: string; request: string; reply: string }[] = [];
  let qemu: unknown;
  for (const [name, requests] of Object.entries(CONVERSATIONS)) {
    const { greeting, replies } = await converse(StdioQmp.qemu(`qemu-system-${arch}`, CAPS_MACHINE[arch]!), requests);
    qemu = (JSON.parse(greeting) as { QMP: { version: unknown } }).QMP.version;
    requests.forEach((request, i) => records.push({ conversation: name, request, reply: replies[i]! }));
  }
  const file = join(findRepoRoot(), 'test/fixtures/qmp-capabilities', `${arch}.json`);
  writeFileSync(file, toJsonText({ format: 'cpumodels-qmp-capabilities/1', arch, qemu, machine: CAPS_MACHINE[arch], script: 'tools/capture-qmp-capabilities.ts', records }, 1) + '\n');
  process.stdout.write(`${arch}: ${records.length} records -> ${file}\n`);
}

if (process.argv[1]?.endsWith('capture-qmp-capabilities.js')) {
  const argv = process.argv.slice(2);
  const archs = argv.flatMap((a, i) => (argv[i - 1] === '--arch' ? [a] : []));
  for (const arch of archs.length ? archs : ['s390x', 'x86_64', 'ppc64', 'aarch64']) await capture(arch);
}
