// `npm run build`, after tsc: the one-shot answers (src/adapters/cli/oneshot.ts
// and everything it imports) as CommonJS bundles, each with its V8 code cache:
//   dist/oneshot.ARCH.cjs (+ caches)  what one architecture's answers need: the
//                                     other architectures' drivers left out;
//   dist/oneshot.cjs (+ caches)       all four, for a machine of none of them;
//   dist/oneshot[.ARCH].models.cjs    the same for `models`, with the definitions
//                                     table (which the others do not read);
//   dist/oneshot-version.cjs          the version line alone (`--version`).
// Each bundle has a code cache per command (FILE.COMMAND.cache: models, expand,
// compare, identify), made by answering that command's forms once, output dropped.
// bin/oneshot.cjs loads them; see docs/architecture.md (one-shot start-up).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lazyX86Tables } from './lazy-data.mjs';
import { importMetaUrl, lazyNodeModule } from './esbuild-plugins.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const { ARCHES, bundleFile, cacheFileOf, cacheKey, commandOf, stampText, wrapText } = createRequire(import.meta.url)('../bin/oneshot.cjs');

/**
 * esbuild plugin: the modules the one-shot answers load on demand for one
 * architecture (arch/ARCH/create.js, from arch/arches.js; s390x's catalog and
 * identity, for `s390x identify`) become, for the other architectures, a module
 * whose functions say they are absent.
 */
const ON_DEMAND = { 'create.js': ['create'], 'catalog.js': ['s390Catalog'], 'identity.js': ['identifyByModel', 'identifyByType'] };
const onlyArch = (arch) => ({
  name: 'only-arch',
  setup(b) {
    b.onResolve({ filter: /(^|\/)(s390x|x86_64|ppc64|aarch64)\/(create|catalog|identity)\.js$/ }, (a) => {
      const [, , which, file] = /(^|\/)([^/]+)\/([^/]+)$/.exec(a.path);
      const from = path.relative(path.join(dist, 'src'), a.importer);
      const onDemand = from === path.join('arch', 'arches.js') ? file === 'create.js' : from === path.join('adapters', 'cli', 'oneshot.js') && which === 's390x';
      return which === arch || !onDemand ? undefined : { path: `${which}/${file}`, namespace: 'absent-arch' };
    });
    b.onLoad({ filter: /.*/, namespace: 'absent-arch' }, (a) => ({
      contents: [
        `const absent = () => { throw new Error('the one-shot bundle for ${arch} has no ${a.path}: run the full CLI'); };`,
        ...ON_DEMAND[a.path.split('/')[1]].map((n) => `export const ${n} = absent;`),
      ].join('\n'),
      loader: 'js',
    }));
  },
});

/**
 * esbuild plugin: arch/x86_64/precomputed.js becomes the x86_64 table models'
 * classes, what the catalog derives from the feature tables (its core) and
 * what each table model expands to (the driver's computePlainExpansions)
 * under the default profile, and arch/s390x/precomputed.js the s390x
 * cumulative facility sets of every profile, computed now from dist (where that
 * module is empty) by the catalog's own code, so every build remakes them.
 */
const { DEFAULT_PROFILE } = await import(path.join(dist, 'src', 'core', 'profile.js'));
const x86 = await import(path.join(dist, 'src', 'arch', 'x86_64', 'catalog.js'));
const x86Classes = x86.encodeModelClasses(x86.computeModelClasses(x86.x86Catalog(DEFAULT_PROFILE).features, DEFAULT_PROFILE));
const x86Core = x86.encodeCore(x86.computeCore(DEFAULT_PROFILE));
const x86Driver = await import(path.join(dist, 'src', 'arch', 'x86_64', 'driver.js'));
const x86Expanded = x86Driver.encodePlainExpansions(x86Driver.computePlainExpansions(DEFAULT_PROFILE));
const x86CpuinfoNaming = (await import(path.join(dist, 'src', 'arch', 'x86_64', 'cpuid.js'))).computeCpuinfoNaming();
const s390 = await import(path.join(dist, 'src', 'arch', 's390x', 'catalog.js'));
const { PROFILES } = await import(path.join(dist, 'src', 'core', 'profile.js'));
const s390Cumulative = s390.packCumulative(Object.fromEntries(PROFILES.map((p) => [p, s390.encodeCumulative(s390.computeCumulative(s390.s390Catalog(p).features, p))])));
/**
 * A table of build-time data as JavaScript source: an object whose keys are
 * getters, each parsing its own entry's JSON text when read. A run reads the
 * one entry it needs (one profile, one architecture): the others stay a string
 * in the bundle, not object literals that V8 compiles, caches and builds.
 */
