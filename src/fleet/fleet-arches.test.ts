/**
 * ppc64 and aarch64 fleets through the commands users run (baseline --hosts,
 * placement, migrate-check) on libvirt's files in shared and, for aarch64
 * (whose domcapabilities file has no host-model), /proc/cpuinfo texts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIBVIRT } from '../../test/helpers/reference.js';
import { NEOVERSE_N1_CPUINFO } from '../../test/helpers/aarch64.js';
import { management } from '../host/management.js';
import { cmdBaselineHosts, cmdMigrateCheck, cmdPlacement } from './commands.js';

const dir = mkdtempSync(path.join(tmpdir(), 'fleet-arches-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const put = (name: string, text: string): string => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};
const PPC = path.join(LIBVIRT, 'domaincapsdata/qemu_10.0.0.ppc64.xml');
const ARM_DOMCAPS = path.join(LIBVIRT, 'domaincapsdata/qemu_11.1.0-virt.aarch64.xml');
const n1 = put('n1.txt', NEOVERSE_N1_CPUINFO);
// a Cortex-A72 (MIDR part 0xd08) without the v8.2 hwcaps
const a72 = put('a72.txt', NEOVERSE_N1_CPUINFO.replaceAll('0xd0c', '0xd08').replaceAll('0x3\n', '0x0\n').replaceAll(' atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs', ' cpuid'));
const cpu = (xml: string): string => put(`g${Math.random().toString(36).slice(2)}.xml`, xml);

describe('ppc64 on libvirt\'s domcapabilities (compat modes)', () => {
  it('baseline --hosts: POWER8 in QEMU\'s and libvirt\'s words', () => {
    const r = cmdBaselineHosts([PPC], { json: true });
    expect(r.exitCode).toBe(0);
    const b = JSON.parse(r.stdout);
    expect(b.qmp).toEqual({ name: 'power8_v2.0' });
    expect(b.libvirt).toContain("<model fallback='forbid'>POWER8</model>");
    expect(b.features).toEqual(['compat-power6', 'compat-power7', 'compat-power8']);
  });

  it('placement: POWER8 runs, POWER9 does not (the compat mode it lacks is the reason)', () => {
    expect(cmdPlacement(cpu("<cpu mode='custom'><model>POWER8</model></cpu>"), [PPC]).exitCode).toBe(0);
    const no = cmdPlacement(cpu("<cpu mode='custom'><model>POWER9</model></cpu>"), [PPC], { json: true });
    expect(no.exitCode).toBe(1);
    expect(JSON.parse(no.stdout).misfit[0].reasons).toEqual(['compat-power9']);
  });

  it('migrate-check: POWER7 ok, POWER10 refused naming the compat modes the target lacks', () => {
    const ok7 = cmdMigrateCheck({ guest: cpu("<cpu mode='custom'><model>POWER7</model></cpu>"), target: PPC, json: true });
    expect(ok7.exitCode).toBe(0);
    expect(JSON.parse(ok7.stdout).verdict).toBe('ok');
    const no = cmdMigrateCheck({ guest: cpu("<cpu mode='custom'><model>POWER10</model></cpu>"), target: PPC, json: true });
    expect(no.exitCode).toBe(1);
    expect(JSON.parse(no.stdout).blockers).toEqual(['the target lacks features compat-power9, compat-power10']);
  });

  it('compare and baseline with libvirt\'s ppc64 rules: an older model is a superset on the host; models differ: no baseline, both named', () => {
    const cmp = management('ppc64', 'compare');
    const base = management('ppc64', 'baseline');
    if (!cmp.ok || !base.ok) throw new Error('ppc64 has compare and baseline');
    const c = (name: string) => ({ mode: 'custom' as const, model: { name }, features: [] });
    expect(cmp.value(c('POWER9'), c('POWER8'))).toEqual({ ok: true, value: { result: 'SUPERSET', reasons: [] } });
    expect(cmp.value(c('POWER8'), c('POWER9'))).toEqual({ ok: true, value: { result: 'INCOMPATIBLE', reasons: ['compat-power9'] } });
    const b = base.value([{ ...c('POWER9'), origin: 'a.xml' }, { ...c('POWER8'), origin: 'b.xml' }]);
    expect(!b.ok && b.error).toMatchObject({ code: 'no-baseline', message: 'CPUs are incompatible: b.xml is POWER8, a.xml is POWER9' });
  });
});

describe('aarch64 (MIDR and hwcaps; libvirt has no host-model there)', () => {
  it('baseline --hosts: the hwcaps every host has, under the first host\'s model; several CPU models are a note', () => {
    const one = JSON.parse(cmdBaselineHosts([n1], { json: true }).stdout);
    expect(one.qmp).toEqual({ name: 'neoverse-n1' });
    expect(one.libvirt).toContain("<model fallback='forbid'>neoverse-n1</model>");
    expect(one.features).toContain('atomics');
    const two = cmdBaselineHosts([n1, a72], { json: true });
    expect(two.exitCode).toBe(0);
    const b = JSON.parse(two.stdout);
    expect(b.features).not.toContain('atomics');
    expect(b.notes.join('\n')).toMatch(/hosts of 2 CPU models \(neoverse-n1, cortex-a72\)/);
    expect(b.heldBackBy.map((h: { model: string }) => h.model)).toEqual(['cortex-a72']);
  });

  it('placement: a custom model runs only on a host of that CPU with its features; others are refused with type', () => {
    const p = JSON.parse(cmdPlacement('neoverse-n1', [n1, a72], { json: true }).stdout);
    expect(p.fitCount).toBe(1);
    expect(p.fit[0].model).toBe('neoverse-n1');
    expect(p.misfit[0].reasons[0]).toBe('type');
    const unknown = cmdPlacement('neoverse-x9', [n1]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("'neoverse-x9'");
  });

  it('migrate-check: same CPU ok; another CPU refused naming both; host-model is an error saying why', () => {
    expect(JSON.parse(cmdMigrateCheck({ guest: 'neoverse-n1', target: n1, json: true }).stdout).verdict).toBe('ok');
    const no = cmdMigrateCheck({ guest: 'neoverse-n1', target: a72, json: true });
    expect(no.exitCode).toBe(1);
    expect(JSON.parse(no.stdout).blockers[0]).toBe("type: the guest's CPU is neoverse-n1, the target's is cortex-a72");
    const pass = cmdMigrateCheck({ guest: cpu("<cpu mode='host-passthrough'/>"), source: n1, target: a72, json: true });
    expect(JSON.parse(pass.stdout).verdict).toBe('refused');
    const hm = cmdMigrateCheck({ guest: cpu("<domain><os><type arch='aarch64'/></os><cpu mode='host-model'/></domain>"), source: n1, target: n1 });
    expect(hm.exitCode).toBe(2);
    expect(hm.stderr).toContain("libvirt reports no host-model on aarch64");
  });

  it("libvirt's aarch64 domcapabilities file has no host-model: the commands say so and name the file", () => {
    const r = cmdBaselineHosts([ARM_DOMCAPS]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${ARM_DOMCAPS}: libvirt reports no host-model for this aarch64 host (host-model supported='no')`);
  });

  it("compare and baseline with libvirt's ARM rules: model and vendor, the first CPU's model", () => {
    const cmp = management('aarch64', 'compare');
    const base = management('aarch64', 'baseline');
    if (!cmp.ok || !base.ok) throw new Error('aarch64 has compare and baseline');
    const c = (name: string) => ({ mode: 'custom' as const, model: { name }, features: [] });
    expect(cmp.value(c('neoverse-n1'), c('cortex-a72'))).toEqual({ ok: true, value: { result: 'INCOMPATIBLE', reasons: ['host CPU model does not match required CPU model cortex-a72'] } });
    expect(cmp.value(c('neoverse-n1'), { mode: 'host-passthrough', features: [] })).toEqual({ ok: true, value: { result: 'IDENTICAL', reasons: [] } });
    const b = base.value([c('cortex-a72'), c('neoverse-n1')]);
    expect(b.ok && b.value.model).toEqual({ name: 'cortex-a72', fallback: 'forbid' });
    const none = base.value([]);
    expect(!none.ok && none.error.code).toBe('missing-input');
  });
});
