/**
 * QmpSession's checks of the request itself (QEMU's monitor): a value that
 * is not an object is refused, a whole-valued double included (the reader
 * boxes those as QmpDouble; observed on qemu-system-x86_64 7.2, see
 * test/live/json-errors.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { QmpSession } from './session.js';
import type { QmpService } from './service.js';

describe('QmpSession', () => {
  it('a top-level number, string or double is "QMP input must be a JSON object"', () => {
    const out: string[] = [];
    const s = new QmpSession({ version: {} } as unknown as QmpService, { send: (l) => out.push(l) });
    s.feed('1 "x" 1.5 1e3 -0.0\n');
    const err = '{"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}';
    expect(out).toEqual([err, err, err, err, err]);
  });
});
