/**
 * The HTTP adapter of the fleet service (fastify): routes with JSON schemas
 * (served as OpenAPI at /openapi.json), bearer tokens, the error catalog,
 * Prometheus metrics. Thin: every answer comes from service.ts, the index
 * and the engine facade.
 */
import { archFacts } from '../arch/facts.js';
import { createHash, timingSafeEqual } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import client from 'prom-client';
import { StorageUnavailable, classKey, type HostWrite } from '../storage/storage.js';
import { ApiError, fromEngine } from './errors.js';
import { assembleFleet, baseline, type BaselineAnswer, type Result, canRun, classOf, engineClass, guestFromJson, guestFromText, hostModelGuest, isFleetArch, fleetArches, migrate, place, readHost, resolve, type FleetClass, type Placement, type ResolvedGuest, type GuestInput, type HostDoc } from './engine.js';
import { parseSelector, type HostFilter, type SelectorTerm } from './fleet-index.js';
import { Bounded, checkLabels, checkName, FleetService, guestKey, HOST_NAME } from './service.js';
import { registerLabelRoutes } from '../labels/routes.js';
import { DASHBOARD_ROUTES, registerDashboard } from './dashboard.js';
import { ndjsonBatches } from './ndjson.js';
import { MAX_LIMIT, PAGE_DEFAULTS, placementPage, type PageOptions } from '../fleet/placement-page.js';
import { useLibvirtAdapter } from '../adapters/libvirt/formats.js';
import { IdleCompactor } from './compact.js';
import { DurationHistogram } from './durations.js';

export interface ServerOptions {
  service: FleetService;
  /** the bearer token; undefined: no token (tests only) */
  token?: string;
  /** reads need the token too (listening beyond loopback) */
  readsNeedToken?: boolean;
  /** request body limit in bytes (hosts:import streams and limits each line instead) */
  bodyLimit?: number;
  logger?: boolean;
  /** hosts:import: the largest line in bytes (default 1 MiB), enforced while reading */
  lineLimit?: number;
  /** answers kept per index version (baseline, placement, migrate-check, classes, matrix); 0: none */
  queryCache?: number;
  /** compacts the heap once idle after a bulk import and after listening (the index load's garbage); default: one with its defaults; null: never */
  compactor?: IdleCompactor | null;
  /** hosts:import: lines from which an import counts as bulk (its garbage is given back when idle); default 1000 */
  bulkLines?: number;
}

const ONE_MIB = 1024 * 1024;

/**
 * The compactor a server gets when its options name none: CPUMODELS_IDLE_COMPACT=0 turns the idle compaction off
 * (A/B of its effect on latency, docs/service.md); unset or 1: on. Any other value is refused.
 */
export function defaultCompactor(env: NodeJS.ProcessEnv): IdleCompactor | null {
  const v = env.CPUMODELS_IDLE_COMPACT;
  if (v === undefined || v === '' || v === '1') return new IdleCompactor();
  if (v === '0') return null;
  throw new Error(`CPUMODELS_IDLE_COMPACT=${JSON.stringify(v)} is not understood: use 0 (no idle compaction after a bulk import or start) or 1 (the default)`);
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time: both sides are hashed to 32 bytes, then compared with timingSafeEqual. */
export function tokenMatches(given: string | undefined, token: string): boolean {
  return timingSafeEqual(digest(given ?? ''), digest(token)) && given !== undefined;
}

const selectorQuery = {
  arch: { type: 'string', enum: ['s390x', 'x86_64', 'ppc64', 'aarch64'], description: 'only hosts of this architecture' },
  class: { type: 'string', pattern: '^([^@]+@)?[0-9a-f]{16}$', description: 'only hosts of this class (signature or model@signature)' },
  selector: { type: 'string', maxLength: 4096, description: "label selector: key=value, key!=value, key, !key, comma-separated" },
  prefix: { type: 'string', maxLength: 253, description: 'only hosts whose name starts with this' },
} as const;

const hostsLimit = { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', enum: ['all'] }], description: "host names listed per class ('all', default 20)" } as const;
const guestSchema = { anyOf: [{ type: 'string', minLength: 1 }, { type: 'object' }], description: 'domain XML, <cpu>, QMP model {name, props}, query-cpu-model reply, host document, or a -cpu spec' } as const;
const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' }, value: { type: 'string' }, hint: { type: 'string' } },
  required: ['error', 'message'],
} as const;
const anyObject = { type: 'object', additionalProperties: true } as const;
/** hosts under a class, and why their CPU is not known */
const unknownHosts = {
  type: 'array',
  items: { type: 'object', properties: { signature: { type: 'string' }, model: { type: 'string' }, hostCount: { type: 'integer' }, hosts: { type: 'array', items: { type: 'string' } }, why: { type: 'string' } }, required: ['hostCount', 'hosts', 'why'], additionalProperties: true },
} as const;
/** POST /v1/baseline's answer: a model ('ok'), or 'unknown' when no selected host's CPU is known (the CLI's `baseline --hosts --json`, exit 1) */
const baselineAnswer = {
  description: "status 'ok': the baseline (QMP model, libvirt <cpu>, features, signature, heldBackBy) over the hosts whose CPU is known, unknown naming the others; status 'unknown': no selected host's CPU is known, so no model: unknown names every host with why",
  oneOf: [
    {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['ok'] },
        arch: { type: 'string' },
        hostCount: { type: 'integer' },
        classCount: { type: 'integer' },
        qmp: { type: 'object', additionalProperties: true },
        libvirt: { type: 'string' },
        features: { type: 'array', items: { type: 'string' } },
        signature: { type: 'string' },
        display: { type: 'string' },
        heldBackBy: { type: 'array', items: anyObject },
        unknown: unknownHosts,
        notes: { type: 'array', items: { type: 'string' } },
      },
      required: ['status', 'arch', 'hostCount', 'classCount', 'qmp', 'libvirt', 'features', 'signature', 'display', 'heldBackBy', 'notes'],
      additionalProperties: true,
    },
    {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['unknown'] },
        arch: { type: 'string' },
        hostCount: { type: 'integer', enum: [0] },
        classCount: { type: 'integer', enum: [0] },
        unknown: unknownHosts,
        notes: { type: 'array', items: { type: 'string' } },
      },
      required: ['status', 'arch', 'hostCount', 'classCount', 'unknown', 'notes'],
      additionalProperties: true,
    },
  ],
} as const;
const responses = (ok: object = anyObject) => ({ 200: ok, '4xx': errorSchema, '5xx': errorSchema });

