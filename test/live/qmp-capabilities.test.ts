/**
 * qmp_capabilities before and after negotiation, live: the same
 * conversations (tools/capture-qmp-capabilities.ts) on a fresh real
 * qemu-system-ARCH and on our server (`cpumodels qmp --strict --stdio`), both
 * on stdio; every reply must be the same text. All four architectures.
 * Env: CPUMODELS_SKIP_LIVE=1 skips this tier.
 */
import { describe, expect, it } from 'vitest';
import { CAPS_MACHINE, CONVERSATIONS, StdioQmp, converse } from '../../tools/capture-qmp-capabilities.js';
import { findBinary } from './diff-util.js';

describe.skipIf(process.env.CPUMODELS_SKIP_LIVE === '1')('qmp_capabilities sent again, live (ours vs qemu-system-*)', () => {
  for (const arch of ['s390x', 'x86_64', 'ppc64', 'aarch64']) {
    it(`${arch}: every conversation answered as QEMU answers it`, async () => {
      const binary = findBinary(`qemu-system-${arch}`, process.env[`CPUMODELS_QEMU_${arch.toUpperCase()}`]);
      if (!binary) throw new Error(`qemu-system-${arch} was not found: the live tier needs it (or set CPUMODELS_SKIP_LIVE=1)`);
      const diffs: string[] = [];
      let compared = 0;
      for (const [name, requests] of Object.entries(CONVERSATIONS)) {
        const [q, o] = await Promise.all([converse(StdioQmp.qemu(binary, CAPS_MACHINE[arch]!), requests), converse(StdioQmp.ours(arch), requests)]);
        requests.forEach((r, i) => {
          compared++;
          if (q.replies[i] !== o.replies[i]) diffs.push(`${name}: ${r}\n  qemu ${q.replies[i]}\n  ours ${o.replies[i]}`);
        });
      }
      expect(compared).toBeGreaterThan(25);
      expect(diffs).toEqual([]);
    }, 120_000);
  }
});
