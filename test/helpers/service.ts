/**
 * A fleet service for tests, on SQLite (a temporary folder) or on a fresh
 * PostgreSQL database, reached through fastify's inject (no socket).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { FleetService } from '../../src/service/service.js';
import { buildServer } from '../../src/service/server.js';
import type { IdleCompactor } from '../../src/service/compact.js';
import { freshPgDatabase, PG_BASE } from './pg.js';
import { LIBVIRT } from './reference.js';

export const TOKEN = 'test-token-0123456789abcdef';
export const AUTH = { authorization: `Bearer ${TOKEN}` };

export const BACKENDS = [
  { name: 'sqlite' as const, skip: false },
  { name: 'postgres' as const, skip: !PG_BASE },
];

export interface TestDb {
  url: string;
  cleanup: () => Promise<void>;
}

export async function testDb(kind: 'sqlite' | 'postgres', tag: string): Promise<TestDb> {
  if (kind === 'postgres') {
    const d = await freshPgDatabase(tag);
    return { url: d.url, cleanup: d.drop };
  }
  const dir = mkdtempSync(path.join(tmpdir(), `cpumodels-${tag}-`));
  return { url: `sqlite:${path.join(dir, 'fleet.db')}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestService {
  app: FastifyInstance;
  svc: FleetService;
  storage: Storage;
  close: () => Promise<void>;
}

export async function startService(url: string, opts: { readsNeedToken?: boolean; bodyLimit?: number; lineLimit?: number; queryCache?: number; compactor?: IdleCompactor | null; bulkLines?: number } = {}): Promise<TestService> {
  const storage = await openStorage(url);
  const svc = new FleetService(storage);
  await svc.start();
  const app = await buildServer({ service: svc, token: TOKEN, ...opts });
  return { app, svc, storage, close: async () => { await app.close(); await storage.close(); } };
}

/** A real host's CPUID dump from libvirt's test data. */
export const cpudata = (name: string): string => readFileSync(path.join(LIBVIRT, `cputestdata/x86_64-cpuid-${name}.xml`), 'utf8');
