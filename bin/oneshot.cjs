'use strict';
// The one-shot answers (models, expand, compare, s390x identify, and
// `--version`) without the full CLI. tools/build-oneshot.mjs bundles
// src/adapters/cli/oneshot.ts and what it imports into CommonJS files: one
// per architecture (dist/oneshot.ARCH.cjs, the other architectures' drivers
// left out), used when argv names the architecture, and dist/oneshot.cjs
// with all four when it names none. Each is compiled with V8's code cache
// beside it (FILE.cache: made by the build, remade when V8 rejects it or
// when its stamp is not the bundle's: see stampOf).
// runFast answers only the plain forms of argv; anything else goes to the
// commander CLI (dist/src/adapters/cli/main.js).
//
// bin/cpumodels (the sh launcher) runs this file itself for those commands:
// a CommonJS entry starts without Node's ES module loader.
const { readFileSync, renameSync, writeFileSync, writeSync } = require('node:fs');
const { Script } = require('node:vm');
const path = require('node:path');

const FAST_COMMANDS = ['models', 'expand', 'compare', 's390x'];

/** The architectures whose `compare` the direct bundle answers (src/arch/compare-direct-table.ts DIRECT_COMPARE_ARCHES; launcher.test.ts checks). */
const DIRECT_COMPARE_KEYS = ['s390x', 'x86_64', 'ppc64', 'aarch64'];

const ARCHES = ['s390x', 'x86_64', 'ppc64', 'aarch64'];

/** Node's process.arch → the architecture name, for the four (arch/facts.ts archOfNode says the same; launcher.test.ts checks). */
const NODE_ARCH = { x64: 'x86_64', s390x: 's390x', ppc64: 'ppc64', arm64: 'aarch64' };

/**
 * Which bundle serves argv: the architecture it names, else this machine's
 * (what the command defaults to: host-facts.ts arch(), which tests may set with
 * CPUMODELS_ASSUME_ARCH), else 'any' (all four; a machine of another
 * architecture, whose answer is the error saying so).
 */
function cacheKey(args, nodeArch = process.arch, assumedArch = process.env.CPUMODELS_ASSUME_ARCH) {
  if (args[0] === 's390x') return 's390x';
  const i = args.indexOf('--arch');
  const here = assumedArch ? assumedArch : Object.hasOwn(NODE_ARCH, nodeArch) ? NODE_ARCH[nodeArch] : undefined;
  const arch = i > 0 ? args[i + 1] : here;
  return ARCHES.includes(arch) ? arch : 'any';
}

/**
 * The bundle for a key and command: dist/oneshot.ARCH.cjs, or dist/oneshot.cjs
 * for 'any'; for `models`, dist/oneshot.ARCH.models.cjs (dist/oneshot.models.cjs),
 * the same code with the definitions table the build stored, which the other
 * commands do not read.
 */
function bundleFile(dist, key, command) {
  return path.join(dist, `oneshot${key === 'any' ? '' : `.${key}`}${command === 'models' ? '.models' : ''}.cjs`);
}

/**
 * The code cache for a bundle and a command (models, expand, compare,
 * identify): each command's cache holds the functions that command compiles
 * and no others, so a run deserializes only what it runs.
 */
function cacheFileOf(bundle, command) {
  return `${bundle}.${command}.cache`;
}

/** The command whose cache serves argv (cacheFileOf); the first word otherwise. */
function commandOf(args) {
  return args[0] === 's390x' ? 'identify' : args[0];
}

const STAMP_MARK = '\n//# cpumodels-stamp=';

/**
 * How a bundle's text starts when the build has already wrapped it in the
 * function loadBundle runs (wrapText): then the file's text is compiled as it
 * is, not copied into a new string around it (one copy of a 100-600 KB
 * source less in the young generation, which the first scavenge would copy).
 */
const WRAP_HEAD = '(function (exports, require, module, __filename, __dirname) {';

/** A CommonJS bundle's text wrapped as loadBundle runs it (build time, before stampText). */
function wrapText(text) {
  return `${WRAP_HEAD}${text}\n})`;
}

/**
 * The build's content hash, which it appends to each bundle as a last line
 * (stampText), with the bundle file's size and mtime: what a code cache is
 * stamped with. V8 checks only the source's length, so a bundle rebuilt or
 * edited with its length kept would run the cache's old code; no hashing here
 * (a rebuild changes the build's hash, an edit the mtime).
 */
function stampOf(source, file) {
  const i = source.lastIndexOf(STAMP_MARK);
  const st = require('node:fs').statSync(file);
  return `${i < 0 ? '-' : source.slice(i + STAMP_MARK.length).trim()} ${st.size} ${st.mtimeMs}\n`;
}

/** A bundle's text with its content hash as a last line (build time only). */
function stampText(text) {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  return `${body}${STAMP_MARK.slice(1)}${require('node:crypto').createHash('sha256').update(body).digest('hex').slice(0, 32)}\n`;
}

let loaded;
/**
 * The bundle's exports, compiled with the command's cache; undefined when it
 * cannot be had (the full CLI answers then). Without a command: the bundle of
 * compare/expand, compiled without a cache (none is read or written).
 */
