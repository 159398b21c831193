// `npm run build`, after tsc: dist/baseline.cjs and its code cache, the fast `baseline FILE…`
// path (src/adapters/cli/baseline-fast.ts and everything it imports: the
// libvirt x86 catalog, the <cpu> element reader, the baseline) in one
// CommonJS file that bin/baseline.cjs requires. See docs/architecture.md.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importMetaUrl, lazyNodeModule } from './esbuild-plugins.mjs';
import { lazyX86Tables } from './lazy-data.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const out = path.join(dist, 'baseline.cjs');

// the libvirt x86 catalog as the catalog's own code builds it from the tables in dist, now
// (libvirt-cpu.ts encodeLibvirtX86Catalog): the bundle decodes it instead of building it at every start
const libvirtCpu = await import(path.join(dist, 'src', 'arch', 'x86_64', 'libvirt-cpu.js'));
const catalog = JSON.stringify(libvirtCpu.encodeLibvirtX86Catalog(libvirtCpu.buildLibvirtX86Catalog()));
// the tables themselves, which an answer then reads only to write for an older libvirt release, made
// on first read (tools/lazy-data.mjs)
const lazyTables = await lazyX86Tables(dist, { 'libvirt-models': ['LIBVIRT_X86_MODELS'], 'libvirt-features': ['LIBVIRT_X86_FEATURES'], 'libvirt-releases': ['LIBVIRT_X86_MODEL_SINCE', 'LIBVIRT_X86_FEATURE_SINCE'] });
const precomputed = {
  name: 'precomputed',
  setup(b) {
    b.onLoad({ filter: /[\\/]arch[\\/]x86_64[\\/]libvirt-precomputed\.js$/ }, () => ({
      contents: `export const LIBVIRT_X86_PRECOMPUTED = JSON.parse(${JSON.stringify(catalog)});`,
      loader: 'js',
    }));
    lazyTables(b);
  },
};

