/**
 * The hypervisor capabilities cache, the way libvirtd keeps one for every
 * QEMU binary at start-up: probe a hypervisor once over QMP, keep what it
 * said in a JSON file, and answer later questions (which models, which
 * features, what the host can do) from the file.
 *
 * Targets:
 *   qmp:unix:PATH        a running QMP server on a unix socket (QEMU or `cpumodels qmp`)
 *   qmp:tcp:HOST:PORT    a running QMP server on TCP ([v6]:PORT for IPv6)
 *   exec:BINARY          a QEMU binary (absolute, relative, or found in PATH): started with
 *                        `-machine none -S` (s390x: `-machine s390-ccw-virtio`), probed, and
 *                        stopped again (by its own pid, via spawnQemu's stop()).
 *                        With a usable /dev/kvm it is started as `-accel kvm -accel tcg`
 *                        (libvirt's accel=kvm:tcg), so `host` is probed where KVM works.
 *
 * A probe stores query-version, query-target, query-kvm, query-cpu-definitions and the full
 * expansion of `host` (when KVM is enabled and host expands) or else `max`, plus the host
 * capability document converted from that expansion (src/host/convert.ts). A QEMU without
 * query-cpu-model-expansion (ppc64) is cached from query-cpu-definitions alone, as libvirt
 * does: `expansion` is null and `notes` says so. Where query-cpu-definitions carries no
 * unavailable-features (ppc64, aarch64), a model's usability is 'unknown', never "no".
 *
 * The cache: one file per name, DIR/NAME.json, DIR defaulting to
 * ${XDG_CACHE_HOME:-~/.cache}/cpumodels/hypervisors. Files are written
 * atomically: a temp file in the same folder (".NAME.json.PID.RANDOM.tmp"),
 * fsync, rename over NAME.json, fsync of the folder. A reader sees the old
 * record or the new one, never half of one.
 *
 * When a record is reused (the cache key rule, see staleReason and addHypervisor):
 *   exec:  the binary's resolved path (realpath), modification time (ms) and size are
 *          unchanged, the record's target is the same, and the accelerators the probe
 *          would ask for now are those asked for then (kvm:tcg when /dev/kvm is usable
 *          for the binary's architecture, else tcg); under KVM also the
 *          same host kernel release, as the host model depends on it). An unchanged
 *          binary file is the same QEMU, so its version is unchanged too: no process
 *          is started to check. Any difference → a full probe (recording the new version).
 *   qmp:   there is no file to look at: connect and ask query-version and query-target
 *          (cheap); the same QEMU version (major.minor.micro and package) and
 *          architecture → reuse, otherwise a full probe. An endpoint that cannot be
 *          reached is an error (the cache cannot vouch for it).
 *   always: a record of another format version, of another target, or a corrupt file
 *          (reported as a warning) is probed again; `force` always probes.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants } from 'node:fs';
import { mkdir, open, readdir, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { homedir, release } from 'node:os';
import { archFacts, archOfNode } from '../../arch/facts.js';
import { basename, delimiter, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { fail, ok, type CpuModelError, type Result } from '../../core/errors.js';
import { near } from '../../core/suggest.js';
import { toHostDoc } from '../../host/convert.js';
import { HostDocSchema, type HostDoc } from '../../host/doc.js';
import { MAX_INPUT_BYTES, refusal } from '../cli/input.js';
import { QmpClient, describeEndpoint, spawnQemu, type QmpEndpoint, type SpawnedQemu } from '../qmp/client.js';
import { parseJsonExact } from '../qmp/json-stream.js';
import { toJsonText } from '../../core/qmp-json.js';

export const HYPERVISOR_RECORD_FORMAT = 'cpumodels-hypervisor/1';

/** One entry of query-cpu-definitions, as QEMU sends it (extra keys are kept). */
export interface QmpCpuDefinition {
  name: string;
  'migration-safe'?: boolean;
  static?: boolean;
  'unavailable-features'?: string[];
  'typename'?: string;
  deprecated?: boolean;
  'alias-of'?: string;
  [key: string]: unknown;
}

