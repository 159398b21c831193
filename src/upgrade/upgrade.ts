/**
 * The upgrade forecast: what moving a fleet from QEMU release R1 to R2
 * changes, before it is done. Pure (no I/O); it decides nothing itself:
 *
 *  - the catalog's change is catalogChange(arch, R1, R2) (arch/releases.ts);
 *  - a host's host-model under R is the management driver's hostModel of
 *    the host's document with release R (what `domcapabilities` answers for
 *    that document), its runnable models the engine's verdicts (domcapsModels,
 *    else fits per model of release R);
 *  - the window's verdicts are migrateCheck (what `migrate-check` answers)
 *    of a host-model guest from a class's host under R2 to a class's host
 *    under R1;
 *  - a guest's verdicts are placement (what `placement` answers) over the
 *    fleet under R1 and under R2.
 */
import { fail, ok, type Result } from '../core/errors.js';
import { checkProfile, RELEASES, releaseOf } from '../core/profile.js';
import { catalogChange, checkArch, createDriver, type CatalogChange } from '../arch/index.js';
import { writeCpu } from '../adapters/libvirt/cpu-xml.js';
import type { HostDoc } from '../host/doc.js';
import { management, type HostModelBlock } from '../host/management.js';
import { FleetBuilder, guestArch, guestSetOf, placement, type GuestInput, type HostInput } from '../fleet/fleet.js';
import { migrateCheck, type Verdict } from '../fleet/migrate.js';
import { resolveX86Machine, type CpuVersion } from '../data/x86_64/machine-types.js';

export interface HostModelView {
  model: string;
  vendor?: string;
  /** required features (libvirt's names on x86) */
  features: string[];
  /** disabled features */
  disabled: string[];
  /** the block as a libvirt guest <cpu> */
  cpu: string;
}

export interface UpgradeHost {
  name: string;
  /** the host class (model@signature under R1) */
  class: string;
  host_model: { from: HostModelView | null; to: HostModelView | null };
  /** what a host-model guest on this host gets under R2 and not under R1 (QEMU's names), and the reverse */
  features_added: string[];
  features_dropped: string[];
  runnable: { from: string[]; to: string[] };
  newly_runnable: string[];
  no_longer_runnable: string[];
}

export interface WindowTarget {
  class: string;
  /** migrate-check of a host-model guest started on the source class under R2, to this class under R1 */
  verdict: Verdict;
  blockers: string[];
  /** the same migration before the upgrade (both under R1): a pair refused already is not the upgrade's doing */
  before: Verdict;
  /** named models both classes run under both releases */
  common: string[];
}

export interface WindowClass {
  class: string;
  hosts: string[];
  targets: WindowTarget[];
  /** the model to pin this class's guests to, when a target refuses */
  pin: string | null;
  advice: string;
}

export interface GuestOnClass {
  class: string;
  starts_from: boolean;
  starts_to: boolean;
  /** why it does not start under R2 */
  blockers: string[];
}

export interface CpuChange {
  kind: 'alias' | 'host-model' | 'machine';
  /** alias: the versions; host-model: the class */
  from?: string;
  to?: string;
  class?: string;
  added: string[];
  dropped: string[];
}

export interface UpgradeGuest {
  name: string;
  mode: string;
  model: string | null;
  /** removed / deprecated / undeprecated / alias_changed / unchanged: the catalog's word on the guest's model */
  catalog: string;
  /** breaks: starts on a class under R1, not under R2; never-starts: on no class under R2 (nor R1) */
  verdict: 'breaks' | 'never-starts' | 'changes' | 'deprecated' | 'ok';
  hosts: GuestOnClass[];
  cpu_changes: CpuChange[];
  /** the guest's machine type (<os><type machine=…>) under both releases, when given and the architecture resolves it */
  machine: GuestMachine | null;
}

/** How the guest's machine type resolves under R1 and R2, and the model its unversioned CPU name becomes on a cold boot. */
export interface GuestMachine {
  type: string;
  /** the machine type it stands for (an alias such as q35 moves to the newest release's) */
  from: string | null;
  to: string | null;
  cpu_version_from: CpuVersion | null;
  cpu_version_to: CpuVersion | null;
  /** the versioned model the guest's model name resolves to */
  model_from: string | null;
  model_to: string | null;
  /** why the machine type does not resolve under a release */
  problems: string[];
}

