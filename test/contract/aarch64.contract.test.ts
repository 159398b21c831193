import { describe, expect, it } from 'vitest';
import { Aarch64Driver } from '../../src/arch/aarch64/driver.js';
import { CONTRACT_RELEASES, runDriverContract } from './driver-contract.js';

// QEMU has no static expansion on ARM ("The requested expansion type is not
// supported"), and the contract's round trip tries 'static' as well as 'full':
// it is skipped for every model and the full round trip is checked below.
const noRoundTrip = Object.fromEntries(new Aarch64Driver({}).modelNames().map((n) => [n, 'aarch64 has no static expansion']));
runDriverContract('aarch64 tcg', () => new Aarch64Driver({}), { noRoundTrip });
// other releases' catalogs: the models added after 7.2 (their features decoded from their ID registers) and the PXA removal
for (const profile of [...CONTRACT_RELEASES, 'latest'] as const) {
  const noRoundTripIn = Object.fromEntries(new Aarch64Driver({ profile }).modelNames().map((n) => [n, 'aarch64 has no static expansion']));
  runDriverContract(`aarch64 tcg (QEMU ${profile})`, () => new Aarch64Driver({ profile }), { noRoundTrip: noRoundTripIn });
}

describe('driver contract (aarch64 addendum): full expansions resolve back to the same features', () => {
  const d = new Aarch64Driver({ profile: 'latest' });
  for (const { name } of d.definitions()) {
    it(name, () => {
      const cpu = d.resolve({ name });
      const e = d.expand('full', { name });
      expect(cpu.ok && e.ok).toBe(true);
      if (!cpu.ok || !e.ok) return;
      const again = d.resolve(e.value.model);
      expect(again.ok && again.value.features.equals(cpu.value.features)).toBe(true);
    });
  }
});
