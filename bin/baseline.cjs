'use strict';
// `cpumodels baseline FILE…` (virsh cpu-baseline of libvirt <cpu> files)
// without the full CLI: dist/baseline.cjs (src/adapters/cli/baseline-fast.ts
// bundled by tools/build-baseline.mjs) answers the plain form of argv; anything else goes to the
// commander CLI. bin/cpumodels (the sh launcher) runs this file for `baseline`.
const path = require('node:path');
const { fail, full, loadBundle } = require('./oneshot.cjs');

/** The answer to `baseline FILE…` (true), or false when argv is another form or the bundle is missing (nothing was done). */
function runBaseline(args) {
  let b;
  try {
    // compiled with its code cache (dist/baseline.cjs.cache), as the one-shot bundles are
    b = loadBundle(path.join(__dirname, '..', 'dist', 'baseline.cjs'));
  } catch {}
  // the answer goes straight to file descriptors 1 and 2 (no process.stdout stream)
  return b ? b.runBaselineFast(args, undefined, true) : Promise.resolve(false);
}

module.exports = { runBaseline };

if (require.main === module) runBaseline(process.argv.slice(2)).then((done) => (done ? undefined : full())).catch(fail);
