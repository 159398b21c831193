import { describe, expect, it, vi } from 'vitest';

describe('LibvirtFormats: the inner layers reach libvirt XML only through what an entry point installed', () => {
  it('without an installed adapter, a call is an internal error that names the fix', async () => {
    vi.resetModules();
    const fresh = await import('./libvirt-model.js');
    expect(() => fresh.libvirtFormats()).toThrow(/useLibvirtAdapter\(\)/);
  });

  it("the libvirt adapter's formats, once installed, are what the inner layers get", async () => {
    vi.resetModules();
    const core = await import('./libvirt-model.js');
    const { LIBVIRT_FORMATS, useLibvirtAdapter } = await import('../adapters/libvirt/formats.js');
    useLibvirtAdapter();
    expect(core.libvirtFormats()).toBe(LIBVIRT_FORMATS);
    const cpu = core.libvirtFormats().readGuestCpu("<cpu mode='custom' match='exact'><model>z14</model><feature policy='disable' name='vx'/></cpu>", 'g.xml');
    expect(cpu.ok && core.libvirtFormats().writeCpu(cpu.value.cpu)).toBe("<cpu mode='custom' match='exact'>\n  <model>z14</model>\n  <feature policy='disable' name='vx'/>\n</cpu>\n");
  });
});