const lazyJson = (table) =>
  `{${Object.entries(table)
    .map(([k, v]) => `get ${JSON.stringify(k)}() { return JSON.parse(${JSON.stringify(JSON.stringify(v))}); }`)
    .join(', ')}}`;

// x86_64's big tables (feature rows, model rows, libvirt's and Linux's names):
// made on first read in the bundles (tools/lazy-data.mjs); a table model's
// answer from the precomputed catalog reads none of them
const x86LazyTables = await lazyX86Tables(dist, { features: ['X86_FEATURES'], models: ['X86_MODELS'], 'libvirt-features': ['LIBVIRT_X86_FEATURES'], 'linux-features': ['LINUX_X86_FLAGS'] });
// every architecture's model names (arch/model-names.ts: the hint for another architecture's model),
// asked of the drivers now, into dist/model-names.json: the bundles read it only on that error (and hold
// no other architecture's names)
const modelNames = await (await import(path.join(dist, 'src', 'arch', 'model-names.js'))).modelNamesByArch();
for (const arch of ARCHES) if (!modelNames[arch]?.length) throw new Error(`model names: no ${arch} driver answered`);
writeFileSync(path.join(dist, 'model-names.json'), JSON.stringify(modelNames));
const precomputed = {
  name: 'precomputed',
  setup(b) {
    x86LazyTables(b);
    b.onLoad({ filter: /[\\/]arch[\\/]model-names-data\.js$/ }, () => ({
      contents: `export const MODEL_NAMES_STORED = () => JSON.parse(require('node:fs').readFileSync(require('node:path').join(__dirname, 'model-names.json'), 'utf8'));`,
      loader: 'js',
    }));
    // s390x: the cumulative base/default/full sets of every profile, packed (each distinct set once)
    b.onLoad({ filter: /[\\/]arch[\\/]s390x[\\/]precomputed\.js$/ }, () => ({
      contents: `export const S390_PRECOMPUTED_CUMULATIVE = { pool: JSON.parse(${JSON.stringify(JSON.stringify(s390Cumulative.pool))}), profiles: ${lazyJson(s390Cumulative.profiles)} };`,
      loader: 'js',
    }));
    b.onLoad({ filter: /[\\/]arch[\\/]x86_64[\\/]precomputed\.js$/ }, () => ({
      contents: [
        `export const X86_PRECOMPUTED_CLASSES = ${JSON.stringify({ [DEFAULT_PROFILE]: x86Classes })};`,
        `export const X86_PRECOMPUTED_CORE = ${JSON.stringify({ [DEFAULT_PROFILE]: x86Core })};`,
        // what each table model expands to (TCG; KVM with a host): read by `models` under KVM only
        `export const X86_PRECOMPUTED_EXPANDED = ${lazyJson({ [DEFAULT_PROFILE]: x86Expanded })};`,
        // how /proc/cpuinfo flags are named in QEMU's vocabulary (a KVM host's features), not per profile
        `export const X86_PRECOMPUTED_CPUINFO_NAMING = ${lazyJson({ qemu: x86CpuinfoNaming })};`,
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * esbuild plugin: adapters/cli/precomputed-definitions.js becomes the
 * definitions table `models` reads under TCG without a host (default profile)
 * for the given architectures: each driver's definitions(), as data; the
 * bundle formats the answer at run time (formatModels).
 */
const oneshot = await import(path.join(dist, 'src', 'adapters', 'cli', 'oneshot.js'));
const definitions = {};
for (const arch of ARCHES) {
  const d = await oneshot.driverFor({ profile: DEFAULT_PROFILE }, { arch, accel: 'tcg', notes: [] });
  definitions[`${arch} ${DEFAULT_PROFILE}`] = d.definitions();
}
const definitionsTable = (arches) => ({
  name: 'precomputed-definitions',
  setup(b) {
    b.onLoad({ filter: /[\\/]adapters[\\/]cli[\\/]precomputed-definitions\.js$/ }, () => ({
      // each table a JSON string parsed when first read: most answers (expand, compare, models under
      // KVM) read none, and a literal's objects would be made at every start all the same
      contents: [
        'const tables = {};',
        ...arches.map((a) => {
          const key = `${a} ${DEFAULT_PROFILE}`;
          return `{ let t; Object.defineProperty(tables, ${JSON.stringify(key)}, { get: () => (t ??= JSON.parse(${JSON.stringify(JSON.stringify(definitions[key]))})), enumerable: true }); }`;
        }),
        'export const PRECOMPUTED_DEFINITIONS = tables;',
      ].join('\n'),
      loader: 'js',
    }));
  },
});

/**
 * A bundle made ready for bin/oneshot.cjs: ASCII (it is read as latin1), wrapped as
 * loadBundle runs it, and stamped with its content hash (a code cache is used only with that stamp).
 */
const finishBundle = (out) => {
  if (readFileSync(out).some((b) => b > 0x7f)) throw new Error(`${out} is not ASCII: bin/oneshot.cjs reads it as latin1`);
  writeFileSync(out, stampText(wrapText(readFileSync(out, 'latin1'))), 'latin1');
};

/**
 * A small direct bundle (src/adapters/cli/ENTRY.js) into dist/OUT, made ready (finishBundle); `data`, when
 * given, replaces the module src/arch/<data.module> (ARCH/NAME.js or NAME.js) with data.contents.
 */
const directBundle = async (entry, out, data) => {
  const file = path.join(dist, out);
  // data.module: the module's path under src/arch (ARCH/NAME.js or NAME.js), matched with either separator
  const parts = data ? ['arch', ...data.module.split('/')].map((p) => p.replace(/\./g, '\\.')) : [];
  const replace = data && {
    name: `data-${data.module}`,
    setup(b) {
      b.onLoad({ filter: new RegExp(`[\\\\/]${parts.join('[\\\\/]')}$`) }, () => ({ contents: data.contents, loader: 'js' }));
    },
  };
  await build({ ...common, entryPoints: [path.join(dist, 'src', 'adapters', 'cli', entry)], outfile: file, ...importMetaUrl('__oneshot'), plugins: [...(replace ? [replace] : []), lazyNodeModule] });
  finishBundle(file);
  return file;
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  keepNames: true,
  logLevel: 'warning',
};
for (const key of [...ARCHES, 'any']) for (const models of [false, true]) {
  // `models` reads the definitions table; the other commands have a bundle without it
  const out = bundleFile(dist, key, models ? 'models' : undefined);
  const table = models ? (key === 'any' ? ARCHES : [key]) : [];
  const result = await build({
    ...common,
    entryPoints: [path.join(dist, 'src', 'adapters', 'cli', 'oneshot.js')],
    outfile: out,
    // the bundle is CommonJS: import.meta.url (createRequire of zod, fast-xml-parser) is its own file's URL, made when first asked for
    ...importMetaUrl('__oneshot'),
    plugins: [...(key === 'any' ? [] : [onlyArch(key)]), precomputed, definitionsTable(table), lazyNodeModule],
    // ONESHOT_META=PREFIX: what each bundle holds (esbuild metafile), to PREFIX.KEY.json
    metafile: !!process.env.ONESHOT_META,
  });
  if (process.env.ONESHOT_META) writeFileSync(`${process.env.ONESHOT_META}.${key}${models ? '.models' : ''}.json`, JSON.stringify(result.metafile));
  // ASCII (esbuild's default charset) checked, wrapped, and its content hash as a last line
  finishBundle(out);
}
await build({ ...common, entryPoints: [path.join(dist, 'src', 'adapters', 'cli', 'version.js')], outfile: path.join(dist, 'oneshot-version.cjs') });

// the direct `models` answer under KVM on x86_64 (src/adapters/cli/models-direct-main.ts): its own small
// bundle, with the table computeDirectModels makes now from dist by the catalog's and driver's own code
const directTable = (await import(path.join(dist, 'src', 'arch', 'x86_64', 'models-direct-table.js'))).computeDirectModels(DEFAULT_PROFILE);
// (one JSON text, parsed when the module runs: quicker to compile and parse than an object literal)
const directOut = await directBundle('models-direct-main.js', 'oneshot-models-kvm.cjs', {
  module: 'x86_64/models-direct-data.js',
  contents: `export const X86_DIRECT_MODELS = JSON.parse(${JSON.stringify(JSON.stringify(directTable))});`,
});
// its answers remembered per host (src/adapters/cli/models-memo.ts): the small bundle that writes them back,
// which names the direct bundle's build by its content hash (the stamp finishBundle gave it), so that a
// memo of another build is never read
const directStamp = /\/\/# cpumodels-stamp=([0-9a-f]+)\n$/.exec(readFileSync(directOut, 'latin1'))?.[1];
if (!directStamp) throw new Error(`${directOut} has no stamp`);
const memoOut = await directBundle('models-memo.js', 'oneshot-models-memo.cjs', {
  module: 'x86_64/models-direct-id.js',
  contents: `export const X86_DIRECT_MODELS_ID = ${JSON.stringify(directStamp)};`,
});


// the direct `expand` answers of x86_64's table models (src/adapters/cli/expand-direct.ts): each answered
// now by the full path into dist/expand-x86_64/MODEL.json, under TCG and under KVM (kept where three
// unlike /proc/cpuinfo hosts got the same answer), and the small bundle that writes them
const expandStoreDir = path.join(dist, 'expand-x86_64');
const compareKvmTableText = {};
{
  const tmp = mkdtempSync(path.join(tmpdir(), 'cpumodels-expand-store-'));
  const cpuinfo = (name, vendor, family, flags) => {
    const f = path.join(tmp, name);
    writeFileSync(f, `processor\t: 0\nvendor_id\t: ${vendor}\ncpu family\t: ${family}\nmodel\t\t: 1\nmodel name\t: build host\nstepping\t: 1\nflags\t\t: ${flags.join(' ')}\n\n`);
    return f;
  };
  const hosts = [
    cpuinfo('none', 'GenuineIntel', 6, []),
    cpuinfo('every', 'AuthenticAMD', 25, directTable.naming.flags.split(' ')),
    path.join(root, 'test', 'fixtures', 'x86_64', 'proc-cpuinfo-this-machine.txt'),
  ];
  const store = await import(path.join(dist, 'src', 'adapters', 'cli', 'expand-direct-store.js'));
  store.writeExpandStore(expandStoreDir, await store.computeExpandStore(hosts));
  // the direct compare's table under KVM (below): the names each of these hosts' drivers parses alike
  const { compareTableOf } = await import(path.join(dist, 'src', 'arch', 'compare-direct-table.js'));
  const kvmDrivers = await Promise.all(hosts.map((host) => oneshot.driverFor({ profile: DEFAULT_PROFILE }, { arch: 'x86_64', accel: 'kvm', host, notes: [] })));
  compareKvmTableText.x86_64 = JSON.stringify(compareTableOf('x86_64', DEFAULT_PROFILE, kvmDrivers));
  rmSync(tmp, { recursive: true, force: true });
  // the other architectures: every model under TCG, into dist/expand-ARCH
  for (const arch of ARCHES) if (arch !== 'x86_64') store.writeExpandStore(path.join(dist, `expand-${arch}`), await store.computeTcgExpandStore(arch));
}
const expandOut = await directBundle('expand-direct.js', 'oneshot-expand-direct.cjs');

// the stored `models` answers under TCG (src/adapters/cli/models-stored.ts): each architecture answered
// now by the full path into dist/models-stored/ARCH[.json].out (stdout), text and --json, and the small bundle that writes them
const modelsStoreDir = path.join(dist, 'models-stored');
{
  const store = await import(path.join(dist, 'src', 'adapters', 'cli', 'models-stored-store.js'));
  const answers = await store.computeModelsStore();
  // every architecture's two forms: a missing one would only be slower, but says the full path failed
  const { storedModelsFile } = await import(path.join(dist, 'src', 'adapters', 'cli', 'models-stored.js'));
  for (const arch of ARCHES) for (const json of [false, true]) if (!answers.has(storedModelsFile('', arch, json))) throw new Error(`models store: the full path did not answer \`models --arch ${arch}${json ? ' --json' : ''}\` under TCG without a warning`);
  store.writeModelsStore(modelsStoreDir, answers);
}
const modelsStoredOut = await directBundle('models-stored.js', 'oneshot-models-stored.cjs');

// the direct `s390x identify` answer (src/adapters/cli/identify-direct.ts): its own small bundle, with
// each profile's definitions as identifying reads them (identityDefsOf of the catalog, made now from dist);
// profiles with the same list share one JSON text, parsed when first read
const { identityDefsOf } = await import(path.join(dist, 'src', 'arch', 's390x', 'identity.js'));
const identityTexts = [];
const identityOfProfile = {};
for (const p of PROFILES) {
  const t = JSON.stringify(identityDefsOf(s390.s390Catalog(p)));
  if (!identityTexts.includes(t)) identityTexts.push(t);
  identityOfProfile[p] = identityTexts.indexOf(t);
}
const identityOut = await directBundle('identify-direct.js', 'oneshot-identify-direct.cjs', {
  module: 's390x/identity-data.js',
  contents: [
    `const texts = ${JSON.stringify(identityTexts)};`,
    'const lists = [];',
    'const listOf = (i) => (lists[i] ??= JSON.parse(texts[i]));',
    `export const S390_IDENTITY_DEFS = { ${Object.entries(identityOfProfile).map(([p, i]) => `${JSON.stringify(p)}: () => listOf(${i})`).join(', ')} };`,
  ].join('\n'),
});

// the direct `compare A B` of model names (src/adapters/cli/compare-direct.ts): its own small bundle, with
// the table each driver makes now (computeCompareTable, default profile), each parsed when first read
const compareTables = await import(path.join(dist, 'src', 'arch', 'compare-direct-table.js'));
const compareTableText = {};
for (const arch of compareTables.DIRECT_COMPARE_ARCHES) compareTableText[arch] = JSON.stringify(await compareTables.computeCompareTable(arch, DEFAULT_PROFILE));
const compareOut = await directBundle('compare-direct.js', 'oneshot-compare-direct.cjs', {
  module: 'compare-direct-data.js',
  contents: [
    `export const COMPARE_TABLES = { ${Object.entries(compareTableText).map(([a, t]) => `${JSON.stringify(a)}: () => JSON.parse(${JSON.stringify(t)})`).join(', ')} };`,
    `export const COMPARE_TABLES_KVM = { ${Object.entries(compareKvmTableText).map(([a, t]) => `${JSON.stringify(a)}: () => JSON.parse(${JSON.stringify(t)})`).join(', ')} };`,
  ].join('\n'),
});

const COMMANDS = ['models', 'expand', 'compare', 'identify'];
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
for (const key of [...ARCHES, 'any']) for (const command of COMMANDS) {
  const cache = cacheFileOf(bundleFile(dist, key, command), command);
  rmSync(cache, { force: true });
  // one process answers each form of the key and command once (with and without --json), output dropped;
  // the cache written at its exit holds what they compiled
  const forms = TRAIN.filter((a) => (key === 'any' || cacheKey(a) === key) && commandOf(a) === command).flatMap((a) => [a, [...a, '--json']]);
  if (!forms.length) continue;
  const train = `
const { bundle } = require(${JSON.stringify(path.join(root, 'bin', 'oneshot.cjs'))});
const b = bundle(${JSON.stringify(key)}, ${JSON.stringify(command)});
process.stdout.write = () => true;
process.stderr.write = () => true;
(async () => {
  for (const a of ${JSON.stringify(forms)}) await b.runFast(a);
  process.exitCode = 0;
})();
`;
  const r = spawnSync(process.execPath, ['-e', train], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`making ${cache} failed (${r.status})`);
}

// the direct bundle's code cache: made by answering `models --accel kvm` (text and --json) as this machine would
// under KVM, its /proc/cpuinfo the host (output dropped); nothing is cached where there is none
{
  for (const f of [directOut, memoOut, expandOut, modelsStoredOut, identityOut, compareOut]) rmSync(`${f}.cache`, { force: true });
  const cache = `the caches of ${[directOut, memoOut, expandOut, modelsStoredOut, identityOut, compareOut].join(', ')}`;
  const train = `
const { loadBundle } = require(${JSON.stringify(path.join(root, 'bin', 'oneshot.cjs'))});
const b = loadBundle(${JSON.stringify(directOut)});
const facts = { arch: () => 'x86_64', kvm: () => true, libvirt: async () => undefined, hostFile: () => '/proc/cpuinfo' };
process.stdout.write = () => true;
// answered, remembered in a directory of its own, and written back from the memo
const mm = loadBundle(${JSON.stringify(memoOut)});
const memoDir = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'cpumodels-memo-'));
for (const a of [['models', '--accel', 'kvm'], ['models', '--accel', 'kvm', '--json']]) {
  b.runModelsDirect(a, facts, undefined, false, { dir: memoDir, id: mm.MEMO_ID });
  mm.runModelsMemo(a, memoDir, facts);
}
require('node:fs').rmSync(memoDir, { recursive: true, force: true });
const e = loadBundle(${JSON.stringify(expandOut)});
for (const a of [['expand', 'Skylake-Server', '--arch', 'x86_64', '--accel', 'tcg'], ['expand', 'Skylake-Server', '--arch', 'x86_64', '--accel', 'kvm', '--json']]) e.runExpandDirect(a, ${JSON.stringify(dist)}, facts);
for (const a of [['expand', 'z14', '--arch', 's390x', '--type', 'full'], ['expand', 'power9', '--arch', 'ppc64', '--json']]) e.runExpandDirect(a, ${JSON.stringify(dist)}, facts);
// this machine's own facts (detectHostFacts), as a run has them; another architecture's answer, so that KVM is not asked
const m = loadBundle(${JSON.stringify(modelsStoredOut)});
for (const a of [['models', '--arch', process.arch === 's390x' ? 'ppc64' : 's390x'], ['models', '--arch', 'aarch64', '--json']]) m.runModelsStored(a, ${JSON.stringify(modelsStoreDir)});
const i = loadBundle(${JSON.stringify(identityOut)});
for (const a of [['s390x', 'identify', '--type', '0x3906', '--ga', '1'], ['s390x', 'identify', '--model', 'z14.2', '--json']]) i.runIdentifyDirect(a);
const c = loadBundle(${JSON.stringify(compareOut)});
for (const a of [['compare', 'z14', 'z13', '--arch', 's390x'], ['compare', 'z13', 'z14.2-base', '--arch', 's390x', '--json'], ['compare', 'Skylake-Server', 'Haswell', '--arch', 'x86_64', '--accel', 'tcg']]) c.runCompareDirect(a);
for (const a of [['compare', 'Skylake-Server', 'Haswell', '--accel', 'kvm'], ['compare', 'EPYC', 'Haswell', '--accel', 'kvm', '--json']]) c.runCompareDirect(a, undefined, facts);
`;
  const r = spawnSync(process.execPath, ['-e', train], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`making ${cache} failed (${r.status})`);
}
