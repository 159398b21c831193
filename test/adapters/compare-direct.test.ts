// The direct `compare A B` path (src/adapters/cli/compare-direct.ts, bundled
// alone as dist/oneshot-compare-direct.cjs) answers with the driver's own
// comparison (arch/compare-direct.ts: compareS390Models, compareX86Cpus) over
// the tables the build stores (arch/compare-direct-table.ts: feature names,
// groups, each name's key and set). Its answers must be the full path's byte
// for byte (runFast on the whole driver): for s390x and x86_64, every pair of
// the table's names as text, and a spread of pairs as --json, in each form
// that resolves to the architecture under TCG; anything else is left to the
// full path (nothing written).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCompareDirect } from '../../src/adapters/cli/compare-direct.js';
import { fixedHostFacts, type HostFacts } from '../../src/adapters/cli/host-facts.js';
import { driverFor, runFast } from '../../src/adapters/cli/oneshot.js';
import { compareTableOf, computeCompareTable, DIRECT_COMPARE_ARCHES } from '../../src/arch/compare-direct-table.js';
import { createRequire } from 'node:module';
import { DEFAULT_PROFILE } from '../../src/core/profile.js';
import { captureOutput, directAndFull, spawnFullCli } from '../helpers/cli.js';
import { CPUINFO_FIXTURE, DIRECT_FLAGS } from '../helpers/direct-models.js';
import { seededRandom } from '../helpers/random.js';

const root = path.resolve(import.meta.dirname, '../..');
// the tables as the build makes them (tools/build-oneshot.mjs)
const TABLES = Object.fromEntries(await Promise.all(DIRECT_COMPARE_ARCHES.map(async (a) => [a, await computeCompareTable(a, DEFAULT_PROFILE)] as const)));
const LAZY = Object.fromEntries(Object.entries(TABLES).map(([a, t]) => [a, () => t]));
// and x86_64's under KVM: the names that drivers on three unlike hosts parse alike (no flag, Intel; every flag, AMD; the fixture)
const hostDir = mkdtempSync(path.join(tmpdir(), 'cpumodels-compare-kvm-'));
let hostFiles = 0;
const cpuinfoFile = (vendor: string, family: number, flags: readonly string[]): string => {
  const f = path.join(hostDir, `cpuinfo-${hostFiles++}.txt`);
  writeFileSync(f, `processor\t: 0\nvendor_id\t: ${vendor}\ncpu family\t: ${family}\nmodel\t\t: 1\nmodel name\t: test CPU\nstepping\t: 1\nflags\t\t: ${flags.join(' ')}\n\n`);
  return f;
};
const KVM_HOSTS = [cpuinfoFile('GenuineIntel', 6, []), cpuinfoFile('AuthenticAMD', 25, DIRECT_FLAGS), CPUINFO_FIXTURE];
const KVM_TABLE = compareTableOf('x86_64', DEFAULT_PROFILE, await Promise.all(KVM_HOSTS.map((host) => driverFor({ profile: DEFAULT_PROFILE }, { arch: 'x86_64', accel: 'kvm', host, notes: [] }))));
const LAZY_KVM = { x86_64: () => KVM_TABLE };
const TABLE = TABLES['s390x']!;
const NAMES = Object.keys(TABLE.models);
const X86 = fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: '/proc/cpuinfo' });
const both = (argv: string[], facts: HostFacts) => directAndFull(argv, () => runCompareDirect(argv, LAZY, facts, false, LAZY_KVM), () => runFast(argv, facts));

