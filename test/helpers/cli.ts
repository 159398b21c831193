/**
 * Run the CLI in-process through main() (the bin's own path) with the
 * host's answers injected: stdout, stderr and the exit code.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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

/**
 * The commander CLI (main.ts's main) in a process of its own, with none of
 * the launchers' direct paths (bin/main.cjs and bin/oneshot.cjs try those
 * first): stdout and stderr as bytes, and the exit status.
 */
export function spawnFullCli(argv: readonly string[], env: NodeJS.ProcessEnv): { stdout: Buffer; stderr: Buffer; status: number | null } {
  const root = path.resolve(import.meta.dirname, '../..');
  const main = pathToFileURL(path.join(root, 'dist', 'src', 'adapters', 'cli', 'main.js')).href;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import(${JSON.stringify(main)}).then((m) => m.main(['node', 'cpumodels', ...process.argv.slice(1)]))`, '--', ...argv], { env });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/**
 * A direct path's answer to argv and the full path's (stdout, stderr, exit
 * code, each captured in-process); direct undefined when the direct path did
 * not answer, which must then have written nothing.
 */
export async function directAndFull(argv: readonly string[], direct: () => boolean, full: () => Promise<boolean>): Promise<{ direct: string[] | undefined; full: string[] }> {
  const d = await captureOutput(async () => direct());
  const f = await captureOutput(full);
  const fullAnswer = [f.out, f.err, String(f.code)];
  if (!d.value) {
    if (d.out !== '' || d.err !== '') throw new Error(`${argv.join(' ')}: the direct path did not answer but wrote ${JSON.stringify(d.out + d.err)}`);
    return { direct: undefined, full: fullAnswer };
  }
  return { direct: [d.out, d.err, String(d.code)], full: fullAnswer };
}
