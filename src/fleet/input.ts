/**
 * The gate every input file passes before any reader sees it: one sentence
 * naming the file and the reason instead of a stack trace, for files however
 * hostile — unreadable, empty, oversized, binary, XML with a DTD or
 * entities (they can pull in other files), JSON with `__proto__` keys.
 * Truncated and malformed documents are left to the readers, which name the
 * file and the position.
 *
 * NDJSON (a first line that is a whole JSON object, more after it) is not
 * read whole: openInput hands back its lines, read in chunks and checked
 * chunk by chunk as they are read, so that memory stays bounded however
 * large the file (and the size limit does not apply to it).
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';

/** Larger inputs read whole are refused (a fleet file of 100,000 host <cpu> elements is ~90 MiB); NDJSON is read in chunks, at any size. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** A longer line of an NDJSON file is refused (a host document is a few KB; the limit keeps memory bounded). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * How much of an NDJSON file is read at a time (a longer line grows the
 * buffer to hold it). Small enough that a chunk's text is an ordinary young
 * object (V8 puts strings over 128 KiB in large-object space, freed only by
 * a full collection): 100,000 hosts then cost no more memory than 1,000.
 */
const CHUNK = 64 * 1024;

export class InputError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** Why a text cannot be an input, whatever part of it this is (undefined: it may be). */
function contentRefusal(text: string): string | undefined {
  if (text.includes('\u0000')) return 'the file is binary (it holds NUL bytes), not a text description';
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return 'the XML has a DTD (<!DOCTYPE …>) or entity declarations (<!ENTITY …>), which are refused: they can read other files';
  if (/"__proto__"\s*:/.test(text)) return "the JSON has a '__proto__' key, which is refused (it could change the objects built from it)";
  return undefined;
}

/** Why a text cannot be an input (undefined: it may be). */
export function refusal(text: string): string | undefined {
  if (!text.trim()) return 'the file is empty';
  return contentRefusal(text);
}

