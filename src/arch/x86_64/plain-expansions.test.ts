import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROFILES, type Profile } from '../../core/profile.js';
import { x86Catalog } from './catalog.js';
import { computePlainExpansions, decodePlainExpansions, encodePlainExpansions, X86Driver, type X86Host } from './driver.js';
import { probeX86Text } from './probe.js';

// tools/build-oneshot.mjs puts encodePlainExpansions' answer into the one-shot
// bundles (x86_64/precomputed.ts); there the driver's unavailable-features
// check reads each table model's features from it instead of parsing the model.
const root = path.resolve(import.meta.dirname, '../../..');
const cpuinfo = path.join(root, 'test', 'fixtures', 'x86_64', 'proc-cpuinfo-this-machine.txt');

function hostOf(profile: Profile): X86Host {
  const d = probeX86Text(readFileSync(cpuinfo, 'utf8'), cpuinfo);
  if (!d.ok) throw new Error(d.error.message);
  const cat = x86Catalog(profile);
  return { features: cat.features.setOf(d.value.qemu.filter((n) => cat.features.feature(n))), vendor: d.value.vendorString, family: d.value.family, model: d.value.model, stepping: d.value.stepping, brand: d.value.brand, source: cpuinfo };
}

describe('x86_64 precomputed plain expansions', () => {
  it.each(PROFILES)('decode(encode(computed)) is what parse gives for every table model under profile %s (TCG; KVM on this machine)', (p) => {
    const cat = x86Catalog(p);
    const encoded = JSON.parse(JSON.stringify(encodePlainExpansions(computePlainExpansions(p))));
    const table = cat.classes.filter((c) => c.kind === 'version' || c.kind === 'alias').map((c) => c.name);
    expect(encoded.names).toEqual(table);
    const drivers = { tcg: new X86Driver({ accel: 'tcg', profile: p }), kvm: new X86Driver({ accel: 'kvm', profile: p, host: hostOf(p) }) };
    for (const mode of ['tcg', 'kvm'] as const) {
      const decoded = decodePlainExpansions(encoded, mode, cat);
      expect([...decoded.keys()]).toEqual(table);
      for (const name of table) {
        const r = drivers[mode].parse({ name });
        expect(r.ok).toBe(true);
        if (r.ok) expect({ name, mode, features: cat.features.names(decoded.get(name)!) }).toEqual({ name, mode, features: cat.features.names(r.value.features) });
      }
    }
  });

  it('stores each distinct set once', () => {
    const e = encodePlainExpansions(computePlainExpansions('latest'));
    expect(new Set(e.sets.map((s) => s.join(','))).size).toBe(e.sets.length);
    expect(e.sets.length).toBeLessThan(e.tcg.length + e.kvm.length);
  });

  it('refuses to encode expansions whose modes name different models', () => {
    const p = computePlainExpansions('latest');
    p.kvm.delete('Haswell');
    expect(() => encodePlainExpansions(p)).toThrow(/no KVM expansion of Haswell/);
  });
});
