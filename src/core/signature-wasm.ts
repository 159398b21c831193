/**
 * The signature's hash (signature.ts: 64-bit FNV-1a over the sorted feature
 * names joined by ',') of a set, in WebAssembly: one 64-bit multiply per
 * byte where JavaScript needs four 16-bit limbs. A fleet of ever new classes
 * hashes about a kilobyte of names per class (x86_64); here that is about
 * half the time.
 *
 * The module is written out below, byte by byte (it is small: one function).
 * Its function h(words, order, at, bytes, n, lo, hi) walks the catalog's
 * features in name order (`order`: n feature indices), and for each one in
 * the set (`words`: the set's 32-bit words) feeds the bytes of its name
 * (`bytes`, from at[k] to at[k + 1], each name preceded by ',', which the
 * first name drops) to the state that starts at hi:lo, and stores the end
 * state at address 0 (8 bytes, little-endian). All arguments are byte
 * addresses in its memory, which the caller fills (SignatureTable's arrays
 * once per catalog, the set's words once per call).
 *
 * Where WebAssembly is not there, `wasmHasher` answers undefined and the
 * JavaScript loop hashes (the same answers: signature.test.ts compares them).
 */

/** Unsigned LEB128 of a small non-negative integer (section and body sizes). */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** A section: its id, its size, its bytes. */
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

// opcodes
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const I32_CONST = 0x41;
const I64_CONST = 0x42;
const I32_LOAD = 0x28;
const I32_LOAD8_U = 0x2d;
const I64_STORE = 0x37;
const I32_ADD = 0x6a;
const I32_SHL = 0x74;
const I32_SHR_U = 0x76;
const I32_AND = 0x71;
const I32_GE_U = 0x4f;
const I64_EXTEND_I32_U = 0xad;
const I64_SHL = 0x86;
const I64_OR = 0x84;
const I64_XOR = 0x85;
const I64_MUL = 0x7e;
const BLOCK = 0x02;
const LOOP = 0x03;
const IF = 0x04;
const END = 0x0b;
const BR = 0x0c;
const BR_IF = 0x0d;
const VOID = 0x40;

// parameters and locals
const WORDS = 0;
const ORDER = 1;
const AT = 2;
const BYTES = 3;
const N = 4;
const LO = 5;
const HI = 6;
const H = 7; // i64: the state
const K = 8; // the position in name order
const I = 9; // the feature index there
const J = 10; // the byte being fed
const E = 11; // the end of the name's bytes
const FIRST = 12; // 1 until the first name is fed

/** The FNV-1a 64-bit prime 2^40 + 0x1b3, as i64.const's signed LEB128. */
const PRIME = [0xb3, 0x83, 0x80, 0x80, 0x80, 0x20];

/** local[x] + local[K] * 4: the address of entry K of an i32 array. */
const entry = (x: number): number[] => [LOCAL_GET, x, LOCAL_GET, K, I32_CONST, 2, I32_SHL, I32_ADD];

