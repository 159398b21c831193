/**
 * A placement answer as JSON, from pieces kept between requests: each
 * class entry's head (signature, model, vendor, host count, the first hosts)
 * per host list (the index keeps one array per class and selection until it
 * changes) and its reasons per reasons list (a memoized class verdict hands
 * the same lists to every placement of its guest).
 * The text is the one JSON.stringify gives for the placement with its host
 * lists cut (placement-json.test.ts compares them); only its assembly is
 * done per request.
 */
import type { Placement } from './engine.js';

type Entry = Placement['fit'][number] & Partial<Omit<Placement['misfit'][number], keyof Placement['fit'][number]>>;

const heads = new WeakMap<readonly string[], Map<number | 'all', string>>();
const whys = new WeakMap<readonly string[], string>();

function head(e: Entry, limit: number | 'all'): string {
  let m = heads.get(e.hosts);
  if (!m) heads.set(e.hosts, (m = new Map()));
  let h = m.get(limit);
  if (h === undefined) {
    const o: Record<string, unknown> = { signature: e.signature, model: e.model };
    if (e.vendor !== undefined) o['vendor'] = e.vendor;
    o['hostCount'] = e.hostCount;
    o['hosts'] = limit === 'all' || e.hosts.length <= limit ? e.hosts : e.hosts.slice(0, limit);
    h = JSON.stringify(o).slice(1, -1);
    m.set(limit, h);
  }
  return h;
}

/** The reasons part of a misfit entry (kept per reasons list: the verdict's members are computed together). */
function whyText(e: Entry): string {
  const reasons = e.reasons ?? [];
  let t = whys.get(reasons);
  if (t === undefined) {
    const o: Record<string, unknown> = { reasons: e.reasons, missing: e.missing, forbidden: e.forbidden, type: e.type };
    if (e.vendorMismatch) o['vendorMismatch'] = e.vendorMismatch;
    whys.set(reasons, (t = JSON.stringify(o).slice(1, -1)));
  }
  return t;
}

/** The JSON of a placement with `limit` host names per class (hostCount keeps the number). */
export function placementJson(p: Placement, limit: number | 'all'): string {
  const out: string[] = [JSON.stringify({ arch: p.arch, guest: p.guest, hostCount: p.hostCount, fitCount: p.fitCount }).slice(0, -1), ',"fit":['];
  p.fit.forEach((e, i) => out.push(i ? ',{' : '{', head(e, limit), '}'));
  out.push('],"misfit":[');
  p.misfit.forEach((e, i) => out.push(i ? ',{' : '{', head(e, limit), ',', whyText(e), '}'));
  if (p.unknown?.length) {
    out.push('],"unknown":[');
    p.unknown.forEach((e, i) => out.push(i ? ',{' : '{', head(e, limit), ',"why":', JSON.stringify(e.why), '}'));
  }
  out.push('],"notes":', JSON.stringify(p.notes), '}');
  return out.join('');
}
