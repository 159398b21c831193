// `cpumodels host-model --profile R` and upgrade-check's host-model under R
// are one answer: for real CPUID dumps from libvirt's test data, the CLI's
// host-model under each release equals the report's (from = R1, to = R2).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/cli.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CPUID = path.join(ROOT, '../shared/reference/libvirt/cputestdata');
const HOSTS = ['x86_64-cpuid-Xeon-Gold-6148.xml', 'x86_64-cpuid-Ice-Lake-Server.xml', 'x86_64-cpuid-EPYC-7502-32-Core.xml', 'x86_64-cpuid-Core-i7-2600.xml'];
const PAIRS: [string, string][] = [['7.2', '9.2'], ['4.2', '10.1']];

describe('host-model --profile R equals upgrade-check host-model under R', () => {
  for (const h of HOSTS) {
    for (const [a, b] of PAIRS) {
      it(`${h} ${a} → ${b}`, async () => {
        const file = path.join(CPUID, h);
        const up = await runCli(['upgrade-check', '--arch', 'x86_64', '--from', a, '--to', b, '--hosts', file, '--json']);
        expect(up.code, up.err).toBeLessThan(2);
        const host = (JSON.parse(up.out) as { hosts: { host_model: { from: unknown; to: unknown } }[] }).hosts[0]!;
        for (const [r, want] of [[a, host.host_model.from], [b, host.host_model.to]] as const) {
          const json = await runCli(['host-model', '--cpuid', file, '--profile', r, '--json']);
          expect(json.code, json.err).toBe(0);
          expect(JSON.parse(json.out)).toEqual(want);
          const xml = await runCli(['host-model', '--cpuid', file, '--profile', r]);
          expect(xml.out.trimEnd()).toBe((want as { cpu: string }).cpu);
        }
      });
    }
  }

  it('the host-model differs between releases where QEMU added features (so the comparison can tell releases apart)', async () => {
    const file = path.join(CPUID, 'x86_64-cpuid-Ice-Lake-Server.xml');
    const outs = await Promise.all(['4.2', '10.1'].map((r) => runCli(['host-model', '--cpuid', file, '--profile', r, '--json'])));
    expect(outs[0]!.out).not.toBe(outs[1]!.out);
  });

  it('an unknown release is refused, naming it', async () => {
    const r = await runCli(['host-model', '--cpuid', path.join(CPUID, HOSTS[0]!), '--profile', '3.9']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--profile 3\.9/);
  });
});
