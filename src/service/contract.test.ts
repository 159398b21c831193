/**
 * Same question, same answer: the service and the CLI's command functions
 * (fleet/commands.ts) are asked the same baseline, placement and migration
 * questions over the same hosts, and their JSON answers must be equal.
 * Host lists inside classes are compared as sets (the CLI keeps file order,
 * the service keeps no order), everything else exactly. x86_64 hosts from
 * CPUID dumps; ppc64 and aarch64 from libvirt's domcapabilities files in
 * shared (aarch64's: a host whose CPU is not known) and arm64
 * /proc/cpuinfo texts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureOfNames } from '../core/signature.js';
import { toHostDoc } from '../host/convert.js';
import type { HostDoc } from '../host/doc.js';
import { cmdBaselineHosts, cmdMigrateCheck, cmdPlacement } from '../fleet/commands.js';
import { readFileSync } from 'node:fs';
import { AUTH, cpudata, startService, testDb, type TestDb, type TestService } from '../../test/helpers/service.js';
import { LIBVIRT } from '../../test/helpers/reference.js';
import { NEOVERSE_N1_CPUINFO } from '../../test/helpers/aarch64.js';

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
      // the same paging options both ways (the CLI pages only when asked; the service always does)
      for (const [cliPage, body] of [
        [{ limit: 10000, hostsPerClass: 'all' }, { limit: 10000, hostsPerClass: 'all' }],
        [{}, {}],
        [{ limit: '2', hostsPerClass: '1' }, { limit: 2, hostsPerClass: 1 }],
      ] as const) {
        const cli = cmdPlacement(spec, [path.join(dir, 'hosts')], { json: true, page: cliPage });
        expect(cli.stderr).toBe('');
        const http = await t.app.inject({ method: 'POST', url: '/v1/placement', payload: { guest: g, ...body } });
        expect(http.statusCode).toBe(200);
        const c = JSON.parse(cli.stdout);
        // the CLI names a file guest by its path, the service by the request field
        expect(canon(http.json())).toEqual(canon(c));
      }
    });

    it(`placement of ${g}: the pages of one class each, followed by cursor, together are the whole answer`, async () => {
      const whole = (await t.app.inject({ method: 'POST', url: '/v1/placement', payload: { guest: g, limit: 10000, hostsPerClass: 'all' } })).json();
      expect(whole.page.next).toBeUndefined();
      const seen: Record<string, unknown[]> = { fit: [], misfit: [], unknown: [] };
      let cursor: string | undefined;
      let pages = 0;
      do {
        const r = await t.app.inject({ method: 'POST', url: '/v1/placement', payload: { guest: g, limit: 1, hostsPerClass: 'all', ...(cursor ? { cursor } : {}) } });
        expect(r.statusCode).toBe(200);
        const p = r.json();
        // totals cover the whole selection on every page
        for (const k of ['hostCount', 'fitCount', 'unfitCount', 'unknownCount', 'classCount', 'fitClassCount', 'misfitClassCount']) expect(p[k]).toBe(whole[k]);
        for (const k of ['fit', 'misfit', 'unknown'] as const) seen[k]!.push(...(p[k] ?? []));
        expect((p.fit.length as number) + p.misfit.length + (p.unknown?.length ?? 0)).toBe(1);
        cursor = p.page.next;
        pages++;
      } while (cursor && pages < 1000);
      expect(pages).toBe(whole.classCount);
      expect(seen['fit']).toEqual(whole.fit);
      expect(seen['misfit']).toEqual(whole.misfit);
      expect(seen['unknown']).toEqual(whole.unknown ?? []);
      expect(whole.fitClassCount + whole.misfitClassCount + whole.unknownClassCount).toBe(whole.classCount);
      expect(whole.fitCount + whole.unfitCount + whole.unknownCount).toBe(whole.hostCount);
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

/** A host document of any description, named. */
function docOf(name: string, text: string): HostDoc {
  const r = toHostDoc(text, name);
  if (!r.ok) throw new Error(r.error.message);
  return { ...r.value, name };
}
const domcaps = (f: string): string => readFileSync(path.join(LIBVIRT, 'domaincapsdata', f), 'utf8');
/** an ARMv8.0 host of MIDR part `part` (Cortex-A57 0xd07, Cortex-A72 0xd08) */
const v80 = (part: string): string => NEOVERSE_N1_CPUINFO.replaceAll('0xd0c', part).replaceAll('0x3\n', '0x1\n').replaceAll(' atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs', ' cpuid');

