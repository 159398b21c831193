/**
 * The management commands, CLI-shaped: each reads its files, calls the pure
 * core (fleet/fleet.ts, fleet/migrate.ts) and returns what to print and the
 * exit status. The lead wires them into the CLI.
 *
 *   cmdBaselineHosts(paths, {json})          baseline --hosts: exit 0, 1 when no host's CPU is known (status unknown), 2 on error
 *   cmdPlacement(guest, hostPaths, {json})   exit 0 when some host fits, 1 when none, 2 on error
 *   cmdMigrateCheck({guest, target, source}) exit 0 ok / ok-with-changes, 1 refused or unknown, 2 error
 *
 * Host inputs are files or directories (walked recursively, in name order:
 * the regular files — symlinks followed — named *.json, *.ndjson, *.xml,
 * *.txt; other entries, FIFOs and sockets among them, are not host files). A
 * file may hold a host document, a JSON array or NDJSON of them, or any host
 * description the one host reader reads (host/read.ts).
 *
 * A bad host file — one that cannot be read (permissions, a dangling link),
 * that the input gate refuses (empty, binary, a DTD, oversized), malformed
 * JSON or XML, or no host description — stops the command with an error
 * naming the file and the reason (exit 2): a fleet answer that silently left
 * a host out would be wrong for that host (a baseline it was not counted in,
 * a placement that never judged it), and virsh refuses a file it cannot read
 * likewise. With --skip-bad (ReadText.skipBad) a bad file found in a folder
 * is skipped instead, with a warning naming it and the reason; a file named
 * on the command line is always an error, and so is a bad line of an NDJSON
 * file (the hosts of the lines before it are in already).
 * A guest is a file (libvirt domain or <cpu>, QMP model JSON, the reply of
 * query-cpu-model, a host document) or a -cpu style spec (`z14,vx=off`).
 */
import { toJsonText } from '../core/qmp-json.js';
import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { InputError, openInput, type InputLines, type InputText } from './input.js';
import path from 'node:path';
import { describeError, exitCodeOf, fail, ok, type CpuModelError, type ErrorCode, type Result } from '../core/errors.js';
import { readHostDocs } from '../host/read.js';
import type { HostDoc } from '../host/doc.js';
import { HostLineReader } from '../host/compact.js';
import { ModelSpecError, parseModelSpec } from '../core/modelspec.js';
import { checkPageOptions, placementPage, type PageClass, type PageOptions, type PlacementPage } from './placement-page.js';
import { FleetBuilder, fleetBaseline, listSome, parseGuest, placement, type Fleet, type FleetBaseline, type GuestInput, type HostInput, type KnownFleetBaseline, type Placement, type UnknownFleetBaseline } from './fleet.js';
import { migrateCheck, type MigrateVerdict } from './migrate.js';
import { leanFleetBaseline } from './baseline-lean.js';

export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const HOST_EXTS = new Set(['.json', '.ndjson', '.xml', '.txt']);

function errorText(e: CpuModelError): string {
  return `error: ${describeError(e)}\n`;
}

/** A failure, with the error catalog's exit code (2 bad input; 1 for a "no": CPUs with no common baseline, as `baseline FILE`). */
const failed = (e: CpuModelError, warnings: string[] = []): CommandOutput => ({ stdout: '', stderr: warnings.join('') + errorText(e), exitCode: exitCodeOf(e) });

function bad(message: string, value?: string, code: ErrorCode = 'bad-host-data'): Result<never> {
  return fail({ code, message, ...(value !== undefined ? { value } : {}) });
}

/** Files to read: files as given, directories walked recursively (sorted) for their host files. */
function listFiles(p: string, out: { file: string; named: boolean }[]): Result<void> {
  let st;
  try {
    st = statSync(p);
  } catch {
    return fail({ code: 'no-such-file', message: `${p}: no such file or directory`, value: p });
  }
  if (!st.isDirectory()) {
    out.push({ file: p, named: true });
    return ok(undefined);
  }
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (HOST_EXTS.has(path.extname(e.name).toLowerCase()) && isHostFileEntry(e, full)) out.push({ file: full, named: false });
    }
  };
  walk(p);
  return ok(undefined);
}

/**
 * Whether a folder entry with a host file's name is a host file: a regular
 * file, or a link to one — or a link that cannot be followed (a host file
 * that cannot be read, told as such). A FIFO, socket or device is none (a
 * FIFO would block the walk).
 */
