/**
 * The gate every input file passes before any reader sees it: one sentence
 * naming the file and the reason instead of a stack trace, for files however
 * hostile — unreadable, empty, oversized, binary, XML with a DTD or
 * entities (they can pull in other files), JSON with `__proto__` keys.
 * Truncated and malformed documents are left to the readers, which name the
 * file and the position.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** Larger inputs are refused (a fleet file of 100,000 host <cpu> elements is ~90 MiB). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

export class InputError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** UTF-8 text, as TextDecoder (fatal) gives it: a leading byte-order mark dropped; undefined when not UTF-8 (isUtf8 checks 40 MB in a few ms, the fatal decoder takes ~100 ms). */
function decodeUtf8(buf: Buffer): string | undefined {
  if (!isUtf8(buf)) return undefined;
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Why a text cannot be an input (undefined: it may be). */
export function refusal(text: string): string | undefined {
  if (!text.trim()) return 'the file is empty';
  if (text.includes('\u0000')) return 'the file is binary (it holds NUL bytes), not a text description';
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return 'the XML has a DTD (<!DOCTYPE …>) or entity declarations (<!ENTITY …>), which are refused: they can read other files';
  if (/"__proto__"\s*:/.test(text)) return "the JSON has a '__proto__' key, which is refused (it could change the objects built from it)";
  return undefined;
}

/** Read an input file as UTF-8 text, or throw an InputError naming it and the reason. */
export function readInput(file: string, what = 'input file'): string {
  let size: number;
  let isDir = false;
  try {
    const st = statSync(file);
    size = st.size;
    isDir = st.isDirectory();
  } catch (e) {
    throw new InputError(`cannot read ${what} '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, file);
  }
  if (isDir) throw new InputError(`${what} '${file}' is a folder, not a file`, file);
  if (size > MAX_INPUT_BYTES) throw new InputError(`${what} '${file}': the file is ${Math.round(size / 1048576)} MiB, more than the ${MAX_INPUT_BYTES / 1048576} MiB cpumodels reads`, file);
  let buf: Buffer;
  try {
    const fd = openSync(file, 'r');
    try {
      // /proc files report size 0: read until EOF, never past the limit
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const b = Buffer.allocUnsafe(size > 0 ? Math.min(size + 1, MAX_INPUT_BYTES + 1) : 65536);
        const n = readSync(fd, b, 0, b.length, null);
        if (n === 0) break;
        chunks.push(b.subarray(0, n));
        total += n;
        if (total > MAX_INPUT_BYTES) throw new InputError(`${what} '${file}': the file is more than the ${MAX_INPUT_BYTES / 1048576} MiB cpumodels reads`, file);
      }
      // one chunk (the common case: the size was right) needs no copy
      buf = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read ${what} '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, file);
  }
  const text = decodeUtf8(buf);
  if (text === undefined) throw new InputError(`${what} '${file}': the file is binary (not UTF-8 text), not a host or CPU description`, file);
  const why = refusal(text);
  if (why) throw new InputError(`${what} '${file}': ${why}`, file);
  return text;
}

/**
 * Check every file a command will read (folders: the files in them, not
 * recursively). Returns the texts read, by path, so that the command's
 * reader need not read a large input a second time.
 */
export function checkInputs(paths: readonly string[], what = 'input file', list: (dir: string) => string[] = () => []): Map<string, string> {
  const texts = new Map<string, string>();
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      /* readInput names it */
    }
    if (isDir) for (const f of list(p)) texts.set(f, readInput(f, what));
    else texts.set(p, readInput(p, what));
  }
  return texts;
}
