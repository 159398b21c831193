/**
 * A placement answer one page at a time, the way paginated management APIs
 * answer (a `limit` of classes, a cursor for the next page): the classes that
 * can run the guest first, then those that cannot, then those that cannot be
 * judged, each by host count as placement orders them. Totals (hosts, fitting,
 * unfit, unknown, classes) always cover the whole selection, not the page.
 * What a page leaves out carries no information: each class lists its first
 * `hostsPerClass` host names beside its count (all of them:
 * `GET /v1/hosts?class=SIGNATURE`, said once in `hostsOfClass`), and a class
 * that cannot says why once in `reasons` ('type', 'vendor', a missing feature,
 * '!feature' for a forbidden one), not again as separate lists.
 * The CLI (`placement --limit/--hosts-per-class/--cursor`) and the service
 * (`POST /v1/placement`) both answer with this function.
 */
import { createHash } from 'node:crypto';
import { err, ok, type Result } from '../core/errors.js';
import type { Placement } from './fleet.js';

export const PAGE_DEFAULTS = { limit: 50, hostsPerClass: 5 } as const;
export const MAX_LIMIT = 10000;

export interface PageOptions {
  /** classes per page, 1..MAX_LIMIT (default 50); a string: as typed on the command line */
  limit?: number | string;
  /** host names listed per class, 0.. or 'all' (default 5) */
  hostsPerClass?: number | string;
  /** the `page.next` of the previous page */
  cursor?: string;
}

export interface PageClass {
  signature: string;
  model: string;
  vendor?: string;
  hostCount: number;
  hosts: string[];
  /** why not (misfit classes) */
  reasons?: string[];
  vendorMismatch?: { guest: string; host: string };
  /** why the verdict cannot be known (unknown classes) */
  why?: string;
}

export interface PlacementPage {
  arch: Placement['arch'];
  guest: Placement['guest'];
  hostCount: number;
  fitCount: number;
  /** hosts that cannot run the guest / cannot be judged (whole selection) */
  unfitCount: number;
  unknownCount: number;
  /** classes in the whole selection, and of them the fitting, unfit and unknown ones */
  classCount: number;
  fitClassCount: number;
  misfitClassCount: number;
  unknownClassCount: number;
  fit: PageClass[];
  misfit: PageClass[];
  unknown?: PageClass[];
  notes: string[];
  /** where every host of a class is listed ({signature} replaced) */
  hostsOfClass: string;
  page: { offset: number; limit: number; hostsPerClass: number | 'all'; next?: string };
}

/** What a cursor is tied to: the answer's classes and their host counts (a write that changes them makes old cursors stale). */
const versions = new WeakMap<Placement, string>();
function versionOf(p: Placement): string {
  let v = versions.get(p);
  if (v === undefined) {
    const h = createHash('sha256').update(p.guest.display).update('\0');
    for (const list of [p.fit, p.misfit, p.unknown ?? []]) {
      for (const c of list) h.update(`${c.signature}:${c.hostCount};`);
      h.update('|');
    }
    versions.set(p, (v = h.digest('base64url').slice(0, 16)));
  }
  return v;
}

const encodeCursor = (offset: number, version: string): string => Buffer.from(JSON.stringify({ o: offset, v: version })).toString('base64url');

function decodeCursor(c: string): { o: number; v: string } | undefined {
  try {
    const x = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (x && typeof x === 'object' && Number.isSafeInteger((x as { o: unknown }).o) && (x as { o: number }).o >= 0 && typeof (x as { v: unknown }).v === 'string') return x as { o: number; v: string };
  } catch {
    /* not ours */
  }
  return undefined;
}