export interface UpgradeReport {
  from: string;
  to: string;
  arch: string;
  models: Omit<CatalogChange, 'arch' | 'from' | 'to'>;
  hosts: UpgradeHost[];
  window: WindowClass[];
  guests: UpgradeGuest[];
}

export interface UpgradeRequest {
  arch: string;
  from: string;
  to: string;
  hosts?: readonly HostInput[];
  guests?: readonly { input: GuestInput; origin: string; machine?: string }[];
}

/** The architectures whose machine types decide what an unversioned CPU model name resolves to. */
const MACHINE_RESOLVERS: Readonly<Partial<Record<string, typeof resolveX86Machine>>> = { x86_64: resolveX86Machine };

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort(byName);
const minus = (a: readonly string[], b: readonly string[]) => {
  const s = new Set(b);
  return sorted(a.filter((x) => !s.has(x)));
};

/** A release from what the user wrote ('latest' is the newest release). */
export function checkRelease(value: string, what: string): Result<string> {
  const p = checkProfile(value);
  if (!p.ok) return fail({ ...p.error, message: `${what} ${value}: ${p.error.message}` });
  return ok(releaseOf(p.value));
}

/** Is release a older than b (-1), the same (0), newer (1)? */
export function compareReleases(a: string, b: string): number {
  return Math.sign((RELEASES as readonly string[]).indexOf(a) - (RELEASES as readonly string[]).indexOf(b));
}

function hostModelView(doc: HostDoc, release: string): HostModelView | null {
  const r = hostModelUnder(doc, release);
  return r.ok ? r.value : null;
}

/**
 * A host's host-model under QEMU release `release`: what `cpumodels host-model
 * --profile R` prints and what upgrade-check reports for the host.
 */
export function hostModelUnder(doc: HostDoc, release: string): Result<HostModelView> {
  const p = checkRelease(release, '--profile');
  if (!p.ok) return p;
  const hm = management(doc.arch, 'hostModel');
  if (!hm.ok) return hm;
  const r = hm.value({ ...doc, release: p.value });
  if (!r.ok) return r;
  if (!r.value.model) return fail({ code: 'host-model-unavailable', message: `${doc.name ?? doc.source.origin}: no host-model under QEMU ${p.value}`, value: p.value });
  return ok(viewOf(r.value, doc.arch));
}

function viewOf(b: HostModelBlock, arch: string): HostModelView {
  const features = b.features.filter((f) => f.policy !== 'disable' && f.policy !== 'forbid').map((f) => f.name);
  const disabled = b.features.filter((f) => f.policy === 'disable' || f.policy === 'forbid').map((f) => f.name);
  const cpu = writeCpu({ mode: 'custom', match: 'exact', arch, model: { name: b.model!.name, fallback: 'forbid' }, ...(b.vendor ? { vendor: b.vendor } : {}), features: b.features.map((f) => ({ name: f.name, policy: f.policy })) }).trimEnd();
  return { model: b.model!.name, ...(b.vendor ? { vendor: b.vendor } : {}), features, disabled, cpu };
}

/** The models QEMU `release` has that the host runs: the engine's verdicts. */
export function runnableUnder(arch: string, doc: HostDoc, release: string): Result<{ name: string; runnable: boolean; blockers: string[] }[]> {
  const host = { ...doc, release };
  const dm = management(arch, 'domcapsModels');
  if (dm.ok) return ok(dm.value(host, release));
  const fits = management(arch, 'fits');
  if (!fits.ok) return fits;
  const d = createDriver({ arch, profile: release });
  if (!d.ok) return d;
  const out = [];
  for (const x of d.value.definitions()) {
    const v = fits.value(host, { name: x.name });
    if (v.ok) out.push(v.value);
  }
  return ok(out);
}

/** The host-model guest of the window, as libvirt writes it. */
const HOST_MODEL_GUEST: GuestInput = { kind: 'libvirt', cpu: { mode: 'host-model', features: [] }, origin: 'a host-model guest' };

