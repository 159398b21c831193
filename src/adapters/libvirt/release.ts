/**
 * Writing libvirt XML for a given libvirt release: only the x86 model and
 * feature names that release's cpu_map has (src/data/x86_64/libvirt-releases.ts).
 *
 *  - A model the release lacks (a versioned name before 10.10.0, or a model
 *    added later) is replaced by the release's model that describes the same
 *    CPU with the fewest changes: the features are recomputed against it
 *    (require what it lacks, disable what it has beyond the CPU). A pure
 *    alias such as Skylake-Client-v2 becomes its unversioned twin
 *    (Skylake-Client-IBRS) with no change at all.
 *  - A feature the release has no name for is left out, and said so: a guest
 *    that silently loses a feature is worse than one that fails to start.
 *
 * Pure: no I/O. Which release the local libvirt is comes from the CLI
 * (virsh --version). Other architectures' names are written as they are.
 */
import { fail, ok, type Result } from '../../core/errors.js';
import { ARCH_FACTS, archFacts } from '../../arch/facts.js';
import { LIBVIRT_X86_DATA_RELEASE, LIBVIRT_X86_FEATURE_SINCE, LIBVIRT_X86_MODEL_SINCE } from '../../data/x86_64/libvirt-releases.js';
import { LIBVIRT_X86_MODELS } from '../../data/x86_64/libvirt-models.js';
import { expandLibvirtCpu, inLibvirtOrder, libvirtHostModel, libvirtModel, type HostModelOptions, type HostModelResult } from '../../arch/x86_64/hostmodel.js';
import type { DecodedX86Cpu } from '../../arch/x86_64/cpuid.js';
import { childrenOf, parseXml, readCpu, tagOf, writeCpu, type LibvirtCpu } from './cpu-xml.js';
import { cpusOfPieces } from './extract-cpus.js';
import type { DomCapsCpu, DomCapsModel } from './domcaps.js';

import { parseLibvirtRelease, releaseNumber as num, type LibvirtRelease } from './release-version.js';

export { parseLibvirtRelease, type LibvirtRelease } from './release-version.js';

/** The newest release the data describes: writing for it changes nothing. */
export const NEWEST_LIBVIRT: LibvirtRelease = unwrapRelease(LIBVIRT_X86_DATA_RELEASE);

function unwrapRelease(s: string): LibvirtRelease {
  const r = parseLibvirtRelease(s);
  if (!r.ok) throw new Error(`libvirt release data: bad release '${s}'`);
  return r.value;
}

/** name → the release number it came in (each release text parsed once: a few dozen among hundreds of rows) */
function sinceOf(rows: readonly { name: string; since: string }[]): Map<string, number> {
  const parsed = new Map<string, number>();
  const numberOf = (since: string): number => {
    let n = parsed.get(since);
    if (n === undefined) parsed.set(since, (n = num(unwrapRelease(since))));
    return n;
  };
  return new Map(rows.map((r) => [r.name, numberOf(r.since)]));
}
const MODEL_SINCE = sinceOf(LIBVIRT_X86_MODEL_SINCE);
const FEATURE_SINCE = sinceOf(LIBVIRT_X86_FEATURE_SINCE);

/** Does the release's x86 cpu_map have this model? (names we have no row for: assumed yes — not ours to refuse) */
export function modelKnownIn(name: string, r: LibvirtRelease): boolean {
  const s = MODEL_SINCE.get(name);
  return s === undefined || s <= num(r);
}

/** Does the release's x86 cpu_map have this feature name? */
export function featureKnownIn(name: string, r: LibvirtRelease): boolean {
  const s = FEATURE_SINCE.get(name);
  return s === undefined || s <= num(r);
}

/** The x86 model names the release has, in cpu_map order. */
export function modelsIn(r: LibvirtRelease): string[] {
  return LIBVIRT_X86_MODELS.filter((m) => modelKnownIn(m.name, r)).map((m) => m.name);
}

export interface ForRelease<T> {
  value: T;
  /** what was changed or left out, one sentence each (for stderr) */
  notes: string[];
}

/** The note for features a release has no name for. */
export function droppedNote(r: LibvirtRelease, names: readonly string[], what = 'the CPU'): string {
  return `libvirt ${r.text} has no name for ${names.length === 1 ? 'feature' : `${names.length} features`} of ${what}: ${names.join(' ')} — left out, so the guest will not have ${names.length === 1 ? 'it' : 'them'} (write for a newer libvirt with --libvirt X.Y)`;
}

/**
 * The release's model closest to a feature set: fewest required plus
 * disabled features (a disabled one counts double), the same vendor; ties
 * go to the newer model. Only models whose own features the release names.
 */