const result = await build({
  entryPoints: [path.join(dist, 'src', 'adapters', 'cli', 'baseline-fast.js')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: out,
  metafile: true,
  // createRequire(import.meta.url) (fast-xml-parser, child_process, loaded on first use) resolves from the bundle's own file
  ...importMetaUrl('__baseline'),
  plugins: [precomputed, lazyNodeModule],
  minify: true,
  logLevel: 'warning',
});
// the catalog must be the precomputed one (a path that builds it would pay that at every start)
if (!Object.keys(result.metafile.inputs).some((f) => f.startsWith('dist/src/arch/x86_64/libvirt-precomputed.js'))) throw new Error(`${out}: the precomputed libvirt catalog is missing`);
// what the fast path must not carry (loaded at every start otherwise)
const heavy = Object.keys(result.metafile.inputs).filter((f) => /node_modules\/(commander|zod|fast-xml-parser)\//.test(f));
if (heavy.length) throw new Error(`${out} bundles ${heavy[0]}: the fast baseline path must not load it at start`);

// bin/oneshot.cjs's loadBundle reads it as latin1, which is only right for ASCII (esbuild's default charset)
if (readFileSync(out).some((b) => b > 0x7f)) throw new Error(`${out} is not ASCII: bin/oneshot.cjs reads it as latin1`);
// its content hash as a last line: loadBundle uses a code cache only when stamped with it
const { stampText, wrapText } = createRequire(import.meta.url)('../bin/oneshot.cjs');
writeFileSync(out, stampText(wrapText(readFileSync(out, 'latin1'))), 'latin1');

/**
 * A bundle's code cache (CACHE, written by bin/oneshot.cjs's loadBundle at
 * the exit of one process): that process loads BUNDLE and answers each argv
 * of FORMS with its export FN(argv, undefined, true) (output straight to the
 * file descriptors; this process drops stdout), failing the build when one
 * is not answered or the process fails.
 */
function trainCache(bundle, fn, forms, cache) {
  const script = `
const b = require(${JSON.stringify(path.join(root, 'bin', 'oneshot.cjs'))}).loadBundle(${JSON.stringify(bundle)});
(async () => {
  for (const a of ${JSON.stringify(forms)}) if (!(await b.${fn}(a, undefined, true))) throw new Error('not answered: ' + a.join(' '));
  process.exitCode = 0;
})().catch((e) => { console.error(e); process.exit(1); });
`;
  const r = spawnSync(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`making ${cache} failed (${r.status})`);
}

// the code cache (dist/baseline.cjs.cache): one process answers a few small files, output dropped,
// and loadBundle writes the cache at its exit with what they compiled. --libvirt keeps the host
// (virsh --version and its remembered answer) out of the build.
const cache = `${out}.cache`;
rmSync(cache, { force: true });
const tmp = mkdtempSync(path.join(tmpdir(), 'cpumodels-baseline-train-'));
const cpu = (model, feats) =>
  `<cpu mode='custom' match='exact'>\n  <arch>x86_64</arch>\n  <model fallback='forbid'>${model}</model>\n  <vendor>Intel</vendor>\n${feats
    .map((f) => `  <feature policy='require' name='${f}'/>\n`)
    .join('')}</cpu>\n`;
// fleet files as the element reader takes them (top-level elements: copies, a few kinds in turn, elements that differ in a
// comment), and a capabilities document (the whole-file path), so the cache holds the reader's code too
const files = [
  [path.join(tmp, 'same.xml'), cpu('Skylake-Client', ['vmx']).repeat(4)],
  // (more than the 4,096 texts the reader keeps: then the tight compare loop takes them)
  [path.join(tmp, 'numbered.xml'), Array.from({ length: 4200 }, (_, k) => cpu('Skylake-Client', ['vmx']).replace('</cpu>', `<!--${k}--></cpu>`)).join('')],
  // a few kinds of host in a repeating order (the element that followed a kept text, compared)
  [path.join(tmp, 'kinds.xml'), Array.from({ length: 12 }, (_, k) => cpu('Skylake-Client', [['vmx', 'ss', 'pdpe1gb'][k % 3]])).join('')],
  [path.join(tmp, 'mixed.xml'), `<capabilities><host>\n${cpu('Skylake-Client', ['vmx', 'ss']) + cpu('Haswell', ['pdpe1gb']) + cpu('Broadwell', [])}</host></capabilities>\n`],
];
for (const [f, text] of files) writeFileSync(f, text);
const forms = files.flatMap(([f]) => [
  ['baseline', f, '--libvirt', '9.0'],
  ['baseline', f, '--libvirt', '9.0', '--features'],
  ['baseline', f, '--libvirt', '9.0', '--migratable'],
]);
// (written to file descriptor 1 as bin/baseline.cjs has it; this process's stdout is dropped)
trainCache(out, 'runBaselineFast', forms, cache);
rmSync(tmp, { recursive: true, force: true });

// ---------------------------------------------------------------------------
// dist/hosts.cjs and its code cache: `baseline --hosts FILE…` (src/adapters/cli/hosts-fast.ts and what it
// imports: the fleet, every architecture's fleet rules, the host readers) in one CommonJS file that
// bin/baseline.cjs requires for that form. A fleet file of ever new classes then starts from code compiled
// from the cache instead of ES modules resolved, read and compiled at every start.
const hostsOut = path.join(dist, 'hosts.cjs');
await build({
  entryPoints: [path.join(dist, 'src', 'adapters', 'cli', 'hosts-fast.js')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: hostsOut,
  ...importMetaUrl('__hosts'),
  plugins: [precomputed, lazyNodeModule],
  minify: true,
  logLevel: 'warning',
});
if (readFileSync(hostsOut).some((b) => b > 0x7f)) throw new Error(`${hostsOut} is not ASCII: bin/oneshot.cjs reads it as latin1`);
writeFileSync(hostsOut, stampText(wrapText(readFileSync(hostsOut, 'latin1'))), 'latin1');

// its cache: one process answers fleet files of each architecture's hosts in both forms (compact lines with
// random features dropped, so the scanner and the class-opening code run; verbose lines), output dropped
const hostsCache = `${hostsOut}.cache`;
rmSync(hostsCache, { force: true });
const htmp = mkdtempSync(path.join(tmpdir(), 'cpumodels-hosts-train-'));
const mod = (p) => import(path.join(dist, 'src', ...p.split('/')));
(await mod('adapters/libvirt/formats.js')).useLibvirtAdapter();
const { toHostDoc } = await mod('host/convert.js');
const { toCompact } = await mod('host/compact.js');
const { signatureOfNames } = await mod('core/signature.js');
const { mulberry32 } = await mod('core/prng.js');
// hosts as their own descriptions give them: an x86 /proc/cpuinfo, an s390x /proc/sysinfo
const x86Flags =
  'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology cpuid pni pclmulqdq vmx ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm mpx avx512f avx512dq rdseed adx smap clflushopt clwb avx512cd avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves arat pku ospke md_clear arch_capabilities';
const kinds = [
  toHostDoc(`processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\nmodel name\t: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz\nstepping\t: 4\nflags\t\t: ${x86Flags}\n`, 'train-x86'),
  toHostDoc('Manufacturer:         IBM\nType:                 8561\n', 'train-s390x'),
];
const trainFiles = [];
for (const k of kinds) {
  if (!k.ok) throw new Error(`training hosts: ${k.error.message}`);
  const h = k.value;
  const rnd = mulberry32(1);
  const lines = [];
  for (let i = 0; i < 3000; i++) {
    // (from the last 20 features: the first words hold the base features a baseline cannot do without)
    const from = Math.max(0, h.features.length - 20);
    const gone = new Set(Array.from({ length: 3 }, () => h.features[from + Math.floor(rnd() * (h.features.length - from))]));
    const features = h.features.filter((f) => !gone.has(f));
    const sig = signatureOfNames(h.arch, features);
    const { delta: _d, ...rest } = h;
    const doc = { ...rest, name: `h${i}`, features, signature: sig, display: `${h.model}@${sig}`, source: { ...h.source, origin: `h${i}` } };
    const c = toCompact(doc);
    if (!c.ok) throw new Error(`training hosts: ${c.error.message}`);
    lines.push(JSON.stringify(i % 10 === 9 ? doc : c.value));
  }
  const f = path.join(htmp, `${h.arch}.ndjson`);
  writeFileSync(f, lines.join('\n') + '\n');
  trainFiles.push(f);
}
const hostForms = trainFiles.flatMap((f) => [
  ['baseline', '--hosts', f, '--libvirt', '9.0'],
  ['baseline', '--hosts', f, '--libvirt', '9.0', '--json'],
]);
trainCache(hostsOut, 'runHostsFast', hostForms, hostsCache);
rmSync(htmp, { recursive: true, force: true });