function isHostFileEntry(e: Dirent, full: string): boolean {
  if (e.isFile()) return true;
  if (!e.isSymbolicLink()) return false;
  try {
    return statSync(full).isFile();
  } catch {
    return true;
  }
}

/** One file's host documents (several for a JSON array or NDJSON), or an error naming the file: the one reader (host/read.ts). */
export const readHostText = (text: string, file: string): Result<HostDoc[]> => readHostDocs(text, file);

export interface HostFiles {
  inputs: HostInput[];
  warnings: string[];
}

/**
 * How a command reads a file: its text, or an NDJSON file's lines (the CLI
 * hands back what its input gate opened and checked already), and what it
 * does with a bad host file found in a folder (skipBad: skip it with a
 * warning, --skip-bad; else stop with the error).
 */
export interface ReadText {
  (file: string): InputText;
  skipBad?: boolean;
}
/** Files through the input gate: NDJSON as its lines, read in chunks (checked as read); anything else whole. */
const readChecked: ReadText = (file) => openInput(file, { what: 'host file' });

/** A reader that skips bad host files found in folders (--skip-bad), with a warning each. */
export function skippingBad(read: ReadText = readChecked): ReadText {
  return Object.assign((file: string) => read(file), { skipBad: true });
}

/** Why a file could not be read, as an error naming it: the gate's sentence, or the system's. */
function unreadable(file: string, e: unknown): CpuModelError {
  if (e instanceof InputError) return { code: 'io-error', message: e.message, value: file };
  const code = (e as NodeJS.ErrnoException).code;
  return { code: code === 'ENOENT' ? 'no-such-file' : 'io-error', message: `cannot read host file '${file}': ${code ?? (e as Error).message}`, value: file };
}

/**
 * The host documents of an NDJSON file's lines, each handed to `visit` as
 * it is read (memory stays bounded by the longest line, not the file), as
 * `file[i]` (i from 0), as readHostText's documents of the whole text are.
 * Stops at the first error, naming the file and line.
 */
export function visitHostLines(lines: InputLines, file: string, visit: (doc: HostDoc, label: string) => Result<unknown>): Result<number> {
  const reader = new HostLineReader(file);
  let err: Result<never> | undefined;
  lines.forEach((s, n) => {
    const d = reader.line(s, n);
    if (!d) return true;
    if (!d.ok) {
      err = d;
      return false;
    }
    const label = `${file}[${reader.count - 1}]`;
    const v = visit(d.value, label);
    if (v.ok) return true;
    // what the caller found wrong with the host, told at its line as the reader's own errors are
    const m = v.error.message;
    err = m.startsWith(`${label}: `) ? fail({ ...v.error, message: `${file}:${n}: ${m.slice(label.length + 2)}` }) : v;
    return false;
  });
  if (err) return err;
  const e = reader.end();
  return e.ok ? ok(reader.count) : e;
}

/**
 * Every host description under the paths, each handed to `visit` as it is
 * read (as `file`, or `file[i]` for a file of several). A bad host file is an
 * error naming it and the reason; with read.skipBad one found in a folder is
 * skipped with a warning instead (see the head of this file).
 */
export function visitHostFiles(paths: readonly string[], visit: (input: Required<HostInput>) => Result<unknown>, read: ReadText = readChecked): Result<{ count: number; warnings: string[] }> {
  if (!paths.length) return fail({ code: 'missing-input', message: 'no host files given' });
  const files: { file: string; named: boolean }[] = [];
  for (const p of paths) {
    const r = listFiles(p, files);
    if (!r.ok) return r;
  }
  let count = 0;
  const warnings: string[] = [];
  let skipped = 0;
  /** A bad file: the error, or — --skip-bad, found in a folder — a warning and on to the next. */
  const bad = (named: boolean, file: string, e: CpuModelError): Result<never> | undefined => {
    if (named) return fail(e);
    // found in a folder: say how to go on without it
    if (!read.skipBad) return fail({ ...e, hint: `${e.hint ? `${e.hint}; or ` : ''}--skip-bad to skip bad files found in folders (with a warning each)` });
    warnings.push(`warning: ${describeError(e).replace(/\s*\n\s*/g, ' ')} — skipped (--skip-bad)\n`);
    skipped++;
    return undefined;
  };
  for (const { file, named } of files) {
    let text: InputText;
    try {
      text = read(file);
    } catch (e) {
      const stop = bad(named, file, unreadable(file, e));
      if (stop) return stop;
      continue;
    }
    if (typeof text !== 'string') {
      // a bad line (or the gate's refusal of a later chunk, thrown as the gate tells it) stops: the lines before are in
      const n = visitHostLines(text, file, (doc, label) => visit({ doc, file: label }));
      if (!n.ok) return n;
      count += n.value;
      continue;
    }
    const r = readHostText(text, file);
    if (!r.ok) {
      const stop = bad(named, file, r.error);
      if (stop) return stop;
      continue;
    }
    for (let i = 0; i < r.value.length; i++) {
      const v = visit({ doc: r.value[i]!, file: r.value.length === 1 ? file : `${file}[${i}]` });
      if (!v.ok) return v;
    }
    count += r.value.length;
  }
  if (!count) return fail({ code: 'missing-input', message: `no host descriptions found in ${paths.join(', ')}${skipped ? ` (${skipped} bad files skipped)` : ''}` });
  return ok({ count, warnings });
}

