/**
 * The dashboard in real headless Chromium (Debian's /usr/bin/chromium via
 * playwright-core) against a fleet service seeded with real host files:
 * libvirt's CPUID dumps of nine x86 CPUs (two clusters) and the s390x
 * domcapabilities. Every number the pages show is compared with the API's
 * answer; the guest form is submitted and its verdict compared; each page
 * leaves a screenshot in .ci-results/screenshots/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, cpudata, startService, testDb, type TestDb, type TestService } from '../helpers/service.js';
import { LIBVIRT } from '../helpers/reference.js';

const SHOTS = '.ci-results/screenshots';
const CLUSTER_A = ['Xeon-Gold-6148', 'Xeon-Platinum-8268', 'Ice-Lake-Server', 'Core-i7-8700', 'Core-i7-2600'];
const CLUSTER_B = ['EPYC-7502-32-Core', 'EPYC-7601-32-Core', 'EPYC-7713-64-Core', 'Ryzen-9-3900X-12-Core'];
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('dashboard in headless Chromium', () => {
  let db: TestDb;
  let t: TestService;
  let base: string;
  let ctx: BrowserContext;
  let page: Page;
  let profile: string;
  const outside: string[] = [];
  const api = async (url: string, payload?: object) => (await t.app.inject(payload ? { method: 'POST', url, payload } : { method: 'GET', url })).json();
  const go = async (hash: string) => {
    await page.goto(`${base}/#${hash}`);
    await page.waitForSelector('body[data-ready="yes"]');
  };
  const num = async (sel: string) => Number((await page.locator(sel).first().textContent())!.trim());
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    db = await testDb('sqlite', 'e2e');
    t = await startService(db.url);
    const put = async (name: string, body: string, q: string) => expect((await t.app.inject({ method: 'PUT', url: `/v1/hosts/${name}${q}`, headers: { ...AUTH, 'content-type': 'application/xml' }, payload: body })).statusCode).toBe(201);
    for (const h of CLUSTER_A) await put(h.toLowerCase(), cpudata(h), '?cluster=a');
    for (const h of CLUSTER_B) await put(h.toLowerCase(), cpudata(h), '?cluster=b');
    await put('z16-1', readFileSync(path.join(LIBVIRT, 'domaincapsdata/qemu_9.1.0.s390x.xml'), 'utf8'), '?cluster=z');
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    profile = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-chromium-'));
    ctx = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: FLAGS, viewport: { width: 1280, height: 900 } });
    // no outside network: every request the page makes goes to the service
    ctx.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) outside.push(r.url());
    });
    page = ctx.pages()[0] ?? (await ctx.newPage());
  });
  afterAll(async () => {
    await ctx?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await t?.close();
    await db?.cleanup();
  });

  it('overview: hosts by architecture and class, per-cluster baselines with what holds them back, as the API says', async () => {
    await go('/');
    const hosts = await api('/v1/hosts?limit=10000');
    const classes = await api('/v1/classes?hosts=0');
    expect(await num('[data-testid="host-total"]')).toBe(hosts.matching);
    expect(await num('[data-testid="class-total"]')).toBe(classes.classes.length);
    for (const arch of ['x86_64', 's390x']) expect(await num(`[data-arch="${arch}"]`)).toBe(hosts.hosts.filter((h: { arch: string }) => h.arch === arch).length);
    for (const c of classes.classes) expect(await num(`[data-class="${c.signature}"]`)).toBe(c.hostCount);
    for (const cluster of ['a', 'b']) {
      const b = await api('/v1/baseline', { selector: `cluster=${cluster}` });
      const sec = page.locator(`section[data-group="cluster=${cluster}"]`);
      await sec.locator('[data-testid="baseline-features"]').waitFor();
      expect(Number(await sec.locator('[data-testid="baseline-features"]').textContent())).toBe(b.features.length);
      expect(Number(await sec.locator('[data-testid="baseline-hosts"]').textContent())).toBe(b.hostCount);
      expect(b.heldBackBy.length).toBeGreaterThan(0);
      for (const h of b.heldBackBy) expect(Number(await sec.locator(`[data-held="${h.signature}"]`).textContent())).toBe(h.features.length);
    }
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(4);
    await shot('overview');
  });

  it('migration matrix: cells and hosts reached as the API says; a blocked cell links to its blockers', async () => {
    await go('/matrix');
    const m = (await api('/v1/matrix')).matrices.find((x: { arch: string }) => x.arch === 'x86_64');
    const table = page.locator('table[data-arch="x86_64"]');
    let blocked: { from: number; to: number } | undefined;
    for (const r of m.rows) {
      expect(Number(await table.locator(`[data-reached="${r.from}"]`).textContent())).toBe(r.hostsReached);
      for (const c of m.classes) {
        const cls = await table.locator(`td[data-from="${r.from}"][data-to="${c.index}"]`).getAttribute('class');
        expect(cls === 'yes' || cls === 'self').toBe(r.canTake.includes(c.index));
        if (cls === 'no') blocked ??= { from: r.from, to: c.index };
      }
    }
    await shot('matrix');
    expect(blocked).toBeDefined();
    await table.locator(`td[data-from="${blocked!.from}"][data-to="${blocked!.to}"] a`).click();
    await page.waitForSelector('[data-testid="blocked"]');
    await page.waitForSelector('body[data-ready="yes"]');
    const src = (await api(`/v1/hosts?class=${m.classes[blocked!.from].signature}&limit=1`)).hosts[0].name;
    const doc = (await api(`/v1/hosts/${src}`)).document;
    const p = await api('/v1/placement', { guest: doc, arch: 'x86_64', limit: 10000 });
    const mis = p.misfit.find((c: { signature: string }) => c.signature === m.classes[blocked!.to].signature);
    expect(await num('[data-testid="blocker-count"]')).toBe(mis.reasons.length);
    expect(await page.locator('[data-testid="blockers"] li').allTextContents()).toEqual(mis.reasons);
    await shot('blockers');
  });

  it('host page: identity, class, signature, features, models and migratability as the API says', async () => {
    await go('/host/core-i7-8700');
    const h = await api('/v1/hosts/core-i7-8700');
    const models = await api('/v1/hosts/core-i7-8700/models');
    const labels = await api('/v1/hosts/core-i7-8700/labels');
    expect(await page.locator('[data-testid="host-signature"]').textContent()).toBe(h.signature);
    expect(await page.locator('[data-testid="host-class"]').textContent()).toBe(h.class);
    expect(await page.locator('[data-id="family"]').textContent()).toBe(String(h.document.identity.family));
    expect(await num('[data-testid="feature-count"]')).toBe(h.document.features.length);
    expect(await num('[data-testid="runnable-count"]')).toBe(models.models.filter((m: { usable: string }) => m.usable !== 'no').length);
    expect(await num('[data-testid="blocked-count"]')).toBe(models.models.filter((m: { usable: string }) => m.usable === 'no').length);
    expect(await num('[data-testid="migratability"]')).toBe(Number(labels.labels['cpumodels.io/host-model-migratability']));
    expect(await page.locator('[data-testid="unreachable"] li').count()).toBe(labels.migratability.unreachable.length);
    expect(await page.locator('[data-testid="history"] li').count()).toBe((await api('/v1/events?host=core-i7-8700')).events.length);
    await shot('host');
  });

  it('guest check: the form gives the placement and the migration verdict of the API', async () => {
    await go('/guest');
    const guest = "<domain type='kvm'><name>g</name><cpu mode='custom' match='exact'><model fallback='forbid'>Skylake-Server-IBRS</model></cpu></domain>";
    await page.getByLabel('Guest CPU').fill(guest);
    await page.getByLabel('Architecture').selectOption('x86_64');
    await page.getByLabel('Source host').selectOption('xeon-gold-6148');
    await page.getByLabel('Target host').selectOption('core-i7-8700');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.waitForSelector('[data-testid="verdict"]');
    await page.waitForSelector('[data-testid="fit-count"]');
    const p = await api('/v1/placement', { guest, arch: 'x86_64', hosts: 'all' });
    const v = await api('/v1/migrate-check', { guest, source: 'xeon-gold-6148', target: 'core-i7-8700' });
    expect(await num('[data-testid="fit-count"]')).toBe(p.fitCount);
    expect(await num('[data-testid="fit-total"]')).toBe(p.hostCount);
    expect(await page.locator('[data-testid="verdict"]').textContent()).toBe(v.verdict);
    expect(v.verdict).toBe('refused'); // the i7-8700 has no AVX-512
    expect(await page.locator('[data-testid="destination-cpu"]').textContent()).toBe(v.destinationCpu.libvirt);
    await shot('guest');
  });

  it('events: the timeline, and a new event arrives live over the stream', async () => {
    await go('/events');
    const before = (await api('/v1/events?limit=10000')).events.length;
    expect(await page.locator('[data-testid="events"] li').count()).toBe(before);
    await page.waitForSelector('text=connected');
    expect((await t.app.inject({ method: 'DELETE', url: '/v1/hosts/core-i7-2600', headers: AUTH })).statusCode).toBe(200);
    await page.waitForFunction((n) => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('[data-testid="events"] li').length === n, before + 1);
    expect(await page.locator('[data-testid="events"] li').first().textContent()).toContain('removed core-i7-2600');
    await shot('events');
  });

  it('made no request outside the service, and the markup has the landmarks and labels a screen reader needs', async () => {
    expect(outside).toEqual([]);
    await go('/guest');
    expect(await page.locator('main#main').count()).toBe(1);
    expect(await page.locator('nav[aria-label="Main"]').count()).toBe(1);
    expect(await page.locator('html[lang="en"]').count()).toBe(1);
    // every form control has a label
    const unlabelled = await page.evaluate('[...document.querySelectorAll("input, select, textarea")].filter((e) => !e.labels || !e.labels.length).map((e) => e.id)');
    expect(unlabelled).toEqual([]);
  });
});
