import { createDriver } from '../../src/arch/index.js';
import { unwrap } from '../../src/core/errors.js';
import { CONTRACT_RELEASES, runDriverContract } from './driver-contract.js';

const noRoundTrip = { base: "its vendor '' is not a value QEMU's vendor property takes" };
// QEMU reports lbr-fmt's "unset" marker (~0x3f), which its own mask check rejects
const reportOnly = { 'lbr-fmt': 'unset marker outside the mask', lbr_fmt: 'alias of lbr-fmt' };
runDriverContract('x86_64 tcg (QEMU 7.2)', () => unwrap(createDriver({ arch: 'x86_64', accel: 'tcg', profile: '7.2' })), { noRoundTrip, reportOnly });
runDriverContract('x86_64 tcg (latest)', () => unwrap(createDriver({ arch: 'x86_64', accel: 'tcg', profile: 'latest' })), { noRoundTrip, reportOnly });
// other releases' catalogs (rows with since/removed, Icelake-Client, Cooperlake's 6.1 avx-vnni)
for (const profile of CONTRACT_RELEASES) {
  runDriverContract(`x86_64 tcg (QEMU ${profile})`, () => unwrap(createDriver({ arch: 'x86_64', accel: 'tcg', profile })), { noRoundTrip, reportOnly });
}

// under kvm with a real host (Xeon Gold 6148's CPUID dump from libvirt's test data)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LIBVIRT } from '../helpers/reference.js';
runDriverContract(
  'x86_64 kvm (Xeon Gold 6148 host)',
  () => unwrap(createDriver({ arch: 'x86_64', accel: 'kvm', profile: 'latest', host: { text: readFileSync(path.join(LIBVIRT, 'cputestdata/x86_64-cpuid-Xeon-Gold-6148.xml'), 'utf8'), origin: 'Xeon-Gold-6148.xml' } })),
  { noRoundTrip, reportOnly },
);
