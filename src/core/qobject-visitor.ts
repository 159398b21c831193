/**
 * Which unexpected key QEMU names.
 *
 * QEMU's QObject input visitor (qapi/qobject-input-visitor.c), on starting a
 * struct, copies the keys of its QDict, in QDict order, into a GLib hash
 * table; every member it visits is removed from that table; at the end
 * (visit_check_struct) it reports the first key the table yields, if any:
 * "Parameter 'KEY' is unexpected". So with several unknown keys, the one named
 * depends on GLib's table, not on the request or the QDict order. This is a
 * model of GLib's open-addressing table (g_str_hash, ×11 modulo a prime,
 * quadratic probing, tombstones, in-place resizing), used for every struct
 * QEMU visits this way: command arguments and their nested structs
 * (adapters/qmp/qapi.ts) and the props of an Arm expansion.
 */
const PRIME_MOD = [1, 2, 3, 7, 13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071, 262139, 524287, 1048573, 2097143, 4194301, 8388593, 16777213, 33554393, 67108859, 134217689, 268435399, 536870909, 1073741789, 2147483647];

function strHash(s: string): number {
  let h = 5381;
  for (const b of Buffer.from(s, 'utf8')) h = (Math.imul(h, 33) + (b >= 128 ? b - 256 : b)) >>> 0;
  return h;
}

class GlibTable {
  size = 8;
  mod = 7;
  mask = 7;
  nnodes = 0;
  noccupied = 0;
  hashes: number[] = new Array<number>(8).fill(0);
  keys: (string | undefined)[] = new Array<string | undefined>(8).fill(undefined);

  private index(hash: number): number {
    return (Math.imul(hash, 11) >>> 0) % this.mod;
  }

  private lookup(key: string): { idx: number; found: boolean; hash: number } {
    let hash = strHash(key);
    if (hash < 2) hash = 2;
    let idx = this.index(hash);
    let step = 0;
    let tomb = -1;
    while (this.hashes[idx] !== 0) {
      if (this.hashes[idx] === hash && this.keys[idx] === key) return { idx, found: true, hash };
      if (this.hashes[idx] === 1 && tomb < 0) tomb = idx;
      step++;
      idx = (idx + step) & this.mask;
    }
    return { idx: tomb >= 0 ? tomb : idx, found: false, hash };
  }

  insert(key: string): void {
    const { idx, found, hash } = this.lookup(key);
    if (found) return;
    const old = this.hashes[idx]!;
    this.hashes[idx] = hash;
    this.keys[idx] = key;
    this.nnodes++;
    if (old === 0) {
      this.noccupied++;
      this.maybeResize();
    }
  }

  remove(key: string): void {
    const { idx, found } = this.lookup(key);
    if (!found) return;
    this.hashes[idx] = 1;
    this.keys[idx] = undefined;
    this.nnodes--;
    this.maybeResize();
  }

  private maybeResize(): void {
    const occ = this.noccupied;
    if ((this.size > this.nnodes * 4 && this.size > 8) || this.size <= occ + Math.trunc(occ / 16)) this.resize();
  }

  private resize(): void {
    const oldSize = this.size;
    let n = Math.trunc(this.nnodes * 1.333);
    let shift = 0;
    while (n) {
      n >>= 1;
      shift++;
    }
    shift = Math.max(shift, 3);
    this.size = 1 << shift;
    this.mod = PRIME_MOD[shift]!;
    this.mask = this.size - 1;
    while (this.hashes.length < this.size) {
      this.hashes.push(0);
      this.keys.push(undefined);
    }
    const moved = new Set<number>();
    for (let i = 0; i < oldSize; i++) {
      let h = this.hashes[i]!;
      if (h < 2) {
        this.hashes[i] = 0;
        continue;
      }
      if (moved.has(i)) continue;
      this.hashes[i] = 0;
      let key = this.keys[i];
      this.keys[i] = undefined;
      for (;;) {
        let idx = this.index(h);
        let step = 0;
        while (moved.has(idx)) {
          step++;
          idx = (idx + step) & this.mask;
        }
        moved.add(idx);
        const replaced = this.hashes[idx]!;
        this.hashes[idx] = h;
        if (replaced < 2) {
          this.keys[idx] = key;
          break;
        }
        const evicted = this.keys[idx];
        this.keys[idx] = key;
        key = evicted;
        h = replaced;
      }
    }
    if (this.size < oldSize) {
      this.hashes.length = this.size;
      this.keys.length = this.size;
    }
    this.noccupied = this.nnodes;
  }

  first(): string | undefined {
    for (let i = 0; i < this.size; i++) if (this.hashes[i]! >= 2) return this.keys[i];
    return undefined;
  }
}


/**
 * The key QEMU names as unexpected: `keys` are the struct's keys in QDict
 * order (see qdictOrder), `visited` the members the visitor consumed, in its
 * visiting order (keys not present are ignored). Undefined when none is left.
 */
export function firstUnvisitedKey(keys: readonly string[], visited: Iterable<string>): string | undefined {
  const t = new GlibTable();
  for (const k of keys) t.insert(k);
  for (const k of visited) t.remove(k);
  return t.first();
}
