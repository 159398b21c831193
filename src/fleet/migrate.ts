/**
 * The live-migration verdict: libvirt's migrate-begin check, over host
 * documents. Pure (no I/O).
 *
 *   migrateCheck({ guest, source?, target })
 *     → { verdict: 'ok' | 'ok-with-changes' | 'refused', blockers, destinationCpu: { qmp, libvirt }, notes }
 *
 * The guest is a libvirt domain XML or its `<cpu>` (custom, host-model,
 * host-passthrough, maximum; feature policies honoured), a QMP CpuModelInfo,
 * or the normalized model query-cpu-model answers (`{model, signature, name}`).
 *
 *  - custom: the definition travels as it is; the target must run it
 *    (s390x: generation/GA not newer — `type` — and every feature; x86: the
 *    same vendor and every feature; no forbidden feature present). Optional
 *    features become require/disable according to the source (a change).
 *  - host-model: the guest runs the SOURCE's host-model: its concrete model
 *    plus the source's features (x86: migratable, so without invtsc), with
 *    the guest's feature policies on top. The destination gets that as a
 *    custom definition ('ok-with-changes'), if the target can run it.
 *  - host-passthrough / maximum: the guest sees the source's CPU as it is;
 *    refused unless source and target have identical signatures and
 *    identities.
 *  - a recorded signature (query-cpu-model) that differs from the one the
 *    definition gives means the guest runs with features its definition does
 *    not name (s390x: facilities KVM implements in software …): blockers
 *    naming them (found from the source's features), since the destination
 *    would start the guest without them.
 *  - a deprecated model is a note, not a blocker.
 */
import { toJsonText } from '../core/qmp-json.js';
import type { FeatureSet } from '../core/bitset.js';
import type { ModelInfo } from '../core/driver.js';
import { err, fail, ok, type CpuModelError, type Result } from '../core/errors.js';
import { modelWithSignature, signature } from '../core/signature.js';
import { libvirtFormats, type LibvirtCpu } from '../core/libvirt-model.js';
import type { HostDoc } from '../host/doc.js';
import type { S390Def } from '../arch/s390x/catalog.js';
import {
  archContext,
  FleetBuilder,
  fits,
  libvirtOf,
  expressed,
  listSome,
  parseGuest,
  qmpOf,
  resolveGuest,
  type FleetRules,
  type FleetArch,
  type FleetClass,
  type GuestInput,
  type ResolvedGuest,
  isFleetArch,
} from './fleet.js';

/** A `<cpu>` as libvirt writes it (the libvirt adapter's writer). */
const writeCpu = (cpu: LibvirtCpu): string => libvirtFormats().writeCpu(cpu);

/** 'unknown': the target's (or the source's) CPU is not known and the verdict needs it */
export type Verdict = 'ok' | 'ok-with-changes' | 'refused' | 'unknown';

export interface MigrateRequest {
  /** the guest: text (domain XML, <cpu>, JSON) or already parsed */
  guest: string | GuestInput | ModelInfo | LibvirtCpu;
  /** where the guest text came from, for messages */
  guestOrigin?: string;
  source?: HostDoc;
  target: HostDoc;
  /** models to treat as deprecated, beyond the catalog's flags */
  deprecated?: Iterable<string>;
}

export interface MigrateVerdict {
  verdict: Verdict;
  blockers: string[];
  /** why the verdict cannot be known (verdict 'unknown'; present only then) */
  undecided?: string[];
  /** the CPU definition the destination gets */
  destinationCpu: { qmp: ModelInfo; libvirt: string };
  notes: string[];
  arch: FleetArch;
  guest: { kind: GuestInput['kind']; mode: string; display: string };
}

function hostClass(doc: HostDoc, role: string): Result<FleetClass> {
  const b = new FleetBuilder();
  return b.add(doc, `${role} ${doc.name ?? doc.source.origin}`);
}

function toGuestInput(g: MigrateRequest['guest'], origin: string): Result<GuestInput> {
  if (typeof g === 'string') return parseGuest(g, origin);
  if ('kind' in g && typeof (g as GuestInput).kind === 'string') return ok(g as GuestInput);
  if ('features' in g && Array.isArray((g as LibvirtCpu).features)) return ok({ kind: 'libvirt', cpu: g as LibvirtCpu, origin });
  if ('name' in g && typeof (g as ModelInfo).name === 'string') return ok({ kind: 'qmp', model: g as ModelInfo, origin });
  return err('bad-guest', `${origin}: not a guest CPU`, { value: origin });
}

const defText = (d: S390Def) => `${d.name}, generation ${d.gen} GA${d.ga}`;