export interface HypervisorRecord {
  format: typeof HYPERVISOR_RECORD_FORMAT;
  name: string;
  /** the target, normalized: `qmp:unix:/abs/path`, `qmp:tcp:HOST:PORT`, `exec:/abs/binary` */
  target: string;
  /** query-target's arch */
  arch: string;
  /** "MAJOR.MINOR.MICRO" from query-version */
  version: string;
  /** query-version's package string ("Debian 1:7.2+dfsg-7…", "cpumodels 0.1.0") */
  package: string;
  /** kvm when query-kvm said enabled */
  accel: 'kvm' | 'tcg';
  /** exec: the machine type the binary was started with */
  machine?: string;
  /** exec: the binary as resolved (realpath), its mtime (ms since the epoch) and size */
  binary?: { path: string; mtime: number; size: number };
  /** exec: the accelerators asked for on the command line: kvm:tcg (KVM, falling back to TCG), kvm or tcg */
  accelRequested?: 'kvm:tcg' | 'kvm' | 'tcg';
  /** exec under KVM: the host kernel release (the host model depends on it) */
  kernel?: string;
  /** ISO time of the probe */
  probedAt: string;
  /** how long the probe took, ms */
  probeMs: number;
  /** the raw returns of the probe's commands */
  qmp: { 'query-version': unknown; 'query-target': unknown; 'query-kvm': unknown };
  /** query-cpu-definitions' return */
  definitions: QmpCpuDefinition[];
  /** the full expansion of host (KVM) or max; null when the QEMU has no query-cpu-model-expansion */
  expansion: { model: 'host' | 'max'; type: 'full'; return: { model: { name: string; props?: Record<string, unknown> } } } | null;
  /** what the record lacks and why, for people ("cached from query-cpu-definitions alone: …") */
  notes?: string[];
  /** the host capability document converted from the expansion (null when it could not be converted) */
  hostDoc: HostDoc | null;
  /** why hostDoc is null */
  hostDocError?: string;
}

export type HypervisorTarget =
  | { kind: 'qmp'; endpoint: QmpEndpoint; text: string }
  | { kind: 'exec'; binary: string; text: string };

export interface ProbeOptions {
  /**
   * Time allowed to connect and for each command (qmp:), or for the binary to start and
   * answer the handshake (exec:, where each command then gets at least 30 s).
   * Default 10 s (qmp:) / 30 s (exec:).
   */
  timeoutMs?: number;
  /** The name stored in the record (default: derived from the target). */
  name?: string;
  /** exec: accelerator: auto (kvm:tcg when /dev/kvm is usable for the binary's architecture), kvm or tcg. */
  accel?: 'auto' | 'kvm' | 'tcg';
}

export interface AddOptions extends ProbeOptions {
  /** the cache folder (default defaultCacheDir()) */
  cache?: string;
  /** probe even when the cached record is current */
  force?: boolean;
}

export interface AddOutcome {
  record: HypervisorRecord;
  /** probed: no record before; reprobed: a stale/corrupt record was replaced; reused: the record is current */
  action: 'probed' | 'reprobed' | 'reused';
  /** why (for people): "binary unchanged", "version changed 7.2.0 → 8.0.0", … */
  reason: string;
  /** e.g. a corrupt cache file that was ignored */
  warnings: string[];
  /** the file the record is in */
  file: string;
}

export interface ListOutcome {
  records: HypervisorRecord[];
  /** files that could not be read (named, with why); they are skipped */
  problems: { file: string; message: string }[];
}

// ---------------------------------------------------------------------------
// names, targets, folders

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A hypervisor name: letters, digits, '.', '_', '-'; starts with a letter or digit; at most 64 characters. */
export function validateName(name: string): Result<string> {
  if (NAME_RE.test(name)) return ok(name);
  const shown = JSON.stringify(name.length > 80 ? name.slice(0, 80) + '…' : name);
  let why = 'only letters, digits, ".", "_" and "-" are allowed';
  if (name.length === 0) why = 'the name is empty';
  else if (name.length > 64) why = 'the name is longer than 64 characters';
  else if (!/^[A-Za-z0-9]/.test(name)) why = 'the name must start with a letter or digit';
  return fail({
    code: 'bad-option',
    message: `invalid hypervisor name ${shown}: ${why}`,
    value: name,
    hint: 'use letters, digits, ".", "_" and "-", starting with a letter or digit (e.g. qemu-7.2_s390x)',
  });
}

