// Capture what Debian's QEMU 7.2 answers to requests with several unexpected
// argument keys, at each level QEMU visits as a struct: the command's
// arguments, the nested CpuModelInfo ('model', 'modela', 'modelb'), for every
// CPU-model command of each architecture. Which key QEMU names is decided by
// its input visitor's GLib hash table (see src/core/qobject-visitor.ts).
//
//   npm run build
//   node dist/tools/capture-unknown-keys.js [--arch ARCH ...]
//
// Writes test/fixtures/unknown-keys/ARCH.json: {arch, qemu, records:
// [{request, reply}]}. The requests are a fixed function of a seeded PRNG, so
// a rerun against the same QEMU writes the same file.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot, spawnQemu } from '../src/adapters/qmp/client.js';
import { mulberry32 } from '../src/core/prng.js';
import { toJsonText } from '../src/core/qmp-json.js';

const KEYS = ['alpha', 'mid', 'beta', 'zeta', 'foo', 'bar', 'x', 'extra', 'Type', 'model ', 'props2', 'name2', 'a', 'b', 'c', 'typo', 'omega', 'gamma', 'delta', 'k9', 'vx', 'id'];
const MODEL: Record<string, string> = { s390x: 'z14', x86_64: 'qemu64', ppc64: 'power9_v2.0', aarch64: 'cortex-a57' };
const MACHINE: Record<string, string> = { s390x: 's390-ccw-virtio', x86_64: 'none', ppc64: 'none', aarch64: 'none' };
const CASES_PER_LEVEL = 12;

/** The requests for one architecture: several unknown keys in the arguments, in the model, or both. */
export function unknownKeyRequests(arch: string, commands: string[]): { execute: string; arguments: Record<string, unknown> }[] {
  const rng = mulberry32(0x9e3779b9);
  const int = (n: number) => Math.floor(rng() * n);
  const extras = (): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    for (let i = 2 + int(6); i > 0; i--) o[KEYS[int(KEYS.length)]!] = 1;
    return o;
  };
  const model = () => ({ name: MODEL[arch]! });
  const out: { execute: string; arguments: Record<string, unknown> }[] = [];
  for (const execute of commands) {
    for (let i = 0; i < CASES_PER_LEVEL; i++) {
      for (const level of ['arguments', 'model', 'both'] as const) {
        if (execute === 'query-cpu-definitions' && level !== 'arguments') continue;
        const m = level === 'arguments' ? model() : { ...model(), ...extras() };
        let args: Record<string, unknown>;
        if (execute === 'query-cpu-model-expansion') args = { type: 'static', model: m };
        else if (execute === 'query-cpu-definitions') args = {};
        else args = { modela: m, modelb: model() };
        if (level !== 'model') args = { ...args, ...extras() };
        out.push({ execute, arguments: args });
      }
    }
  }
  return out;
}

async function capture(arch: string): Promise<void> {
  const q = await spawnQemu(`qemu-system-${arch}`, { machine: MACHINE[arch]! });
  try {
    const cmds = (await q.client.execute('query-commands')) as { return: { name: string }[] };
    const have = new Set(cmds.return.map((c) => c.name));
    const commands = ['query-cpu-definitions', 'query-cpu-model-expansion', 'query-cpu-model-comparison', 'query-cpu-model-baseline'].filter((c) => have.has(c));
    const version = (await q.client.execute('query-version')) as { return: unknown };
    const records = [];
    for (const request of unknownKeyRequests(arch, commands)) {
      const reply = (await q.client.execute(request.execute, request.arguments)) as Record<string, unknown>;
      delete reply.id;
      records.push({ request, reply });
    }
    const file = join(findRepoRoot(), 'test/fixtures/unknown-keys', `${arch}.json`);
    writeFileSync(file, toJsonText({ format: 'cpumodels-unknown-keys/1', arch, qemu: version.return, machine: MACHINE[arch], script: 'tools/capture-unknown-keys.ts', records }, 1) + '\n');
    process.stdout.write(`${arch}: ${records.length} records -> ${file}\n`);
  } finally {
    await q.stop();
  }
}

const argv = process.argv.slice(2);
const archs = argv.flatMap((a, i) => (argv[i - 1] === '--arch' ? [a] : []));
for (const arch of archs.length ? archs : ['s390x', 'x86_64', 'ppc64', 'aarch64']) await capture(arch);
