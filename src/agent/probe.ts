/**
 * What the agent can reach on this host, every source tried in turn:
 * libvirt's domcapabilities (`virsh -r domcapabilities`), QMP host expansion
 * of a local QEMU (`qemu-system-*` started with -machine none, KVM when
 * /dev/kvm is there, else TCG), x86 CPUID (Linux's /dev/cpu/0/cpuid, else
 * the `cpuid -r` tool), /proc/cpuinfo. Each answer is kept only if it reads
 * as a host description; the richest that does is sent, in this order:
 * domcapabilities, KVM expansion, CPUID, /proc/cpuinfo, TCG expansion (TCG
 * describes what QEMU emulates, not the host's CPU, so it is sent only when
 * nothing else answered). A source that is missing or fails is skipped and
 * said so in `reached`: the agent degrades, never stops.
 *
 * The I/O is one injected ProbeEnv, so each path is tested with fakes.
 */
import { execFile } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { promisify } from 'node:util';
import { readHostText } from '../fleet/commands.js';
import { hostDocFromEndpoint } from '../host/endpoint.js';
import { cpuidToolText, type CpuidReader } from '../arch/x86_64/cpuid-walk.js';
import { archOfNode } from '../arch/facts.js';
import type { Probed } from './agent.js';

export interface ProbeEnv {
  /** Node's process.arch */
  nodeArch: string;
  /** a command's stdout, undefined when it is missing or fails */
  exec(cmd: string, args: string[]): Promise<string | undefined>;
  exists(path: string): boolean;
  readFile(path: string): string | undefined;
  /** a CPUID reader of CPU 0, undefined when none can be opened; close it with the returned function */
  openCpuid(): { read: CpuidReader; close(): void } | undefined;
  /** the host document JSON of `exec:BINARY` under accel, or why not */
  qmp(binary: string, accel: 'kvm' | 'tcg'): Promise<{ text: string } | { error: string }>;
}

export interface Reached {
  origin: string;
  /** used: it read as a host description; otherwise why it was skipped */
  status: 'used' | 'read' | string;
}

const QEMU: Readonly<Record<string, string>> = { x64: 'qemu-system-x86_64', s390x: 'qemu-system-s390x', ppc64: 'qemu-system-ppc64', arm64: 'qemu-system-aarch64' };

const run = promisify(execFile);

/** This machine. */
export const REAL_ENV: ProbeEnv = {
  nodeArch: process.arch,
  async exec(cmd, args) {
    try {
      return (await run(cmd, args, { timeout: 20_000, maxBuffer: 16 * 1024 * 1024 })).stdout;
    } catch {
      return undefined;
    }
  },
  exists: existsSync,
  readFile(p) {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  openCpuid() {
    let fd: number;
    try {
      fd = openSync('/dev/cpu/0/cpuid', 'r');
    } catch {
      return undefined; // no cpuid module, or not root
    }
    const buf = Buffer.alloc(16);
    return {
      // Linux: the file offset is ECX << 32 | EAX
      read: (leaf, sub) => {
        try {
          if (readSync(fd, buf, 0, 16, sub * 2 ** 32 + leaf) !== 16) return undefined;
        } catch {
          return undefined;
        }
        return [buf.readUInt32LE(0), buf.readUInt32LE(4), buf.readUInt32LE(8), buf.readUInt32LE(12)] as const;
      },
      close: () => closeSync(fd),
    };
  },
  async qmp(binary, accel) {
    const d = await hostDocFromEndpoint(`exec:${binary}`, { accel }).catch((e: Error) => ({ ok: false as const, error: { message: e.message } }));
    return d.ok ? { text: JSON.stringify(d.value) } : { error: d.error.message };
  },
};

/** Probe every source; the richest answer that reads as a host, and what each source did. */
export async function probeAll(env: ProbeEnv): Promise<Probed & { reached: Reached[] }> {
  const reached: Reached[] = [];
  const found: Probed[] = [];
  const take = (origin: string, text: string | undefined, missing: string) => {
    if (text === undefined) return void reached.push({ origin, status: missing });
    const r = readHostText(text, origin);
    if (r.ok) {
      found.push({ text, origin });
      reached.push({ origin, status: 'read' });
    } else reached.push({ origin, status: `unreadable: ${r.error.message}` });
  };
  take('virsh domcapabilities', await env.exec('virsh', ['-r', 'domcapabilities']), 'no answer (libvirt not installed or not running)');
  const qemu = QEMU[env.nodeArch];
  const kvm = env.exists('/dev/kvm');
  let tcg: Probed | undefined;
  if (qemu) {
    const accel = kvm ? 'kvm' : 'tcg';
    const q = await env.qmp(qemu, accel);
    const origin = `exec:${qemu} (${accel})`;
    if ('error' in q) reached.push({ origin, status: `no answer: ${q.error}` });
    else if (kvm) take(origin, q.text, '');
    else {
      // TCG: QEMU's emulation, the last resort
      const r = readHostText(q.text, origin);
      if (r.ok) tcg = { text: q.text, origin };
      reached.push({ origin, status: r.ok ? 'read' : `unreadable: ${r.error.message}` });
    }
  }
  if (archOfNode(env.nodeArch)?.cpuid) {
    const dev = env.openCpuid();
    if (dev) {
      try {
        take('/dev/cpu/0/cpuid', cpuidToolText(dev.read), 'no answer');
      } finally {
        dev.close();
      }
    } else reached.push({ origin: '/dev/cpu/0/cpuid', status: 'cannot open (no cpuid module, or not root)' });
    if (!found.some((f) => f.origin === '/dev/cpu/0/cpuid')) take('cpuid -r', await env.exec('cpuid', ['-r', '-1']), 'no answer (the cpuid tool is not installed)');
  }
  take('/proc/cpuinfo', env.readFile('/proc/cpuinfo'), 'cannot read');
  const best = found[0] ?? tcg;
  if (!best) throw new Error(`nothing on this host describes its CPU: ${reached.map((r) => `${r.origin}: ${r.status}`).join('; ')}`);
  const used = reached.find((r) => r.origin === best.origin)!;
  used.status = 'used';
  return { ...best, reached };
}

export const probeThisHost = (): Promise<Probed & { reached: Reached[] }> => probeAll(REAL_ENV);
