/**
 * Imports run inwards: core, data, arch, host and fleet never import an
 * adapter (src/adapters: QMP, CLI, libvirt XML, HTTP, live hypervisors).
 * This parses the import and export-from statements of every source file
 * (multi-line ones too, `import type` included: a type from an adapter is a
 * format the inner layers should not know) and resolves each relative
 * specifier against the file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SRC, ratchet, relToSrc, sources } from './sources.js';

const INNER = ['core', 'data', 'arch', 'host', 'fleet'];


/** The module specifiers of a file's static imports, re-exports and dynamic imports. */
export function specifiers(text: string): string[] {
  const noComments = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  for (const m of noComments.matchAll(/(?:^|[;\n])\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g)) out.push(m[1]!);
  for (const m of noComments.matchAll(/(?:^|[;\n])\s*import\s*['"]([^'"]+)['"]/g)) out.push(m[1]!);
  for (const m of noComments.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  return out;
}

/** Files that still import adapters, with how many such imports they may keep: lower it, never raise it. */
const PENDING: Record<string, number> = {};

function wrongWay(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const f of sources(SRC)) {
    const rel = relToSrc(f);
    if (!INNER.includes(rel.split('/')[0]!)) continue;
    const bad = specifiers(readFileSync(f, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => relToSrc(path.resolve(path.dirname(f), s)))
      .filter((t) => t.startsWith('adapters/'));
    if (bad.length) found.set(rel, bad.map((t) => `${rel} imports ${t}`));
  }
  return found;
}

/** Inner files that load an XML library themselves (XML is the libvirt adapter's: core's LibvirtFormats). */
function xmlLibraries(): string[] {
  const out: string[] = [];
  for (const f of sources(SRC)) {
    const rel = relToSrc(f);
    if (!INNER.includes(rel.split('/')[0]!)) continue;
    const text = readFileSync(f, 'utf8');
    if (specifiers(text).some((s) => /xml/i.test(s)) || /\brequire\(\s*['"][^'"]*xml/i.test(text)) out.push(rel);
  }
  return out;
}

describe('import direction', () => {
  it('reads single-line, multi-line, type-only, side-effect and dynamic imports', () => {
    const text = "import { a } from '../adapters/x.js';\nimport type {\n  B,\n  C,\n} from '../../adapters/y.js';\nexport { d } from './z.js';\nimport './side.js';\nconst m = await import('../adapters/lazy.js');\n// import { no } from '../adapters/comment.js';\n";
    expect(specifiers(text)).toEqual(['../adapters/x.js', '../../adapters/y.js', './z.js', './side.js', '../adapters/lazy.js']);
  });

  it('core, data, arch, host and fleet import no adapter (beyond the listed files not yet moved)', () => {
    expect(ratchet(wrongWay(), PENDING).over).toEqual([]);
  });

  it('core, data, arch, host and fleet load no XML library (they read and write libvirt XML through LibvirtFormats)', () => {
    expect(xmlLibraries()).toEqual([]);
  });

  it('the pending list shrinks: a file that no longer imports adapters is taken off it', () => {
    expect(ratchet(wrongWay(), PENDING).stale).toEqual([]);
  });
});
