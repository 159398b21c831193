// Shared helpers for the live differential tiers (s390x, x86_64; ppc/arm
// later): a seeded PRNG, a fresh-seed source, a random QMP request generator
// for the CPU-model commands, and the reply comparison used to decide whether
// our server answered exactly like QEMU.

import { randomInt } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export { mulberry32 } from '../../src/core/prng.js';

/**
 * A fresh random seed for this run (crypto random, 32 bits), unless
 * CPUMODELS_SEED is set, in which case that value is used to replay a run.
 */
export function freshSeed(): number {
  const env = process.env.CPUMODELS_SEED;
  if (env !== undefined && env.trim() !== '') {
    const n = Number(env.trim());
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
      throw new Error(`CPUMODELS_SEED must be an integer in [0, 4294967295], got ${JSON.stringify(env)}`);
    }
    return n;
  }
  return randomInt(0, 0x100000000 - 1);
}

/**
 * The first executable among `override` (when set: only that) or
 * /usr/bin/NAME and NAME on PATH; null when there is none.
 */
export function findBinary(name: string, override: string | undefined): string | null {
  const candidates = override ? [override] : [`/usr/bin/${name}`, ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, name))];
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      /* next */
    }
  }
  return null;
}

// ---------------------------------------------------------------------------
// Random request generation

export interface QmpRequest {
  execute: string;
  arguments?: unknown;
}

export interface RequestCatalog {
  /** Model names the server advertises (from query-cpu-definitions). */
  models: string[];
  /** Real property names (features and groups). */
  props: string[];
  /**
   * Optional per-model property names that may be set to true without
   * error (e.g. those true in the model's full expansion). When given, most
   * true values are drawn from the model's own list, so that more requests
   * succeed; the rest still come from all names (and often fail).
   */
  enableable?: Record<string, string[]>;
  /** Commands to exercise (default: all four CPU-model commands). */
  commands?: string[];
  /** Expansion types (default: static, full). */
  expansionTypes?: string[];
  /** Unknown model names to use sometimes (default: a few plausible-looking ones). */
  unknownModels?: string[];
  /** Unknown property names to use sometimes. */
  unknownProps?: string[];
  /**
   * Relative weight of each command (default: 1 each, 0.4 for
   * query-cpu-definitions). Names not listed here get those defaults.
   */
  commandWeights?: Record<string, number>;
  /**
   * Property names drawn less often (x86: names that appear only in full
   * expansions). When given, a property name comes from here with
   * probability rarePropShare (default 0.2), else from props.
   */
  rareProps?: string[];
  rarePropShare?: number;
  /**
   * Well-typed sample values for non-boolean properties (x86: family,
   * vendor, level, ...). When a listed name is drawn, one of its samples is
   * used with probability typedValueShare (default 0.7); otherwise it gets a
   * boolean like every other name (usually a type error).
   */
  propValues?: Record<string, readonly unknown[]>;
  typedValueShare?: number;
  /**
   * (name, value) pairs never to send, e.g. inputs that crash QEMU itself.
   * Such entries are dropped from the generated props.
   */
  excludeProp?: (name: string, value: unknown) => boolean;
}

/** Names drawn for unexpected members (several per request; a few look like real ones). */
export const UNKNOWN_KEYS = ['alpha', 'mid', 'beta', 'zeta', 'foo', 'bar', 'x', 'extra', 'Type', 'model ', 'props2', 'name2', 'a', 'b', 'c', 'typo', 'omega', 'gamma', 'delta', 'k9'];

export const CPU_MODEL_COMMANDS = [
  'query-cpu-definitions',
  'query-cpu-model-expansion',
  'query-cpu-model-comparison',
  'query-cpu-model-baseline',
] as const;

/**
 * Builds random requests from a seeded PRNG. Most requests are well formed
 * (known models, real props with true and false values, sometimes no props);
 * a minority are deliberately bad (unknown model/prop names, wrong JSON
 * types, missing/unexpected parameters) because error replies must agree too.
 */
