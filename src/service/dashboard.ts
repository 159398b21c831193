/**
 * The dashboard's built files (web/, built by Vite into dist/web by
 * `npm run build`) served at / and /assets/*. Open without a token: they are
 * static; the page asks for the token when reads need one.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors.js';

export const DASHBOARD_ROUTES = ['/', '/assets/:file'];

const TYPES: Readonly<Record<string, string>> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.map': 'application/json' };

/** dist/web of the package this file belongs to (from src/ under tsx, or from dist/src/ when built). */
export function dashboardDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'dist', 'web');
}

export function registerDashboard(app: FastifyInstance, dir = dashboardDir()): void {
  const send = (file: string) => {
    const p = path.join(dir, file);
    if (!existsSync(p)) throw new ApiError('not-found', `the dashboard file ${file} is not built`, { hint: 'npm run build builds the dashboard into dist/web' });
    return { body: readFileSync(p), type: TYPES[path.extname(p)] ?? 'application/octet-stream' };
  };
  app.get('/', { schema: { hide: true } }, async (_req, reply) => {
    const f = send('index.html');
    return reply.type(f.type).header('cache-control', 'no-cache').send(f.body);
  });
  app.get<{ Params: { file: string } }>('/assets/:file', { schema: { hide: true } }, async (req, reply) => {
    if (!/^[\w.-]+$/.test(req.params.file) || req.params.file.startsWith('.')) throw new ApiError('not-found', `no dashboard file ${req.params.file}`);
    const f = send(path.join('assets', req.params.file));
    return reply.type(f.type).header('cache-control', 'public, max-age=31536000, immutable').send(f.body);
  });
}
