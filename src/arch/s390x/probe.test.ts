import { describe, expect, it } from 'vitest';
import { s390Catalog } from './catalog.js';
import { detectFormat, probeText } from './probe.js';
import { S390Driver } from './driver.js';

const cat = s390Catalog('7.2');

/** An s390x /proc/cpuinfo made from a definition's STFLE bits. */
function cpuinfo(model: string, drop: number[] = []): string {
  const d = cat.defByName(model)!;
  const bits = cat.features.features.filter((f) => f.kind === 'STFL' && d.default.has(f.index)).map((f) => f.bit).filter((b) => !drop.includes(b));
  return [
    'vendor_id       : IBM/S390',
    '# processors    : 2',
    'features\t: esan3 zarch stfle msa ldisp eimm dfp edat etf3eh highgprs te vx sie',
    `facilities      : ${bits.join(' ')}`,
    `processor 0: version = FF,  identification = 0133E8,  machine = ${d.type.toString(16)}`,
  ].join('\n');
}

describe('s390x host probing', () => {
  it('detects the format', () => {
    expect(detectFormat(cpuinfo('z14'))).toBe('cpuinfo');
    expect(detectFormat('Manufacturer:         IBM\nType:                 3906\n')).toBe('sysinfo');
    expect(detectFormat('{"return": {"model": {"name": "z14-base"}}}')).toBe('qmp-expansion');
    expect(detectFormat('hello')).toBeNull();
  });

  it('reads /proc/cpuinfo: machine type and facilities → model and features', () => {
    for (const m of ['z13', 'z14', 'zEC12', 'gen15a', 'gen16a']) {
      const p = probeText(cat, cpuinfo(m));
      expect(p.ok, m).toBe(true);
      if (!p.ok) continue;
      expect(p.value.def.name, m).toBe(m);
      expect(p.value.features.equals(cat.defByName(m)!.default), m).toBe(true);
    }
  });

  it('takes the oldest of GA levels that facilities cannot tell apart', () => {
    const p = probeText(cat, cpuinfo('z14.2'));
    expect(p.ok && p.value.def.name).toBe('z14');
  });

  it('infers an older GA when facilities of the newer GA are missing', () => {
    // z14.2 adds nothing to base over z14 except…: remove a z14 base facility → falls back
    const p = probeText(cat, cpuinfo('gen15a', [155]));
    expect(p.ok && p.value.features.has(cat.features.feature('msa9-base')!.index)).toBe(false);
  });

  it('reads /proc/sysinfo and a QMP expansion reply', () => {
    const s = probeText(cat, 'Manufacturer:         IBM\nType:                 8561\nModel:                716              T01\n');
    expect(s.ok && s.value.def.name).toBe('gen15a');
    const q = probeText(cat, JSON.stringify({ return: { model: { name: 'z14-base', props: { vx: false, msa6: true } } } }));
    expect(q.ok).toBe(true);
    if (q.ok) {
      expect(q.value.def.name).toBe('z14');
      expect(q.value.features.has(cat.features.feature('vx')!.index)).toBe(false);
      expect(q.value.features.has(cat.features.feature('kimd-sha3-224')!.index)).toBe(true);
      // the reply names no release: said, with the catalog's release it is judged under and where the release's own view is
      expect(q.value.notes.join(' ')).toMatch(/names no QEMU release: .*\(7\.2\).*did not know counts as absent.*domcapabilities/);
    }
  });

  it('gives runnability from the host: runnable models are exactly those covered', () => {
    const p = probeText(cat, cpuinfo('z14'));
    if (!p.ok) throw new Error(p.error.message);
    const d = new S390Driver({ accel: 'kvm', host: { def: p.value.def, features: p.value.features, source: 'test' } });
    const run = new Map(d.runnability().map((r) => [r.name, r]));
    expect(run.get('z14')?.runnable).toBe(true);
    expect(run.get('z13')?.runnable).toBe(true);
    expect(run.get('z14.2')?.runnable).toBe(false);
    expect(run.get('z14.2')?.blockers).toContain('type');
    expect(run.get('gen15a')?.blockers).toContain('vxeh2');
    expect(run.get('host')?.runnable).toBe(true);
    for (const r of run.values()) {
      const m = d.resolve({ name: r.name });
      if (m.ok && m.value.features.isSubsetOf(p.value.features) && cat.defByName(m.value.model)!.gen <= 14) expect(r.blockers.filter((b) => b !== 'type')).toEqual([]);
    }
  });

  it('names what is wrong with bad host data', () => {
    const cases: [string, RegExp][] = [
      ['vendor_id : IBM/S390\nprocessor 0: version = FF, machine = 3906\n', /no 'facilities' line/],
      ['facilities : 0 1 2 x\nmachine = 3906', /facility 'x'/],
      ['facilities : 0 1 2\n', /names no 'machine = TYPE'/],
      ['facilities : 0 1 2\nprocessor 0: machine = 1234', /unknown s390x machine type 1234/],
      ['{"return": {"model": {"name": "z99"}}}', /'z99'/],
      ['{"return": {"model": {"name": "z14-base", "props": {"warp": true}}}}', /'warp'/],
      ['{"error": {"class": "GenericError", "desc": "boom"}}', /boom/],
      ['{"return": ', /malformed JSON/],
      ['hello world', /not an s390x/],
      ['{"return": {"model": {"props": {}}}}', /not a query-cpu-model-expansion reply \(/],
      ['{"return": {"model": {"name": "z14-base", "props": [1]}}}', /not a query-cpu-model-expansion reply/],
    ];
    for (const [text, re] of cases) {
      const r = probeText(cat, text, 'host.txt');
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.error.message, text).toMatch(re);
    }
  });
});
