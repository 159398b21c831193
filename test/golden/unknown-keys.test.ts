/**
 * Several unexpected keys at once, at each struct level QEMU visits (command
 * arguments, CpuModelInfo): we must name the key QEMU 7.2 names. The fixtures
 * are Debian QEMU 7.2's own answers (tools/capture-unknown-keys.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readJson, replyDiff } from '../helpers/reference.js';
import { TestSession, makeService } from '../helpers/qmp.js';
import { firstUnvisitedKey } from '../../src/core/qobject-visitor.js';
import { qdictOrder } from '../../src/core/qmp-json.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/unknown-keys');

describe('unexpected keys: the one QEMU names', () => {
  for (const arch of ['s390x', 'x86_64', 'ppc64', 'aarch64']) {
    it(`${arch}: every captured case`, () => {
      const f = readJson(path.join(dir, `${arch}.json`)) as { records: { request: unknown; reply: any }[] };
      const unexpected = f.records.filter((r) => /is unexpected/.test(r.reply.error?.desc ?? ''));
      expect(unexpected.length).toBeGreaterThanOrEqual(Math.min(10, f.records.length));
      const s = new TestSession(makeService({ arch, strict: true }));
      const failures = f.records.map((r) => [r, replyDiff(s.ask(r.request), r.reply)] as const).filter(([, d]) => d).map(([r, d]) => `${JSON.stringify(r.request)}: ${d}`);
      expect(failures).toEqual([]);
    });
  }

  it("names QEMU's key, not the first of the request or of the QDict (live QEMU 7.2: 'alpha' in both orders)", () => {
    for (const keys of [['mid', 'alpha'], ['alpha', 'mid']]) expect(firstUnvisitedKey(qdictOrder(keys), [])).toBe('alpha');
    expect(qdictOrder(['mid', 'alpha'])[0]).toBe('mid'); // the old rule's answer
    const s = new TestSession(makeService({ arch: 'x86_64', strict: true }));
    expect(s.ask('{"execute": "query-cpu-definitions", "arguments": {"mid": 1, "alpha": 1}}').error.desc).toBe("Parameter 'alpha' is unexpected");
  });
});
