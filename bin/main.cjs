#!/usr/bin/env node
'use strict';
// The sh launcher's entry for everything but the servers: CommonJS, so Node
// starts it without its ES module loader (bin/cpumodels.js, the ESM entry,
// does the same through it). The plain one-shot forms (models, expand,
// compare, s390x identify) are answered without commander (bin/oneshot.cjs);
// everything else by the CLI, imported when needed.
const { runFast, fail, full } = require('./oneshot.cjs');
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // `--version` alone needs none of the CLI (commander prints the same line)
  import('../dist/src/adapters/cli/version.js').then((m) => process.stdout.write(`${m.VERSION}\n`)).catch(fail);
} else runFast(args).then((done) => (done ? undefined : full())).catch(fail);