export function upgradeCheck(req: UpgradeRequest): Result<UpgradeReport> {
  const a = checkArch(req.arch);
  if (!a.ok) return a;
  const arch = a.value;
  const f = checkRelease(req.from, '--from');
  if (!f.ok) return f;
  const t = checkRelease(req.to, '--to');
  if (!t.ok) return t;
  const from = f.value;
  const to = t.value;
  const cc = catalogChange(arch, from, to);
  if (!cc.ok) return cc;
  const { arch: _a, from: _f, to: _t, ...models } = cc.value;
  const hosts = req.hosts ?? [];
  const guests = req.guests ?? [];
  for (const h of hosts) {
    if (h.doc.arch !== arch) return fail({ code: 'invalid-argument', message: `${h.file ?? h.doc.name ?? h.doc.source.origin}: the host is ${h.doc.arch}, the upgrade is of ${arch} hosts`, value: h.doc.arch, hint: `pass only ${arch} hosts, or --arch ${h.doc.arch} for those` });
  }
  for (const g of guests) {
    const ga = guestArch(g.input);
    if (ga && ga !== arch) return fail({ code: 'invalid-argument', message: `${g.origin}: the guest is ${ga}, the upgrade is of ${arch} hosts`, value: ga });
  }
  const report: UpgradeReport = { from, to, arch, models, hosts: [], window: [], guests: [] };
  if (!hosts.length && !guests.length) return ok(report);
  if (!hosts.length) return fail({ code: 'invalid-argument', message: 'guests are judged on hosts: pass --hosts as well', hint: '--hosts FILE|DIR…' });

  // the fleet under each release: the same documents, each host's release set to R
  const fleets: Record<'from' | 'to', FleetBuilder> = { from: new FleetBuilder(), to: new FleetBuilder() };
  const classOf = new Map<HostInput, number>();
  for (const h of hosts) {
    for (const side of ['from', 'to'] as const) {
      const c = fleets[side].add({ ...h.doc, release: side === 'from' ? from : to }, h.file);
      if (!c.ok) return c;
      if (side === 'from') classOf.set(h, c.value.id);
    }
  }
  const af1 = fleets.from.fleet.arches.get(arch as 'x86_64')!;
  const af2 = fleets.to.fleet.arches.get(arch as 'x86_64')!;
  const className = new Map(af1.classes.map((c) => [c.id, `${c.model}@${c.signature}`]));
  const firstDoc = new Map<number, HostDoc>();
  const runnable = new Map<number, { from: string[]; to: string[] }>();

  for (const h of hosts) {
    const id = classOf.get(h)!;
    if (!firstDoc.has(id)) firstDoc.set(id, h.doc);
    const r1 = runnableUnder(arch, h.doc, from);
    const r2 = runnableUnder(arch, h.doc, to);
    const run = {
      from: r1.ok ? sorted(r1.value.filter((v) => v.runnable).map((v) => v.name)) : [],
      to: r2.ok ? sorted(r2.value.filter((v) => v.runnable).map((v) => v.name)) : [],
    };
    if (!runnable.has(id)) runnable.set(id, run);
    const hm1 = hostModelView(h.doc, from);
    const hm2 = hostModelView(h.doc, to);
    // what a host-model guest gets here (QEMU's names): the fleet class's guest set under each release
    const i = af1.classes.findIndex((c) => c.id === id);
    const f1 = af1.catalog.names(guestSetOf(af1.classes[i]!));
    const f2 = af2.catalog.names(guestSetOf(af2.classes[i]!));
    report.hosts.push({
      name: h.doc.name ?? h.file ?? h.doc.source.origin,
      class: className.get(id)!,
      host_model: { from: hm1, to: hm2 },
      features_added: minus(f2, f1),
      features_dropped: minus(f1, f2),
      runnable: run,
      newly_runnable: minus(run.to, run.from),
      no_longer_runnable: minus(run.from, run.to),
    });
  }
  report.hosts.sort((x, y) => byName(x.name, y.name));

  // the window: a host-model guest started under R2 on class A, migrating to class B still under R1
  const ids = af1.classes.map((c) => c.id).sort((x, y) => byName(className.get(x)!, className.get(y)!));
  const onBoth = (id: number) => {
    const r = runnable.get(id)!;
    return new Set(r.from.filter((n) => r.to.includes(n)));
  };
  const fixedNames = fixedModels(arch, from, to);
  const featureCount = featureCounter(arch, from);
  for (const A of ids) {
    const targets: WindowTarget[] = [];
    const docA = firstDoc.get(A)!;
    for (const B of ids) {
      const docB = firstDoc.get(B)!;
      const v = migrateCheck({ guest: HOST_MODEL_GUEST, guestOrigin: 'a host-model guest', source: { ...docA, release: to }, target: { ...docB, release: from } });
      const b = migrateCheck({ guest: HOST_MODEL_GUEST, guestOrigin: 'a host-model guest', source: { ...docA, release: from }, target: { ...docB, release: from } });
      const before: Verdict = b.ok ? b.value.verdict : 'refused';
      const bothB = onBoth(B);
      const common = sorted([...onBoth(A)].filter((n) => bothB.has(n)));
      if (!v.ok) targets.push({ class: className.get(B)!, verdict: 'refused', blockers: [v.error.message], before, common });
      else targets.push({ class: className.get(B)!, verdict: v.value.verdict, blockers: v.value.blockers, before, common });
    }
    // what the upgrade breaks: pairs that migrate today and not in the window
    const refused = targets.filter((x) => x.verdict === 'refused' && x.before !== 'refused');
    let pin: string | null = null;
    let advice = `safe: host-model guests started here under ${to} migrate to every class under ${from} they migrate to today`;
    if (refused.length) {
      const cand = [...onBoth(A)].filter((n) => refused.every((x) => x.common.includes(n)));
      const pool = cand.filter((n) => fixedNames.has(n));
      pool.sort((x, y) => featureCount(y) - featureCount(x) || byName(x, y));
      pin = pool[0] ?? null;
      const where = refused.map((x) => x.class).join(', ');
      advice = pin
        ? `pin guests to ${pin} before upgrading (a host-model guest started here under ${to} cannot migrate to ${where} under ${from})`
        : `no named model runs on both sides: keep this class's guests off ${where} until they run ${to} too`;
    }
    const c = af1.classes.find((x) => x.id === A)!;
    report.window.push({ class: className.get(A)!, hosts: sorted(c.hosts), targets, pin, advice });
  }

  // the guests
  for (const g of guests) {
    const p1 = placement(fleets.from.fleet, g.input);
    if (!p1.ok) return fail({ ...p1.error, message: `${g.origin}: ${p1.error.message.replace(`${g.origin}: `, '')}` });
    const p2 = placement(fleets.to.fleet, g.input);
    if (!p2.ok) return fail({ ...p2.error, message: `${g.origin}: ${p2.error.message.replace(`${g.origin}: `, '')}` });
    // the name the guest gives (an alias stays an alias: its target may change), else the model it resolves to
    const inp = g.input;
    const named = inp.kind === 'libvirt' ? inp.cpu.model?.name : inp.kind === 'qmp' || inp.kind === 'normalized' ? inp.model.name : undefined;
    const model = named ?? p1.value.guest.model ?? null;
    const fit1 = new Set(p1.value.fit.flatMap((c) => c.hosts));
    const fit2 = new Set(p2.value.fit.flatMap((c) => c.hosts));
    const onClass: GuestOnClass[] = ids.map((id) => {
      const c1 = af1.classes.find((x) => x.id === id)!;
      const c2 = af2.classes.find((x) => x.id === id) ?? af2.classes[af1.classes.indexOf(c1)]!;
      const host = c1.hosts[0]!;
      const mis = p2.value.misfit.find((m) => m.hosts.includes(c2.hosts[0]!));
      return { class: className.get(id)!, starts_from: fit1.has(host), starts_to: fit2.has(c2.hosts[0]!), blockers: mis ? mis.reasons : [] };
    });
    const catalog = !model
      ? 'unchanged'
      : models.removed.includes(model)
        ? 'removed'
        : models.deprecated.includes(model)
          ? 'deprecated'
          : models.undeprecated.includes(model)
            ? 'undeprecated'
            : models.alias_changed.some((x) => x.name === model)
              ? 'alias_changed'
              : 'unchanged';
    const changes: CpuChange[] = [];
    const al = models.alias_changed.find((x) => x.name === model);
    if (al) {
      const fa = modelFeatures(arch, from, al.from);
      const fb = modelFeatures(arch, to, al.to);
      changes.push({ kind: 'alias', from: al.from, to: al.to, added: minus(fb, fa), dropped: minus(fa, fb) });
    }
    if (p1.value.guest.mode === 'host-model') {
      for (const id of ids) {
        const h = report.hosts.find((x) => x.class === className.get(id))!;
        if (h.features_added.length || h.features_dropped.length) changes.push({ kind: 'host-model', class: h.class, added: h.features_added, dropped: h.features_dropped });
      }
    }
    const machine = g.machine ? guestMachine(arch, g.machine, model, from, to) : null;
    if (machine && machine.model_from && machine.model_to) {
      const fa = modelFeatures(arch, from, machine.model_from);
      const fb = modelFeatures(arch, to, machine.model_to);
      if (machine.model_from !== machine.model_to || minus(fa, fb).length || minus(fb, fa).length) changes.push({ kind: 'machine', from: machine.model_from, to: machine.model_to, added: minus(fb, fa), dropped: minus(fa, fb) });
    }
    const machineBreaks = !!machine && machine.from !== null && machine.to === null;
    const breaks = machineBreaks || onClass.some((c) => c.starts_from && !c.starts_to);
    const verdict = breaks ? 'breaks' : !onClass.some((c) => c.starts_to) ? 'never-starts' : changes.length ? 'changes' : catalog === 'deprecated' ? 'deprecated' : 'ok';
    report.guests.push({ name: g.origin, mode: p1.value.guest.mode, model, catalog, verdict, hosts: onClass, cpu_changes: changes, machine });
  }
  report.guests.sort((x, y) => byName(x.name, y.name));
  return ok(report);
}

