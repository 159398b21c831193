// `baseline --hosts FILE…` without commander (src/adapters/cli/hosts-fast.ts),
// in-process and as bin/cpumodels runs it (bin/baseline.cjs, dist/hosts.cjs
// with the build's code cache): the full CLI's answer, byte for byte and exit
// code, for fleets in both forms, every host its own class, libvirt host
// files, and refusals (a bad line, hosts of two architectures, a refused
// file); and every other form of argv is left to the commander CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHostsFast, runHostsFast } from '../../src/adapters/cli/hosts-fast.js';
import { fixedHostFacts } from '../../src/adapters/cli/host-facts.js';
import { parseLibvirtRelease } from '../../src/adapters/libvirt/release-version.js';
import { mulberry32 } from '../../src/core/prng.js';
import { signatureOfNames } from '../../src/core/signature.js';
import { toCompact } from '../../src/host/compact.js';
import { toHostDoc } from '../../src/host/convert.js';
import type { HostDoc } from '../../src/host/doc.js';
import { useLibvirtAdapter } from '../../src/adapters/libvirt/formats.js';
import { LIBVIRT } from '../helpers/reference.js';
import { captureOutput, runCli } from '../helpers/cli.js';

useLibvirtAdapter();
const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-hfast-'));

const docOf = (file: string): HostDoc => {
  const r = toHostDoc(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const KINDS = ['Core-i7-2600', 'Core-i7-8700'].map((n) => docOf(path.join(LIBVIRT, `cputestdata/x86_64-cpuid-${n}.xml`)));
const S390 = toHostDoc('Manufacturer:         IBM\nType:                 8561\n', 's390');

/** n hosts, `drop` random features removed from each (re-signed), compact or verbose. */
function fleet(n: number, drop: number, verbose: boolean, seed = 1): string {
  const rnd = mulberry32(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const h = KINDS[i % KINDS.length]!;
    const gone = new Set(Array.from({ length: drop }, () => h.features[Math.floor(rnd() * h.features.length)]));
    const features = h.features.filter((f) => !gone.has(f));
    const sig = signatureOfNames(h.arch, features);
    const { delta: _d, ...rest } = h;
    const doc: HostDoc = { ...rest, name: `host${i}`, features, signature: sig, display: `${h.model}@${sig}`, source: { ...h.source, origin: `host${i}` } };
    const c = toCompact(doc);
    if (!c.ok) throw new Error(c.error.message);
    out.push(JSON.stringify(verbose ? doc : c.value));
  }
  return out.join('\n') + '\n';
}

const put = (name: string, text: string): string => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};
const compact = put('compact.ndjson', fleet(300, 0, false));
const distinct = put('distinct.ndjson', fleet(300, 3, false));
const verbose = put('verbose.ndjson', fleet(100, 2, true));
const badLine = put('bad.ndjson', fleet(20, 1, false).replace(/"signature":"[0-9a-f]{16}"/, '"signature":"0000000000000000"'));
if (!S390.ok) throw new Error(S390.error.message);
const mixed = put('mixed.ndjson', fleet(10, 1, false) + JSON.stringify({ ...S390.value, name: 's390-1' }) + '\n');
const refused = put('refused.ndjson', fleet(5, 0, false) + '{"__proto__":{"x":1}}\n');
const domcaps = path.join(LIBVIRT, 'domaincapsdata/qemu_10.1.0-q35.x86_64+inteltdx.xml');

const p90 = parseLibvirtRelease('9.0');
if (!p90.ok) throw new Error('9.0');
const facts = fixedHostFacts({ arch: 'x86_64', libvirt: p90.value });

describe('baseline --hosts fast path', () => {
  it('takes only the plain form: --hosts, regular files, at most --json and a valid --libvirt', () => {
    expect(parseHostsFast(['baseline', '--hosts', compact, '--json'])).toEqual({ files: [compact], json: true });
    expect(parseHostsFast(['baseline', compact, '--hosts', '--libvirt', '8.0'])?.files).toEqual([compact]);
    for (const a of [
      ['baseline', compact],
      ['baseline', '--hosts'],
      ['baseline', '--hosts', dir],
      ['baseline', '--hosts', path.join(dir, 'missing.ndjson')],
      ['baseline', '--hosts', compact, '--skip-bad'],
      ['baseline', '--hosts', compact, '--libvirt', 'x'],
      ['baseline', '--hosts', compact, '--json', '--json'],
      ['baseline', '--hosts', compact, '--arch', 'x86_64'],
      ['expand', '--hosts', compact],
    ]) {
      expect(parseHostsFast(a), a.join(' ')).toBeUndefined();
    }
  });

  for (const [what, argv] of [
    ['compact', [compact]],
    ['every host its own class', [distinct]],
    ['verbose, --json', [verbose, '--json']],
    ['two files', [compact, distinct, '--libvirt', '8.0']],
    ['a libvirt domcapabilities file', [domcaps]],
    ['a signature that does not match', [badLine]],
    ['hosts of two architectures', [mixed]],
    ['a refused line', [refused]],
  ] as const) {
    it(`answers as the commander CLI: ${what}`, async () => {
      const fast = await captureOutput(() => runHostsFast(['baseline', '--hosts', ...argv], facts));
      expect(fast.value).toBe(true);
      const slow = await runCli(['baseline', '--hosts', ...argv], facts);
      expect({ out: fast.out, err: fast.err, code: fast.code }).toEqual(slow);
      if (what === 'compact') expect(fast.out).toMatch(/^baseline of 300 hosts in 2 classes \(x86_64\)/);
    });
  }
});

describe('baseline --hosts bundle (dist/hosts.cjs, as bin/cpumodels runs it)', () => {
  /** The bundle's answer, as bin/cpumodels runs it. */
  function bundle(argv: string[]): { code: number; out: string; err: string } {
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'baseline.cjs'), ...argv], { encoding: 'utf8' });
    return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
  }
  for (const [what, argv] of [
    ['every host its own class', [distinct]],
    ['verbose, --json', [verbose, '--json']],
    ['a signature that does not match', [badLine]],
  ] as const) {
    it(`answers as the full CLI: ${what}`, async () => {
      const a = ['baseline', '--hosts', ...argv, '--libvirt', '9.0'];
      expect(bundle(a), a.join(' ')).toEqual(await runCli(a));
    });
  }
});
