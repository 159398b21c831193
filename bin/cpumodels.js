#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build`.
import('../dist/src/adapters/cli/main.js').then((m) => m.main(process.argv)).catch((err) => {
  // one line, never a stack trace (CPUMODELS_DEBUG=1 shows it)
  const msg = err && err.message ? String(err.message).split('\n')[0] : String(err);
  process.stderr.write(`cpumodels: error: ${msg}${process.env.CPUMODELS_DEBUG && err && err.stack ? `\n${err.stack}` : ''}\n`);
  process.exit(2);
});
