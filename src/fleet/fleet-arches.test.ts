/**
 * ppc64 and aarch64 fleets through the commands users run (baseline --hosts,
 * placement, migrate-check) on libvirt's files in shared and, for aarch64
 * (whose domcapabilities file has no host-model), /proc/cpuinfo texts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIBVIRT } from '../../test/helpers/reference.js';
import { NEOVERSE_N1_CPUINFO } from '../../test/helpers/aarch64.js';
import { management } from '../host/management.js';
import { cmdBaselineHosts, cmdMigrateCheck, cmdPlacement, readHostText } from './commands.js';

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
// a Cortex-A57 (part 0xd07) and a Cortex-A53 (0xd03), ARMv8.0 hwcaps
const v80 = (part: string): string => NEOVERSE_N1_CPUINFO.replaceAll('0xd0c', part).replaceAll('0x3\n', '0x1\n').replaceAll(' atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs', ' cpuid');
const a57 = put('a57.txt', v80('0xd07'));
const a53 = put('a53.txt', v80('0xd03'));
/** the host document of a file, as `probe --json` writes it */
const cmdProbeJson = (f: string): string => {
  const r = readHostText(readFileSync(f, 'utf8'), f);
  if (!r.ok) throw new Error(r.error.message);
  return JSON.stringify(r.value[0]);
};
/** why libvirt's aarch64 domcapabilities say nothing of the host CPU, as the answers name it */
const UNKNOWN_WHY = "libvirt's domcapabilities report no host-model and usable='unknown' for every custom model";
const NO_BASELINE_NOTE = "no baseline: no host's CPU is known; describe one by its CPU (/proc/cpuinfo, or a QMP expansion of host: cpumodels probe) for a baseline";
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
  it('baseline --hosts: the hwcaps every host has, under the model most hosts have; several CPU models are a note; a model without a KVM target is one', () => {
    const one = JSON.parse(cmdBaselineHosts([n1], { json: true }).stdout);
    expect(one.qmp).toEqual({ name: 'neoverse-n1' });
    expect(one.libvirt).toContain("<model fallback='forbid'>neoverse-n1</model>");
    expect(one.features).toContain('atomics');
    expect(one.notes.join('\n')).toContain("libvirt's ARM baseline names neoverse-n1, but under KVM QEMU runs host, max, and cortex-a53 or cortex-a57 on a host of that CPU");
    expect(JSON.parse(cmdBaselineHosts([a57], { json: true }).stdout).notes.join('\n')).not.toContain('under KVM');
    const two = cmdBaselineHosts([n1, a72], { json: true });
    expect(two.exitCode).toBe(0);
    const b = JSON.parse(two.stdout);
    expect(b.features).not.toContain('atomics');
    // one host each: the model by name; the hosts' order does not matter
    expect(b.qmp).toEqual({ name: 'cortex-a72' });
    expect(b.notes.join('\n')).toMatch(/hosts of 2 CPU models \(cortex-a72, neoverse-n1\): libvirt's ARM baseline names the first \(here: the model most hosts have\)/);
    expect(b.heldBackBy.map((h: { model: string }) => h.model)).toEqual(['cortex-a72']);
    expect(cmdBaselineHosts([a72, n1], { json: true }).stdout).toBe(two.stdout);
    const n1b = put('n1b.txt', NEOVERSE_N1_CPUINFO);
    expect(JSON.parse(cmdBaselineHosts([a72, n1, n1b], { json: true }).stdout).qmp).toEqual({ name: 'neoverse-n1' });
  });

  it("placement follows QEMU's KVM rule: cortex-a57 runs only on a Cortex-A57 host; a model without a KVM target on none", () => {
    const p = JSON.parse(cmdPlacement('cortex-a57', [a57, n1, a72], { json: true }).stdout);
    expect(p.fitCount).toBe(1);
    expect(p.fit[0].model).toBe('cortex-a57');
    expect(p.misfit.map((m: { model: string; reasons: string[] }) => [m.model, m.reasons[0]]).sort()).toEqual([['cortex-a72', 'type'], ['neoverse-n1', 'type']]);
    expect(cmdPlacement('cortex-a53', [a53, a57], { json: true }).stdout).toContain('"fitCount": 1');
    // neoverse-n1 on its own CPU: QEMU has no KVM target for it
    const n = cmdPlacement('neoverse-n1', [n1, a57], { json: true });
    expect(n.exitCode).toBe(1);
    const np = JSON.parse(n.stdout);
    expect(np.fitCount).toBe(0);
    expect(np.misfit.every((m: { reasons: string[] }) => m.reasons[0] === 'type')).toBe(true);
    expect(np.notes.join('\n')).toContain('neoverse-n1 runs on no KVM host');
    expect(JSON.parse(cmdPlacement('host', [n1, a72], { json: true }).stdout).fitCount).toBe(2);
  });

  it('placement: a model nobody has, max as a custom model, a feature aarch64 does not have: errors naming the value', () => {
    const unknown = cmdPlacement('neoverse-x9', [n1]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("'neoverse-x9'");
    const feat = cmdPlacement('cortex-a57,avx2=on', [a57]);
    expect(feat.exitCode).toBe(2);
    expect(feat.stderr).toContain("'avx2'");
  });

  it('migrate-check: cortex-a57 to a Cortex-A57 ok, to another CPU refused naming both; neoverse-n1 refused everywhere; host-model is an error saying why', () => {
    expect(JSON.parse(cmdMigrateCheck({ guest: 'cortex-a57', target: a57, json: true }).stdout).verdict).toBe('ok');
    const no = cmdMigrateCheck({ guest: 'cortex-a57', target: n1, json: true });
    expect(no.exitCode).toBe(1);
    expect(JSON.parse(no.stdout).blockers[0]).toBe("type: the guest's CPU is cortex-a57 (MIDR 0x41:0xd07), the host's is neoverse-n1 (MIDR 0x41:0xd0c): under KVM QEMU runs host, max, and cortex-a53 or cortex-a57 on a host of that CPU");
    const n = JSON.parse(cmdMigrateCheck({ guest: 'neoverse-n1', target: n1, json: true }).stdout);
    expect(n.verdict).toBe('refused');
    expect(n.blockers[0]).toMatch(/^type: QEMU has no KVM target for neoverse-n1 \("KVM is not supported for this guest CPU type"\)/);
    const pass = cmdMigrateCheck({ guest: cpu("<cpu mode='host-passthrough'/>"), source: n1, target: a72, json: true });
    expect(JSON.parse(pass.stdout).verdict).toBe('refused');
    const hm = cmdMigrateCheck({ guest: cpu("<domain><os><type arch='aarch64'/></os><cpu mode='host-model'/></domain>"), source: n1, target: n1 });
    expect(hm.exitCode).toBe(2);
    expect(hm.stderr).toContain("libvirt reports no host-model on aarch64");
  });

  it('hosts of two architectures (ppc64 and aarch64) in one baseline or placement: an error naming both and their files', () => {
    for (const r of [cmdBaselineHosts([PPC, n1]), cmdPlacement('host', [PPC, ARM_DOMCAPS])]) {
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/hosts of several architectures: aarch64 \(.*\); ppc64 \(.*qemu_10\.0\.0\.ppc64\.xml\); a fleet has one architecture/);
    }
    const m = cmdMigrateCheck({ guest: 'POWER8', source: PPC, target: a57 });
    expect(m.exitCode).toBe(2);
    expect(m.stderr).toContain('a guest never migrates across architectures');
  });

  describe("libvirt's aarch64 domcapabilities (no host-model, every model usable='unknown'): a host whose CPU is not known", () => {
    it('placement: unknown where the verdict needs the CPU, answered where it does not', () => {
      const r = cmdPlacement('cortex-a57', [ARM_DOMCAPS, a57, n1], { json: true });
      expect(r.exitCode).toBe(0);
      const p = JSON.parse(r.stdout);
      expect(p.hostCount).toBe(3);
      expect(p.fitCount).toBe(1);
      expect(p.misfit.map((m: { model: string }) => m.model)).toEqual(['neoverse-n1']);
      expect(p.unknown).toHaveLength(1);
      expect(p.unknown[0]).toMatchObject({ hosts: [ARM_DOMCAPS], hostCount: 1, why: expect.stringContaining("usable='unknown'") });
      const text = cmdPlacement('cortex-a57', [ARM_DOMCAPS]);
      expect(text.exitCode).toBe(1);
      expect(text.stdout).toContain('unknown (neither fit nor unfit: the verdict needs the host CPU):');
      expect(text.stdout).toContain(`${ARM_DOMCAPS} (1 host): libvirt's domcapabilities report no host-model`);
      // no KVM target: refused whatever the CPU; host-passthrough and maximum start anywhere
      const n = JSON.parse(cmdPlacement('neoverse-n1', [ARM_DOMCAPS], { json: true }).stdout);
      expect(n.misfit[0].reasons).toEqual(['type']);
      expect(n.unknown).toBeUndefined();
      expect(JSON.parse(cmdPlacement('max', [ARM_DOMCAPS], { json: true }).stdout).fitCount).toBe(1);
      expect(cmdPlacement(cpu("<cpu mode='host-passthrough'/>"), [ARM_DOMCAPS]).exitCode).toBe(0);
    });

    it('baseline --hosts: the hosts whose CPU is not known could not contribute, named with why', () => {
      const r = cmdBaselineHosts([n1, ARM_DOMCAPS], { json: true });
      expect(r.exitCode).toBe(0);
      const b = JSON.parse(r.stdout);
      expect(b.status).toBe('ok');
      expect(b.qmp).toEqual({ name: 'neoverse-n1' });
      expect(b.hostCount).toBe(1);
      expect(b.unknown).toEqual([{ signature: expect.stringMatching(/^[0-9a-f]{16}$/), model: 'unknown', hostCount: 1, hosts: [ARM_DOMCAPS], why: UNKNOWN_WHY }]);
      expect(b.notes[0]).toBe(`${ARM_DOMCAPS}: could not contribute, their CPU is not known (${UNKNOWN_WHY})`);
      const text = cmdBaselineHosts([n1, ARM_DOMCAPS]);
      expect(text.exitCode).toBe(0);
      expect(text.stdout).toMatch(/^baseline of 1 host in 1 class \(aarch64\): neoverse-n1@[0-9a-f]{16}\n/);
      expect(text.stdout).toContain(`could not contribute (the CPU is not known):\n  ${ARM_DOMCAPS} (1 host): ${UNKNOWN_WHY}\n`);
    });

    it("baseline --hosts: no host's CPU known is an 'unknown' answer (exit 1, as placement and migrate-check), no model, every host with why", () => {
      const other = put('arm-virt-2.xml', readFileSync(ARM_DOMCAPS, 'utf8'));
      for (const files of [[ARM_DOMCAPS], [ARM_DOMCAPS, other]]) {
        const r = cmdBaselineHosts(files, { json: true });
        expect(r.exitCode, r.stderr).toBe(1);
        expect(r.stderr).toBe('');
        expect(JSON.parse(r.stdout)).toEqual({
          status: 'unknown',
          arch: 'aarch64',
          hostCount: 0,
          classCount: 0,
          unknown: [{ signature: expect.stringMatching(/^[0-9a-f]{16}$/), model: 'unknown', hostCount: files.length, hosts: files, why: UNKNOWN_WHY }],
          notes: [NO_BASELINE_NOTE],
        });
      }
      const text = cmdBaselineHosts([ARM_DOMCAPS]);
      expect(text.exitCode).toBe(1);
      expect(text.stderr).toBe('');
      expect(text.stdout).toBe(
        ['baseline of 1 host (aarch64): unknown (the CPU of no host is known)', 'could not contribute (the CPU is not known):', `  ${ARM_DOMCAPS} (1 host): ${UNKNOWN_WHY}`, `note: ${NO_BASELINE_NOTE}`, ''].join('\n'),
      );
      // not 'unknown': hosts of several architectures stay an error
      const mixed = cmdBaselineHosts([ARM_DOMCAPS, PPC]);
      expect(mixed.exitCode).toBe(2);
      expect(mixed.stderr).toMatch(/^error: hosts of several architectures: aarch64 \(.*\); ppc64 \(.*\); a fleet has one architecture/);
    });

    it('as a guest (a host document standing for its CPU) it is refused, saying why', () => {
      const doc = put('unknown-doc.json', cmdProbeJson(ARM_DOMCAPS));
      const r = cmdPlacement(doc, [n1]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain("the host's CPU is not known");
    });

    it('a domcapabilities file of domain type qemu (TCG): every model is emulated, so the KVM rule does not apply and nothing is unknown', () => {
      const tcg = put('arm-tcg.xml', readFileSync(ARM_DOMCAPS, 'utf8').replace('<domain>kvm</domain>', '<domain>qemu</domain>'));
      const p = JSON.parse(cmdPlacement('neoverse-n1', [tcg, n1], { json: true }).stdout);
      expect(p.fit.map((c: { hosts: string[] }) => c.hosts).flat()).toEqual([tcg]);
      expect(p.unknown).toBeUndefined();
      expect(JSON.parse(cmdMigrateCheck({ guest: 'cortex-a57', target: tcg, json: true }).stdout).verdict).toBe('ok');
    });

    it("migrate-check: a verdict with the reason — unknown where it needs the CPU, refused where it does not", () => {
      const u = cmdMigrateCheck({ guest: 'cortex-a57', target: ARM_DOMCAPS, json: true });
      expect(u.exitCode).toBe(1);
      const v = JSON.parse(u.stdout);
      expect(v.verdict).toBe('unknown');
      expect(v.blockers).toEqual([]);
      expect(v.undecided[0]).toMatch(/^whether the target runs cortex-a57@[0-9a-f]{16} cannot be known: its CPU is not/);
      expect(cmdMigrateCheck({ guest: 'cortex-a57', target: ARM_DOMCAPS }).stdout).toMatch(/^verdict: unknown\nunknown: whether the target runs/);
      expect(JSON.parse(cmdMigrateCheck({ guest: 'cortex-a72', target: ARM_DOMCAPS, json: true }).stdout).verdict).toBe('refused');
      const pass = JSON.parse(cmdMigrateCheck({ guest: cpu("<cpu mode='host-passthrough'/>"), source: n1, target: ARM_DOMCAPS, json: true }).stdout);
      expect(pass.verdict).toBe('unknown');
      expect(pass.undecided).toEqual([expect.stringMatching(/^host-passthrough needs identical hosts: the target's CPU is not known/)]);
      // the source's CPU unknown: a note, the target decides
      const src = JSON.parse(cmdMigrateCheck({ guest: 'cortex-a57', source: ARM_DOMCAPS, target: a57, json: true }).stdout);
      expect(src.verdict).toBe('ok');
      expect(src.notes.join('\n')).toContain('whether the source itself runs this definition cannot be known');
    });
  });

  it("compare and baseline with libvirt's ARM rules: host CPUs by model and vendor, a guest CPU left to QEMU; the first CPU's model", () => {
    const cmp = management('aarch64', 'compare');
    const base = management('aarch64', 'baseline');
    if (!cmp.ok || !base.ok) throw new Error('aarch64 has compare and baseline');
    const c = (name: string) => ({ mode: 'custom' as const, model: { name }, features: [] });
    const h = (name: string | undefined, vendor = 'ARM') => ({ arch: 'aarch64', ...(name ? { model: { name }, vendor } : {}), features: [] });
    // host with host: model and vendor
    expect(cmp.value(h('Neoverse-N1'), h('cortex-a72'))).toEqual({ ok: true, value: { result: 'INCOMPATIBLE', reasons: ['host CPU model does not match required CPU model cortex-a72'] } });
    expect(cmp.value(h('Neoverse-N1'), h('Neoverse-N1'))).toEqual({ ok: true, value: { result: 'IDENTICAL', reasons: [] } });
    expect(cmp.value(h('a64fx', 'Fujitsu'), h('a64fx'))).toEqual({ ok: true, value: { result: 'INCOMPATIBLE', reasons: ['host CPU vendor does not match required CPU vendor ARM'] } });
    expect(cmp.value(h(undefined), h('Neoverse-N1'))).toEqual({ ok: true, value: { result: 'INCOMPATIBLE', reasons: ['unknown host CPU'] } });
    // a guest CPU: libvirt compares nothing on ARM
    expect(cmp.value(h('Neoverse-N1'), c('cortex-a72'))).toEqual({ ok: true, value: { result: 'IDENTICAL', reasons: [] } });
    expect(cmp.value(h('Neoverse-N1'), { mode: 'host-passthrough', features: [] })).toEqual({ ok: true, value: { result: 'IDENTICAL', reasons: [] } });
    const b = base.value([c('cortex-a72'), c('neoverse-n1')]);
    expect(b.ok && b.value.model).toEqual({ name: 'cortex-a72', fallback: 'forbid' });
    const none = base.value([]);
    expect(!none.ok && none.error.code).toBe('missing-input');
  });
});
