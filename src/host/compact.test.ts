import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toHostDoc } from './convert.js';
import { COMPACT_HOST_FORMAT, CompactReader, HostLineReader, Memo, readHostLines, readHostLinesIfAny, toCompact, type CompactHostDoc } from './compact.js';
import { validateHostDoc, type HostDoc } from './doc.js';
import { featureCatalog } from '../arch/catalogs.js';
import { takeSet } from '../core/catalog.js';
import { mulberry32 } from '../core/prng.js';
import { signatureOfNames } from '../core/signature.js';

const shared = new URL('../../../shared/reference/libvirt/cputestdata/', import.meta.url);
const doc = (file: string): HostDoc => {
  const r = toHostDoc(readFileSync(new URL(file, shared), 'utf8'), file);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const compact = (h: HostDoc): CompactHostDoc => {
  const c = toCompact(h);
  if (!c.ok) throw new Error(c.error.message);
  return c.value;
};
const S390_SYSINFO = 'Manufacturer:         IBM\nType:                 3906\nModel:                701              M01\n';

describe('compact host documents', () => {
  const hosts = [doc('x86_64-cpuid-Core-i7-2600.xml'), doc('x86_64-cpuid-Core-i7-8700.xml')];

  it('are under 1 KB and read back to the verbose document (without its derived delta and notes)', () => {
    for (const h of hosts) {
      const c = toCompact(h);
      if (!c.ok) throw new Error(c.error.message);
      expect(c.value.format).toBe(COMPACT_HOST_FORMAT);
      const line = JSON.stringify(c.value);
      expect(line.length).toBeLessThan(1024);
      const back = readHostLinesIfAny(line, 'one.json');
      expect(back?.ok && back.value).toEqual([{ format: h.format, arch: h.arch, name: h.name, identity: h.identity, model: h.model, features: h.features, signature: h.signature, display: h.display, source: h.source }]);
    }
  });

  it('keep the QEMU release and accelerator a domcapabilities file names', () => {
    const r = toHostDoc(readFileSync(new URL('../../test/fixtures/domaincapsdata/qemu_7.0.0.x86_64.xml', import.meta.url), 'utf8'), 'dc.xml');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.release).toBe('7.0');
    const back = readHostLines(JSON.stringify(compact(r.value)), 'f');
    expect(back.ok && [back.value[0]!.release, back.value[0]!.accel, back.value[0]!.features]).toEqual([r.value.release, r.value.accel, r.value.features]);
  });

  it('s390x too', () => {
    const r = toHostDoc(S390_SYSINFO, 'sysinfo');
    if (!r.ok) throw new Error(r.error.message);
    const c = toCompact(r.value);
    if (!c.ok) throw new Error(c.error.message);
    const back = readHostLines(JSON.stringify(c.value) + '\n', 'f');
    expect(back.ok && back.value[0]!.features).toEqual(r.value.features);
  });

  it('NDJSON of both forms, blank lines skipped; the class is decoded once and shared', () => {
    const lines = [JSON.stringify(compact(hosts[0]!)), JSON.stringify(hosts[1]), '', JSON.stringify({ ...compact(hosts[0]!), name: 'other' })];
    const r = readHostLinesIfAny(lines.join('\n') + '\n', 'fleet.ndjson');
    if (!r?.ok) throw new Error(r ? r.error.message : 'not read');
    expect(r.value.map((d) => d.name)).toEqual([hosts[0]!.name, hosts[1]!.name, 'other']);
    expect(r.value[1]!.features).toEqual(hosts[1]!.features);
    expect(r.value[2]!.features).toBe(r.value[0]!.features);
  });

  it('decode any feature set to its names in catalog order and its set (random sets, x86_64 and s390x, first and last bits included)', () => {
    const rnd = mulberry32(5);
    const z = toHostDoc(S390_SYSINFO, 's390');
    if (!z.ok) throw new Error(z.error.message);
    for (const h of [hosts[0]!, z.value]) {
      const cat = featureCatalog(h.arch)!;
      const all = cat.features.map((f) => f.name);
      const picks = [[], all, [all[0]!], [all[all.length - 1]!]];
      for (let n = 0; n < 300; n++) {
        const p = rnd();
        picks.push(all.filter(() => rnd() < p));
      }
      for (const names of picks) {
        const line = JSON.stringify(compact({ ...h, features: names, signature: signatureOfNames(h.arch, names) }));
        const back = readHostLines(line, 'f');
        if (!back.ok) throw new Error(back.error.message);
        // the names in the catalog's order, without help from the reader's own decoding
        expect(back.value[0]!.features).toEqual(names);
        // and the set the reader decoded with them (what the fleet takes instead of the names)
        expect(takeSet(back.value[0]!.features, cat)?.words).toEqual(cat.setOf(names).words);
      }
    }
    // a bit beyond the catalog's features is refused, not dropped
    const h = hosts[0]!;
    const cat = featureCatalog(h.arch)!;
    if (cat.size & 7) {
      const c = compact(h);
      const bytes = Buffer.from(c.features, 'base64');
      bytes[bytes.length - 1]! |= 0x80;
      const r = readHostLines(JSON.stringify({ ...c, features: bytes.toString('base64') }), 'f');
      expect(!r.ok && r.error.message).toMatch(/^f:1: features: bits set beyond the catalog's \d+ features/);
    }
  });

  it('refuse another catalog version, a bad bitset and a bad line, naming the line', () => {
    const c = compact(hosts[0]!);
    const other = readHostLines(JSON.stringify({ ...c, catalog: 'x86_64:00000000' }), 'f');
    expect(!other.ok && other.error.message).toMatch(/^f:1: written against feature catalog 'x86_64:00000000'/);
    const short = readHostLines(JSON.stringify({ ...c, features: 'AAAA' }), 'f');
    expect(!short.ok && short.error.message).toMatch(/^f:1: features: 3 bytes/);
    const broken = readHostLines(`${JSON.stringify(c)}\n{"format":`, 'f');
    expect(!broken.ok && broken.error.message).toMatch(/^f:2: malformed JSON/);
    const src = readHostLines(JSON.stringify({ ...c, source: { kind: 'nope', origin: 'x' } }), 'f');
    expect(!src.ok && src.error.message).toMatch(/^f:1: source:/);
  });

  it('read a line split at its per-host part exactly as JSON.parse reads it whole', () => {
    const c = compact(hosts[0]!);
    const { name: _n, ...noName } = c;
    const lines = [
      JSON.stringify(c),
      JSON.stringify({ ...c, name: 'b', identity: { vendor: 'X' } }),
      // a later duplicate class member in the per-host part wins, as in JSON.parse
      `${JSON.stringify(c).slice(0, -1)},"model":"Nehalem-v1"}`,
      // no name: the whole line is parsed
      JSON.stringify(noName),
      // ',"name":' inside an object of the class part: the whole line
      JSON.stringify({ format: c.format, arch: c.arch, x: { y: 1, name: 2 }, catalog: c.catalog, features: c.features, model: c.model, signature: c.signature, name: 'c', identity: c.identity, source: c.source }),
    ];
    const parsed = lines.map((l) => readHostLines(l, 'f'));
    const each = lines.map((l, i) => {
      const r = readHostLines(`${lines.slice(0, i).join('\n')}\n${l}`, 'f');
      return r.ok ? r.value[i] : r.error.message;
    });
    expect(parsed[0]!.ok && parsed[0].value[0]!.name).toBe(c.name);
    expect(parsed[1]!.ok && parsed[1].value[0]!.identity).toEqual({ vendor: 'X' });
    expect(parsed[2]!.ok && parsed[2].value[0]!.model).toBe(JSON.parse(lines[2]!).model);
    expect(JSON.parse(lines[2]!).model).toBe('Nehalem-v1');
    expect(parsed[3]!.ok && parsed[3].value[0]!.name).toBeUndefined();
    expect(parsed[4]!.ok && parsed[4].value[0]!.name).toBe('c');
    // the same answers when the class part was seen on an earlier line
    expect(each[0]).toEqual(parsed[0]!.ok && parsed[0].value[0]);
    expect(each[1]).toEqual(parsed[1]!.ok && parsed[1].value[0]);
    expect(each[2]).toEqual(parsed[2]!.ok && parsed[2].value[0]);
    expect(each[4]).toEqual(parsed[4]!.ok && parsed[4].value[0]);
  });

  it('read the per-host part (name, identity, source) exactly as JSON.parse reads the line, odd ones included', () => {
    const c = compact(hosts[0]!);
    const head = JSON.stringify({ format: c.format, arch: c.arch, catalog: c.catalog, features: c.features, model: c.model, signature: c.signature }).slice(0, -1);
    const id = JSON.stringify(c.identity);
    const tails = [
      `"name":"h1","identity":${id},"source":{"kind":"cpudata","origin":"h1"}}`,
      `"name":"h\\"2","identity":${id},"source":{"kind":"cpudata","origin":"h2"}}`,
      `"name":"h\\\\3\\u0041","identity":${id},"source":{"kind":"cpudata","origin":"o\\"3"}}`,
      `"name":"h4","identity":{"vendor":"GenuineIntel","brand":"x,\\"source\\":{}"},"source":{"kind":"cpudata","origin":"h4"}}`,
      `"name":"h5","identity":${id},"source":{"origin":"h5","kind":"cpudata"}}`,
      `"name":"h6","identity":${id},"source":{"kind":"cpudata","origin":"h6","detail":"d"}}`,
      `"name":"h7","identity":${id},"source":{"kind":"cpudata","origin":"h7"},"x":1}`,
      `"name":"h8","identity":${id},"source":{"kind":"nope","origin":"h8"}}`,
      `"name":"h9","identity":[1],"source":{"kind":"cpudata","origin":"h9"}}`,
      `"name":"h10","identity":${id},"source":{"kind":"cpudata","origin":"h10"}}  `,
      `"name":11,"identity":${id},"source":{"kind":"cpudata","origin":"h11"}}`,
      `"name":"h12","identity":${id},"source":{"kind":"cpudata","origin":"h12","kind":"cpuinfo"}}`,
      `"name":"h13","identity":${id},"source":{"kind":"cpudata","origin":"a","origin":"b"}}`,
      `"name":"h14","identity":{"vendor":"X"},"identity":${id},"source":{"kind":"cpudata","origin":"h14"}}`,
    ];
    for (const t of tails) {
      const line = `${head},${t}`;
      // twice: the memoised identity and class on the second line
      const got = readHostLines(`${line}\n${line}`, 'f');
      const want = new CompactReader().read(JSON.parse(line) as Record<string, unknown>, 'f:1');
      if (!want.ok) {
        expect(got.ok, t).toBe(false);
        continue;
      }
      expect(got.ok ? got.value : got.error.message, t).toEqual([want.value, want.value]);
    }
  });

  it('read a verbose line (its middle validated once per distinct text) exactly as JSON.parse and validateHostDoc read it, odd ones included', () => {
    const h = hosts[0]!;
    const v = JSON.stringify(h);
    const { name: _n, source: _s, ...rest } = h;
    const mid = JSON.stringify(rest).slice(1, -1).replace(/^"format":"[^"]*","arch":"[^"]*",/, '');
    const head = `{"format":"${h.format}","arch":"${h.arch}"`;
    const lines = [
      v,
      `${head},"name":"b","${mid.slice(1)},"source":{"kind":"cpudata","origin":"b"}}`,
      `${head},"name":"c\\"q","${mid.slice(1)},"source":{"kind":"cpudata","origin":"c"}}`,
      `${head},"name":"d","${mid.slice(1)},"source":{"kind":"cpudata","origin":"d","detail":"x"}}`,
      `${head},"name":"e","${mid.slice(1)},"source":{"kind":"cpudata","origin":"e"},"notes":["n"]}`,
      `${head},"name":"f","${mid.slice(1)},"source":{"kind":"nope","origin":"f"}}`,
      `${head},"name":"g","${mid.slice(1)},"name":"g2","source":{"kind":"cpudata","origin":"g"}}`,
      `${head},"name":"h","identity":{"brand":",\\"source\\":{}"},${mid.slice(mid.indexOf('},"model"') + 2)},"source":{"kind":"cpudata","origin":"h"}}`,
      `${head},"name":"i","${mid.slice(1).replace(/"signature":"[0-9a-f]+"/, '"signature":"zz"')},"source":{"kind":"cpudata","origin":"i"}}`,
      `${head},"name":"j","${mid.slice(1)},"release":"9.2","accel":"tcg","source":{"kind":"cpudata","origin":"j"}}`,
      `${head},"name":"k","${mid.slice(1)},"release":"nine","source":{"kind":"cpudata","origin":"k"}}`,
      `${head.replace('x86_64', 'sparc')},"name":"l","${mid.slice(1)},"source":{"kind":"cpudata","origin":"l"}}`,
      `${head},"name":"m","${mid.slice(1)},"source":{"kind":"cpudata","origin":"m"}}  `,
      `${head},"name":"n","${mid.slice(1)},"arch":"s390x","source":{"kind":"cpudata","origin":"n"}}`,
    ];
    expect(JSON.parse(lines[1]!)).toEqual({ ...h, name: 'b', source: { kind: 'cpudata', origin: 'b' } });
    // the plain ones share their middle: one feature list, validated once
    const r = new HostLineReader('f');
    const [a, b] = [r.line(lines[0]!, 1), r.line(lines[1]!, 2)];
    expect(a?.ok && b?.ok && a.value.features === b.value.features).toBe(true);
    // one reader for all (the middles memoised), each line twice
    const reader = new HostLineReader('f');
    for (const l of lines) {
      let json: unknown;
      try {
        json = JSON.parse(l);
      } catch (e) {
        throw new Error(`${l.slice(0, 200)}: ${(e as Error).message}`);
      }
      const want = validateHostDoc(json, 'f:1');
      for (const k of [0, 1]) {
        const got = reader.line(l, 1)!;
        expect(got.ok ? got.value : got.error.message, `${l.slice(0, 60)} (${k})`).toEqual(want.ok ? want.value : want.error.message);
      }
    }
  });

  it('leave verbose documents and other texts to the other readers', () => {
    expect(readHostLinesIfAny(JSON.stringify(hosts[0], null, 2), 'v.json')).toBeUndefined();
    expect(readHostLinesIfAny(JSON.stringify(hosts[0]) + '\n', 'v.json')).toBeUndefined();
    expect(readHostLinesIfAny('<cpu/>', 'x.xml')).toBeUndefined();
  });
});

describe('Memo (the compact reader\'s memos)', () => {
  it('keeps what is asked for again; rests after a fill of ever new keys, then keeps again', () => {
    const m = new Memo<string, number>();
    m.set('a', 1);
    expect(m.get('a')).toBe(1);
    // a full fill of keys never asked for again: emptied, then resting (keeps and answers nothing)
    for (let i = 0; i < CompactReader.MEMO_LIMIT; i++) m.set(`k${i}`, i);
    m.set('b', 2);
    expect(m.get('b')).toBeUndefined();
    expect(m.get('a')).toBeUndefined();
    // after REST more entries it keeps again
    for (let i = 0; i < Memo.REST; i++) m.set(`r${i}`, i);
    m.set('c', 3);
    expect(m.get('c')).toBe(3);
  });

  it('rests twice as long after each try that fails, and REST again after one that pays', () => {
    const m = new Memo<string, number>();
    const fill = (tag: string, ask: boolean) => {
      for (let i = 0; i < CompactReader.MEMO_LIMIT - 1; i++) {
        m.set(`${tag}${i}`, i);
        if (ask) m.get(`${tag}${i}`);
      }
      if (ask) return;
      // on until the memo is judged: the entry that finds it full is not kept (and is not counted in the rest)
      for (let i = CompactReader.MEMO_LIMIT; ; i++) {
        m.set(`${tag}${i}`, i);
        if (m.get(`${tag}${i}`) === undefined) return;
      }
    };
    const restsFor = (): number => {
      // how many entries are set until the memo keeps one again (that one counted)
      let n = 0;
      for (;;) {
        m.set(`p${n}`, n);
        if (m.get(`p${n}`) === n) return n + 1;
        n++;
      }
    };
    fill('a', false);
    expect(restsFor()).toBe(Memo.REST);
    fill('b', false);
    expect(restsFor()).toBe(2 * Memo.REST);
    fill('c', false);
    expect(restsFor()).toBe(4 * Memo.REST);
    for (let k = 0; k < 10; k++) {
      fill(`d${k}`, false);
      restsFor();
    }
    fill('e', false);
    expect(restsFor()).toBe(Memo.MAX_REST);
    // a fill whose entries are asked again: no rest, and the next failed try rests REST only
    fill('f', true);
    m.set('g', 1);
    expect(m.get('g')).toBe(1);
    fill('h', false);
    expect(restsFor()).toBe(Memo.REST);
  });

  it('a memo whose entries are asked for again does not rest', () => {
    const m = new Memo<string, number>();
    for (let i = 0; i < CompactReader.MEMO_LIMIT; i++) {
      m.set(`k${i}`, i);
      m.get(`k${i}`);
    }
    m.set('b', 2);
    expect(m.get('b')).toBe(2);
  });
});
