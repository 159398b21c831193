// bin/oneshot.cjs uses a bundle's V8 code cache only when the cache is stamped
// with the bundle's build hash, size and mtime: V8 itself checks only the
// source length, so a bundle changed with its length kept would otherwise run
// the cached (old) code.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const { stampText, wrapText, loadBundle } = createRequire(import.meta.url)('../../bin/oneshot.cjs') as {
  stampText: (t: string) => string;
  wrapText: (t: string) => string;
  loadBundle: (file: string, cacheFile?: string | null) => Record<string, unknown> | undefined;
};
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of bin/oneshot.cjs and the ppc64 `models` bundle with its cache, under the repository (node_modules resolves). */
function copy(): { dir: string; bundle: string; run: () => string } {
  const dir = mkdtempSync(path.join(root, '.cache-stamp-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'bin'));
  mkdirSync(path.join(dir, 'dist'));
  copyFileSync(path.join(root, 'bin', 'oneshot.cjs'), path.join(dir, 'bin', 'oneshot.cjs'));
  const bundle = path.join(dir, 'dist', 'oneshot.ppc64.models.cjs');
  copyFileSync(path.join(root, 'dist', 'oneshot.ppc64.models.cjs'), bundle);
  const st = statSync(path.join(root, 'dist', 'oneshot.ppc64.models.cjs'));
  utimesSync(bundle, st.atime, st.mtime);
  copyFileSync(path.join(root, 'dist', 'oneshot.ppc64.models.cjs.models.cache'), `${bundle}.models.cache`);
  const run = () => {
    const r = spawnSync(process.execPath, [path.join(dir, 'bin', 'oneshot.cjs'), 'models', '--arch', 'ppc64'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return r.stdout;
  };
  return { dir, bundle, run };
}

/** The bundle with its table header's MIGRATION-SAFE spelled MIGRATION-SAVE: the same length. */
function edited(bundle: string): string {
  const text = readFileSync(bundle, 'latin1');
  expect(text).toContain('"MIGRATION-SAFE"');
  return text.replace('"MIGRATION-SAFE"', '"MIGRATION-SAVE"');
}

describe('one-shot code cache stamp', () => {
  it('the copied bundle answers from its cache as built', () => {
    const c = copy();
    expect(c.run()).toContain('MIGRATION-SAFE');
  });

  it('a bundle edited with its length kept does not run the old code', () => {
    const c = copy();
    c.run(); // the cache is warm
    const text = edited(c.bundle);
    expect(text.length).toBe(readFileSync(c.bundle, 'latin1').length);
    writeFileSync(c.bundle, text, 'latin1');
    const out = c.run();
    expect(out).toContain('MIGRATION-SAVE');
    expect(out).not.toContain('MIGRATION-SAFE');
  });

  it('a bundle rebuilt with its length and mtime kept (a new build stamp) does not run the old code', () => {
    const c = copy();
    c.run();
    const st = statSync(c.bundle);
    const body = edited(c.bundle).replace(/\/\/# cpumodels-stamp=.*\n$/, '');
    const text = stampText(body);
    expect(text.length).toBe(st.size);
    writeFileSync(c.bundle, text, 'latin1');
    utimesSync(c.bundle, st.atime, st.mtime);
    expect(statSync(c.bundle).mtimeMs).toBe(st.mtimeMs);
    expect(c.run()).toContain('MIGRATION-SAVE');
  });

  it('the build writes each bundle wrapped as the loader runs it; a bundle not wrapped is wrapped by the loader, and both load alike', () => {
    expect(readFileSync(path.join(root, 'dist', 'oneshot.ppc64.models.cjs'), 'latin1').startsWith(wrapText('BODY').split('BODY')[0]!)).toBe(true);
    const dir = mkdtempSync(path.join(root, '.cache-stamp-'));
    dirs.push(dir);
    const body = 'exports.dir = __dirname; exports.file = __filename; exports.self = module.exports === exports;';
    for (const [name, text] of [['plain.cjs', stampText(body)], ['wrapped.cjs', stampText(wrapText(body))]] as const) {
      const file = path.join(dir, name);
      writeFileSync(file, text, 'latin1');
      expect(loadBundle(file, null)).toEqual({ dir, file, self: true });
    }
  });

  it('bundle() without a command compiles without a cache: none is read, none is written', () => {
    const dir = mkdtempSync(path.join(root, '.cache-stamp-'));
    dirs.push(dir);
    mkdirSync(path.join(dir, 'bin'));
    mkdirSync(path.join(dir, 'dist'));
    copyFileSync(path.join(root, 'bin', 'oneshot.cjs'), path.join(dir, 'bin', 'oneshot.cjs'));
    copyFileSync(path.join(root, 'dist', 'oneshot.ppc64.cjs'), path.join(dir, 'dist', 'oneshot.ppc64.cjs'));
    const code = `const b = require(${JSON.stringify(path.join(dir, 'bin', 'oneshot.cjs'))}).bundle('ppc64'); b.runFast(['compare', 'POWER9', 'POWER8', '--arch', 'ppc64'], undefined, true)`;
    const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('POWER9');
    expect(readdirSync(path.join(dir, 'dist'))).toEqual(['oneshot.ppc64.cjs']);
  });
});
