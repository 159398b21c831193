/**
 * Access to ../shared/reference (tests only; the product never reads it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseJsonExact } from '../../src/adapters/qmp/json-stream.js';
import { toJsonText } from '../../src/core/qmp-json.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SHARED = path.resolve(here, '../../../shared');
export const QEMU72 = path.join(SHARED, 'reference/qemu-7.2');
export const LIBVIRT = path.join(SHARED, 'reference/libvirt');

export function hasShared(): boolean {
  return existsSync(QEMU72);
}

export function readJson<T = any>(file: string): T {
  // exact integers: JSON.parse would round 18446744073709551552 (and so hide the same rounding on our side)
  return parseJsonExact(readFileSync(file, 'utf8')) as T;
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}

/**
 * Compare two QMP replies the way the oracle is defined: lists of strings
 * as sets, `props` as maps, everything else exactly. Returns null when equal.
 */
export function replyDiff(ours: unknown, theirs: unknown, where = '$'): string | null {
  if (Array.isArray(ours) && Array.isArray(theirs)) {
    const strings = ours.every((x) => typeof x === 'string') && theirs.every((x) => typeof x === 'string');
    if (strings) {
      const a = new Set(ours as string[]);
      const b = new Set(theirs as string[]);
      const extra = [...a].filter((x) => !b.has(x));
      const missing = [...b].filter((x) => !a.has(x));
      if (extra.length || missing.length || ours.length !== theirs.length) {
        return `${where}: list differs: extra [${extra.join(' ')}] missing [${missing.join(' ')}] (lengths ${ours.length}/${theirs.length})`;
      }
      return null;
    }
    if (ours.length !== theirs.length) return `${where}: array length ${ours.length} vs ${theirs.length}`;
    for (let i = 0; i < ours.length; i++) {
      const d = replyDiff(ours[i], theirs[i], `${where}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (ours && theirs && typeof ours === 'object' && typeof theirs === 'object' && !Array.isArray(ours) && !Array.isArray(theirs)) {
    const a = ours as Record<string, unknown>;
    const b = theirs as Record<string, unknown>;
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    const extra = ka.filter((k) => !(k in b));
    const missing = kb.filter((k) => !(k in a));
    if (extra.length || missing.length) return `${where}: keys differ: extra [${extra.join(' ')}] missing [${missing.join(' ')}]`;
    for (const k of ka) {
      const d = replyDiff(a[k], b[k], `${where}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return Object.is(ours, theirs) ? null : `${where}: ${toJsonText(ours)} vs ${toJsonText(theirs)}`;
}
