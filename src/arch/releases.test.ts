import { describe, expect, it } from 'vitest';
import { catalogChange, modelReleases, type CatalogChange } from './releases.js';

function change(arch: string, from: string, to: string): CatalogChange {
  const r = catalogChange(arch, from, to);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('catalogChange', () => {
  it('x86_64 7.0 → 7.2: QEMU 7.1 removed Icelake-Client with its versions and alias', () => {
    const c = change('x86_64', '7.0', '7.2');
    expect(c.removed).toEqual(['Icelake-Client', 'Icelake-Client-noTSX', 'Icelake-Client-v1', 'Icelake-Client-v2', 'Icelake-Client-v3']);
    expect(c.added).toEqual([]);
  });

  it('x86_64 5.1 → 5.2: Icelake-Client becomes deprecated; the way back undeprecates it', () => {
    expect(change('x86_64', '5.1', '5.2').deprecated).toEqual(['Icelake-Client', 'Icelake-Client-noTSX', 'Icelake-Client-v1', 'Icelake-Client-v2']);
    expect(change('x86_64', '5.2', '5.1').undeprecated).toEqual(['Icelake-Client', 'Icelake-Client-noTSX', 'Icelake-Client-v1', 'Icelake-Client-v2']);
  });

  it('x86_64 6.1 → 6.2: a versioned model whose features changed is reported (QEMU dropped avx-vnni from Cooperlake)', () => {
    expect(change('x86_64', '6.1', '6.2').changed).toEqual(['Cooperlake-v1', 'Cooperlake-v2']);
    expect(change('x86_64', '6.2', '7.2').changed).toEqual([]);
  });

  it('x86_64 8.0 → 8.1 adds GraniteRapids; lists are sorted and symmetric', () => {
    const up = change('x86_64', '8.0', '8.1');
    expect(up.added).toContain('GraniteRapids-v1');
    expect(up.added).toEqual([...up.added].sort());
    expect(change('x86_64', '8.1', '8.0').removed).toEqual(up.added);
  });

  it('s390x 7.0 → 7.2 adds z16 (gen16a/gen16b, QEMU 7.1)', () => {
    expect(change('s390x', '7.0', '7.2').added).toEqual(['gen16a', 'gen16a-base', 'gen16b', 'gen16b-base']);
  });

  it('aarch64 10.0 → 11.0: cortex-a78ae added, the PXA2xx CPUs removed', () => {
    const c = change('aarch64', '10.0', '11.0');
    expect(c.added).toEqual(['cortex-a78ae']);
    expect(c.removed.every((n) => n.startsWith('pxa2'))).toBe(true);
    expect(c.removed).toHaveLength(12);
  });

  it('ppc64 7.2 → 9.1: the power9 alias moves to power9_v2.2, and 9.0 renames power5+_v2.1/power7+_v2.1 (their aliases follow)', () => {
    const c = change('ppc64', '7.2', '9.1');
    expect(c.alias_changed).toEqual([
      { name: 'power5+', from: 'power5+_v2.1', to: 'power5p_v2.1' },
      { name: 'power5gs', from: 'power5+_v2.1', to: 'power5p_v2.1' },
      { name: 'power7+', from: 'power7+_v2.1', to: 'power7p_v2.1' },
      { name: 'power9', from: 'power9_v2.0', to: 'power9_v2.2' },
    ]);
    expect(c.removed).toEqual(expect.arrayContaining(['power9_v1.0', 'power10_v1.0']));
  });

  it('the same release changes nothing', () => {
    expect(change('x86_64', '9.1', '9.1')).toMatchObject({ added: [], removed: [], deprecated: [], undeprecated: [], alias_changed: [], changed: [] });
  });

  it('an unknown release is an error naming it', () => {
    const r = catalogChange('x86_64', '7.2', '7.3');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain("'7.3'");
  });
});

describe('modelReleases', () => {
  it('names the releases that list a model', () => {
    expect(modelReleases('x86_64', 'Icelake-Client')).toEqual(['4.2', '5.0', '5.1', '5.2', '6.0', '6.1', '6.2', '7.0']);
    expect(modelReleases('aarch64', 'cortex-a55')[0]).toBe('8.0');
    expect(modelReleases('s390x', 'gen16a')[0]).toBe('7.1');
    expect(modelReleases('x86_64', 'no-such-model')).toEqual([]);
  });
});
