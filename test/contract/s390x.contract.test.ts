import { createDriver } from '../../src/arch/index.js';
import { unwrap } from '../../src/core/errors.js';
import { CONTRACT_RELEASES, runDriverContract } from './driver-contract.js';

runDriverContract('s390x tcg (QEMU 7.2)', () => unwrap(createDriver({ arch: 's390x', accel: 'tcg', profile: '7.2' })));
runDriverContract('s390x tcg (latest, with z17)', () => unwrap(createDriver({ arch: 's390x', accel: 'tcg', profile: 'latest' })));
for (const profile of CONTRACT_RELEASES) {
  runDriverContract(`s390x tcg (QEMU ${profile})`, () => unwrap(createDriver({ arch: 's390x', accel: 'tcg', profile })));
}