/** The identity members that differ, as "key a vs b". */
function identityDiff(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== 'description');
  const out: string[] = [];
  for (const k of keys) {
    const x = toJsonText(a[k]);
    const y = toJsonText(b[k]);
    if (x !== y) out.push(`${k} ${x ?? '(none)'} vs ${y ?? '(none)'}`);
  }
  return out;
}

/** The target-side blockers of a fit. */
function fitBlockers(ctx: FleetRules, g: { def?: S390Def; vendor?: string; model?: string }, tgt: FleetClass, f: ReturnType<typeof fits>): string[] {
  const out: string[] = [];
  if (f.type) out.push(g.def && tgt.def ? `type: the guest's CPU (${defText(g.def)}) is newer than the target's (${defText(tgt.def)})` : ctx.typeWhy ? `type: ${ctx.typeWhy(g, tgt)}` : `type: the guest's CPU is ${g.model ?? 'another CPU'}, the target's is ${tgt.model}`);
  if (f.vendor) out.push(`vendor: the guest's CPU is ${f.vendor.guest}, the target is ${f.vendor.host}`);
  if (f.unknown.length) out.push(`the target's QEMU ${f.release} does not know ${f.unknown.join(', ')}`);
  if (!f.missing.isEmpty()) {
    const names = ctx.catalog.names(f.missing);
    out.push(`the target lacks ${names.length === 1 ? 'feature' : 'features'} ${names.join(', ')}`);
  }
  if (!f.forbidden.isEmpty()) out.push(`the target has forbidden ${f.forbidden.count() === 1 ? 'feature' : 'features'} ${ctx.catalog.names(f.forbidden).join(', ')}`);
  return out;
}

/**
 * The set behind a recorded signature: the definition's features adjusted by
 * the source's (all extras, only common ones, the source's own set, one
 * feature more or less). Undefined when nothing matches.
 */
function explainSignature(ctx: FleetRules, defined: FeatureSet, recorded: string, src: FleetClass | undefined): { set: FeatureSet; tcg: boolean } | undefined {
  // a definition normalized under TCG carries TCG's defaults (x86: vme=off): the same definition
  const t = ctx.tcgVariant?.(defined);
  if (t && signature(ctx.catalog, t) === recorded) return { set: t, tcg: true };
  if (!src) return undefined;
  const tries: FeatureSet[] = [defined.or(src.set), defined.and(src.set), src.set];
  for (const i of src.set.andNot(defined).toArray()) tries.push(defined.clone().add(i));
  for (const i of defined.andNot(src.set).toArray()) tries.push(defined.clone().delete(i));
  const set = tries.find((t) => signature(ctx.catalog, t) === recorded);
  return set ? { set, tcg: false } : undefined;
}

/** Apply libvirt feature policies (QEMU's names on s390x, libvirt's on x86) to a concrete set. */
function applyPolicies(ctx: FleetRules, set: FeatureSet, cpu: LibvirtCpu, where: string): Result<FeatureSet> {
  const out = set.clone();
  for (const f of cpu.features) {
    const idx = ctx.policyFeature(f.name);
    if (!idx) return err('unknown-property', `${where}: <feature name='${f.name}'>: unknown ${ctx.arch} feature '${f.name}'`, { value: f.name });
    const p = f.policy ?? 'require';
    if (p === 'require' || p === 'force') out.ior(idx);
    else if (p === 'disable' || p === 'forbid') out.iandNot(idx);
  }
  return ok(out);
}

