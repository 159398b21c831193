/**
 * CLI-shaped functions for the hypervisor capabilities cache (cache.ts):
 * each returns { stdout, stderr, exitCode } and prints nothing itself.
 *
 *   cpumodels hypervisor add NAME TARGET [--cache DIR] [--timeout MS] [--force] [--json]
 *   cpumodels hypervisor list [--cache DIR] [--json]
 *   cpumodels hypervisor models NAME [--cache DIR] [--usable] [--json]   (like `virsh cpu-models`)
 *   cpumodels domcapabilities --hypervisor NAME [--cache DIR] [--json]    (like `virsh domcapabilities`)
 *
 * Exit codes: 0 success; 1 the hypervisor could not be probed (unreachable,
 * timed out, exited early); 2 bad input (invalid name or target, unknown
 * hypervisor, no such binary, a corrupt cache file or a reply that is no
 * usable answer).
 * Errors go to stderr as "cpumodels: error: MESSAGE (HINT)".
 */
import { toJsonText } from '../../core/qmp-json.js';
import { describeError, exitCodeOf, type CpuModelError } from '../../core/errors.js';
import { table } from '../cli/table.js';
import { writeDomainCapabilities } from '../libvirt/domcaps.js';
import { domCapsOfRecord } from './domcaps.js';
import { addHypervisor, defaultCacheDir, getHypervisor, hypervisorModels, listHypervisors, type AddOptions, type HypervisorRecord } from './cache.js';

export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface CacheOption {
  /** the cache folder (default ${XDG_CACHE_HOME:-~/.cache}/cpumodels/hypervisors) */
  cache?: string;
  json?: boolean;
}

export interface AddCommandOptions extends CacheOption {
  timeoutMs?: number;
  force?: boolean;
  accel?: AddOptions['accel'];
}

function errorOut(e: CpuModelError, stderrBefore = ''): CommandOutput {
  // one line, whatever the message quotes
  const text = describeError(e).replace(/\s*\n\s*/g, ' ');
  return { stdout: '', stderr: `${stderrBefore}cpumodels: error: ${text}\n`, exitCode: exitCodeOf(e) };
}

function warn(lines: readonly string[]): string {
  return lines.map((l) => `cpumodels: warning: ${l}\n`).join('');
}

function json(v: unknown): string {
  return toJsonText(v, 2) + '\n';
}

/** How many models are usable; 'unknown' when QEMU says nothing about usability (ppc64, aarch64). */
function usableCount(r: HypervisorRecord): number | 'unknown' {
  if (r.definitions.length && r.definitions.every((d) => !Array.isArray(d['unavailable-features']))) return 'unknown';
  return r.definitions.filter((d) => Array.isArray(d['unavailable-features']) && d['unavailable-features'].length === 0).length;
}

function usableText(r: HypervisorRecord): string {
  const n = usableCount(r);
  return n === 'unknown' ? 'usability unknown' : `${n} usable`;
}

/** A summary of a record, for --json of add and list (the definitions and the expansion stay in the file). */
function summary(r: HypervisorRecord) {
  return {
    name: r.name,
    target: r.target,
    arch: r.arch,
    version: r.version,
    package: r.package,
    accel: r.accel,
    ...(r.machine ? { machine: r.machine } : {}),
    ...(r.binary ? { binary: r.binary } : {}),
    probedAt: r.probedAt,
    models: r.definitions.length,
    usable: usableCount(r),
    expansion: r.expansion?.model ?? null,
    ...(r.notes?.length ? { notes: r.notes } : {}),
    host: r.hostDoc ? (r.hostDoc.display ?? `${r.hostDoc.model}@${r.hostDoc.signature}`) : null,
  };
}

function when(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z');
}

