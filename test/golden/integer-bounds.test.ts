/**
 * Integer properties at the edges of QEMU's JSON reader and visitors, sent as
 * text: 2^53±1, the int64/uint64 limits and one past them, and literals QEMU
 * reads as doubles ("1e3", "1.0", "-0.0", "1.5" …: any number with '.', 'e'
 * or 'E'). The fixtures are Debian QEMU 7.2's own answers
 * (tools/capture-integer-bounds.ts); both sides are compared as canonical
 * text, integers exact.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseJsonExact } from '../../src/adapters/qmp/json-stream.js';
import { QmpDouble, toQmpJson } from '../../src/core/qmp-json.js';
import { readJson } from '../helpers/reference.js';
import { TestSession, makeService } from '../helpers/qmp.js';
import { INTEGER_PROPS, integerBoundRequests, leftOut, reduceReply } from '../../tools/capture-integer-bounds.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/integer-bounds');

/** Our reply to one request line, reduced as the capture reduced QEMU's. */
export function ourReduced(s: TestSession, request: string): string {
  s.send(request);
  const out = s.takeRaw();
  if (out.length !== 1) throw new Error(`expected one reply to ${request}, got ${out.length}`);
  return reduceReply(parseJsonExact(out[0]!) as Record<string, unknown>, request);
}

describe('integer properties at the edges: what QEMU 7.2 answers', () => {
  for (const arch of Object.keys(INTEGER_PROPS)) {
    it(`${arch}: every captured case`, () => {
      const f = readJson(path.join(dir, `${arch}.json`)) as { records: { request: string; reply: string }[] };
      // the fixture holds every request the tool sends today
      expect(f.records.map((r) => r.request)).toEqual(integerBoundRequests(arch));
      expect(f.records.filter((r) => r.reply === 'QEMU aborted')).toEqual([]);
      const s = new TestSession(makeService({ arch, strict: true }));
      const failures = f.records.map((r) => ({ request: r.request, qemu: r.reply, ours: ourReduced(s, r.request) })).filter((x) => x.ours !== x.qemu);
      expect(failures).toEqual([]);
    });
  }

  it('whole-valued doubles are refused like any double (live QEMU 7.2)', () => {
    const s = new TestSession(makeService({ arch: 'x86_64', strict: true }));
    const req = (prop: string, lit: string) => `{"execute": "query-cpu-model-expansion", "arguments": {"type": "full", "model": {"name": "qemu64", "props": {"${prop}": ${lit}}}}}`;
    expect(ourReduced(s, req('family', '1e1'))).toBe(`{"error": {"class": "GenericError", "desc": "Invalid parameter type for 'family', expected: integer"}}`);
    expect(ourReduced(s, req('ucode-rev', '1.0'))).toBe(`{"error": {"class": "GenericError", "desc": "Parameter 'ucode-rev' expects uint64"}}`);
    expect(ourReduced(s, req('family', '10'))).toBe('{"family": 10}');
  });

  it("the reader keeps QEMU's int/double distinction and the writer prints doubles as QEMU's %.17g", () => {
    for (const lit of ['1e3', '1E3', '1.0', '-0.0', '2e0', '18446744073709551616']) expect(parseJsonExact(`[${lit}, 1234567890123456]`), lit).toEqual([expect.any(QmpDouble), 1234567890123456]);
    expect((parseJsonExact('[1.5, 1234567890123456]') as unknown[])[0]).toBe(1.5);
    expect((parseJsonExact('[1e3, 1234567890123456]') as QmpDouble[])[0]!.value).toBe(1000);
    expect(toQmpJson([new QmpDouble(1000), new QmpDouble(-0), new QmpDouble(1e21), 1.5])).toBe('[1000, -0, 1e+21, 1.5]');
    expect(JSON.stringify({ a: new QmpDouble(1000) })).toBe('{"a":1000}');
  });

  it('lbr-fmt given a double is left out: QEMU 7.2 aborts (its setter sets a second error after the visitor\'s)', () => {
    expect(leftOut('lbr-fmt', '1e3')).toBe(true);
    expect(leftOut('lbr-fmt', '18446744073709551616')).toBe(true);
    expect(leftOut('lbr-fmt', '18446744073709551615')).toBe(false);
    expect(leftOut('ucode-rev', '1e3')).toBe(false);
    // we answer with the visitor's own error instead
    const s = new TestSession(makeService({ arch: 'x86_64', strict: true }));
    expect(ourReduced(s, `{"execute": "query-cpu-model-expansion", "arguments": {"type": "static", "model": {"name": "qemu64", "props": {"lbr-fmt": 1e3}}}}`)).toBe(
      `{"error": {"class": "GenericError", "desc": "Parameter 'lbr-fmt' expects uint64"}}`,
    );
  });
});
