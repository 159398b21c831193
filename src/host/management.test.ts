import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIBVIRT } from '../../test/helpers/reference.js';
import { ARCHES } from '../arch/index.js';
import { toHostDoc } from './convert.js';
import { MANAGEMENT_DRIVERS, management } from './management.js';

const doc = (f: string) => {
  const r = toHostDoc(readFileSync(path.join(LIBVIRT, 'domaincapsdata', f), 'utf8'), f);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('the management driver table', () => {
  it('has one driver per architecture, and a missing operation gets the one answer', () => {
    expect(Object.keys(MANAGEMENT_DRIVERS).sort()).toEqual([...ARCHES].sort());
    const a = management('aarch64', 'hostModel');
    expect(!a.ok && a.error).toMatchObject({ code: 'unsupported', message: 'hostModel is not supported on aarch64' });
    const p = management('x86_64', 'unknownHost');
    expect(!p.ok && p.error.message).toBe('unknownHost is not supported on x86_64');
    const b = management('s390x', 'baseline');
    expect(!b.ok && b.error.message).toBe('baseline is not supported on s390x');
    const m = management('mips', 'fits');
    expect(!m.ok && m.error.message).toBe('fits is not supported on mips');
  });

  it('fits is the driver under KVM for the host: the same verdicts as domcapsModels, props honoured, release checked', () => {
    const h = doc('qemu_10.1.0-q35.x86_64+inteltdx.xml');
    expect(h.release).toBe('10.1');
    const fits = management('x86_64', 'fits');
    const models = management('x86_64', 'domcapsModels');
    if (!fits.ok || !models.ok) throw new Error('x86_64 has fits and domcapsModels');
    const all = models.value(h);
    expect(all.length).toBeGreaterThan(100);
    for (const v of all) {
      const f = fits.value(h, { name: v.name });
      expect(f.ok && f.value, v.name).toEqual(v);
    }
    // a feature off makes a blocked model runnable; QEMU 10.1 has no EPYC-Turin-v2-era model names it does not know
    const den = fits.value(h, { name: 'Denverton' });
    expect(den.ok && den.value.blockers).toEqual(['mpx']);
    const off = fits.value(h, { name: 'Denverton', props: { mpx: false } });
    expect(off.ok && off.value.runnable).toBe(true);
    const old = fits.value({ ...h, release: '9.0' }, { name: 'GraniteRapids-v2' });
    expect(old.ok && old.value.blockers[0]).toBe('type');
  });

  it('s390x: fits and domcapsModels ask the s390x driver under KVM', () => {
    const h = doc('qemu_9.1.0.s390x.xml');
    const fits = management('s390x', 'fits');
    if (!fits.ok) throw new Error('s390x has fits');
    const newer = fits.value(h, { name: 'gen17a' });
    expect(newer.ok && newer.value.runnable).toBe(false);
    const r = management('s390x', 'migrationRules');
    expect(r.ok && r.value()).toMatchObject({ generationOrder: true });
  });
});

describe('ppc64: compat modes', () => {
  it('a POWER8 host runs POWER7 and POWER8 guests, not POWER9 or POWER10', () => {
    const h = doc('qemu_10.0.0.ppc64.xml');
    const fits = management('ppc64', 'fits');
    if (!fits.ok) throw new Error('ppc64 has fits');
    const v = (name: string) => {
      const r = fits.value(h, { name });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    expect([v('POWER7').runnable, v('POWER8').runnable]).toEqual([true, true]);
    expect(v('POWER9').blockers).toEqual(['compat-power9']);
    expect(v('POWER10').blockers).toEqual(['compat-power9', 'compat-power10']);
  });
});
