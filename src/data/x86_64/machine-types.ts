/**
 * x86 machine types and the CPU model version an unversioned model name
 * resolves to under them (facts, QEMU hw/i386/pc_piix.c, pc_q35.c and
 * target/i386/cpu.c, 4.1 … 10.x):
 *
 * - pc-i440fx-X.Y and pc-q35-X.Y from 4.1 on set default_cpu_version = 1:
 *   "Skylake-Client" is Skylake-Client-v1;
 * - 4.0 and older (pc-q35-4.0.1 included) set CPU_VERSION_LEGACY: the
 *   unversioned name is the model's own class, whose features are v1's;
 * - any other machine (none, microvm): the newest version before QEMU
 *   5.0, 1 from then on (X86_MACHINE_NONE_V1_SINCE, models.ts);
 * - `pc` and `q35` are aliases of the release's newest pc-i440fx-R and
 *   pc-q35-R; a versioned machine type newer than the QEMU release does not
 *   exist in it.
 */
import { X86_MACHINE_NONE_V1_SINCE } from './models.js';

export type CpuVersion = number | 'legacy' | 'latest';

const VERSIONED = /^pc-(i440fx|q35)-(\d+)\.(\d+)(?:\.(\d+))?$/;
const ALIASES: Readonly<Record<string, string>> = { pc: 'i440fx', q35: 'q35' };

export interface MachineResolution {
  /** the machine type the name stands for under the release */
  machine: string;
  /** the version an unversioned CPU model resolves to */
  cpuVersion: CpuVersion;
}

const older = (a: readonly number[], b: readonly number[]) => a[0]! < b[0]! || (a[0] === b[0] && a[1]! < b[1]!);

/** A machine type name under QEMU release `release` (X.Y): what it resolves to, or why it does not exist. */
export function resolveX86Machine(name: string, release: string): { ok: true; value: MachineResolution } | { ok: false; message: string } {
  const rel = release.split('.').map(Number);
  const alias = ALIASES[name];
  if (alias) return { ok: true, value: { machine: `pc-${alias}-${rel[0]}.${rel[1]}`, cpuVersion: 1 } };
  const m = VERSIONED.exec(name);
  if (!m) return { ok: true, value: { machine: name, cpuVersion: older(rel, X86_MACHINE_NONE_V1_SINCE.split('.').map(Number)) ? 'latest' : 1 } };
  const v = [Number(m[2]), Number(m[3])];
  if (older(rel, v)) return { ok: false, message: `machine type ${name} does not exist in QEMU ${release} (its newest is pc-${m[1]}-${rel[0]}.${rel[1]})` };
  return { ok: true, value: { machine: name, cpuVersion: older(v, [4, 1]) ? 'legacy' : 1 } };
}