/** label selectors as parsed, by text (only valid ones: an invalid one is refused each time with its error) */
const parsedSelectors = new Bounded<string, SelectorTerm[]>(1000);

function filterOf(q: { arch?: string; class?: string; selector?: string; prefix?: string }, field = 'selector'): HostFilter {
  let terms = q.selector ? parsedSelectors.get(q.selector) : [];
  if (!terms) {
    const s = parseSelector(q.selector);
    if (!s.ok) throw fromEngine(s.error, field);
    parsedSelectors.set(q.selector!, (terms = s.value));
  }
  // properties assigned one by one (no object of conditional spreads per request)
  const f: HostFilter = {};
  if (q.arch) f.arch = q.arch;
  if (q.class) f.cls = q.class;
  if (terms.length) f.selector = terms;
  if (q.prefix) f.prefix = q.prefix;
  return f;
}

/** Cut host lists to `limit` names per class (hostCount keeps the number). */
function cutHosts<T>(v: T, limit: number | 'all' | undefined): T {
  const n = limit === undefined ? 20 : limit;
  if (n === 'all') return v;
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(x)) o[k] = k === 'hosts' && Array.isArray(val) && typeof (x as Record<string, unknown>)['hostCount'] === 'number' ? val.slice(0, n) : walk(val);
      return o;
    }
    return x;
  };
  return walk(v) as T;
}

/** An answer already in JSON, as the bytes sent (kept with the engine answer it was made from: not encoded again per request). */
class Serialized {
  constructor(readonly bytes: Buffer) {}
}

function guestOf(g: unknown, field: string): GuestInput {
  const r = typeof g === 'string' ? guestFromText(g, field) : guestFromJson(g, field);
  if (!r.ok) throw fromEngine(r.error, field);
  return r.value;
}

/** The text of a host description given as a string or as a JSON value. */
const hostText = (d: unknown): string => (typeof d === 'string' ? d : JSON.stringify(d));

