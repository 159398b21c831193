/**
 * The in-place scanner (compact-scan.ts) against the host-line reader
 * (compact.ts): every line it takes is the reader's host, member for member;
 * every line of another shape, or invalid, it leaves to the reader.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { featureCatalog } from '../arch/catalogs.js';
import { mulberry32 } from '../core/prng.js';
import { signatureOfNames } from '../core/signature.js';
import { toHostDoc } from './convert.js';
import { HostLineReader, toCompact } from './compact.js';
import { CompactLineScanner } from './compact-scan.js';
import type { HostDoc } from './doc.js';

const shared = new URL('../../../shared/reference/libvirt/cputestdata/', import.meta.url);
const fromFile = (file: string): HostDoc => {
  const r = toHostDoc(readFileSync(new URL(file, shared), 'utf8'), file);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const fromText = (text: string, origin: string): HostDoc => {
  const r = toHostDoc(text, origin);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

const HOSTS: HostDoc[] = [
  fromFile('x86_64-cpuid-Core-i7-2600.xml'),
  fromFile('x86_64-cpuid-Core-i7-8700.xml'),
  fromText('Manufacturer:         IBM\nType:                 3906\n', 's390-a'),
  fromText('Manufacturer:         IBM\nType:                 8561\n', 's390-b'),
];

/** Compact lines of random hosts of `arch`: features dropped, names, releases, accelerators and source kinds varied. */
function lines(arch: string, n: number, seed: number): string[] {
  const rnd = mulberry32(seed);
  const kinds = HOSTS.filter((h) => h.arch === arch);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const h = kinds[Math.floor(rnd() * kinds.length)]!;
    const gone = new Set(Array.from({ length: Math.floor(rnd() * 4) }, () => h.features[Math.floor(rnd() * h.features.length)]));
    const features = h.features.filter((f) => !gone.has(f));
    const sig = signatureOfNames(arch, features);
    const { delta: _d, ...rest } = h;
    const doc: HostDoc = {
      ...rest,
      name: rnd() < 0.5 ? `h${i}` : `a-rather-long-host-name-${i}.example.org`,
      features,
      signature: sig,
      display: `${h.model}@${sig}`,
      ...(rnd() < 0.3 ? { release: '8.2' } : {}),
      ...(rnd() < 0.3 ? { accel: rnd() < 0.5 ? ('kvm' as const) : ('tcg' as const) } : {}),
      source: rnd() < 0.3 ? { kind: 'libvirt-domcapabilities', origin: `lv/${i}.xml` } : h.source,
    };
    const c = toCompact(doc);
    if (!c.ok) throw new Error(c.error.message);
    out.push(JSON.stringify(c.value));
  }
  return out;
}

/** What the scanner read of line s, as the reader's document gives it. */
function scanned(sc: CompactLineScanner, s: string) {
  const words = sc.words.slice();
  const set = featureCatalog(sc.arch)!.empty();
  set.words.set(words);
  return {
    name: s.slice(sc.nameAt, sc.nameEnd),
    identity: sc.identity.identity,
    model: sc.part.model,
    features: featureCatalog(sc.arch)!.names(set),
    signature: s.slice(sc.sigAt, sc.sigAt + 16),
    sig: (BigInt(sc.sigHi) << 32n) | BigInt(sc.sigLo),
    release: sc.part.release,
    accel: sc.part.accel,
    source: { kind: sc.kind(s), origin: s.slice(sc.originAt, sc.originEnd) },
  };
}

function asReader(d: HostDoc) {
  return {
    name: d.name,
    identity: d.identity,
    model: d.model,
    features: d.features,
    signature: d.signature,
    sig: BigInt(`0x${d.signature}`),
    release: d.release,
    accel: d.accel,
    source: d.source,
  };
}

/** Scans each line, and checks what it takes against the reader; the lines it took. */
function check(arch: string, ls: readonly string[]): boolean[] {
  const sc = CompactLineScanner.of(arch)!;
  const reader = new HostLineReader('f');
  return ls.map((s, i) => {
    const took = sc.scan(s);
    const d = reader.line(s, i + 1);
    if (took) {
      expect(d?.ok, s).toBe(true);
      if (d?.ok) expect(scanned(sc, s), s).toEqual(asReader(d.value));
    }
    return took;
  });
}

