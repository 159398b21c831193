/**
 * Errors as data. The core never throws for bad input: it returns a
 * CpuModelError, which names the offending value. Adapters decide how to
 * show it: the QMP adapter sends `message` verbatim (it is QEMU's text where
 * QEMU has one), the CLI adds `hint` ("did you mean z14?").
 */
export type ErrorCode =
  | 'unknown-model'
  | 'unknown-property'
  | 'invalid-type'
  | 'feature-not-available'
  | 'requires-kvm'
  | 'host-model-unavailable'
  | 'no-baseline'
  | 'unavailable-in-configuration'
  | 'invalid-argument'
  | 'unsupported'
  | 'bad-host-data';

export interface CpuModelError {
  readonly code: ErrorCode;
  /** The message (QEMU's exact text where QEMU has one). */
  readonly message: string;
  /** A suggested fix for humans, e.g. "did you mean 'z14'?". */
  readonly hint?: string;
  /** The offending value, for machines. */
  readonly value?: string;
  /** Features involved (missing features etc.). */
  readonly features?: readonly string[];
  /** QMP error class, when not GenericError (e.g. DeviceNotFound). */
  readonly qmpClass?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: CpuModelError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: CpuModelError): Result<T> => ({ ok: false, error });

/** Thrown only at the edges (CLI) when a Result is unwrapped. */
export class CpuModelException extends Error {
  constructor(readonly error: CpuModelError) {
    super(error.hint ? `${error.message} (${error.hint})` : error.message);
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
