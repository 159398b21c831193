/**
 * `cpumodels baseline FILE… [--features] [--migratable] [--libvirt X.Y]`
 * (virsh cpu-baseline of libvirt `<cpu>` files) without commander: the
 * commander action in main.ts and this path call the same functions
 * (cmdBaseline, then writtenFor), so they answer alike.
 *
 * bin/baseline.cjs runs it from one pre-bundled file (dist/baseline.cjs,
 * built by tools/build-baseline.mjs) when argv is plainly that form; anything
 * else (help, usage errors, --json, --hosts, model names, files that are not
 * there) goes to the commander CLI. The bundle holds the libvirt x86 catalog,
 * the element reader and the baseline, and none of commander, zod or
 * fast-xml-parser (the reader loads fast-xml-parser only for elements of an
 * odd shape and for malformed files, to report them).
 */
import { cmdBaseline } from './libvirt-commands.js';
import { errorLine } from './error-line.js';
import { plainArgs } from './gate.js';
import { writeDirectly, writeOut } from './direct-output.js';
import { detectHostFacts, type HostFacts } from './host-facts.js';
import { emit, localLibvirt, writtenFor } from './libvirt-target.js';
import type { LibvirtRelease } from '../libvirt/release-version.js';

export interface BaselineArgs {
  files: string[];
  features: boolean;
  migratable: boolean;
  libvirt?: LibvirtRelease;
}


/**
 * The files and options of argv (without node and script) when it is the
 * plain form `baseline FILE…` with at most --features, --migratable and a
 * valid --libvirt X.Y, each once, and every operand an existing file;
 * undefined for anything else (commander decides, and words its errors).
 */
export function parseBaselineFast(args: readonly string[]): BaselineArgs | undefined {
  if (args[0] !== 'baseline') return undefined;
  const p = plainArgs(args, ['--features', '--migratable']);
  if (!p) return undefined;
  return { files: p.files, features: p.flags.has('--features'), migratable: p.flags.has('--migratable'), ...(p.libvirt ? { libvirt: p.libvirt } : {}) };
}

/**
 * Answers argv (without node and script) when parseBaselineFast takes it, as
 * the commander CLI would; false when it does not (nothing was done).
 */
export async function runBaselineFast(args: readonly string[], facts?: HostFacts, directOutput = false): Promise<boolean> {
  const p = parseBaselineFast(args);
  if (!p) return false;
  // (bin/baseline.cjs: the answer straight to file descriptors 1 and 2, no process.stdout stream)
  if (directOutput) writeDirectly();
  try {
    const target = p.libvirt ? Promise.resolve(p.libvirt) : localLibvirt(facts ?? detectHostFacts());
    emit(await writtenFor(target, () => cmdBaseline(p.files, { ...(p.features ? { features: true } : {}), ...(p.migratable ? { migratable: true } : {}) }), false));
  } catch (e) {
    // worded as the commander action words it (reportError): the same line, "(set CPUMODELS_DEBUG=1 …)" included
    const r = errorLine(e);
    writeOut(2, r.text);
    process.exitCode = r.exitCode;
  }
  return true;
}
