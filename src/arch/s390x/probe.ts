/**
 * s390x host probing: turn what a host shows into a host capability.
 *
 * Sources (the format is detected from the text):
 *  - /proc/cpuinfo: the `facilities` line lists the installed STFLE bits,
 *    `machine = TTTT` gives the machine type;
 *  - /proc/sysinfo: `Type:` gives the machine type (no facility list);
 *  - a QMP reply of query-cpu-model-expansion for `host` (or any model), the
 *    form libvirt caches: the model name gives the definition, the props the
 *    exact features.
 *
 * Only STFLE facilities are visible in /proc/cpuinfo. SCLP features and
 * instruction subfunctions (crypto, PLO, PTFF …) are not; for those the
 * capability assumes what the detected definition's default model has.
 * The GA level is not visible either: the newest GA of the machine type
 * whose base features are all present is taken. The parser is pure: callers
 * read the files.
 */
import { lazy, loadZod } from '../../core/lazy.js';
import type { FeatureSet } from '../../core/bitset.js';
import { fail, ok, type ErrorCode, type Result } from '../../core/errors.js';
import type { S390Catalog, S390Def } from './catalog.js';

export interface S390Probe {
  def: S390Def;
  features: FeatureSet;
  source: 'cpuinfo' | 'sysinfo' | 'qmp-expansion';
  /** Facility bits seen (cpuinfo). */
  facilities?: number[];
  machineType: number;
  notes: string[];
}

export type S390ProbeFormat = 'cpuinfo' | 'sysinfo' | 'qmp-expansion';

export function detectFormat(text: string): S390ProbeFormat | null {
  const t = text.trimStart();
  if (t.startsWith('{')) return 'qmp-expansion';
  if (/^facilities\s*:/m.test(text) || /^vendor_id\s*:\s*IBM\/S390/m.test(text)) return 'cpuinfo';
  if (/^Type:\s+[0-9A-Fa-f]{4}\s*$/m.test(text) && /^Manufacturer:/m.test(text)) return 'sysinfo';
  return null;
}

function bad(message: string, hint?: string, code: ErrorCode = 'bad-host-data'): Result<never> {
  return fail({ code, message, ...(hint ? { hint } : {}) });
}

