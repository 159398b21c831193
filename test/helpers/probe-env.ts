/** Fakes of the agent's probe sources (src/agent/probe.ts ProbeEnv). */
import { readFileSync } from 'node:fs';
import { parseCpuidXml } from '../../src/adapters/libvirt/cpudata-xml.js';
import type { CpuidReader } from '../../src/arch/x86_64/cpuid-walk.js';
import type { ProbeEnv } from '../../src/agent/probe.js';

/** a CPUID reader over a libvirt CPUID dump (leaves it lacks read as zeros, as a CPU answers) */
export function dumpReader(file: string, mask?: (leaf: number, sub: number, r: number[]) => number[]): CpuidReader {
  const d = parseCpuidXml(readFileSync(file, 'utf8'), file);
  if (!d.ok) throw new Error(d.error.message);
  return (leaf, sub) => {
    const r = d.value.leaves.get(`${leaf}:${sub}`) ?? d.value.leaves.get(`${leaf}:0`) ?? { eax: 0, ebx: 0, ecx: 0, edx: 0 };
    const regs = [r.eax, r.ebx, r.ecx, r.edx];
    return (mask ? mask(leaf, sub, regs) : regs) as [number, number, number, number];
  };
}

export function fakeProbeEnv(p: { virsh?: string; kvm?: boolean; qmp?: string; cpuid?: CpuidReader; tool?: string; cpuinfo?: string; nodeArch?: string }): ProbeEnv & { closed: number } {
  const e = {
    closed: 0,
    nodeArch: p.nodeArch ?? 'x64',
    exec: async (cmd: string) => (cmd === 'virsh' ? p.virsh : cmd === 'cpuid' ? p.tool : undefined),
    exists: (f: string) => f === '/dev/kvm' && !!p.kvm,
    readFile: (f: string) => (f === '/proc/cpuinfo' ? p.cpuinfo : undefined),
    openCpuid: () => (p.cpuid ? { read: p.cpuid, close: () => void e.closed++ } : undefined),
    qmp: async () => (p.qmp ? { text: p.qmp } : { error: 'qemu-system-x86_64: not found' }),
  };
  return e;
}

