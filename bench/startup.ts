// One-shot start-up: our one-shot answers against QEMU's and virsh's, in the
// same run, interleaved (each round runs every command once), medians.
//
//   npm run build && node dist/bench/startup.js
//
// Env: BENCH_RUNS (rounds, default 21); BENCH_ROOT=DIR also times another
// checkout's bin/cpumodels (a copy of an earlier build), for before/after in
// the same run. Prints a table and writes
// bench/results/startup.json. The target (issue 11): each of ours at most
// 1.5x the median of the peers' medians. The peers are the issue's:
// `qemu-system-* -cpu help` (the four architectures) and virsh `cpu-models`
// and `cpu-compare` (on a small <cpu> file); a peer that fails here (virsh's
// test:///default driver has no cpu-compare) is listed as not run. The ratio
// is also given against the earlier list (QEMU x86_64 and s390x, virsh
// cpu-models), for comparison with figures taken before the list grew.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { userCacheDir } from '../src/adapters/cli/host-facts.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, here.endsWith(path.join('dist', 'bench')) ? '../..' : '..');
// the launcher npm links as `cpumodels` (bin/cpumodels), as a user runs it
const bin = path.join(root, 'bin', 'cpumodels');
const RUNS = Math.max(3, Number(process.env['BENCH_RUNS'] ?? 21));

interface Cmd {
  name: string;
  side: 'ours' | 'peer' | 'floor';
  argv: string[];
  /** a peer of the earlier list (before qemu-system-ppc64/aarch64 and virsh cpu-compare) */
  earlier?: boolean;
  /** done before each run, not timed, given the checkout whose launcher runs */
  before?: (checkout: string) => void;
  /** the checkout whose launcher runs (this one when not given) */
  checkout?: string;
}

// a small guest <cpu> for virsh cpu-compare
const tmp = mkdtempSync(path.join(tmpdir(), 'cpumodels-startup-'));
const cpuXml = path.join(tmp, 'cpu.xml');
// each checkout's commands with a user cache folder of their own (XDG_CACHE_HOME), so that what one remembers
// (models under KVM) is not another build's miss
const checkouts: string[] = [];
const cacheEnv = (checkout: string): NodeJS.ProcessEnv => {
  if (!checkouts.includes(checkout)) checkouts.push(checkout);
  return { ...process.env, XDG_CACHE_HOME: path.join(tmp, `cache-${checkouts.indexOf(checkout)}`) };
};
writeFileSync(cpuXml, "<cpu mode='custom' match='exact'>\n  <arch>x86_64</arch>\n  <model fallback='forbid'>Skylake-Client</model>\n</cpu>\n");

const CMDS: Cmd[] = [
  { name: 'cpumodels compare z14 z13 --arch s390x', side: 'ours', argv: [bin, 'compare', 'z14', 'z13', '--arch', 's390x'] },
  { name: 'cpumodels expand Skylake-Server --arch x86_64', side: 'ours', argv: [bin, 'expand', 'Skylake-Server', '--arch', 'x86_64'] },
  { name: 'cpumodels models --arch ppc64', side: 'ours', argv: [bin, 'models', '--arch', 'ppc64'] },
  { name: 'cpumodels s390x identify --type 0x3906 --ga 1', side: 'ours', argv: [bin, 's390x', 'identify', '--type', '0x3906', '--ga', '1'] },
  { name: 'cpumodels models (this machine)', side: 'ours', argv: [bin, 'models'] },
  // x86_64 under KVM with this machine's /proc/cpuinfo as the host: what `models` alone answers on a KVM machine
  // (a later run on the same host writes back the answer the first remembered in the user's cache folder: docs/x86.md)
  { name: 'cpumodels models --accel kvm', side: 'ours', argv: [bin, 'models', '--accel', 'kvm'] },
  // the same with nothing remembered: the first run on a host, or after its flags change (a build before the
  // memo has none to remove; 104004e kept it in dist/)
  {
    name: 'cpumodels models --accel kvm (first run)',
    side: 'ours',
    argv: [bin, 'models', '--accel', 'kvm'],
    before: (r) => {
      for (const f of [path.join(userCacheDir(cacheEnv(r)), 'models-kvm.memo'), path.join(r, 'dist', 'models-kvm.memo')]) rmSync(f, { force: true });
    },
  },
  // the other architectures' expand, and a ppc64 compare (a spelling other than the table's: POWER9 is power9)
  { name: 'cpumodels expand z14 --arch s390x', side: 'ours', argv: [bin, 'expand', 'z14', '--arch', 's390x'] },
  { name: 'cpumodels compare POWER9 POWER8 --arch ppc64', side: 'ours', argv: [bin, 'compare', 'POWER9', 'POWER8', '--arch', 'ppc64'] },
  // x86_64 under KVM with this machine's /proc/cpuinfo: what `compare` of two x86 models answers on a KVM machine
  { name: 'cpumodels compare Skylake-Server Haswell --accel kvm', side: 'ours', argv: [bin, 'compare', 'Skylake-Server', 'Haswell', '--accel', 'kvm'] },
  { name: 'cpumodels --version', side: 'ours', argv: [bin, '--version'] },
  { name: 'qemu-system-x86_64 -cpu help', side: 'peer', earlier: true, argv: ['qemu-system-x86_64', '-cpu', 'help'] },
  { name: 'qemu-system-s390x -cpu help', side: 'peer', earlier: true, argv: ['qemu-system-s390x', '-cpu', 'help'] },
  { name: 'qemu-system-ppc64 -cpu help', side: 'peer', argv: ['qemu-system-ppc64', '-cpu', 'help'] },
  { name: 'qemu-system-aarch64 -cpu help', side: 'peer', argv: ['qemu-system-aarch64', '-cpu', 'help'] },
  { name: 'virsh cpu-models x86_64', side: 'peer', earlier: true, argv: ['virsh', '-c', 'test:///default', 'cpu-models', 'x86_64'] },
  { name: 'virsh cpu-compare cpu.xml', side: 'peer', argv: ['virsh', '-c', process.env['BENCH_VIRSH_URI'] ?? 'test:///default', 'cpu-compare', cpuXml] },
  { name: 'node -e 0', side: 'floor', argv: [process.execPath, '-e', '0'] },
];