function closestModel(data: ReadonlySet<string>, vendor: string | undefined, r: LibvirtRelease, allowDisable: boolean): { name: string; require: string[]; disable: string[] } | undefined {
  let best: { name: string; require: string[]; disable: string[]; cost: number } | undefined;
  for (let i = LIBVIRT_X86_MODELS.length - 1; i >= 0; i--) {
    const row = LIBVIRT_X86_MODELS[i]!;
    if (!modelKnownIn(row.name, r)) continue;
    const m = libvirtModel(row.name)!;
    if (vendor && m.vendor && m.vendor !== vendor) continue;
    if ([...m.features].some((f) => !featureKnownIn(f, r))) continue;
    const require = [...data].filter((f) => !m.features.has(f));
    const disable = [...m.features].filter((f) => !data.has(f));
    if (disable.length && !allowDisable) continue;
    const cost = require.length + 2 * disable.length;
    if (!best || cost < best.cost) best = { name: row.name, require, disable, cost };
  }
  return best && { name: best.name, require: inLibvirtOrder(best.require), disable: inLibvirtOrder(best.disable) };
}

function isX86(cpu: LibvirtCpu): boolean {
  if (cpu.arch !== undefined) return archFacts(cpu.arch) === ARCH_FACTS.x86_64;
  // (MODEL_SINCE names every model row, release.test.ts checks: no model table read for it)
  return !cpu.model || MODEL_SINCE.has(cpu.model.name);
}

/**
 * A `<cpu>` as libvirt release `r` accepts it (see the top of this file).
 * `what` names the CPU in notes ("the host-model CPU", "/path/file.xml").
 */
export function cpuForRelease(cpu: LibvirtCpu, r: LibvirtRelease, what = 'the CPU'): ForRelease<LibvirtCpu> {
  if (!isX86(cpu) || num(r) >= num(NEWEST_LIBVIRT)) return { value: cpu, notes: [] };
  const notes: string[] = [];
  const hostForm = cpu.arch !== undefined && cpu.features.every((f) => f.policy === undefined);
  const on = (p: string | undefined) => p === undefined || p === 'require' || p === 'force';
  let out: LibvirtCpu = cpu;
  if (cpu.model && !modelKnownIn(cpu.model.name, r)) {
    const req = cpu.features.filter((f) => on(f.policy)).map((f) => f.name);
    const dis = cpu.features.filter((f) => f.policy === 'disable' || f.policy === 'forbid').map((f) => f.name);
    const full = expandLibvirtCpu(cpu.model.name, req, dis) ?? [];
    const data = new Set(full.filter((f) => featureKnownIn(f, r)));
    const vendor = cpu.vendor ?? libvirtModel(cpu.model.name)?.vendor;
    const best = closestModel(data, vendor, r, !hostForm) ?? closestModel(data, vendor, r, true);
    if (best) {
      const optional = cpu.features.filter((f) => f.policy === 'optional' && featureKnownIn(f.name, r));
      const features: LibvirtCpu['features'] = [
        ...best.require.map((name) => (hostForm ? { name } : { name, policy: 'require' as const })),
        ...best.disable.map((name) => ({ name, policy: 'disable' as const })),
        ...optional,
      ];
      // by construction the features are the same (but for those the release cannot name, noted below)
      notes.push(`libvirt ${r.text} has no CPU model '${cpu.model.name}': ${what} is written as '${best.name}' (the same features)`);
      out = { ...cpu, model: { ...cpu.model, name: best.name }, features };
      const lost = full.filter((f) => !featureKnownIn(f, r));
      if (lost.length) notes.push(droppedNote(r, lost, what));
      return { value: out, notes };
    }
  }
  const lost = out.features.filter((f) => !featureKnownIn(f.name, r));
  if (lost.length) {
    out = { ...out, features: out.features.filter((f) => featureKnownIn(f.name, r)) };
    const wanted = lost.filter((f) => on(f.policy)).map((f) => f.name);
    if (wanted.length) notes.push(droppedNote(r, wanted, what));
  }
  return { value: out, notes };
}

/**
 * libvirt's host-model choice for decoded CPUID data as release `r` makes
 * it: the candidates are the release's models and the data holds only the
 * features the release names (the others are left out, and said so).
 */
export function hostModelForRelease(cpu: DecodedX86Cpu, r: LibvirtRelease, opts: HostModelOptions = {}): Result<ForRelease<HostModelResult>> {
  if (num(r) >= num(NEWEST_LIBVIRT)) {
    const hm = libvirtHostModel(cpu, opts);
    return hm.ok ? ok({ value: hm.value, notes: [] }) : hm;
  }
  const models = modelsIn(r).filter((m) => !opts.models || opts.models.includes(m));
  const lost = cpu.libvirt.filter((f) => !featureKnownIn(f, r));
  const hm = libvirtHostModel({ ...cpu, libvirt: cpu.libvirt.filter((f) => featureKnownIn(f, r)) }, { ...opts, models });
  if (!hm.ok) return hm;
  const notes = lost.length ? [droppedNote(r, lost, `the host CPU (${cpu.source})`)] : [];
  return ok({ value: hm.value, notes });
}

