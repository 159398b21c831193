import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { computeDomCaps } from './domcaps.js';
import { expectRefusal } from '../../test/helpers/refusal.js';

/**
 * libvirt's host-model disables what QEMU's model has and the host lacks,
 * even where libvirt's cpu_map model lacks it (cpu_x86.c, x86DataToCPU: the
 * model's blockers are added to the model data). The host-model below is
 * libvirt's own, from tests/domaincapsdata/qemu_7.2.0-tcg.x86_64.xml (TCG
 * on QEMU 7.2): nrip-save and topoext are not in libvirt's EPYC, but QEMU's
 * EPYC has them and TCG does not, so libvirt disables them.
 */
const REQUIRE = ['3dnow', '3dnowext', 'acpi', 'clwb', 'erms', 'hypervisor', 'la57', 'monitor', 'mpx', 'npt', 'pcommit', 'pks', 'pku', 'ss', 'svme-addr-chk', 'umip', 'vaes', 'vgif'];
const DISABLE = ['3dnowprefetch', 'fxsr_opt', 'misalignsse', 'nrip-save', 'osvw', 'rdseed', 'sha-ni', 'topoext', 'vme', 'xsavec'];
const hostFile = (domain: string, machine: string, model: string, vendor: string, require: readonly string[], disable: readonly string[]) => `<domainCapabilities>
  <path>/usr/bin/qemu-system-x86_64</path>
  <domain>${domain}</domain>
  <machine>${machine}</machine>
  <arch>x86_64</arch>
  <cpu>
    <mode name='host-model' supported='yes'>
      <model fallback='forbid'>${model}</model>
      <vendor>${vendor}</vendor>
${[...require.map((n) => `      <feature policy='require' name='${n}'/>`), ...disable.map((n) => `      <feature policy='disable' name='${n}'/>`)].join('\n')}
    </mode>
    <mode name='custom' supported='yes'>
      <model usable='yes' vendor='unknown'>qemu64</model>
    </mode>
  </cpu>
</domainCapabilities>
`;
const tcgFile = hostFile('qemu', 'pc-i440fx-7.2', 'EPYC', 'AMD', REQUIRE, DISABLE);

/** libvirt's tests/domaincapsdata/qemu_8.1.0.x86_64.xml (KVM, QEMU 8.1): an EPYC Rome host without xsaves; libvirt's EPYC-Rome lacks xsaves, QEMU's has it. */
const ROME_REQUIRE = ['amd-ssbd', 'arch-capabilities', 'cmp_legacy', 'hypervisor', 'invtsc', 'lbrv', 'lfence-always-serializing', 'mds-no', 'null-sel-clr-base', 'pause-filter', 'pfthreshold', 'pschange-mc-no', 'rdctl-no', 'skip-l1dfl-vmentry', 'ssbd', 'stibp', 'svme-addr-chk', 'tsc-deadline', 'tsc-scale', 'tsc_adjust', 'v-vmsave-vmload', 'vgif', 'virt-ssbd', 'vmcb-clean', 'x2apic'];
const romeFile = hostFile('kvm', 'pc-i440fx-8.1', 'EPYC-Rome', 'AMD', ROME_REQUIRE, ['xsaves']);

