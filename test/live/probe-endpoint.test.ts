// Live tier for probing an endpoint into a host document (src/host/endpoint.ts):
// our own QMP server over qmp:unix:, Debian's qemu-system-s390x via exec:,
// and an unreachable socket.
//
// Env: CPUMODELS_SKIP_LIVE=1 skips this tier; CPUMODELS_QEMU_S390X overrides the binary.
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnOurs, type SpawnedQemu } from '../../src/adapters/qmp/client.js';
import { hostDocFromEndpoint } from '../../src/adapters/hypervisor/endpoint.js';
import { validateHostDoc } from '../../src/host/doc.js';

const SKIP = process.env.CPUMODELS_SKIP_LIVE === '1';
const QEMU = process.env.CPUMODELS_QEMU_S390X ?? '/usr/bin/qemu-system-s390x';

describe.skipIf(SKIP)('probe a live endpoint', () => {
  let ours: SpawnedQemu;
  let dir: string;
  beforeAll(async () => {
    ours = await spawnOurs(['--arch', 's390x', '--accel', 'tcg']);
    dir = mkdtempSync(join(tmpdir(), 'cpumodels-probe-endpoint-'));
  });
  afterAll(async () => {
    await ours?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  let oursSignature = '';

  it('qmp:unix: our server gives an s390x gen15a host document', async () => {
    const ep = ours.client.endpoint;
    if (ep.kind !== 'unix') throw new Error('expected a unix socket');
    const target = `qmp:unix:${ep.path}`;
    const r = await hostDocFromEndpoint(target);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.arch).toBe('s390x');
    expect(r.value.model).toBe('gen15a');
    expect(r.value.source).toMatchObject({ kind: 'qmp-endpoint', origin: target });
    expect(validateHostDoc(r.value, target).ok).toBe(true);
    oursSignature = r.value.signature;
  });

  it('exec: the real qemu-system-s390x gives the same signature', async () => {
    accessSync(QEMU, constants.X_OK); // the tier needs the binary (set CPUMODELS_SKIP_LIVE=1 to skip)
    const r = await hostDocFromEndpoint(`exec:${QEMU}`, { accel: 'tcg' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.arch).toBe('s390x');
    expect(r.value.model).toBe('gen15a');
    expect(r.value.source).toMatchObject({ kind: 'qmp-endpoint', origin: `exec:${QEMU}` });
    expect(oursSignature).not.toBe('');
    expect(r.value.signature).toBe(oursSignature);
  });

  it('an unreachable socket gives an error naming it', async () => {
    const sock = join(dir, 'no-such.sock');
    const r = await hostDocFromEndpoint(`qmp:unix:${sock}`, { timeoutMs: 1000 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(sock);
  });
});