describe('compare of two models: the direct answer is the full path\'s', () => {
  /** Every pair of names (every stride-th, when given) in the first form; every nth of those also in the others; each answered alike by both paths. */
  async function everyPair(names: readonly string[], nth: number, forms: (a: string, b: string) => [string[], HostFacts][], stride = 1): Promise<void> {
    let k = 0;
    let p = 0;
    for (const a of names)
      for (const b of names) {
        if (p++ % stride !== 0) continue;
        const all = forms(a, b);
        for (const [argv, facts] of k++ % nth === 0 ? all : all.slice(0, 1)) {
          const r = await both(argv, facts);
          expect(r.direct, argv.join(' ')).toBeDefined();
          expect({ argv, answer: r.direct }).toEqual({ argv, answer: r.full });
        }
      }
  }

  it('s390x: every pair of its names as text; every 7th pair as --json; each form that resolves to s390x under TCG', async () => {
    expect(NAMES.length).toBeGreaterThan(70);
    expect(NAMES).toContain('z14');
    expect(NAMES).toContain('gen16a-base');
    await everyPair(NAMES, 7, (a, b) => [
      [['compare', a, b, '--arch', 's390x'], X86],
      [['compare', '--json', a, b, '--accel', 'tcg'], fixedHostFacts({ arch: 's390x', kvm: true })],
      [['compare', a, b], fixedHostFacts({ arch: 's390x', kvm: false })],
    ]);
  }, 60_000);

  it('x86_64: every pair of its names as text; every 11th as --json; each form that resolves to x86_64 under TCG', async () => {
    const names = Object.keys(TABLES['x86_64']!.models);
    expect(names.length).toBeGreaterThan(120);
    expect(names).toContain('Skylake-Server');
    expect(names).toContain('base');
    await everyPair(names, 11, (a, b) => [
      [['compare', a, b, '--arch', 'x86_64'], fixedHostFacts({ arch: 's390x', kvm: true })],
      [['compare', a, b, '--json'], fixedHostFacts({ arch: 'x86_64', kvm: false })],
      [['compare', a, '--accel', 'tcg', b], X86],
    ]);
  }, 120_000);

  it('x86_64 under KVM: every pair of the KVM table\'s names on the captured host as text, every 11th in two more forms; a spread of pairs on 30 random hosts', async () => {
    const names = Object.keys(KVM_TABLE.models);
    expect(names.length).toBeGreaterThan(120);
    expect(names).toContain('Skylake-Server');
    // the models whose parse under KVM takes the host's features are not in it
    expect(names).not.toContain('host');
    expect(names).not.toContain('max');
    const on = (hostFile: string) => fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile });
    await everyPair(names, 11, (a, b) => [
      [['compare', a, b], on(CPUINFO_FIXTURE)],
      [['compare', a, b, '--json', '--accel', 'kvm'], on(CPUINFO_FIXTURE)],
      [['compare', '--arch', 'x86_64', a, b], on(KVM_HOSTS[1]!)],
    ]);
    // other hosts: a stride prime to the number of names reaches every name on both sides
    const next = seededRandom(3);
    const vendors: [string, number][] = [['GenuineIntel', 6], ['AuthenticAMD', 25], ['HygonGenuine', 24], ['CentaurHauls', 6], ['AuthenticAMD', 23]];
    for (let i = 0; i < 30; i++) {
      const [vendor, family] = vendors[i % vendors.length]!;
      const p = next();
      const host = cpuinfoFile(vendor, family, DIRECT_FLAGS.filter(() => next() < p));
      await everyPair(names, 5, (a, b) => [[['compare', a, b], on(host)], [['compare', a, b, '--json'], on(host)]], 307 + i);
    }
  }, 180_000);

  it('ppc64: every 5th pair of its names as text, every 7th of those in two more forms; aarch64: every pair, every 7th in two more', async () => {
    const ppc = Object.keys(TABLES['ppc64']!.models);
    expect(ppc.length).toBeGreaterThan(300);
    expect(ppc).toContain('power9_v2.0');
    // ppc64's 418 names make 174,724 pairs: every 5th of them (a stride prime to 418 reaches every name on both sides)
    await everyPair(
      ppc,
      7,
      (a, b) => [
        [['compare', a, b, '--arch', 'ppc64'], X86],
        [['compare', a, b, '--json'], fixedHostFacts({ arch: 'ppc64', kvm: false })],
        [['compare', '--accel', 'tcg', a, b, '--json'], fixedHostFacts({ arch: 'ppc64', kvm: true })],
      ],
      5,
    );
    // ppc64 takes names in any case (POWER9 is power9): its table is keyed by lower case
    const spelled = ['POWER9', 'Power8', 'POWER10', 'POWER9_V2.0', 'power8NVL', 'POWER7+', 'Power5+'];
    for (const a of spelled) expect(Object.hasOwn(TABLES['ppc64']!.models, a.toLowerCase()), a).toBe(true);
    await everyPair(spelled, 1, (a, b) => [
      [['compare', a, b, '--arch', 'ppc64'], X86],
      [['compare', a, b, '--json'], fixedHostFacts({ arch: 'ppc64', kvm: false })],
    ]);
    const arm = Object.keys(TABLES['aarch64']!.models);
    expect(arm).toContain('cortex-a72');
    await everyPair(arm, 7, (a, b) => [
      [['compare', a, b, '--arch', 'aarch64'], X86],
      [['compare', a, b, '--json'], fixedHostFacts({ arch: 'aarch64', kvm: false })],
      [['compare', a, '--accel', 'tcg', b], fixedHostFacts({ arch: 'aarch64', kvm: true })],
    ]);
  }, 180_000);

  it('the launcher tries the architectures the tables are made for', () => {
    const o = createRequire(import.meta.url)('../../bin/oneshot.cjs') as { DIRECT_COMPARE_KEYS: string[] };
    expect([...o.DIRECT_COMPARE_KEYS].sort()).toEqual([...DIRECT_COMPARE_ARCHES].sort());
  });

  it('writes nothing for argv it does not serve', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-compare-direct-'));
    for (const f of ['z14', 'z13']) writeFileSync(path.join(dir, f), '<cpu><model>z14</model></cpu>\n');
    const cpuid = path.join(dir, 'cpuid.txt');
    writeFileSync(cpuid, '   0x00000000 0x00: eax=0x0000000d ebx=0x756e6547 ecx=0x6c65746e edx=0x49656e69\n');
    const S390 = fixedHostFacts({ arch: 's390x', kvm: false });
    const cases: [string[], HostFacts][] = [
      [['compare', 'z14', 'z13'], X86], // x86_64 here, with KVM
      // x86_64 under KVM: a model that takes the host's features, a host file that is not plainly /proc/cpuinfo, none at all
      [['compare', 'Skylake-Server', 'host'], fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: CPUINFO_FIXTURE })],
      [['compare', 'max', 'Haswell', '--accel', 'kvm'], fixedHostFacts({ arch: 'x86_64', kvm: false, hostFile: CPUINFO_FIXTURE })],
      [['compare', 'Skylake-Server', 'Haswell'], fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: path.join(dir, 'missing') })],
      [['compare', 'Skylake-Server', 'Haswell'], fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: path.join(dir, 'z14') })], // a libvirt <cpu>
      [['compare', 'Skylake-Server', 'Haswell'], fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: cpuid })],
      [['compare', 'Skylake-Server', 'Haswell'], fixedHostFacts({ arch: 'x86_64', kvm: true })],
      [['compare', 'Skylake-Server', 'Haswell', '--accel', 'kvm', '--arch', 'x86_64'], fixedHostFacts({ arch: 's390x', kvm: true, hostFile: CPUINFO_FIXTURE })],
      [['compare', '0x004e1200', 'power8', '--arch', 'ppc64'], X86], // a PVR: the bundle looks it up
      [['compare', 'power9_v2.0', 'power8_v2.0', '--arch', 'ppc64', '--profile', '8.0'], X86],
      [['compare', 'Skylake-Server', 'host', '--arch', 'x86_64'], X86],
      [['compare', 'Skylake-Server', 'max', '--arch', 'x86_64'], X86],
      [['compare', 'z14', 'z13'], fixedHostFacts({ arch: 's390x', kvm: true })], // KVM here
      [['compare', 'z14', 'z13', '--arch', 's390x', '--accel', 'kvm'], X86],
      [['compare', 'z14', 'z13', '--arch', 's390x', '--profile', '7.2'], X86],
      [['compare', 'z14,vx=off', 'z13', '--arch', 's390x'], X86],
      [['compare', 'z14', ' z13', '--arch', 's390x'], X86],
      [['compare', 'z14', 'z99', '--arch', 's390x'], X86],
      [['compare', 'host', 'z13'], S390],
      [['compare', 'z14', 'toString'], S390],
      [['compare', 'z14', '__proto__'], S390],
      [['compare', 'z14'], S390],
      [['compare', 'z14', 'z13', 'z12'], S390],
      [['compare', 'z14', 'z13', '--json', '--json'], S390],
      [['compare', 'z14', 'z13', '--libvirt', '9.0'], S390],
      [['compare', path.join(dir, 'z14'), path.join(dir, 'z13')], S390],
      [['expand', 'z14', '--arch', 's390x'], X86],
    ];
    for (const [argv, facts] of cases) {
      const r = await captureOutput(async () => runCompareDirect(argv, LAZY, facts, false, LAZY_KVM));
      expect({ argv, taken: r.value, out: r.out, err: r.err }).toEqual({ argv, taken: false, out: '', err: '' });
    }
    // two files named as models are read as libvirt XML: in the current folder, as a user would
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await captureOutput(async () => runCompareDirect(['compare', 'z14', 'z13'], LAZY, S390));
      expect({ taken: r.value, out: r.out }).toEqual({ taken: false, out: '' });
    } finally {
      process.chdir(cwd);
    }
    // a build without the table (the source's compare-direct-data.ts): the full path answers
    const r = await captureOutput(async () => runCompareDirect(['compare', 'z14', 'z13', '--arch', 's390x'], undefined, X86));
    expect({ taken: r.value, out: r.out }).toEqual({ taken: false, out: '' });
    const k = await captureOutput(async () => runCompareDirect(['compare', 'Skylake-Server', 'Haswell'], LAZY, fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: CPUINFO_FIXTURE }), false, undefined));
    expect({ taken: k.value, out: k.out }).toEqual({ taken: false, out: '' });
    // and with the KVM table, for contrast
    const t = await captureOutput(async () => runCompareDirect(['compare', 'Skylake-Server', 'Haswell'], LAZY, fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile: CPUINFO_FIXTURE }), false, LAZY_KVM));
    expect(t.value).toBe(true);
  });

  it('answers through bin/oneshot.cjs byte for byte as the commander CLI does', () => {
    for (const env of [{ CPUMODELS_ASSUME_ARCH: 'x86_64', CPUMODELS_ASSUME_KVM: '0' }, { CPUMODELS_ASSUME_ARCH: 's390x', CPUMODELS_ASSUME_KVM: '0' }, { CPUMODELS_ASSUME_ARCH: 'x86_64', CPUMODELS_ASSUME_KVM: '1', CPUMODELS_ASSUME_HOST: CPUINFO_FIXTURE }])
      for (const argv of [['compare', 'POWER9', 'POWER8', '--arch', 'ppc64'], ['compare', 'power9_v2.0', 'power8_v2.0', '--arch', 'ppc64', '--json'], ['compare', 'cortex-a72', 'cortex-a57', '--arch', 'aarch64'], ['compare', 'max', 'a64fx', '--arch', 'aarch64', '--json'], ['compare', 'z14', 'z13', '--arch', 's390x'], ['compare', 'gen15a-base', 'z14.2', '--arch', 's390x', '--json'], ['compare', 'qemu', 'max', '--arch', 's390x'], ['compare', 'z14', 'z13'], ['compare', 'z14', 'z99', '--arch', 's390x'], ['compare', 'Skylake-Server', 'Haswell', '--arch', 'x86_64'], ['compare', 'EPYC-Rome', 'Cascadelake-Server', '--json', '--arch', 'x86_64'], ['compare', 'base', 'Skylake-Server', '--arch', 'x86_64']]) {
        const e = { ...process.env, ...env };
        const direct = spawnSync(process.execPath, [path.join(root, 'bin', 'oneshot.cjs'), ...argv], { env: e });
        const full = spawnFullCli(argv, e);
        expect(direct.stdout.length + direct.stderr.length, argv.join(' ')).toBeGreaterThan(0);
        expect({ argv, env, out: direct.stdout.toString('latin1'), err: direct.stderr.toString('latin1'), code: direct.status }).toEqual({ argv, env, out: full.stdout.toString('latin1'), err: full.stderr.toString('latin1'), code: full.status });
      }
  });
});
