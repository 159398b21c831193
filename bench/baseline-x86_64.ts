// libvirt x86_64 CPU baseline benchmark: `virsh cpu-baseline` vs ours.
//
//   npm run build && node dist/bench/baseline-x86_64.js
//
// Env: BENCH_SIZES (comma list, default 1000,10000,100000), BENCH_RUNS
// (timed runs per size and side, default 3; the median is reported),
// BENCH_VIRSH (binary, default virsh), BENCH_ENFORCE=1 (exit 1 when our
// process is below 10x virsh's at the largest size of any input virsh
// reads). Our process is `bin/cpumodels baseline FILE`, the sh launcher a
// user runs (it drops NODE_EXTRA_CA_CERTS). See bench/README.md.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { cpus as osCpus, totalmem, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cmdBaseline } from '../src/adapters/cli/libvirt-commands.js';
import { extractCpus } from '../src/adapters/libvirt/extract-cpus.js';
import { baselineCpus, libvirtX86Catalog } from '../src/arch/x86_64/libvirt-cpu.js';
import { writeCpu } from '../src/adapters/libvirt/cpu-xml.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const VIRSH = process.env.BENCH_VIRSH ?? 'virsh';
const TARGET = 10;
const TIME = '/usr/bin/time';

// One real host CPU as `virsh capabilities` prints it: libvirt's test data for
// an Intel Xeon Gold 6148 (model, vendor, topology and the host's extra
// features), about 0.9 KB.
const HOST_CPU_FULL = `<cpu>
  <arch>x86_64</arch>
  <model>Skylake-Client</model>
  <vendor>Intel</vendor>
  <topology sockets='1' cores='20' threads='2'/>
${['ds', 'acpi', 'ss', 'ht', 'tm', 'pbe', 'dtes64', 'monitor', 'ds_cpl', 'vmx', 'smx', 'est', 'tm2', 'xtpr', 'pdcm', 'dca', 'osxsave', 'tsc_adjust', 'cmt', 'avx512f', 'avx512dq', 'clflushopt', 'avx512cd', 'avx512bw', 'avx512vl', 'pku', 'xsaves', 'mbm_total', 'mbm_local', 'pdpe1gb', 'invtsc'].map((f) => `  <feature name='${f}'/>`).join('\n')}
</cpu>
`;

// virsh reads at most 10 MiB per file (VSH_MAX_XML_FILE), so 100,000 CPUs
// must fit in ~104 bytes each: the same CPU's model and vendor and one of
// its features, without indentation.
const HOST_CPU_COMPACT = "<cpu><arch>x86_64</arch><model>Skylake-Client</model><vendor>Intel</vendor><feature name='ss'/></cpu>\n";

const VIRSH_MAX_FILE = 10 * 1024 * 1024;

// Worst case for our text-level cache: every element text differs (here by
// a numbered comment; in real fleets by topology, microcode …), ~100 bytes.
const distinctCpu = (i: number): string => `<cpu><arch>x86_64</arch><model>Skylake-Client</model><feature name='ss'/><!--${i}--></cpu>\n`;

const FEW = ['ss', 'vmx', 'pdcm', 'pku', 'invtsc', 'ds', 'acpi', 'ht'];
const fewCpu = (k: number): string => `<cpu><arch>x86_64</arch><model>Skylake-Client</model><feature name='${FEW[k]}'/></cpu>\n`;

const WORKLOADS: { name: string; text: (n: number) => string }[] = [
  { name: 'compact', text: (n) => HOST_CPU_COMPACT.repeat(n) },
  { name: 'full', text: (n) => HOST_CPU_FULL.repeat(n) },
  // a fleet of a few host kinds: 8 distinct elements, each repeated
  { name: 'few', text: (n) => Array.from({ length: n }, (_, i) => fewCpu(i % 8)).join('') },
  { name: 'distinct', text: (n) => Array.from({ length: n }, (_, i) => distinctCpu(i)).join('') },
];

