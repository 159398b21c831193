#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build`.
const args = process.argv.slice(2);
// `--version` alone needs none of the CLI (commander prints the same line)
const run = args.length === 1 && (args[0] === '--version' || args[0] === '-V')
  ? import('../dist/src/adapters/cli/version.js').then((m) => process.stdout.write(`${m.VERSION}\n`))
  : import('../dist/src/adapters/cli/main.js').then((m) => m.main(process.argv));
run.catch((err) => {
  // one line, never a stack trace (CPUMODELS_DEBUG=1 shows it)
  const msg = err && err.message ? String(err.message).split('\n')[0] : String(err);
  process.stderr.write(`cpumodels: error: ${msg}${process.env.CPUMODELS_DEBUG && err && err.stack ? `\n${err.stack}` : ''}\n`);
  process.exit(2);
});
