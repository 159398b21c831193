/** The built dashboard is served at / and /assets/* (npm test builds it first), open without a token, and nothing else of the disk. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, testDb, type TestDb, type TestService } from '../../test/helpers/service.js';
import { dashboardDir } from './dashboard.js';

describe('dashboard files', () => {
  let db: TestDb;
  let t: TestService;
  beforeAll(async () => {
    db = await testDb('sqlite', 'dash');
    t = await startService(db.url, { readsNeedToken: true });
  });
  afterAll(async () => {
    await t?.close();
    await db?.cleanup();
  });
  it('serves index.html and its assets without a token; the API still needs one', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    const assets = [...r.body.matchAll(/\/assets\/([\w.-]+)/g)].map((m) => m[1]!);
    expect(assets.sort()).toEqual(readdirSync(path.join(dashboardDir(), 'assets')).sort());
    for (const a of assets) {
      const f = await t.app.inject({ method: 'GET', url: `/assets/${a}` });
      expect(f.statusCode).toBe(200);
      expect(f.headers['content-type']).toMatch(a.endsWith('.js') ? /javascript/ : /css/);
    }
    expect((await t.app.inject({ method: 'GET', url: '/v1/hosts' })).statusCode).toBe(401);
  });
  it('refuses names outside the assets folder', async () => {
    for (const u of ['/assets/..%2Fpackage.json', '/assets/.hidden', '/assets/nope.js']) expect((await t.app.inject({ method: 'GET', url: u })).statusCode).toBe(404);
  });
});
