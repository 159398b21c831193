import { describe, expect, it } from 'vitest';
import { HOST_DOC_FORMAT, isHostDocText, parseHostDoc } from './doc.js';

const good = { format: HOST_DOC_FORMAT, arch: 's390x', identity: { type: '0x3906' }, model: 'z14', features: ['vx'], signature: '0123456789abcdef', source: { kind: 'cpuinfo', origin: 'h1' } };

describe('host capability documents', () => {
  it('reads a valid document', () => {
    const r = parseHostDoc(JSON.stringify(good), 'h1.json');
    expect(r.ok && r.value.model).toBe('z14');
    expect(isHostDocText(JSON.stringify(good))).toBe(true);
  });
  it('names the file and the member that is wrong', () => {
    const cases: [unknown, RegExp][] = [
      [{ ...good, arch: 'sparc' }, /h\.json: arch: /],
      [{ ...good, signature: 'xyz' }, /h\.json: signature: /],
      [{ ...good, format: 'other/1' }, /h\.json: format: /],
      [{ ...good, features: 'vx' }, /h\.json: features: /],
      [{ ...good, source: { kind: 'telepathy', origin: 'x' } }, /h\.json: source\.kind: /],
    ];
    for (const [doc, re] of cases) {
      const r = parseHostDoc(JSON.stringify(doc), 'h.json');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(re);
    }
    const m = parseHostDoc('{"format": ', 'h.json');
    expect(!m.ok && m.error.message).toMatch(/h\.json: malformed JSON/);
  });
});
