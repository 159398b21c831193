/**
 * Run the CLI in-process through main() (the bin's own path) with the
 * host's answers injected: stdout, stderr and the exit code.
 */
import { main } from '../../src/adapters/cli/main.js';
import { fixedHostFacts } from '../../src/adapters/cli/host-facts.js';

/** What fn writes to stdout and stderr and the exit code it sets, captured (process.exitCode is reset after). */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<{ value: T; code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const ow = process.stdout.write.bind(process.stdout);
  const ew = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: string | Uint8Array) => ((out += String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => ((err += String(c)), true)) as typeof process.stderr.write;
  process.exitCode = 0;
  let value: T;
  try {
    value = await fn();
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { value, code, out, err };
}

export async function runCli(argv: string[], facts = fixedHostFacts({ arch: 'x86_64', kvm: false })): Promise<{ code: number; out: string; err: string }> {
  const { code, out, err } = await captureOutput(() => main(['node', 'cpumodels', ...argv], facts));
  return { code, out, err };
}
