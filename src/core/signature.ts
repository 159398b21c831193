/**
 * Capability signatures.
 *
 * A signature is a stable hash over a set of active features, by *name*
 * (not by index), so it survives catalog growth: adding a feature to the
 * catalog that a host does not have leaves the host's signature unchanged.
 * It serves two purposes:
 *  - a "virtual model extension": `z14.2-base@3f9c2a…` names a model plus
 *    exactly the features active on top of (or removed from) it;
 *  - grouping: hosts with equal signatures have equal capability sets, so
 *    thousands of hosts collapse to a few classes before any set algebra.
 *
 * The hash is FNV-1a over 64 bits (two 32-bit lanes) of the sorted names
 * joined by ',' with the architecture as prefix, printed as 16 hex digits.
 * Sixty-four bits make accidental collisions negligible for fleets (the
 * birthday bound is ~4·10⁹ distinct classes); callers that need certainty
 * compare the sets behind equal signatures (see groupBySignature).
 */
import type { FeatureSet } from './bitset.js';
import { wasmHasher, type WasmHasher } from './signature-wasm.js';
import type { FeatureCatalog } from './catalog.js';

export function hashText(text: string): string {
  // FNV-1a, 64-bit, computed with two 32-bit halves.
  let h0 = 0x84222325;
  let h1 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    // fold UTF-16 code units as two bytes when above 0xff
    for (let k = 0; k < (c > 0xff ? 2 : 1); k++) {
      const byte = k === 0 ? c & 0xff : c >>> 8;
      h0 = (h0 ^ byte) >>> 0;
      // multiply by FNV prime 0x100000001b3 = (1<<40) + 0x1b3
      const lo = h0 * 0x1b3;
      const carry = Math.floor(lo / 0x100000000);
      const n1 = (h1 * 0x1b3 + (h0 << 8) + carry) >>> 0;
      h0 = lo >>> 0;
      h1 = n1;
    }
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h0 >>> 0).toString(16).padStart(8, '0');
}

export function signatureOfNames(arch: string, names: Iterable<string>): string {
  const sorted = [...names].sort();
  return hashText(`${arch}:${sorted.join(',')}`);
}

/**
 * What hashing a catalog's sets needs, made once per catalog: its feature
 * indices in the order of their names (the order `sort()` gives), the bytes
 * hashText feeds for each name in that order, each preceded by the ','
 * that joins it to the one before, in one array (`at[k]` to `at[k + 1]`),
 * and the state after `arch:` as four 16-bit limbs, low first.
 */
interface SignatureTable {
  order: Int32Array;
  bytes: Uint8Array;
  at: Int32Array;
  start: readonly [number, number, number, number];
  /** the same walk in WebAssembly (signature-wasm.ts), when there is WebAssembly; null: none */
  wasm?: WasmHasher | null;
}

const tables = new WeakMap<FeatureCatalog, SignatureTable>();
/** Catalogs that have had one signature, hashed from the names (signature). */
const hashedOnce = new WeakSet<FeatureCatalog>();

/** The bytes hashText feeds for a text: each UTF-16 unit's low byte, then its high byte when above 0xff. */
function textBytes(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out.push(c & 0xff);
    if (c > 0xff) out.push(c >>> 8);
  }
  return out;
}

