import { existsSync, statSync } from 'node:fs';
import { parseLibvirtRelease, type LibvirtRelease } from '../libvirt/release-version.js';
import type { ReadText } from '../../fleet/commands.js';
import { checkInputs, openInput, type InputText } from './input.js';

/**
 * Host files a command reads itself: those named on the command line are
 * checked first, so that no hostile one reaches a reader (a bad one is an
 * error before anything else); the files found in folders are checked as
 * the walk reads them (fleet/commands.ts visitHostFiles), where --skip-bad
 * (skipBad) may skip a bad one. Returns a reader that hands back what was
 * opened already — a whole text, or an NDJSON file's lines, read in chunks
 * and checked as the command walks them (a 400 MB fleet file is never held
 * whole) — and opens any other file through the gate.
 */
export function gate(paths: readonly (string | undefined)[], what: string, o: { skipBad?: boolean } = {}): ReadText {
  const named = paths.filter((p): p is string => p !== undefined && existsSync(p) && !statSync(p).isDirectory());
  const texts = checkInputs(named, what);
  const read = (file: string): InputText => {
    const t = texts.get(file);
    // an NDJSON file's lines are read once
    if (t !== undefined && typeof t !== 'string') texts.delete(file);
    return t ?? openInput(file, { what });
  };
  return o.skipBad ? Object.assign(read, { skipBad: true }) : read;
}


/** Whether p is an existing regular file (the fast paths' operands: anything else goes to the commander CLI). */
export function isRegularFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * A fast path's argv (without node and script) after its command word: the
 * operands, each of `flags` given (once at most), and a valid `--libvirt X.Y`;
 * undefined when anything else is there, a flag comes twice, or an operand is
 * no regular file (commander then answers, and words its errors).
 */
export function plainArgs(args: readonly string[], flags: readonly string[]): { files: string[]; flags: Set<string>; libvirt?: LibvirtRelease } | undefined {
  const out: { files: string[]; flags: Set<string>; libvirt?: LibvirtRelease } = { files: [], flags: new Set() };
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (flags.includes(a) && !out.flags.has(a)) out.flags.add(a);
    else if (a === '--libvirt' && out.libvirt === undefined) {
      const v = args[++i];
      if (v === undefined || v.startsWith('-')) return undefined;
      const r = parseLibvirtRelease(v);
      if (!r.ok) return undefined;
      out.libvirt = r.value;
    } else if (a.startsWith('-')) return undefined;
    else out.files.push(a);
  }
  return out.files.length && out.files.every(isRegularFile) ? out : undefined;
}
