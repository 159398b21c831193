/**
 * Build time (tools/build-oneshot.mjs): the table models-direct.ts answers
 * `models` under KVM from, made by the x86_64 catalog and driver themselves.
 */
import type { X86Profile } from './catalog.js';
import { X86_XSAVE_XCR0_NEXT_WORD } from '../../data/x86_64/kvm.js';
import { x86Catalog } from './catalog.js';
import { computeCpuinfoNaming } from './cpuid.js';
import { computePlainExpansions, setPool, X86Driver } from './driver.js';
import type { DirectModelsTable } from './models-direct.js';

export function computeDirectModels(profile: X86Profile): DirectModelsTable {
  const cat = x86Catalog(profile);
  // the definitions' order and columns do not depend on the host: those of a driver under KVM on a featureless host
  const driver = new X86Driver({ accel: 'kvm', profile, host: { features: cat.features.empty(), vendor: 'GenuineIntel', family: 6, model: 85, stepping: 4, brand: 'any', source: 'computeDirectModels' } });
  const plain = computePlainExpansions(profile).kvm;
  const { sets, index } = setPool();
  const definitions = driver.definitions().map((d) => ({ ...d, 'unavailable-features': [] as string[] }));
  const rowSet: number[] = [];
  const rowExact: boolean[] = [];
  for (const d of definitions) {
    const stored = plain.get(d.name);
    if (stored) {
      rowSet.push(index(stored));
      rowExact.push(true);
      continue;
    }
    // a model the driver parses at run time (host, max, base): what its parse may add beyond what
    // KVM supports is its class's declared features and, but for base, the catalog's always-on ones
    // (the rest of the parse adds only KVM's supported features, or takes away)
    const cls = cat.classByName.get(d.name);
    if (!cls) throw new Error(`x86_64: no class for definition ${d.name}`);
    const extra = cls.declared.clone();
    if (cls.kind !== 'base' && cls.kind !== 'abi') extra.ior(cat.alwaysOn);
    rowSet.push(index(extra));
    rowExact.push(false);
  }
  return {
    profile,
    release: driver.release,
    features: cat.features.features.map((f) => f.name),
    aliases: cat.features.features.map((f) => (f.aliases ?? []).join(' ')),
    kvmOnly: [...cat.kvmOnly.words],
    unmigratable: [...cat.unmigratable.words],
    xcr0Next: cat.word.has(X86_XSAVE_XCR0_NEXT_WORD) ? [...cat.word.get(X86_XSAVE_XCR0_NEXT_WORD)!.words] : null,
    sets,
    definitions,
    rowSet,
    rowExact,
    naming: computeCpuinfoNaming(),
  };
}
