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
 * indices in the order of their names (the order `sort()` gives), each
 * name's bytes as hashText feeds them, and the state after `arch:`.
 */
interface SignatureTable {
  order: Int32Array;
  bytes: Uint8Array[];
  start0: number;
  start1: number;
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
  const bytes = catalog.features.map((f) => Uint8Array.from(textBytes(f.name)));
  let h0 = 0x84222325;
  let h1 = 0xcbf29ce4;
  for (const b of textBytes(`${catalog.arch}:`)) {
    h0 = (h0 ^ b) >>> 0;
    const lo = h0 * 0x1b3;
    h1 = (h1 * 0x1b3 + (h0 << 8) + Math.floor(lo / 0x100000000)) >>> 0;
    h0 = lo >>> 0;
  }
  t = { order: Int32Array.from(byName), bytes, start0: h0, start1: h1 };
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
  const words = set.words;
  // the step of hashText, in 32-bit integer arithmetic (h0 * 0x1b3 < 2^41: exact; the high word modulo 2^32)
  let h0 = t.start0;
  let h1 = t.start1;
  let first = true;
  for (let k = 0; k < t.order.length; k++) {
    const i = t.order[k]!;
    if (!(words[i >>> 5]! & (1 << (i & 31)))) continue;
    if (first) first = false;
    else {
      // ','
      h0 = (h0 ^ 0x2c) >>> 0;
      const lo = h0 * 0x1b3;
      h1 = (Math.imul(h1, 0x1b3) + (h0 << 8) + ((lo / 0x100000000) | 0)) >>> 0;
      h0 = lo >>> 0;
    }
    const b = t.bytes[i]!;
    for (let j = 0; j < b.length; j++) {
      h0 = (h0 ^ b[j]!) >>> 0;
      const lo = h0 * 0x1b3;
      h1 = (Math.imul(h1, 0x1b3) + (h0 << 8) + ((lo / 0x100000000) | 0)) >>> 0;
      h0 = lo >>> 0;
    }
  }
  return h1.toString(16).padStart(8, '0') + h0.toString(16).padStart(8, '0');
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
