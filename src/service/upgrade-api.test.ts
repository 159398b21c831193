// POST /v1/upgrade-check answers what `cpumodels upgrade-check --json` answers for the same hosts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upgradeCheck } from '../upgrade/upgrade.js';
import { toHostDoc } from '../host/convert.js';
import { AUTH, cpudata, startService, testDb, type TestDb, type TestService } from '../../test/helpers/service.js';

describe('POST /v1/upgrade-check', () => {
  let db: TestDb;
  let t: TestService;
  beforeAll(async () => {
    db = await testDb('sqlite', 'upgrade');
    t = await startService(db.url, { bodyLimit: 1024 * 1024 });
    for (const [name, dump] of [['gold-1', 'Xeon-Gold-6148'], ['epyc-1', 'EPYC-7502-32-Core']]) {
      const r = await t.app.inject({ method: 'PUT', url: `/v1/hosts/${name}`, headers: { ...AUTH, 'content-type': 'application/xml' }, payload: cpudata(dump!) });
      expect(r.statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
    await db?.cleanup();
  });
  const post = (payload: object) => t.app.inject({ method: 'POST', url: '/v1/upgrade-check', payload });

  it('the stored hosts of the arch by default, with the same window as the engine over the same documents', async () => {
    const r = await post({ arch: 'x86_64', from: '7.2', to: '11.1', guests: ["<cpu mode='custom'><model>Skylake-Server-v1</model></cpu>"] });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(Object.keys(body)).toEqual(['from', 'to', 'arch', 'models', 'hosts', 'window', 'guests']);
    expect(body.hosts.map((h: { name: string }) => h.name)).toEqual(['epyc-1', 'gold-1']);
    const docs = ['Xeon-Gold-6148', 'EPYC-7502-32-Core'].map((d, i) => {
      const doc = toHostDoc(cpudata(d), d);
      if (!doc.ok) throw new Error(doc.error.message);
      return { doc: { ...doc.value, name: ['gold-1', 'epyc-1'][i]! }, file: ['gold-1', 'epyc-1'][i]! };
    });
    const local = upgradeCheck({ arch: 'x86_64', from: '7.2', to: '11.1', hosts: docs });
    if (!local.ok) throw new Error(local.error.message);
    expect(body.models).toEqual(local.value.models);
    const verdicts = (w: { class: string; targets: { class: string; verdict: string; blockers: string[] }[] }[]) => w.map((x) => ({ class: x.class, targets: x.targets.map((y) => [y.class, y.verdict, y.blockers]) }));
    expect(verdicts(body.window)).toEqual(verdicts(local.value.window));
    expect(body.guests[0].verdict).toBe('ok');
  });

  it('bad input is a 400 naming the field', async () => {
    const r = await post({ arch: 'x86_64', from: '7.3', to: '9.1', hosts: [] });
    expect(r.statusCode).toBe(400);
    expect(JSON.stringify(r.json())).toMatch(/7\.3/);
    expect(JSON.stringify(r.json())).toMatch(/from/);
    const c = await post({ arch: 'x86_64', from: '7.2', to: '9.1', hosts: [] });
    expect(c.statusCode).toBe(200);
    expect(c.json().hosts).toEqual([]);
  });
});
