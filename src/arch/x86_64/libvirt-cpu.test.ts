import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../core/prng.js';
import type { LibvirtCpu } from '../../core/libvirt-model.js';
import { baselineCpus, buildLibvirtX86Catalog, compareCpus, decodeLibvirtX86Catalog, encodeLibvirtX86Catalog, formatLibvirtError } from './libvirt-cpu.js';

// The catalog the `baseline FILE` bundle carries precomputed (tools/build-baseline.mjs
// stores encodeLibvirtX86Catalog of the built catalog as JSON): decoded, it is the built one.

describe('libvirt x86 catalog, precomputed', () => {
  const built = buildLibvirtX86Catalog();
  const stored = JSON.parse(JSON.stringify(encodeLibvirtX86Catalog(built))) as ReturnType<typeof encodeLibvirtX86Catalog>;
  const decoded = decodeLibvirtX86Catalog(stored);

  it('survives JSON unchanged', () => {
    expect(stored).toEqual(encodeLibvirtX86Catalog(built));
  });

  it('decodes to the catalog built from the tables', () => {
    expect(decoded.features.features).toEqual(built.features.features);
    expect(decoded.features.size).toBe(built.features.size);
    expect(decoded.models).toEqual(built.models);
    expect(decoded.vendors).toEqual(built.vendors);
    expect(decoded.nonMigratable).toEqual(built.nonMigratable);
    for (const m of built.models) expect(decoded.model(m.name)).toEqual(m);
    expect(decoded.model('NoSuchModel')).toBeUndefined();
    // aliases name the same feature
    for (const f of built.features.features) for (const a of f.aliases ?? []) expect(decoded.features.feature(a)).toEqual(built.features.feature(a));
  });

  it('gives the same baselines and comparisons as the built catalog', () => {
    const r = mulberry32(23);
    const names = built.models.map((m) => m.name);
    const feats = built.features.features.map((f) => f.name);
    const cpu = (): LibvirtCpu => ({
      arch: 'x86_64',
      model: { name: names[Math.floor(r() * names.length)]! },
      ...(r() < 0.5 ? { vendor: r() < 0.9 ? 'Intel' : 'AMD' } : {}),
      features: Array.from({ length: Math.floor(r() * 4) }, () => ({ name: feats[Math.floor(r() * feats.length)]! })),
      origin: 'f.xml',
    });
    const said = (x: ReturnType<typeof baselineCpus> | ReturnType<typeof compareCpus>) => (x.ok ? JSON.stringify(x.value) : formatLibvirtError(x.error));
    let answered = 0;
    for (let k = 0; k < 300; k++) {
      const cpus = Array.from({ length: 1 + Math.floor(r() * 3) }, cpu);
      const opts = r() < 0.3 ? { features: true } : r() < 0.3 ? { migratable: true } : {};
      const want = baselineCpus(cpus, opts, built);
      if (want.ok) answered++;
      expect(said(baselineCpus(cpus, opts, decoded))).toBe(said(want));
      const guest = { ...cpu(), arch: undefined, match: 'exact' as const };
      expect(said(compareCpus(cpus[0]!, guest, decoded))).toBe(said(compareCpus(cpus[0]!, guest, built)));
    }
    expect(answered).toBeGreaterThan(50);
  });
});
