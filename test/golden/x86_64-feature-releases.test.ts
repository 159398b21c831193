// Every x86 feature bit QEMU named between 4.2 and 7.2 is dated by the
// release that first named it.
//
// The facts below are read from libvirt's recorded QEMU data
// (libvirt/libvirt tests/qemucapabilitiesdata/caps_X.Y.0.x86_64.xml): the
// <hostCPU> property list of each release names the x86 features that QEMU
// release knows; a name is listed here under the first release whose list
// has it and caps_4.2.0's lacks it. (caps_7.1.0 is a 7.1 development build,
// v7.0.0-2780; no feature of our table first appears in caps_7.2.0.)
import { describe, expect, it } from 'vitest';

import { x86Catalog } from '../../src/arch/x86_64/catalog.js';
import { checkProfile } from '../../src/core/profile.js';

const FIRST_NAMED: Readonly<Record<string, readonly string[]>> = {
  '5.0': ['amd-stibp'],
  '5.1': ['avx512-vp2intersect', 'fsrm', 'full-width-write', 'serialize', 'tsx-ldtrk'],
  '5.2': ['kvm-asyncpf-int'],
  '6.0': [
    'avic', 'avx512-fp16', 'bus-lock-detect', 'ibrs', 'intel-pt-lip', 'kvm-msi-ext-dest-id', 'pks', 'svme-addr-chk',
    'v-vmsave-vmload', 'vgif', 'vmx-entry-load-pkrs', 'vmx-exit-load-pkrs',
  ],
  '6.1': ['avx-vnni', 'vmx-tsc-scaling'],
  '6.2': ['sgx', 'sgx-debug', 'sgx-exinfo', 'sgx-kss', 'sgx-mode64', 'sgx-provisionkey', 'sgx-tokenkey', 'sgx1', 'sgx2', 'sgxlc'],
  '7.0': ['amx-bf16', 'amx-int8', 'amx-tile', 'xfd'],
  '7.1': ['arch-lbr'],
};

const RELEASES = ['4.2', '5.0', '5.1', '5.2', '6.0', '6.1', '6.2', '7.0', '7.1', '7.2'] as const;
const num = (r: string): number => {
  const [a, b] = r.split('.').map(Number);
  return a! * 100 + b!;
};
function names(release: string): Set<string> {
  const p = checkProfile(release);
  if (!p.ok) throw new Error(p.error.message);
  return new Set(x86Catalog(p.value).features.features.map((f) => f.name));
}

describe('x86_64 features carry the release that first named them (4.2 → 7.2)', () => {
  it('--profile 4.2 lacks every one of them', () => {
    const in42 = names('4.2');
    expect(Object.values(FIRST_NAMED).flat().filter((n) => in42.has(n))).toEqual([]);
  });

  for (const release of RELEASES.slice(1)) {
    it(`--profile ${release} has exactly the ones named by ${release}`, () => {
      const have = names(release);
      for (const [since, list] of Object.entries(FIRST_NAMED))
        for (const n of list) expect(have.has(n), `${n} (since ${since}) in ${release}`).toBe(num(release) >= num(since));
    });
  }

  it('nothing else appears between 4.2 and 7.2', () => {
    const in42 = names('4.2');
    const added = [...names('7.2')].filter((n) => !in42.has(n)).sort();
    expect(added).toEqual(Object.values(FIRST_NAMED).flat().sort());
  });
});
