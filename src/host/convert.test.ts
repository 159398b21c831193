import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIBVIRT, QEMU72 } from '../../test/helpers/reference.js';
import { groupHostDocs } from './group.js';
import { toHostDoc } from './convert.js';

const fx = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../../test/fixtures/x86_64');

describe('host capability documents from every source', () => {
  it('detects format and architecture', () => {
    const cases: [string, string, string, string][] = [
      ['cpudata', readFileSync(path.join(LIBVIRT, 'cputestdata/x86_64-cpuid-Core-i7-8700.xml'), 'utf8'), 'x86_64', 'cpudata'],
      ['cpuid -r', readFileSync(path.join(fx, 'cpuid-r-this-machine.txt'), 'utf8'), 'x86_64', 'cpuid-r'],
      ['x86 cpuinfo', readFileSync(path.join(fx, 'proc-cpuinfo-this-machine.txt'), 'utf8'), 'x86_64', 'cpuinfo'],
      ['s390x sysinfo', 'Manufacturer:         IBM\nType:                 3931\n', 's390x', 'sysinfo'],
      ['s390x qmp', JSON.stringify(JSON.parse(readFileSync(path.join(QEMU72, 's390x/expansions.json'), 'utf8')).records.find((r: any) => r.model === 'z14' && r.type === 'full').reply), 's390x', 'qmp-expansion'],
      ['x86 qmp', JSON.stringify(JSON.parse(readFileSync(path.join(QEMU72, 'x86_64/expansions.json'), 'utf8')).records.find((r: any) => r.model === 'EPYC' && r.type === 'full').reply), 'x86_64', 'qmp-expansion'],
    ];
    for (const [label, text, arch, kind] of cases) {
      const r = toHostDoc(text, label);
      expect(r.ok, label).toBe(true);
      if (!r.ok) continue;
      expect(r.value.arch, label).toBe(arch);
      expect(r.value.source.kind, label).toBe(kind);
      expect(r.value.signature, label).toMatch(/^[0-9a-f]{16}$/);
      // a document reads back as itself
      const again = toHostDoc(JSON.stringify(r.value), label);
      expect(again.ok && again.value).toEqual(r.value);
    }
  });

  it('models a QMP expansion as the same features QEMU reported', () => {
    const rec = JSON.parse(readFileSync(path.join(QEMU72, 'x86_64/expansions.json'), 'utf8')).records.find((r: any) => r.model === 'EPYC' && r.type === 'full');
    const r = toHostDoc(JSON.stringify(rec.reply), 'epyc');
    expect(r.ok && r.value.model).toBe('EPYC-v1');
    expect(r.ok && r.value.identity).toMatchObject({ vendor: 'AuthenticAMD', family: 23 });
  });

  it('groups equal hosts by signature', () => {
    const a = toHostDoc('Manufacturer: IBM\nType: 3906\n', 'a');
    const b = toHostDoc('Manufacturer: IBM\nType: 3906\n', 'b');
    const c = toHostDoc('Manufacturer: IBM\nType: 8561\n', 'c');
    if (!a.ok || !b.ok || !c.ok) throw new Error('conversion failed');
    expect(groupHostDocs([a.value, b.value, c.value]).map((k) => k.hosts)).toEqual([['a', 'b'], ['c']]);
  });

  it('names what it cannot read', () => {
    const r = toHostDoc('{"name": "cpumodels"}', 'package.json');
    expect(!r.ok && r.error.message).toBe('package.json: not a host description cpumodels can read');
    const bad = toHostDoc('{"format": "cpumodels-host/1", "arch": "s390x"}', 'h.json');
    expect(!bad.ok && bad.error.message).toMatch(/^h\.json: /);
  });
});
