/**
 * The fleet service's label routes: GET /v1/hosts/{name}/labels and
 * GET /v1/labels, the same labels as `cpumodels labels`, with the
 * migratability label computed over the whole stored fleet. Registered by
 * src/service/server.ts; answers come from the index (one computation per
 * class), except the host route with the KubeVirt scheme, which reads the
 * stored document as the CLI reads its file.
 */
import type { FastifyInstance } from 'fastify';
import { ApiError, fromEngine } from '../service/errors.js';
import { classDoc } from '../service/engine.js';
import type { FleetService } from '../service/service.js';
import { HOST_NAME } from '../service/service.js';
import { parseSelector } from '../service/fleet-index.js';
import { hostLabels, SCHEMES, type Scheme } from './labels.js';
import { computeDomCaps } from '../host/domcaps.js';
import { migratability, type FleetPart } from './migratability.js';
import type { ClassData } from '../storage/storage.js';

const labelQuery = {
  scheme: { type: 'string', enum: [...SCHEMES], default: 'kubevirt', description: "KubeVirt's node-labeller scheme or Node Feature Discovery's" },
  obsolete: { type: 'string', maxLength: 4096, description: "KubeVirt's obsoleteCPUModels, comma-separated (replaces its defaults)" },
} as const;

export function registerLabelRoutes(app: FastifyInstance, svc: FleetService): void {
  const fleet = (): FleetPart[] => [...svc.index.classes.values()].filter((c) => c.hosts.size).map((c) => ({ row: c.row, cls: c.cls, hosts: c.hosts.size }));
  const obsoleteOf = (s?: string) => (s === undefined ? {} : { obsolete: s.split(',').map((x) => x.trim()).filter(Boolean) });
  const labelsOfClass = (row: ClassData, scheme: Scheme, obsolete: string | undefined, parts: FleetPart[], text?: string) => {
    const m = migratability(row, parts);
    const doc = classDoc(row);
    const l = hostLabels(text ?? JSON.stringify(doc), doc, 'class', { scheme, ...obsoleteOf(obsolete), ...(m.ok ? { migratability: m.value } : {}) });
    if (!l.ok) throw fromEngine(l.error, 'scheme');
    return { labels: l.value, ...(m.ok ? { migratability: m.value } : {}) };
  };

  app.get<{ Params: { name: string }; Querystring: { scheme?: Scheme; obsolete?: string } }>(
    '/v1/hosts/:name/labels',
    {
      schema: {
        description: "One host's Kubernetes node labels (docs/labels.md), with cpumodels.io/host-model-migratability over the stored fleet and the classes it cannot reach.",
        params: { type: 'object', properties: { name: { type: 'string', pattern: HOST_NAME.source } }, required: ['name'] },
        querystring: { type: 'object', properties: labelQuery, additionalProperties: false },
      },
    },
    async (req) => {
      const h = svc.index.hosts.get(req.params.name);
      if (!h) throw svc.unknownHost(req.params.name, 'name');
      const c = svc.index.classes.get(h.classId)!;
      const stored = await svc.storage.getHost(req.params.name);
      const r = labelsOfClass(c.row, req.query.scheme ?? 'kubevirt', req.query.obsolete, fleet(), stored?.doc);
      return { name: req.params.name, class: `${c.cls.model}@${c.cls.signature}`, scheme: req.query.scheme ?? 'kubevirt', ...r };
    },
  );

  app.get<{ Params: { name: string } }>(
    '/v1/hosts/:name/models',
    {
      schema: {
        description: "Every CPU model of the host's architecture: usable or not, with the blockers of the rest (libvirt's domcapabilities view of the stored host).",
        params: { type: 'object', properties: { name: { type: 'string', pattern: HOST_NAME.source } }, required: ['name'] },
      },
    },
    async (req) => {
      const stored = await svc.storage.getHost(req.params.name);
      if (!stored) throw svc.unknownHost(req.params.name, 'name');
      const d = computeDomCaps(stored.doc, req.params.name);
      if (!d.ok) throw fromEngine(d.error, 'name');
      const hm = d.value.cpu.hostModel;
      return {
        name: req.params.name,
        arch: d.value.arch,
        ...(hm?.model ? { hostModel: { model: hm.model.name, features: hm.features } } : {}),
        models: (d.value.cpu.custom?.models ?? []).map((m) => ({ name: m.name, usable: m.usable, ...(m.blockers?.length ? { blockers: m.blockers } : {}), ...(m.deprecated ? { deprecated: true } : {}) })),
      };
    },
  );

  app.get<{ Querystring: { scheme?: Scheme; obsolete?: string; selector?: string; arch?: string; prefix?: string } }>(
    '/v1/labels',
    {
      schema: {
        description: 'The node labels of every stored host (selector, arch, prefix as for /v1/hosts), computed once per class.',
        querystring: { type: 'object', properties: { ...labelQuery, selector: { type: 'string', maxLength: 4096 }, arch: { type: 'string', enum: ['s390x', 'x86_64', 'ppc64', 'aarch64'] }, prefix: { type: 'string', maxLength: 253 } }, additionalProperties: false },
      },
    },
    async (req) => {
      const q = req.query;
      const s = parseSelector(q.selector);
      if (!s.ok) throw fromEngine(s.error, 'selector');
      const parts = fleet();
      const nodes: Record<string, Record<string, string>> = {};
      for (const x of svc.index.select({ ...(q.arch ? { arch: q.arch } : {}), ...(s.value.length ? { selector: s.value } : {}), ...(q.prefix ? { prefix: q.prefix } : {}) })) {
        const { labels } = labelsOfClass(x.c.row, q.scheme ?? 'kubevirt', q.obsolete, parts);
        for (const n of x.hosts) nodes[n] = labels;
      }
      if (!Object.keys(nodes).length && svc.index.hosts.size === 0) throw new ApiError('invalid-request', 'no hosts stored', { field: 'selector' });
      return { scheme: q.scheme ?? 'kubevirt', nodes: Object.fromEntries(Object.entries(nodes).sort(([a], [b]) => (a < b ? -1 : 1))) };
    },
  );
}