/** Read every host description under the paths. */
export function readHostFiles(paths: readonly string[], read: ReadText = readChecked): Result<HostFiles> {
  const inputs: HostInput[] = [];
  const r = visitHostFiles(paths, (i) => ok(inputs.push(i)), read);
  return r.ok ? ok({ inputs, warnings: r.value.warnings }) : r;
}

/** Read hosts and load them into a fleet, each host as it is read. */
export function loadFleetFiles(paths: readonly string[], read: ReadText = readChecked): Result<{ fleet: Fleet; warnings: string[] }> {
  const b = new FleetBuilder();
  const r = visitHostFiles(paths, (i) => b.add(i.doc, i.file), read);
  return r.ok ? ok({ fleet: b.fleet, warnings: r.value.warnings }) : r;
}

/** The one host document of a file (an NDJSON file's lines are read to count them). */
function readOneHost(file: string, read: ReadText = readChecked): Result<HostDoc> {
  let text: InputText;
  try {
    text = read(file);
  } catch (e) {
    if (e instanceof InputError) throw e;
    return fail({ code: 'no-such-file', message: `${file}: no such file`, value: file });
  }
  if (typeof text !== 'string') {
    let first: HostDoc | undefined;
    const n = visitHostLines(text, file, (doc) => ok((first ??= doc)));
    if (!n.ok) return n;
    if (n.value !== 1) return fail({ code: 'one-host-expected', message: `${file}: holds ${n.value} hosts; one is needed here`, value: file, hint: 'give a file of one host; a file of several goes to the commands that take a set of hosts: probe, baseline --hosts, placement --hosts' });
    return ok(first!);
  }
  const r = readHostText(text, file);
  if (!r.ok) return r;
  if (r.value.length !== 1) return fail({ code: 'one-host-expected', message: `${file}: holds ${r.value.length} hosts; one is needed here`, value: file, hint: 'give a file of one host; a file of several goes to the commands that take a set of hosts: probe, baseline --hosts, placement --hosts' });
  return ok(r.value[0]!);
}