const notUtf8 = (what: string, file: string) => new InputError(`${what} '${file}': the file is binary (not UTF-8 text), not a host or CPU description`, file);
const cannotRead = (what: string, file: string, e: unknown) => new InputError(`cannot read ${what} '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, file);

/**
 * An NDJSON file's lines, read in chunks. Single use: forEach reads the file
 * once and closes it. A plain file is opened again for it (from its start);
 * a pipe stays open from the gate's look at its first bytes, which are read
 * first: close() it when its lines are not wanted after all.
 */
export interface InputLines {
  readonly file: string;
  /**
   * Each line (without its '\n') and its number from 1, in order, until the
   * end or until `each` returns false. Checked lines (the gate's) throw an
   * InputError naming the file for a chunk that is no input (binary, a
   * `__proto__` key …) before any line of that chunk is handed out.
   */
  forEach(each: (line: string, n: number) => boolean | void): void;
  close(): void;
}

/** What openInput gives: the whole text, or the lines of an NDJSON file. */
export type InputText = string | InputLines;

/** A file open for reading, and the bytes read from it so far. */
interface Opened {
  fd: number;
  buf: Buffer;
  len: number;
  eof: boolean;
}

function fill(o: Opened): void {
  if (o.len === o.buf.length) {
    const b = Buffer.allocUnsafe(o.buf.length * 2);
    o.buf.copy(b, 0, 0, o.len);
    o.buf = b;
  }
  const n = readSync(o.fd, o.buf, o.len, o.buf.length - o.len, null);
  if (n === 0) o.eof = true;
  o.len += n;
}

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Whether the bytes read so far start an NDJSON text — after leading white
 * space, a first line that is a whole JSON object and something more after
 * it — as the host-line reader decides on a whole text (host/compact.ts,
 * readHostLinesIfAny); undefined while more bytes are needed to tell.
 */
function isNdjson(o: Opened): boolean | undefined {
  const head = o.buf.toString('utf8', 0, Math.min(o.len, 4096)).trimStart();
  if (head && !head.startsWith('{')) return false;
  // complete lines only, until the end is read
  const t = o.buf.toString('utf8', 0, o.eof ? o.len : o.buf.lastIndexOf(10, o.len - 1) + 1).trimStart();
  if (t && !t.startsWith('{')) return false;
  const nl = t.indexOf('\n');
  if (nl < 0 || !t.slice(nl).trim()) return o.eof ? false : undefined;
  return firstIsObject(t, nl);
}

function firstIsObject(t: string, nl: number): boolean {
  if (nl <= 0) return false;
  try {
    return isObject(JSON.parse(t.slice(0, nl)));
  } catch {
    return false;
  }
}

/** Lines of an open file, from its start (the bytes read already come first). */
class FileLines implements InputLines {
  /** the open file (a pipe's: its first bytes cannot be read again); undefined: opened again when read */
  private o: Opened | undefined;
  private done = false;

  constructor(
    readonly file: string,
    o: Opened | undefined,
    private readonly check: { what: string } | undefined,
  ) {
    this.o = o;
  }

  close(): void {
    if (this.o) closeSync(this.o.fd);
    this.o = undefined;
    this.done = true;
  }

  forEach(each: (line: string, n: number) => boolean | void): void {
    if (this.done) throw new Error(`${this.file}: its lines were read already`);
    if (!this.o) {
      try {
        this.o = { fd: openSync(this.file, 'r'), buf: Buffer.allocUnsafe(CHUNK), len: 0, eof: false };
      } catch (e) {
        throw cannotRead(this.check?.what ?? 'input file', this.file, e);
      }
    }
    const o = this.o;
    let pos = 0;
    let n = 0;
    let first = true;
    /** a line ended with `"__proto__"` and white space: a ':' first on the next is that key */
    let protoOpen = false;
    /** The text of bytes [pos, end): checked, and a leading byte-order mark dropped as readInput drops it. */
    const text = (end: number): string => {
      const bytes = o.buf.subarray(pos, end);
      let t = o.buf.toString('utf8', pos, end);
      if (this.check) {
        if (!isUtf8(bytes)) throw notUtf8(this.check.what, this.file);
        if (first && t.charCodeAt(0) === 0xfeff) t = t.slice(1);
        // the refused patterns looked for in the bytes first (memchr), in the text when there; only
        // `"__proto__" :` can span two chunks (they are cut after a '\n'), and only across white space
        const why =
          bytes.indexOf(0) >= 0 || bytes.indexOf('<!') >= 0 || bytes.indexOf('"__proto__"') >= 0
            ? contentRefusal(t)
            : protoOpen && /^\s*:/.test(t)
              ? contentRefusal('"__proto__":')
              : undefined;
        if (why) throw new InputError(`${this.check.what} '${this.file}': ${why}`, this.file);
        protoOpen = (protoOpen && !/\S/.test(t)) || (bytes.indexOf('"__proto__"') >= 0 && /"__proto__"\s*$/.test(t));
      }
      first = false;
      return t;
    };
    try {
      for (;;) {
        const cut = o.len > pos ? o.buf.lastIndexOf(10, o.len - 1) : -1;
        if (cut >= pos) {
          const t = text(cut + 1);
          pos = cut + 1;
          let start = 0;
          while (start < t.length) {
            const end = t.indexOf('\n', start);
            if (each(t.slice(start, end), ++n) === false) return;
            start = end + 1;
          }
        }
        if (o.eof) {
          if (o.len > pos) each(text(o.len), ++n);
          return;
        }
        // keep the unfinished line, read on
        if (pos > 0) {
          o.buf.copy(o.buf, 0, pos, o.len);
          o.len -= pos;
          pos = 0;
        } else if (o.len === o.buf.length) {
          // a line longer than the buffer: no binary file or endless line is gathered to find its end
          const what = this.check?.what ?? 'input file';
          if (this.check && o.buf.indexOf(0) >= 0) throw new InputError(`${what} '${this.file}': ${contentRefusal('\u0000')}`, this.file);
          if (o.len >= MAX_LINE_BYTES) throw new InputError(`${what} '${this.file}': line ${n + 1} is longer than the ${MAX_LINE_BYTES / 1048576} MiB cpumodels reads in one line (one host document per line)`, this.file);
        }
        try {
          fill(o);
        } catch (e) {
          throw cannotRead(this.check?.what ?? 'input file', this.file, e);
        }
      }
    } finally {
      this.close();
    }
  }
}

/**
 * A file as a command reads it: an NDJSON file as its lines (read in chunks
 * when they are walked), any other file as its whole text. Checked (the
 * gate's), a bad file throws an InputError naming it and the reason — as
 * readInput for a whole text; as the lines are read for NDJSON. Unchecked,
 * a whole text is what readFileSync gives (byte-order mark kept) and errors
 * are node's.
 */
export function openInput(file: string, opts: { what?: string; checked?: boolean } = {}): InputText {
  const what = opts.what ?? 'input file';
  const checked = opts.checked !== false;
  let size: number;
  try {
    const st = statSync(file);
    size = st.size;
    if (st.isDirectory()) {
      if (checked) throw new InputError(`${what} '${file}' is a folder, not a file`, file);
      throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read`), { code: 'EISDIR' });
    }
  } catch (e) {
    if (e instanceof InputError || !checked) throw e;
    throw cannotRead(what, file, e);
  }
  let o: Opened;
  try {
    o = { fd: openSync(file, 'r'), buf: Buffer.allocUnsafe(CHUNK), len: 0, eof: false };
  } catch (e) {
    if (!checked) throw e;
    throw cannotRead(what, file, e);
  }
  let lines = false;
  let keep = false;
  try {
    // read until the start tells NDJSON from any other text (no further than a whole read would go)
    for (;;) {
      fill(o);
      const v = isNdjson(o);
      if (v !== undefined) {
        lines = v;
        break;
      }
      if (o.len > MAX_INPUT_BYTES) break;
    }
    // a plain file is closed until its lines are read (a folder of many NDJSON files holds no descriptors nor buffers); a pipe stays open
    if (lines) {
      keep = !fstatSync(o.fd).isFile();
      return new FileLines(file, keep ? o : undefined, checked ? { what } : undefined);
    }
    return checked ? wholeChecked(o, file, what, size) : readRest(o).toString('utf8');
  } catch (e) {
    if (e instanceof InputError || !checked) throw e;
    throw cannotRead(what, file, e);
  } finally {
    if (!keep) closeSync(o.fd);
  }
}

