/**
 * `cpumodels baseline --hosts FILE… [--json] [--libvirt X.Y]` (the N-way
 * baseline of real hosts) without commander: the commander action in
 * main.ts and this path call the same functions (gate, cmdBaselineHosts,
 * then writtenFor), so they answer alike.
 *
 * bin/baseline.cjs runs it from one pre-bundled file (dist/hosts.cjs, built
 * by tools/build-baseline.mjs, compiled with its code cache) when argv is
 * plainly that form with every operand a regular file; anything else (help,
 * usage errors, folders, --skip-bad, other options) goes to the commander
 * CLI. A fleet file of ever new classes is then read by code compiled from
 * the cache instead of ES modules resolved, read and compiled at every
 * start.
 */
import { cmdBaselineHosts } from '../../fleet/commands.js';
import { errorLine } from './error-line.js';
import { writeDirectly, writeOut } from './direct-output.js';
import { gate, plainArgs } from './gate.js';
import { useLibvirtAdapter } from '../libvirt/formats.js';
import { detectHostFacts, type HostFacts } from './host-facts.js';
import { emit, localLibvirt, writtenFor } from './libvirt-target.js';
import type { LibvirtRelease } from '../libvirt/release-version.js';

export interface HostsArgs {
  files: string[];
  json: boolean;
  libvirt?: LibvirtRelease;
}


/**
 * The files and options of argv (without node and script) when it is the
 * plain form `baseline --hosts FILE…` with at most --json and a valid
 * --libvirt X.Y, each once, and every operand an existing regular file;
 * undefined for anything else (commander decides, and words its errors).
 */
export function parseHostsFast(args: readonly string[]): HostsArgs | undefined {
  if (args[0] !== 'baseline') return undefined;
  const p = plainArgs(args, ['--hosts', '--json']);
  if (!p?.flags.has('--hosts')) return undefined;
  return { files: p.files, json: p.flags.has('--json'), ...(p.libvirt ? { libvirt: p.libvirt } : {}) };
}

/**
 * Answers argv (without node and script) when parseHostsFast takes it, as
 * the commander CLI would; false when it does not (nothing was done).
 */
export async function runHostsFast(args: readonly string[], facts?: HostFacts, directOutput = false): Promise<boolean> {
  const p = parseHostsFast(args);
  if (!p) return false;
  if (directOutput) writeDirectly();
  // host files may be libvirt XML, and the answer has a libvirt <cpu>: the adapter's formats, as main.ts installs them
  useLibvirtAdapter();
  try {
    const read = gate(p.files, 'host file');
    const target = p.libvirt ? Promise.resolve(p.libvirt) : localLibvirt(facts ?? detectHostFacts());
    emit(await writtenFor(target, () => cmdBaselineHosts(p.files, { ...(p.json ? { json: true } : {}), read }), p.json));
  } catch (e) {
    // worded as the commander action words it (reportError)
    const r = errorLine(e);
    writeOut(2, r.text);
    process.exitCode = r.exitCode;
  }
  return true;
}
