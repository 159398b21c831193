import { describe, expect, it } from 'vitest';
import { computeDomCaps } from './domcaps.js';

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
const tcgFile = `<domainCapabilities>
  <path>/usr/bin/qemu-system-x86_64</path>
  <domain>qemu</domain>
  <machine>pc-i440fx-7.2</machine>
  <arch>x86_64</arch>
  <cpu>
    <mode name='host-model' supported='yes'>
      <model fallback='forbid'>EPYC</model>
      <vendor>AMD</vendor>
${[...REQUIRE.map((n) => `      <feature policy='require' name='${n}'/>`), ...DISABLE.map((n) => `      <feature policy='disable' name='${n}'/>`)].join('\n')}
    </mode>
    <mode name='custom' supported='yes'>
      <model usable='yes' vendor='unknown'>qemu64</model>
    </mode>
  </cpu>
</domainCapabilities>
`;

describe("libvirt's host-model", () => {
  it("disables QEMU's model features the host lacks that libvirt's model does not have (nrip-save, topoext under TCG)", () => {
    const r = computeDomCaps(tcgFile, 'tcg.xml');
    if (!r.ok) throw new Error(r.error.message);
    const hm = r.value.cpu.hostModel!;
    expect(hm.model?.name).toBe('EPYC');
    expect(hm.features.filter((f) => f.policy === 'disable').map((f) => f.name).sort()).toEqual([...DISABLE].sort());
    expect(hm.features.filter((f) => f.policy === 'require').map((f) => f.name).sort()).toEqual([...REQUIRE].sort());
  });
});
