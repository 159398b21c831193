/**
 * The one line (and exit code) a command's failure is told with, other than
 * commander's own: the one-shot answers, the commander actions (through
 * oneshot.ts's reportError) and the fast `baseline FILE` path
 * (baseline-fast.ts) all word it here, so the paths cannot drift apart.
 */
import { CpuModelException, describeError, exitCodeOf } from '../../core/errors.js';
import { LibvirtXmlError } from '../../core/libvirt-model.js';
import { InputError } from './input.js';

export class UsageError extends Error {}

/** stderr's text (ending in a newline) and the exit code for a failure; a stack trace only with CPUMODELS_DEBUG set. */
export function errorLine(e: unknown): { text: string; exitCode: number } {
  if (e instanceof CpuModelException) {
    return { text: `cpumodels: error: ${describeError(e.error).replace(/\s*\n\s*/g, ' ')}\n`, exitCode: exitCodeOf(e.error) };
  }
  if (e instanceof UsageError || e instanceof InputError || e instanceof LibvirtXmlError) {
    return { text: `cpumodels: error: ${e.message.replace(/\s*\n\s*/g, ' ')}\n`, exitCode: 2 };
  }
  // never a stack trace for input: one line, the trace only when asked for
  const err = e instanceof Error ? e : new Error(String(e));
  return { text: `cpumodels: error: ${err.message.split('\n')[0]}${process.env['CPUMODELS_DEBUG'] ? `\n${err.stack ?? ''}` : ' (set CPUMODELS_DEBUG=1 for the details)'}\n`, exitCode: 2 };
}