declare module 'fastify' {
  interface FastifyRequest {
    /** a JSON body as sent (the answer cache's key) */
    bodyText?: string;
    /** the answer cache's key of a JSON body's question, as looked up before the body was parsed (made once) */
    answerKey?: string;
    /** the answer kept for this question, found before the body was parsed */
    keptAnswer?: Buffer;
  }
}

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  // the service's composition root: the inner layers read and write libvirt XML through the libvirt adapter
  useLibvirtAdapter();
  const svc = opts.service;
  /** A request's guest, parsed once per distinct text (an error is not remembered). */
  const memoGuest = (g: unknown, key: string, field: string): GuestInput => {
    let v = svc.memo.guests.get(key);
    if (!v) svc.memo.guests.set(key, (v = guestOf(g, field)));
    return v;
  };
  const compactor = opts.compactor === undefined ? defaultCompactor(process.env) : opts.compactor;
  const bulkLines = opts.bulkLines ?? 1000;
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: opts.bodyLimit ?? ONE_MIB, ajv: { customOptions: { allErrors: false, coerceTypes: true, removeAdditional: false } } });
  app.decorateRequest('bodyText', undefined);
  app.decorateRequest('keptAnswer', undefined);
  app.decorateRequest('answerKey', undefined);

  // ------------------------------------------------------------- metrics
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  // observed per request without prom-client's per-call label work (durations.ts); printed as its Histogram would
  const httpDuration = new DurationHistogram('cpumodels_http_request_duration_seconds', 'HTTP request duration', [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5]);
  registry.registerMetric(httpDuration as unknown as client.Metric);
  new client.Gauge({ name: 'cpumodels_hosts', help: 'stored hosts', registers: [registry], collect() { this.set(svc.index.hosts.size); } });
  new client.Gauge({ name: 'cpumodels_classes', help: 'capability classes with hosts', registers: [registry], collect() { this.set([...svc.index.classes.values()].filter((c) => c.hosts.size).length); } });
  new client.Gauge({ name: 'cpumodels_last_event_id', help: 'the newest event the index has applied', registers: [registry], collect() { this.set(svc.index.lastEvent); } });
  app.addHook('onResponse', (req, reply, done) => {
    httpDuration.observe(req.method, req.routeOptions.url ?? 'unknown', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  // ------------------------------------------------------------- errors
  app.setErrorHandler((e: Error & { statusCode?: number; code?: string; validation?: { instancePath: string; params: Record<string, unknown>; message?: string }[]; validationContext?: string }, req, reply) => {
    let err: ApiError;
    if (e instanceof ApiError) err = e;
    else if (e instanceof StorageUnavailable) {
      err = new ApiError('unavailable', 'the database is unavailable; the service retries by itself', {});
      void reply.header('Retry-After', '1');
    } else if (e.validation) {
      const v = e.validation[0]!;
      const where = [e.validationContext ?? 'body', ...v.instancePath.split('/').filter(Boolean), ...(v.params['missingProperty'] ? [String(v.params['missingProperty'])] : []), ...(v.params['additionalProperty'] ? [String(v.params['additionalProperty'])] : [])].join('.');
      const allowed = v.params['allowedValues'] as unknown[] | undefined;
      err = new ApiError('invalid-request', `${where}: ${v.message ?? 'invalid'}`, { field: where, ...(allowed ? { hint: `one of ${allowed.join(', ')}` } : v.params['additionalProperty'] ? { hint: 'remove it; see /openapi.json' } : {}) });
    } else if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') err = new ApiError('body-too-large', `the request body is over ${opts.bodyLimit ?? ONE_MIB} bytes`, { field: 'body' });
    else if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') err = new ApiError('unsupported-media-type', `content type '${req.headers['content-type']}' is not accepted here`, { field: 'content-type' });
    else if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.name === 'SyntaxError' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') err = new ApiError('malformed-json', `body: malformed JSON: ${e.message}`, { field: 'body' });
    else if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) err = new ApiError('invalid-request', e.message, {});
    else {
      req.log.error(e);
      err = new ApiError('internal', `internal error: ${e.message}`);
    }
    void reply.status(err.status).send(err.body());
  });
  app.setNotFoundHandler((req, reply) => {
    const e = new ApiError('not-found', `no route ${req.method} ${req.url.split('?')[0]}`, { hint: 'GET /openapi.json lists the routes' });
    void reply.status(404).send(e.body());
  });

  // ------------------------------------------------------------- auth
  const WRITE = new Set(['PUT', 'DELETE']);
  const writeRoutes = new Set(['/v1/hosts::import', '/v1/hosts:import']);
  const open = new Set(['/healthz', '/readyz', ...DASHBOARD_ROUTES]);
  // a callback hook, not an async one: a read that needs no token costs no promise
  app.addHook('onRequest', (req, _reply, done) => {
    // the idle compaction waits for a moment with no request at all
    if (compactor) compactor.requests++;
    if (opts.token === undefined) return done();
    const url = req.routeOptions.url ?? '';
    if (open.has(url)) return done();
    const isWrite = WRITE.has(req.method) || writeRoutes.has(url);
    if (!isWrite && !opts.readsNeedToken) return done();
    const h = req.headers.authorization;
    const given = h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
    if (!tokenMatches(given, opts.token)) {
      return done(new ApiError('unauthorized', given === undefined ? `${isWrite ? 'writes' : 'requests'} need a bearer token` : 'the bearer token does not match', { field: 'authorization' }));
    }
    done();
  });

  // ------------------------------------------------------------- answer cache
  // Answers depend only on the index (and, for migrate-check by name, on
  // stored documents, whose every change moves the index version too): kept
  // as serialized JSON bytes until the next change (a Buffer is sent as is:
  // no re-encoding per request). The key is the method, the URL and the body
  // as sent: a repeated question is answered before its body is parsed or
  // validated (only answers to valid questions are kept).
  const cache = new Map<string, Buffer>();
  const cacheMax = opts.queryCache ?? 1000;
  let cacheVersion = -1;
  const inFlight = new Map<string, Promise<Buffer>>();
  const answerKey = (req: FastifyRequest): string => req.answerKey ?? `${req.method} ${req.url} ${req.bodyText ?? (req.body === undefined ? '' : JSON.stringify(req.body))}`;
  /** The kept answer to this question, when there is one for the index as it is. */
  const keptAnswer = (key: string): Buffer | undefined => (cacheVersion === svc.index.version ? cache.get(key) : undefined);
  const JSON_TYPE = 'application/json; charset=utf-8';
  /** An answer as the bytes sent, and kept for its question when the index has not changed meanwhile. */
  const encodeAndKeep = (key: string | undefined, v: number, v0: unknown): Buffer => {
    const bytes = v0 instanceof Serialized ? v0.bytes : Buffer.from(JSON.stringify(v0));
    if (key !== undefined && cacheMax > 0 && v === svc.index.version) {
      if (cache.size >= cacheMax) cache.delete(cache.keys().next().value!);
      cache.set(key, bytes);
    }
    return bytes;
  };
  /**
   * The answer to a question: kept, or computed; returned as is when it is at hand (the route handler is not async:
   * fastify sends a value a handler returns at once, without a promise), as a promise only when it waits. A computation that answers at once (every one whose inputs are in
   * the index and the memos) is not registered anywhere; one that waits (on the database) is shared by identical
   * requests that arrive meanwhile, instead of each asking the database again. Registering every computation was
   * measured to churn the in-flight map's table in V8's old generation (a new table per request under load:
   * docs/service.md, "Where a query's tail comes from").
   */
  const cachedJson = (req: FastifyRequest, reply: FastifyReply, compute: () => unknown): Buffer | Promise<Buffer> => {
    if (cacheVersion !== svc.index.version) {
      cache.clear();
      cacheVersion = svc.index.version;
    }
    // no answer cache (--query-cache 0): the key (a new string of method, URL and body, hashed) is made only for a computation that waits
    const key = cacheMax > 0 || inFlight.size ? answerKey(req) : undefined;
    let text = key === undefined ? undefined : cache.get(key);
    if (text === undefined) {
      const v = svc.index.version;
      const p = key !== undefined && inFlight.size ? inFlight.get(`${v} ${key}`) : undefined;
      if (p) return p.then(asJson);
      const v0 = compute();
      if (v0 instanceof Promise) {
        const k = key ?? answerKey(req);
        const flightKey = `${v} ${k}`;
        const q = v0.then((x) => encodeAndKeep(k, v, x));
        inFlight.set(flightKey, q);
        const done = () => inFlight.delete(flightKey);
        q.then(done, done);
        return q.then(asJson);
      }
      text = encodeAndKeep(key, v, v0);
    }
    void reply.type(JSON_TYPE);
    return text;
    function asJson(b: Buffer): Buffer {
      void reply.type(JSON_TYPE);
      return b;
    }
  };
  // JSON bodies are read as text first: the text is the answer key; a kept answer skips parsing and validation
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    req.bodyText = text;
    if (cacheMax > 0) {
      const kept = keptAnswer((req.answerKey = `${req.method} ${req.url} ${text}`));
      if (kept) {
        req.keptAnswer = kept;
        done(null, undefined);
        return;
      }
    }
    parseJson(req, text, done);
  });
  app.addHook('preValidation', (req, reply, done) => {
    if (req.keptAnswer) {
      void reply.type(JSON_TYPE).send(req.keptAnswer);
      return;
    }
    done();
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'cpumodels fleet service', version: '1', description: "Hosts' CPU capabilities, classes, baselines, placement and migration verdicts (docs/service.md)" },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });

  // ------------------------------------------------------------- health
  app.get('/healthz', { schema: { description: 'the process answers', response: responses() } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { description: 'the index is loaded and the database answers', response: responses() } }, async (_req, reply) => {
    if (!svc.ready) return reply.status(503).header('Retry-After', '1').send(new ApiError('unavailable', 'loading the index').body());
    await svc.storage.ping();
    return { status: 'ready', hosts: svc.index.hosts.size, lastEvent: svc.index.lastEvent };
  });
  app.get('/metrics', { schema: { description: 'Prometheus metrics' } }, async (_req, reply) => {
    void reply.type(registry.contentType);
    return registry.metrics();
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // ------------------------------------------------------------- hosts (raw bodies)
  await app.register(async (raw) => {
    // host descriptions are read as text, exactly as the CLI reads files
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('application/x-ndjson', (_req, payload, done) => done(null, payload));
    raw.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

    raw.put<{ Params: { name: string }; Querystring: Record<string, string>; Body: string }>(
      '/v1/hosts/:name',
      {
        schema: {
          description: "Store one host's capability (format detected: host document, /proc/cpuinfo, CPUID dump, libvirt capabilities/domcapabilities, QMP expansion reply), or a JSON envelope {labels, document}. Query parameters are labels. Idempotent.",
          params: { type: 'object', properties: { name: { type: 'string', pattern: HOST_NAME.source } }, required: ['name'] },
          querystring: { type: 'object', additionalProperties: { type: 'string' } },
          body: { type: 'string', minLength: 1 },
          response: responses(),
        },
      },
      async (req, reply) => {
        const name = req.params.name;
        let labels = checkLabels(req.query, 'query');
        let text = req.body;
        const t = text.trimStart();
        if (t.startsWith('{')) {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch (e) {
            throw new ApiError('malformed-json', `body: malformed JSON: ${(e as Error).message}`, { field: 'body' });
          }
          const o = json as Record<string, unknown>;
          if (o && typeof o === 'object' && 'document' in o && !('format' in o)) {
            const extra = Object.keys(o).filter((k) => k !== 'document' && k !== 'labels');
            if (extra.length) throw new ApiError('invalid-request', `body.${extra[0]}: unknown envelope member`, { field: `body.${extra[0]}`, hint: 'an envelope has document and labels' });
            labels = { ...labels, ...checkLabels(o['labels'], 'body.labels') };
            text = hostText(o['document']);
            if (!text) throw new ApiError('invalid-request', 'body.document: empty', { field: 'body.document' });
          }
        }
        const w = svc.prepare(name, text, labels, name, 'body');
        const [r] = await svc.write([w]);
        void reply.status(r!.change === 'added' ? 201 : 200);
        return { name, change: r!.change, class: `${w.cls.model}@${w.cls.signature}`, signature: w.cls.signature, arch: w.cls.arch, labels, ...(r!.event ? { event: r!.event } : {}) };
      },
    );

    // ----------------------------------------------------------- guests
    const guestParams = { type: 'object', properties: { name: { type: 'string', pattern: HOST_NAME.source } }, required: ['name'] } as const;
    raw.put<{ Params: { name: string }; Body: string }>(
      '/v1/guests/:name',
      {
        schema: {
          description: "Store a guest CPU: a libvirt domain XML or <cpu>, QMP model JSON ({name, props}) or a -cpu spec (Skylake-Server,avx512f=off). A host's capability change names the stored guests that fitted it before and no longer do (GET /v1/events: unfitGuests). Idempotent.",
          params: guestParams,
          body: { type: 'string', minLength: 1 },
          response: responses(),
        },
      },
      async (req, reply) => {
        const g = guestFromText(req.body.trim(), 'body');
        if (!g.ok) throw fromEngine(g.error, 'body');
        // refused unless it resolves on one architecture (its own when it names one): an unknown model or feature is a 4xx
        const named = g.value.kind === 'libvirt' ? (g.value.arch ?? g.value.cpu.arch) : undefined;
        const arches: string[] = named ? [archFacts(named)?.arch ?? named] : fleetArches();
        let first: ApiError | undefined;
        if (!arches.some((a) => {
          const r = isFleetArch(a) ? resolve(a, g.value) : undefined;
          if (r && !r.ok) first ??= fromEngine(r.error, 'body');
          return r?.ok;
        })) throw first ?? new ApiError('invalid-request', `body: a guest of architecture '${arches[0]}' is not supported`, { field: 'body' });
        const change = await svc.storage.putGuest(req.params.name, req.body.trim());
        void reply.status(change === 'added' ? 201 : 200);
        return { name: req.params.name, change, kind: g.value.kind };
      },
    );

    raw.post<{ Querystring: { batch?: number }; Body: Readable }>(
      // '::' is fastify's escape for a literal ':'
      '/v1/hosts::import',
      {
        schema: {
          description:
            'NDJSON: one host per line (a host document, or {name, labels, document}). The answer streams NDJSON: a progress line after each committed batch ({"committed", "accepted", "refused", "lines"}), one line per refused input line ({"line", "error", …}), then {"done": true, …}. Hosts in a progress line are stored.',
          querystring: { type: 'object', properties: { batch: { type: 'integer', minimum: 1, maximum: 10000, default: 1000 } }, additionalProperties: false },
        },
      },
      async (req, reply) => {
        if (typeof (req.body as Readable)?.pipe !== 'function') throw new ApiError('unsupported-media-type', `hosts:import reads NDJSON; content type '${req.headers['content-type']}'`, { field: 'content-type', hint: 'Content-Type: application/x-ndjson' });
        const batchSize = req.query.batch ?? 1000;
        const out = new PassThrough();
        void reply.status(200).type('application/x-ndjson').send(out);
        const counts = { lines: 0, accepted: 0, refused: 0, committed: 0, added: 0, changed: 0, updated: 0, unchanged: 0 };
        let batch: HostWrite[] = [];
        const flush = async () => {
          if (!batch.length) return;
          const r = await svc.write(batch);
          for (const x of r) counts[x.change as 'added' | 'changed' | 'updated' | 'unchanged']++;
          counts.committed += batch.length;
          batch = [];
          out.write(JSON.stringify({ progress: true, ...counts }) + '\n');
        };
        const lineLimit = opts.lineLimit ?? ONE_MIB;
        if (compactor) compactor.busy++;
        try {
          for await (const ls of ndjsonBatches(req.body, lineLimit)) for (const l of ls) {
            counts.lines = l.n;
            if ('text' in l && !l.text.trim()) continue;
            try {
              if ('oversized' in l) throw new ApiError('body-too-large', `line ${l.n}: ${l.oversized} bytes, over the limit of ${lineLimit} bytes per line`, { field: `line ${l.n}`, hint: 'one host per line; a host document is a few KiB' });
              const line = l.text;
              let json: Record<string, unknown>;
              try {
                json = JSON.parse(line) as Record<string, unknown>;
              } catch (e) {
                throw new ApiError('malformed-json', `line ${counts.lines}: malformed JSON: ${(e as Error).message}`, { field: `line ${counts.lines}` });
              }
              if (!json || typeof json !== 'object' || Array.isArray(json)) throw new ApiError('invalid-request', `line ${counts.lines}: not a JSON object`, { field: `line ${counts.lines}` });
              const env = 'document' in json && !('format' in json);
              const labels = env ? checkLabels(json['labels'], 'labels') : {};
              const name = env && json['name'] !== undefined ? checkName(json['name'], `line ${counts.lines}.name`) : undefined;
              batch.push(svc.prepare(name, env ? hostText(json['document']) : line, labels, name ?? `line ${counts.lines}`, env ? `line ${counts.lines}.document` : `line ${counts.lines}`));
              counts.accepted++;
            } catch (e) {
              if (!(e instanceof ApiError)) throw e;
              counts.refused++;
              out.write(JSON.stringify({ line: counts.lines, ...e.body() }) + '\n');
            }
            if (batch.length >= batchSize) await flush();
          }
          await flush();
          // a bulk import: the database's upkeep of what it wrote now, not during the queries that follow (storage.ts settle)
          if (counts.committed >= bulkLines) await svc.storage.settle();
          out.write(JSON.stringify({ done: true, ...counts }) + '\n');
        } catch (e) {
          const err = e instanceof ApiError ? e : e instanceof StorageUnavailable ? new ApiError('unavailable', `line ${counts.lines}: ${e.message}; hosts up to the last progress line are stored`) : new ApiError('internal', (e as Error).message);
          out.write(JSON.stringify({ done: false, ...counts, ...err.body() }) + '\n');
        } finally {
          batch = [];
          if (compactor) {
            compactor.busy--;
            // a bulk import's garbage fills the old generation: given back once the service is idle (compact.ts)
            if (counts.lines >= bulkLines) compactor.schedule();
          }
        }
        out.end();
        return reply;
      },
    );
  });

  // ------------------------------------------------------------- hosts (JSON)
  app.get<{ Querystring: { arch?: string; class?: string; selector?: string; prefix?: string; limit?: number; after?: string } }>(
    '/v1/hosts',
    {
      schema: {
        description: 'Stored hosts, by name; paginated (pass `next` as `after`).',
        querystring: { type: 'object', properties: { ...selectorQuery, limit: { type: 'integer', minimum: 1, maximum: 10000, default: 100 }, after: { type: 'string', maxLength: 253 } }, additionalProperties: false },
        response: responses(),
      },
    },
    async (req) => {
      const f = filterOf(req.query);
      const limit = req.query.limit ?? 100;
      const all: { name: string; c: FleetClass; labels: Record<string, string> }[] = [];
      for (const x of svc.index.select(f)) for (const n of x.hosts) if (!req.query.after || n > req.query.after) all.push({ name: n, c: x.c.cls, labels: svc.index.hosts.get(n)!.labels });
      all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const page = all.slice(0, limit);
      return {
        hosts: page.map((h) => ({ name: h.name, arch: h.c.arch, class: `${h.c.model}@${h.c.signature}`, signature: h.c.signature, labels: h.labels })),
        ...(all.length > limit ? { next: page[page.length - 1]!.name } : {}),
        matching: all.length,
      };
    },
  );

  app.get<{ Params: { name: string } }>(
    '/v1/hosts/:name',
    { schema: { description: 'One stored host with its document as sent.', params: { type: 'object', properties: { name: { type: 'string', pattern: HOST_NAME.source } }, required: ['name'] } } },
    async (req, reply) => {
      const h = await svc.storage.getHost(req.params.name);
      if (!h) throw svc.unknownHost(req.params.name, 'name');
      const c = svc.index.classes.get(h.classId)?.cls;
      const head = { name: h.name, arch: h.arch, class: c ? `${c.model}@${c.signature}` : h.signature, signature: h.signature, labels: h.labels, sourceKind: h.sourceKind, rev: h.rev, updatedAt: h.updatedAt };
      // the document goes out as stored, byte for byte
      void reply.type('application/json');
      return `${JSON.stringify(head).slice(0, -1)},"document":${h.doc}}`;
    },
  );

  app.delete<{ Params: { name: string } }>(
    '/v1/hosts/:name',
    { schema: { description: 'Remove a host.', params: { type: 'object', properties: { name: { type: 'string', pattern: HOST_NAME.source } }, required: ['name'] }, response: responses() } },
    async (req) => {
      const e = await svc.remove(req.params.name);
      if (!e) throw svc.unknownHost(req.params.name, 'name');
      return { name: req.params.name, change: 'removed', event: e };
    },
  );

  app.get('/v1/guests', { schema: { description: 'Stored guests, by name.', response: responses() } }, async () => ({ guests: await svc.storage.guests() }));
  app.get<{ Params: { name: string } }>('/v1/guests/:name', { schema: { description: 'One stored guest: its CPU as sent.', params: { type: 'object', properties: { name: { type: 'string', pattern: HOST_NAME.source } }, required: ['name'] }, response: responses() } }, async (req) => {
    const g = await svc.storage.getGuest(req.params.name);
    if (!g) throw new ApiError('unknown-guest', `name: no guest named '${req.params.name}'`, { field: 'name', value: req.params.name, hint: 'GET /v1/guests lists the stored guests' });
    return g;
  });
  app.delete<{ Params: { name: string } }>('/v1/guests/:name', { schema: { description: 'Remove a stored guest.', params: { type: 'object', properties: { name: { type: 'string', pattern: HOST_NAME.source } }, required: ['name'] }, response: responses() } }, async (req) => {
    if (!(await svc.storage.deleteGuest(req.params.name))) throw new ApiError('unknown-guest', `name: no guest named '${req.params.name}'`, { field: 'name', value: req.params.name, hint: 'GET /v1/guests lists the stored guests' });
    return { name: req.params.name, change: 'removed' };
  });

  // ------------------------------------------------------------- classes
  app.get<{ Querystring: { arch?: string; class?: string; selector?: string; prefix?: string; hosts?: number | 'all' } }>(
    '/v1/classes',
    { schema: { description: 'Capability classes (equal signature): model, architecture, hosts.', querystring: { type: 'object', properties: { ...selectorQuery, hosts: hostsLimit }, additionalProperties: false }, response: responses() } },
    (req, reply) =>
      cachedJson(req, reply, () => {
        const sel = svc.index.select(filterOf(req.query));
        const classes = sel
          .map(({ c, hosts }) => ({ signature: c.cls.signature, display: `${c.cls.model}@${c.cls.signature}`, arch: c.cls.arch, model: c.cls.model, ...(c.cls.vendor !== undefined ? { vendor: c.cls.vendor } : {}), featureCount: c.row.features.length, hostCount: hosts.length, hosts: [...hosts].sort() }))
          .sort((a, b) => b.hostCount - a.hostCount || (a.signature < b.signature ? -1 : 1));
        return cutHosts({ classes, hostCount: classes.reduce((n, c) => n + c.hostCount, 0) }, req.query.hosts);
      }),
  );

  // ------------------------------------------------------------- baseline
  const baselineReply = (r: Result<BaselineAnswer>, b: { arch?: string; hosts?: number | 'all' }) => {
    if (!r.ok) throw fromEngine(r.error, b.arch ? 'selector' : 'arch');
    return cutHosts(r.value, b.hosts);
  };
  /** A kept baseline (the same answer object until the index changes) as bytes, made once per host limit. */
  const keptBaselineReply = (r: Result<BaselineAnswer>, b: { arch?: string; hosts?: number | 'all' }) => {
    if (!r.ok) throw fromEngine(r.error, b.arch ? 'selector' : 'arch');
    return new Serialized(svc.memo.bytesOf(r, `hosts|${b.hosts ?? ''}`, () => JSON.stringify(cutHosts(r.value, b.hosts))));
  };
  app.post<{ Body: { arch?: string; class?: string; selector?: string; prefix?: string; exclude?: string[]; include?: unknown[]; hosts?: number | 'all' } }>(
    '/v1/baseline',
    {
      schema: {
        description: "The N-way baseline of the selected hosts (QMP model and libvirt <cpu>) and what holds it back, per class; status 'unknown' (no model) when no selected host's CPU is known. What-if: exclude (stored host names) and include (host descriptions not stored).",
        body: {
          type: 'object',
          properties: { ...selectorQuery, exclude: { type: 'array', items: { type: 'string', maxLength: 253 }, maxItems: 100000 }, include: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'object' }] }, maxItems: 1000 }, hosts: hostsLimit },
          additionalProperties: false,
        },
        response: responses(baselineAnswer),
      },
    },
    (req, reply) =>
      cachedJson(req, reply, () => {
        const b = req.body ?? {};
        const exclude = new Set<string>();
        (b.exclude ?? []).forEach((n, i) => {
          if (!svc.index.hosts.has(n)) throw svc.unknownHost(n, `exclude[${i}]`);
          exclude.add(n);
        });
        const f = { ...filterOf(b, 'selector'), ...(exclude.size ? { exclude } : {}) };
        if (!exclude.size && !b.include?.length) {
          // the stored hosts alone: the baseline is kept with the selection's fleet until the index changes
          const fleet = svc.index.fleet(f);
          if (!fleet.hostCount) throw new ApiError('invalid-request', 'no hosts match', { field: 'selector', hint: 'GET /v1/hosts with the same selector lists what matches' });
          return keptBaselineReply(svc.memo.ofFleet(fleet, 'baseline', () => baseline(fleet)), b);
        }
        const parts = svc.index.selectKept(f).map((x) => ({ cls: x.c.cls, hosts: x.hosts, key: x.c.key }));
        (b.include ?? []).forEach((d, i) => {
          const field = `include[${i}]`;
          const doc = readHost(hostText(d), field);
          if (!doc.ok) throw fromEngine(doc.error, field);
          const c = classOf(doc.value);
          if (!c.ok) throw fromEngine(c.error, field);
          const name = doc.value.name ?? field;
          const key = classKey(c.value);
          const same = parts.find((p) => p.key === key);
          if (same) same.hosts = [...same.hosts, name];
          else {
            const ec = engineClass({ id: -1, ...c.value });
            if (!ec.ok) throw fromEngine(ec.error, field);
            parts.push({ cls: ec.value, hosts: [name], key });
          }
        });
        if (!parts.length) throw new ApiError('invalid-request', 'no hosts match', { field: 'selector', hint: 'GET /v1/hosts with the same selector lists what matches' });
        return baselineReply(baseline(assembleFleet(parts)), b);
      }),
  );

  // ------------------------------------------------------------- placement
  app.post<{ Body: { guest: unknown; arch?: string; class?: string; selector?: string; prefix?: string; hosts?: number | 'all'; hostsPerClass?: number | 'all'; limit?: number; cursor?: string } }>(
    '/v1/placement',
    {
      schema: {
        description: `The hosts that can run a guest, and for the others why not, by class; one page of classes (fitting first, then by host count). Totals cover the whole selection; page.next is the cursor of the next page.`,
        body: {
          type: 'object',
          properties: {
            guest: guestSchema,
            ...selectorQuery,
            limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, description: `classes per page (default ${PAGE_DEFAULTS.limit})` },
            hostsPerClass: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', enum: ['all'] }], description: `host names listed per class ('all', default ${PAGE_DEFAULTS.hostsPerClass}); every host of a class: GET /v1/hosts?class=SIGNATURE` },
            hosts: { ...hostsLimit, description: 'the same as hostsPerClass (older name)' },
            cursor: { type: 'string', minLength: 1, maxLength: 200, description: "the previous answer's page.next" },
          },
          required: ['guest'],
          additionalProperties: false,
        },
        response: responses(),
      },
    },
    (req, reply) =>
      cachedJson(req, reply, () => {
        const b = req.body;
        const gk = guestKey(b.guest);
        const g = memoGuest(b.guest, gk, 'guest');
        let f = filterOf(b);
        if (!f.arch && g.kind === 'libvirt' && (g.arch ?? g.cpu.arch)) f = { ...f, arch: archFacts(g.arch ?? g.cpu.arch)?.arch ?? (g.arch ?? g.cpu.arch)! };
        if (!f.arch && g.kind === 'host') f = { ...f, arch: g.doc.arch };
        const fleet = svc.index.fleet(f);
        if (!fleet.hostCount) throw new ApiError('invalid-request', 'no hosts match', { field: 'selector' });
        // one architecture: the guest resolved once per (architecture, guest); several: placement names the error
        let guest: GuestInput | ResolvedGuest = g;
        if (fleet.arches.size === 1) {
          const arch = [...fleet.arches.keys()][0]!;
          const rk = `${arch}|${gk}`;
          let rg = svc.memo.resolved.get(rk);
          if (!rg) {
            const r = resolve(arch, g);
            if (!r.ok) throw fromEngine(r.error, 'guest');
            svc.memo.resolved.set(rk, (rg = r.value));
          }
          guest = rg;
        }
        // kept with the selection's fleet (until the index changes) per guest; several architectures: not kept
        const r = guest === g ? place(fleet, guest, svc.memo.verdictOf(gk)) : svc.memo.ofFleet(fleet, `place|${gk}`, () => place(fleet, guest, svc.memo.verdictOf(gk)));
        if (!r.ok) throw fromEngine(r.error, /hosts of several/.test(r.error.message) ? 'arch' : 'guest');
        const opts: PageOptions = { ...(b.limit !== undefined ? { limit: b.limit } : {}), ...((b.hostsPerClass ?? b.hosts) !== undefined ? { hostsPerClass: (b.hostsPerClass ?? b.hosts)! } : {}), ...(b.cursor !== undefined ? { cursor: b.cursor } : {}) };
        const make = (): string => {
          const pg = placementPage(r.value, opts);
          if (!pg.ok) throw fromEngine(pg.error, 'cursor');
          return JSON.stringify(pg.value);
        };
        // first pages kept with the placement (a cursor is any offset: not kept)
        return new Serialized(opts.cursor === undefined ? svc.memo.bytesOf(r.value, `${opts.limit}|${opts.hostsPerClass}`, make) : Buffer.from(make()));
      }),
  );

  // ------------------------------------------------------------- migrate-check
  const hostArg = async (v: unknown, field: string): Promise<HostDoc> => {
    if (typeof v === 'string' && HOST_NAME.test(v)) return svc.hostDoc(v, field);
    const d = readHost(hostText(v), field);
    if (!d.ok) throw fromEngine(d.error, field);
    return d.value;
  };
  /** hostArg without waiting: a host description, or a stored host already read (undefined: it has to be read from the database) */
  const hostArgNow = (v: unknown, field: string): HostDoc | undefined => {
    if (typeof v === 'string' && HOST_NAME.test(v)) return svc.knownDoc(v);
    const d = readHost(hostText(v), field);
    if (!d.ok) throw fromEngine(d.error, field);
    return d.value;
  };
  app.post<{ Body: { guest: unknown; target: unknown; source?: unknown; deprecated?: string[] } }>(
    '/v1/migrate-check',
    {
      schema: {
        description: 'The migration verdict for a guest from source to target; source and target are stored host names or host descriptions. Same answer as `cpumodels migrate-check --json`.',
        body: {
          type: 'object',
          properties: { guest: guestSchema, target: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'object' }] }, source: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'object' }] }, deprecated: { type: 'array', items: { type: 'string' } } },
          required: ['guest', 'target'],
          additionalProperties: false,
        },
        response: responses(),
      },
    },
    (req, reply) =>
      cachedJson(req, reply, () => {
        const b = req.body;
        const gk = guestKey(b.guest);
        const guest = memoGuest(b.guest, gk, 'guest');
        const answer = (target: HostDoc, source: HostDoc | undefined): Serialized => {
          // verdicts are remembered per (target, source) document as read and guest; an error is not
          let failure: ApiError | undefined;
          const v = svc.memo.migration(target, source, `${gk}|${b.deprecated ? JSON.stringify(b.deprecated) : '[]'}`, () => {
            const r = migrate({ guest, target, ...(source ? { source } : {}), ...(b.deprecated ? { deprecated: b.deprecated } : {}) });
            if (r.ok) return r.value;
            failure = fromEngine(r.error, 'guest');
            throw failure;
          });
          if (failure) throw failure;
          return new Serialized(svc.memo.bytesOf(v, 'json', () => JSON.stringify(v)));
        };
        // answered at once when both hosts are known without the database; otherwise target, then source, are read
        const target = hostArgNow(b.target, 'target');
        if (!target) return (async () => answer(await hostArg(b.target, 'target'), b.source !== undefined ? await hostArg(b.source, 'source') : undefined))();
        if (b.source === undefined) return answer(target, undefined);
        const source = hostArgNow(b.source, 'source');
        return source ? answer(target, source) : (async () => answer(target, await hostArg(b.source, 'source')))();
      }),
  );

  // ------------------------------------------------------------- upgrade-check
  app.post<{ Body: { arch: string; from: string; to: string; hosts?: unknown[]; guests?: unknown[]; class?: string; selector?: string; prefix?: string } }>(
    '/v1/upgrade-check',
    {
      schema: {
        description: 'The upgrade forecast from QEMU release `from` to `to`: catalog change, host-models, the migration window, guests. hosts: stored host names or host descriptions (default: the stored hosts of arch the selector matches, at most 1000; [] for the catalog change alone). Same answer as `cpumodels upgrade-check --json`.',
        body: {
          type: 'object',
          properties: { arch: { type: 'string', minLength: 1 }, from: { type: 'string', minLength: 1 }, to: { type: 'string', minLength: 1 }, hosts: { type: 'array', items: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'object' }] }, maxItems: 1000 }, guests: { type: 'array', items: guestSchema, maxItems: 1000 }, class: selectorQuery.class, selector: selectorQuery.selector, prefix: selectorQuery.prefix },
          required: ['arch', 'from', 'to'],
          additionalProperties: false,
        },
        response: responses(),
      },
    },
    (req, reply) =>
      cachedJson(req, reply, async () => {
        const b = req.body;
        const { upgradeCheck } = await import('../upgrade/upgrade.js');
        let names: unknown[] | undefined = b.hosts;
        if (!names) {
          names = svc.index.select(filterOf({ ...b, arch: b.arch })).flatMap((x) => x.hosts);
          if (names.length > 1000) throw new ApiError('invalid-request', `${names.length} stored hosts match; at most 1000 per forecast`, { field: 'selector', hint: 'narrow with class, selector or prefix, or name the hosts' });
        }
        const hosts = await Promise.all((names ?? []).map(async (h, i) => ({ doc: await hostArg(h, `hosts[${i}]`), file: typeof h === 'string' ? h : `hosts[${i}]` })));
        const { machineOf } = await import('../upgrade/command.js');
        const guests = (b.guests ?? []).map((g, i) => {
          const machine = typeof g === 'string' ? machineOf(g) : undefined;
          return { input: guestOf(g, `guests[${i}]`), origin: `guests[${i}]`, ...(machine ? { machine } : {}) };
        });
        const r = upgradeCheck({ arch: b.arch, from: b.from, to: b.to, hosts, guests });
        if (!r.ok) throw fromEngine(r.error, /--from|--to/.test(r.error.message) ? (r.error.message.startsWith('--from') ? 'from' : 'to') : /guest/.test(r.error.message) ? 'guests' : 'hosts');
        return r.value;
      }),
  );

  // ------------------------------------------------------------- matrix
  app.get<{ Querystring: { arch?: string; class?: string; selector?: string; prefix?: string } }>(
    '/v1/matrix',
    {
      schema: {
        description: "Which class can take a host-model guest started on which class: for each architecture, the classes and, per source class, the target classes that run its guest.",
        querystring: { type: 'object', properties: selectorQuery, additionalProperties: false },
        response: responses(),
      },
    },
    (req, reply) =>
      cachedJson(req, reply, () => {
        const sel = svc.index.select(filterOf(req.query));
        const byArch = new Map<string, typeof sel>();
        for (const s of sel) byArch.set(s.c.row.arch, [...(byArch.get(s.c.row.arch) ?? []), s]);
        const matrices = [...byArch].map(([arch, cs]) => {
          cs.sort((a, b) => b.hosts.length - a.hosts.length || (a.c.row.signature < b.c.row.signature ? -1 : 1));
          const classes = cs.map((c, i) => ({ index: i, signature: c.c.row.signature, display: `${c.c.cls.model}@${c.c.cls.signature}`, hostCount: c.hosts.length }));
          // an architecture without a host-model (aarch64: libvirt reports none) has no rows, and says why
          const refused = hostModelGuest(cs[0]!.c.row);
          if (!refused.ok && refused.error.code === 'unsupported') return { arch, classes, rows: [], note: refused.error.message };
          const rows = cs.map((src) => {
            const g = hostModelGuest(src.c.row);
            // a class whose CPU is not known has no host-model: no row of its own
            if (!g.ok && g.error.code === 'host-model-unavailable') return { from: cs.indexOf(src), canTake: [], hostsReached: 0, note: g.error.message };
            if (!g.ok) throw fromEngine(g.error, 'arch');
            const to: number[] = [];
            cs.forEach((tgt, j) => {
              if (canRun(g.value, tgt.c.cls)) to.push(j);
            });
            return { from: cs.indexOf(src), canTake: to, hostsReached: to.reduce((n, j) => n + cs[j]!.hosts.length, 0) };
          });
          return { arch, classes, rows };
        });
        return { matrices };
      }),
  );

  // ------------------------------------------------------------- node labels (src/labels, docs/labels.md)
  registerLabelRoutes(app, svc);
  registerDashboard(app);

  // ------------------------------------------------------------- events
  app.get<{ Querystring: { after?: number; host?: string; limit?: number } }>(
    '/v1/events',
    {
      schema: {
        description: 'History: added, removed, changed (features gained and lost), updated (labels/source). With Accept: text/event-stream, a server-sent event stream (resumes after Last-Event-ID or `after`).',
        querystring: { type: 'object', properties: { after: { type: 'integer', minimum: 0 }, host: { type: 'string', maxLength: 253 }, limit: { type: 'integer', minimum: 1, maximum: 10000, default: 1000 } }, additionalProperties: false },
      },
    },
    async (req, reply) => {
      const q = req.query;
      if (!(req.headers.accept ?? '').includes('text/event-stream')) {
        const events = await svc.storage.events({ ...(q.after !== undefined ? { after: q.after } : {}), ...(q.host ? { host: q.host } : {}), limit: q.limit ?? 1000 });
        return { events, ...(events.length ? { next: events[events.length - 1]!.id } : {}) };
      }
      return streamEvents(req, reply, svc, Number(req.headers['last-event-id'] ?? q.after ?? svc.index.lastEvent), q.host);
    },
  );

  // loading the index at start leaves garbage too (100,000 host rows, their labels parsed): given back once idle
  app.addHook('onListen', (done) => {
    compactor?.schedule();
    done();
  });
  app.addHook('onClose', (_app, done) => {
    compactor?.stop();
    done();
  });
  return app;
}

async function streamEvents(req: FastifyRequest, reply: FastifyReply, svc: FleetService, after: number, host?: string): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.write(': connected\n\n');
  let last = after;
  const send = (e: { id: number; kind: string; host: string }) => {
    if (e.id <= last || (host && e.host !== host)) return;
    last = e.id;
    res.write(`id: ${e.id}\nevent: ${e.kind}\ndata: ${JSON.stringify(e)}\n\n`);
  };
  const live: { id: number; kind: string; host: string }[] = [];
  let backlogDone = false;
  const onEvent = (e: { id: number; kind: string; host: string }) => (backlogDone ? send(e) : live.push(e));
  svc.bus.on('event', onEvent);
  const ping = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  req.raw.on('close', () => {
    clearInterval(ping);
    svc.bus.off('event', onEvent);
  });
  for (const e of await svc.storage.events({ after, ...(host ? { host } : {}), limit: 10_000 })) send(e);
  backlogDone = true;
  for (const e of live) send(e);
}
