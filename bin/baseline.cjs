'use strict';
// `cpumodels baseline FILE…` (virsh cpu-baseline of libvirt <cpu> files) and
// `cpumodels baseline --hosts FILE…` (the N-way baseline of real hosts) without
// the full CLI: dist/baseline.cjs (src/adapters/cli/baseline-fast.ts) and
// dist/hosts.cjs (src/adapters/cli/hosts-fast.ts), both bundled by
// tools/build-baseline.mjs, answer the plain forms of argv; anything else goes
// to the commander CLI. bin/cpumodels (the sh launcher) runs this file for `baseline`.
const path = require('node:path');
const { fail, full, loadBundle } = require('./oneshot.cjs');

/** The answer to `baseline [--hosts] FILE…` (true), or false when argv is another form or the bundle is missing (nothing was done). */
function runBaseline(args) {
  const hosts = args.includes('--hosts');
  let b;
  try {
    // compiled with its code cache (dist/NAME.cjs.cache), as the one-shot bundles are
    b = loadBundle(path.join(__dirname, '..', 'dist', hosts ? 'hosts.cjs' : 'baseline.cjs'));
  } catch {}
  if (!b) return Promise.resolve(false);
  // the answer goes straight to file descriptors 1 and 2 (no process.stdout stream)
  return hosts ? b.runHostsFast(args, undefined, true) : b.runBaselineFast(args, undefined, true);
}

module.exports = { runBaseline };

if (require.main === module) runBaseline(process.argv.slice(2)).then((done) => (done ? undefined : full())).catch(fail);
