/** Shared by the structure tests: the product's source files, and the pending-list ratchet. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const SRC = path.resolve(__dirname, '../../src');

/** Every non-test .ts file under `dir`. */
export function sources(dir: string = SRC): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** A path relative to src/, with forward slashes. */
export const relToSrc = (p: string): string => path.relative(SRC, p).split(path.sep).join('/');

/**
 * Findings beyond a pending list (file → how many it may keep), and pending
 * entries set above what is left (to be lowered): both must be empty.
 */
export function ratchet(found: Map<string, string[]>, pending: Record<string, number>): { over: string[]; stale: string[] } {
  const over: string[] = [];
  for (const [rel, lines] of found) if (lines.length > (pending[rel] ?? 0)) over.push(...lines);
  const stale = Object.keys(pending).filter((f) => (found.get(f)?.length ?? 0) < pending[f]!);
  return { over, stale };
}
