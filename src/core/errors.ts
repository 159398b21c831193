/**
 * Errors as data. The core never throws for bad input: it returns a
 * CpuModelError, which names the offending value. Adapters decide how to
 * show it: the QMP adapter sends `message` verbatim (it is QEMU's text where
 * QEMU has one), the CLI adds `hint` ("did you mean z14?").
 */
import { ERROR_CATALOG, type ErrorCode } from './error-catalog.js';

export type { ErrorCode } from './error-catalog.js';

export interface CpuModelError {
  readonly code: ErrorCode;
  /** The message (QEMU's exact text where QEMU has one). */
  readonly message: string;
  /** A suggested fix for humans, e.g. "pass --host FILE" (not the did-you-mean names: `suggestions`). */
  readonly hint?: string;
  /** The nearest known names to the offending value (shown as "did you mean 'z14'?" by the adapters). */
  readonly suggestions?: readonly string[];
  /** The offending value, for machines. */
  readonly value?: string;
  /** Features involved (missing features etc.). */
  readonly features?: readonly string[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: CpuModelError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: CpuModelError): Result<T> => ({ ok: false, error });

/** Thrown only at the edges (CLI) when a Result is unwrapped. */
export class CpuModelException extends Error {
  constructor(readonly error: CpuModelError) {
    super(describeError(error));
    this.name = 'CpuModelException';
  }
}

export function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new CpuModelException(r.error);
  return r.value;
}

/**
 * Two results computed in order: the second only if the first succeeded
 * (so the first error wins, as QEMU reports the first bad model), then
 * combined by `f`.
 */
export function both<A, B, R>(a: Result<A>, b: () => Result<B>, f: (a: A, b: B) => Result<R>): Result<R> {
  if (!a.ok) return a;
  const rb = b();
  if (!rb.ok) return rb;
  return f(a.value, rb.value);
}

/** The one way to make an error: the code, the message, and what else is known. */
export function error(code: ErrorCode, message: string, extra: Omit<Partial<CpuModelError>, 'code' | 'message'> = {}): CpuModelError {
  const e: { -readonly [K in keyof CpuModelError]: CpuModelError[K] } = { code, message };
  for (const [k, v] of Object.entries(extra) as [keyof CpuModelError, never][]) {
    if (v === undefined || (k === 'suggestions' && (v as unknown[]).length === 0) || (k === 'hint' && v === '')) continue;
    e[k] = v;
  }
  return e;
}

/** `error(...)` as a failed Result. */
export function err(code: ErrorCode, message: string, extra: Omit<Partial<CpuModelError>, 'code' | 'message'> = {}): Result<never> {
  return fail(error(code, message, extra));
}

/** The QMP error class of an error (GenericError unless the catalog says otherwise). */
export function qmpClassOf(e: CpuModelError): string {
  return ERROR_CATALOG[e.code].qmp;
}

/** The CLI's exit code for an error. */
export function exitCodeOf(e: CpuModelError): number {
  return ERROR_CATALOG[e.code].exit;
}

/**
 * The hint for humans: "did you mean 'a' or 'b'?" from the suggested names,
 * then the free-text hint. Undefined when there is neither.
 */
export function hintOf(e: CpuModelError): string | undefined {
  const text = [didYouMean(e.suggestions ?? []) ?? '', e.hint ?? ''].filter(Boolean).join(' ');
  return text || undefined;
}

/** "did you mean 'a' or 'b'?" for a list of names; undefined for none. */
export function didYouMean(names: readonly string[]): string | undefined {
  return names.length ? `did you mean ${names.map((x) => `'${x}'`).join(' or ')}?` : undefined;
}

/** "message (hint)": one error for humans (CLI, logs). */
export function describeError(e: CpuModelError): string {
  const h = hintOf(e);
  return h ? `${e.message} (${h})` : e.message;
}