// another checkout's launcher: the same commands of ours, in the same rounds
const beforeRoot = process.env['BENCH_ROOT'];
if (beforeRoot) {
  for (const c of CMDS.filter((x) => x.side === 'ours')) CMDS.push({ ...c, name: `(before) ${c.name}`, argv: [path.join(path.resolve(beforeRoot), 'bin', 'cpumodels'), ...c.argv.slice(1)], checkout: path.resolve(beforeRoot) });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function once(c: Cmd): number | undefined {
  c.before?.(c.checkout ?? root);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(c.argv[0]!, c.argv.slice(1), { stdio: ['ignore', 'ignore', 'ignore'], ...(c.side === 'ours' ? { env: cacheEnv(c.checkout ?? root) } : {}) });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return r.error || r.status !== 0 ? undefined : ms;
}

const times = new Map<Cmd, number[]>(CMDS.map((c) => [c, []]));
const missing = new Set<Cmd>();
for (const c of CMDS) if (once(c) === undefined) missing.add(c); // warm-up, and which peers exist
for (let i = 0; i < RUNS; i++) {
  for (const c of CMDS) {
    if (missing.has(c)) continue;
    const ms = once(c);
    if (ms !== undefined) times.get(c)!.push(ms);
  }
}
const med = new Map(CMDS.filter((c) => !missing.has(c)).map((c) => [c, median(times.get(c)!)]));
const peersOf = (earlier: boolean) => {
  const ms = [...med].filter(([c]) => c.side === 'peer' && (!earlier || c.earlier)).map(([, m]) => m);
  return ms.length ? median(ms) : NaN;
};
const peer = peersOf(false);
const peerEarlier = peersOf(true);
console.log(`${RUNS} interleaved rounds; peers' median ${peer.toFixed(1)} ms; target ${(1.5 * peer).toFixed(1)} ms (1.5x); earlier peer list's median ${peerEarlier.toFixed(1)} ms`);
console.log('COMMAND'.padEnd(50) + 'MEDIAN ms'.padStart(10) + 'x PEERS'.padStart(9) + 'x EARLIER'.padStart(11));
const rows = [];
for (const c of CMDS) {
  const m = med.get(c);
  if (m === undefined) {
    console.log(`${c.name.padEnd(50)}${'(not run: fails here)'.padStart(10)}`);
    continue;
  }
  console.log(`${c.name.padEnd(50)}${m.toFixed(1).padStart(10)}${(m / peer).toFixed(2).padStart(9)}${(m / peerEarlier).toFixed(2).padStart(11)}`);
  rows.push({ command: c.name, side: c.side, medianMs: m, ratioToPeers: m / peer, ratioToEarlierPeers: m / peerEarlier });
}
mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
writeFileSync(path.join(root, 'bench', 'results', 'startup.json'), JSON.stringify({ runs: RUNS, peersMedianMs: peer, earlierPeersMedianMs: peerEarlier, notRun: [...missing].map((c) => c.name), rows }, null, 2) + '\n');