export function makeRequestGenerator(rng: () => number, catalog: RequestCatalog): () => QmpRequest {
  if (!catalog.models.length) throw new Error('request generator: no model names');
  if (!catalog.props.length) throw new Error('request generator: no property names');
  const commands = catalog.commands ?? [...CPU_MODEL_COMMANDS];
  const types = catalog.expansionTypes ?? ['static', 'full'];
  const unknownModels = catalog.unknownModels ?? ['z99', 'host', 'Z13', 'z13 ', '', 'qemu-base', 'max-base', 'none'];
  const unknownProps = catalog.unknownProps ?? ['sie', 'bogus', 'VX', 'vx ', '', 'msa10', 'x-unknown'];

  const int = (n: number) => Math.floor(rng() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => rng() < p;

  const wrongValue = (): unknown => pick([1, 0, 'on', 'true', null, [], {}, 1.5]);

  // The optional catalog members only draw from the PRNG when present, so
  // catalogs without them produce the same request sequence as before.
  const rare = catalog.rareProps?.length ? catalog.rareProps : null;
  const rareShare = catalog.rarePropShare ?? 0.2;
  const pickProp = (): string => (rare && chance(rareShare) ? pick(rare) : pick(catalog.props));
  const typedShare = catalog.typedValueShare ?? 0.7;
  const valueFor = (name: string, value: boolean): unknown => {
    const samples = catalog.propValues?.[name];
    return samples && samples.length && chance(typedShare) ? pick(samples) : value;
  };

  const props = (model: unknown): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const own = typeof model === 'string' ? catalog.enableable?.[model] : undefined;
    // Mostly small sets, sometimes a big one.
    const n = chance(0.1) ? 10 + int(40) : 1 + int(6);
    for (let i = 0; i < n; i++) {
      const value = chance(0.5);
      const name = value && own && own.length && chance(0.85) ? pick(own) : pickProp();
      out[name] = valueFor(name, value);
    }
    if (chance(0.06)) out[pick(unknownProps)] = chance(0.5);
    if (chance(0.05)) out[pickProp()] = wrongValue();
    if (catalog.excludeProp) {
      for (const [k, v] of Object.entries(out)) if (catalog.excludeProp(k, v)) delete out[k];
    }
    return out;
  };

  // Unexpected members: one, or several at once (QEMU names the first its
  // visitor's GLib table yields, which is neither the request's nor the QDict's order).
  const extraKeys = (o: Record<string, unknown>, one: string, value: unknown): void => {
    const r = rng();
    if (r < 0.01) o[one] = value;
    else if (r < 0.05) for (let i = 2 + int(5); i > 0; i--) o[pick(UNKNOWN_KEYS)] = pick([1, 'x', true, null]);
  };

  const model = (): unknown => {
    const r = rng();
    if (r < 0.015) return pick(['z13', 42, null, []]); // model not an object
    if (r < 0.025) return { props: props(undefined) }; // name missing
    if (r < 0.035) return { name: pick([13, true, null, ['z13']]) }; // name of the wrong type
    const name = chance(0.05) ? pick(unknownModels) : pick(catalog.models);
    const m: Record<string, unknown> = { name };
    const p = rng();
    if (p < 0.4) {
      // no props
    } else if (p < 0.45) {
      m.props = {};
    } else if (p < 0.47) {
      m.props = pick([[], 'vx', 1, null]); // props of the wrong type
    } else {
      m.props = props(name);
    }
    extraKeys(m, 'extra', 1);
    return m;
  };

  // query-cpu-definitions takes no input worth varying: draw it less often.
  const weights = commands.map((c) => catalog.commandWeights?.[c] ?? (c === 'query-cpu-definitions' ? 0.4 : 1));
  const totalWeight = weights.reduce((x, y) => x + y, 0);
  const pickCommand = (): string => {
    let r = rng() * totalWeight;
    for (let i = 0; i < commands.length; i++) {
      r -= weights[i]!;
      if (r < 0) return commands[i]!;
    }
    return commands[commands.length - 1]!;
  };

  return (): QmpRequest => {
    const execute = chance(0.005) ? pick(['query-cpu-model-baselin', 'query-cpu-model-expansions']) : pickCommand();
    if (chance(0.02)) return { execute, arguments: pick([[], 5, 'x', null]) }; // arguments not an object
    switch (execute) {
      case 'query-cpu-definitions':
        if (!chance(0.1)) return { execute };
        if (chance(0.5)) return { execute, arguments: {} };
        const a: Record<string, unknown> = { foo: 1 };
        if (chance(0.5)) for (let i = 1 + int(5); i > 0; i--) a[pick(UNKNOWN_KEYS)] = 1;
        return { execute, arguments: a };
      case 'query-cpu-model-expansion': {
        const args: Record<string, unknown> = {};
        if (!chance(0.01)) args.type = chance(0.02) ? pick(['Static', 'bogus', 1, null]) : pick(types);
        if (!chance(0.01)) args.model = model();
        extraKeys(args, 'foo', 'bar');
        return { execute, arguments: args };
      }
      default: {
        const args: Record<string, unknown> = {};
        if (!chance(0.01)) args.modela = model();
        if (!chance(0.01)) args.modelb = chance(0.08) && args.modela !== undefined ? structuredClone(args.modela) : model();
        extraKeys(args, 'foo', 'bar');
        return { execute, arguments: args };
      }
    }
  };
}

