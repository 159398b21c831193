/**
 * The one-shot answers (models, expand, compare of two models, s390x
 * identify) and the way every command reports an error, without commander.
 *
 * main.ts's commander actions call these same functions. bin/cpumodels.js
 * runs them straight from argv (runFast) when the arguments are plainly
 * well-formed, from pre-bundled files (dist/oneshot.ARCH.cjs and
 * dist/oneshot.cjs, built by tools/build-oneshot.mjs); anything else (help,
 * usage errors, other forms, other commands) goes to commander, so that every
 * message stays commander's. oneshot.test.ts and
 * test/adapters/launcher.test.ts check that both paths answer alike.
 */
import { statSync } from 'node:fs';
import { writeDirectly, writeOut } from './direct-output.js';
export { wroteViaStream } from './direct-output.js';
import type { CpuDefinitionInfo, CpuDriver, ModelInfo } from '../../core/driver.js';
import { CpuModelException, describeError, exitCodeOf, unwrap, type CpuModelError, type Result } from '../../core/errors.js';
import { ARCHES, loadDriver, type DriverHost } from '../../arch/arches.js';
import { withOtherArchHint } from '../../arch/model-names.js';
import { isHostDocumentText } from '../../core/host-text.js';
import type { HostDoc } from '../../host/doc.js';
import { checkProfile, DEFAULT_PROFILE } from '../../core/profile.js';
import { ModelSpecError, parseModelSpec } from '../../core/modelspec.js';
import { LibvirtXmlError } from '../../core/libvirt-model.js';
import { InputError, readInput } from './input.js';
import type { HostFacts } from './host-facts.js';
import { formatModels, print, printJson } from './models-format.js';
import { table } from './table.js';
import { printIdentity } from './identify-format.js';
import { printComparison } from './compare-format.js';
import { errorLine, UsageError } from './error-line.js';
import { PRECOMPUTED_DEFINITIONS } from './precomputed-definitions.js';

export { PRECOMPUTED_DEFINITIONS };

export { formatModels, print, printJson };

export { UsageError };

export interface Common {
  arch?: string;
  accel?: string;
  host?: string;
  profile?: string;
  json?: boolean;
}

/** The architecture, accelerator and host a command works with: what the user said, else this machine's. */
export interface Resolved {
  arch: string;
  accel: string;
  host?: string;
  /** how a default was chosen, for people (serve prints it) */
  notes: string[];
}

/**
 * Defaults from this host: --arch is this machine's architecture; --accel is
 * kvm when /dev/kvm can be opened (and the architecture is this machine's),
 * else tcg; under KVM without --host the host is this machine (/proc/cpuinfo).
 */
export function resolveCommon(o: Pick<Common, 'arch' | 'accel' | 'host'>, facts: HostFacts): Resolved {
  const notes: string[] = [];
  const here = facts.arch();
  let arch = o.arch;
  if (arch === undefined) {
    if (!(ARCHES as readonly string[]).includes(here)) {
      throw new UsageError(`this machine is ${here}, an architecture cpumodels does not know: pass --arch (one of ${ARCHES.join(', ')})`);
    }
    arch = here;
  }
  let accel = o.accel;
  if (accel === undefined) {
    accel = arch === here && facts.kvm() ? 'kvm' : 'tcg';
    notes.push(accel === 'kvm' ? '/dev/kvm can be opened: KVM' : arch === here ? 'no usable /dev/kvm: TCG' : `${arch} is not this machine's architecture (${here}): TCG`);
  }
  let host = o.host;
  if (host === undefined && accel === 'kvm' && arch === here) {
    host = facts.hostFile();
    if (host === undefined) throw new UsageError('KVM needs a host capability and this machine has no /proc/cpuinfo: pass --host FILE or --accel tcg');
    notes.push(`host: ${host}`);
  }
  return { arch, accel, ...(host !== undefined ? { host } : {}), notes };
}

export function readHostFile(path: string): { text: string; origin: string } {
  return { text: readInput(path, 'host file'), origin: path };
}

/** The host-document reader (host/read.ts readHostDoc): main.ts installs it; the one-shot bundles leave such files to the full CLI. */
type HostDocReader = (text: string, origin: string) => Promise<Result<HostDoc>>;
let hostDocReader: HostDocReader | undefined;
export function useHostDocReader(read: HostDocReader): void {
  hostDocReader = read;
}

