/**
 * One question, one function: every command that takes a host reads the
 * formats `probe` reads (host/read.ts), whatever the architecture — the
 * driver commands' --host (models, expand …) as much as probe, labels and
 * domcapabilities. The built CLI, as a user runs it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/cpumodels');
const ref = path.join(root, '../shared/reference/libvirt');
const fx = path.join(root, 'test/fixtures/hosts');

function run(args: string[]) {
  const r = spawnSync(bin, args, { encoding: 'utf8', cwd: root, timeout: 60_000, env: { ...process.env, CPUMODELS_ASSUME_LIBVIRT: 'none' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-host-readers-'));

/** Host files of every kind probe reads: the architectures' own texts and the documents only the host reader reads. */
function hostFiles(): string[] {
  const doc = run(['probe', '--json', path.join(fx, 'ppc64-host-cpu.xml')]);
  writeFileSync(path.join(tmp, 'ppc64-doc.json'), doc.out);
  const compact = run(['probe', '--compact', path.join(fx, 'ppc64-cpuinfo.txt')]);
  writeFileSync(path.join(tmp, 'ppc64-compact.ndjson'), compact.out);
  return [
    path.join(ref, 'cputestdata/x86_64-cpuid-Core-i7-8700.xml'), // x86 CPUID dump
    path.join(ref, 'cputestdata/x86_64-cpuid-Core-i7-8700-host.xml'), // x86 host <cpu>
    path.join(fx, 'ppc64-host-cpu.xml'), // ppc64 host <cpu> (libvirt's ppc64-host.xml shape)
    path.join(fx, 'ppc64-cpuinfo.txt'), // ppc64 /proc/cpuinfo
    path.join(fx, 'aarch64-cpuinfo.txt'),
    path.join(fx, 'aarch64-qmp-host.json'), // QMP expansion replies name no architecture: their props do
    path.join(fx, 'ppc64-qmp-host.json'),
    path.join(tmp, 'ppc64-doc.json'), // a host document
    path.join(tmp, 'ppc64-compact.ndjson'), // a compact host document
    path.join(ref, 'domaincapsdata/qemu_9.1.0.s390x.xml'),
    path.join(ref, 'domaincapsdata/qemu_10.0.0.ppc64.xml'),
    path.join(ref, 'domaincapsdata/qemu_10.1.0-q35.x86_64+inteltdx.xml'),
  ];
}

