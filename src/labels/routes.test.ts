/**
 * The label routes answer what the CLI prints for the same host and fleet;
 * the migratability label agrees with GET /v1/matrix (the same verdicts),
 * and the NFD scheme names vendor, family and model as NFD does.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, cpudata, startService, testDb, type TestDb, type TestService } from '../../test/helpers/service.js';
import { cmdLabels } from './command.js';

const HOSTS = ['Xeon-Gold-6148', 'Core-i7-8700', 'EPYC-7502-32-Core', 'Ice-Lake-Server', 'Core-i7-2600'];

describe('label routes', () => {
  let db: TestDb;
  let t: TestService;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-labels-'));
  beforeAll(async () => {
    db = await testDb('sqlite', 'labels');
    t = await startService(db.url);
    for (const h of HOSTS) {
      writeFileSync(path.join(dir, `${h}.xml`), cpudata(h));
      const r = await t.app.inject({ method: 'PUT', url: `/v1/hosts/${h.toLowerCase()}`, headers: { ...AUTH, 'content-type': 'application/xml' }, payload: cpudata(h) });
      expect(r.statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
    await db?.cleanup();
  });

  it('GET /v1/hosts/{name}/labels equals the CLI over the same fleet (both schemes)', async () => {
    for (const scheme of ['kubevirt', 'nfd'] as const) {
      for (const h of HOSTS) {
        const api = (await t.app.inject({ method: 'GET', url: `/v1/hosts/${h.toLowerCase()}/labels?scheme=${scheme}` })).json();
        const cli = cmdLabels({ host: path.join(dir, `${h}.xml`), scheme, format: 'json', fleet: [dir] });
        if (!cli.ok) throw new Error(cli.error.message);
        expect(api.labels).toEqual(JSON.parse(cli.value.stdout));
        expect(api.labels['cpumodels.io/host-model-migratability']).toMatch(/^\d{1,3}$/);
      }
    }
  });

  it('migratability is the share of hosts the matrix says a host-model guest reaches', async () => {
    const m = (await t.app.inject({ method: 'GET', url: '/v1/matrix' })).json().matrices[0];
    const total = m.classes.reduce((n: number, c: { hostCount: number }) => n + c.hostCount, 0);
    const all = (await t.app.inject({ method: 'GET', url: '/v1/labels' })).json();
    expect(Object.keys(all.nodes).sort()).toEqual(HOSTS.map((h) => h.toLowerCase()).sort());
    for (const h of HOSTS) {
      const one = (await t.app.inject({ method: 'GET', url: `/v1/hosts/${h.toLowerCase()}/labels` })).json();
      const row = m.rows.find((r: { from: number }) => m.classes[r.from].display === one.class);
      expect(Number(one.labels['cpumodels.io/host-model-migratability'])).toBe(Math.floor((100 * row.hostsReached) / total));
      expect(one.migratability.unreachable.length).toBe(m.classes.length - row.canTake.length);
      expect(all.nodes[h.toLowerCase()]['cpumodels.io/host-model-migratability']).toBe(one.labels['cpumodels.io/host-model-migratability']);
    }
  });

  it('NFD: vendor_id, family and id from CPUID; an unknown host is a 404', async () => {
    const r = (await t.app.inject({ method: 'GET', url: '/v1/hosts/core-i7-8700/labels?scheme=nfd' })).json();
    expect(r.labels).toMatchObject({ 'feature.node.kubernetes.io/cpu-model.vendor_id': 'Intel', 'feature.node.kubernetes.io/cpu-model.family': '6', 'feature.node.kubernetes.io/cpu-model.id': '158', 'feature.node.kubernetes.io/cpu-cpuid.AVX2': 'true' });
    expect(r.labels['feature.node.kubernetes.io/cpu-cpuid.SSE2']).toBeUndefined();
    const e = (await t.app.inject({ method: 'GET', url: '/v1/hosts/core-i7-870/labels' }));
    expect(e.statusCode).toBe(404);
    expect(e.json().field).toBe('name');
  });
});
