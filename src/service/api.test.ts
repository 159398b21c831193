/**
 * The HTTP API on SQLite and PostgreSQL: hosts (PUT/GET/DELETE, labels,
 * selectors, pages), hosts:import, classes, baseline with what-if,
 * placement, migrate-check, matrix, events (list and SSE), health, metrics,
 * OpenAPI; tokens; and every kind of bad input gets a 4xx naming the field
 * while the server keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, BACKENDS, cpudata, startService, testDb, TOKEN, type TestDb, type TestService } from '../../test/helpers/service.js';

const S390_Z14 = 'Manufacturer:         IBM\nType:                 3906\n';

for (const b of BACKENDS) {
  describe.skipIf(b.skip)(`fleet API: ${b.name}`, () => {
    let db: TestDb;
    let t: TestService;
    beforeAll(async () => {
      db = await testDb(b.name, 'api');
      t = await startService(db.url, { bodyLimit: 256 * 1024 });
    });
    afterAll(async () => {
      await t?.close();
      await db?.cleanup();
    });
    const put = (name: string, body: string, query = '', type = 'application/xml') => t.app.inject({ method: 'PUT', url: `/v1/hosts/${name}${query}`, headers: { ...AUTH, 'content-type': type }, payload: body });
    const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload });

    it('PUT stores a host from a CPUID dump with labels from the query; again is unchanged; an envelope relabels', async () => {
      const r = await put('gold-1', cpudata('Xeon-Gold-6148'), '?cluster=a&rack=r1');
      expect(r.statusCode).toBe(201);
      expect(r.json()).toMatchObject({ name: 'gold-1', change: 'added', arch: 'x86_64', labels: { cluster: 'a', rack: 'r1' } });
      expect((await put('gold-1', cpudata('Xeon-Gold-6148'), '?cluster=a&rack=r1')).json().change).toBe('unchanged');
      const env = await put('gold-2', JSON.stringify({ labels: { cluster: 'a' }, document: cpudata('Xeon-Gold-6148') }), '', 'application/json');
      expect(env.json()).toMatchObject({ change: 'added', labels: { cluster: 'a' } });
      expect((await put('i7-1', cpudata('Core-i7-8700'), '?cluster=b')).statusCode).toBe(201);
      expect((await put('epyc-1', cpudata('EPYC-7502-32-Core'), '?cluster=c')).statusCode).toBe(201);
      const g = await t.app.inject({ method: 'GET', url: '/v1/hosts/gold-1' });
      expect(g.statusCode).toBe(200);
      const h = g.json();
      expect(h).toMatchObject({ name: 'gold-1', arch: 'x86_64', labels: { cluster: 'a', rack: 'r1' }, sourceKind: 'cpudata', rev: 1 });
      expect(h.document.format).toBe('cpumodels-host/1');
      expect(h.class).toBe(`${(await t.app.inject({ method: 'GET', url: `/v1/classes?class=${h.signature}` })).json().classes[0].model}@${h.signature}`);
    });

    it('lists hosts by selector, arch, class and prefix, page by page', async () => {
      const a = (await t.app.inject({ method: 'GET', url: '/v1/hosts?selector=cluster=a' })).json();
      expect(a.hosts.map((h: { name: string }) => h.name)).toEqual(['gold-1', 'gold-2']);
      const notA = (await t.app.inject({ method: 'GET', url: '/v1/hosts?selector=cluster!=a,!rack' })).json();
      expect(notA.hosts.map((h: { name: string }) => h.name)).toEqual(['epyc-1', 'i7-1']);
      expect((await t.app.inject({ method: 'GET', url: '/v1/hosts?prefix=gold' })).json().matching).toBe(2);
      expect((await t.app.inject({ method: 'GET', url: '/v1/hosts?arch=s390x' })).json().hosts).toEqual([]);
      const p1 = (await t.app.inject({ method: 'GET', url: '/v1/hosts?limit=3' })).json();
      expect(p1.hosts).toHaveLength(3);
      const p2 = (await t.app.inject({ method: 'GET', url: `/v1/hosts?limit=3&after=${p1.next}` })).json();
      expect([...p1.hosts, ...p2.hosts].map((h: { name: string }) => h.name)).toEqual(['epyc-1', 'gold-1', 'gold-2', 'i7-1']);
      expect(p2.next).toBeUndefined();
    });

    it('classes group equal capabilities; the baseline names what holds it back; exclude and include answer what-if', async () => {
      const cl = (await t.app.inject({ method: 'GET', url: '/v1/classes?arch=x86_64&selector=cluster' })).json();
      expect(cl.classes.map((c: { hostCount: number }) => c.hostCount)).toEqual([2, 1, 1]);
      const bl = await post('/v1/baseline', { selector: 'cluster in a,b'.replace(' in a,b', '!=c') });
      expect(bl.statusCode).toBe(200);
      const base = bl.json();
      expect(base).toMatchObject({ arch: 'x86_64', hostCount: 3, classCount: 2 });
      expect(base.libvirt).toContain('<cpu');
      const i7 = base.heldBackBy.find((h: { hosts: string[] }) => h.hosts.includes('i7-1'));
      expect(i7.features).toContain('avx512f');
      // retire the i7: the baseline gains what it alone removed
      const ex = (await post('/v1/baseline', { selector: 'cluster!=c', exclude: ['i7-1'] })).json();
      expect(ex.hostCount).toBe(2);
      for (const f of i7.features) expect(ex.features).toContain(f);
      // add an unstored host like the i7: back to the first answer's features
      const inc = (await post('/v1/baseline', { selector: 'cluster=a', include: [cpudata('Core-i7-8700')] })).json();
      expect(inc.features).toEqual(base.features);
      expect(inc.hostCount).toBe(3);
    });

    it('placement: who can run a guest, and why not for the others', async () => {
      const r = await post('/v1/placement', { guest: 'Skylake-Server', selector: 'cluster!=c' });
      expect(r.statusCode).toBe(200);
      const p = r.json();
      expect(p.fitCount).toBe(2);
      expect(p.fit[0].hosts).toEqual(expect.arrayContaining(['gold-1', 'gold-2']));
      expect(p.misfit[0].hosts).toEqual(['i7-1']);
      expect(p.misfit[0].reasons).toContain('avx512f');
      const xml = (await post('/v1/placement', { guest: "<domain><cpu mode='custom'><model>Skylake-Client</model></cpu></domain>", arch: 'x86_64', selector: 'cluster!=c' })).json();
      expect(xml.fitCount).toBe(3);
    });

    it('migrate-check by stored names, and the matrix of host-model guests', async () => {
      const r = await post('/v1/migrate-check', { guest: "<cpu mode='host-model'/>", source: 'gold-1', target: 'gold-2' });
      expect(r.statusCode).toBe(200);
      expect(r.json().verdict).toBe('ok-with-changes');
      const no = (await post('/v1/migrate-check', { guest: "<cpu mode='host-model'/>", source: 'gold-1', target: 'i7-1' })).json();
      expect(no.verdict).toBe('refused');
      const m = (await t.app.inject({ method: 'GET', url: '/v1/matrix?selector=cluster!=c' })).json();
      const x = m.matrices[0];
      const gold = x.classes.findIndex((c: { hostCount: number }) => c.hostCount === 2);
      const i7 = 1 - gold;
      expect(x.rows[gold].canTake).toEqual([gold]);
      // a host-model guest from the i7 does not fit the Xeon Gold either (the client part has features the server lacks)
      expect(x.rows[i7].canTake).toContain(i7);
    });

    it('hosts:import reads NDJSON, counts accepted and refused, and gives each refused line its reason', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/v1/hosts/i7-1' })).json().document;
      const lines = [
        JSON.stringify({ ...doc, name: 'imp-1' }),
        JSON.stringify({ name: 'imp-2', labels: { cluster: 'b' }, document: cpudata('Core-i7-8700') }),
        '{"name": "imp-3", broken',
        JSON.stringify({ ...doc, name: 'imp-4', features: [...doc.features, 'no-such-feature'] }),
        JSON.stringify({ ...doc, name: undefined }),
        JSON.stringify({ name: 'bad name!', document: cpudata('Core-i7-8700') }),
      ];
      const r = await t.app.inject({ method: 'POST', url: '/v1/hosts:import?batch=1', headers: { ...AUTH, 'content-type': 'application/x-ndjson' }, payload: lines.join('\n') + '\n' });
      expect(r.statusCode).toBe(200);
      const out = r.body.trim().split('\n').map((l) => JSON.parse(l));
      const done = out[out.length - 1];
      expect(done).toMatchObject({ done: true, lines: 6, accepted: 2, refused: 4, committed: 2, added: 2 });
      const refused = out.filter((o) => o.error);
      expect(refused.map((o) => [o.line, o.error]), JSON.stringify(refused)).toEqual([
        [3, 'malformed-json'],
        [4, 'unknown-feature'],
        [5, 'invalid-request'],
        [6, 'invalid-request'],
      ]);
      expect(refused[1].value).toBe('no-such-feature');
      expect(refused[2].field).toBe('line 5.name');
      expect(refused[3].field).toBe('line 6.name');
      expect(out.filter((o) => o.progress).length).toBe(2);
      expect((await t.app.inject({ method: 'GET', url: '/v1/hosts/imp-2' })).json().labels).toEqual({ cluster: 'b' });
    });

    it('hosts:import refuses a line over the per-line limit by its number, and reads the lines after it', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/v1/hosts/i7-1' })).json().document;
      const small = (name: string) => JSON.stringify({ ...doc, name });
      const limit = small('lim-1').length + 64;
      const o = await startService(db.url, { lineLimit: limit });
      try {
        const big = JSON.stringify({ ...doc, name: 'lim-2', padding: 'x'.repeat(3 * limit) });
        const r = await o.app.inject({ method: 'POST', url: '/v1/hosts:import', headers: { ...AUTH, 'content-type': 'application/x-ndjson' }, payload: [small('lim-1'), big, small('lim-3')].join('\n') + '\n' });
        const out = r.body.trim().split('\n').map((l) => JSON.parse(l));
        expect(out[out.length - 1]).toMatchObject({ done: true, lines: 3, accepted: 2, refused: 1, committed: 2 });
        const refused = out.filter((x) => x.error);
        expect(refused).toHaveLength(1);
        expect(refused[0]).toMatchObject({ line: 2, error: 'body-too-large', field: 'line 2' });
        expect(refused[0].message).toContain(`${big.length} bytes, over the limit of ${limit}`);
        expect((await o.app.inject({ method: 'GET', url: '/v1/hosts/lim-3' })).statusCode).toBe(200);
        expect((await o.app.inject({ method: 'GET', url: '/v1/hosts/lim-2' })).statusCode).toBe(404);
      } finally {
        for (const n of ['lim-1', 'lim-3']) await o.app.inject({ method: 'DELETE', url: `/v1/hosts/${n}`, headers: AUTH });
        await o.close();
      }
    });

    it('events: added, changed (features gained and lost), updated, removed; as a list and as server-sent events', async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const port = (t.app.server.address() as { port: number }).port;
      const start = (await t.app.inject({ method: 'GET', url: '/v1/events?limit=10000' })).json().next;
      const ac = new AbortController();
      const sse = await fetch(`http://127.0.0.1:${port}/v1/events?after=${start}`, { headers: { accept: 'text/event-stream' }, signal: ac.signal });
      expect(sse.headers.get('content-type')).toContain('text/event-stream');
      const reader = sse.body!.getReader();
      // the same name, now an i7: a capability change
      expect((await put('gold-2', cpudata('Core-i7-8700'), '?cluster=a')).json().change).toBe('changed');
      expect((await put('gold-2', cpudata('Core-i7-8700'), '?cluster=z')).json().change).toBe('updated');
      // its document read (and kept) by a migrate-check just before the removal: not used after it
      expect((await post('/v1/migrate-check', { guest: 'qemu64', target: 'gold-2' })).statusCode).toBe(200);
      const del = await t.app.inject({ method: 'DELETE', url: '/v1/hosts/gold-2', headers: AUTH });
      expect(del.json()).toMatchObject({ change: 'removed' });
      const gone = await post('/v1/migrate-check', { guest: 'qemu64', target: 'gold-2' });
      expect(gone.statusCode, gone.body).toBe(404);
      expect(gone.json()).toMatchObject({ error: 'unknown-host', field: 'target' });
      let text = '';
      while ((text.match(/^event: /gm) ?? []).length < 3) text += new TextDecoder().decode((await reader.read()).value);
      ac.abort();
      expect([...text.matchAll(/^event: (\w+)/gm)].map((m) => m[1])).toEqual(['changed', 'updated', 'removed']);
      const evs = (await t.app.inject({ method: 'GET', url: `/v1/events?after=${start}` })).json().events;
      expect(evs.map((e: { kind: string }) => e.kind)).toEqual(['changed', 'updated', 'removed']);
      expect(evs[0].lost).toContain('avx512f');
      expect(evs[0].gained.length + evs[0].lost.length).toBeGreaterThan(0);
      expect((await t.app.inject({ method: 'GET', url: '/v1/hosts/gold-2' })).statusCode).toBe(404);
    });

    it('health, readiness, metrics and the OpenAPI document', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
      expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({ status: 'ready' });
      const m = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(m).toMatch(/^cpumodels_hosts \d+/m);
      expect(m).toContain('cpumodels_http_request_duration_seconds_bucket');
      // every request is counted under its method, route and status (one kept child per combination)
      const healthCount = (text: string) => Number(text.match(/^cpumodels_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} (\d+)/m)?.[1]);
      const before = healthCount(m);
      expect(before).toBeGreaterThan(0);
      await t.app.inject({ method: 'GET', url: '/healthz' });
      await t.app.inject({ method: 'GET', url: '/healthz' });
      expect(healthCount((await t.app.inject({ method: 'GET', url: '/metrics' })).body)).toBe(before + 2);
      // a route with a parameter is counted under its pattern; a request no route matches under 'unknown'
      await t.app.inject({ method: 'GET', url: '/v1/hosts/gold-1' });
      await t.app.inject({ method: 'GET', url: '/no/such/route' });
      const m2 = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(m2).toMatch(/^cpumodels_http_request_duration_seconds_count\{method="GET",route="\/v1\/hosts\/:name",status="200"\} [1-9]/m);
      expect(m2).toMatch(/^cpumodels_http_request_duration_seconds_count\{method="GET",route="unknown",status="404"\} [1-9]/m);
      expect((await t.app.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/^cpumodels_http_request_duration_seconds_count\{method="GET",route="\/metrics",status="200"\} [1-9]/m);
      const api = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
      expect(api.openapi).toMatch(/^3\./);
      for (const p of ['/v1/hosts/{name}', '/v1/hosts:import', '/v1/guests', '/v1/guests/{name}', '/v1/hosts', '/v1/classes', '/v1/baseline', '/v1/placement', '/v1/migrate-check', '/v1/matrix', '/v1/events', '/healthz', '/readyz']) expect(Object.keys(api.paths), Object.keys(api.paths).join(' ')).toContain(p);
      expect(api.paths['/v1/baseline'].post.requestBody.content['application/json'].schema.properties.exclude).toBeDefined();
    });

    describe('tokens', () => {
      it('writes need the token; a wrong one is refused; reads on loopback do not', async () => {
        const no = await t.app.inject({ method: 'DELETE', url: '/v1/hosts/i7-1' });
        expect(no.statusCode).toBe(401);
        expect(no.json()).toMatchObject({ error: 'unauthorized', field: 'authorization' });
        expect(no.json().hint).toContain('Bearer');
        const wrong = await t.app.inject({ method: 'PUT', url: '/v1/hosts/x', headers: { authorization: `Bearer ${TOKEN}x` }, payload: 'x' });
        expect(wrong.statusCode).toBe(401);
        const imp = await t.app.inject({ method: 'POST', url: '/v1/hosts:import', headers: { 'content-type': 'application/x-ndjson' }, payload: '{}\n' });
        expect(imp.statusCode).toBe(401);
        expect((await t.app.inject({ method: 'GET', url: '/v1/classes' })).statusCode).toBe(200);
      });

      it('beyond loopback reads need the token too (health stays open)', async () => {
        const o = await startService(db.url, { readsNeedToken: true });
        try {
          expect((await o.app.inject({ method: 'GET', url: '/v1/classes' })).statusCode).toBe(401);
          expect((await o.app.inject({ method: 'POST', url: '/v1/placement', payload: { guest: 'qemu64' } })).statusCode).toBe(401);
          expect((await o.app.inject({ method: 'GET', url: '/v1/classes', headers: AUTH })).statusCode).toBe(200);
          expect((await o.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
        } finally {
          await o.close();
        }
      });
    });

    describe('bad input: a 4xx naming the field, with a suggestion, and the server keeps serving', () => {
      const cases: { what: string; req: () => Promise<{ statusCode: number; json: () => any }>; status: number; error: string; field: RegExp; hint?: RegExp }[] = [
        { what: 'a body over the limit', req: () => put('big', 'x'.repeat(300 * 1024), '', 'text/plain'), status: 413, error: 'body-too-large', field: /^body$/, hint: /import/ },
        { what: 'malformed XML', req: () => put('bad-xml', '<cpudata><cpuid eax_in="0x0"></cpudata>'), status: 400, error: 'malformed-xml', field: /^body$/ },
        { what: 'malformed JSON', req: () => put('bad-json', '{"format": "cpumodels-host/1",', '', 'application/json'), status: 400, error: 'malformed-json', field: /^body$/ },
        { what: 'malformed JSON in a query body', req: () => t.app.inject({ method: 'POST', url: '/v1/baseline', headers: { 'content-type': 'application/json' }, payload: '{"selector":' }), status: 400, error: 'malformed-json', field: /^body$/ },
        { what: 'an unknown model', req: () => post('/v1/placement', { guest: 'Skylake-Servr', arch: 'x86_64' }), status: 422, error: 'unknown-model', field: /^guest$/, hint: /Skylake-Server/ },
        { what: 'an unknown feature', req: () => post('/v1/placement', { guest: 'Skylake-Server,avx512fx=on', arch: 'x86_64' }), status: 422, error: 'unknown-feature', field: /^guest$/, hint: /avx512f/ },
        { what: 'mixed architectures in one baseline', req: () => post('/v1/baseline', {}), status: 422, error: 'mixed-architectures', field: /^arch$/, hint: /arch/ },
        { what: 'an unknown host name (migrate-check target)', req: () => post('/v1/migrate-check', { guest: 'qemu64', target: 'gold-l' }), status: 404, error: 'unknown-host', field: /^target$/, hint: /gold-1/ },
        { what: 'an unknown host name (baseline exclude)', req: () => post('/v1/baseline', { arch: 'x86_64', exclude: ['i7-1', 'nope'] }), status: 404, error: 'unknown-host', field: /^exclude\[1\]$/ },
        { what: 'an unknown host name (DELETE)', req: () => t.app.inject({ method: 'DELETE', url: '/v1/hosts/nope', headers: AUTH }), status: 404, error: 'unknown-host', field: /^name$/ },
        { what: 'a bad selector', req: () => post('/v1/baseline', { selector: 'cluster=a,=b' }), status: 400, error: 'invalid-request', field: /^selector$/, hint: /key=value/ },
        { what: 'an unknown request member', req: () => post('/v1/baseline', { selecter: 'cluster=a' }), status: 400, error: 'invalid-request', field: /selecter/ },
        { what: 'a wrong enum value', req: () => post('/v1/placement', { guest: 'qemu64', arch: 'x86-64' }), status: 400, error: 'invalid-request', field: /arch/, hint: /x86_64/ },
        { what: 'a missing member', req: () => post('/v1/migrate-check', { guest: 'qemu64' }), status: 400, error: 'invalid-request', field: /target/ },
        { what: 'not a host description', req: () => put('junk', 'hello world', '', 'text/plain'), status: 422, error: 'invalid-host', field: /^body$/, hint: /cpuinfo/ },
        { what: 'a bad label', req: () => put('lab', cpudata('Core-i7-8700'), '?bad%20key=1'), status: 400, error: 'invalid-request', field: /^query\.bad key$/ },
      ];
      beforeAll(async () => {
        expect((await put('z14-1', S390_Z14, '', 'text/plain')).statusCode).toBe(201);
      });
      for (const c of cases) {
        it(c.what, async () => {
          const r = await c.req();
          expect(r.statusCode, JSON.stringify(r.json())).toBe(c.status);
          const body = r.json();
          expect(body.error).toBe(c.error);
          expect(body.field).toMatch(c.field);
          expect(typeof body.message).toBe('string');
          if (c.hint) expect(body.hint).toMatch(c.hint);
          // and the server still answers others
          expect((await t.app.inject({ method: 'GET', url: '/v1/classes?arch=x86_64' })).statusCode).toBe(200);
        });
      }
    });
  });
}
