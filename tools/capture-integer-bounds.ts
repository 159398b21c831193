// Capture what Debian's QEMU 7.2 answers to integer properties given values
// at and just past the edges QEMU's JSON reader and visitors care about:
// 2^53±1 (where a JS number stops being exact), the int64 and uint64 limits,
// one past each (a double to QEMU's lexer), and number literals QEMU reads as
// doubles although they are whole ("1e3", "1E3", "1.0", "-0.0") or not ("1.5").
// Every request is sent as text, so the literal reaches QEMU as written.
//
//   npx tsx tools/capture-integer-bounds.ts [--arch ARCH ...]
//
// Writes test/fixtures/integer-bounds/ARCH.json: {arch, qemu, records:
// [{request, reply}]}, `request` the line sent, `reply` QEMU's reply as
// canonical text (integers exact), or the string "QEMU aborted" when QEMU
// died on the request (QEMU 7.2 asserts on 'lbr-fmt' given a double; those
// requests are left out, see LEAVE_OUT). A rerun writes the same file.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot, spawnQemu } from '../src/adapters/qmp/client.js';
import { toJsonText, toQmpJsonAsIs } from '../src/core/qmp-json.js';

/** The literals sent, as text. */
export const INTEGER_LITERALS: readonly string[] = [
  '0', '-0', '-1', '1',
  '9007199254740991', '9007199254740992', '9007199254740993', '-9007199254740993',
  '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809',
  '18446744073709551615', '18446744073709551616',
  '1.5', '1e3', '1E3', '1.0', '-0.0', '2e0', '1e19', '1.8446744073709552e19',
];

/** Per architecture: the machine, the model, and the integer properties tried (QOM type in the comment). */
export const INTEGER_PROPS: Readonly<Record<string, { machine: string; model: string; props: readonly string[] }>> = {
  // ucode-rev uint64, lbr-fmt uint64 with a mask, tsc-frequency int64, level uint32, family int (own setter)
  x86_64: { machine: 'none', model: 'qemu64', props: ['ucode-rev', 'lbr-fmt', 'tsc-frequency', 'level', 'family'] },
  // core-id uint32
  s390x: { machine: 's390-ccw-virtio', model: 'z14', props: ['core-id'] },
};

/** Requests QEMU 7.2 aborts on: lbr-fmt's setter sets a second error after the visitor's (util/error.c assertion). */
export function leftOut(prop: string, literal: string): boolean {
  if (prop !== 'lbr-fmt') return false;
  if (/[.eE]/.test(literal)) return true;
  const b = BigInt(literal);
  return b < -(2n ** 63n) || b > 2n ** 64n - 1n;
}

/** The request lines for one architecture. */
export function integerBoundRequests(arch: string): string[] {
  const a = INTEGER_PROPS[arch]!;
  const out: string[] = [];
  for (const prop of a.props) {
    for (const lit of INTEGER_LITERALS) {
      if (leftOut(prop, lit)) continue;
      out.push(`{"execute": "query-cpu-model-expansion", "arguments": {"type": "full", "model": {"name": "${a.model}", "props": {"${prop}": ${lit}}}}}`);
    }
  }
  return out;
}

/** A reply reduced to what the property case decides: the error, or the property's value in the expansion. */
export function reduceReply(reply: Record<string, unknown>, request: string): string {
  const prop = /"props": \{"([^"]+)"/.exec(request)![1]!;
  if ('error' in reply) return toQmpJsonAsIs({ error: reply.error });
  const props = ((reply.return as { model: { props: Record<string, unknown> } }).model.props) ?? {};
  return toQmpJsonAsIs({ [prop]: props[prop] ?? null });
}

async function capture(arch: string): Promise<void> {
  const a = INTEGER_PROPS[arch]!;
  const records: { request: string; reply: string }[] = [];
  let version: unknown;
  for (const request of integerBoundRequests(arch)) {
    const q = await spawnQemu(`qemu-system-${arch}`, { machine: a.machine });
    try {
      version ??= ((await q.client.execute('query-version')) as { return: unknown }).return;
      await q.client.executeRaw(request + '\n');
      const reply = (await q.client.receive(20_000)) as Record<string, unknown>;
      records.push({ request, reply: reduceReply(reply, request) });
    } catch {
      records.push({ request, reply: 'QEMU aborted' });
    } finally {
      await q.stop().catch(() => undefined);
    }
  }
  const dir = join(findRepoRoot(), 'test/fixtures/integer-bounds');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${arch}.json`);
  writeFileSync(file, toJsonText({ format: 'cpumodels-integer-bounds/1', arch, qemu: version, machine: a.machine, script: 'tools/capture-integer-bounds.ts', records }, 1) + '\n');
  process.stdout.write(`${arch}: ${records.length} records -> ${file}\n`);
}

const argv = process.argv.slice(2);
const archs = argv.flatMap((x, i) => (argv[i - 1] === '--arch' ? [x] : []));
if (process.argv[1]?.endsWith('capture-integer-bounds.ts') || process.argv[1]?.endsWith('capture-integer-bounds.js')) {
  for (const arch of archs.length ? archs : Object.keys(INTEGER_PROPS)) await capture(arch);
}