/** Every byte of the file: those read already, then the rest. */
function readRest(o: Opened): Buffer {
  while (!o.eof) fill(o);
  return o.buf.subarray(0, o.len);
}

/** UTF-8 text, as TextDecoder (fatal) gives it: a leading byte-order mark dropped; undefined when not UTF-8 (isUtf8 checks 40 MB in a few ms, the fatal decoder takes ~100 ms). */
function decodeUtf8(buf: Buffer): string | undefined {
  if (!isUtf8(buf)) return undefined;
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A whole text, checked; `size` from stat (/proc files report 0: read until EOF, never past the limit). */
function wholeChecked(o: Opened, file: string, what: string, size: number): string {
  if (size > MAX_INPUT_BYTES) throw new InputError(`${what} '${file}': the file is ${Math.round(size / 1048576)} MiB, more than the ${MAX_INPUT_BYTES / 1048576} MiB cpumodels reads`, file);
  while (!o.eof) {
    fill(o);
    if (o.len > MAX_INPUT_BYTES) throw new InputError(`${what} '${file}': the file is more than the ${MAX_INPUT_BYTES / 1048576} MiB cpumodels reads`, file);
  }
  const text = decodeUtf8(o.buf.subarray(0, o.len));
  if (text === undefined) throw notUtf8(what, file);
  const why = refusal(text);
  if (why) throw new InputError(`${what} '${file}': ${why}`, file);
  return text;
}

/** Read an input file whole as UTF-8 text, or throw an InputError naming it and the reason. */
export function readInput(file: string, what = 'input file'): string {
  let size: number;
  let isDir = false;
  try {
    const st = statSync(file);
    size = st.size;
    isDir = st.isDirectory();
  } catch (e) {
    throw cannotRead(what, file, e);
  }
  if (isDir) throw new InputError(`${what} '${file}' is a folder, not a file`, file);
  if (size > MAX_INPUT_BYTES) throw new InputError(`${what} '${file}': the file is ${Math.round(size / 1048576)} MiB, more than the ${MAX_INPUT_BYTES / 1048576} MiB cpumodels reads`, file);
  let o: Opened;
  try {
    o = { fd: openSync(file, 'r'), buf: Buffer.allocUnsafe(size > 0 ? Math.min(size + 1, MAX_INPUT_BYTES + 1) : 65536), len: 0, eof: false };
  } catch (e) {
    throw cannotRead(what, file, e);
  }
  try {
    return wholeChecked(o, file, what, size);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw cannotRead(what, file, e);
  } finally {
    closeSync(o.fd);
  }
}

/**
 * Check every file a command will read (folders: the files in them, not
 * recursively). Returns what was read, by path — the whole text, or an
 * NDJSON file's lines (checked as they are read) — so that the command's
 * reader need not read a large input a second time.
 */
export function checkInputs(paths: readonly string[], what = 'input file', list: (dir: string) => string[] = () => []): Map<string, InputText> {
  const texts = new Map<string, InputText>();
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      /* openInput names it */
    }
    if (isDir) for (const f of list(p)) texts.set(f, openInput(f, { what }));
    else texts.set(p, openInput(p, { what }));
  }
  return texts;
}
