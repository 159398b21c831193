/**
 * Same question, same answer: the service and the CLI's command functions
 * (fleet/commands.ts) are asked the same baseline, placement and migration
 * questions over the same hosts, and their JSON answers must be equal.
 * Host lists inside classes are compared as sets (the CLI keeps file order,
 * the service keeps no order), everything else exactly.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureOfNames } from '../core/signature.js';
import { toHostDoc } from '../host/convert.js';
import type { HostDoc } from '../host/doc.js';
import { cmdBaselineHosts, cmdMigrateCheck, cmdPlacement } from '../fleet/commands.js';
import { AUTH, cpudata, startService, testDb, type TestDb, type TestService } from '../../test/helpers/service.js';

function host(name: string, cpu: string, remove: string[] = []): HostDoc {
  const r = toHostDoc(cpudata(cpu), name);
  if (!r.ok) throw new Error(r.error.message);
  const features = r.value.features.filter((f) => !remove.includes(f));
  return { ...r.value, name, features, signature: signatureOfNames('x86_64', features) };
}

/** Sort every host list and every class list, so order is not compared. */
function canon(v: unknown): unknown {
  if (Array.isArray(v)) {
    const a = v.map(canon);
    return a.every((x) => x && typeof x === 'object' && 'signature' in (x as object)) ? a.sort((x, y) => JSON.stringify(x) < JSON.stringify(y) ? -1 : 1) : a;
  }
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = k === 'hosts' && Array.isArray(x) ? [...x].sort() : canon(x);
    return o;
  }
  return v;
}

describe('contract: the service answers as the CLI does', () => {
  let db: TestDb;
  let t: TestService;
  let dir: string;
  const docs = [
    host('gold-a', 'Xeon-Gold-6148'),
    host('gold-b', 'Xeon-Gold-6148'),
    host('gold-c', 'Xeon-Gold-6148', ['avx512vl', 'pku']),
    host('i7-a', 'Core-i7-8700'),
    host('ice-a', 'Ice-Lake-Server'),
  ];
  const file = (n: string) => path.join(dir, 'hosts', `${n}.json`);
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-contract-'));
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.join(dir, 'hosts'));
    for (const d of docs) writeFileSync(file(d.name!), JSON.stringify(d));
    db = await testDb('sqlite', 'contract');
    t = await startService(db.url);
    for (const d of docs) {
      const r = await t.app.inject({ method: 'PUT', url: `/v1/hosts/${d.name}`, headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify(d) });
      expect(r.statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
    await db?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('baseline', async () => {
    const cli = cmdBaselineHosts([path.join(dir, 'hosts')], { json: true });
    expect(cli.exitCode).toBe(0);
    const http = await t.app.inject({ method: 'POST', url: '/v1/baseline', payload: { hosts: 'all' } });
    expect(canon(http.json())).toEqual(canon(JSON.parse(cli.stdout)));
  });

  const guests = ['Skylake-Server', 'Cascadelake-Server,pku=off', "<cpu mode='custom' match='exact'><model>Skylake-Client</model><feature policy='require' name='avx512f'/></cpu>", "<cpu mode='host-model'/>", 'Icelake-Server'];
  for (const g of guests) {
    it(`placement of ${g}`, async () => {
      const spec = g.startsWith('<') ? path.join(dir, `guest-${guests.indexOf(g)}.xml`) : g;
      if (g.startsWith('<')) writeFileSync(spec, g);
      const cli = cmdPlacement(spec, [path.join(dir, 'hosts')], { json: true });
      expect(cli.stderr).toBe('');
      const http = await t.app.inject({ method: 'POST', url: '/v1/placement', payload: { guest: g, hosts: 'all' } });
      expect(http.statusCode).toBe(200);
      const c = JSON.parse(cli.stdout);
      // the CLI names a file guest by its path, the service by the request field
      expect(canon(http.json())).toEqual(canon(c));
    });
  }

  const pairs: [string, string, string][] = [
    ["<cpu mode='host-model'/>", 'gold-a', 'gold-b'],
    ["<cpu mode='host-model'/>", 'gold-a', 'gold-c'],
    ["<cpu mode='host-passthrough'/>", 'gold-a', 'gold-b'],
    ['Skylake-Server', 'gold-a', 'i7-a'],
    ['Skylake-Client', 'ice-a', 'gold-c'],
  ];
  for (const [g, s, tg] of pairs) {
    it(`migrate-check ${g} ${s} → ${tg}`, async () => {
      const spec = g.startsWith('<') ? path.join(dir, `m-${pairs.findIndex((p) => p[0] === g)}.xml`) : g;
      if (g.startsWith('<')) writeFileSync(spec, g);
      const cli = cmdMigrateCheck({ guest: spec, source: file(s), target: file(tg), json: true });
      const http = await t.app.inject({ method: 'POST', url: '/v1/migrate-check', payload: { guest: g, source: s, target: tg } });
      expect(http.statusCode).toBe(200);
      expect(http.json()).toEqual(JSON.parse(cli.stdout));
    });
  }
});
