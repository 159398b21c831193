#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build`.
// The plain one-shot forms (models, expand, compare, s390x identify) are
// answered without commander (bin/oneshot.cjs); everything else by the CLI.
const { runFast, fail, full } = process.getBuiltinModule('node:module').createRequire(import.meta.url)('./oneshot.cjs');
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // `--version` alone needs none of the CLI (commander prints the same line)
  import('../dist/src/adapters/cli/version.js').then((m) => process.stdout.write(`${m.VERSION}\n`)).catch(fail);
} else runFast(args).then((done) => (done ? undefined : full())).catch(fail);
