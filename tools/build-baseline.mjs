// `npm run build`, after tsc: dist/baseline.cjs and its code cache, the fast `baseline FILE…`
// path (src/adapters/cli/baseline-fast.ts and everything it imports: the
// libvirt x86 catalog, the <cpu> element reader, the baseline) in one
// CommonJS file that bin/baseline.cjs requires. See docs/architecture.md.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'baseline.cjs');
const result = await build({
  entryPoints: [path.join(root, 'dist', 'src', 'adapters', 'cli', 'baseline-fast.js')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: out,
  metafile: true,
  // createRequire(import.meta.url) (fast-xml-parser, child_process, loaded on first use) resolves from the bundle's own file
  define: { 'import.meta.url': '__baseline_url' },
  banner: { js: 'var __baseline_url = require("node:url").pathToFileURL(__filename).href;' },
  minify: true,
  logLevel: 'warning',
});
// what the fast path must not carry (loaded at every start otherwise)
const heavy = Object.keys(result.metafile.inputs).filter((f) => /node_modules\/(commander|zod|fast-xml-parser)\//.test(f));
if (heavy.length) throw new Error(`${out} bundles ${heavy[0]}: the fast baseline path must not load it at start`);

// its V8 code cache: one process answers a few files of the shapes the reader
// meets (copies, a few kinds, all-distinct texts), output dropped; bin/baseline.cjs
// writes the cache at its exit, with what that run compiled
const cache = `${out}.x86_64.cache`;
rmSync(cache, { force: true });
const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-train-'));
try {
  const cpu = (f, extra = '') => `<cpu><arch>x86_64</arch><model>Skylake-Client</model><vendor>Intel</vendor><feature name='${f}'/>${extra}</cpu>\n`;
  const FEW = ['ss', 'vmx', 'pdcm', 'pku'];
  const file = path.join(dir, 'train.xml');
  writeFileSync(file, cpu('ss').repeat(300) + Array.from({ length: 300 }, (_, i) => cpu(FEW[i % 4])).join('') + Array.from({ length: 300 }, (_, i) => cpu('ss', `<!--${i}-->`)).join(''));
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'baseline.cjs'), 'baseline', file], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CPUMODELS_ASSUME_LIBVIRT: '9.0' } });
  if (r.status !== 0 || !existsSync(cache)) throw new Error(`making ${cache} failed (${r.status})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
