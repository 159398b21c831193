// Guest machine types in the upgrade forecast: <os><type machine=…> resolved
// under both releases (QEMU's default_cpu_version per machine type), the
// model an unversioned name becomes on a cold boot, and a machine type the
// target release lacks. The resolution under `-machine none` is checked
// against what real QEMUs answered (libvirt's query-cpu-definitions replies:
// every alias-of is NAME-v1).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kvmCapsFiles, readKvmCaps } from '../../test/helpers/qemucaps.js';
import { resolveX86Machine } from '../data/x86_64/machine-types.js';
import { cmdUpgradeCheck, machineOf } from './command.js';
import { guestMachine, type UpgradeReport } from './upgrade.js';

const HOST = '../shared/reference/libvirt/cputestdata/x86_64-cpuid-Xeon-Platinum-8268.xml';
const dir = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-machine-'));
function domain(name: string, machine: string, model: string): string {
  const f = path.join(dir, `${name}.xml`);
  writeFileSync(f, `<domain type='kvm'><name>${name}</name><os><type arch='x86_64' machine='${machine}'>hvm</type></os><cpu mode='custom' match='exact'><model fallback='forbid'>${model}</model></cpu></domain>\n`);
  return f;
}
const run = (from: string, to: string, guests: string[]) => {
  const r = cmdUpgradeCheck({ arch: 'x86_64', from, to, hosts: [HOST], guests, json: true });
  expect(r.exitCode, r.stderr).toBeLessThan(2);
  return JSON.parse(r.stdout) as UpgradeReport;
};

describe('machine types', () => {
  it('reads <os><type machine=…> from a domain XML', () => {
    expect(machineOf("<domain><os><type arch='x86_64' machine=\"pc-q35-7.2\">hvm</type><boot dev='hd'/></os></domain>")).toBe('pc-q35-7.2');
    expect(machineOf('<domain><os><type>hvm</type></os></domain>')).toBeUndefined();
    expect(machineOf("<cpu mode='host-model'/>")).toBeUndefined();
  });

  it("QEMU's default CPU version: 1 from 4.1 on, legacy before, aliases move to the release's newest", () => {
    expect(resolveX86Machine('pc-q35-7.2', '9.2')).toEqual({ ok: true, value: { machine: 'pc-q35-7.2', cpuVersion: 1 } });
    expect(resolveX86Machine('pc-i440fx-4.1', '9.2')).toEqual({ ok: true, value: { machine: 'pc-i440fx-4.1', cpuVersion: 1 } });
    expect(resolveX86Machine('pc-i440fx-4.0', '9.2')).toEqual({ ok: true, value: { machine: 'pc-i440fx-4.0', cpuVersion: 'legacy' } });
    expect(resolveX86Machine('pc-q35-4.0.1', '9.2')).toEqual({ ok: true, value: { machine: 'pc-q35-4.0.1', cpuVersion: 'legacy' } });
    expect(resolveX86Machine('q35', '9.2')).toEqual({ ok: true, value: { machine: 'pc-q35-9.2', cpuVersion: 1 } });
    expect(resolveX86Machine('pc', '7.2')).toEqual({ ok: true, value: { machine: 'pc-i440fx-7.2', cpuVersion: 1 } });
    expect(resolveX86Machine('pc-q35-9.2', '7.2')).toEqual({ ok: false, message: 'machine type pc-q35-9.2 does not exist in QEMU 7.2 (its newest is pc-q35-7.2)' });
  });

  it('under machine none every unversioned model resolves as the real QEMUs answered (alias-of NAME-v1 from 6.2, the newest version in 4.2)', () => {
    let n = 0;
    for (const f of kvmCapsFiles('x86_64')) {
      const caps = readKvmCaps(f);
      for (const d of caps.definitions.filter((x) => x.aliasOf)) {
        expect(guestMachine('x86_64', 'none', d.name, caps.release, caps.release)!.model_from, `${f} ${d.name}`).toBe(d.aliasOf);
        n++;
      }
    }
    expect(n).toBeGreaterThan(50);
  });

  it('a guest on pc-q35-7.2 naming Cascadelake-Server keeps Cascadelake-Server-v1 on a cold boot under 9.2', () => {
    const g = run('7.2', '9.2', [domain('q35-72', 'pc-q35-7.2', 'Cascadelake-Server')]).guests[0]!;
    expect(g.machine).toEqual({ type: 'pc-q35-7.2', from: 'pc-q35-7.2', to: 'pc-q35-7.2', cpu_version_from: 1, cpu_version_to: 1, model_from: 'Cascadelake-Server-v1', model_to: 'Cascadelake-Server-v1', problems: [] });
    expect(g.cpu_changes.filter((c) => c.kind === 'machine')).toEqual([]);
  });

  it('q35 moves to the new release; a pre-4.1 machine keeps the legacy class (the features of v1)', () => {
    const r = run('7.2', '9.2', [domain('alias', 'q35', 'Skylake-Client'), domain('old', 'pc-i440fx-4.0', 'Skylake-Client')]);
    const alias = r.guests.find((g) => g.name.endsWith('alias.xml'))!;
    expect([alias.machine!.from, alias.machine!.to, alias.machine!.model_to]).toEqual(['pc-q35-7.2', 'pc-q35-9.2', 'Skylake-Client-v1']);
    const old = r.guests.find((g) => g.name.endsWith('old.xml'))!;
    expect([old.machine!.cpu_version_from, old.machine!.model_from, old.machine!.model_to]).toEqual(['legacy', 'Skylake-Client', 'Skylake-Client']);
    expect(old.cpu_changes.filter((c) => c.kind === 'machine')).toEqual([]);
  });

  it('going back to a release without the machine type: the guest breaks, and the report says why', () => {
    const f = domain('new', 'pc-q35-9.2', 'Skylake-Client');
    const r = cmdUpgradeCheck({ arch: 'x86_64', from: '9.2', to: '7.2', hosts: [HOST], guests: [f], json: true });
    const g = (JSON.parse(r.stdout) as UpgradeReport).guests[0]!;
    expect(g.verdict).toBe('breaks');
    expect(g.machine!.problems).toEqual(['machine type pc-q35-9.2 does not exist in QEMU 7.2 (its newest is pc-q35-7.2)']);
    expect(r.exitCode).toBe(1);
    const text = cmdUpgradeCheck({ arch: 'x86_64', from: '9.2', to: '7.2', hosts: [HOST], guests: [f] }).stdout;
    expect(text).toContain('machine pc-q35-9.2: pc-q35-9.2 → (none)');
  });
});
