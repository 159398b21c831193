import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { qemuListsThrough } from '../../data/s390x/machine-compat.js';
import { useLibvirtAdapter } from '../../adapters/libvirt/formats.js';
import { computeDomCaps } from '../../host/domcaps.js';
import { s390Catalog } from './catalog.js';
import { s390QemuUnder } from './machine-compat.js';

const cat = s390Catalog('latest');
const qemuOf = (release: string) => {
  const q = s390QemuUnder(cat.features, cat.findDef, release);
  return q && { def: q.def.name, features: cat.features.names(q.features) };
};

describe("each old machine's qemu model (hw/s390x/s390-virtio-ccw.c)", () => {
  it('2.11 and older: z900, the PLO group, esan3, zarch', () => {
    for (const r of ['2.9', '2.11']) {
      const q = qemuOf(r)!;
      expect(q.def).toBe('z900');
      expect(q.features).toContain('plo-cl');
      expect(q.features).toEqual(expect.arrayContaining(['esan3', 'zarch']));
      expect(q.features).not.toContain('stfle');
    }
  });
  it('2.12, 3.0, 3.1: zEC12.2 with qemu_V3_1 (no fpe, zpci)', () => {
    for (const r of ['2.12', '3.0', '3.1']) {
      const q = qemuOf(r)!;
      expect(q.def, r).toBe('zEC12.2');
      expect(q.features, r).toEqual(expect.arrayContaining(['esan3', 'stfle', 'ais', 'msa4-base']));
      expect(q.features, r).not.toContain('zpci');
      expect(q.features, r).not.toContain('fpe');
    }
  });
  it('4.0: zEC12.2 with qemu_V4_0 (fpe, zpci; no vx)', () => {
    const q = qemuOf('4.0')!;
    expect(q.def).toBe('zEC12.2');
    expect(q.features).toEqual(expect.arrayContaining(['ais', 'fpe', 'zpci']));
    expect(q.features).not.toContain('vx');
  });
  it('4.1: z13.2 with qemu_V4_1 (stfle53, vx; no aefsi)', () => {
    const q = qemuOf('4.1')!;
    expect(q.def).toBe('z13.2');
    expect(q.features).toEqual(expect.arrayContaining(['zpci', 'stfle53', 'vx']));
    expect(q.features).not.toContain('aefsi');
  });
  it('4.2, 5.0, 5.1, 5.2 (no call of their own) and 6.0: z13.2 with qemu_V6_0 (aefsi, sea_esop2, esop; no iep)', () => {
    for (const r of ['4.2', '5.0', '5.1', '5.2', '6.0']) {
      const q = qemuOf(r)!;
      expect(q.def, r).toBe('z13.2');
      expect(q.features, r).toEqual(expect.arrayContaining(['vx', 'aefsi', 'sea_esop2', 'esop']));
      expect(q.features, r).not.toContain('iep');
    }
  });
  it('6.1 (no call of its own) and 6.2: z14.2 with qemu_V6_2 (iep, minste2, msa8-base, vxeh; no minste3)', () => {
    for (const r of ['6.1', '6.2']) {
      const q = qemuOf(r)!;
      expect(q.def, r).toBe('z14.2');
      expect(q.features, r).toEqual(expect.arrayContaining(['esop', 'iep', 'minste2', 'msa8-base', 'vxeh']));
      expect(q.features, r).not.toContain('minste3');
    }
  });
  it('7.0: gen15a with qemu_V7_0 (minste3; no vxeh2); 7.1: gen15a with qemu_V7_1 (vxeh2; none of qemu_MAX)', () => {
    const q70 = qemuOf('7.0')!;
    expect(q70.def).toBe('gen15a');
    expect(q70.features).toContain('minste3');
    expect(q70.features).not.toContain('vxeh2');
    const q71 = qemuOf('7.1')!;
    expect(q71.def).toBe('gen15a');
    expect(q71.features).toEqual(expect.arrayContaining(['minste3', 'vxeh2']));
    for (const f of ['msa5-base', 'prno-trng']) expect(q71.features).not.toContain(f);
  });
  it("7.2 and newer, or no release: the catalog's own", () => {
    for (const r of ['7.2', '8.0', '10.1', undefined]) expect(qemuOf(r as string)).toBeUndefined();
  });
  it('a list name the data does not have is named, with the ones it has', () => {
    expect(() => qemuListsThrough('v3.0')).toThrow(/no qemu feature list 'v3\.0'.*v2\.11, v3\.1, v4\.0/);
  });
});

describe('the qemu model on a 3.x-era host (libvirt qemu_3.0.0.s390x.xml, z14 without AIS)', () => {
  useLibvirtAdapter();
  const file = readFileSync(new URL('../../../test/fixtures/domaincapsdata/qemu_3.0.0.s390x.xml', import.meta.url), 'utf8');
  const qemuOn = (machine: string, xml: string) => {
    const r = computeDomCaps(xml.replace('s390-ccw-virtio-3.0', `s390-ccw-virtio-${machine}`), 'qemu_3.0.0.s390x.xml');
    if (!r.ok) throw new Error(r.error.message);
    return r.value.cpu.custom!.models.find((m) => m.name === 'qemu');
  };
  it('as libvirt: not usable, AIS missing', () => {
    expect(qemuOn('3.0', file)).toMatchObject({ usable: 'no', blockers: ['ais'] });
  });
  it("without zPCI on the host: 3.1's qemu model does not need it, 4.0's does", () => {
    const noZpci = file.replace("      <feature policy='require' name='zpci'/>\n", '');
    expect(noZpci).not.toBe(file);
    expect(qemuOn('3.1', noZpci)).toMatchObject({ usable: 'no', blockers: ['ais'] });
    expect(qemuOn('4.0', noZpci)?.blockers?.slice().sort()).toEqual(['ais', 'zpci']);
  });
  it('on the same z14 (GA1) host under newer machines: 4.2-6.0 block only on AIS (z13.2); 6.1 and 6.2 also on the type (z14.2, a newer GA); 7.0 also on minste3 (gen15a), 7.1 and 7.2 also on vxeh2', () => {
    const sorted = (m: string) => qemuOn(m, file)?.blockers?.slice().sort();
    for (const m of ['4.2', '5.2', '6.0']) expect(sorted(m), m).toEqual(['ais']);
    for (const m of ['6.1', '6.2']) expect(sorted(m), m).toEqual(['ais', 'type']);
    expect(sorted('7.0')).toEqual(['ais', 'minste3', 'type']);
    for (const m of ['7.1', '7.2']) expect(sorted(m), m).toEqual(['ais', 'minste3', 'type', 'vxeh2']);
  });
});
