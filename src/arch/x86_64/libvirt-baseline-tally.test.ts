import { describe, expect, it } from 'vitest';
import type { LibvirtCpu } from '../../core/libvirt-model.js';
import { mulberry32 } from '../../core/prng.js';
import { tallyOf } from '../../adapters/libvirt/extract-cpus.js';
import { baselineCpus, formatLibvirtError, type BaselineOptions } from './libvirt-cpu.js';

// baselineCpus given a list's distinct CPUs at their first places (positions,
// total: what `baseline FILE` reads a fleet file into) answers as for the list
// itself, errors and the places they name included.

const host = (model: string | undefined, extra: Partial<LibvirtCpu> = {}, features: string[] = []): LibvirtCpu => ({
  arch: 'x86_64',
  ...(model !== undefined ? { model: { name: model } } : {}),
  features: features.map((name) => ({ name })),
  origin: 'f.xml',
  ...extra,
});

/** CPUs a fleet file may hold, good and bad: each kind of refusal the baseline gives. */
const POOL: (() => LibvirtCpu)[] = [
  () => host('Skylake-Client', { vendor: 'Intel' }, ['ss']),
  () => host('Skylake-Client', { vendor: 'Intel' }, ['vmx', 'pdcm']),
  () => host('Skylake-Client', {}, ['ss']), // no vendor: none in the output
  () => host('Haswell', { vendor: 'Intel' }),
  () => host('Westmere', {}, ['pku']),
  () => host('Skylake-Server', { vendor: 'Intel' }, ['avx512f']),
  () => host(undefined, { vendor: 'Intel' }), // no model
  () => host('Haswell', { arch: 'i686' }), // another architecture
  () => host('Haswell', { vendor: 'Cyrix' }), // unknown vendor
  () => host('EPYC', { vendor: 'AMD' }), // another vendor
  () => host('EPYC', { vendor: 'Intel' }), // a vendor its model does not have
  () => host('EPYC', {}), // its model's vendor only
  () => host('NoSuchModel', { vendor: 'Intel' }),
  () => host('Haswell', { vendor: 'Intel' }, ['no-such-feature']),
  () => host('486', {}), // little in common with the others
];

const said = (r: ReturnType<typeof baselineCpus>): string => (r.ok ? JSON.stringify(r.value) : formatLibvirtError(r.error));

describe('baselineCpus over a tally (positions, total)', () => {
  it('answers as over the whole list, on random lists with repeated CPU objects', () => {
    const r = mulberry32(17);
    const kinds = new Set<string>();
    for (let k = 0; k < 2000; k++) {
      // a few CPU objects, each repeated at random places (a fleet file's copies share one object)
      const objects = Array.from({ length: 1 + Math.floor(r() * 4) }, () => POOL[r() < 0.7 ? Math.floor(r() * 6) : Math.floor(r() * POOL.length)]!());
      const list = Array.from({ length: 1 + Math.floor(r() * 40) }, () => objects[Math.floor(r() * objects.length)]!);
      const opts: BaselineOptions = r() < 0.3 ? { features: true } : r() < 0.3 ? { migratable: true } : {};
      const t = tallyOf(list);
      const want = said(baselineCpus(list, opts));
      expect(said(baselineCpus(t.distinct, { ...opts, positions: t.positions, total: t.total })), JSON.stringify(list)).toBe(want);
      kinds.add(want.startsWith('{') ? 'ok' : want.replace(/cpu\[\d+\]/g, 'cpu[N]').slice(0, 40));
    }
    // the property meets answers and the refusals, element numbers included
    expect(kinds.size).toBeGreaterThan(8);
  });

  it('refuses positions that do not fit the CPUs given', () => {
    const a = host('Haswell', { vendor: 'Intel' });
    const b = host('Skylake-Client', { vendor: 'Intel' });
    expect(() => baselineCpus([a, b], { positions: [0], total: 2 })).toThrow(/1 positions .* for 2 distinct CPUs/);
    expect(() => baselineCpus([a, b], { positions: [1, 2], total: 3 })).toThrow(/first 1/);
    expect(() => baselineCpus([a, b], { positions: [0, 5], total: 3 })).toThrow(/total 3/);
    expect(() => baselineCpus([a, b], { positions: [0, 1] })).toThrow(/total undefined/);
  });
});
