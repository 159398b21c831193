// alias_changed and deprecated against what real QEMUs answered:
// - aliases: query-cpu-definitions under KVM as libvirt recorded it
//   (test/fixtures/qemucaps, from tests/qemucapabilitiesdata/caps_R_x86_64.replies):
//   for each pair of releases, the names both replies list with an alias-of
//   whose target differs are exactly our alias_changed (restricted to the
//   names the two replies list: some are transcribed in part);
// - deprecated: libvirt's domcapabilities for real hosts
//   (test/fixtures/domaincapsdata and ../shared, libvirt's rendering of each
//   reply's "deprecated": true as deprecated='yes'): our catalog flags exactly
//   those of the listed names, and catalogChange's deprecated/undeprecated
//   for each pair equal what the two files differ by.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kvmCapsFiles, readKvmCaps } from '../../test/helpers/qemucaps.js';
import { createDriver } from '../arch/index.js';
import { upgradeCheck } from './upgrade.js';

const change = (arch: string, from: string, to: string) => {
  const r = upgradeCheck({ arch, from, to });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.models;
};

describe('alias_changed equals the difference of the alias-of fields QEMU answered', () => {
  const caps = kvmCapsFiles('x86_64').map(readKvmCaps);
  const pairs: [string, string][] = [['4.2', '6.2'], ['4.2', '7.2'], ['4.2', '10.1'], ['6.2', '9.1'], ['7.2', '9.2'], ['9.1', '10.0'], ['9.2', '10.1'], ['10.0', '10.1'], ['10.1', '4.2']];
  for (const [a, b] of pairs) {
    it(`x86_64 ${a} → ${b}`, () => {
      const A = new Map(caps.find((c) => c.release === a)!.definitions.filter((d) => d.aliasOf).map((d) => [d.name, d.aliasOf!]));
      const B = new Map(caps.find((c) => c.release === b)!.definitions.filter((d) => d.aliasOf).map((d) => [d.name, d.aliasOf!]));
      const both = [...A.keys()].filter((n) => B.has(n));
      expect(both.length).toBeGreaterThan(10);
      const want = both.filter((n) => A.get(n) !== B.get(n)).sort().map((n) => ({ name: n, from: A.get(n), to: B.get(n) }));
      const got = change('x86_64', a, b).alias_changed.filter((x) => both.includes(x.name));
      expect(got).toEqual(want);
    });
  }

  it('4.2 → 6.2: unversioned names moved from the newest version to v1 (Westmere-v2 → Westmere-v1)', () => {
    expect(change('x86_64', '4.2', '6.2').alias_changed).toContainEqual({ name: 'Westmere', from: 'Westmere-v2', to: 'Westmere-v1' });
  });
});

describe('deprecated equals the deprecated flags QEMU answered', () => {
  const files: [string, string, string][] = [
    ['x86_64', '4.2', 'test/fixtures/domaincapsdata/qemu_4.2.0.x86_64.xml'],
    ['x86_64', '5.2', 'test/fixtures/domaincapsdata/qemu_5.2.0.x86_64.xml'],
    ['x86_64', '6.0', 'test/fixtures/domaincapsdata/qemu_6.0.0.x86_64.xml'],
    ['x86_64', '6.2', 'test/fixtures/domaincapsdata/qemu_6.2.0.x86_64.xml'],
    ['x86_64', '7.0', 'test/fixtures/domaincapsdata/qemu_7.0.0.x86_64.xml'],
    ['x86_64', '10.0', 'test/fixtures/domaincapsdata/qemu_10.0.0.x86_64+amdsev.xml'],
    ['x86_64', '10.1', '../shared/reference/libvirt/domaincapsdata/qemu_10.1.0-q35.x86_64+inteltdx.xml'],
    ['s390x', '6.0', 'test/fixtures/domaincapsdata/qemu_6.0.0.s390x.xml'],
    ['s390x', '9.1', '../shared/reference/libvirt/domaincapsdata/qemu_9.1.0.s390x.xml'],
  ];
  /** the custom mode's models and which of them libvirt marks deprecated */
  const read = (file: string) => {
    const custom = /<mode name='custom'[^>]*>([\s\S]*?)<\/mode>/.exec(readFileSync(file, 'utf8'))![1]!;
    const models = [...custom.matchAll(/<model([^>]*)>([^<]+)<\/model>/g)].map((m) => ({ name: m[2]!, deprecated: /deprecated='yes'/.test(m[1]!) }));
    return { names: new Set(models.map((m) => m.name)), deprecated: new Set(models.filter((m) => m.deprecated).map((m) => m.name)) };
  };
  const known = new Map(files.map(([arch, r, f]) => [`${arch} ${r}`, read(f)]));

  for (const [arch, release, file] of files) {
    it(`${arch} ${release}: the catalog deprecates exactly what ${file.split('/').pop()} marks`, () => {
      const d = createDriver({ arch, profile: release });
      if (!d.ok) throw new Error(d.error.message);
      const { names, deprecated } = known.get(`${arch} ${release}`)!;
      const ours = d.value.definitions().filter((x) => names.has(x.name) && x.deprecated).map((x) => x.name).sort();
      expect(ours).toEqual([...deprecated].sort());
      expect(names.size).toBeGreaterThan(4);
    });
  }

  const pairs: [string, string, string][] = [['x86_64', '4.2', '5.2'], ['x86_64', '5.2', '7.0'], ['x86_64', '7.0', '10.0'], ['x86_64', '6.0', '10.1'], ['x86_64', '5.2', '4.2'], ['s390x', '6.0', '9.1']];
  for (const [arch, a, b] of pairs) {
    it(`${arch} ${a} → ${b}: deprecated and undeprecated equal what the two answers differ by`, () => {
      const A = known.get(`${arch} ${a}`)!;
      const B = known.get(`${arch} ${b}`)!;
      const both = [...A.names].filter((n) => B.names.has(n));
      const m = change(arch, a, b);
      expect(m.deprecated.filter((n) => both.includes(n))).toEqual(both.filter((n) => !A.deprecated.has(n) && B.deprecated.has(n)).sort());
      expect(m.undeprecated.filter((n) => both.includes(n))).toEqual(both.filter((n) => A.deprecated.has(n) && !B.deprecated.has(n)).sort());
    });
  }

  it('4.2 → 5.2 deprecates Icelake-Client and Icelake-Client-noTSX (the answers say so)', () => {
    expect(change('x86_64', '4.2', '5.2').deprecated).toEqual(expect.arrayContaining(['Icelake-Client', 'Icelake-Client-noTSX']));
  });
});