/** The module's bytes, made on first use (a one-shot answer that hashes no set never makes them). */
function moduleBytes(): Uint8Array {
  const body: number[] = [
    // locals: one i64, five i32
    2, 1, 0x7e, 5, 0x7f,
    // h = hi << 32 | lo; first = 1
    LOCAL_GET, HI, I64_EXTEND_I32_U, I64_CONST, 32, I64_SHL, LOCAL_GET, LO, I64_EXTEND_I32_U, I64_OR, LOCAL_SET, H,
    I32_CONST, 1, LOCAL_SET, FIRST,
    BLOCK, VOID,
    LOOP, VOID,
    // while k < n
    LOCAL_GET, K, LOCAL_GET, N, I32_GE_U, BR_IF, 1,
    // i = order[k]
    ...entry(ORDER), I32_LOAD, 2, 0, LOCAL_SET, I,
    // if words[i >>> 5] >>> (i & 31) & 1
    LOCAL_GET, WORDS, LOCAL_GET, I, I32_CONST, 5, I32_SHR_U, I32_CONST, 2, I32_SHL, I32_ADD, I32_LOAD, 2, 0,
    LOCAL_GET, I, I32_SHR_U, I32_CONST, 1, I32_AND,
    IF, VOID,
    // j = at[k] + first (the first name without its ','); first = 0; e = at[k + 1]
    ...entry(AT), I32_LOAD, 2, 0, LOCAL_GET, FIRST, I32_ADD, LOCAL_SET, J,
    I32_CONST, 0, LOCAL_SET, FIRST,
    ...entry(AT), I32_LOAD, 2, 4, LOCAL_SET, E,
    BLOCK, VOID,
    LOOP, VOID,
    // while j < e: h = (h ^ bytes[j]) * prime; j++
    LOCAL_GET, J, LOCAL_GET, E, I32_GE_U, BR_IF, 1,
    LOCAL_GET, H, LOCAL_GET, BYTES, LOCAL_GET, J, I32_ADD, I32_LOAD8_U, 0, 0, I64_EXTEND_I32_U, I64_XOR, I64_CONST, ...PRIME, I64_MUL, LOCAL_SET, H,
    LOCAL_GET, J, I32_CONST, 1, I32_ADD, LOCAL_SET, J,
    BR, 0,
    END,
    END,
    END,
    // k++
    LOCAL_GET, K, I32_CONST, 1, I32_ADD, LOCAL_SET, K,
    BR, 0,
    END,
    END,
    // memory[0..8) = h
    I32_CONST, 0, LOCAL_GET, H, I64_STORE, 3, 0,
    END,
  ];

  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    // type 0: (i32 × 7) → ()
    ...section(1, [1, 0x60, 7, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
    // function 0 of type 0
    ...section(3, [1, 0]),
    // memory 0: one page to start
    ...section(5, [1, 0x00, 1]),
    // exports: "m" the memory, "h" the function
    ...section(7, [2, 1, 0x6d, 0x02, 0, 1, 0x68, 0x00, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

/** What a catalog's hashing needs (signature.ts's table). */
export interface HashTable {
  order: Int32Array;
  bytes: Uint8Array;
  at: Int32Array;
}

/** Hashes sets of one catalog: `hash(words, lo, hi)` leaves the end state in `out` ([0] low half, [1] high half). */
export interface WasmHasher {
  readonly out: Uint32Array;
  hash(words: Uint32Array, lo: number, hi: number): void;
}

/** Where the set's words go (up to 64 words), and where the table starts. */
const WORDS_AT = 64;
const TABLE_AT = 64 + 64 * 4;

/** What this module asks of the WebAssembly global (the project's TypeScript lib has no DOM or WebAssembly types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

let module: object | null | undefined;

/** A hasher for a catalog's table; undefined when WebAssembly is not available, or the set is over 64 words. */
export function wasmHasher(t: HashTable, words: number): WasmHasher | undefined {
  if (words > 64) return undefined;
  if (module === undefined) {
    try {
      const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
      module = api ? new api.Module(moduleBytes()) : null;
    } catch {
      module = null;
    }
  }
  if (!module) return undefined;
  const inst = new (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly.Instance(module, {});
  const memory = inst.exports['m'] as WasmMemory;
  const h = inst.exports['h'] as (words: number, order: number, at: number, bytes: number, n: number, lo: number, hi: number) => void;
  const n = t.order.length;
  const orderAt = TABLE_AT;
  const atAt = orderAt + n * 4;
  const bytesAt = atAt + t.at.length * 4;
  const need = bytesAt + t.bytes.length;
  if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  const buf = memory.buffer;
  new Int32Array(buf, orderAt, n).set(t.order);
  new Int32Array(buf, atAt, t.at.length).set(t.at);
  new Uint8Array(buf, bytesAt, t.bytes.length).set(t.bytes);
  const set = new Uint32Array(buf, WORDS_AT, words);
  const out = new Uint32Array(buf, 0, 2);
  return {
    out,
    hash(w: Uint32Array, lo: number, hi: number): void {
      set.set(w);
      h(WORDS_AT, orderAt, atAt, bytesAt, n, lo, hi);
    },
  };
}