/** A guest from a file, or from a -cpu style spec when no such file exists. */
export function readGuest(spec: string): Result<GuestInput> {
  if (existsSync(spec) && statSync(spec).isFile()) return parseGuest(readFileSync(spec, 'utf8'), spec);
  if (/[<{]/.test(spec)) return parseGuest(spec, 'guest');
  // libvirt's CPU modes by name (no QEMU model is called so on any architecture): <cpu mode='…'/>
  if (spec === 'host-model' || spec === 'host-passthrough' || spec === 'maximum') return parseGuest(`<cpu mode='${spec}'/>`, 'guest');
  try {
    return ok({ kind: 'qmp', model: parseModelSpec(spec), origin: spec });
  } catch (e) {
    if (e instanceof ModelSpecError) return fail({ code: 'bad-model-spec', message: e.message, value: spec });
    throw e;
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function jsonOut(v: unknown): string {
  return toJsonText(v, 2) + '\n';
}

// ---------------------------------------------------------------- baseline

export function formatBaseline(b: FleetBaseline): string {
  const lines: string[] = [];
  if (b.status === 'unknown') {
    lines.push(`baseline of ${plural(b.unknown.reduce((n, u) => n + u.hostCount, 0), 'host')} (${b.arch}): unknown (the CPU of no host is known)`);
  } else {
    lines.push(`baseline of ${plural(b.hostCount, 'host')} in ${plural(b.classCount, 'class', 'classes')} (${b.arch}): ${b.display}`);
    lines.push(`QMP: ${toJsonText(b.qmp)}`);
    lines.push('libvirt:');
    lines.push(b.libvirt.trimEnd());
    if (b.heldBackBy.length) {
      lines.push('held back by (what each class alone removes; fewest hosts first):');
      for (const h of b.heldBackBy) {
        const what = [...(h.type ? ['type (the only oldest generation)'] : []), ...h.features];
        lines.push(`  ${h.model}@${h.signature} (${plural(h.hostCount, 'host')}: ${listSome([...h.hosts], 3)}): ${listSome(what, 16)}`);
      }
    }
  }
  if (b.unknown?.length) {
    lines.push('could not contribute (the CPU is not known):');
    for (const u of b.unknown) lines.push(`  ${listSome([...u.hosts], 3)} (${plural(u.hostCount, 'host')}): ${u.why}`);
  }
  for (const n of b.notes) lines.push(`note: ${n}`);
  return lines.join('\n') + '\n';
}

/** A baseline as JSON answers give it: the libvirt <cpu> as XML text only. */
export function baselineJson(b: FleetBaseline): Omit<KnownFleetBaseline, 'libvirtCpu'> | UnknownFleetBaseline {
  if (b.status === 'unknown') return b;
  const { libvirtCpu: _omit, ...rest } = b;
  return rest;
}

export function cmdBaselineHosts(paths: string[], opts: { json?: boolean; read?: ReadText; lean?: boolean } = {}): CommandOutput {
  const read = opts.read ?? readChecked;
  // NDJSON files: first without a class object per class (fleet/baseline-lean.ts); anything else, or anything odd, the general way
  const again = new Set<string>();
  const lean =
    opts.lean === false
      ? undefined
      : leanFleetBaseline(
          paths,
          (file) => {
            const t = read(file);
            if (typeof t !== 'string') again.add(file);
            return t;
          },
        );
  if (lean) {
    if (!lean.ok) return failed(lean.error);
    const exitCode = lean.value.status === 'unknown' ? 1 : 0;
    return { stdout: opts.json ? jsonOut(baselineJson(lean.value)) : formatBaseline(lean.value), stderr: '', exitCode };
  }
  // the lines read already are read again (a regular file's, opened anew)
  const reread: ReadText = Object.assign((file: string) => (again.has(file) ? openInput(file, { what: 'host file' }) : read(file)), read.skipBad ? { skipBad: true } : {});
  const f = loadFleetFiles(paths, again.size ? reread : opts.read);
  if (!f.ok) return failed(f.error);
  const warn = f.value.warnings.join('');
  const b = fleetBaseline(f.value.fleet);
  if (!b.ok) return failed(b.error, f.value.warnings);
  // like placement and migrate-check: 1 when the answer cannot be known
  const exitCode = b.value.status === 'unknown' ? 1 : 0;
  return { stdout: opts.json ? jsonOut(baselineJson(b.value)) : formatBaseline(b.value), stderr: warn, exitCode };
}

// --------------------------------------------------------------- placement

export function formatPlacement(p: Placement): string {
  const lines: string[] = [];
  const classes = p.fit.length + p.misfit.length + (p.unknown?.length ?? 0);
  lines.push(`guest ${p.guest.display}: ${p.fitCount} of ${plural(p.hostCount, 'host')} (${p.fit.length} of ${plural(classes, 'class', 'classes')}) can run it`);
  if (p.fit.length) {
    lines.push('can run it:');
    for (const c of p.fit) lines.push(`  ${c.model}@${c.signature} (${plural(c.hostCount, 'host')}): ${listSome([...c.hosts], 5)}`);
  }
  if (p.misfit.length) {
    lines.push('cannot:');
    for (const c of p.misfit) lines.push(`  ${c.model}@${c.signature} (${plural(c.hostCount, 'host')}: ${listSome([...c.hosts], 3)}): ${listSome(c.reasons, 16)}`);
  }
  if (p.unknown?.length) {
    lines.push('unknown (neither fit nor unfit: the verdict needs the host CPU):');
    for (const u of p.unknown) lines.push(`  ${listSome([...u.hosts], 3)} (${plural(u.hostCount, 'host')}): ${u.why}`);
  }
  for (const n of p.notes) lines.push(`note: ${n}`);
  return lines.join('\n') + '\n';
}

/** One page of a placement answer as text (the CLI with --limit, --hosts-per-class or --cursor). */
export function formatPlacementPage(p: PlacementPage): string {
  const lines: string[] = [];
  lines.push(`guest ${p.guest.display}: ${p.fitCount} of ${plural(p.hostCount, 'host')} (${p.fitClassCount} of ${plural(p.classCount, 'class', 'classes')}) can run it; ${p.unfitCount} cannot${p.unknownCount ? `, ${p.unknownCount} unknown` : ''}`);
  const more = (c: PageClass): string => (c.hosts.length < c.hostCount ? ` (+${c.hostCount - c.hosts.length} more)` : '');
  if (p.fit.length) {
    lines.push('can run it:');
    for (const c of p.fit) lines.push(`  ${c.model}@${c.signature} (${plural(c.hostCount, 'host')}): ${c.hosts.join(', ')}${more(c)}`);
  }
  if (p.misfit.length) {
    lines.push('cannot:');
    for (const c of p.misfit) lines.push(`  ${c.model}@${c.signature} (${plural(c.hostCount, 'host')}: ${c.hosts.join(', ')}${more(c)}): ${listSome(c.reasons ?? [], 16)}`);
  }
  if (p.unknown?.length) {
    lines.push('unknown (neither fit nor unfit: the verdict needs the host CPU):');
    for (const u of p.unknown) lines.push(`  ${u.hosts.join(', ')}${more(u)} (${plural(u.hostCount, 'host')}): ${u.why}`);
  }
  for (const n of p.notes) lines.push(`note: ${n}`);
  const last = p.page.offset + p.fit.length + p.misfit.length + (p.unknown?.length ?? 0);
  lines.push(`classes ${p.page.offset + 1}-${last} of ${p.classCount}${p.page.next ? `; next page: --cursor ${p.page.next}` : ''}`);
  return lines.join('\n') + '\n';
}

export function cmdPlacement(guestSpec: string, hostPaths: string[], opts: { json?: boolean; read?: ReadText; page?: PageOptions } = {}): CommandOutput {
  // a bad --limit or --hosts-per-class is said before any file is read
  if (opts.page) {
    const c = checkPageOptions(opts.page);
    if (!c.ok) return failed(c.error);
  }
  const g = readGuest(guestSpec);
  if (!g.ok) return failed(g.error);
  const f = loadFleetFiles(hostPaths, opts.read);
  if (!f.ok) return failed(f.error);
  const p = placement(f.value.fleet, g.value);
  if (!p.ok) return failed(p.error, f.value.warnings);
  const exitCode = p.value.fitCount > 0 ? 0 : 1;
  if (opts.page) {
    const pg = placementPage(p.value, opts.page);
    if (!pg.ok) return failed(pg.error, f.value.warnings);
    return { stdout: opts.json ? jsonOut(pg.value) : formatPlacementPage(pg.value), stderr: f.value.warnings.join(''), exitCode };
  }
  return { stdout: opts.json ? jsonOut(p.value) : formatPlacement(p.value), stderr: f.value.warnings.join(''), exitCode };
}

// ----------------------------------------------------------- migrate-check

export function formatVerdict(v: MigrateVerdict): string {
  const lines: string[] = [`verdict: ${v.verdict}`];
  for (const b of v.blockers) lines.push(`blocker: ${b}`);
  for (const u of v.undecided ?? []) lines.push(`unknown: ${u}`);
  for (const n of v.notes) lines.push(`note: ${n}`);
  lines.push(`destination CPU (QMP): ${toJsonText(v.destinationCpu.qmp)}`);
  lines.push('destination CPU (libvirt):');
  lines.push(v.destinationCpu.libvirt.trimEnd());
  return lines.join('\n') + '\n';
}

export function cmdMigrateCheck(opts: { guest: string; target: string; source?: string; json?: boolean; deprecated?: string[]; read?: ReadText }): CommandOutput {
  const g = readGuest(opts.guest);
  if (!g.ok) return failed(g.error);
  const t = readOneHost(opts.target, opts.read);
  if (!t.ok) return failed(t.error);
  let source: HostDoc | undefined;
  if (opts.source) {
    const s = readOneHost(opts.source, opts.read);
    if (!s.ok) return failed(s.error);
    source = s.value;
  }
  const v = migrateCheck({ guest: g.value, guestOrigin: opts.guest, target: t.value, ...(source ? { source } : {}), ...(opts.deprecated ? { deprecated: opts.deprecated } : {}) });
  if (!v.ok) return failed(v.error);
  const exitCode = v.value.verdict === 'refused' || v.value.verdict === 'unknown' ? 1 : 0;
  return { stdout: opts.json ? jsonOut(v.value) : formatVerdict(v.value), stderr: '', exitCode };
}
