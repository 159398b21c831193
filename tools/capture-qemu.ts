// Capture QEMU's answers about its CPU models over QMP and store them as
// test fixtures, in the record format of ../shared/reference/qemu-7.2
// ("qemu-cpu-model-reference/1"; see that folder's README.md).
//
//   npm run build
//   node dist/tools/capture-qemu.js --arch ppc64|aarch64|s390x|x86_64 [--arch ...] [--out DIR] [--machine M]
//
// Files are written to DIR/ARCH/ (DIR defaults to test/fixtures/qemu-7.2 in
// the repository): greeting.json, commands.json, cpu-definitions.json,
// cpu-help.txt, expansions.json, expansions-props.json (aarch64 only),
// errors.json and manifest.json. QEMU runs as
//   qemu-system-ARCH -machine MACHINE -nodefaults -display none -accel tcg -S -qmp unix:SOCK,server=on,wait=off
// with MACHINE `none` (s390x: `s390-ccw-virtio`, like the shared reference).
// It is stopped with QMP `quit`; only our own child is killed, by pid, and
// only if it does not exit (spawnQemu's stop()).
//
// Not captured here: s390x comparisons/baselines and x86_64 props cases (the
// shared reference has them); s390x and x86_64 runs exist to check this
// script against that reference.

import { mulberry32 } from '../src/core/prng.js';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { findRepoRoot, spawnQemu, type QmpClient, type SpawnedQemu } from '../src/adapters/qmp/client.js';
import { parseJsonExact } from '../src/adapters/qmp/json-stream.js';
import { toJsonText } from '../src/core/qmp-json.js';

export const FORMAT = 'qemu-cpu-model-reference/1';
export const SCRIPT = 'tools/capture-qemu.ts';
/** Seed of the random props cases (the same number as the shared reference). */
export const SEED = 20261126;
const PROPS_CASES = 40;

type Json = null | boolean | number | bigint | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

export interface ArchConfig {
  binary: string;
  machine: string;
  /** Stand-ins for the s390x error cases' z14 / z13 / vx. */
  modelA: string;
  modelB: string;
  feature: string;
  /** Model name from one line of `-cpu help`, or null if the line is not a model line. */
  helpModel(line: string, state: { inList: boolean }): string | null;
  /** Record seeded random props cases (full expansion). */
  props: boolean;
}

export const ARCHES: Record<string, ArchConfig> = {
  s390x: {
    binary: 'qemu-system-s390x',
    machine: 's390-ccw-virtio',
    modelA: 'z14',
    modelB: 'z13',
    feature: 'vx',
    helpModel: (l) => /^s390 (\S+)/.exec(l)?.[1] ?? null,
    props: false,
  },
  x86_64: {
    binary: 'qemu-system-x86_64',
    machine: 'none',
    modelA: 'Skylake-Server',
    modelB: 'Haswell',
    feature: 'avx512f',
    helpModel: (l) => /^x86 (\S+)/.exec(l)?.[1] ?? null,
    props: false,
  },
  ppc64: {
    binary: 'qemu-system-ppc64',
    machine: 'none',
    modelA: 'power9',
    modelB: 'power8',
    // ppc64 CPU objects have no feature properties; VSX is the ISA facility
    // (pseries cap-vsx). Every CPU-model command but query-cpu-definitions is
    // CommandNotFound on ppc64 anyway.
    feature: 'vsx',
    helpModel: (l) => /^PowerPC (\S+)/.exec(l)?.[1] ?? null,
    props: false,
  },
  aarch64: {
    binary: 'qemu-system-aarch64',
    machine: 'none',
    modelA: 'cortex-a72',
    modelB: 'cortex-a57',
    feature: 'pmu',
    helpModel: (l, st) => {
      if (/^Available CPUs:/.test(l)) {
        st.inList = true;
        return null;
      }
      if (!st.inList) return null;
      const m = /^\s+(\S+)\s*$/.exec(l);
      if (!m) st.inList = false;
      return m ? m[1]! : null;
    },
    props: true,
  },
};

