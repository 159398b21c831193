// `npm run build`, after tsc: dist/oneshot.cjs, the one-shot answers
// (src/adapters/cli/oneshot.ts and everything it imports) in one CommonJS
// file, and its V8 code caches, dist/oneshot.cjs.ARCH.cache (and .any.), each
// made by answering that architecture's fast commands once, output dropped.
// bin/oneshot.cjs loads both; see docs/architecture.md (one-shot start-up).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'oneshot.cjs');
await build({
  entryPoints: [path.join(root, 'dist', 'src', 'adapters', 'cli', 'oneshot.js')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: out,
  // the bundle is CommonJS: import.meta.url (createRequire of zod, fast-xml-parser) is its own file's URL
  define: { 'import.meta.url': '__oneshot_url' },
  banner: { js: 'var __oneshot_url = require("node:url").pathToFileURL(__filename).href;' },
  minify: true,
  keepNames: true,
  logLevel: 'warning',
});
// bin/oneshot.cjs reads it as latin1, which is only right for ASCII (esbuild's default charset)
if (readFileSync(out).some((b) => b > 0x7f)) throw new Error(`${out} is not ASCII: bin/oneshot.cjs reads it as latin1`);
const TRAIN = [
  ['compare', 'z14', 'z13', '--arch', 's390x'],
  ['expand', 'z14', '--arch', 's390x', '--type', 'full'],
  ['models', '--arch', 's390x'],
  ['s390x', 'identify', '--type', '0x3906', '--ga', '1'],
  ['s390x', 'identify', '--model', 'z14.2'],
  ['compare', 'Skylake-Server', 'Haswell', '--arch', 'x86_64'],
  ['expand', 'Skylake-Server', '--arch', 'x86_64'],
  ['models', '--arch', 'x86_64'],
  ['compare', 'POWER9', 'POWER8', '--arch', 'ppc64'],
  ['expand', 'POWER9', '--arch', 'ppc64'],
  ['models', '--arch', 'ppc64'],
  ['compare', 'cortex-a72', 'cortex-a57', '--arch', 'aarch64'],
  ['expand', 'cortex-a72', '--arch', 'aarch64'],
  ['models', '--arch', 'aarch64'],
];
const { cacheKey } = createRequire(import.meta.url)('../bin/oneshot.cjs');
for (const key of ['s390x', 'x86_64', 'ppc64', 'aarch64', 'any']) {
  const cache = `${out}.${key}.cache`;
  rmSync(cache, { force: true });
  // one process answers each form of the key once (with and without --json), output dropped;
  // the cache written at its exit holds what they compiled
  const forms = TRAIN.filter((a) => key === 'any' || cacheKey(a) === key).flatMap((a) => [a, [...a, '--json']]);
  const train = `
const { bundle, runFast } = require(${JSON.stringify(path.join(root, 'bin', 'oneshot.cjs'))});
bundle(${JSON.stringify(key)});
process.stdout.write = () => true;
process.stderr.write = () => true;
(async () => {
  for (const a of ${JSON.stringify(forms)}) await runFast(a);
  process.exitCode = 0;
})();
`;
  const r = spawnSync(process.execPath, ['-e', train], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`making ${cache} failed (${r.status})`);
}