const CPU_ELEMENT = /^([ \t]*)<cpu(?:\s[^>]*)?(?:\/>|>[\s\S]*?<\/cpu>)/gm;

/**
 * Every `<cpu>` element in a text (a command's output, each starting a
 * line), rewritten for release `r`; the rest of the text stays as it is.
 * Elements that do not parse as a CPU are left alone.
 */
export function cpuXmlForRelease(text: string, r: LibvirtRelease, what = 'the CPU'): ForRelease<string> {
  if (num(r) >= num(NEWEST_LIBVIRT) || !text.includes('<cpu')) return { value: text, notes: [] };
  const notes: string[] = [];
  const rewrite = (cpu: LibvirtCpu, indent: string): string => {
    const m = cpuForRelease(cpu, r, what);
    notes.push(...m.notes);
    return writeCpu(m.value, indent).replace(/\n$/, '');
  };
  const value = text.replace(CPU_ELEMENT, (whole: string, indent: string) => {
    let cpu: LibvirtCpu;
    try {
      // the element reader first (a plain <cpu>, like a baseline's: no XML parser to load), else the parser (a <mode> element: domain capabilities)
      const quick = /<mode[\s/>]/.test(whole) ? undefined : cpusOfPieces([whole.trim()], what);
      if (quick?.length === 1) return rewrite(quick[0]!, indent);
      const nodes = parseXml(whole.trim(), what).filter((n) => tagOf(n) === 'cpu');
      if (nodes.length !== 1 || childrenOf(nodes[0]!).some((c) => tagOf(c) === 'mode')) return whole;
      cpu = readCpu(nodes[0]!, what);
    } catch {
      return whole;
    }
    return rewrite(cpu, indent);
  });
  return { value, notes };
}

/** The same inside a JSON document: every string value holding a `<cpu>` element. */
export function cpuJsonForRelease(text: string, r: LibvirtRelease, what = 'the CPU'): ForRelease<string> {
  if (num(r) >= num(NEWEST_LIBVIRT) || !text.includes('<cpu')) return { value: text, notes: [] };
  const notes: string[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { value: text, notes };
  }
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string' && v.trimStart().startsWith('<cpu')) {
      const m = cpuXmlForRelease(v, r, what);
      notes.push(...m.notes);
      return m.value;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return { value: JSON.stringify(walk(doc), null, 2) + (text.endsWith('\n') ? '\n' : ''), notes };
}

/**
 * A domcapabilities `<cpu>` block as release `r` writes it (x86_64): the
 * host-model CPU through cpuForRelease, custom models the release does not
 * know left out (that libvirt would not list them), blockers in its names.
 */
export function domCapsForRelease(dc: DomCapsCpu, r: LibvirtRelease): ForRelease<DomCapsCpu> {
  if (!archFacts(dc.arch)?.libvirtCpuMap || num(r) >= num(NEWEST_LIBVIRT)) return { value: dc, notes: [] };
  const notes: string[] = [];
  let out: DomCapsCpu = dc;
  const hm = dc.hostModel;
  if (hm?.supported && hm.model) {
    const asCpu: LibvirtCpu = { model: { name: hm.model.name }, ...(hm.vendor ? { vendor: hm.vendor } : {}), features: hm.features.map((f) => ({ name: f.name, policy: f.policy })) };
    const m = cpuForRelease(asCpu, r, 'the host-model CPU');
    notes.push(...m.notes);
    out = {
      ...out,
      hostModel: {
        ...hm,
        model: { ...hm.model, name: m.value.model!.name },
        features: m.value.features.map((f) => ({ name: f.name, policy: f.policy ?? 'require' })),
      },
    };
  }
  if (dc.custom) {
    const kept = dc.custom.models.filter((m) => modelKnownIn(m.name, r));
    const left = dc.custom.models.length - kept.length;
    if (left) notes.push(`libvirt ${r.text} does not know ${left} of the ${dc.custom.models.length} custom models: left out of the list`);
    out = {
      ...out,
      custom: {
        ...dc.custom,
        models: kept.map((m) => {
          const { canonical, blockers, ...rest } = m;
          const c: DomCapsModel = { ...rest };
          if (canonical !== undefined && modelKnownIn(canonical, r)) c.canonical = canonical;
          const b = blockers?.filter((f) => featureKnownIn(f, r));
          if (b?.length) c.blockers = b;
          return c;
        }),
      },
    };
  }
  return { value: out, notes };
}