/** What QEMU lists that names no fixed CPU (the host's own, the accelerator's maximum, s390x's qemu). */
const NOT_A_MODEL = new Set(['host', 'max', 'base', 'qemu']);

/** Names that are not aliases in both releases (pinning to one never changes the guest's CPU). */
function fixedModels(arch: string, from: string, to: string): Set<string> {
  const out = new Set<string>();
  const sets = [from, to].map((r) => {
    const d = createDriver({ arch, profile: r });
    return new Set(d.ok ? d.value.definitions().filter((x) => !x['alias-of'] && !NOT_A_MODEL.has(x.name)).map((x) => x.name) : []);
  });
  for (const n of sets[0]!) if (sets[1]!.has(n)) out.add(n);
  return out;
}

function featureCounter(arch: string, release: string): (name: string) => number {
  const d = createDriver({ arch, profile: release });
  const memo = new Map<string, number>();
  return (name) => {
    let n = memo.get(name);
    if (n === undefined) {
      const r = d.ok ? d.value.resolve({ name }) : undefined;
      n = r?.ok ? r.value.features.count() : 0;
      memo.set(name, n);
    }
    return n;
  };
}

/** The guest's machine type under both releases and what its (unversioned) model name becomes under each. */
export function guestMachine(arch: string, type: string, model: string | null, from: string, to: string): GuestMachine | null {
  const resolve = MACHINE_RESOLVERS[arch];
  if (!resolve) return null;
  const out: GuestMachine = { type, from: null, to: null, cpu_version_from: null, cpu_version_to: null, model_from: null, model_to: null, problems: [] };
  for (const [side, release] of [['from', from], ['to', to]] as const) {
    const r = resolve(type, release);
    if (!r.ok) {
      out.problems.push(r.message);
      continue;
    }
    out[side] = r.value.machine;
    out[`cpu_version_${side}`] = r.value.cpuVersion;
    if (model) out[`model_${side}`] = versionOf(arch, release, model, r.value.cpuVersion);
  }
  return out;
}