/** Newest definition of a machine type whose base set fits (or the oldest GA). */
function defForType(cat: S390Catalog, type: number, features: FeatureSet | null): S390Def | undefined {
  const sameType = cat.defs.filter((d) => d.type === type);
  if (!sameType.length) return undefined;
  if (!features) return sameType[sameType.length - 1];
  let best = sameType[0];
  for (const d of sameType) {
    if (d.base.andNot(features).iandNot(cat.ignoredBase).isEmpty()) best = d;
  }
  return best;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

export function parseCpuinfo(cat: S390Catalog, text: string): Result<S390Probe> {
  const fac = /^facilities\s*:\s*(.*)$/m.exec(text);
  if (!fac) return bad("/proc/cpuinfo has no 'facilities' line", 'is this an s390x /proc/cpuinfo? (Linux 4.15 or later lists facilities)');
  const bits: number[] = [];
  for (const tok of fac[1]!.trim().split(/\s+/)) {
    if (!tok) continue;
    const n = Number(tok);
    if (!Number.isInteger(n) || n < 0 || n > 16383) return bad(`/proc/cpuinfo: facility '${tok}' is not a facility number`);
    bits.push(n);
  }
  const m = /machine\s*=\s*([0-9A-Fa-f]{4})/.exec(text);
  if (!m) return bad("/proc/cpuinfo names no 'machine = TYPE'", 'add the processor lines, or use /proc/sysinfo');
  const machineType = parseInt(m[1]!, 16);
  return fromFacilities(cat, machineType, bits, 'cpuinfo');
}

export function fromFacilities(cat: S390Catalog, machineType: number, bits: readonly number[], source: 'cpuinfo'): Result<S390Probe> {
  const fc = cat.features;
  const stfl = fc.empty();
  const have = new Set(bits);
  for (const f of fc.features) if (f.kind === 'STFL' && have.has(f.bit)) stfl.add(f.index);
  const def = defForType(cat, machineType, null);
  if (!def) {
    return bad(`unknown s390x machine type ${hex4(machineType)}`, `known types: ${[...new Set(cat.defs.map((d) => hex4(d.type)))].join(' ')}`);
  }
  // Non-STFL features (SCLP, subfunctions) are invisible here: take the definition's defaults.
  const invisible = fc.empty();
  for (const f of fc.features) if (f.kind !== 'STFL') invisible.add(f.index);
  const guess = (d: S390Def) => stfl.or(d.default.and(invisible));
  let chosen = defForType(cat, machineType, guess(def)) ?? def;
  // GA levels whose default sets are equal cannot be told apart without the
  // IBC: take the oldest, which is safe (every guest it allows runs on all).
  const sameType = cat.defs.filter((d) => d.type === machineType && d.index < chosen.index).reverse();
  for (const older of sameType) {
    if (!guess(older).equals(guess(chosen))) break;
    chosen = older;
  }
  return ok({
    def: chosen,
    features: guess(chosen),
    source,
    facilities: [...bits],
    machineType,
    notes: [
      'non-STFLE features (SCLP, subfunctions) assumed from the default model',
      'GA level inferred from the facilities; GA levels with equal features cannot be told apart without the IBC, the oldest is taken',
    ],
  });
}

export function parseSysinfo(cat: S390Catalog, text: string): Result<S390Probe> {
  const m = /^Type:\s+([0-9A-Fa-f]{4})\s*$/m.exec(text);
  if (!m) return bad("/proc/sysinfo has no 'Type:' line");
  const machineType = parseInt(m[1]!, 16);
  const def = defForType(cat, machineType, null);
  if (!def) return bad(`unknown s390x machine type ${hex4(machineType)}`);
  return ok({ def, features: def.default.clone(), source: 'sysinfo', machineType, notes: ['features assumed from the default model of the newest GA of the machine type'] });
}

/** The part of a query-cpu-model-expansion reply we read: {name, props?}. */
const expansionReply = lazy(() => {
  const { z } = loadZod();
  const ExpandedModel = z.object({ name: z.string().min(1), props: z.record(z.string(), z.unknown()).optional() });
  return z.union([z.object({ return: z.object({ model: ExpandedModel }) }), z.object({ model: ExpandedModel }), ExpandedModel]);
});

/** A QMP reply (or its `return`, or its `model`) of query-cpu-model-expansion. */
export function parseQmpExpansion(cat: S390Catalog, json: unknown): Result<S390Probe> {
  if (json && typeof json === 'object' && 'error' in json) {
    const e = (json as { error?: { desc?: string } }).error;
    return bad(`the QMP reply is an error: ${e?.desc ?? JSON.stringify(e)}`);
  }
  const parsed = expansionReply().safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return bad(`not a query-cpu-model-expansion reply (${issue ? `${issue.path.join('.') || 'top level'}: ${issue.message}` : 'unexpected shape'}): expected {"return": {"model": {"name": …, "props": {…}}}}`);
  }
  const p = parsed.data;
  const v = 'return' in p ? p.return.model : 'model' in p ? p.model : p;
  const name = v.name.replace(/-base$/, '');
  const def = cat.defByName(name);
  if (!def) return bad(`the QMP reply names CPU definition '${v.name}', which is not an s390x model`);
  const props = v.props ?? {};
  // A static expansion is a delta against the base model; a full one lists everything.
  const features = def.base.clone();
  for (const [k, val] of Object.entries(props)) {
    if (typeof val !== 'boolean') continue; // non-feature properties
    if (!cat.features.switchName(features, k, val)) return bad(`the QMP reply names feature '${k}', which this catalog does not know`, 'use --profile latest for features newer than QEMU 7.2');
  }
  // the reply says which features its QEMU knew, not which release that was: a feature newer than it (bpb, ppa15 before 2.12 …)
  // is absent here even where the host's KVM has it, and the default models are judged as the catalog's release has them
  const notes = [`a QMP expansion reply names no QEMU release: the host is judged as the catalog's release (${cat.profile}) sees it, and a feature the replying QEMU did not know counts as absent; the host's domcapabilities give its own release's view`];
  return ok({ def, features, source: 'qmp-expansion', machineType: def.type, notes });
}

export function probeText(cat: S390Catalog, text: string, origin = 'input'): Result<S390Probe> {
  const fmt = detectFormat(text);
  if (fmt === 'cpuinfo') return parseCpuinfo(cat, text);
  if (fmt === 'sysinfo') return parseSysinfo(cat, text);
  if (fmt === 'qmp-expansion') {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return bad(`${origin}: malformed JSON: ${(e as Error).message}`, undefined, 'malformed-json');
    }
    return parseQmpExpansion(cat, json);
  }
  return bad(`${origin}: not an s390x /proc/cpuinfo, /proc/sysinfo or QMP expansion reply`, 'pass the file with --host FILE');
}