describe('the compact line scanner', () => {
  for (const arch of ['x86_64', 's390x']) {
    it(`${arch}: takes every line probe --compact writes, each the reader's host`, () => {
      const ls = lines(arch, 300, arch.length);
      expect(check(arch, ls).every((t) => t)).toBe(true);
    });
  }

  it('leaves every other shape, and every invalid line, to the reader (and takes nothing the reader would not give alike)', () => {
    // x86_64's bitset is 51 bytes (no base64 padding), s390x's 50 (one '=')
    const applied = new Set<string>();
    for (const arch of ['x86_64', 's390x']) {
    const base = lines(arch, 40, 5);
    const one = base[0]!;
    const features = /"features":"([^"]*)"/.exec(one)![1]!;
    const variants: [string, string][] = [
      ['an escape in the name', one.replace(/"name":"([^"]*)"/, '"name":"\\u0068$1"')],
      ['a control character in the name', one.replace(/"name":"([^"]*)"/, '"name":"a\tb"')],
      ['an escape in the model', one.replace(/"model":"([^"]*)"/, '"model":"\\u0053$1"')],
      ['upper-case signature digits', one.replace(/"signature":"([0-9a-f]{16})"/, (_m, g: string) => `"signature":"${g.toUpperCase()}"`)],
      ['a short signature', one.replace(/"signature":"([0-9a-f]{16})"/, (_m, g: string) => `"signature":"${g.slice(1)}"`)],
      ['unpadded base64', one.replace(`"features":"${features}"`, `"features":"${features.replace(/=+$/, '')}"`)],
      ['a character outside base64', one.replace(`"features":"${features}"`, `"features":"*${features.slice(1)}"`)],
      ['one byte too many', one.replace(`"features":"${features}"`, `"features":"${Buffer.concat([Buffer.from(features, 'base64'), Buffer.from([0])]).toString('base64')}"`)],
      ['a bit beyond the catalog', one.replace(`"features":"${features}"`, (() => {
        const b = Buffer.from(features, 'base64');
        b[b.length - 1]! |= 0x80;
        return `"features":"${b.toString('base64')}"`;
      })())],
      ['another catalog version', one.replace(/"catalog":"([a-z0-9_]+):[0-9a-f]+"/, '"catalog":"$1:00000000"')],
      ['a member before format', one.replace('{"format"', '{"x":1,"format"')],
      ['members in another order', one.replace(/,"model":"([^"]*)"/, '').replace(',"name"', `,"model":"${/"model":"([^"]*)"/.exec(one)![1]}","name"`)],
      ['a numeric release', one.replace(',"name"', ',"release":8.2,"name"')],
      ['an unknown accelerator', one.replace(',"name"', ',"accel":"hvf","name"')],
      ['an identity that is an array', one.replace(/"identity":\{.*\},"source"/, '"identity":[1],"source"')],
      ['an identity that is no JSON', one.replace(/"identity":\{.*\},"source"/, '"identity":{"vendor":},"source"')],
      ['a source with detail', one.replace(/\}\}$/, ',"detail":"x"}}')],
      ['an unknown source kind', one.replace(/"kind":"[^"]*"/, '"kind":"floppy"')],
      ['an escape in the origin', one.replace(/"origin":"([^"]*)"/, '"origin":"\\"$1"')],
      ['a carriage return at the end', `${one}\r`],
      ['white space at the end', `${one} `],
      ['a member after source', one.replace(/\}\}$/, '},"x":1}')],
      ['no name', one.replace(/,"name":"[^"]*"/, '')],
    ];
    const sc = CompactLineScanner.of(arch)!;
    for (const [what, v] of variants) {
      if (v === one) continue;
      applied.add(what);
      expect(sc.scan(v), `${arch}: ${what}`).toBe(false);
    }
    // interleaved with plain lines, whatever it takes is the reader's
    const mixed = base.flatMap((l, i) => [l, variants[i % variants.length]![1]]);
    const took = check(arch, mixed);
    expect(took.filter((t, i) => t && i % 2 === 0).length).toBe(base.length);
    }
    expect(applied.size, [...applied].join(", ")).toBe(23);
  });

  it('reads base64 as Buffer does: padding bits that are not zero are ignored alike', () => {
    const one = lines('s390x', 1, 9)[0]!;
    const features = /"features":"([^"]*)"/.exec(one)![1]!;
    const pad = features.length - features.replace(/=+$/, '').length;
    expect(pad).toBeGreaterThan(0);
    // the last data character with its unused low bits set
    const at = features.length - pad - 1;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const v = alphabet.indexOf(features[at]!) | (pad === 1 ? 0x3 : 0xf);
    const odd = features.slice(0, at) + alphabet[v] + features.slice(at + 1);
    expect(Buffer.from(odd, 'base64')).toEqual(Buffer.from(features, 'base64'));
    const line = one.replace(features, odd);
    expect(check('s390x', [line])).toEqual([true]);
  });
});