const CPU_MODEL_COMMANDS = ['query-cpu-definitions', 'query-cpu-model-expansion', 'query-cpu-model-comparison', 'query-cpu-model-baseline'];

// ---------------------------------------------------------------------------
// Output helpers

/** JSON as Python's json.dumps(v, indent=1) writes it (ASCII only), plus a newline. */
export function dumpJson(v: unknown): string {
  return toJsonText(v, 1).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) + '\n';
}

/** One line as Python's json.dumps(v) writes it (", " and ": " separators). */
export function pyLine(v: unknown): string {
  if (v === null || typeof v !== 'object') return toJsonText(v);
  if (Array.isArray(v)) return '[' + v.map(pyLine).join(', ') + ']';
  return '{' + Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}: ${pyLine(x)}`).join(', ') + '}';
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The reply without the echoed "id" (stored replies are id-free, as in the reference). */
function stripId(msg: unknown): Json {
  if (!isObject(msg)) return msg as Json;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(msg)) if (k !== 'id') out[k] = v;
  return out;
}

function isError(reply: unknown): boolean {
  return isObject(reply) && 'error' in reply;
}


// ---------------------------------------------------------------------------
// The bad-input cases of ../shared/reference/qemu-7.2/s390x/errors.json, with
// z14 / z13 / vx replaced by the architecture's modelA / modelB / feature.

export interface ErrorCase {
  case: string;
  description: string;
  lines: string[];
}

export function errorCases(cfg: Pick<ArchConfig, 'modelA' | 'modelB' | 'feature'>): ErrorCase[] {
  const A = cfg.modelA;
  const B = cfg.modelB;
  const F = cfg.feature;
  const exp = (args: unknown) => pyLine({ execute: 'query-cpu-model-expansion', arguments: args });
  const c = (name: string, description: string, ...lines: string[]): ErrorCase => ({ case: name, description, lines });
  return [
    c('expansion-unknown-model', 'model name that does not exist', exp({ type: 'static', model: { name: 'no-such-cpu' } })),
    c('expansion-unknown-model-full', 'unknown model name, type full', exp({ type: 'full', model: { name: 'no-such-cpu' } })),
    c('expansion-unknown-property', 'props with a property name that does not exist', exp({ type: 'static', model: { name: A, props: { 'no-such-feature': true } } })),
    c('expansion-property-wrong-type', 'boolean feature given as a string', exp({ type: 'static', model: { name: A, props: { [F]: 'yes' } } })),
    c('expansion-property-int-for-bool', 'boolean feature given as an integer', exp({ type: 'full', model: { name: A, props: { [F]: 1 } } })),
    c('expansion-props-not-object', 'props is a list, not an object', exp({ type: 'static', model: { name: A, props: [F] } })),
    c('expansion-name-not-string', 'model name is a number', exp({ type: 'static', model: { name: 42 } })),
    c('expansion-empty-name', 'model name is the empty string', exp({ type: 'static', model: { name: '' } })),
    c('expansion-huge-name', 'model name of 10,000 characters', exp({ type: 'static', model: { name: 'z'.repeat(10_000) } })),
    c('expansion-missing-arguments', "no 'arguments' member at all", pyLine({ execute: 'query-cpu-model-expansion' })),
    c('expansion-missing-model', "arguments without 'model'", exp({ type: 'static' })),
    c('expansion-missing-type', "arguments without 'type'", exp({ model: { name: A } })),
    c('expansion-bogus-type', 'type is not static/full', exp({ type: 'bogus', model: { name: A } })),
    c('expansion-extra-argument', 'an argument the command does not take', exp({ type: 'static', model: { name: A }, bogus: 1 })),
    c('comparison-missing-modela', "comparison without 'modela'", pyLine({ execute: 'query-cpu-model-comparison', arguments: { modelb: { name: B } } })),
    c(
      'comparison-unknown-model',
      'comparison with an unknown modela',
      pyLine({ execute: 'query-cpu-model-comparison', arguments: { modela: { name: 'no-such-cpu' }, modelb: { name: B } } }),
    ),
    c(
      'comparison-property-wrong-type',
      'comparison with a string-valued boolean property',
      pyLine({ execute: 'query-cpu-model-comparison', arguments: { modela: { name: A, props: { [F]: 'off' } }, modelb: { name: B } } }),
    ),
    c('baseline-missing-modelb', "baseline without 'modelb'", pyLine({ execute: 'query-cpu-model-baseline', arguments: { modela: { name: A } } })),
    c(
      'baseline-unknown-property',
      'baseline with an unknown property',
      pyLine({ execute: 'query-cpu-model-baseline', arguments: { modela: { name: A }, modelb: { name: B, props: { 'no-such-feature': false } } } }),
    ),
    c('unknown-command', 'command name that does not exist', pyLine({ execute: 'no-such-command' })),
    c('definitions-extra-argument', 'query-cpu-definitions takes no arguments', pyLine({ execute: 'query-cpu-definitions', arguments: { foo: 1 } })),
    c('malformed-json-trailing-comma', 'syntactically invalid JSON (trailing comma)', '{"execute": "query-cpu-definitions",}'),
    c('malformed-json-bare-words', 'a line of bare words (one error per token)', 'not json at all'),
    c('execute-not-string', "'execute' is a number", pyLine({ execute: 42 })),
    c('missing-execute', "object without 'execute'", pyLine({ arguments: {} })),
    c('arguments-not-object', "'arguments' is a list", pyLine({ execute: 'query-cpu-definitions', arguments: [] })),
    c('unknown-top-level-member', 'extra member next to execute/arguments', pyLine({ execute: 'query-cpu-definitions', bogus: 1 })),
    c('top-level-array', 'a JSON array instead of an object', '[1, 2]'),
    c('single-quoted-strings', "QEMU's JSON parser accepts single-quoted strings (not an error)", "{'execute': 'query-version'}"),
    c('object-split-over-lines', 'one object sent as two lines: QMP is a JSON stream, not line-based', '{"execute":', '"query-version"}'),
    c(
      'expansion-qom-property-realized',
      "props may name any QOM property of the CPU object, e.g. 'realized'",
      exp({ type: 'static', model: { name: A, props: { realized: true } } }),
    ),
  ];
}

// ---------------------------------------------------------------------------
// Capture

interface QemuInfo {
  version: string;
  package: string;
  accel: string;
  machine: string;
  argv: string[];
  debian_package: string | null;
  debian_version: string | null;
  version_output: string;
}

interface FileEntry {
  [k: string]: Json;
}

function which(binary: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, binary))) return join(dir, binary);
  }
  return null;
}

function tryExec(cmd: string, args: string[]): string | null {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
  } catch {
    return null;
  }
}

function debianInfo(binary: string): { pkg: string | null; version: string | null } {
  const path = which(binary);
  if (!path) return { pkg: null, version: null };
  const owner = tryExec('dpkg', ['-S', path]) ?? tryExec('dpkg', ['-S', path.replace(/^\/usr/, '')]);
  const pkg = owner ? (owner.split(':')[0]?.trim() ?? null) : null;
  const version = pkg ? tryExec('dpkg-query', ['-W', '-f=${Version}', pkg])?.trim() || null : null;
  return { pkg, version };
}

class Capture {
  readonly files: Record<string, FileEntry> = {};
  constructor(
    readonly arch: string,
    readonly dir: string,
  ) {}

  write(name: string, text: string, entry: FileEntry): void {
    writeFileSync(join(this.dir, name), text);
    const buf = Buffer.from(text, 'utf8');
    this.files[name] = { ...entry, bytes: buf.length, sha256: createHash('sha256').update(buf).digest('hex') };
  }
}

async function exec(client: QmpClient, command: string, args?: Json): Promise<{ request: JsonObject; reply: Json }> {
  const request: JsonObject = { execute: command };
  if (args !== undefined) request.arguments = args;
  const reply = stripId(await client.execute(command, args));
  return { request, reply };
}

/** Send raw lines, then a synchronising query-version, and collect every reply before the sync's. */
async function sendRaw(client: QmpClient, lines: string[], syncId: string): Promise<Json[]> {
  await client.executeRaw(lines.map((l) => l + '\n').join(''));
  await client.executeRaw(JSON.stringify({ execute: 'query-version', id: syncId }) + '\n');
  const replies: Json[] = [];
  for (;;) {
    const msg = await client.receive(30_000);
    if (isObject(msg) && msg.id === syncId) return replies;
    replies.push(msg as Json);
  }
}

function parseStrict(text: string): Json {
  try {
    return parseJsonExact(text) as Json;
  } catch {
    return null;
  }
}

function helpModels(cfg: ArchConfig, helpText: string): string[] {
  const st = { inList: false };
  const out: string[] = [];
  for (const line of helpText.split('\n')) {
    const m = cfg.helpModel(line, st);
    if (m !== null) out.push(m);
  }
  return out;
}

function randomPropsCases(
  rand: () => number,
  fullExpansions: { model: string; props: Record<string, Json> }[],
): { model: string; props: Record<string, boolean> }[] {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const boolNames = (props: Record<string, Json>) =>
    Object.entries(props)
      .filter(([, v]) => typeof v === 'boolean')
      .map(([k]) => k)
      .sort();
  const candidates = fullExpansions.filter((e) => boolNames(e.props).length > 0);
  const allNames = [...new Set(candidates.flatMap((e) => boolNames(e.props)))].sort();
  const cases: { model: string; props: Record<string, boolean> }[] = [];
  if (!candidates.length) return cases;
  const weights = candidates.map((e) => boolNames(e.props).length);
  const total = weights.reduce((a, b) => a + b, 0);
  const pickModel = () => {
    let r = rand() * total;
    for (const [i, w] of weights.entries()) {
      if (r < w) return candidates[i]!;
      r -= w;
    }
    return candidates[candidates.length - 1]!;
  };
  for (let i = 0; i < PROPS_CASES; i++) {
    const e = pickModel();
    const own = boolNames(e.props);
    const on = own.filter((k) => e.props[k] === true);
    const n = 1 + Math.floor(rand() * 4);
    const props: Record<string, boolean> = {};
    for (let j = 0; j < n; j++) {
      if (on.length && rand() < 0.5) props[pick(on)] = false;
      else props[pick(rand() < 0.8 ? own : allNames)] = rand() < 0.5;
    }
    cases.push({ model: e.model, props });
  }
  return cases;
}

export const PROPS_GENERATOR =
  'mulberry32(seed) (src/core/prng.ts) in tools/capture-qemu.ts (randomPropsCases): a model is drawn among those whose full expansion has boolean props, weighted by how many it has; ' +
  '1-4 props per case; each prop is, with p=0.5, a prop the model\'s full expansion has true, set false; otherwise, with p=0.8 one of the model\'s own props and ' +
  'with p=0.2 any name seen in a full expansion (possibly unknown to this model), with a uniform true/false value; a repeated name keeps the last value';

export async function captureArch(arch: string, outRoot: string, machineOverride?: string): Promise<void> {
  const cfg = ARCHES[arch];
  if (!cfg) throw new Error(`unknown arch '${arch}' (known: ${Object.keys(ARCHES).join(', ')})`);
  const machine = machineOverride ?? cfg.machine;
  const dir = join(outRoot, arch);
  mkdirSync(dir, { recursive: true });
  const cap = new Capture(arch, dir);

  const versionOutput = (tryExec(cfg.binary, ['--version']) ?? '').split('\n')[0]?.trim() ?? '';
  const deb = debianInfo(cfg.binary);
  const helpText = tryExec(cfg.binary, ['-cpu', 'help']);
  if (helpText === null) throw new Error(`${cfg.binary} -cpu help failed (is ${cfg.binary} installed?)`);

  const started = Date.now();
  const log = (msg: string) => console.error(`[${arch} +${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);
  let q: SpawnedQemu | null = null;
  try {
    q = await spawnQemu(cfg.binary, { machine, commandTimeoutMs: 60_000 });
    const client = q.client;
    log(`started ${cfg.binary} (pid ${q.pid})`);

    // greeting
    const greeting = client.greeting as JsonObject;
    const gv = ((greeting.QMP as JsonObject)?.version ?? {}) as JsonObject;
    const gq = (gv.qemu ?? {}) as JsonObject;
    const qemu: QemuInfo = {
      version: `${gq.major}.${gq.minor}.${gq.micro}`,
      package: String(gv.package ?? ''),
      accel: 'tcg',
      machine,
      argv: [cfg.binary, '-machine', machine, '-nodefaults', '-display', 'none', '-accel', 'tcg', '-S', '-qmp', 'unix:SOCK,server=on,wait=off'],
      debian_package: deb.pkg,
      debian_version: deb.version,
      version_output: versionOutput,
    };
    const header = (command: string | null, description: string): JsonObject => ({
      format: FORMAT,
      arch,
      qemu: qemu as unknown as JsonObject,
      command,
      description,
    });
    cap.write('greeting.json', dumpJson(greeting), { records: 1 });

    // commands
    const qc = await client.execute('query-commands');
    const commands = ((isObject(qc) && Array.isArray(qc.return) ? qc.return : []) as JsonObject[]).map((c) => String(c.name)).sort();
    const cpuModelCommands: JsonObject = {};
    for (const c of CPU_MODEL_COMMANDS) cpuModelCommands[c] = commands.includes(c);
    const pair: JsonObject = { modela: { name: cfg.modelA }, modelb: { name: cfg.modelB } };
    const probes = [await exec(client, 'query-cpu-model-comparison', pair), await exec(client, 'query-cpu-model-baseline', pair)];
    cap.write(
      'commands.json',
      dumpJson({
        ...header(
          'query-commands',
          'QMP commands this binary offers, whether each CPU-model command exists, and one valid call of comparison and baseline (CommandNotFound where not implemented).',
        ),
        cpu_model_commands: cpuModelCommands,
        probes,
        commands,
      }),
      { records: commands.length, unit: 'command names', probes: probes.length },
    );

    // definitions and -cpu help
    const defsReply = stripId(await client.execute('query-cpu-definitions'));
    const defs = (isObject(defsReply) && Array.isArray(defsReply.return) ? defsReply.return : []) as JsonObject[];
    cap.write('cpu-definitions.json', dumpJson(defsReply), { records: defs.length });
    const helpOrder = helpModels(cfg, helpText);
    cap.write('cpu-help.txt', helpText, { records: helpOrder.length, unit: 'model lines' });
    const defNames = defs.map((d) => String(d.name));
    const defSet = new Set(defNames);
    const seen = new Set<string>();
    const models: string[] = [];
    for (const m of [...helpOrder, ...defNames]) {
      if (defSet.has(m) && !seen.has(m)) {
        seen.add(m);
        models.push(m);
      }
    }
    log(`${defs.length} definitions, ${helpOrder.length} -cpu help model lines`);

    // expansions
    const expansions: JsonObject[] = [];
    const full: { model: string; props: Record<string, Json> }[] = [];
    for (const model of models) {
      for (const type of ['static', 'full']) {
        const { request, reply } = await exec(client, 'query-cpu-model-expansion', { type, model: { name: model } });
        expansions.push({ model, type, request, reply });
        if (type === 'full' && isObject(reply) && isObject(reply.return)) {
          const m = reply.return.model;
          full.push({ model, props: isObject(m) && isObject(m.props) ? m.props : {} });
        }
      }
    }
    cap.write(
      'expansions.json',
      dumpJson({
        ...header('query-cpu-model-expansion', 'Static and full expansion of every model listed by query-cpu-definitions (order of `-cpu help`).'),
        records: expansions,
      }),
      { records: expansions.length, errors: expansions.filter((r) => isError(r.reply)).length },
    );
    log(`${expansions.length} expansions`);

    // seeded random props cases (full expansion only)
    if (cfg.props) {
      const cases = randomPropsCases(mulberry32(SEED), full);
      const records: JsonObject[] = [];
      for (const [i, c] of cases.entries()) {
        const { request, reply } = await exec(client, 'query-cpu-model-expansion', { type: 'full', model: { name: c.model, props: c.props } });
        records.push({ case: i, type: 'full', request, reply });
      }
      cap.write(
        'expansions-props.json',
        dumpJson({
          ...header('query-cpu-model-expansion', 'Seeded random expansion cases with props (type full only: the only type this target supports).'),
          seed: SEED,
          generator: PROPS_GENERATOR,
          records,
        }),
        { records: records.length, cases: cases.length, errors: records.filter((r) => isError(r.reply)).length },
      );
      log(`${records.length} props cases`);
    }

    // errors
    const errRecords: JsonObject[] = [];
    for (const [i, ec] of errorCases(cfg).entries()) {
      const replies = await sendRaw(client, ec.lines, `__capture_sync_${i}`);
      errRecords.push({ case: ec.case, description: ec.description, lines: ec.lines, request: parseStrict(ec.lines.join('\n')), replies });
    }
    cap.write(
      'errors.json',
      dumpJson({ ...header(null, 'Bad or unusual inputs: exact lines sent and every reply they produced.'), records: errRecords }),
      { records: errRecords.length },
    );
    log(`${errRecords.length} error cases`);

    const eventsSkipped = client.events.length;
    await q.stop();
    q = null;

    const sortedFiles: Record<string, FileEntry> = {};
    for (const k of Object.keys(cap.files).sort()) sortedFiles[k] = cap.files[k]!;
    const manifest = {
      format: FORMAT,
      script: SCRIPT,
      seed: SEED,
      arches: { [arch]: { qemu, files: sortedFiles, events_skipped: eventsSkipped } },
    };
    writeFileSync(join(dir, 'manifest.json'), dumpJson(manifest));
    log(`wrote ${dir}`);
  } finally {
    if (q) await q.stop();
  }
}

function usage(): never {
  console.error('usage: node dist/tools/capture-qemu.js --arch ppc64|aarch64|s390x|x86_64 [--arch ...] [--out DIR] [--machine MACHINE]');
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  const arches: string[] = [];
  let out: string | undefined;
  let machine: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = () => argv[++i] ?? usage();
    if (a === '--arch') arches.push(...val().split(','));
    else if (a.startsWith('--arch=')) arches.push(...a.slice(7).split(','));
    else if (a === '--out') out = val();
    else if (a.startsWith('--out=')) out = a.slice(6);
    else if (a === '--machine') machine = val();
    else if (a.startsWith('--machine=')) machine = a.slice(10);
    else if (a === '-h' || a === '--help') usage();
    else usage();
  }
  if (!arches.length) usage();
  for (const a of arches) if (!ARCHES[a]) usage();
  const outRoot = resolve(out ?? join(findRepoRoot(), 'test', 'fixtures', 'qemu-7.2'));
  for (const a of arches) await captureArch(a, outRoot, machine);
}

const invoked = process.argv[1] ?? '';
if (/capture-qemu\.(js|ts)$/.test(invoked)) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
