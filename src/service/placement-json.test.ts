import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, cpudata, startService, testDb, type TestDb, type TestService } from '../../test/helpers/service.js';
import { guestFromText, place, resolve, type Placement } from './engine.js';
import { guestKey } from './service.js';
import { placementJson } from './placement-json.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LIBVIRT } from '../../test/helpers/reference.js';
import { NEOVERSE_N1_CPUINFO } from '../../test/helpers/aarch64.js';

/** What placementJson must equal: the placement with its host lists cut, through JSON.stringify. */
const cut = (p: Placement, n: number | 'all'): string =>
  JSON.stringify(n === 'all' ? p : { ...p, fit: p.fit.map((c) => ({ ...c, hosts: c.hosts.slice(0, n) })), misfit: p.misfit.map((c) => ({ ...c, hosts: c.hosts.slice(0, n) })), ...(p.unknown ? { unknown: p.unknown.map((c) => ({ ...c, hosts: c.hosts.slice(0, n) })) } : {}) });

describe('placementJson', () => {
  let db: TestDb;
  let t: TestService;
  beforeAll(async () => {
    db = await testDb('sqlite', 'pjson');
    t = await startService(db.url);
    const hosts: [string, string][] = [['gold-1', 'Xeon-Gold-6148'], ['gold-2', 'Xeon-Gold-6148'], ['gold-3', 'Xeon-Gold-6148'], ['i7-1', 'Core-i7-8700'], ['i7-2', 'Core-i7-8700'], ['old-1', 'Core-i7-2600'], ['epyc-1', 'EPYC-7502-32-Core']];
    for (const [name, dump] of hosts) expect((await t.app.inject({ method: 'PUT', url: `/v1/hosts/${name}`, headers: { ...AUTH, 'content-type': 'application/xml' }, payload: cpudata(dump) })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await db?.cleanup();
  });

  it('gives the text of JSON.stringify of the cut placement, the first time and from kept pieces', () => {
    for (const spec of ['Skylake-Server-v1', 'Westmere', 'Haswell,pcid=off', 'EPYC-Rome']) {
      const g = guestFromText(spec, 'guest');
      if (!g.ok) throw new Error(g.error.message);
      const fleet = t.svc.index.fleet({ arch: 'x86_64' });
      const rg = resolve('x86_64', g.value);
      if (!rg.ok) throw new Error(rg.error.message);
      for (let round = 0; round < 2; round++) {
        const p = place(fleet, rg.value, t.svc.memo.verdictOf(guestKey(spec)));
        if (!p.ok) throw new Error(p.error.message);
        expect(p.value.misfit.length + p.value.fit.length).toBe(4);
        for (const n of [0, 1, 2, 'all'] as const) expect(placementJson(p.value, n), `${spec} hosts=${n}`).toBe(cut(p.value, n));
      }
    }
  });

  it('gives the hosts whose verdict cannot be known (aarch64 without a host CPU) as JSON.stringify does', async () => {
    const arm = readFileSync(path.join(LIBVIRT, 'domaincapsdata/qemu_11.1.0-virt.aarch64.xml'), 'utf8');
    for (const n of ['arm-1', 'arm-2']) expect((await t.app.inject({ method: 'PUT', url: `/v1/hosts/${n}`, headers: { ...AUTH, 'content-type': 'application/xml' }, payload: arm })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'PUT', url: '/v1/hosts/n1', headers: { ...AUTH, 'content-type': 'text/plain' }, payload: NEOVERSE_N1_CPUINFO })).statusCode).toBe(201);
    const fleet = t.svc.index.fleet({ arch: 'aarch64' });
    for (const spec of ['cortex-a57', 'neoverse-n1', 'max']) {
      const g = guestFromText(spec, 'guest');
      if (!g.ok) throw new Error(g.error.message);
      const rg = resolve('aarch64', g.value);
      if (!rg.ok) throw new Error(rg.error.message);
      const p = place(fleet, rg.value, t.svc.memo.verdictOf(guestKey(`arm|${spec}`)));
      if (!p.ok) throw new Error(p.error.message);
      if (spec === 'cortex-a57') expect(p.value.unknown?.[0]?.hostCount).toBe(2);
      for (const n of [0, 1, 'all'] as const) expect(placementJson(p.value, n), `${spec} hosts=${n}`).toBe(cut(p.value, n));
    }
  });

  it('follows the index: a host added to a class changes the kept head of that class', async () => {
    const before = (await t.app.inject({ method: 'POST', url: '/v1/placement', payload: { guest: 'Westmere', arch: 'x86_64', hosts: 'all' } })).json();
    expect((await t.app.inject({ method: 'PUT', url: '/v1/hosts/i7-3', headers: { ...AUTH, 'content-type': 'application/xml' }, payload: cpudata('Core-i7-8700') })).statusCode).toBe(201);
    const after = (await t.app.inject({ method: 'POST', url: '/v1/placement', payload: { guest: 'Westmere', arch: 'x86_64', hosts: 'all' } })).json();
    const i7 = (p: { fit: { hosts: string[]; hostCount: number }[] }) => p.fit.find((c) => c.hosts.includes('i7-1'))!;
    expect(i7(before)).toMatchObject({ hostCount: 2 });
    expect(i7(after)).toMatchObject({ hostCount: 3 });
    expect(i7(after).hosts).toContain('i7-3');
  });
});
