/**
 * What the agent can reach on this host, richest first: libvirt's
 * domcapabilities (virsh), QMP host expansion of a local QEMU with KVM,
 * `cpuid -r` (x86 CPUID), /proc/cpuinfo. The first source that answers and
 * reads as a host description wins.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { readHostText } from '../fleet/commands.js';
import { hostDocFromEndpoint } from '../adapters/hypervisor/endpoint.js';
import type { Probed } from './agent.js';

const run = promisify(execFile);
const QEMU: Readonly<Record<string, string>> = { x64: 'qemu-system-x86_64', s390x: 'qemu-system-s390x', ppc64: 'qemu-system-ppc64', arm64: 'qemu-system-aarch64' };

async function tryCmd(cmd: string, args: string[]): Promise<string | undefined> {
  try {
    const r = await run(cmd, args, { timeout: 20_000, maxBuffer: 16 * 1024 * 1024 });
    return r.stdout;
  } catch {
    return undefined;
  }
}

const reads = (text: string, origin: string) => readHostText(text, origin).ok;

export async function probeThisHost(): Promise<Probed> {
  const virsh = await tryCmd('virsh', ['-r', 'domcapabilities']);
  if (virsh && reads(virsh, 'virsh domcapabilities')) return { text: virsh, origin: 'virsh domcapabilities' };
  const qemu = QEMU[process.arch];
  if (qemu && existsSync('/dev/kvm')) {
    const d = await hostDocFromEndpoint(`exec:${qemu}`).catch(() => undefined);
    if (d?.ok) return { text: JSON.stringify(d.value), origin: `exec:${qemu}` };
  }
  if (process.arch === 'x64') {
    const c = await tryCmd('cpuid', ['-r']);
    if (c && reads(c, 'cpuid -r')) return { text: c, origin: 'cpuid -r' };
  }
  const text = readFileSync('/proc/cpuinfo', 'utf8');
  return { text, origin: '/proc/cpuinfo' };
}
