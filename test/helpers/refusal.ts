/**
 * One assertion for a refused Result: the message exactly, and where given
 * the offending value exactly and a hint matching a pattern.
 */
import { expect } from 'vitest';
import type { Result } from '../../src/core/errors.js';

export function expectRefusal<T>(r: Result<T>, want: { message: string; value?: unknown; hint?: RegExp }): void {
  expect(r.ok, `expected a refusal: ${want.message}`).toBe(false);
  if (r.ok) return;
  expect(r.error.message).toBe(want.message);
  if ('value' in want) expect(r.error.value).toEqual(want.value);
  if (want.hint) expect(r.error.hint).toMatch(want.hint);
}
