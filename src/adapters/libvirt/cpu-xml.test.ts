import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIBVIRT } from '../../../test/helpers/reference.js';
import { LibvirtXmlError, readCpus, writeCpu } from './cpu-xml.js';

const dir = path.join(LIBVIRT, 'cputestdata');

describe('libvirt <cpu> XML', () => {
  it('reads a host CPU and a guest CPU', () => {
    const [host] = readCpus(readFileSync(path.join(dir, 'x86_64-cpuid-Core-i7-8700-host.xml'), 'utf8'), 'host.xml');
    expect(host).toMatchObject({ arch: 'x86_64', model: { name: 'Skylake-Client-v2' }, vendor: 'Intel', signature: { family: 6, model: 158, stepping: 10 } });
    expect(host!.features[0]).toEqual({ name: 'dtes64' });
    const [guest] = readCpus(readFileSync(path.join(dir, 'x86_64-cpuid-Core-i7-8700-guest.xml'), 'utf8'), 'guest.xml');
    expect(guest).toMatchObject({ mode: 'custom', match: 'exact', model: { name: 'Skylake-Client-IBRS', fallback: 'forbid' } });
    expect(guest!.features.every((f) => f.policy === 'require')).toBe(true);
  });

  it('round-trips every <cpu> of libvirt cputestdata to the same meaning', () => {
    let n = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.xml'))) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      let cpus;
      try {
        cpus = readCpus(text, f);
      } catch (e) {
        if (e instanceof LibvirtXmlError && /no <cpu> element/.test(e.message)) continue; // raw CPUID dumps, QEMU views
        throw e;
      }
      for (const c of cpus) {
        const again = readCpus(writeCpu(c), f);
        expect(again).toEqual([c]);
        n++;
      }
    }
    expect(n).toBeGreaterThan(30);
  });

  it('names the file, element and value of bad input', () => {
    const bad: [string, RegExp][] = [
      ['<cpu><model>x</model>', /bad\.xml:1:\d+: malformed XML/],
      ["<cpu mode='hostmodel'/>", /<cpu mode='hostmodel'>: unknown mode 'hostmodel' \(one of custom, host-model/],
      ["<cpu><feature policy='maybe' name='vmx'/></cpu>", /<feature policy='maybe'>: unknown policy/],
      ["<cpu><feature policy='require'/></cpu>", /<feature> without a name/],
      ["<cpu><feature name='vmx'/><feature name='vmx'/></cpu>", /<feature name='vmx'> appears twice/],
      ["<cpu><signature family='six' model='1'/></cpu>", /<signature family='six'>: not a number/],
      ['<domain/>', /no <cpu> element found/],
      ["<cpu><model fallback='sometimes'>Haswell</model></cpu>", /unknown fallback 'sometimes'/],
    ];
    for (const [text, re] of bad) {
      expect(() => readCpus(text, 'bad.xml'), text).toThrow(re);
      try {
        readCpus(text, 'bad.xml');
      } catch (e) {
        expect((e as LibvirtXmlError).file).toBe('bad.xml');
      }
    }
  });

  it('writes libvirt form', () => {
    expect(writeCpu({ mode: 'custom', match: 'exact', model: { name: 'Haswell', fallback: 'forbid' }, vendor: 'Intel', features: [{ name: 'vmx', policy: 'require' }] })).toBe(
      "<cpu mode='custom' match='exact'>\n  <model fallback='forbid'>Haswell</model>\n  <vendor>Intel</vendor>\n  <feature policy='require' name='vmx'/>\n</cpu>\n",
    );
  });
});

describe('libvirt <cpudata> CPUID dumps', () => {
  it('round-trips every CPUID dump of cputestdata to the same leaves and MSRs', async () => {
    const { parseCpuidXml, writeCpuidXml } = await import('./cpudata-xml.js');
    let n = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.xml'))) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      if (!text.includes('<cpudata')) continue;
      const a = parseCpuidXml(text, f);
      expect(a.ok, f).toBe(true);
      if (!a.ok) continue;
      const b = parseCpuidXml(writeCpuidXml(a.value), f);
      expect(b.ok && b.value.leaves, f).toEqual(a.value.leaves);
      expect(b.ok && b.value.msrs, f).toEqual(a.value.msrs);
      n++;
    }
    expect(n).toBe(27); // every <cpudata> file in shared (dumps, -enabled, -disabled)
  });
});
