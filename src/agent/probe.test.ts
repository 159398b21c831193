/**
 * The agent's probe, one fake per source (virsh, QMP under KVM, the CPUID
 * device, the cpuid tool, /proc/cpuinfo, QMP under TCG), the order it
 * prefers them in, what it says about the ones it could not use, and two
 * real paths: Debian's QEMU expanding its TCG CPU, and this machine's
 * /dev/cpu/0/cpuid (when it can be opened).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readHostText } from '../fleet/commands.js';
import { cpuidToolText } from '../arch/x86_64/cpuid-walk.js';
import { probeAll, REAL_ENV } from './probe.js';
import { dumpReader, fakeProbeEnv as env } from '../../test/helpers/probe-env.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REF = path.join(ROOT, '../shared/reference/libvirt');
const DUMP = path.join(REF, 'cputestdata/x86_64-cpuid-Xeon-Gold-6148.xml');
const DOMCAPS = path.join(REF, 'domaincapsdata/qemu_10.1.0-q35.x86_64+inteltdx.xml');
const CPUINFO = readFileSync('/proc/cpuinfo', 'utf8');

/** what the QMP probe hands over: a host document's JSON */
function docText(file: string): string {
  const r = readHostText(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new Error(r.error.message);
  return JSON.stringify(r.value[0]);
}
const signature = (text: string, origin: string) => {
  const r = readHostText(text, origin);
  if (!r.ok) throw new Error(r.error.message);
  return r.value[0]!.signature;
};

describe('agent probe: every source, richest first', () => {
  it('virsh domcapabilities wins when libvirt answers; every other source is still tried and reported', async () => {
    const e = env({ virsh: readFileSync(DOMCAPS, 'utf8'), kvm: true, qmp: docText(DUMP), cpuid: dumpReader(DUMP), cpuinfo: CPUINFO });
    const p = await probeAll(e);
    expect(p.origin).toBe('virsh domcapabilities');
    expect(p.reached.map((r) => [r.origin, r.status])).toEqual([
      ['virsh domcapabilities', 'used'],
      ['exec:qemu-system-x86_64 (kvm)', 'read'],
      ['/dev/cpu/0/cpuid', 'read'],
      ['/proc/cpuinfo', 'read'],
    ]);
    expect(e.closed).toBe(1);
  });

  it('QMP expansion under KVM next', async () => {
    const p = await probeAll(env({ kvm: true, qmp: docText(DUMP), cpuinfo: CPUINFO }));
    expect(p.origin).toBe('exec:qemu-system-x86_64 (kvm)');
    expect(p.reached[0]).toEqual({ origin: 'virsh domcapabilities', status: 'no answer (libvirt not installed or not running)' });
  });

  it('then CPUID from /dev/cpu/0/cpuid: the walked leaves describe the same CPU as the dump they come from', async () => {
    const p = await probeAll(env({ cpuid: dumpReader(DUMP), cpuinfo: CPUINFO }));
    expect(p.origin).toBe('/dev/cpu/0/cpuid');
    expect(signature(p.text, p.origin)).toBe(signature(readFileSync(DUMP, 'utf8'), DUMP));
    expect(p.reached.find((r) => r.origin === 'exec:qemu-system-x86_64 (tcg)')!.status).toMatch(/no answer: .*not found/);
  });

  it('then the cpuid tool when the device cannot be opened', async () => {
    const tool = cpuidToolText(dumpReader(DUMP))!;
    const p = await probeAll(env({ tool, cpuinfo: CPUINFO }));
    expect(p.origin).toBe('cpuid -r');
    expect(p.reached.find((r) => r.origin === '/dev/cpu/0/cpuid')!.status).toMatch(/cannot open/);
  });

  it('then /proc/cpuinfo, preferred to a TCG expansion (QEMU emulation, not the host)', async () => {
    const p = await probeAll(env({ qmp: docText(DUMP), cpuinfo: CPUINFO }));
    expect(p.origin).toBe('/proc/cpuinfo');
    expect(p.reached.find((r) => r.origin === 'exec:qemu-system-x86_64 (tcg)')!.status).toBe('read');
  });

  it('TCG only when nothing else answers; nothing at all is an error naming every source', async () => {
    expect((await probeAll(env({ qmp: docText(DUMP) }))).origin).toBe('exec:qemu-system-x86_64 (tcg)');
    await expect(probeAll(env({}))).rejects.toThrow(/nothing on this host describes its CPU: virsh domcapabilities: no answer .*\/proc\/cpuinfo: cannot read/);
  });

  it('an answer that does not read as a host is skipped with the reason', async () => {
    const p = await probeAll(env({ virsh: 'error: failed to connect to the hypervisor', cpuinfo: CPUINFO }));
    expect(p.origin).toBe('/proc/cpuinfo');
    expect(p.reached[0]!.status).toMatch(/^unreadable: /);
  });

  it('no CPUID on other architectures', async () => {
    const p = await probeAll(env({ nodeArch: 's390x', cpuid: dumpReader(DUMP), cpuinfo: CPUINFO }));
    expect(p.reached.map((r) => r.origin)).not.toContain('/dev/cpu/0/cpuid');
    expect(p.reached.map((r) => r.origin)).toContain('exec:qemu-system-s390x (tcg)');
  });

  it('the walk stops at a subleaf terminator and never runs away on a reader that answers everything', () => {
    const text = cpuidToolText(() => [0xffffffff, 1, 1, 1])!;
    expect(text.split('\n').length).toBeLessThan(20_000);
    expect(cpuidToolText(() => undefined)).toBeUndefined();
  });
});

describe('agent probe: real sources on this machine', () => {
  const qemu = '/usr/bin/qemu-system-x86_64';
  it.skipIf(!existsSync(qemu))("Debian's QEMU expands its TCG CPU into a host document", async () => {
    const q = await REAL_ENV.qmp('qemu-system-x86_64', 'tcg');
    if ('error' in q) throw new Error(q.error);
    const docs = readHostText(q.text, 'tcg');
    if (!docs.ok) throw new Error(docs.error.message);
    const d = docs.value[0]!;
    expect(d.arch).toBe('x86_64');
    expect(d.source.detail).toMatch(/\(tcg\), query-cpu-model-expansion type=full model=max/);
    // TCG's max emulates SSE2 and friends on any host
    for (const f of ['sse2', 'lm', 'fpu']) expect(d.features).toContain(f);
  }, 60_000);

  const dev = REAL_ENV.openCpuid();
  it.skipIf(!dev)('/dev/cpu/0/cpuid reads as this CPU (the vendor /proc/cpuinfo names)', () => {
    const text = cpuidToolText(dev!.read)!;
    dev!.close();
    const docs = readHostText(text, '/dev/cpu/0/cpuid');
    if (!docs.ok) throw new Error(docs.error.message);
    const vendor = /^vendor_id\s*:\s*(\S+)/m.exec(CPUINFO)![1];
    expect(docs.value[0]!.identity['vendor']).toBe(vendor);
  });
});
