#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build`.
import('../dist/src/adapters/cli/main.js').then((m) => m.main(process.argv)).catch((err) => {
  process.stderr.write(`cpumodels: ${err && err.stack ? err.stack : err}\n`);
  process.exit(2);
});
