/**
 * `cpumodels server`: open the database (migrations run), load the index,
 * take or make the token, listen. Defaults: SQLite under ./data,
 * 127.0.0.1:8080. On first start the token is written to DATA/token (mode
 * 0600) and printed once.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import path from 'node:path';
import { openStorage } from '../storage/storage.js';
import { buildServer } from './server.js';
import { FleetService } from './service.js';

export interface ServerCliOptions {
  db?: string;
  listen?: string;
  data?: string;
  tokenFile?: string;
  bodyLimit?: number;
  /** answers cached per index version (default 1000; 0: none) */
  queryCache?: number;
  /** register this machine (its /proc/cpuinfo, under its host name) when it is not stored yet */
  registerThisHost?: boolean;
  /** print lines (default: stdout) */
  log?: (line: string) => void;
}

export function parseListen(s: string): { host: string; port: number } {
  const m = s.match(/^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/);
  if (!m) throw new Error(`--listen '${s}': expected HOST:PORT (e.g. 127.0.0.1:8080)`);
  const port = Number(m[3]);
  if (port > 65535) throw new Error(`--listen '${s}': port ${port} is over 65535`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

export const isLoopback = (host: string): boolean => host === 'localhost' || /^127\./.test(host) || host === '::1';

/** The token: from --token-file, else DATA/token (created with mode 0600 on first start). */
export function loadToken(data: string, tokenFile: string | undefined, log: (l: string) => void): string {
  if (tokenFile) {
    const t = readFileSync(tokenFile, 'utf8').trim();
    if (t.length < 16) throw new Error(`--token-file ${tokenFile}: the token is shorter than 16 characters`);
    return t;
  }
  const file = path.join(data, 'token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(data, { recursive: true });
  const t = randomBytes(32).toString('base64url');
  writeFileSync(file, t + '\n', { mode: 0o600, flag: 'wx' });
  log(`token (written once to ${file}, mode 0600): ${t}`);
  return t;
}

/** Store this machine's capability (from /proc/cpuinfo) under its host name, once. */
async function registerThisHost(service: FleetService): Promise<string | undefined> {
  const name = hostname().split('.')[0]!.replace(/[^A-Za-z0-9._:@-]/g, '-');
  if (service.index.hosts.has(name)) return `this host is registered as ${name}`;
  let text: string;
  try {
    text = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return undefined;
  }
  try {
    const w = service.prepare(name, text, {}, '/proc/cpuinfo', 'cpuinfo');
    await service.write([w]);
    return `registered this host as ${name} (${w.cls.model}@${w.cls.signature})`;
  } catch (e) {
    return `this host was not registered: ${(e as Error).message}`;
  }
}

export async function runServer(o: ServerCliOptions): Promise<{ close: () => Promise<void>; url: string }> {
  const log = o.log ?? ((l: string) => process.stdout.write(l + '\n'));
  const data = path.resolve(o.data ?? 'data');
  const db = o.db ?? `sqlite:${path.join(data, 'fleet.db')}`;
  const { host, port } = parseListen(o.listen ?? '127.0.0.1:8080');
  if (!isLoopback(host) && host !== '0.0.0.0' && host !== '::' && !isIP(host) && !/^[a-z0-9.-]+$/i.test(host)) throw new Error(`--listen: '${host}' is not a host`);
  const token = loadToken(data, o.tokenFile, log);
  const t0 = Date.now();
  const storage = await openStorage(db);
  const service = new FleetService(storage);
  await service.start();
  const registered = o.registerThisHost ? await registerThisHost(service) : undefined;
  const app = await buildServer({ service, token, readsNeedToken: !isLoopback(host), ...(o.bodyLimit ? { bodyLimit: o.bodyLimit } : {}), ...(o.queryCache !== undefined ? { queryCache: o.queryCache } : {}) });
  let address: string;
  try {
    address = await app.listen({ host, port });
  } catch (e) {
    await app.close();
    await storage.close();
    throw e;
  }
  const url = address;
  // one write, so whoever waits for the first line has them all
  log(
    [
      `cpumodels fleet service on ${url} (${storage.kind}, ${service.index.hosts.size} hosts, ready in ${Date.now() - t0} ms)`,
      `  curl ${url}/v1/classes${isLoopback(host) ? '' : " -H 'Authorization: Bearer <token>'"}`,
      `  curl -X PUT --data-binary @/proc/cpuinfo -H 'Authorization: Bearer <token>' '${url}/v1/hosts/$(hostname)?cluster=a'`,
      `  API: ${url}/openapi.json`,
      `  dashboard: ${url}/`,
      ...(registered ? [`  ${registered}`] : []),
    ].join('\n'),
  );
  const close = async () => {
    await app.close();
    await storage.close();
  };
  return { close, url };
}
