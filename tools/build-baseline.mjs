// `npm run build`, after tsc: dist/baseline.cjs and its code cache, the fast `baseline FILE…`
// path (src/adapters/cli/baseline-fast.ts and everything it imports: the
// libvirt x86 catalog, the <cpu> element reader, the baseline) in one
// CommonJS file that bin/baseline.cjs requires. See docs/architecture.md.
import { build } from 'esbuild';
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

