/**
 * Fixed-width feature sets.
 *
 * A catalog gives every feature a dense index (0..size-1); a FeatureSet is a
 * bitmap over those indices stored in 32-bit words. All operations are pure
 * (they return new sets) except the explicitly named in-place ones, which the
 * hot paths (baselines over many hosts) use to avoid allocation.
 */
export class FeatureSet {
  readonly size: number;
  readonly words: Uint32Array;

  constructor(size: number, words?: Uint32Array) {
    this.size = size;
    const n = (size + 31) >>> 5;
    if (words) {
      if (words.length !== n) throw new RangeError(`FeatureSet of ${size} bits needs ${n} words, got ${words.length}`);
      this.words = words;
    } else {
      this.words = new Uint32Array(n);
    }
  }

  /**
   * One set per list of words (each a set's `words`, as encoded at build
   * time), all viewing one buffer: decoding hundreds of stored sets makes one
   * allocation instead of one per set (each set's words are its own slice;
   * clone() copies them out).
   */
  static packed(size: number, lists: readonly (readonly number[])[]): FeatureSet[] {
    const n = (size + 31) >>> 5;
    const all = new Uint32Array(n * lists.length);
    const out: FeatureSet[] = new Array(lists.length);
    for (let i = 0; i < lists.length; i++) {
      const w = lists[i]!;
      if (w.length !== n) throw new RangeError(`FeatureSet of ${size} bits needs ${n} words, got ${w.length}`);
      const view = all.subarray(i * n, i * n + n);
      view.set(w);
      out[i] = new FeatureSet(size, view);
    }
    return out;
  }

  static empty(size: number): FeatureSet {
    return new FeatureSet(size);
  }

  static of(size: number, indices: Iterable<number>): FeatureSet {
    const s = new FeatureSet(size);
    for (const i of indices) s.add(i);
    return s;
  }

  static full(size: number): FeatureSet {
    const s = new FeatureSet(size);
    s.words.fill(0xffffffff);
    s.trim();
    return s;
  }

  private trim(): void {
    const rem = this.size & 31;
    if (rem !== 0) this.words[this.words.length - 1]! &= (1 << rem) - 1;
  }

  private check(other: FeatureSet): void {
    if (other.size !== this.size) throw new RangeError(`feature sets of different widths (${this.size} vs ${other.size})`);
  }

  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  add(i: number): this {
    if (i < 0 || i >= this.size) throw new RangeError(`feature index ${i} outside 0..${this.size - 1}`);
    this.words[i >>> 5]! |= 1 << (i & 31);
    return this;
  }

  delete(i: number): this {
    this.words[i >>> 5]! &= ~(1 << (i & 31));
    return this;
  }

  set(i: number, on: boolean): this {
    return on ? this.add(i) : this.delete(i);
  }

  clone(): FeatureSet {
    return new FeatureSet(this.size, this.words.slice());
  }

  /** this ∩ other */
  and(other: FeatureSet): FeatureSet {
    return this.clone().iand(other);
  }

  /** this ∪ other */
  or(other: FeatureSet): FeatureSet {
    return this.clone().ior(other);
  }

  /** this \ other */
  andNot(other: FeatureSet): FeatureSet {
    return this.clone().iandNot(other);
  }

  /** symmetric difference */
  xor(other: FeatureSet): FeatureSet {
    this.check(other);
    const r = this.clone();
    for (let k = 0; k < r.words.length; k++) r.words[k]! ^= other.words[k]!;
    return r;
  }

  complement(): FeatureSet {
    const r = this.clone();
    for (let k = 0; k < r.words.length; k++) r.words[k] = ~r.words[k]! >>> 0;
    r.trim();
    return r;
  }

  iand(other: FeatureSet): this {
    this.check(other);
    const a = this.words;
    const b = other.words;
    for (let k = 0; k < a.length; k++) a[k]! &= b[k]!;
    return this;
  }

  ior(other: FeatureSet): this {
    this.check(other);
    const a = this.words;
    const b = other.words;
    for (let k = 0; k < a.length; k++) a[k]! |= b[k]!;
    return this;
  }

  iandNot(other: FeatureSet): this {
    this.check(other);
    const a = this.words;
    const b = other.words;
    for (let k = 0; k < a.length; k++) a[k]! &= ~b[k]!;
    return this;
  }

  isEmpty(): boolean {
    const a = this.words;
    for (let k = 0; k < a.length; k++) if (a[k] !== 0) return false;
    return true;
  }

  equals(other: FeatureSet): boolean {
    if (other.size !== this.size) return false;
    const a = this.words;
    const b = other.words;
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
    return true;
  }

  /** every member of this is in other */
  isSubsetOf(other: FeatureSet): boolean {
    this.check(other);
    const a = this.words;
    const b = other.words;
    for (let k = 0; k < a.length; k++) if ((a[k]! & ~b[k]!) !== 0) return false;
    return true;
  }

  intersects(other: FeatureSet): boolean {
    this.check(other);
    const a = this.words;
    const b = other.words;
    for (let k = 0; k < a.length; k++) if ((a[k]! & b[k]!) !== 0) return true;
    return false;
  }

  count(): number {
    let n = 0;
    const a = this.words;
    for (let k = 0; k < a.length; k++) {
      let v = a[k]!;
      v = v - ((v >>> 1) & 0x55555555);
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      n += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return n;
  }

  /** member indices, ascending */
  toArray(): number[] {
    const out: number[] = [];
    const a = this.words;
    for (let k = 0; k < a.length; k++) {
      let v = a[k]!;
      while (v !== 0) {
        const low = v & -v;
        out.push((k << 5) + (31 - Math.clz32(low)));
        v ^= low;
      }
    }
    return out;
  }

  [Symbol.iterator](): Iterator<number> {
    return this.toArray()[Symbol.iterator]();
  }

  /** A compact, stable text key of the bitmap (used for hashing and maps). */
  key(): string {
    let s = '';
    for (let k = 0; k < this.words.length; k++) s += this.words[k]!.toString(16).padStart(8, '0');
    return s;
  }
}