function tableOf(catalog: FeatureCatalog): SignatureTable {
  let t = tables.get(catalog);
  if (t) return t;
  const byName = catalog.features.map((f) => f.index).sort((a, b) => {
    const x = catalog.features[a]!.name;
    const y = catalog.features[b]!.name;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const all: number[] = [];
  const at = new Int32Array(byName.length + 1);
  byName.forEach((i, k) => {
    at[k] = all.length;
    all.push(0x2c, ...textBytes(catalog.features[i]!.name));
  });
  at[byName.length] = all.length;
  const h = hashText(`${catalog.arch}:`);
  const hi = parseInt(h.slice(0, 8), 16);
  const lo = parseInt(h.slice(8), 16);
  t = { order: Int32Array.from(byName), bytes: Uint8Array.from(all), at, start: [lo & 0xffff, lo >>> 16, hi & 0xffff, hi >>> 16] };
  tables.set(catalog, t);
  return t;
}

/**
 * The signature of a set of the catalog's features: signatureOfNames of its
 * names, hashed straight from the set (no name list built, none sorted).
 */
export function signature(catalog: FeatureCatalog, set: FeatureSet): string {
  // the table pays from a catalog's second signature on: a one-shot answer (one signature) hashes the names
  if (!tables.has(catalog) && !hashedOnce.has(catalog)) {
    hashedOnce.add(catalog);
    return signatureOfNames(catalog.arch, catalog.names(set));
  }
  const t = tableOf(catalog);
  const w = (t.wasm ??= wasmHasher(t, set.words.length) ?? null);
  if (w) {
    const [a0, a1, a2, a3] = t.start;
    w.hash(set.words, a1 * 0x10000 + a0, a3 * 0x10000 + a2);
    return hex8(w.out[1]!) + hex8(w.out[0]!);
  }
  return signatureJs(t, set);
}

const hex8 = (v: number): string => v.toString(16).padStart(8, '0');

/**
 * Whether the signature of a set is the one given as its two 32-bit halves
 * (the 16 hex digits' first and last 8): signature(catalog, set) compared
 * without the text.
 */
export function signatureIs(catalog: FeatureCatalog, set: FeatureSet, hi: number, lo: number): boolean {
  const t = tables.has(catalog) ? tableOf(catalog) : undefined;
  const w = t ? (t.wasm ??= wasmHasher(t, set.words.length) ?? null) : null;
  if (!t || !w) return signature(catalog, set) === hex8(hi) + hex8(lo);
  const [a0, a1, a2, a3] = t.start;
  w.hash(set.words, a1 * 0x10000 + a0, a3 * 0x10000 + a2);
  return w.out[1] === hi && w.out[0] === lo;
}

/** signature() hashed in JavaScript, whatever is there: the reference the WebAssembly is tested against. */
export function signatureInJs(catalog: FeatureCatalog, set: FeatureSet): string {
  return signatureJs(tableOf(catalog), set);
}

/** The hash of signature() in JavaScript, where WebAssembly is not there. */
function signatureJs(t: SignatureTable, set: FeatureSet): string {
  const words = set.words;
  const { order, bytes, at } = t;
  // hashText's step on the 64-bit state as four 16-bit limbs a3..a0 (every
  // intermediate below 2^27: small integers, no floating point): multiply
  // by the FNV prime 2^40 + 0x1b3 = h * 0x1b3 plus h shifted up by 40 bits
  let [a0, a1, a2, a3] = t.start;
  let first = true;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (!(words[i >>> 5]! & (1 << (i & 31)))) continue;
    let j = at[k]!;
    const end = at[k + 1]!;
    // the first name has no ',' before it
    if (first) {
      first = false;
      j++;
    }
    for (; j < end; j++) {
      a0 ^= bytes[j]!;
      const t0 = a0 * 0x1b3;
      const t1 = a1 * 0x1b3 + (t0 >>> 16);
      const t2 = a2 * 0x1b3 + (t1 >>> 16) + ((a0 & 0xff) << 8);
      const t3 = a3 * 0x1b3 + (t2 >>> 16) + (a0 >>> 8) + ((a1 & 0xff) << 8);
      a0 = t0 & 0xffff;
      a1 = t1 & 0xffff;
      a2 = t2 & 0xffff;
      a3 = t3 & 0xffff;
    }
  }
  return (a3 * 0x10000 + a2).toString(16).padStart(8, '0') + (a1 * 0x10000 + a0).toString(16).padStart(8, '0');
}

/** `model@sig`, the design's display form of a model plus its exact active features. */
export function modelWithSignature(model: string, sig: string): string {
  return `${model}@${sig}`;
}

/**
 * Group items by the signature of their feature set. Items with equal
 * signatures but different sets (a hash collision) land in separate classes.
 */
export function groupBySignature<T>(
  catalog: FeatureCatalog,
  items: Iterable<T>,
  setOf: (item: T) => FeatureSet,
): { signature: string; set: FeatureSet; members: T[] }[] {
  const classes = new Map<string, { signature: string; set: FeatureSet; members: T[] }[]>();
  const out: { signature: string; set: FeatureSet; members: T[] }[] = [];
  for (const it of items) {
    const set = setOf(it);
    const sig = signature(catalog, set);
    let bucket = classes.get(sig);
    if (!bucket) {
      bucket = [];
      classes.set(sig, bucket);
    }
    let cls = bucket.find((c) => c.set.equals(set));
    if (!cls) {
      cls = { signature: sig, set, members: [] };
      bucket.push(cls);
      out.push(cls);
    }
    cls.members.push(it);
  }
  return out;
}