/**
 * The host a driver-based command (models, expand, compare, features, qmp,
 * serve) is given with --host FILE: an architecture's own text as it is (its
 * driver reads it, with the reader the host documents are made with), any
 * other format through the one host-document reader — so that --host reads
 * every format `probe` reads.
 */
export async function driverHost(file: string): Promise<DriverHost> {
  const src = readHostFile(file);
  if (!isHostDocumentText(src.text)) return src;
  if (!hostDocReader) throw new UsageError(`${file}: a host document or libvirt XML is read by the full CLI only`);
  return { ...src, doc: unwrap(await hostDocReader(src.text, src.origin)) };
}

export async function driverFor(o: Common, r: Resolved): Promise<CpuDriver> {
  const host = r.host ? await driverHost(r.host) : undefined;
  return unwrap(await loadDriver({ arch: r.arch, accel: r.accel, ...(o.profile ? { profile: o.profile } : {}), ...(host ? { host } : {}) }));
}

export function spec(s: string): ModelInfo {
  try {
    return parseModelSpec(s);
  } catch (e) {
    if (e instanceof ModelSpecError) throw new UsageError(e.message);
    throw e;
  }
}

export function propsLine(props: Record<string, unknown> | undefined): string {
  if (!props) return '(no changes)';
  // one pass over the props (an expansion has ~300): `+name` for true, `-name` for false, each kind sorted
  const on: string[] = [];
  const off: string[] = [];
  for (const k of Object.keys(props)) {
    const v = props[k];
    if (v === true) on.push(`+${k}`);
    else if (v === false) off.push(`-${k}`);
  }
  return [...on.sort(), ...off.sort()].join(' ');
}

export function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** `models` (not --hypervisor): the catalog's models and their runnability. */
export async function cmdModels(d: CpuDriver, o: { json?: boolean }): Promise<void> {
  // the table only reads the list: the driver's own, not a copy, when it has one
  formatModels(d.definitionsShared?.() ?? d.definitions(), o);
}

/** `expand MODEL`. */
export async function cmdExpand(d: CpuDriver, model: string, o: { type: 'static' | 'full'; json?: boolean }): Promise<void> {
  const r = unwrap(await withOtherArchHint(d.expand(o.type, spec(model)), d.arch));
  if (o.json) return printJson(r);
  const resolved = unwrap(d.resolve(spec(model)));
  const { signature } = await import('../../core/signature.js');
  for (const w of d.dependencyWarnings?.(resolved.features) ?? []) writeOut(2, `warning: ${w}\n`);
  print(`${r.model.name}  ${propsLine(r.model.props)}`);
  print(`signature: ${signature(d.catalog, resolved.features)}  (${resolved.features.count()} features)`);
}

/** `compare A B` of two model specs (not of two libvirt files). */
export async function cmdCompareModels(d: CpuDriver, a: string, b: string, o: { json?: boolean }): Promise<void> {
  printComparison(a, b, unwrap(await withOtherArchHint(d.compare(spec(a), spec(b)), d.arch)), o);
}

/** `s390x identify`. */
export async function cmdIdentify(o: { type?: string; ga: string; model?: string; profile: string; json?: boolean }): Promise<void> {
  const { s390Catalog } = await import('../../arch/s390x/catalog.js');
  const { identifyByModel, identifyByType } = await import('../../arch/s390x/identity.js');
  const cat = s390Catalog(unwrap(checkProfile(o.profile)));
  let id;
  if (o.model) id = unwrap(identifyByModel(cat, o.model));
  else if (o.type) id = unwrap(identifyByType(cat, o.type, o.ga));
  else throw new UsageError('identify needs --model NAME or --type TYPE [--ga N]');
  printIdentity(id, { byModel: !!o.model, ...(o.json ? { json: true } : {}) });
}

/** One line, whatever the message quotes from the input. */
/** How a command's failure (other than commander's own) is told: one line on stderr (error-line.ts), and the exit code. */
export function reportError(e: unknown): void {
  const r = errorLine(e);
  writeOut(2, r.text);
  process.exitCode = r.exitCode;
}

// ---- the fast path: argv of the plain forms, read without commander ----

type Opts = Record<string, string | true>;

/** Each fast command: its name words, how many operands, its options (true: takes a value). */
const COMMON_OPTS: Record<string, boolean> = { '--arch': true, '--accel': true, '--host': true, '--profile': true, '--json': false };
const FAST: { words: string[]; operands: number; opts: Record<string, boolean> }[] = [
  { words: ['models'], operands: 0, opts: COMMON_OPTS },
  { words: ['expand'], operands: 1, opts: { ...COMMON_OPTS, '--type': true } },
  { words: ['compare'], operands: 2, opts: { ...COMMON_OPTS, '--libvirt': true } },
  { words: ['s390x', 'identify'], operands: 0, opts: { '--type': true, '--ga': true, '--model': true, '--profile': true, '--json': false } },
];