describe("libvirt's host-model", () => {
  it("disables QEMU's model features the host lacks that libvirt's model does not have (nrip-save, topoext under TCG)", () => {
    const r = computeDomCaps(tcgFile, 'tcg.xml');
    if (!r.ok) throw new Error(r.error.message);
    const hm = r.value.cpu.hostModel!;
    expect(hm.model?.name).toBe('EPYC');
    expect(hm.features.filter((f) => f.policy === 'disable').map((f) => f.name).sort()).toEqual([...DISABLE].sort());
    expect(hm.features.filter((f) => f.policy === 'require').map((f) => f.name).sort()).toEqual([...REQUIRE].sort());
  });

  it('disables xsaves on an EPYC Rome host without it (QEMU 8.1, KVM), and the models that need it are blocked by it', () => {
    const r = computeDomCaps(romeFile, 'rome.xml');
    if (!r.ok) throw new Error(r.error.message);
    const hm = r.value.cpu.hostModel!;
    expect(hm.features.filter((f) => f.policy === 'disable').map((f) => f.name)).toEqual(['xsaves']);
    expect(hm.features.filter((f) => f.policy === 'require').map((f) => f.name).sort()).toEqual([...ROME_REQUIRE].sort());
    // libvirt's own verdicts in that file
    const m = new Map(r.value.cpu.custom!.models.map((x) => [x.name, x]));
    expect(m.get('Dhyana-v2')).toMatchObject({ usable: 'no', blockers: ['xsaves'] });
    expect(m.get('EPYC-Milan')?.blockers).toEqual(['erms', 'fsrm', 'ibrs', 'invpcid', 'pcid', 'pku', 'xsaves']);
    expect(m.get('Broadwell-noTSX')?.blockers).toEqual(['erms', 'invpcid', 'pcid']);
  });
});

describe('domcapabilities from a capabilities host <cpu> that says too little', () => {
  it('a ppc64 host <cpu> is read as probe reads it: its model is the host-model', () => {
    // shape of libvirt's tests/cputestdata/ppc64-host.xml
    const r = computeDomCaps('<cpu>\n  <arch>ppc64</arch>\n  <model>POWER7</model>\n  <vendor>IBM</vendor>\n</cpu>\n', 'p.xml');
    expect(r.ok && r.value.cpu.hostModel).toMatchObject({ supported: true, model: { name: 'POWER7' } });
    expect(r.ok && r.value.cpu.custom!.models.map((m) => m.name)).toContain('POWER7');
  });
  it('a ppc64 host <cpu> naming a model libvirt does not know is refused by name', () => {
    const r = computeDomCaps('<cpu><arch>ppc64</arch><model>POWER99</model></cpu>', 'p.xml');
    expectRefusal(r, { message: "p.xml: the host CPU names 'POWER99', which libvirt's ppc64 CPU map does not know", value: 'POWER99' });
  });
  it('an x86 host <cpu> without a model points at domcapabilities', () => {
    const r = computeDomCaps('<capabilities><host><cpu><arch>x86_64</arch></cpu></host></capabilities>', 'c.xml');
    expectRefusal(r, { message: 'c.xml: the host <cpu> names no model', hint: /virsh domcapabilities/ });
  });
});

describe('s390x hosts of QEMU releases older than the oldest profile (libvirt 2.11/2.12 data)', () => {
  const fixture = (v: string) => readFileSync(path.join(import.meta.dirname, `../../test/fixtures/domaincapsdata/qemu_${v}.0.s390x.xml`), 'utf8');
  it.each(['2.11', '2.12'])('QEMU %s: the models that release had, z13/z14 usable without bpb/ppa15 (its machine leaves them out)', (v) => {
    const text = fixture(v);
    const r = computeDomCaps(text, `qemu_${v}.s390x.xml`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const ours = r.value.cpu.custom!.models;
    const theirs = [...text.matchAll(/<model usable='(\w+)'>([^<]+)</g)].map((m) => m[2]!);
    // no z14ZR1 (3.0), z14.2 and max (4.0), gen15a/b (4.1)
    expect(ours.map((m) => m.name).sort()).toEqual([...theirs].sort());
    for (const name of ['z13', 'z14', 'z196', 'zEC12']) expect(ours.find((m) => m.name === name), name).toMatchObject({ usable: 'yes' });
  });
  it('the host-model names z14-base with what the host has', () => {
    const r = computeDomCaps(fixture('2.12'), 'q.xml');
    expect(r.ok && r.value.cpu.hostModel?.model?.name).toBe('z14-base');
    expect(r.ok && r.value.cpu.hostModel?.features.map((f) => f.name)).toContain('ppa15');
  });
});