/** ${XDG_CACHE_HOME:-~/.cache}/cpumodels/hypervisors (a relative XDG_CACHE_HOME is ignored, as the XDG spec says). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME && isAbsolute(env.HOME) ? env.HOME : homedir(), '.cache');
  return join(base, 'cpumodels', 'hypervisors');
}

const TARGET_HINT = 'a target is qmp:unix:PATH, qmp:tcp:HOST:PORT or exec:BINARY';

/** Parse a target; relative socket paths and binaries are resolved (against cwd, or PATH for a bare binary name). */
export function parseTarget(target: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Result<HypervisorTarget> {
  const bad = (why: string): Result<HypervisorTarget> => fail({ code: 'bad-hypervisor-target', message: `invalid hypervisor target '${target}': ${why}`, value: target, hint: TARGET_HINT });
  if (target.startsWith('qmp:unix:')) {
    const p = target.slice('qmp:unix:'.length);
    if (!p) return bad('the socket path is empty');
    const abs = resolve(cwd, p);
    return ok({ kind: 'qmp', endpoint: { kind: 'unix', path: abs }, text: `qmp:unix:${abs}` });
  }
  if (target.startsWith('qmp:tcp:')) {
    const hp = target.slice('qmp:tcp:'.length);
    const i = hp.lastIndexOf(':');
    if (i <= 0) return bad('expected HOST:PORT after qmp:tcp:');
    const host = hp.slice(0, i).replace(/^\[(.*)\]$/, '$1');
    const portText = hp.slice(i + 1);
    const port = Number(portText);
    if (!host) return bad('the host is empty');
    if (!/^\d+$/.test(portText) || !Number.isInteger(port) || port < 1 || port > 65535) return bad(`'${portText}' is not a port (1-65535)`);
    const shownHost = host.includes(':') ? `[${host}]` : host;
    return ok({ kind: 'qmp', endpoint: { kind: 'tcp', host, port }, text: `qmp:tcp:${shownHost}:${port}` });
  }
  if (target.startsWith('qmp:')) return bad(`unknown QMP transport '${target.slice(4).split(':')[0]}' (unix or tcp)`);
  if (target.startsWith('exec:')) {
    const b = target.slice('exec:'.length);
    if (!b) return bad('the binary is empty');
    let bin: string;
    if (b.includes('/')) bin = resolve(cwd, b);
    else {
      // a bare name is looked up in PATH, like a shell would
      const found = (env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, b)).find(isExecutable);
      bin = found ?? b;
    }
    return ok({ kind: 'exec', binary: bin, text: `exec:${bin}` });
  }
  return bad('unknown kind of target');
}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The architecture a binary name announces (qemu-system-s390x → s390x), or null. */
export function archFromBinaryName(binary: string): string | null {
  const m = /^qemu-system-([a-z0-9_]+)$/.exec(basename(binary));
  return m ? m[1]! : null;
}

/** What an exec: probe asks for: auto → kvm:tcg when /dev/kvm is usable for the binary's architecture, else tcg. */
function requestedAccel(accel: 'auto' | 'kvm' | 'tcg', arch: string | null): 'kvm:tcg' | 'kvm' | 'tcg' {
  if (accel !== 'auto') return accel;
  return kvmUsableFor(arch) ? 'kvm:tcg' : 'tcg';
}

function machineFor(arch: string | null): string {
  return archFacts(arch)?.probeMachine ?? 'none';
}

