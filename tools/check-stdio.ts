// Replay every stored QEMU answer of one architecture through the real CLI,
// `cpumodels qmp --arch ARCH --stdio --strict`, and count the answers that
// come back exactly: as text (QEMU's key order, separators and integers) and
// as values (read without rounding on both sides).
//
//   npm run build
//   node dist/tools/check-stdio.js --arch x86_64 [--dir ../shared/reference/qemu-7.2] [--verbose]
//
// Exit 0 when every answer is exact, 1 otherwise. query-version's content is
// ours, so its replies count as equal whatever they say.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findRepoRoot } from '../src/adapters/qmp/client.js';
import { parseJsonExact } from '../src/adapters/qmp/json-stream.js';
import { toQmpJsonAsIs } from '../src/core/qmp-json.js';

interface Case {
  label: string;
  lines: string[];
  replies: unknown[];
}

/** The stored cases of one architecture: definitions, expansions (with and without props), error cases. */
export function storedCases(dir: string): Case[] {
  const read = (f: string): any => parseJsonExact(readFileSync(join(dir, f), 'utf8'));
  const cases: Case[] = [];
  const defs = read('cpu-definitions.json');
  cases.push({ label: 'query-cpu-definitions', lines: ['{"execute": "query-cpu-definitions"}'], replies: [defs] });
  for (const f of ['expansions.json', 'expansions-props.json']) {
    let recs: any[];
    try {
      recs = read(f).records;
    } catch {
      continue;
    }
    recs.forEach((r, i) => cases.push({ label: `${f}#${i} ${r.type ?? ''} ${r.model ?? r.case ?? ''}`, lines: [toQmpJsonAsIs(r.request)], replies: [r.reply] }));
  }
  for (const r of read('errors.json').records) cases.push({ label: `errors.json ${r.case}`, lines: r.lines, replies: r.replies });
  return cases;
}

const isVersion = (x: any) => x && typeof x === 'object' && x.return && typeof x.return === 'object' && 'qemu' in x.return;

/** Send all cases through one `cpumodels qmp --stdio` process; returns [exact text, exact value, total] and the failures. */
export async function checkStdio(arch: string, dir: string): Promise<{ text: number; value: number; total: number; failures: string[] }> {
  const root = findRepoRoot();
  const cases = storedCases(dir);
  const child = spawn(process.execPath, [join(root, 'bin/cpumodels.js'), 'qmp', '--arch', arch, '--stdio', '--strict'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const input = ['{"execute": "qmp_capabilities"}', ...cases.flatMap((c) => c.lines)].join('\n') + '\n';
  child.stdin.end(input);
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => (out += d));
  await new Promise<void>((res) => child.on('close', () => res()));
  const lines = out.split('\n').filter((l) => l.trim() !== '');
  // greeting and qmp_capabilities' answer first
  let at = 2;
  let text = 0;
  let value = 0;
  const failures: string[] = [];
  for (const c of cases) {
    const ours = lines.slice(at, at + c.replies.length);
    at += c.replies.length;
    let textOk = ours.length === c.replies.length;
    let valueOk = textOk;
    c.replies.forEach((theirs, i) => {
      const line = ours[i];
      if (line === undefined) return;
      const mine = parseJsonExact(line);
      if (isVersion(theirs) && isVersion(mine)) return;
      if (line !== toQmpJsonAsIs(theirs)) textOk = false;
      if (toQmpJsonAsIs(sortKeys(mine)) !== toQmpJsonAsIs(sortKeys(theirs))) valueOk = false;
    });
    if (textOk) text++;
    if (valueOk) value++;
    if (!textOk) failures.push(`${c.label}: ${valueOk ? 'key order differs' : 'values differ'}\n  ours   ${(ours[0] ?? '').slice(0, 400)}\n  theirs ${toQmpJsonAsIs(c.replies[0]).slice(0, 400)}`);
  }
  return { text, value, total: cases.length, failures };
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

async function main(argv: string[]): Promise<number> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const arch = arg('--arch') ?? 'x86_64';
  const dir = resolve(arg('--dir') ?? join(findRepoRoot(), '../shared/reference/qemu-7.2'), arch);
  const r = await checkStdio(arch, dir);
  process.stdout.write(`${arch}: ${r.text}/${r.total} answers exact as text, ${r.value}/${r.total} exact as values\n`);
  if (argv.includes('--verbose')) for (const f of r.failures) process.stdout.write(f + '\n');
  return r.text === r.total ? 0 : 1;
}

if (process.argv[1] && /check-stdio\.[jt]s$/.test(process.argv[1])) {
  main(process.argv.slice(2)).then((c) => process.exit(c));
}