describe('every command that takes a host reads what probe reads', () => {
  it.each(hostFiles().map((f) => [path.basename(f), f]))('%s: probe, models --host, domcapabilities and labels all read it', (_name, file) => {
    const p = run(['probe', '--json', file]);
    expect(p.err).toBe('');
    const arch = (JSON.parse(p.out) as { arch: string }).arch;
    const m = run(['models', '--arch', arch, '--accel', 'kvm', '--host', file]);
    expect(m.err).toBe('');
    expect(m.code).toBe(0);
    expect(m.out).toMatch(/^MODEL\s+STATIC/);
    for (const args of [['domcapabilities', '--host', file, '--json'], ['labels', '--host', file]]) {
      const r = run(args);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
    }
  });

  it('a host document answers as the text it was made from (models --host)', () => {
    const own = run(['models', '--arch', 'ppc64', '--accel', 'kvm', '--host', path.join(fx, 'ppc64-cpuinfo.txt')]);
    writeFileSync(path.join(tmp, 'p9.json'), run(['probe', '--json', path.join(fx, 'ppc64-cpuinfo.txt')]).out);
    expect(run(['models', '--arch', 'ppc64', '--accel', 'kvm', '--host', path.join(tmp, 'p9.json')]).out).toBe(own.out);
    const dump = path.join(ref, 'cputestdata/x86_64-cpuid-Core-i7-8700.xml');
    writeFileSync(path.join(tmp, 'i7.json'), run(['probe', '--json', dump]).out);
    expect(run(['models', '--arch', 'x86_64', '--accel', 'kvm', '--host', path.join(tmp, 'i7.json')]).out).toBe(run(['models', '--arch', 'x86_64', '--accel', 'kvm', '--host', dump]).out);
  });

  it('a host of another architecture is refused, both named', () => {
    const r = run(['models', '--arch', 'x86_64', '--accel', 'kvm', '--host', path.join(fx, 'ppc64-host-cpu.xml')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('ppc64-host-cpu.xml describes a ppc64 host, not x86_64');
    expect(r.err).toContain('--arch ppc64');
  });

  // an architecture's own text (cpuinfo, CPUID dump, QMP reply) given to another architecture's driver: named as that architecture's, not "not a CPUID dump" or "is it an x86 CPU?"
  const OWN_TEXTS: [string, string][] = [
    ['x86_64', path.join(ref, 'cputestdata/x86_64-cpuid-Core-i7-8700.xml')],
    ['ppc64', path.join(fx, 'ppc64-cpuinfo.txt')],
    ['ppc64', path.join(fx, 'ppc64-qmp-host.json')],
    ['aarch64', path.join(fx, 'aarch64-cpuinfo.txt')],
    ['aarch64', path.join(fx, 'aarch64-qmp-host.json')],
  ];
  const ARCHES = ['s390x', 'x86_64', 'ppc64', 'aarch64'];
  it.each(OWN_TEXTS.flatMap(([hostArch, f]) => ARCHES.filter((a) => a !== hostArch).map((a) => [path.basename(f), a, hostArch, f] as const)))(
    '%s under --arch %s: refused as a %s host, both named',
    (_name, arch, hostArch, file) => {
      const r = run(['models', '--arch', arch, '--accel', 'kvm', '--host', file]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`${path.basename(file).replace(/\./g, '\\.')} describes an? ${hostArch} host, not ${arch}`));
      expect(r.err).toContain(`--arch ${hostArch}`);
    },
  );

  it("a host <cpu> of an architecture cpumodels does not know names the file and that <arch>, never an internal operation", () => {
    const f = path.join(ref, 'cputestdata/x86_64-host-incomp-arch.xml'); // <arch>ia64</arch>
    for (const args of [['probe', f], ['models', '--host', f], ['baseline', '--hosts', f], ['labels', '--host', f]]) {
      const r = run(args);
      expect(r.code).toBe(2);
      expect(r.err).toContain("x86_64-host-incomp-arch.xml: the host CPU's <arch> is 'ia64', an architecture cpumodels does not know");
      expect(r.err).toContain('x86_64, s390x, ppc64, aarch64');
      expect(r.err).not.toMatch(/hostFromLibvirt/);
    }
  });

  it("a partial CPUID dump (libvirt's -enabled.xml/-disabled.xml) is named as such, with what to give instead", () => {
    for (const f of ['x86_64-cpuid-Core-i7-8700-enabled.xml', 'x86_64-cpuid-Core-i7-8700-disabled.xml']) {
      const r = run(['probe', path.join(ref, 'cputestdata', f)]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${f}: CPUID leaf 0x0 is missing`);
      expect(r.err).toContain('a partial dump');
      expect(r.err).toContain('give the whole dump');
    }
  });

  it("several host <cpu>s in one file (libvirt's <cpuTest> list, or top-level <cpu>s as virsh reads them) are that many hosts, named FILE[i]", () => {
    const f = path.join(ref, 'cputestdata/x86_64-baseline-6.xml');
    const p = run(['probe', '--json', f]);
    expect(p.code).toBe(0);
    const hosts = (JSON.parse(p.out) as { hosts: { name: string; arch: string }[] }).hosts;
    expect(hosts.map((h) => [h.name, h.arch])).toEqual([[`${f}[0]`, 'x86_64'], [`${f}[1]`, 'x86_64']]);
    // unwrapped: the same hosts
    const bare = path.join(tmp, 'two-hosts.xml');
    writeFileSync(bare, readFileSync(f, 'utf8').replace(/<\/?cpuTest>\n?/g, ''));
    const q = run(['probe', '--json', bare]);
    expect(q.code).toBe(0);
    const strip = (out: string) => (JSON.parse(out) as { hosts: { signature: string; model: string }[] }).hosts.map((h) => [h.model, h.signature]);
    expect(strip(q.out)).toEqual(strip(p.out));
    // a set of hosts where a command takes one
    const b = run(['baseline', '--hosts', f]);
    expect(b.code).toBe(0);
    expect(b.out).toContain('baseline of 2 hosts');
    // one host needed: refused naming the file, with where such a file goes
    const m = run(['models', '--arch', 'x86_64', '--host', f]);
    expect(m.code).toBe(2);
    expect(m.err).toContain('x86_64-baseline-6.xml: holds 2 hosts; one is needed here');
    expect(m.err).toContain('baseline --hosts');
    // libvirt's incompatible vendors: the fleet baseline refuses to mix them, naming both hosts
    const v = run(['baseline', '--hosts', path.join(ref, 'cputestdata/x86_64-baseline-incompatible-vendors.xml')]);
    // no common baseline: exit 1, as `baseline FILE` over the same CPUs (and virsh cpu-baseline)
    expect(v.code).toBe(1);
    expect(run(['baseline', path.join(ref, 'cputestdata/x86_64-baseline-incompatible-vendors.xml')]).code).toBe(1);
    expect(v.err).toMatch(/CPU vendors differ: GenuineIntel \(.*incompatible-vendors\.xml\[0\]; 1 host\) and AuthenticAMD \(.*incompatible-vendors\.xml\[1\]/);
  });
});