describe('contract on ppc64 and aarch64: the service answers as the CLI does', () => {
  let db: TestDb;
  let t: TestService;
  let dir: string;
  const byArch: Record<'ppc64' | 'aarch64', HostDoc[]> = {
    ppc64: [docOf('p8-a', domcaps('qemu_10.0.0.ppc64.xml')), docOf('p8-b', domcaps('qemu_10.0.0.ppc64.xml'))],
    aarch64: [docOf('n1-a', NEOVERSE_N1_CPUINFO), docOf('a57-a', v80('0xd07')), docOf('a57-b', v80('0xd07')), docOf('a72-a', v80('0xd08')), docOf('arm-domcaps', domcaps('qemu_11.1.0-virt.aarch64.xml'))],
  };
  const file = (n: string) => path.join(dir, n, `${n}.json`);
  const folder = (arch: string) => path.join(dir, arch);
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-contract-arches-'));
    const { mkdirSync } = await import('node:fs');
    db = await testDb('sqlite', 'contract-arches');
    t = await startService(db.url);
    for (const [arch, docs] of Object.entries(byArch)) {
      mkdirSync(folder(arch));
      for (const d of docs) {
        mkdirSync(path.join(dir, d.name!));
        writeFileSync(file(d.name!), JSON.stringify(d));
        // the CLI reads each architecture's folder, and each host alone for migrate-check
        writeFileSync(path.join(folder(arch), `${d.name}.json`), JSON.stringify(d));
        const r = await t.app.inject({ method: 'PUT', url: `/v1/hosts/${d.name}`, headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify(d) });
        expect(r.statusCode, r.body).toBe(201);
      }
    }
  });
  afterAll(async () => {
    await t?.close();
    await db?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const arch of ['ppc64', 'aarch64'] as const) {
    it(`baseline of the ${arch} hosts`, async () => {
      const cli = cmdBaselineHosts([folder(arch)], { json: true });
      expect(cli.exitCode, cli.stderr).toBe(0);
      const http = await t.app.inject({ method: 'POST', url: '/v1/baseline', payload: { arch, hosts: 'all' } });
      expect(http.statusCode).toBe(200);
      expect(canon(http.json())).toEqual(canon(JSON.parse(cli.stdout)));
    });
  }

  it('aarch64 baseline names the host whose CPU is not known as not contributing', async () => {
    const http = (await t.app.inject({ method: 'POST', url: '/v1/baseline', payload: { arch: 'aarch64', hosts: 'all' } })).json();
    expect(http.status).toBe('ok');
    expect(http.unknown.map((u: { hosts: string[] }) => u.hosts)).toEqual([['arm-domcaps']]);
  });

  it("aarch64 baseline of only the host whose CPU is not known: status 'unknown', no model, the same over HTTP (200) as in the CLI (exit 1)", async () => {
    const cli = cmdBaselineHosts([path.join(dir, 'arm-domcaps')], { json: true });
    expect(cli.exitCode, cli.stderr).toBe(1);
    const http = await t.app.inject({ method: 'POST', url: '/v1/baseline', payload: { arch: 'aarch64', prefix: 'arm-', hosts: 'all' } });
    expect(http.statusCode, http.body).toBe(200);
    // the CLI names a host by its file, the service by its name: the host documents carry the name, so both say arm-domcaps
    expect(canon(http.json())).toEqual(canon(JSON.parse(cli.stdout)));
    expect(http.json()).toEqual({
      status: 'unknown',
      arch: 'aarch64',
      hostCount: 0,
      classCount: 0,
      unknown: [{ signature: expect.stringMatching(/^[0-9a-f]{16}$/), model: 'unknown', hostCount: 1, hosts: ['arm-domcaps'], why: "libvirt's domcapabilities report no host-model and usable='unknown' for every custom model" }],
      notes: ["no baseline: no host's CPU is known; describe one by its CPU (/proc/cpuinfo, or a QMP expansion of host: cpumodels probe) for a baseline"],
    });
  });

  const guests: [string, 'ppc64' | 'aarch64'][] = [
    ['POWER8', 'ppc64'],
    ['POWER9', 'ppc64'],
    ["<cpu mode='custom'><model>POWER7</model></cpu>", 'ppc64'],
    ["<cpu mode='host-model'/>", 'ppc64'],
    ['cortex-a57', 'aarch64'],
    ['neoverse-n1', 'aarch64'],
    ['host', 'aarch64'],
    ["<cpu mode='host-passthrough'/>", 'aarch64'],
  ];
  for (const [g, arch] of guests) {
    it(`placement of ${g} on the ${arch} hosts`, async () => {
      const spec = g.startsWith('<') ? path.join(dir, `guest-${guests.findIndex((x) => x[0] === g)}.xml`) : g;
      if (g.startsWith('<')) writeFileSync(spec, g);
      const cli = cmdPlacement(spec, [folder(arch)], { json: true, page: { limit: 10000, hostsPerClass: 'all' } });
      expect(cli.stderr).toBe('');
      const http = await t.app.inject({ method: 'POST', url: '/v1/placement', payload: { guest: g, arch, limit: 10000, hostsPerClass: 'all' } });
      expect(http.statusCode, http.body).toBe(200);
      expect(canon(http.json())).toEqual(canon(JSON.parse(cli.stdout)));
    });
  }

  it('placement of cortex-a57 lists the host whose CPU is not known as unknown, over HTTP as in the CLI', async () => {
    const p = (await t.app.inject({ method: 'POST', url: '/v1/placement', payload: { guest: 'cortex-a57', arch: 'aarch64', hosts: 'all' } })).json();
    expect(p.fitCount).toBe(2);
    expect(p.unknown).toEqual([expect.objectContaining({ hosts: ['arm-domcaps'], why: expect.stringContaining("usable='unknown'") })]);
  });

  const pairs: [string, string | undefined, string][] = [
    ['POWER8', 'p8-a', 'p8-b'],
    ["<cpu mode='host-model'/>", 'p8-a', 'p8-b'],
    ['POWER10', undefined, 'p8-b'],
    ['cortex-a57', 'a57-a', 'a57-b'],
    ['cortex-a57', 'a57-a', 'n1-a'],
    ['cortex-a57', undefined, 'arm-domcaps'],
    ['neoverse-n1', 'n1-a', 'n1-a'],
    ["<cpu mode='host-passthrough'/>", 'a57-a', 'a57-b'],
    ["<cpu mode='host-passthrough'/>", 'n1-a', 'arm-domcaps'],
  ];
  for (const [g, s, tg] of pairs) {
    it(`migrate-check ${g} ${s ?? '(no source)'} → ${tg}`, async () => {
      const spec = g.startsWith('<') ? path.join(dir, `m-${pairs.findIndex((p) => p[0] === g)}.xml`) : g;
      if (g.startsWith('<')) writeFileSync(spec, g);
      const cli = cmdMigrateCheck({ guest: spec, ...(s ? { source: file(s) } : {}), target: file(tg), json: true });
      expect(cli.stderr).toBe('');
      const http = await t.app.inject({ method: 'POST', url: '/v1/migrate-check', payload: { guest: g, ...(s ? { source: s } : {}), target: tg } });
      expect(http.statusCode, http.body).toBe(200);
      expect(http.json()).toEqual(JSON.parse(cli.stdout));
    });
  }

  it('the verdicts are the expected ones (so the comparison above compares answers, not two errors)', async () => {
    const v = async (guest: string, target: string, source?: string) => (await t.app.inject({ method: 'POST', url: '/v1/migrate-check', payload: { guest, target, ...(source ? { source } : {}) } })).json().verdict;
    expect(await v('POWER8', 'p8-b', 'p8-a')).toBe('ok');
    expect(await v('POWER10', 'p8-b')).toBe('refused');
    expect(await v('cortex-a57', 'a57-b', 'a57-a')).toBe('ok');
    expect(await v('cortex-a57', 'n1-a', 'a57-a')).toBe('refused');
    expect(await v('cortex-a57', 'arm-domcaps')).toBe('unknown');
  });
});