export function migrateCheck(req: MigrateRequest): Result<MigrateVerdict> {
  const origin = req.guestOrigin ?? 'guest';
  const target = req.target;
  const arch = target.arch;
  if (!isFleetArch(arch)) return err('unsupported', `target ${target.name ?? target.source.origin}: architecture '${arch}' has no migration support yet`, { value: arch });
  if (req.source && req.source.arch !== arch) {
    return err('mixed-arch', `source ${req.source.name ?? req.source.source.origin} is ${req.source.arch}, target ${target.name ?? target.source.origin} is ${arch}: a guest never migrates across architectures`, { value: `${req.source.arch},${arch}` });
  }
  const tgtR = hostClass(target, 'target');
  if (!tgtR.ok) return tgtR;
  const tgt = tgtR.value;
  let src: FleetClass | undefined;
  if (req.source) {
    const s = hostClass(req.source, 'source');
    if (!s.ok) return s;
    src = s.value;
  }
  const gi = toGuestInput(req.guest, origin);
  if (!gi.ok) return gi;
  const input = gi.value;
  const rg = resolveGuest(arch, input, req.deprecated ? { deprecated: req.deprecated } : {});
  if (!rg.ok) return rg;
  const g = rg.value;
  const ctx = archContext(arch);
  const notes: string[] = [];
  const blockers: string[] = [];
  if (g.deprecated) notes.push(`model '${g.model}' is deprecated: the guest migrates, but move it to a newer model when it next restarts`);
  const guestInfo = { kind: input.kind, mode: g.mode, display: g.display };
  const undecided: string[] = [];
  const done = (verdict: Verdict, qmp: ModelInfo, libvirt: string): Result<MigrateVerdict> =>
    ok({ verdict: blockers.length ? 'refused' : undecided.length ? 'unknown' : verdict, blockers, ...(undecided.length ? { undecided } : {}), destinationCpu: { qmp, libvirt }, notes, arch, guest: guestInfo });

  // -------------------------------------------------- host-passthrough, maximum
  if (g.mode === 'host-passthrough' || g.mode === 'maximum') {
    const qmp: ModelInfo = { name: g.mode === 'maximum' ? 'max' : 'host' };
    const libvirt = writeCpu(input.kind === 'libvirt' ? input.cpu : { mode: g.mode, features: [] });
    if (!src) {
      blockers.push(`${g.mode}: the guest sees its source host's CPU as it is, so the target must be identical; the source host is not given`);
      return done('ok', qmp, libvirt);
    }
    const unknownSide = ([['source', src], ['target', tgt]] as const).map(([role, c]) => [role, ctx.unknownWhy?.(c.identity)] as const).filter(([, why]) => why);
    if (unknownSide.length) {
      for (const [role, why] of unknownSide) undecided.push(`${g.mode} needs identical hosts: the ${role}'s CPU is not known (${why})`);
      return done('ok', qmp, libvirt);
    }
    if (src.signature !== tgt.signature || !src.set.equals(tgt.set)) {
      blockers.push(`${g.mode} needs identical hosts: source ${modelWithSignature(src.model, src.signature)}, target ${modelWithSignature(tgt.model, tgt.signature)}`);
      const lacks = src.set.andNot(tgt.set);
      const extra = tgt.set.andNot(src.set);
      if (!lacks.isEmpty()) blockers.push(`the target lacks ${listSome(ctx.catalog.names(lacks), 12)}`);
      if (!extra.isEmpty()) blockers.push(`the target has in addition ${listSome(ctx.catalog.names(extra), 12)}`);
    }
    const id = identityDiff(src.identity as Record<string, unknown>, tgt.identity as Record<string, unknown>);
    if (id.length) blockers.push(`${g.mode} needs identical CPUs: ${id.join('; ')}`);
    return done('ok', qmp, libvirt);
  }

  // -------------------------------------------------------------- host-model
  if (g.mode === 'host-model') {
    if (!src) return err('missing-input', `${origin}: a host-model guest runs its source host's CPU model; give the source host`, { value: 'host-model', hint: 'pass the source host document (--source FILE)' });
    const hm = ctx.hostModelOf(src, notes);
    let set = hm.set;
    const ident = hm.ident;
    if (input.kind === 'libvirt' && input.cpu.features.length) {
      const p = applyPolicies(ctx, set, input.cpu, origin);
      if (!p.ok) return p;
      set = p.value;
    }
    // the source's host-model is its class's: the model search is done once per capability
    const { qmp, lv } = expressed(ctx, set, ident);
    notes.push(...lv.notes);
    notes.push(`host-model on the source is ${modelWithSignature(qmp.name, signature(ctx.catalog, set))}; the destination gets it as a custom definition`);
    const required = ctx.requiredOf(set);
    const f = fits({ ...g, anyHost: false, required, def: ident.def, vendor: ident.vendor, vendorStrict: true } as ResolvedGuest, tgt);
    blockers.push(...fitBlockers(ctx, ident, tgt, f));
    return done('ok-with-changes', qmp, writeCpu(lv.cpu));
  }

  // ------------------------------------------------------------------ custom
  let features = g.features;
  let required = g.required;
  let changed = false;
  let cpu: LibvirtCpu | undefined = input.kind === 'libvirt' ? input.cpu : undefined;
  if (!g.optional.isEmpty()) {
    const names = ctx.catalog.names(g.optional);
    if (src) {
      const on = g.optional.and(src.set);
      const off = g.optional.andNot(src.set);
      required = required.or(on);
      features = features.or(on);
      if (cpu) {
        const onNames = new Set(ctx.catalog.names(on));
        const onLv = new Set([...onNames].map((q) => ctx.libvirtName(q)));
        cpu = { ...cpu, features: cpu.features.map((x) => (x.policy === 'optional' ? { name: x.name, policy: onLv.has(x.name) ? ('require' as const) : ('disable' as const) } : x)) };
      }
      changed = true;
      notes.push(`optional features resolved on the source: ${on.isEmpty() ? '' : `require ${ctx.catalog.names(on).join(', ')}`}${!on.isEmpty() && !off.isEmpty() ? '; ' : ''}${off.isEmpty() ? '' : `disable ${ctx.catalog.names(off).join(', ')}`}`);
    } else {
      notes.push(`optional features ${names.join(', ')}: whether the guest has them depends on the source host (not given); the target must have those it has`);
    }
  }
  let ident = { ...(g.def ? { def: g.def } : {}), ...(g.vendor ? { vendor: g.vendor } : {}), ...(g.cpu ? { cpu: g.cpu, ...(g.model ? { model: g.model } : {}) } : {}) };
  if (input.kind === 'normalized' && input.signature) {
    const defined = signature(ctx.catalog, features);
    if (defined !== input.signature) {
      const found = explainSignature(ctx, features, input.signature, src);
      const rec = input.name ?? modelWithSignature(input.model.name, input.signature);
      if (found?.tcg) {
        notes.push(`${rec} was normalized under TCG (${ctx.catalog.names(found.set.xor(features)).join(', ')} as TCG sets them); the definition is the same`);
      } else if (found) {
        const extra = found.set.andNot(features);
        const less = features.andNot(found.set);
        if (!extra.isEmpty()) blockers.push(`signature mismatch: the guest runs with ${extra.count() === 1 ? 'feature' : 'features'} ${ctx.catalog.names(extra).join(', ')} beyond its definition (${rec}; the definition gives ${modelWithSignature(input.model.name, defined)}); the destination would start it without them`);
        if (!less.isEmpty()) blockers.push(`signature mismatch: the guest runs without ${ctx.catalog.names(less).join(', ')}, which its definition names (${rec})`);
        notes.push(`a definition naming the guest's features exactly: ${toJsonText(qmpOf(ctx, found.set, ident))}`);
      } else {
        blockers.push(`signature mismatch: the guest's recorded signature ${input.signature} (${rec}) is not what its definition gives (${defined}); ${src ? "the source's features do not explain it" : 'the features behind it cannot be named without the source host'}`);
      }
    }
  }
  if (src) {
    const onSrc = fits({ ...g, required }, src);
    if (onSrc.indeterminate) notes.push(`whether the source itself runs this definition cannot be known: its CPU is not (${onSrc.indeterminate})`);
    else if (!onSrc.ok) notes.push(`the source itself could not start this definition (${fitBlockers(ctx, ident, src, onSrc).join('; ')}): the running guest may differ from it`);
  }
  const f = fits({ ...g, required }, tgt);
  blockers.push(...fitBlockers(ctx, ident, tgt, f));
  if (f.indeterminate) undecided.push(`whether the target runs ${g.display} cannot be known: its CPU is not (${f.indeterminate})`);
  // s390x: the target's QEMU release gives the model as its machine type has it (bpb/ppa15 before 3.0 …): the destination definition
  // names what the guest has there, never a feature that QEMU leaves out (or does not know)
  const omits = tgt.release ? ctx.releaseOmits?.({ ...g, required }, tgt.release) : undefined;
  if (omits && !omits.and(features).isEmpty()) {
    notes.push(`the target's QEMU ${tgt.release} gives ${g.model ?? g.display} without ${ctx.catalog.names(omits.and(features)).join(', ')} (its machine types' compatibility): the destination definition leaves them out`);
    features = features.andNot(omits);
  }
  // s390x: a model the target's machine defines otherwise (qemu before 2.12: a z900): the destination definition is that one
  const relModel = tgt.release ? ctx.releaseModel?.({ ...g, required }, tgt.release) : undefined;
  if (relModel?.def) {
    notes.push(`the target's QEMU ${tgt.release} defines ${input.kind === 'qmp' ? input.model.name : g.display} as a ${relModel.def.name} (its machine types' compatibility): the destination definition is that one`);
    features = relModel.features;
    ident = { ...ident, def: relModel.def };
  }
  let qmp: ModelInfo;
  let libvirt: string;
  if (input.kind === 'qmp' || input.kind === 'normalized') {
    qmp = input.model;
    const lv = libvirtOf(ctx, features, ident);
    notes.push(...lv.notes);
    libvirt = writeCpu(lv.cpu);
  } else if (input.kind === 'libvirt') {
    qmp = qmpOf(ctx, features, ident);
    libvirt = writeCpu(cpu!);
    if (writeCpu(input.cpu) !== libvirt) changed = true;
  } else {
    const e = expressed(ctx, features, ident);
    qmp = e.qmp;
    notes.push(...e.lv.notes);
    libvirt = writeCpu(e.lv.cpu);
  }
  return done(changed ? 'ok-with-changes' : 'ok', qmp, libvirt);
}
