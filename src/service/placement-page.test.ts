/**
 * Placement one page at a time (fleet/placement-page.ts): defaults, the
 * cursor, a stale cursor after a write, and each bad paging option, over
 * HTTP and through the CLI command.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmdPlacement } from '../fleet/commands.js';
import { PAGE_DEFAULTS } from '../fleet/placement-page.js';
import { toHostDoc } from '../host/convert.js';
import { AUTH, cpudata, startService, testDb, type TestDb, type TestService } from '../../test/helpers/service.js';

const HOSTS: [string, string][] = [['gold-1', 'Xeon-Gold-6148'], ['gold-2', 'Xeon-Gold-6148'], ['gold-3', 'Xeon-Gold-6148'], ['i7-1', 'Core-i7-8700'], ['i7-2', 'Core-i7-8700'], ['old-1', 'Core-i7-2600'], ['epyc-1', 'EPYC-7502-32-Core']];

describe('placement pages', () => {
  let db: TestDb;
  let t: TestService;
  let dir: string;
  const post = (body: object) => t.app.inject({ method: 'POST', url: '/v1/placement', payload: { guest: 'Westmere', arch: 'x86_64', ...body } });
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ppage-'));
    db = await testDb('sqlite', 'ppage');
    t = await startService(db.url);
    for (const [name, dump] of HOSTS) {
      expect((await t.app.inject({ method: 'PUT', url: `/v1/hosts/${name}`, headers: { ...AUTH, 'content-type': 'application/xml' }, payload: cpudata(dump) })).statusCode).toBe(201);
      const d = toHostDoc(cpudata(dump), name);
      if (!d.ok) throw new Error(d.error.message);
      writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(d.value));
    }
  });
  afterAll(async () => {
    await t?.close();
    await db?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages by default: the default limit and host names per class, totals over the whole fleet, where all hosts of a class are', async () => {
    const r = await post({ limit: 2, hostsPerClass: 1 });
    expect(r.statusCode).toBe(200);
    const p = r.json();
    expect(p.classCount).toBe(4);
    expect(p.fit.length + p.misfit.length).toBe(2);
    expect(p.fitCount + p.unfitCount).toBe(7);
    expect(p.page).toMatchObject({ offset: 0, limit: 2, hostsPerClass: 1, next: expect.any(String) });
    const gold = p.fit.find((c: { hostCount: number }) => c.hostCount === 3);
    expect(gold.hosts).toHaveLength(1);
    expect(p.hostsOfClass).toBe('/v1/hosts?class={signature}');
    const all = (await t.app.inject({ method: 'GET', url: p.hostsOfClass.replace('{signature}', gold.signature) })).json();
    expect(all.hosts.map((h: { name: string }) => h.name).sort()).toEqual(['gold-1', 'gold-2', 'gold-3']);
    const d = (await post({})).json();
    expect(d.page).toMatchObject({ offset: 0, limit: PAGE_DEFAULTS.limit, hostsPerClass: PAGE_DEFAULTS.hostsPerClass });
    expect(d.page.next).toBeUndefined();
    // misfit classes say why once (reasons), not again as missing/forbidden lists
    for (const m of d.misfit) expect(Object.keys(m).sort()).toEqual(expect.not.arrayContaining(['missing', 'forbidden', 'type']));
  });

  it('the next page follows the cursor; the CLI gives the same pages', async () => {
    const first = (await post({ limit: 3 })).json();
    const second = (await post({ limit: 3, cursor: first.page.next })).json();
    expect(second.page.offset).toBe(3);
    expect(second.page.next).toBeUndefined();
    expect(first.fit.length + first.misfit.length + second.fit.length + second.misfit.length).toBe(4);
    const cli = cmdPlacement('Westmere', [dir], { json: true, page: { limit: '3', cursor: first.page.next } });
    expect(cli.stderr).toBe('');
    expect(JSON.parse(cli.stdout)).toEqual({ ...second, fit: second.fit, misfit: second.misfit });
    const text = cmdPlacement('Westmere', [dir], { page: { limit: '3' } }).stdout;
    expect(text).toMatch(/classes 1-3 of 4; next page: --cursor \S+/);
  });

  it('a cursor from before a write is refused as stale (410), naming the cursor and saying to start again', async () => {
    const first = (await post({ limit: 1 })).json();
    expect((await t.app.inject({ method: 'PUT', url: '/v1/hosts/i7-3', headers: { ...AUTH, 'content-type': 'application/xml' }, payload: cpudata('Core-i7-8700') })).statusCode).toBe(201);
    const r = await post({ limit: 1, cursor: first.page.next });
    expect(r.statusCode).toBe(410);
    expect(r.json()).toMatchObject({ error: 'stale-cursor', field: 'cursor', hint: expect.stringMatching(/first page.*leave out 'cursor'/) });
    // a cursor is tied to its question too
    const other = (await t.app.inject({ method: 'POST', url: '/v1/placement', payload: { guest: 'Skylake-Server', arch: 'x86_64', limit: 1, cursor: (await post({ limit: 1 })).json().page.next } })).json();
    expect(other.error).toBe('stale-cursor');
  });

  const bad: [string, object, RegExp][] = [
    ['limit 0', { limit: 0 }, /limit/],
    ['a negative limit', { limit: -3 }, /limit/],
    ['a limit that is not whole', { limit: 2.5 }, /limit/],
    ['a limit over the most', { limit: 10001 }, /limit/],
    ['hostsPerClass -1', { hostsPerClass: -1 }, /hostsPerClass/],
    ['a cursor that is not one', { cursor: 'not-a-cursor' }, /cursor/],
    ['an empty cursor', { cursor: '' }, /cursor/],
  ];
  for (const [what, body, field] of bad) {
    it(`refuses ${what} with a 400 naming the field and how to fix it`, async () => {
      const r = await post(body);
      expect(r.statusCode, r.body).toBe(400);
      const e = r.json();
      expect(e.error).toBe('invalid-request');
      expect(`${e.field} ${e.message}`).toMatch(field);
      expect(e.hint).toBeTruthy();
    });
  }

  it('the CLI refuses a bad --limit before it reads any host file', () => {
    const r = cmdPlacement('Westmere', ['/nonexistent-hosts'], { page: { limit: '0' } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/limit 0 .*give a whole number/);
  });

  for (const [opt, value] of [['limit', '0'], ['limit', '-1'], ['limit', '2.5'], ['limit', 'ten'], ['limit', '10001'], ['hostsPerClass', '-2'], ['cursor', 'xyz']] as const) {
    it(`the CLI refuses --${opt} ${value} naming the value and what to give (exit 2)`, () => {
      const r = cmdPlacement('Westmere', [dir], { page: { [opt]: value } });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(value);
      expect(r.stderr).toMatch(opt === 'cursor' ? /leave out 'cursor'/ : /give a whole number/);
    });
  }
});
