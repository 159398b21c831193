/**
 * The service's one door into the engine: every CPU rule the fleet service
 * applies comes from the same functions the CLI calls (host/convert via
 * fleet/commands' reader, fleet/fleet, fleet/migrate). When the engine's
 * modules move, only this file changes.
 */
import { fail, ok, type CpuModelError, type Result } from '../core/errors.js';
import { archFacts } from '../arch/facts.js';
import { HOST_DOC_FORMAT, HostSourceKind, type HostDoc } from '../host/doc.js';
import { baselineJson, readHostText } from '../fleet/commands.js';
import { ModelSpecError, parseModelSpec } from '../core/modelspec.js';
import {
  archContext,
  FleetBuilder,
  fits,
  fleetBaseline,
  guestFromJson,
  parseGuest,
  placement,
  resolveGuest,
  type ArchFleet,
  type Fleet,
  type FleetArch,
  type FleetBaseline,
  type FleetClass,
  type GuestInput,
  type Placement,
  type PlacementOptions,
  type ClassVerdict,
  type ResolvedGuest,
  isFleetArch,
  fleetArches,
} from '../fleet/fleet.js';
import { migrateCheck, type MigrateVerdict } from '../fleet/migrate.js';
import type { ClassData, ClassRow } from '../storage/storage.js';

export type { CpuModelError, Result, HostDoc, Fleet, FleetClass, FleetBaseline, Placement, MigrateVerdict, GuestInput, ResolvedGuest, FleetArch, ClassVerdict };
export { guestFromJson, parseGuest, isFleetArch, fleetArches };

/** One host description (any format the CLI reads) → exactly one host document. */
export function readHost(text: string, origin: string): Result<HostDoc> {
  const r = readHostText(text, origin);
  if (!r.ok) return r;
  if (r.value.length !== 1) return fail({ code: 'one-host-expected', message: `${origin}: holds ${r.value.length} hosts; one is needed here`, value: origin, hint: 'send each host on its own (PUT) or one per line (hosts:import)' });
  return ok(r.value[0]!);
}

const classCache = new Map<string, ClassData>();

/**
 * The capability class of a host document, as the fleet engine computes it
 * (the signature checked against the features, unknown features refused,
 * the x86 model the class runs). Memoized per distinct (arch, identity key,
 * signature, feature list): a class is checked once.
 */
export function classOf(doc: HostDoc): Result<ClassData> {
  // besides the features, what decides runnability: the x86 vendor and what the runnability engine builds
  // the host's driver from (the source's view, the QEMU release, the accelerator); the s390x model
  const ident = archFacts(doc.arch)?.classIdent(doc, ENGINE_SEP) ?? doc.model;
  const key = `${doc.arch}|${ident}|${doc.signature}|${doc.features.join(',')}`;
  const hit = classCache.get(key);
  if (hit) return ok(hit);
  const c = new FleetBuilder().add(doc, doc.name ?? doc.source.origin);
  if (!c.ok) return c;
  const fc = c.value;
  const data: ClassData = { arch: doc.arch, signature: fc.signature, ident, model: fc.model, identity: fc.identity as Record<string, unknown>, features: [...doc.features].sort() };
  if (classCache.size > 10_000) classCache.clear();
  classCache.set(key, data);
  return ok(data);
}

const ENGINE_SEP = '\u0001';

/** A host document standing for a class (its first host's identity, and what the engine needs of its source). */
export function classDoc(row: ClassData, name = `class:${row.signature}`): HostDoc {
  const [, kind, release, accel] = row.ident.split(ENGINE_SEP);
  const parsed = HostSourceKind.safeParse(kind);
  return {
    format: HOST_DOC_FORMAT,
    arch: row.arch as HostDoc['arch'],
    name,
    identity: row.identity,
    model: row.model,
    features: row.features,
    signature: row.signature,
    source: { kind: parsed.success ? parsed.data : 'qmp-expansion', origin: name },
    ...(release ? { release } : {}),
    ...(accel === 'tcg' || accel === 'kvm' ? { accel } : {}),
  };
}

/** The engine's class (FeatureSet, definition, vendor) for a stored class row. */
export function engineClass(row: ClassRow): Result<FleetClass> {
  return new FleetBuilder().add(classDoc(row));
}

const placedMemo = new WeakMap<FleetClass, WeakMap<string[], Map<number, FleetClass>>>();