interface ProcRun {
  ms: number;
  maxRssKiB?: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

const haveTime = existsSync(TIME);

/** Run a command, timing it; peak RSS from /usr/bin/time -v when available. */
function runProc(cmd: string, args: string[]): ProcRun {
  const argv = haveTime ? [TIME, ['-v', cmd, ...args]] as const : [cmd, args] as const;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], [...argv[1]], { maxBuffer: 1 << 28, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let stderr = r.stderr ?? '';
  let maxRssKiB: number | undefined;
  if (haveTime) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    if (m) maxRssKiB = Number(m[1]);
    const cut = stderr.indexOf('\tCommand being timed:');
    if (cut >= 0) stderr = stderr.slice(0, cut);
  }
  const out: ProcRun = { ms, exitCode: r.status ?? -1, stdout: r.stdout ?? '', stderr };
  if (maxRssKiB !== undefined) out.maxRssKiB = maxRssKiB;
  return out;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** model, fallback, vendor and feature→policy, the way the golden tests compare. */
function semantic(xml: string, drop: readonly string[] = []): string {
  const m = /<model[^>]*?(?:fallback='(\w+)')?[^>]*>([^<]+)</.exec(xml);
  const v = /<vendor>([^<]+)</.exec(xml);
  const f = [...xml.matchAll(/policy='(\w+)' name='([^']+)'/g)].filter((a) => !drop.includes(a[2]!)).map((a) => `${a[2]}:${a[1]}`).sort();
  return `${m?.[2]}/${m?.[1]}/${v?.[1] ?? '-'}/${f.join(',')}`;
}

interface Row {
  workload: string;
  n: number;
  fileMiB: number;
  virshMs?: number;
  virshRssMiB?: number;
  virshError?: string;
  oursInProcessMs: number;
  oursCmdMs: number;
  oursProcessMs: number;
  oursProcessRssMiB?: number;
  ratioInProcess?: number;
  ratioCmd?: number;
  ratioProcess?: number;
  sameResult?: boolean;
}

function main(): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-baseline-'));
  // the launcher users run (npm links it as `cpumodels`): sh, then node without the CA bundle
  const launcher = path.resolve(here, here.endsWith(path.join('dist', 'bench')) ? '../..' : '..', 'bin', 'cpumodels');
  const virshVersion = spawnSync(VIRSH, ['--version'], { encoding: 'utf8' });
  const haveVirsh = virshVersion.status === 0;
  libvirtX86Catalog(); // build the catalog outside the timings (one-off, ~ms)
  const rows: Row[] = [];
  let failed = false;
  try {
    for (const w of WORKLOADS) for (const n of SIZES) {
      const file = path.join(dir, `hosts-${w.name}-${n}.xml`);
      writeFileSync(file, w.text(n));
      const size = statSync(file).size;
      const fileMiB = size / 2 ** 20;
      const row: Row = { workload: w.name, n, fileMiB, oursInProcessMs: 0, oursCmdMs: 0, oursProcessMs: 0 };

      // ours, in-process: read + parse + baseline (warm-up once)
      const inProc = (): string => {
        const got = extractCpus(readFileSync(file, 'utf8'), file);
        const r = baselineCpus(got.cpus);
        if (!r.ok) throw new Error(r.error.message);
        return writeCpu(r.value);
      };
      // ours, the CLI function (adds the printing); both warmed up once, runs interleaved
      const oursXml = inProc();
      cmdBaseline([file]);
      const tIn: number[] = [];
      const tCmd: number[] = [];
      for (let k = 0; k < RUNS; k++) {
        let t0 = process.hrtime.bigint();
        inProc();
        tIn.push(Number(process.hrtime.bigint() - t0) / 1e6);
        t0 = process.hrtime.bigint();
        const r = cmdBaseline([file]);
        tCmd.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (r.exitCode !== 0) throw new Error(r.stderr);
      }
      row.oursInProcessMs = median(tIn);
      row.oursCmdMs = median(tCmd);

      // ours, the whole command as a user runs it (like virsh: start-up included)
      const oursRuns = Array.from({ length: RUNS }, () => runProc(launcher, ['baseline', file]));
      if (oursRuns.some((r) => r.exitCode !== 0)) throw new Error(`our process failed: ${oursRuns.find((r) => r.exitCode !== 0)!.stderr}`);
      row.oursProcessMs = median(oursRuns.map((r) => r.ms));
      const oursRss = oursRuns.map((r) => r.maxRssKiB).filter((x): x is number => x !== undefined);
      if (oursRss.length) row.oursProcessRssMiB = Math.max(...oursRss) / 1024;

      if (haveVirsh && size > VIRSH_MAX_FILE) {
        row.virshError = `not run: ${fileMiB.toFixed(1)} MiB is over virsh's 10 MiB input limit`;
      } else if (haveVirsh) {
        const vr = Array.from({ length: RUNS }, () => runProc(VIRSH, ['-c', 'test:///default', 'cpu-baseline', file]));
        const bad = vr.find((r) => r.exitCode !== 0);
        if (bad) {
          row.virshError = bad.stderr.trim();
        } else {
          row.virshMs = median(vr.map((r) => r.ms));
          const rss = vr.map((r) => r.maxRssKiB).filter((x): x is number => x !== undefined);
          if (rss.length) row.virshRssMiB = Math.max(...rss) / 1024;
          row.ratioInProcess = row.virshMs / row.oursInProcessMs;
          row.ratioCmd = row.virshMs / row.oursCmdMs;
          row.ratioProcess = row.virshMs / row.oursProcessMs;
          // the same answer? (libvirt 9.0's cpu_map predates the removed='yes'
          // marks, e.g. mpx on Skylake-Client, which we list as disabled)
          row.sameResult = semantic(vr[0]!.stdout, ['mpx']) === semantic(oursXml, ['mpx']) && semantic(oursRuns[0]!.stdout, ['mpx']) === semantic(oursXml, ['mpx']);
        }
      }
      rows.push(row);
      rmSync(file, { force: true });
    }
  } catch (e) {
    console.error(`bench failed: ${(e as Error).message}`);
    failed = true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const f = (x: number | undefined, d = 0) => (x === undefined ? '-' : x.toFixed(d));
  const header = ['input', 'N', 'file MiB', 'virsh ms', 'virsh RSS MiB', 'ours in-proc ms', 'ours cmd ms', 'ours process ms', 'ours RSS MiB', 'ratio in-proc', 'ratio cmd', 'ratio process', 'same result'];
  const lines = rows.map((r) => [r.workload, String(r.n), f(r.fileMiB, 1), f(r.virshMs), f(r.virshRssMiB), f(r.oursInProcessMs, 1), f(r.oursCmdMs, 1), f(r.oursProcessMs), f(r.oursProcessRssMiB), f(r.ratioInProcess, 1), f(r.ratioCmd, 1), f(r.ratioProcess, 1), r.sameResult === undefined ? '-' : r.sameResult ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join(' | ');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const l of lines) console.log(fmt(l));
  for (const r of rows) if (r.virshError) console.log(`virsh, ${r.workload} N=${r.n}: ${r.virshError}`);
  if (!haveVirsh) console.log(`virsh not found (${VIRSH}); only our numbers are shown`);
  if (!haveTime) console.log(`${TIME} not found (apt-get install time): no peak RSS`);

  // the target: at the largest size, every input virsh reads, as whole processes
  const largestN = Math.max(...rows.map((r) => r.n));
  const judged = rows.filter((r) => r.n === largestN && r.ratioProcess !== undefined);
  const met = judged.length ? judged.every((r) => r.ratioProcess! >= TARGET) : undefined;
  if (met !== undefined) console.log(`target (our process >= ${TARGET}x virsh's at N=${largestN}): ${met ? 'met' : 'MISSED'} (${judged.map((r) => `${r.workload} ${r.ratioProcess!.toFixed(1)}x`).join(', ')})`);
  const mismatch = rows.filter((r) => r.sameResult === false);
  if (mismatch.length) {
    console.log(`results differ from virsh at ${mismatch.map((r) => `${r.workload} N=${r.n}`).join(', ')}`);
    failed = true;
  }

  const resultsDir = path.resolve(here, '../../bench/results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    path.join(resultsDir, 'baseline-x86_64.json'),
    JSON.stringify(
      {
        bench: 'baseline-x86_64',
        date: new Date().toISOString(),
        machine: { cpus: osCpus().length, cpuModel: osCpus()[0]?.model, memMiB: Math.round(totalmem() / 2 ** 20), node: process.version },
        virsh: haveVirsh ? virshVersion.stdout.trim() : null,
        settings: { sizes: SIZES, runs: RUNS, statistic: 'median', target: TARGET, inputs: { compact: 'N copies of a 103-byte host <cpu> (Skylake-Client, Intel, ss): fits virsh 10 MiB limit at N=100,000', full: 'N copies of the Xeon Gold 6148 host <cpu> as capabilities prints it (~0.9 KB; virsh refuses files over 10 MiB)', few: 'N ~90-byte host <cpu> elements, 8 kinds (one feature each) in turn', distinct: 'N ~100-byte host <cpu> elements whose texts all differ (a numbered comment): no two element texts alike' }, ours: 'bin/cpumodels baseline FILE (sh launcher, NODE_EXTRA_CA_CERTS dropped)' },
        rows,
        targetMet: met ?? null,
      },
      null,
      2,
    ) + '\n',
  );
  if (failed) return 1;
  if (process.env.BENCH_ENFORCE === '1' && met === false) return 1;
  return 0;
}

process.exitCode = main();