/**
 * The command, operands and options of argv (without node and script) when
 * it is one of the plain forms commander would take as they are: known
 * options each at most once, separate values not starting with '-', the
 * right number of operands. Anything else is undefined (commander decides).
 */
export function parseFast(args: readonly string[]): { cmd: string; operands: string[]; opts: Opts } | undefined {
  const f = FAST.find((c) => c.words.every((w, i) => args[i] === w));
  if (!f) return undefined;
  const operands: string[] = [];
  const opts: Opts = {};
  for (let i = f.words.length; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-')) {
      const takes = f.opts[a];
      if (takes === undefined || a in opts) return undefined;
      if (takes) {
        const v = args[++i];
        if (v === undefined || v.startsWith('-')) return undefined;
        opts[a] = v;
      } else opts[a] = true;
    } else operands.push(a);
  }
  if (operands.length !== f.operands) return undefined;
  if (f.words[0] === 'expand' && opts['--type'] !== undefined && opts['--type'] !== 'static' && opts['--type'] !== 'full') return undefined;
  if (f.words[0] === 'compare' && isFile(operands[0]!) && isFile(operands[1]!)) return undefined; // libvirt files: commander's path
  return { cmd: f.words.join(' '), operands, opts };
}

const str = (v: string | true | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** Whether a --host file is a document only the full CLI reads (a file that cannot be read: no, its error is told as always). */
function hostIsDocument(file: string): boolean {
  try {
    return isHostDocumentText(readHostFile(file).text);
  } catch {
    return false;
  }
}

/**
 * Answers argv (without node and script) when parseFast takes it, as the
 * commander CLI would; false when it does not (nothing was done). With
 * directOutput, the answer is written to the file descriptors (direct-output.ts).
 */
export async function runFast(args: readonly string[], facts?: HostFacts, directOutput = false): Promise<boolean> {
  const p = parseFast(args);
  if (!p) return false;
  // a host document or libvirt XML as --host: the full CLI reads it (host/read.ts is not in the bundles)
  const hostArg = str(p.opts['--host']);
  if (hostArg !== undefined && !hostDocReader && hostIsDocument(hostArg)) return false;
  if (directOutput) writeDirectly();
  const json = p.opts['--json'] === true ? { json: true } : {};
  try {
    if (p.cmd === 's390x identify') {
      const type = str(p.opts['--type']);
      const model = str(p.opts['--model']);
      await cmdIdentify({ ga: str(p.opts['--ga']) ?? '1', profile: str(p.opts['--profile']) ?? 'latest', ...(type !== undefined ? { type } : {}), ...(model !== undefined ? { model } : {}), ...json });
      return true;
    }
    const o: Common = { profile: str(p.opts['--profile']) ?? DEFAULT_PROFILE, ...json };
    for (const k of ['arch', 'accel', 'host'] as const) {
      const v = str(p.opts[`--${k}`]);
      if (v !== undefined) o[k] = v;
    }
    // a host file may be libvirt XML: its reader is the libvirt adapter's (loaded only then)
    if (o.host !== undefined) (await import('../libvirt/formats.js')).useLibvirtAdapter();
    // this machine's facts (and node:os) are loaded only by the commands that default from them, not by `s390x identify`
    const r = resolveCommon(o, facts ?? (await import('./host-facts.js')).detectHostFacts());
    // `models` under TCG without a host reads the same definitions table every time: the bundle may carry it (data; the answer is formatted here)
    const pre = p.cmd === 'models' && r.accel === 'tcg' && r.host === undefined ? PRECOMPUTED_DEFINITIONS?.[`${r.arch} ${o.profile}`] : undefined;
    if (pre) {
      formatModels(pre, o);
      return true;
    }
    const d = await driverFor(o, r);
    if (p.cmd === 'models') await cmdModels(d, o);
    else if (p.cmd === 'expand') await cmdExpand(d, p.operands[0]!, { type: (str(p.opts['--type']) ?? 'static') as 'static' | 'full', ...json });
    else await cmdCompareModels(d, p.operands[0]!, p.operands[1]!, o);
  } catch (e) {
    reportError(e);
  }
  return true;
}