// ---------------------------------------------------------------------------
// Reply comparison

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function short(v: unknown, max = 300): string {
  const s = toJsonText(v);
  if (s === undefined) return String(v);
  return s.length > max ? `${s.slice(0, max)}…(${s.length} chars)` : s;
}

function isStringArray(v: unknown[]): v is string[] {
  return v.every((x) => typeof x === 'string');
}

function namedObjects(v: unknown[]): Map<string, unknown> | null {
  if (!v.length) return null;
  const m = new Map<string, unknown>();
  for (const x of v) {
    if (!isPlainObject(x) || typeof x.name !== 'string' || m.has(x.name)) return null;
    m.set(x.name, x);
  }
  return m;
}

function diff(a: unknown, b: unknown, path: string): string | null {
  if (a === b) return null;
  if (Array.isArray(a) && Array.isArray(b)) {
    // Arrays of strings (feature lists: unavailable-features,
    // responsible-properties, ...) are compared as sets (with multiplicity).
    if (isStringArray(a) && isStringArray(b)) {
      const sa = [...a].sort();
      const sb = [...b].sort();
      if (sa.length === sb.length && sa.every((x, i) => x === sb[i])) return null;
      const onlyA = [...new Set(a)].filter((x) => !b.includes(x));
      const onlyB = [...new Set(b)].filter((x) => !a.includes(x));
      const parts = [`${path}: string sets differ`];
      if (onlyA.length) parts.push(`only in a: ${short(onlyA)}`);
      if (onlyB.length) parts.push(`only in b: ${short(onlyB)}`);
      if (!onlyA.length && !onlyB.length) parts.push(`duplicates differ (a has ${a.length}, b has ${b.length} entries)`);
      return parts.join('; ');
    }
    // Lists of objects keyed by a unique "name" (query-cpu-definitions)
    // are compared as maps by name.
    const ma = namedObjects(a);
    const mb = namedObjects(b);
    if (ma && mb) {
      const onlyA = [...ma.keys()].filter((k) => !mb.has(k));
      const onlyB = [...mb.keys()].filter((k) => !ma.has(k));
      if (onlyA.length || onlyB.length) {
        return `${path}: entries by name differ; only in a: ${short(onlyA)}; only in b: ${short(onlyB)}`;
      }
      for (const [k, va] of ma) {
        const d = diff(va, mb.get(k), `${path}[name=${JSON.stringify(k)}]`);
        if (d) return d;
      }
      return null;
    }
    if (a.length !== b.length) return `${path}: array length ${a.length} vs ${b.length}: a=${short(a)} b=${short(b)}`;
    for (let i = 0; i < a.length; i++) {
      const d = diff(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    // Objects (including "props") are maps: key order is ignored.
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    const onlyA = ka.filter((k) => !(k in b));
    const onlyB = kb.filter((k) => !(k in a));
    if (onlyA.length || onlyB.length) {
      const parts = [`${path}: keys differ`];
      if (onlyA.length) parts.push(`only in a: ${short(Object.fromEntries(onlyA.map((k) => [k, a[k]])))}`);
      if (onlyB.length) parts.push(`only in b: ${short(Object.fromEntries(onlyB.map((k) => [k, b[k]])))}`);
      return parts.join('; ');
    }
    // Report value differences inside a props map all at once.
    if (path.endsWith('.props')) {
      const differing = ka.filter((k) => diff(a[k], b[k], `${path}.${k}`) !== null);
      if (differing.length) {
        return `${path}: values differ for ${short(differing)}: a=${short(Object.fromEntries(differing.map((k) => [k, a[k]])))} b=${short(Object.fromEntries(differing.map((k) => [k, b[k]])))}`;
      }
      return null;
    }
    for (const k of ka.sort()) {
      const d = diff(a[k], b[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return `${path}: ${short(a)} vs ${short(b)}`;
}

/**
 * Compare two QMP replies. Returns null when they agree, else a description
 * of the first difference (where "a" is the first argument, "b" the second).
 *
 * Rules: deep equality, except that arrays of strings compare as sets,
 * objects (notably "props") compare as maps ignoring key order, and arrays of
 * objects with unique "name" members (the query-cpu-definitions list) compare
 * as maps by name. Error replies therefore compare class and desc exactly.
 * A top-level "id" is ignored (the client matches replies by id already).
 */
export function compareReplies(a: unknown, b: unknown): string | null {
  const strip = (m: unknown) => {
    if (!isPlainObject(m) || !('id' in m)) return m;
    const { id: _id, ...rest } = m;
    return rest;
  };
  const sa = strip(a);
  const sb = strip(b);
  if (isPlainObject(sa) && isPlainObject(sb)) {
    const kindA = 'error' in sa ? 'error' : 'return' in sa ? 'return' : 'other';
    const kindB = 'error' in sb ? 'error' : 'return' in sb ? 'return' : 'other';
    if (kindA !== kindB) return `reply kinds differ: a is ${kindA} ${short(sa)}; b is ${kindB} ${short(sb)}`;
  }
  return diff(sa, sb, '$');
}

// ---------------------------------------------------------------------------
// Small helpers shared by the tiers

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `return` of a QMP reply, or an error naming what failed. */
export function returned(reply: unknown, what: string): unknown {
  if (!isObj(reply) || !('return' in reply)) throw new Error(`QEMU failed ${what}: ${toJsonText(reply).slice(0, 500)}`);
  return reply.return;
}

/** JSON of a value, cut to `max` characters for reports. */
export function clip(v: unknown, max = 1500): string {
  const s = toJsonText(v) ?? String(v);
  return s.length > max ? `${s.slice(0, max)}…(${s.length} chars)` : s;
}

export interface Mismatch {
  index: number;
  request: QmpRequest;
  difference: string;
  ours: unknown;
  theirs: unknown;
}


// ---------------------------------------------------------------------------
// Running a batch of requests against both sides, and reporting

import { appendFileSync } from 'node:fs';
import type { QmpClient } from '../../src/adapters/qmp/client.js';
import { toJsonText } from '../../src/core/qmp-json.js';

export interface Sides {
  ours: QmpClient;
  qemu: QmpClient;
  seed: number;
  /** how to replay the run (printed with every failure) */
  replay: string;
}

const BATCH = 50;
const MAX_REPORTED = 10;

/** Send the requests to both sides in pipelined batches; collect disagreements and count QEMU's error replies. */
export async function differential(sides: Sides, requests: QmpRequest[]): Promise<{ mismatches: Mismatch[]; errorReplies: number }> {
  const mismatches: Mismatch[] = [];
  let errorReplies = 0;
  for (let start = 0; start < requests.length; start += BATCH) {
    const batch = requests.slice(start, start + BATCH);
    let oursReplies: unknown[];
    let theirReplies: unknown[];
    try {
      [oursReplies, theirReplies] = await Promise.all([sides.ours.pipeline(batch), sides.qemu.pipeline(batch)]);
    } catch (err) {
      throw new Error(
        `transport failure in requests ${start}..${start + batch.length - 1} (seed=${sides.seed}): ${(err as Error).message}\n` +
          `(if QEMU died, one of these requests crashed it; ours ${sides.ours.closed ? 'also closed' : 'is alive'})\n` +
          batch.map((r, i) => `  #${start + i} ${clip(r, 600)}`).join('\n') +
          `\n${sides.replay}`,
      );
    }
    batch.forEach((request, i) => {
      if (isObj(theirReplies[i]) && 'error' in (theirReplies[i] as object)) errorReplies++;
      const difference = compareReplies(oursReplies[i], theirReplies[i]);
      if (difference) mismatches.push({ index: start + i, request, difference, ours: oursReplies[i], theirs: theirReplies[i] });
    });
  }
  return { mismatches, errorReplies };
}

/** A failure message: the first mismatches, and how to replay. CPUMODELS_LIVE_DUMP=FILE appends them all as JSON lines. */
export function report(sides: Pick<Sides, 'seed' | 'replay'>, title: string, total: number, mismatches: Mismatch[]): string {
  const dump = process.env.CPUMODELS_LIVE_DUMP;
  if (dump) appendFileSync(dump, mismatches.map((m) => toJsonText({ test: title, seed: sides.seed, ...m }) + '\n').join(''));
  const lines = [`${title}: ${mismatches.length} of ${total} replies differ (seed=${sides.seed}); first ${Math.min(MAX_REPORTED, mismatches.length)}:`];
  for (const m of mismatches.slice(0, MAX_REPORTED)) {
    lines.push(`#${m.index} request: ${clip(m.request, 800)}`, `   difference (a=ours, b=qemu): ${m.difference}`, `   ours:   ${clip(m.ours)}`, `   theirs: ${clip(m.theirs)}`);
  }
  lines.push(sides.replay);
  return lines.join('\n');
}