/** Whether KVM can be tried for a binary of this architecture on this host (null: architecture unknown). */
function kvmUsableFor(arch: string | null): boolean {
  if (arch !== null) {
    const hostArch = archOfNode(process.arch)?.arch ?? process.arch;
    const same = arch === hostArch || archFacts(arch)?.arch === hostArch;
    if (!same) return false;
  }
  try {
    accessSync('/dev/kvm', fsConstants.R_OK | fsConstants.W_OK);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// probing

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function probeError(target: string, message: string, code: CpuModelError['code'] = 'hypervisor-unreachable', hint?: string): CpuModelError {
  return { code, message: `hypervisor ${target}: ${message}`, value: target, ...(hint ? { hint } : {}) };
}

/** The client's messages start with "QMP <endpoint>: "; the target is named by us instead. */
function clientMessage(err: unknown, ep?: QmpEndpoint): string {
  let m = err instanceof Error ? err.message : String(err);
  if (ep) {
    const prefix = `QMP ${describeEndpoint(ep)}: `;
    if (m.startsWith(prefix)) m = m.slice(prefix.length);
  }
  return m;
}

function returned(reply: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  if (isObj(reply) && 'return' in reply) return { ok: true, value: reply.return };
  if (isObj(reply) && isObj(reply.error)) return { ok: false, error: `${String(reply.error.class ?? 'Error')}: ${String(reply.error.desc ?? '')}` };
  return { ok: false, error: `unexpected reply ${toJsonText(reply).slice(0, 200)}` };
}

interface VersionInfo {
  version: string;
  package: string;
  raw: unknown;
}

function readVersion(v: unknown): VersionInfo | null {
  if (!isObj(v) || !isObj(v.qemu)) return null;
  const { major, minor, micro } = v.qemu;
  if (typeof major !== 'number' || typeof minor !== 'number' || typeof micro !== 'number') return null;
  return { version: `${major}.${minor}.${micro}`, package: typeof v.package === 'string' ? v.package : '', raw: v };
}

function readArch(v: unknown): string | null {
  const a = isObj(v) ? v.arch : undefined;
  return typeof a === 'string' && a ? a : null;
}

type Probed = Omit<HypervisorRecord, 'name' | 'target' | 'binary' | 'machine' | 'accelRequested' | 'kernel' | 'probedAt' | 'probeMs' | 'format'>;

/** Ask everything a record holds over an open connection. */
async function probeClient(client: QmpClient, target: string, name: string): Promise<Result<Probed>> {
  let replies: unknown[];
  try {
    replies = await client.pipeline([{ execute: 'query-version' }, { execute: 'query-target' }, { execute: 'query-kvm' }, { execute: 'query-cpu-definitions' }]);
  } catch (e) {
    return fail(probeError(target, clientMessage(e, client.endpoint)));
  }
  const [rv, rt, rk, rd] = replies.map(returned) as [ReturnType<typeof returned>, ReturnType<typeof returned>, ReturnType<typeof returned>, ReturnType<typeof returned>];
  if (!rv.ok) return fail(probeError(target, `query-version failed: ${rv.error}`, 'bad-host-data'));
  const version = readVersion(rv.value);
  if (!version) return fail(probeError(target, `query-version answered ${toJsonText(rv.value).slice(0, 200)}`, 'bad-host-data'));
  if (!rt.ok) return fail(probeError(target, `query-target failed: ${rt.error}`, 'bad-host-data'));
  const arch = readArch(rt.value);
  if (!arch) return fail(probeError(target, `query-target answered ${toJsonText(rt.value).slice(0, 200)}`, 'bad-host-data'));
  if (!rd.ok) return fail(probeError(target, `query-cpu-definitions failed: ${rd.error}`, 'bad-host-data', 'the hypervisor must support CPU models (s390x needs a machine such as s390-ccw-virtio)'));
  if (!Array.isArray(rd.value) || !rd.value.every((d) => isObj(d) && typeof d.name === 'string')) {
    return fail(probeError(target, `query-cpu-definitions answered ${toJsonText(rd.value).slice(0, 200)}`, 'bad-host-data'));
  }
  const kvm = rk.ok && isObj(rk.value) && rk.value.enabled === true;

  // host under KVM (what libvirt calls host-model's source), max otherwise or when host does not expand
  let expansion: HypervisorRecord['expansion'] = null;
  const notes: string[] = [];
  const tried: string[] = [];
  for (const model of kvm ? (['host', 'max'] as const) : (['max'] as const)) {
    let reply: unknown;
    try {
      reply = await client.execute('query-cpu-model-expansion', { type: 'full', model: { name: model } });
    } catch (e) {
      return fail(probeError(target, clientMessage(e, client.endpoint)));
    }
    const r = returned(reply);
    if (r.ok && isObj(r.value) && isObj(r.value.model) && typeof r.value.model.name === 'string') {
      expansion = { model, type: 'full', return: r.value as NonNullable<HypervisorRecord['expansion']>['return'] };
      break;
    }
    if (!r.ok && /^CommandNotFound\b/.test(r.error)) {
      // libvirt caches such a QEMU (ppc64) from query-cpu-definitions alone
      notes.push('QEMU has no query-cpu-model-expansion: cached from query-cpu-definitions alone, as libvirt does');
      break;
    }
    tried.push(`${model}: ${r.ok ? 'no model in the reply' : r.error}`);
  }
  if (!expansion && !notes.length) return fail(probeError(target, `query-cpu-model-expansion failed (${tried.join('; ')})`, 'bad-host-data'));
  const defs = rd.value as QmpCpuDefinition[];
  if (defs.length && defs.every((d) => !Array.isArray(d['unavailable-features']))) {
    notes.push("query-cpu-definitions says nothing about usability (no unavailable-features): every model is usable 'unknown'");
  }

  let hostDoc: HostDoc | null = null;
  let hostDocError: string | undefined;
  if (expansion) {
    const doc = toHostDoc(toJsonText({ return: expansion.return }), name);
    if (doc.ok) {
      hostDoc = { ...doc.value, name, source: { ...doc.value.source, origin: target, detail: `query-cpu-model-expansion type=full model=${expansion.model}` } };
    } else {
      hostDocError = doc.error.message;
    }
  } else {
    hostDocError = 'no query-cpu-model-expansion, so no host CPU to describe';
  }
  return ok({
    arch,
    version: version.version,
    package: version.package,
    accel: kvm ? 'kvm' : 'tcg',
    qmp: { 'query-version': rv.value, 'query-target': rt.value, 'query-kvm': rk.ok ? rk.value : null },
    definitions: defs,
    expansion,
    ...(notes.length ? { notes } : {}),
    hostDoc,
    ...(hostDocError !== undefined ? { hostDocError } : {}),
  });
}

async function binaryIdentity(binary: string, target: string): Promise<Result<{ path: string; mtime: number; size: number }>> {
  let path: string;
  try {
    path = await realpath(binary);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail(probeError(target, `no such QEMU binary '${binary}'`, 'no-such-file', 'give the path of a qemu-system-* binary (Debian: apt-get install qemu-system-x86 or qemu-system-misc)'));
    return fail(probeError(target, `cannot read '${binary}': ${code ?? (e as Error).message}`, 'io-error'));
  }
  const st = await stat(path);
  if (!st.isFile()) return fail(probeError(target, `'${binary}' is not a file`, 'io-error'));
  if (!isExecutable(path)) return fail(probeError(target, `'${binary}' is not executable`, 'io-error'));
  return ok({ path, mtime: st.mtimeMs, size: st.size });
}

function defaultName(t: HypervisorTarget): string {
  const raw = t.kind === 'exec' ? basename(t.binary) : t.endpoint.kind === 'unix' ? basename(t.endpoint.path) : `${t.endpoint.host}-${t.endpoint.port}`;
  const cleaned = raw.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[^A-Za-z0-9]+/, '').slice(0, 64);
  return cleaned || 'hypervisor';
}

/**
 * Probe a hypervisor: connect (qmp:) or start (exec:) it, ask query-version,
 * query-target, query-kvm, query-cpu-definitions and the full expansion of
 * host/max, and build the record. Started binaries are stopped again.
 */
export async function probeHypervisor(target: string, opts: ProbeOptions = {}): Promise<Result<HypervisorRecord>> {
  const t = parseTarget(target);
  if (!t.ok) return t;
  const name = opts.name ?? defaultName(t.value);
  const started = Date.now();
  const finish = (p: Probed, extra: Partial<HypervisorRecord>): HypervisorRecord => ({
    format: HYPERVISOR_RECORD_FORMAT,
    name,
    target: t.value.text,
    arch: p.arch,
    version: p.version,
    package: p.package,
    accel: p.accel,
    ...extra,
    probedAt: new Date().toISOString(),
    probeMs: Date.now() - started,
    qmp: p.qmp,
    definitions: p.definitions,
    expansion: p.expansion,
    ...(p.notes?.length ? { notes: p.notes } : {}),
    hostDoc: p.hostDoc,
    ...(p.hostDocError !== undefined ? { hostDocError: p.hostDocError } : {}),
  });

  if (t.value.kind === 'qmp') {
    const ep = t.value.endpoint;
    const timeoutMs = opts.timeoutMs ?? 10_000;
    let client: QmpClient;
    try {
      client = await QmpClient.connect(ep, { timeoutMs, commandTimeoutMs: Math.max(timeoutMs, 30_000) });
    } catch (e) {
      return fail(probeError(t.value.text, clientMessage(e, ep), 'hypervisor-unreachable', 'is the QMP server running? (QEMU: -qmp unix:PATH,server=on,wait=off; ours: cpumodels qmp --socket PATH)'));
    }
    try {
      const p = await probeClient(client, t.value.text, name);
      if (!p.ok) return p;
      return ok(finish(p.value, {}));
    } finally {
      await client.close(); // not ours to stop: only disconnect
    }
  }

  // exec:
  const binary = t.value.binary;
  const bin = await binaryIdentity(binary, t.value.text);
  if (!bin.ok) return bin;
  const nameArch = archFromBinaryName(bin.value.path) ?? archFromBinaryName(binary);
  const accelRequested = requestedAccel(opts.accel ?? 'auto', nameArch);
  const useKvm = accelRequested !== 'tcg';
  const spawnTimeout = opts.timeoutMs ?? 30_000;
  const start = async (machine: string): Promise<Result<SpawnedQemu>> => {
    try {
      const q = await spawnQemu(binary, {
        machine,
        accel: useKvm ? 'kvm' : 'tcg',
        // kvm:tcg — QEMU falls back to TCG when KVM cannot be initialised
        ...(accelRequested === 'kvm:tcg' ? { extraArgs: ['-accel', 'tcg'] } : {}),
        timeoutMs: spawnTimeout,
        commandTimeoutMs: Math.max(spawnTimeout, 30_000),
      });
      return ok(q);
    } catch (e) {
      return fail(probeError(t.value.text, clientMessage(e)));
    }
  };
  let machine = machineFor(nameArch);
  let q = await start(machine);
  if (!q.ok) return q;
  try {
    if (nameArch === null) {
      // the name did not tell: ask, and restart s390x with its CPU-model machine
      let arch: string | null = null;
      try {
        const r = returned(await q.value.client.execute('query-target'));
        arch = r.ok ? readArch(r.value) : null;
      } catch {
        arch = null;
      }
      if (arch && machineFor(arch) !== machine) {
        await q.value.stop();
        machine = machineFor(arch);
        q = await start(machine);
        if (!q.ok) return q;
      }
    }
    const p = await probeClient(q.value.client, t.value.text, name);
    if (!p.ok) return p;
    return ok(finish(p.value, { machine, accelRequested, binary: bin.value, ...(p.value.accel === 'kvm' ? { kernel: release() } : {}) }));
  } finally {
    if (q.ok) await q.value.stop();
  }
}

// ---------------------------------------------------------------------------
// the cache folder

const RecordSchema = z
  .object({
    format: z.literal(HYPERVISOR_RECORD_FORMAT),
    name: z.string(),
    target: z.string(),
    arch: z.string().min(1),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    package: z.string(),
    accel: z.enum(['kvm', 'tcg']),
    machine: z.string().optional(),
    binary: z.object({ path: z.string(), mtime: z.number(), size: z.number() }).optional(),
    accelRequested: z.enum(['kvm:tcg', 'kvm', 'tcg']).optional(),
    kernel: z.string().optional(),
    probedAt: z.string().min(1),
    probeMs: z.number(),
    qmp: z.object({ 'query-version': z.unknown(), 'query-target': z.unknown(), 'query-kvm': z.unknown() }),
    definitions: z.array(z.looseObject({ name: z.string() })),
    expansion: z
      .object({
        model: z.enum(['host', 'max']),
        type: z.literal('full'),
        return: z.looseObject({ model: z.looseObject({ name: z.string(), props: z.record(z.string(), z.unknown()).optional() }) }),
      })
      .nullable(),
    notes: z.array(z.string()).optional(),
    hostDoc: HostDocSchema.nullable(),
    hostDocError: z.string().optional(),
  })
  .loose();

export function recordFile(name: string, cache: string): string {
  return join(cache, `${name}.json`);
}

/** Read one cache file. Errors name the file (missing: code 'no-such-file'; unreadable/corrupt: 'bad-host-data'). */
export async function readRecord(file: string, expectName?: string): Promise<Result<HypervisorRecord>> {
  let text: string;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_INPUT_BYTES) return fail({ code: 'bad-host-data', message: `corrupt cache file ${file}: ${Math.round(size / 1048576)} MiB, more than the ${MAX_INPUT_BYTES / 1048576} MiB cpumodels reads`, value: file, hint: 'it is ignored; add the hypervisor again to probe it anew' });
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail({ code: code === 'ENOENT' ? 'no-such-file' : 'bad-host-data', message: `cannot read cache file ${file}: ${code ?? (e as Error).message}`, value: file });
  }
  const corrupt = (why: string): Result<HypervisorRecord> => fail({ code: 'bad-host-data', message: `corrupt cache file ${file}: ${why}`, value: file, hint: 'it is ignored; add the hypervisor again to probe it anew' });
  const why = refusal(text);
  if (why) return corrupt(why);
  let json: unknown;
  try {
    json = parseJsonExact(text);
  } catch (e) {
    return corrupt(`malformed JSON (${(e as Error).message.replace(/\s+/g, ' ')})`);
  }
  const r = RecordSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    return corrupt(`${i.path.length ? i.path.join('.') : 'the record'}: ${i.message}`);
  }
  if (expectName !== undefined && r.data.name !== expectName) return corrupt(`it holds the record of '${r.data.name}', not '${expectName}'`);
  return ok(r.data as unknown as HypervisorRecord);
}