/** An unversioned name under a machine type's default version (legacy: the name itself); a versioned name stays. */
function versionOf(arch: string, release: string, name: string, v: CpuVersion): string {
  const d = createDriver({ arch, profile: release });
  if (!d.ok) return name;
  const defs = d.value.definitions();
  const def = defs.find((x) => x.name === name);
  if (!def?.['alias-of'] || v === 'legacy') return name;
  if (v === 'latest') {
    const versions = defs.map((x) => x.name.slice(name.length + 2)).filter((v, i) => defs[i]!.name.startsWith(`${name}-v`) && /^\d+$/.test(v)).map(Number);
    return versions.length ? `${name}-v${Math.max(...versions)}` : String(def['alias-of']);
  }
  const versioned = `${name}-v${v}`;
  return defs.some((x) => x.name === versioned) ? versioned : String(def['alias-of']);
}

function modelFeatures(arch: string, release: string, name: string): string[] {
  const d = createDriver({ arch, profile: release });
  if (!d.ok) return [];
  const r = d.value.resolve({ name });
  return r.ok ? d.value.catalog.names(r.value.features) : [];
}

/** Does the report ask for action (a refused window pair, a guest that breaks, a versioned model whose features changed)? */
export function needsAction(r: UpgradeReport): boolean {
  return r.models.changed.length > 0 || r.window.some((w) => w.targets.some((t) => t.verdict === 'refused' && t.before !== 'refused')) || r.guests.some((g) => g.verdict === 'breaks');
}
