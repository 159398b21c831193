/**
 * qmp_capabilities in every state, as Debian's QEMU 7.2 answers it on each
 * architecture (test/fixtures/qmp-capabilities, tools/capture-qmp-capabilities.ts):
 * bad arguments before negotiation, and the command sent again after it —
 * plain, with `enable`, with bad values, with one or several unknown keys,
 * with an id — in a session negotiated without and one negotiated with oob.
 * Replies are compared as text.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readJson } from '../helpers/reference.js';
import { TestSession, makeService } from '../helpers/qmp.js';
import { CONVERSATIONS } from '../../tools/capture-qmp-capabilities.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/qmp-capabilities');

interface Fixture {
  arch: string;
  records: { conversation: string; request: string; reply: string }[];
}

describe('qmp_capabilities before and after negotiation: QEMU 7.2 text', () => {
  for (const arch of ['s390x', 'x86_64', 'ppc64', 'aarch64']) {
    it(`${arch}: every captured reply, as text`, () => {
      const f = readJson(path.join(dir, `${arch}.json`)) as Fixture;
      expect(f.arch).toBe(arch);
      const failures: string[] = [];
      for (const [name, requests] of Object.entries(CONVERSATIONS)) {
        const recs = f.records.filter((r) => r.conversation === name);
        // the fixture was captured from these very conversations
        expect(recs.map((r) => r.request)).toEqual(requests);
        const s = new TestSession(makeService({ arch, strict: true }), false);
        for (const r of recs) {
          s.send(r.request);
          const got = s.takeRaw();
          if (got.length !== 1 || got[0] !== r.reply) failures.push(`${name}: ${r.request}\n  qemu ${r.reply}\n  ours ${got.join(' | ')}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('sent again, the arguments are still checked before "already complete"', () => {
    const s = new TestSession(makeService({ arch: 'x86_64', strict: true }));
    expect(s.ask('{"execute": "qmp_capabilities", "arguments": {"enable": ["oob"], "zz": 1, "aa": 2}}').error.desc).toBe("Parameter 'aa' is unexpected");
    expect(s.ask('{"execute": "qmp_capabilities", "arguments": {"enable": ["nope"], "bogus": 1}}').error.desc).toBe("Parameter 'null' does not accept value 'nope'");
    expect(s.ask('{"execute": "qmp_capabilities", "arguments": {"enable": ["oob"]}}').error).toEqual({ class: 'CommandNotFound', desc: 'Capabilities negotiation is already complete, command ignored' });
    // a re-sent enable of oob does not switch oob on: exec-oob stays unknown
    expect(s.ask('{"exec-oob": "qmp_capabilities"}').error.desc).toBe("QMP input member 'exec-oob' is unexpected");
  });
});