/**
 * A class with its place in a fleet and its hosts. Kept per (class, host
 * list, place): the index hands the same host arrays until they change, and
 * copying an engine class is the dearest step of assembling a fleet.
 */
function placed(cls: FleetClass, id: number, hosts: string[]): FleetClass {
  let byHosts = placedMemo.get(cls);
  if (!byHosts) placedMemo.set(cls, (byHosts = new WeakMap()));
  let byId = byHosts.get(hosts);
  if (!byId) byHosts.set(hosts, (byId = new Map()));
  let c = byId.get(id);
  if (!c) byId.set(id, (c = { ...cls, id, hosts }));
  return c;
}

/** A fleet made of classes and the hosts chosen from each (no documents read). */
export function assembleFleet(parts: readonly { cls: FleetClass; hosts: string[] }[]): Fleet {
  const arches = new Map<FleetArch, ArchFleet>();
  let hostCount = 0;
  for (const p of parts) {
    if (!p.hosts.length) continue;
    let af = arches.get(p.cls.arch);
    if (!af) {
      const classes: FleetClass[] = [];
      af = {
        arch: p.cls.arch,
        catalog: archContext(p.cls.arch).catalog,
        classes,
        hostCount: 0,
        // only error messages read the host list of an architecture
        get files() {
          return classes.flatMap((c) => c.hosts);
        },
      };
      arches.set(p.cls.arch, af);
    }
    af.classes.push(placed(p.cls, af.classes.length, p.hosts));
    af.hostCount += p.hosts.length;
    hostCount += p.hosts.length;
  }
  return { arches, hostCount };
}

/** The baseline as the service answers it, the CLI's `--json` shape: `status` 'ok' (a model) or 'unknown' (no host's CPU is known). */
export type BaselineAnswer = ReturnType<typeof baselineJson>;

export function baseline(fleet: Fleet): Result<BaselineAnswer> {
  const r = fleetBaseline(fleet);
  return r.ok ? ok(baselineJson(r.value)) : r;
}

export const place = (fleet: Fleet, guest: GuestInput | ResolvedGuest, verdict?: PlacementOptions['verdict']): Result<Placement> => placement(fleet, guest, verdict ? { verdict } : {});

/** A guest resolved against an architecture: what a host must have to run it. */
export const resolve = (arch: FleetArch, g: GuestInput): Result<ResolvedGuest> => resolveGuest(arch, g);

export function migrate(req: { guest: GuestInput; target: HostDoc; source?: HostDoc; deprecated?: string[] }): Result<MigrateVerdict> {
  return migrateCheck({ guest: req.guest, guestOrigin: req.guest.origin ?? 'guest', target: req.target, ...(req.source ? { source: req.source } : {}), ...(req.deprecated ? { deprecated: req.deprecated } : {}) });
}

/** The guest a host-model guest started on a class runs with. */
export function hostModelGuest(row: ClassData): Result<ResolvedGuest> {
  // a host-model guest runs the host's own CPU (libvirt's host-model of the host's document), where libvirt has a host-model
  if (!isFleetArch(row.arch)) return fail({ code: 'unsupported', message: `host-model is not supported on ${row.arch}`, value: row.arch });
  const ctx = archContext(row.arch);
  if (ctx.hostModelRefused) return fail({ code: 'unsupported', message: `host-model: ${ctx.hostModelRefused}`, value: row.arch });
  const doc = classDoc(row);
  const unknown = ctx.unknownWhy?.(doc.identity);
  if (unknown) return fail({ code: 'host-model-unavailable', message: `${doc.name}: the host CPU is not known (${unknown}), so neither is its host-model`, value: row.signature });
  return resolveGuest(row.arch, { kind: 'host', doc });
}

export const canRun = (g: ResolvedGuest, host: FleetClass): boolean => fits(g, host).ok;

/**
 * A guest from request text: a libvirt domain or <cpu>, QMP model JSON, the
 * reply of query-cpu-model, a host document, or a -cpu style spec
 * (`z14,vx=off`) — the CLI's readGuest without its file lookup.
 */
export function guestFromText(text: string, origin: string): Result<GuestInput> {
  if (/^\s*[<{]/.test(text)) return parseGuest(text, origin);
  try {
    return ok({ kind: 'qmp', model: parseModelSpec(text), origin });
  } catch (e) {
    if (e instanceof ModelSpecError) return fail({ code: 'bad-model-spec', message: e.message, value: text });
    throw e;
  }
}

