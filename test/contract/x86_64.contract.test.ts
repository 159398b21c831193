import { createDriver } from '../../src/arch/index.js';
import { unwrap } from '../../src/core/errors.js';
import { runDriverContract } from './driver-contract.js';

const noRoundTrip = { base: "its vendor '' is not a value QEMU's vendor property takes" };
runDriverContract('x86_64 tcg (QEMU 7.2)', () => unwrap(createDriver({ arch: 'x86_64', accel: 'tcg', profile: '7.2' })), { noRoundTrip });
runDriverContract('x86_64 tcg (latest)', () => unwrap(createDriver({ arch: 'x86_64', accel: 'tcg', profile: 'latest' })), { noRoundTrip });