/**
 * Write a record atomically: temp file in the same folder, fsync, rename,
 * fsync the folder. On any failure the temp file is removed and the old
 * record (if any) stays as it was.
 */
export async function writeRecord(record: HypervisorRecord, cache: string): Promise<Result<string>> {
  const n = validateName(record.name);
  if (!n.ok) return n;
  try {
    await mkdir(cache, { recursive: true, mode: 0o700 });
  } catch (e) {
    return fail({ code: 'io-error', message: `cannot create the cache folder ${cache}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, value: cache });
  }
  const file = recordFile(record.name, cache);
  const tmp = join(cache, `.${record.name}.json.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const text = toJsonText(record, 1) + '\n';
  let fh: Awaited<ReturnType<typeof open>> | null = null;
  try {
    fh = await open(tmp, 'wx', 0o644);
    await fh.writeFile(text, 'utf8');
    await fh.sync();
    await fh.close();
    fh = null;
    await rename(tmp, file);
  } catch (e) {
    if (fh) await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    return fail({ code: 'io-error', message: `cannot write cache file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, value: file });
  }
  // make the rename itself durable (best effort: not every file system allows it)
  try {
    const dh = await open(cache, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  } catch {
    /* ignore */
  }
  return ok(file);
}

/** All records in the cache folder, by name; unreadable files are reported, not fatal. A missing folder is empty. */
export async function listHypervisors(cache: string = defaultCacheDir()): Promise<ListOutcome> {
  let entries: string[];
  try {
    entries = await readdir(cache);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { records: [], problems: [] };
    return { records: [], problems: [{ file: cache, message: `cannot read the cache folder ${cache}: ${code ?? (e as Error).message}` }] };
  }
  const names = entries.filter((f) => f.endsWith('.json') && !f.startsWith('.')).map((f) => f.slice(0, -'.json'.length)).filter((n) => NAME_RE.test(n)).sort();
  const out: ListOutcome = { records: [], problems: [] };
  for (const n of names) {
    const file = recordFile(n, cache);
    const r = await readRecord(file, n);
    if (r.ok) out.records.push(r.value);
    else out.problems.push({ file, message: r.error.message });
  }
  return out;
}

/** Names in the cache folder (whether or not the files are readable). */
async function cachedNames(cache: string): Promise<string[]> {
  try {
    return (await readdir(cache)).filter((f) => f.endsWith('.json') && !f.startsWith('.')).map((f) => f.slice(0, -'.json'.length)).filter((n) => NAME_RE.test(n));
  } catch {
    return [];
  }
}

/** One record by name; unknown names get a "did you mean" from the names in the cache. */
export async function getHypervisor(name: string, cache: string = defaultCacheDir()): Promise<Result<HypervisorRecord>> {
  const v = validateName(name);
  if (!v.ok) return v;
  const file = recordFile(name, cache);
  const r = await readRecord(file, name);
  if (r.ok || r.error.code !== 'no-such-file') return r;
  const known = await cachedNames(cache);
  return fail({
    code: 'unknown-hypervisor',
    message: `unknown hypervisor '${name}'`,
    value: name,
    ...near(name, known),
    hint: known.length ? `known in ${cache}: ${known.sort().join(', ')}` : `the cache ${cache} is empty: add one with 'cpumodels hypervisor add NAME TARGET'`,
  });
}

/**
 * Whether a cached record still describes `target` (exec: without starting anything).
 * Returns null when current, else the reason to probe again. For qmp: targets this only
 * checks the target; the version check needs a connection (see addHypervisor).
 */
export async function staleReason(record: HypervisorRecord, t: HypervisorTarget, accel: ProbeOptions['accel'] = 'auto'): Promise<string | null> {
  if (record.target !== t.text) return `target changed (${record.target} → ${t.text})`;
  if (t.kind === 'qmp') return null;
  if (!record.binary) return 'the record has no binary identity';
  let path: string;
  let st: { mtimeMs: number; size: number };
  try {
    path = await realpath(t.binary);
    st = await stat(path);
  } catch {
    return `the binary ${t.binary} is gone`;
  }
  if (path !== record.binary.path) return `binary path changed (${record.binary.path} → ${path})`;
  if (st.mtimeMs !== record.binary.mtime) return `binary modified (mtime ${new Date(record.binary.mtime).toISOString()} → ${new Date(st.mtimeMs).toISOString()})`;
  if (st.size !== record.binary.size) return `binary size changed (${record.binary.size} → ${st.size})`;
  const want = requestedAccel(accel, archFromBinaryName(path) ?? archFromBinaryName(t.binary));
  if (want !== record.accelRequested) return `accelerator changed (${record.accelRequested ?? 'unknown'} → ${want}${accel === 'auto' ? ', /dev/kvm' : ''})`;
  if (record.accel === 'kvm' && record.kernel !== undefined && record.kernel !== release()) return `host kernel changed (${record.kernel} → ${release()})`;
  return null;
}

/** Cheap check of a qmp: endpoint: connect, query-version + query-target. */
async function endpointVersion(t: Extract<HypervisorTarget, { kind: 'qmp' }>, timeoutMs: number): Promise<Result<{ version: string; package: string; arch: string }>> {
  let client: QmpClient;
  try {
    client = await QmpClient.connect(t.endpoint, { timeoutMs, commandTimeoutMs: timeoutMs });
  } catch (e) {
    return fail(probeError(t.text, clientMessage(e, t.endpoint), 'hypervisor-unreachable', 'is the QMP server running?'));
  }
  try {
    const [rv, rt] = (await client.pipeline([{ execute: 'query-version' }, { execute: 'query-target' }])).map(returned);
    const v = rv!.ok ? readVersion(rv!.value) : null;
    const arch = rt!.ok ? readArch(rt!.value) : null;
    if (!v || !arch) return fail(probeError(t.text, 'query-version/query-target gave no usable answer', 'bad-host-data'));
    return ok({ version: v.version, package: v.package, arch });
  } catch (e) {
    return fail(probeError(t.text, clientMessage(e, t.endpoint)));
  } finally {
    await client.close();
  }
}

/**
 * Add (or refresh) a hypervisor in the cache. Reuses the cached record when
 * it is current (see the rule at the top of this file), else probes and
 * writes the new record atomically.
 */
export async function addHypervisor(name: string, target: string, opts: AddOptions = {}): Promise<Result<AddOutcome>> {
  const n = validateName(name);
  if (!n.ok) return n;
  const t = parseTarget(target);
  if (!t.ok) return t;
  const cache = opts.cache ?? defaultCacheDir();
  const file = recordFile(name, cache);
  const warnings: string[] = [];

  let previous: HypervisorRecord | null = null;
  const old = await readRecord(file, name);
  const corrupt = !old.ok && old.error.code !== 'no-such-file';
  if (old.ok) previous = old.value;
  else if (corrupt) warnings.push(`${old.error.message}; probing again`);

  let reason = previous ? '' : corrupt ? 'corrupt cache file' : 'not cached';
  if (previous && opts.force) reason = 'forced';
  else if (previous) {
    const stale = await staleReason(previous, t.value, opts.accel);
    if (stale) reason = stale;
    else if (t.value.kind === 'exec') {
      return ok({ record: previous, action: 'reused', reason: 'binary unchanged (path, mtime, size)', warnings, file });
    } else {
      const v = await endpointVersion(t.value, opts.timeoutMs ?? 10_000);
      if (!v.ok) return v;
      if (v.value.version === previous.version && v.value.package === previous.package && v.value.arch === previous.arch) {
        return ok({ record: previous, action: 'reused', reason: `same QEMU version ${v.value.version} (${v.value.package || 'no package'}) and arch ${v.value.arch}`, warnings, file });
      }
      reason =
        v.value.arch !== previous.arch
          ? `architecture changed (${previous.arch} → ${v.value.arch})`
          : `version changed (${previous.version} ${previous.package} → ${v.value.version} ${v.value.package})`;
    }
  }

  const p = await probeHypervisor(t.value.text, { ...opts, name });
  if (!p.ok) return p;
  const w = await writeRecord(p.value, cache);
  if (!w.ok) return w;
  return ok({ record: p.value, action: previous || corrupt ? 'reprobed' : 'probed', reason, warnings, file: w.value });
}

// ---------------------------------------------------------------------------
// questions answered from a record

export interface HypervisorModel {
  name: string;
  /** libvirt's domcapabilities usable= : from unavailable-features; unknown when the hypervisor does not say */
  usable: 'yes' | 'no' | 'unknown';
  /** unavailable-features, as QEMU lists them */
  blockers: string[];
  deprecated: boolean;
  static: boolean;
  'alias-of'?: string;
}

const collator = new Intl.Collator('en', { numeric: true });

/** Like `virsh cpu-models` (plus domcapabilities' usable/blockers): the record's models, sorted by name. */
export function hypervisorModels(record: HypervisorRecord): HypervisorModel[] {
  return record.definitions
    .map((d) => {
      const un = Array.isArray(d['unavailable-features']) ? d['unavailable-features'] : null;
      const m: HypervisorModel = {
        name: d.name,
        usable: un === null ? 'unknown' : un.length ? 'no' : 'yes',
        blockers: un ?? [],
        deprecated: d.deprecated === true,
        static: d.static === true,
      };
      if (typeof d['alias-of'] === 'string') m['alias-of'] = d['alias-of'];
      return m;
    })
    .sort((a, b) => collator.compare(a.name, b.name));
}
