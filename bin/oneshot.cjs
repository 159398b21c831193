'use strict';
// The one-shot answers (models, expand, compare, s390x identify) without the
// full CLI: dist/oneshot.cjs (src/adapters/cli/oneshot.ts and what it
// imports, bundled into one CommonJS file by tools/build-oneshot.mjs) is
// compiled with V8's code cache beside it, one for each architecture
// (oneshot.cjs.ARCH.cache, and .any. when argv names none: made by the build,
// remade when V8 rejects one): a cache holds what one architecture's answers
// compile, not the four's. runFast answers only the plain forms of
// argv; anything else goes to the commander CLI (dist/src/adapters/cli/main.js).
//
// bin/cpumodels (the sh launcher) runs this file itself for those commands:
// a CommonJS entry starts without Node's ES module loader.
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { Script } = require('node:vm');
const path = require('node:path');

const FAST_COMMANDS = ['models', 'expand', 'compare', 's390x'];

const ARCHES = ['s390x', 'x86_64', 'ppc64', 'aarch64'];

/** Which code cache serves argv: the architecture it names, else 'any'. */
function cacheKey(args) {
  if (args[0] === 's390x') return 's390x';
  const i = args.indexOf('--arch');
  return i > 0 && ARCHES.includes(args[i + 1]) ? args[i + 1] : 'any';
}

let loaded;
/** dist/oneshot.cjs's exports; undefined when it cannot be had (the full CLI answers then). */
function bundle(key) {
  return (loaded ??= { exports: load(key) }).exports;
}

/** dist/NAME.cjs compiled with its code cache for `key` (bin/baseline.cjs loads dist/baseline.cjs this way too). */
function load(key, name = 'oneshot') {
  const file = path.join(__dirname, '..', 'dist', `${name}.cjs`);
  const cacheFile = `${file}.${key}.cache`;
  let source;
  try {
    // esbuild writes ASCII only (non-ASCII as \u escapes): latin1 is the same text, without a UTF-8 decode
    source = readFileSync(file, 'latin1');
  } catch {
    return undefined;
  }
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {}
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (!cachedData || script.cachedDataRejected) {
    // a new cache once the answer is out, with the functions this run compiled; best effort (dist may be read-only)
    process.once('exit', () => {
      try {
        writeFileSync(`${cacheFile}.${process.pid}`, script.createCachedData());
        renameSync(`${cacheFile}.${process.pid}`, cacheFile);
      } catch {}
    });
  }
  const m = { exports: {} };
  script.runInThisContext()(m.exports, require('node:module').createRequire(file), m, file, path.dirname(file));
  return m.exports;
}

/** The answer to a fast command's argv (true), or false when it is not one (nothing was done). */
async function runFast(args) {
  if (!FAST_COMMANDS.includes(args[0])) return false;
  let b;
  try {
    b = bundle(cacheKey(args));
  } catch {}
  return b ? b.runFast(args) : false;
}

/** One line, never a stack trace (CPUMODELS_DEBUG=1 shows it). */
function fail(err) {
  const msg = err && err.message ? String(err.message).split('\n')[0] : String(err);
  process.stderr.write(`cpumodels: error: ${msg}${process.env.CPUMODELS_DEBUG && err && err.stack ? `\n${err.stack}` : ''}\n`);
  process.exit(2);
}

const full = () => import('../dist/src/adapters/cli/main.js').then((m) => m.main(process.argv));

module.exports = { runFast, fail, full, cacheKey, bundle, load };

if (require.main === module) runFast(process.argv.slice(2)).then((done) => (done ? undefined : full())).catch(fail);
