/**
 * Writing libvirt XML for a release: the since rows, the model replacement
 * (a versioned name before 10.10.0 becomes the release's model with the
 * same features), features a release cannot name left out and said so.
 */
import { describe, expect, it } from 'vitest';
import { expandLibvirtCpu } from '../../arch/x86_64/hostmodel.js';
import { LIBVIRT_X86_FEATURE_SINCE, LIBVIRT_X86_MODEL_SINCE } from '../../data/x86_64/libvirt-releases.js';
import { LIBVIRT_X86_FEATURES } from '../../data/x86_64/libvirt-features.js';
import { LIBVIRT_X86_MODELS } from '../../data/x86_64/libvirt-models.js';
import { NEWEST_LIBVIRT, cpuForRelease, cpuXmlForRelease, domCapsForRelease, featureKnownIn, modelKnownIn, modelsIn, parseLibvirtRelease, type LibvirtRelease } from './release.js';

const r = (s: string): LibvirtRelease => {
  const p = parseLibvirtRelease(s);
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
};

describe('libvirt releases', () => {
  it('parses what people and virsh write', () => {
    expect(r('9.0').text).toBe('9.0.0');
    expect(r('10.10.0').text).toBe('10.10.0');
    expect(r('libvirtd (libvirt) 9.0.0').text).toBe('9.0.0');
    expect(r('v11.1.0\n').text).toBe('11.1.0');
    const bad = parseLibvirtRelease('nine');
    expect(!bad.ok && bad.error.message).toBe("'nine' is not a libvirt release");
    expect(!bad.ok && bad.error.hint).toContain('--libvirt 9.0');
  });

  it('has one row per model and feature of the x86 tables, each a release', () => {
    expect(LIBVIRT_X86_MODEL_SINCE.map((x) => x.name).sort()).toEqual(LIBVIRT_X86_MODELS.map((m) => m.name).sort());
    expect(LIBVIRT_X86_FEATURE_SINCE.map((x) => x.name).sort()).toEqual(LIBVIRT_X86_FEATURES.map((f) => f.name).sort());
    for (const row of [...LIBVIRT_X86_MODEL_SINCE, ...LIBVIRT_X86_FEATURE_SINCE]) expect(row.since).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("dates what libvirt's NEWS.rst dates", () => {
    expect(modelKnownIn('SapphireRapids', r('9.3'))).toBe(false);
    expect(modelKnownIn('SapphireRapids', r('9.4'))).toBe(true);
    expect(modelKnownIn('EPYC-Genoa', r('9.7'))).toBe(false);
    expect(modelKnownIn('EPYC-Genoa', r('9.8'))).toBe(true);
    // versioned names from 10.10.0
    expect(modelKnownIn('Skylake-Client-v2', r('10.9'))).toBe(false);
    expect(modelKnownIn('Skylake-Client-v2', r('10.10'))).toBe(true);
    expect(featureKnownIn('vmx-ept', r('9.9'))).toBe(false);
    expect(featureKnownIn('vmx-ept', r('9.10'))).toBe(true);
    // every versioned model is newer than 10.9
    for (const m of LIBVIRT_X86_MODEL_SINCE.filter((x) => /-v\d+$/.test(x.name))) expect(modelKnownIn(m.name, r('10.9'))).toBe(false);
  });

  it('a model a release names only uses features the release names', () => {
    for (const rel of ['4.5', '6.0', '8.0', '9.0', '10.0', '11.0'].map(r)) {
      for (const m of modelsIn(rel)) {
        const unknown = (expandLibvirtCpu(m, []) ?? []).filter((f) => !featureKnownIn(f, rel));
        expect({ release: rel.text, model: m, unknown }).toEqual({ release: rel.text, model: m, unknown: [] });
      }
    }
  });

  it('writes a pure alias as its unversioned twin, with no change', () => {
    const cpu = { mode: 'custom' as const, match: 'exact' as const, model: { name: 'Skylake-Client-v2', fallback: 'forbid' as const }, vendor: 'Intel', features: [{ name: 'vmx', policy: 'require' as const }] };
    const m = cpuForRelease(cpu, r('9.0'));
    expect(m.value.model!.name).toBe('Skylake-Client-IBRS');
    expect(m.value.features).toEqual([{ name: 'vmx', policy: 'require' }]);
    expect(m.notes).toEqual(["libvirt 9.0.0 has no CPU model 'Skylake-Client-v2': the CPU is written as 'Skylake-Client-IBRS' (the same features)"]);
    // the same features, by another name
    expect(expandLibvirtCpu(m.value.model!.name, ['vmx'])).toEqual(expandLibvirtCpu('Skylake-Client-v2', ['vmx']));
    // a release that has the name keeps it
    expect(cpuForRelease(cpu, r('10.10')).value).toBe(cpu);
    expect(cpuForRelease(cpu, NEWEST_LIBVIRT).value).toBe(cpu);
  });

  it('recomputes the features against the replacement model and names what the release cannot say', () => {
    const cpu = { model: { name: 'EPYC-Rome-v5' }, vendor: 'AMD', features: [] };
    const m = cpuForRelease(cpu, r('9.0'), 'guest.xml');
    expect(m.value.model!.name).toBe('EPYC-Rome');
    const have = new Set(expandLibvirtCpu('EPYC-Rome-v5', [])!.filter((f) => featureKnownIn(f, r('9.0'))));
    const got = new Set(expandLibvirtCpu('EPYC-Rome', m.value.features.filter((f) => f.policy === 'require').map((f) => f.name), m.value.features.filter((f) => f.policy === 'disable').map((f) => f.name)));
    expect(got).toEqual(have);
    const lost = expandLibvirtCpu('EPYC-Rome-v5', [])!.filter((f) => !featureKnownIn(f, r('9.0')));
    expect(lost.length).toBeGreaterThan(0);
    expect(m.notes[1]).toBe(`libvirt 9.0.0 has no name for ${lost.length === 1 ? 'feature' : `${lost.length} features`} of guest.xml: ${lost.join(' ')} — left out, so the guest will not have ${lost.length === 1 ? 'it' : 'them'} (write for a newer libvirt with --libvirt X.Y)`);
  });

  it('leaves out a required feature the release has no name for, and says so; a disabled one silently', () => {
    const cpu = { model: { name: 'Skylake-Client' }, features: [{ name: 'fdp-excptn-only', policy: 'require' as const }, { name: 'zero-fcs-fds', policy: 'disable' as const }, { name: 'vmx', policy: 'require' as const }] };
    const m = cpuForRelease(cpu, r('9.0'));
    expect(m.value.features).toEqual([{ name: 'vmx', policy: 'require' }]);
    expect(m.notes).toHaveLength(1);
    expect(m.notes[0]).toMatch(/^libvirt 9\.0\.0 has no name for feature of the CPU: fdp-excptn-only — left out, so the guest will not have it/);
  });

  it("rewrites every <cpu> in a command's output and leaves the rest", () => {
    const text = "verdict: ok\n  <cpu mode='custom' match='exact'>\n    <model fallback='forbid'>SandyBridge-v1</model>\n  </cpu>\ndone\n";
    const m = cpuXmlForRelease(text, r('9.0'));
    expect(m.value).toBe("verdict: ok\n  <cpu mode='custom' match='exact'>\n    <model fallback='forbid'>SandyBridge</model>\n  </cpu>\ndone\n");
    expect(cpuXmlForRelease(text, r('10.10')).value).toBe(text);
  });

  it('lists in domcapabilities only the models the release knows', () => {
    const dc = {
      arch: 'x86_64',
      custom: { supported: true, enums: [], models: [{ name: 'SandyBridge', usable: 'yes' as const }, { name: 'SandyBridge-v1', usable: 'yes' as const }, { name: 'GraniteRapids', usable: 'no' as const, blockers: ['amx-fp16', 'avx512f'] }] },
    };
    const m = domCapsForRelease(dc, r('9.0'));
    expect(m.value.custom!.models.map((x) => x.name)).toEqual(['SandyBridge']);
    expect(m.notes).toEqual(['libvirt 9.0.0 does not know 2 of the 3 custom models: left out of the list']);
  });
});