/** Checks the page options a caller gives (the service's schema checks the same; the CLI reaches this one). */
export function checkPageOptions(o: PageOptions): Result<{ limit: number; hostsPerClass: number | 'all' }> {
  const num = (v: number | string): number => (typeof v === 'number' ? v : /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN);
  const limit = num(o.limit ?? PAGE_DEFAULTS.limit);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return err('bad-option', `limit ${String(o.limit)} is not a number of classes per page from 1 to ${MAX_LIMIT}`, { value: String(o.limit), hint: `give a whole number from 1 to ${MAX_LIMIT} (default ${PAGE_DEFAULTS.limit}); page on with the answer's page.next as cursor` });
  }
  const hpc = o.hostsPerClass === 'all' ? 'all' : num(o.hostsPerClass ?? PAGE_DEFAULTS.hostsPerClass);
  if (hpc !== 'all' && (!Number.isSafeInteger(hpc) || hpc < 0)) {
    return err('bad-option', `hostsPerClass ${String(o.hostsPerClass)} is not a number of host names per class`, { value: String(o.hostsPerClass), hint: `give a whole number from 0 (default ${PAGE_DEFAULTS.hostsPerClass}) or 'all'; every host of a class: GET /v1/hosts?class=SIGNATURE` });
  }
  return ok({ limit, hostsPerClass: hpc });
}

const cut = (hosts: readonly string[], n: number | 'all'): string[] => (n === 'all' || hosts.length <= n ? [...hosts] : hosts.slice(0, n));

/** One page of a placement answer. */
export function placementPage(p: Placement, opts: PageOptions = {}): Result<PlacementPage> {
  const o = checkPageOptions(opts);
  if (!o.ok) return o;
  const { limit, hostsPerClass } = o.value;
  const version = versionOf(p);
  let offset = 0;
  if (opts.cursor !== undefined) {
    const c = decodeCursor(opts.cursor);
    if (!c) return err('bad-option', `cursor '${opts.cursor.slice(0, 40)}' is not a cursor this answer gave`, { value: opts.cursor.slice(0, 40), hint: "pass the page.next of the previous answer unchanged, or leave out 'cursor' for the first page" });
    if (c.v !== version) return err('stale-cursor', `cursor '${opts.cursor.slice(0, 40)}' belongs to an answer that has changed since (a host was stored or removed, or the question differs)`, { value: opts.cursor.slice(0, 40), hint: "start again from the first page: leave out 'cursor'" });
    offset = c.o;
  }
  const unknown = p.unknown ?? [];
  const all = p.fit.length + p.misfit.length + unknown.length;
  const end = Math.min(all, offset + limit);
  const slice = <T>(list: readonly T[], start: number): T[] => list.slice(Math.max(0, offset - start), Math.max(0, end - start));
  const fit = slice(p.fit, 0).map((c): PageClass => ({ signature: c.signature, model: c.model, ...(c.vendor !== undefined ? { vendor: c.vendor } : {}), hostCount: c.hostCount, hosts: cut(c.hosts, hostsPerClass) }));
  const misfit = slice(p.misfit, p.fit.length).map(
    (c): PageClass => ({ signature: c.signature, model: c.model, ...(c.vendor !== undefined ? { vendor: c.vendor } : {}), hostCount: c.hostCount, hosts: cut(c.hosts, hostsPerClass), reasons: c.reasons, ...(c.vendorMismatch ? { vendorMismatch: c.vendorMismatch } : {}) }),
  );
  const unk = slice(unknown, p.fit.length + p.misfit.length).map((c): PageClass => ({ signature: c.signature, model: c.model, ...(c.vendor !== undefined ? { vendor: c.vendor } : {}), hostCount: c.hostCount, hosts: cut(c.hosts, hostsPerClass), why: c.why }));
  const unknownCount = unknown.reduce((n, c) => n + c.hostCount, 0);
  return ok({
    arch: p.arch,
    guest: p.guest,
    hostCount: p.hostCount,
    fitCount: p.fitCount,
    unfitCount: p.hostCount - p.fitCount - unknownCount,
    unknownCount,
    classCount: all,
    fitClassCount: p.fit.length,
    misfitClassCount: p.misfit.length,
    unknownClassCount: unknown.length,
    fit,
    misfit,
    ...(unk.length ? { unknown: unk } : {}),
    notes: p.notes,
    hostsOfClass: '/v1/hosts?class={signature}',
    page: { offset, limit, hostsPerClass, ...(end < all ? { next: encodeCursor(end, version) } : {}) },
  });
}