function bundle(key, command) {
  const file = bundleFile(path.join(__dirname, '..', 'dist'), key, command);
  return (loaded ??= { exports: loadBundle(file, command === undefined ? null : cacheFileOf(file, command)) }).exports;
}

/**
 * A CommonJS bundle's exports, compiled with its V8 code cache (cacheFile,
 * FILE.cache unless given, none when null; written at exit when missing or
 * rejected); undefined when FILE is missing. Also loads dist/baseline.cjs
 * (bin/baseline.cjs).
 */
function loadBundle(file, cacheFile = `${file}.cache`) {
  let source;
  try {
    // esbuild writes ASCII only (non-ASCII as \u escapes): latin1 is the same text, without a UTF-8 decode
    source = readFileSync(file, 'latin1');
  } catch {
    return undefined;
  }
  const stamp = cacheFile === null ? '' : stampOf(source, file);
  let cachedData;
  if (cacheFile !== null) try {
    // the cache file: the stamp line it was made for, then V8's data
    const c = readFileSync(cacheFile);
    if (c.toString('latin1', 0, stamp.length) === stamp) cachedData = c.subarray(stamp.length);
  } catch {}
  // a bundle the build wrapped (wrapText) is compiled as it is; any other is wrapped here
  const script = new Script(source.startsWith(WRAP_HEAD) ? source : wrapText(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (cacheFile !== null && (!cachedData || script.cachedDataRejected)) {
    // a new cache once the answer is out, with the functions this run compiled; best effort (dist may be read-only)
    process.once('exit', () => {
      try {
        writeFileSync(`${cacheFile}.${process.pid}`, Buffer.concat([Buffer.from(stamp, 'latin1'), script.createCachedData()]));
        renameSync(`${cacheFile}.${process.pid}`, cacheFile);
      } catch {}
    });
  }
  const m = { exports: {} };
  // the bundle's require: Node's built-in modules only (esbuild bundled the rest; zod and
  // fast-xml-parser, required through createRequire, resolve from dist/ and bin/ alike)
  script.runInThisContext()(m.exports, require, m, file, path.dirname(file));
  return m.exports;
}

/** The answer to a fast command's argv (true), or false when it is not one (nothing was done). */
async function runFast(args) {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) return version();
  if (!FAST_COMMANDS.includes(args[0])) return false;
  if (args[0] === 'models' && mayBeTcg(args) && modelsStored(args)) return true;
  if (args[0] === 'models' && cacheKey(args) === 'x86_64' && mayBeKvm(args) && modelsDirect(args)) return true;
  if (args[0] === 'expand' && expandDirect(args)) return true;
  if (args[0] === 's390x' && identifyDirect(args)) return true;
  if (args[0] === 'compare' && DIRECT_COMPARE_KEYS.includes(cacheKey(args)) && compareDirect(args)) return true;
  let b;
  try {
    b = bundle(cacheKey(args), commandOf(args));
  } catch {}
  // the answer goes straight to file descriptors 1 and 2 (no process.stdout stream)
  // (all of it written to the descriptors: nothing is left to wait for, so the process may end at once: exitNow)
  return b ? directly(b, await b.runFast(args, undefined, true)) : false;
}

/** The bundle's answer went to the file descriptors whole: no stream holds any of it. */
let answeredDirectly = false;

/**
 * Ends the process once a one-shot answer is out: process.exit() with the
 * exit code the answer set, when the answer went straight to the file
 * descriptors (nothing pending: its 'exit' handlers, such as a code cache
 * being written, still run). Node's own ending after that (the event loop's
 * last turn, the environment's teardown) was measured at 1-2 ms of a ~32 ms
 * answer. Otherwise the process ends by itself, as before.
 */
function exitNow() {
  if (answeredDirectly) process.exit();
}

/**
 * Whether `models` may run under KVM here, so that the direct path is worth
 * loading: --accel named, or KVM assumed (CPUMODELS_ASSUME_KVM=1), or
 * /dev/kvm there. Only a filter: the direct path decides as resolveCommon does
 * (a machine where /dev/kvm is there but cannot be opened loads it for nothing).
 */
function mayBeKvm(args) {
  if (args.includes('--accel')) return true;
  const assumed = process.env.CPUMODELS_ASSUME_KVM;
  return assumed !== undefined && assumed !== '' ? assumed === '1' : require('node:fs').existsSync('/dev/kvm');
}

/**
 * Whether `models` may run under TCG, so that the stored answers are worth
 * loading: --accel tcg, or no --accel and another architecture than this
 * machine's or KVM not there (mayBeKvm). Only a filter: the stored path
 * decides as resolveCommon does.
 */
function mayBeTcg(args) {
  const i = args.indexOf('--accel');
  if (i > 0) return args[i + 1] === 'tcg';
  const here = cacheKey([]);
  return cacheKey(args) !== here || !mayBeKvm(args);
}

/**
 * `models` under TCG, from the answers the build stored (dist/models-stored/ARCH.json)
 * and the small bundle that writes them (dist/oneshot-models-stored.cjs,
 * src/adapters/cli/models-stored.ts): true when it answered; false when it
 * does not answer argv (nothing written).
 */
function modelsStored(args) {
  return tryDirect('oneshot-models-stored.cjs', (d) => d.runModelsStored(args, path.join(__dirname, '..', 'dist', 'models-stored'), undefined, true));
}

/**
 * `models` under KVM on an x86_64 machine with its /proc/cpuinfo: the answer
 * remembered for this host and build, from the small bundle
 * dist/oneshot-models-memo.cjs (src/adapters/cli/models-memo.ts), else
 * computed by the small bundle dist/oneshot-models-kvm.cjs
 * (src/adapters/cli/models-direct-main.ts), which remembers it in the user's
 * cache folder: true when either answered; false when neither answers argv
 * (nothing written).
 */
function modelsDirect(args) {
  let memo;
  if (tryDirect('oneshot-models-memo.cjs', (m) => ((memo = m), m.runModelsMemo(args, undefined, undefined, true)))) return true;
  const remember = memo && typeof memo.MEMO_ID === 'string' ? { dir: memo.memoDir(), id: memo.MEMO_ID } : undefined;
  return tryDirect('oneshot-models-kvm.cjs', (d) => d.runModelsDirect(args, undefined, undefined, true, remember));
}

/**
 * A direct path's answer from its small bundle dist/FILE (run: its function,
 * given the bundle's exports): true when it answered; false when the bundle
 * is missing or does not answer argv (nothing written).
 */
function tryDirect(file, run) {
  let d;
  try {
    d = loadBundle(path.join(__dirname, '..', 'dist', file));
  } catch {}
  return d ? directly(d, run(d)) : false;
}

/** A direct path's answer (true: it answered), noting whether it went to the file descriptors whole (exitNow). */
function directly(d, done) {
  if (done && typeof d.wroteViaStream === 'function' && !d.wroteViaStream()) answeredDirectly = true;
  return done;
}

/**
 * `expand` of a stored model, from the answers the build stored
 * (dist/expand-ARCH/MODEL.json) and the small bundle that writes them
 * (dist/oneshot-expand-direct.cjs, src/adapters/cli/expand-direct.ts): true
 * when it answered; false when it does not answer argv (nothing written).
 */
function expandDirect(args) {
  const dist = path.join(__dirname, '..', 'dist');
  // only a filter (the bundle decides): a first operand with no stored file for the architecture argv names
  // (else this machine's) is not loaded for (`expand max`, props)
  const key = cacheKey(args);
  if (key === 'any' || !/^[\w.+-]+$/.test(args[1] ?? '') || !require('node:fs').existsSync(path.join(dist, `expand-${key}`, `${args[1]}.json`))) return false;
  return tryDirect('oneshot-expand-direct.cjs', (d) => d.runExpandDirect(args, dist, undefined, true));
}

/**
 * `s390x identify`, from the small bundle dist/oneshot-identify-direct.cjs
 * (src/adapters/cli/identify-direct.ts: identity.ts over the definitions the
 * build stored): true when it answered; false when it does not answer argv,
 * errors included (nothing written).
 */
function identifyDirect(args) {
  return tryDirect('oneshot-identify-direct.cjs', (d) => d.runIdentifyDirect(args, undefined, true));
}

/**
 * `compare A B` of two model names under TCG, from the small bundle
 * dist/oneshot-compare-direct.cjs (src/adapters/cli/compare-direct.ts: the
 * driver's comparison over the table the build stored): true when it
 * answered; false when it does not answer argv (nothing written).
 */
function compareDirect(args) {
  return tryDirect('oneshot-compare-direct.cjs', (d) => d.runCompareDirect(args, undefined, undefined, true));
}

/** `--version` alone (commander prints the same line): false when the build's file is missing. */
function version() {
  let v;
  try {
    v = require('../dist/oneshot-version.cjs').VERSION;
  } catch {
    return false;
  }
  const line = Buffer.from(`${v}\n`);
  let off = 0;
  try {
    while (off < line.length) off += writeSync(1, line, off);
  } catch (e) {
    // the reader has gone: end quietly, as direct-output.ts does (BROKEN_PIPE_STATUS)
    if (e && e.code === 'EPIPE') process.exit(141);
    process.stdout.write(line.subarray(off)); // EAGAIN …: the stream writes it when it can
  }
  return true;
}

/** One line, never a stack trace (CPUMODELS_DEBUG=1 shows it). */
function fail(err) {
  const msg = err && err.message ? String(err.message).split('\n')[0] : String(err);
  process.stderr.write(`cpumodels: error: ${msg}${process.env.CPUMODELS_DEBUG && err && err.stack ? `\n${err.stack}` : ''}\n`);
  process.exit(2);
}

const full = () => import('../dist/src/adapters/cli/main.js').then((m) => m.main(process.argv));

module.exports = { runFast, fail, full, DIRECT_COMPARE_KEYS, cacheKey, cacheFileOf, commandOf, bundle, bundleFile, loadBundle, stampText, wrapText, ARCHES, NODE_ARCH };

if (require.main === module) runFast(process.argv.slice(2)).then((done) => (done ? exitNow() : full())).catch(fail);
