/**
 * The service's one error catalog: every 4xx/5xx body is
 * `{error, message, field?, value?, hint?}`; `error` is one of the codes
 * below, `field` names the request field or element at fault, `hint`
 * suggests a fix where there is one.
 */
import { ERROR_CATALOG } from '../core/error-catalog.js';
import { hintOf, type CpuModelError } from '../core/errors.js';

export const API_ERRORS = {
  'invalid-request': { status: 400, hint: 'see /openapi.json for the request format' },
  'malformed-json': { status: 400, hint: 'send one JSON document (hosts:import: one per line)' },
  'malformed-xml': { status: 400, hint: 'check the element named at the line and column given' },
  'invalid-host': { status: 422, hint: "send a host document, /proc/cpuinfo, a CPUID dump, libvirt capabilities or domcapabilities XML, or a QMP expansion reply" },
  'unknown-model': { status: 422, hint: 'GET the models with `cpumodels models`' },
  'unknown-feature': { status: 422, hint: 'features use QEMU\'s names (libvirt\'s inside a libvirt <cpu>)' },
  'mixed-architectures': { status: 422, hint: "narrow the hosts with 'arch' or a selector" },
  'unsupported': { status: 422 },
  'unknown-host': { status: 404, hint: 'GET /v1/hosts lists the stored hosts' },
  'unknown-guest': { status: 404, hint: 'GET /v1/guests lists the stored guests' },
  'not-found': { status: 404 },
  'stale-cursor': { status: 410, hint: "start again from the first page: leave out 'cursor'" },
  'unauthorized': { status: 401, hint: "send 'Authorization: Bearer <token>' (the token file is in the data folder, or --token-file)" },
  'body-too-large': { status: 413, hint: 'send many hosts through POST /v1/hosts:import (NDJSON)' },
  'unsupported-media-type': { status: 415, hint: 'JSON (application/json), XML or text; NDJSON for hosts:import' },
  'unavailable': { status: 503, hint: 'retry after the time in Retry-After' },
  'internal': { status: 500 },
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;

export interface ApiErrorBody {
  error: ApiErrorCode;
  message: string;
  field?: string;
  value?: string;
  hint?: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly extra: { field?: string; value?: string; hint?: string } = {},
  ) {
    super(message);
  }
  get status(): number {
    return API_ERRORS[this.code].status;
  }
  body(): ApiErrorBody {
    const hint = this.extra.hint ?? ('hint' in API_ERRORS[this.code] ? (API_ERRORS[this.code] as { hint: string }).hint : undefined);
    return { error: this.code, message: this.message, ...(this.extra.field ? { field: this.extra.field } : {}), ...(this.extra.value !== undefined ? { value: this.extra.value } : {}), ...(hint ? { hint } : {}) };
  }
}

/** An engine error, as an API error about a request field. */
export function fromEngine(e: CpuModelError, field: string): ApiError {
  const hint = hintOf(e);
  const extra = { field, ...(e.value !== undefined ? { value: e.value } : {}), ...(hint ? { hint } : {}) };
  return new ApiError(ERROR_CATALOG[e.code].api, e.message, extra);
}