/** `hypervisor add NAME TARGET`: probe (or reuse the cached record) and store it. */
export async function cmdHypervisorAdd(name: string, target: string, opts: AddCommandOptions = {}): Promise<CommandOutput> {
  const cache = opts.cache ?? defaultCacheDir();
  const r = await addHypervisor(name, target, {
    cache,
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.force ? { force: true } : {}),
    ...(opts.accel ? { accel: opts.accel } : {}),
  });
  if (!r.ok) return errorOut(r.error);
  const { record: rec, action, reason, warnings, file } = r.value;
  const stderr = warn([...warnings, ...(rec.hostDocError && rec.expansion ? [`no host document for ${rec.name}: ${rec.hostDocError}`] : [])]);
  if (opts.json) return { stdout: json({ action, reason, file, ...summary(rec) }), stderr, exitCode: 0 };
  const verb = action === 'reused' ? 'cached' : action === 'reprobed' ? 'probed again' : 'added';
  const host = !rec.expansion ? ', from query-cpu-definitions alone' : rec.hostDoc ? `, ${rec.expansion.model}: ${rec.hostDoc.display ?? rec.hostDoc.model}` : `, ${rec.expansion.model} expanded`;
  const lines = [
    `${verb} ${rec.name}: QEMU ${rec.version} ${rec.arch} (${rec.accel}), ${rec.definitions.length} models (${usableText(rec)})${host}`,
    ...(rec.notes ?? []).map((n) => `  note: ${n}`),
    `  ${action === 'reused' ? 'reused' : 'why'}: ${reason}; probed ${when(rec.probedAt)}${action === 'reused' ? '' : ` in ${rec.probeMs} ms`}`,
    `  file: ${file}`,
  ];
  return { stdout: lines.join('\n') + '\n', stderr, exitCode: 0 };
}

/** `hypervisor list`: NAME ARCH VERSION TARGET MODELS PROBED. Corrupt files are named on stderr and skipped. */
export async function cmdHypervisorList(opts: CacheOption = {}): Promise<CommandOutput> {
  const cache = opts.cache ?? defaultCacheDir();
  const l = await listHypervisors(cache);
  const stderr = warn(l.problems.map((p) => `${p.message} (skipped)`));
  if (opts.json) return { stdout: json({ cache, hypervisors: l.records.map(summary), problems: l.problems }), stderr, exitCode: 0 };
  if (!l.records.length) {
    return { stdout: '', stderr: stderr + `cpumodels: no hypervisors in ${cache} (add one with: cpumodels hypervisor add NAME TARGET)\n`, exitCode: 0 };
  }
  const rows = l.records.map((r) => [r.name, r.arch, r.version, r.target, `${r.definitions.length} (${usableText(r)})`, when(r.probedAt)]);
  return { stdout: table(['NAME', 'ARCH', 'VERSION', 'TARGET', 'MODELS', 'PROBED'], rows) + '\n', stderr, exitCode: 0 };
}

/** `hypervisor models NAME`: like `virsh cpu-models`, one model name per line (--usable: only the usable ones; --json: with usable/blockers). */
export async function cmdModelsForHypervisor(name: string, opts: CacheOption & { usable?: boolean } = {}): Promise<CommandOutput> {
  const cache = opts.cache ?? defaultCacheDir();
  const r = await getHypervisor(name, cache);
  if (!r.ok) return errorOut(r.error);
  let models = hypervisorModels(r.value);
  if (opts.usable) models = models.filter((m) => m.usable === 'yes');
  if (opts.json) return { stdout: json(models), stderr: '', exitCode: 0 };
  return { stdout: models.map((m) => m.name + '\n').join(''), stderr: '', exitCode: 0 };
}

/** `domcapabilities --hypervisor NAME`: libvirt's domcapabilities `<cpu>` block for a cached QEMU. */
export async function cmdDomcapsForHypervisor(name: string, opts: CacheOption = {}): Promise<CommandOutput> {
  const cache = opts.cache ?? defaultCacheDir();
  const r = await getHypervisor(name, cache);
  if (!r.ok) return errorOut(r.error);
  const { cpu, notes } = domCapsOfRecord(r.value);
  const stderr = notes.map((n) => `cpumodels: note: ${n}\n`).join('');
  if (opts.json) return { stdout: json({ hypervisor: name, ...cpu, ...(notes.length ? { notes } : {}) }), stderr, exitCode: 0 };
  return { stdout: writeDomainCapabilities(cpu), stderr, exitCode: 0 };
}
