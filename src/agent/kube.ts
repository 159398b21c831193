/**
 * Applying a node's labels through the Kubernetes API, as the DaemonSet's
 * agent does with `--apply-labels`: read the Node, then one JSON merge patch
 * that sets the labels the fleet service computed and removes the ones under
 * the prefixes cpumodels owns that no longer hold (a model the node lost
 * after a microcode update), leaving every other label alone.
 *
 * In a pod the API server, token and CA come from the service account
 * (KUBERNETES_SERVICE_HOST/PORT, /var/run/secrets/kubernetes.io/serviceaccount);
 * `--kube-api URL` and `--kube-token-file F` point elsewhere (tests, or a
 * node outside the cluster with `kubectl proxy`).
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { KUBEVIRT } from '../labels/kubevirt.js';
import { NFD_PREFIX } from '../labels/nfd.js';
import { MIGRATABILITY_LABEL } from '../labels/migratability.js';

export interface KubeApi {
  url: string;
  token?: string;
  ca?: string;
}

const SA = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The prefixes whose labels cpumodels writes and so may remove. */
export const OWNED_PREFIXES: readonly string[] = [
  ...Object.values(KUBEVIRT),
  `${NFD_PREFIX}cpu-cpuid.`,
  `${NFD_PREFIX}cpu-model.`,
  MIGRATABILITY_LABEL,
];

export const owned = (key: string) => OWNED_PREFIXES.some((p) => key === p || key.startsWith(p));

/** The API server to talk to: the given URL, else the pod's service account. */
export function kubeApi(o: { url?: string; tokenFile?: string }, env: NodeJS.ProcessEnv = process.env): KubeApi {
  const read = (f: string, what: string) => {
    try {
      return readFileSync(f, 'utf8').trim();
    } catch (e) {
      throw new Error(`${what} ${f}: ${(e as Error).message}`);
    }
  };
  if (o.url) return { url: o.url.replace(/\/$/, ''), ...(o.tokenFile ? { token: read(o.tokenFile, '--kube-token-file') } : {}) };
  const host = env['KUBERNETES_SERVICE_HOST'];
  if (!host) throw new Error('--apply-labels needs the Kubernetes API: run in a pod (KUBERNETES_SERVICE_HOST is not set) or give --kube-api URL');
  const port = env['KUBERNETES_SERVICE_PORT'] ?? '443';
  return { url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`, token: read(o.tokenFile ?? `${SA}/token`, 'service account token'), ca: read(`${SA}/ca.crt`, 'service account CA') };
}

function request(api: KubeApi, method: string, p: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const u = new URL(api.url + p);
  const data = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (api.token) headers['authorization'] = `Bearer ${api.token}`;
  if (data !== undefined) headers['content-type'] = 'application/merge-patch+json';
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(u, { method, headers, ...(api.ca ? { ca: api.ca } : {}), timeout: 20_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let json: unknown = text;
        try {
          json = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${u.href}: no answer in 20 s`)));
    req.on('error', reject);
    if (data !== undefined) req.write(data);
    req.end();
  });
}

const message = (j: unknown) => (typeof j === 'object' && j && 'message' in j ? String((j as { message: unknown }).message) : String(j));

/** Set `labels` on node `node`, removing owned labels not among them. What changed. */
export async function applyNodeLabels(api: KubeApi, node: string, labels: Record<string, string>): Promise<{ set: string[]; removed: string[] }> {
  const p = `/api/v1/nodes/${encodeURIComponent(node)}`;
  const got = await request(api, 'GET', p);
  if (got.status !== 200) throw new Error(`GET node ${node}: ${got.status} ${message(got.json)}`);
  const current = ((got.json as { metadata?: { labels?: Record<string, string> } }).metadata?.labels ?? {}) as Record<string, string>;
  const patch: Record<string, string | null> = {};
  const set = Object.keys(labels).filter((k) => current[k] !== labels[k]).sort();
  const removed = Object.keys(current).filter((k) => owned(k) && !(k in labels)).sort();
  for (const k of set) patch[k] = labels[k]!;
  for (const k of removed) patch[k] = null;
  if (set.length || removed.length) {
    const r = await request(api, 'PATCH', p, { metadata: { labels: patch } });
    if (r.status !== 200) throw new Error(`PATCH node ${node} labels: ${r.status} ${message(r.json)}`);
  }
  return { set, removed };
}
