/**
 * Integers beyond 2^53 survive the whole QMP path exactly: reading a request,
 * holding a uint64 property, printing the reply, and the comparison helpers of
 * the golden and live tiers (which must not round both sides the same way).
 * The expected texts are what Debian's QEMU 7.2 answered to the same requests.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { integerValue, parseJsonExact } from '../../src/adapters/qmp/json-stream.js';
import { QmpDouble, toJsonText, toQmpJson } from '../../src/core/qmp-json.js';
import { QEMU72, hasShared, readJson, replyDiff } from '../helpers/reference.js';
import { TestSession, makeService } from '../helpers/qmp.js';
import { compareReplies } from '../live/diff-util.js';

const LBR = '18446744073709551552';
const strict = makeService({ arch: 'x86_64', strict: true });

/** One request's reply, as the text we print. */
function replyText(args: unknown): string {
  const s = new TestSession(strict);
  s.send(`{"execute": "query-cpu-model-expansion", "arguments": ${toJsonText(args)}}`);
  const out = s.takeRaw();
  expect(out).toHaveLength(1);
  return out[0]!;
}

const full = (props?: Record<string, unknown>) => ({ type: 'full', model: { name: 'qemu64', ...(props ? { props } : {}) } });

describe('exact integers in QMP', () => {
  it('the reader keeps int64 and uint64 exact, and makes a double of anything beyond, as QEMU does', () => {
    expect(parseJsonExact(`{"lbr-fmt": ${LBR}}`)).toEqual({ 'lbr-fmt': BigInt(LBR) });
    expect(integerValue('9007199254740993')).toBe(9007199254740993n);
    expect(integerValue('-9223372036854775808')).toBe(-(2n ** 63n));
    expect(integerValue('18446744073709551615')).toBe(2n ** 64n - 1n);
    expect(integerValue('18446744073709551616')).toEqual(new QmpDouble(2 ** 64));
    expect(integerValue('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(integerValue('-0')).toBe(0);
  });

  it('the writer prints them exactly', () => {
    expect(toQmpJson({ 'lbr-fmt': BigInt(LBR) })).toBe(`{"lbr-fmt": ${LBR}}`);
    expect(toJsonText({ a: [BigInt(LBR), 1] }, 1)).toBe(`{\n "a": [\n  ${LBR},\n  1\n ]\n}`);
  });

  it('a full expansion prints lbr-fmt as QEMU 7.2 does', () => {
    expect(replyText(full())).toContain(`"lbr-fmt": ${LBR}`);
  });

  it('uint64 and int64 properties take and print every value of their range exactly (live QEMU 7.2 answers)', () => {
    expect(replyText(full({ 'ucode-rev': -1 }))).toContain('"ucode-rev": 18446744073709551615');
    expect(replyText(full({ 'ucode-rev': 18446744073709551615n }))).toContain('"ucode-rev": 18446744073709551615');
    expect(replyText(full({ 'ucode-rev': -(2n ** 63n) }))).toContain('"ucode-rev": 9223372036854775808');
    expect(replyText(full({ 'tsc-frequency': 2n ** 63n - 1n }))).toContain('"tsc-frequency": 9223372036854775000');
    expect(replyText(full({ 'ucode-rev': 2n ** 64n }))).toBe(`{"error": {"class": "GenericError", "desc": "Parameter 'ucode-rev' expects uint64"}}`);
    expect(replyText(full({ 'tsc-frequency': 2n ** 63n }))).toBe(`{"error": {"class": "GenericError", "desc": "Invalid parameter type for 'tsc-frequency', expected: integer"}}`);
    expect(replyText(full({ 'tsc-frequency': -(2n ** 63n) }))).toBe(
      `{"error": {"class": "GenericError", "desc": "Property .tsc-frequency doesn't take value -9223372036854775808 (minimum: 0, maximum: 9223372036854775807)"}}`,
    );
    expect(replyText(full({ 'lbr-fmt': -64 }))).toBe(`{"error": {"class": "GenericError", "desc": "Property value for 'lbr-fmt' has bits outside mask '0x3f'"}}`);
  });

  it('the comparison helpers see a rounded integer', () => {
    const rounded = 18446744073709552000;
    expect(replyDiff({ 'lbr-fmt': rounded }, { 'lbr-fmt': BigInt(LBR) })).not.toBeNull();
    expect(compareReplies({ return: { 'lbr-fmt': rounded } }, { return: { 'lbr-fmt': BigInt(LBR) } })).not.toBeNull();
    expect(compareReplies({ return: { 'lbr-fmt': BigInt(LBR) } }, { return: { 'lbr-fmt': BigInt(LBR) } })).toBeNull();
  });

  it.skipIf(!hasShared())('the reference is read without rounding (so the golden tier compares exact values)', () => {
    const file = path.join(QEMU72, 'x86_64', 'expansions.json');
    expect(readFileSync(file, 'utf8')).toContain(LBR);
    const recs = readJson(file).records as { type: string; reply: any }[];
    const fulls = recs.filter((r) => r.type === 'full' && r.reply.return);
    expect(fulls.length).toBeGreaterThan(100);
    for (const r of fulls) expect(r.reply.return.model.props['lbr-fmt']).toBe(BigInt(LBR));
  });
});
