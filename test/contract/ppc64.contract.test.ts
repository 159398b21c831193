import { Ppc64Driver } from '../../src/arch/ppc64/driver.js';
import { CONTRACT_RELEASES, runDriverContract } from './driver-contract.js';

// QEMU 7.2 on ppc64 sends neither migration-safe nor unavailable-features and marks every model non-static
runDriverContract('ppc64 tcg', () => new Ppc64Driver({}), {
  qemuShape: { omits: ['migration-safe', 'unavailable-features'], noStaticModels: 'QEMU 7.2 marks every ppc64 model static: false' },
});
for (const profile of [...CONTRACT_RELEASES, 'latest'] as const) {
  runDriverContract(`ppc64 tcg (QEMU ${profile})`, () => new Ppc64Driver({ profile }), {
    qemuShape: { omits: ['migration-safe', 'unavailable-features'], noStaticModels: 'QEMU marks every ppc64 model static: false' },
  });
}
