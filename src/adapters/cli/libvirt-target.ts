/**
 * Output written for a libvirt release, and how a command's output is
 * printed: shared by the commander CLI (main.ts) and the fast `baseline FILE`
 * path (baseline-fast.ts), which must answer alike.
 */
import type { LibvirtRelease } from '../libvirt/release-version.js';
import type { HostFacts } from './host-facts.js';
import { writeOut } from './direct-output.js';

export interface CommandText {
  stdout: string;
  stderr?: string;
  exitCode: number;
}

/** The local libvirt's release, else the newest the data describes. */
export async function localLibvirt(facts: HostFacts): Promise<LibvirtRelease> {
  return (await facts.libvirt()) ?? (await import('../libvirt/release.js')).NEWEST_LIBVIRT;
}

/**
 * A command's output written for the target libvirt release: the target is
 * asked first (virsh --version, when it must run, runs while the command
 * computes), then the output is made; every libvirt <cpu> in it is written
 * for the target; notes go to stderr.
 */
export async function writtenFor(target: Promise<LibvirtRelease>, make: () => CommandText | Promise<CommandText>, json: boolean): Promise<Required<CommandText>> {
  target.catch(() => undefined); // awaited below; no unhandled rejection when make() throws first
  const out = await make();
  const r = await target;
  const { cpuJsonForRelease, cpuXmlForRelease } = await import('../libvirt/release.js');
  const m = json ? cpuJsonForRelease(out.stdout, r) : cpuXmlForRelease(out.stdout, r);
  return { stdout: m.value, stderr: (out.stderr ?? '') + m.notes.map((n) => `cpumodels: note: ${n}\n`).join(''), exitCode: out.exitCode };
}

/** Print a command's output (each part ending in a newline; direct-output.ts says how) and set the exit code. */
export function emit(r: CommandText): void {
  if (r.stdout) writeOut(1, r.stdout.endsWith('\n') ? r.stdout : r.stdout + '\n');
  if (r.stderr) writeOut(2, r.stderr.endsWith('\n') ? r.stderr : r.stderr + '\n');
  process.exitCode = r.exitCode;
}
