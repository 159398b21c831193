/**
 * The fleet service stores and answers ppc64 and aarch64 hosts sent as
 * they are read on the host or from libvirt: PUT of libvirt's
 * domcapabilities XML (ppc64; aarch64's, whose CPU is not known), of
 * aarch64 capabilities XML and of arm64 /proc/cpuinfo, then baseline, placement, migrate-check and the
 * matrix over HTTP; bad inputs are 4xx naming the field.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { cmdLabels } from '../labels/command.js';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, startService, testDb, type TestDb, type TestService } from '../../test/helpers/service.js';
import { LIBVIRT } from '../../test/helpers/reference.js';
import { armCapabilities, NEOVERSE_N1_CPUINFO } from '../../test/helpers/aarch64.js';

const domcaps = (f: string): string => readFileSync(path.join(LIBVIRT, 'domaincapsdata', f), 'utf8');
const UNKNOWN_WHY = "libvirt's domcapabilities report no host-model and usable='unknown' for every custom model";
const A57 = NEOVERSE_N1_CPUINFO.replaceAll('0xd0c', '0xd07').replaceAll('0x3\n', '0x1\n').replaceAll(' atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs', ' cpuid');

describe('the service on ppc64 and aarch64 hosts', () => {
  let db: TestDb;
  let t: TestService;
  const put = (name: string, body: string, type: string) => t.app.inject({ method: 'PUT', url: `/v1/hosts/${name}`, headers: { ...AUTH, 'content-type': type }, payload: body });
  const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload });
  beforeAll(async () => {
    db = await testDb('sqlite', 'arches');
    t = await startService(db.url);
  });
  afterAll(async () => {
    await t?.close();
    await db?.cleanup();
  });

  it('PUT stores them: libvirt XML and /proc/cpuinfo as sent', async () => {
    for (const [name, body, type] of [
      ['p8', domcaps('qemu_10.0.0.ppc64.xml'), 'application/xml'],
      ['arm-virt', domcaps('qemu_11.1.0-virt.aarch64.xml'), 'application/xml'],
      ['n1', NEOVERSE_N1_CPUINFO, 'text/plain'],
      ['a57', A57, 'text/plain'],
      ['a57-caps', armCapabilities('cortex-a57'), 'application/xml'],
    ] as const) {
      const r = await put(name, body, type);
      expect(r.statusCode, r.body).toBe(201);
    }
    const arm = (await t.app.inject({ method: 'GET', url: '/v1/hosts/arm-virt' })).json();
    expect(JSON.stringify(arm)).toContain("usable='unknown'");
  });

  it('placement over HTTP: fit, misfit and unknown, as the engine says', async () => {
    const r = await post('/v1/placement', { guest: 'cortex-a57', arch: 'aarch64', hosts: 'all' });
    expect(r.statusCode, r.body).toBe(200);
    const p = r.json();
    expect(p.fit.map((c: { hosts: string[] }) => c.hosts).flat().sort()).toEqual(['a57', 'a57-caps']);
    expect(p.misfit.map((c: { hosts: string[] }) => c.hosts).flat()).toEqual(['n1']);
    expect(p.unknown.map((c: { hosts: string[] }) => c.hosts).flat()).toEqual(['arm-virt']);
    const ppc = (await post('/v1/placement', { guest: 'POWER9', arch: 'ppc64' })).json();
    expect(ppc.misfit[0].reasons).toEqual(['compat-power9']);
  });

  it("baseline over HTTP: the host whose CPU is not known could not contribute; none known is 200 status 'unknown' with no model", async () => {
    const b = (await post('/v1/baseline', { arch: 'aarch64' })).json();
    expect(b.status).toBe('ok');
    expect(b.unknown).toEqual([{ signature: expect.stringMatching(/^[0-9a-f]{16}$/), model: 'unknown', hostCount: 1, hosts: ['arm-virt'], why: UNKNOWN_WHY }]);
    expect(b.hostCount).toBe(3);
    const none = await post('/v1/baseline', { arch: 'aarch64', prefix: 'arm-' });
    expect(none.statusCode, none.body).toBe(200);
    expect(none.json()).toEqual({
      status: 'unknown',
      arch: 'aarch64',
      hostCount: 0,
      classCount: 0,
      unknown: [{ signature: expect.stringMatching(/^[0-9a-f]{16}$/), model: 'unknown', hostCount: 1, hosts: ['arm-virt'], why: UNKNOWN_WHY }],
      notes: ["no baseline: no host's CPU is known; describe one by its CPU (/proc/cpuinfo, or a QMP expansion of host: cpumodels probe) for a baseline"],
    });
    // what-if: a known host included makes it a baseline over that host, the stored one still named
    const withN1 = (await post('/v1/baseline', { arch: 'aarch64', prefix: 'arm-', include: [NEOVERSE_N1_CPUINFO] })).json();
    expect(withN1).toMatchObject({ status: 'ok', qmp: { name: 'neoverse-n1' }, hostCount: 1, unknown: [{ hosts: ['arm-virt'] }] });
    // the OpenAPI document gives both answers
    const api = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const answer = api.paths['/v1/baseline'].post.responses['200'].content['application/json'].schema;
    expect(answer.oneOf.map((o: { properties: { status: { enum: string[] } } }) => o.properties.status.enum)).toEqual([['ok'], ['unknown']]);
    expect(answer.oneOf[1].required).toEqual(['status', 'arch', 'hostCount', 'classCount', 'unknown', 'notes']);
  });

  it('migrate-check over HTTP: unknown with the reason, refused by the KVM rule', async () => {
    const u = (await post('/v1/migrate-check', { guest: 'cortex-a57', source: 'a57', target: 'arm-virt' })).json();
    expect(u.verdict).toBe('unknown');
    expect(u.undecided[0]).toContain('cannot be known');
    const n = (await post('/v1/migrate-check', { guest: 'neoverse-n1', target: 'n1' })).json();
    expect(n.verdict).toBe('refused');
    const p = (await post('/v1/migrate-check', { guest: "<cpu mode='host-model'/>", source: 'p8', target: 'p8' })).json();
    expect(p.verdict).toBe('ok-with-changes');
  });

  it('bad inputs are 4xx naming the field: an unknown aarch64 model, hosts of several architectures, host-model on aarch64', async () => {
    const m = await post('/v1/placement', { guest: 'neoverse-x9', arch: 'aarch64' });
    expect(m.statusCode).toBe(422);
    expect(m.json()).toMatchObject({ field: 'guest', value: 'neoverse-x9' });
    const mixed = await post('/v1/baseline', {});
    expect(mixed.statusCode).toBe(422);
    expect(mixed.json()).toMatchObject({ field: 'arch', value: 'aarch64,ppc64' });
    const mixedP = await post('/v1/placement', { guest: 'host' });
    expect(mixedP.statusCode).toBe(422);
    expect(mixedP.json().field).toBe('arch');
    const hm = await post('/v1/migrate-check', { guest: "<cpu mode='host-model'/>", source: 'n1', target: 'a57' });
    expect(hm.statusCode).toBe(422);
    expect(hm.json()).toMatchObject({ field: 'guest', value: 'host-model' });
  });

  it('node labels: the service and `cpumodels labels --fleet` agree; aarch64 has no migratability label (no host-model), ppc64 has one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-arch-labels-'));
    try {
      const files: Record<string, string> = { n1: path.join(dir, 'n1.txt'), a57: path.join(dir, 'a57.txt'), p8: path.join(dir, 'p8.xml') };
      writeFileSync(files['n1']!, NEOVERSE_N1_CPUINFO);
      writeFileSync(files['a57']!, A57);
      writeFileSync(files['p8']!, domcaps('qemu_10.0.0.ppc64.xml'));
      for (const [name, want] of [['n1', false], ['p8', true]] as const) {
        const api = (await t.app.inject({ method: 'GET', url: `/v1/hosts/${name}/labels?scheme=nfd` })).json();
        const cli = cmdLabels({ host: files[name]!, scheme: 'nfd', format: 'json', fleet: [name === 'p8' ? files['p8']! : files['n1']!] });
        if (!cli.ok) throw new Error(cli.error.message);
        const labels = JSON.parse(cli.value.stdout);
        expect('cpumodels.io/host-model-migratability' in labels, name).toBe(want);
        expect('cpumodels.io/host-model-migratability' in api.labels, name).toBe(want);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the matrix: ppc64 rows from its host-model; aarch64 has none and says why', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/v1/matrix' });
    expect(r.statusCode, r.body).toBe(200);
    const byArch = Object.fromEntries(r.json().matrices.map((m: { arch: string }) => [m.arch, m]));
    expect(byArch.ppc64.rows).toEqual([{ from: 0, canTake: [0], hostsReached: 1 }]);
    expect(byArch.aarch64.rows).toEqual([]);
    expect(byArch.aarch64.note).toContain('libvirt reports no host-model on aarch64');
  });
});
