/**
 * The lean baseline (baseline-lean.ts) against the general one (fleet.ts)
 * on random fleets of many classes, every architecture, both forms: the same
 * answer text and JSON text; and what it leaves to the general path.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIBVIRT } from '../../test/helpers/reference.js';
import { NEOVERSE_N1_CPUINFO } from '../../test/helpers/aarch64.js';
import { mulberry32 } from '../core/prng.js';
import { signatureOfNames } from '../core/signature.js';
import { toJsonText } from '../core/qmp-json.js';
import { toCompact } from '../host/compact.js';
import { toHostDoc } from '../host/convert.js';
import type { HostDoc } from '../host/doc.js';
import { baselineJson, cmdBaselineHosts, formatBaseline, readHostText } from './commands.js';
import { leanFleetBaseline } from './baseline-lean.js';
import { openInput } from './input.js';

const dir = mkdtempSync(path.join(tmpdir(), 'baseline-lean-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const docOf = (text: string, origin: string): HostDoc => {
  const r = toHostDoc(text, origin);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const fileDoc = (f: string): HostDoc => {
  const r = readHostText(readFileSync(f, 'utf8'), f);
  if (!r.ok) throw new Error(r.error.message);
  return r.value[0]!;
};
const v80 = (part: string): string => NEOVERSE_N1_CPUINFO.replaceAll('0xd0c', part).replaceAll('0x3\n', '0x1\n').replaceAll(' atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs', ' cpuid');

/** real hosts of each architecture, several kinds each where there are */
const KINDS: Record<string, HostDoc[]> = {
  x86_64: ['Core-i7-2600', 'Core-i7-8700', 'Xeon-Gold-6148'].map((n) => fileDoc(path.join(LIBVIRT, `cputestdata/x86_64-cpuid-${n}.xml`))),
  s390x: ['3906', '3907', '8561', '2964'].map((t) => docOf(`Manufacturer:         IBM\nType:                 ${t}\n`, `s390-${t}`)),
  ppc64: [fileDoc(path.join(LIBVIRT, 'domaincapsdata/qemu_10.0.0.ppc64.xml'))],
  aarch64: [docOf(NEOVERSE_N1_CPUINFO, 'n1'), docOf(v80('0xd07'), 'a57'), docOf(v80('0xd03'), 'a53')],
};

/** n hosts of one architecture: kinds in turn, `drop` random features removed from each (re-signed), half compact, half verbose when `mixForms` */
function fleetLines(arch: string, n: number, seed: number, drop: number, mixForms: boolean): string[] {
  const rnd = mulberry32(seed);
  const kinds = KINDS[arch]!;
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const h = kinds[Math.floor(rnd() * kinds.length)]!;
    const gone = new Set(Array.from({ length: drop }, () => h.features[Math.floor(rnd() * h.features.length)]));
    const features = h.features.filter((f) => !gone.has(f));
    const sig = signatureOfNames(h.arch, features);
    const { delta: _d, ...rest } = h;
    const doc: HostDoc = { ...rest, name: `${arch}-${i}`, features, signature: sig, display: `${h.model}@${sig}` };
    if (!mixForms || rnd() < 0.5) {
      const c = toCompact(doc);
      if (!c.ok) throw new Error(c.error.message);
      lines.push(JSON.stringify(c.value));
    } else lines.push(JSON.stringify(doc));
  }
  return lines;
}

let files = 0;
const put = (lines: string[]): string => {
  const f = path.join(dir, `f${files++}.ndjson`);
  writeFileSync(f, lines.join('\n') + '\n');
  return f;
};

/** The lean answer's text and JSON, and the general path's, for the same files. */
function both(paths: string[]): { lean: string | undefined; general: string } {
  const lean = leanFleetBaseline(paths, (f) => openInput(f, { what: 'host file' }));
  const text = (b: Parameters<typeof formatBaseline>[0]) => formatBaseline(b) + toJsonText(baselineJson(b), 2);
  const lt = lean === undefined ? undefined : lean.ok ? text(lean.value) : `error ${lean.error.message}`;
  const g = cmdBaselineHosts(paths, { lean: false });
  const gj = cmdBaselineHosts(paths, { lean: false, json: true });
  // an error (exit 2 bad input, 1 no common baseline) has no stdout; an unknown fleet's answer (exit 1) has
  const general = g.exitCode !== 0 && g.stdout === '' ? `error ${g.stderr.replace(/^error: /, '').split('\n')[0]}` : g.stdout + gj.stdout.trimEnd();
  return { lean: lt, general };
}

describe('the lean baseline gives the general answer', () => {
  for (const arch of Object.keys(KINDS)) {
    for (const [drop, mix] of [
      [3, false],
      [1, true],
      [0, true],
    ] as const) {
      it(`${arch}: 400 hosts, ${drop} features dropped from each, ${mix ? 'both forms' : 'compact'}`, () => {
        const f = put(fleetLines(arch, 400, 11 + drop, drop, mix));
        const r = both([f]);
        expect(r.lean).toBeDefined();
        expect(r.lean?.split('\n').slice(0, 1)).toEqual(r.general.split('\n').slice(0, 1));
        expect(r.lean).toBe(r.general);
      });
    }
    it(`${arch}: two files, the classes of one a subset of the other's (hold-backs named)`, () => {
      const a = put(fleetLines(arch, 50, 5, 0, false));
      const b = put(fleetLines(arch, 3, 6, 2, true));
      const r = both([a, b]);
      expect(r.lean).toBeDefined();
      expect(r.lean).toBe(r.general);
    });
  }

  it('hosts of one feature set (one signature) that differ only in release, accelerator or source kind are classes of their own, as in the general path', () => {
    for (const arch of ['x86_64', 's390x']) {
      const base = fleetLines(arch, 40, 21, 0, true).map((l) => JSON.parse(l) as Record<string, unknown>);
      const lines = base.map((d, i) => {
        const o = { ...d };
        if (i % 4 === 1) o['release'] = '7.2';
        if (i % 4 === 2) o['accel'] = 'tcg';
        if (i % 4 === 3) o['source'] = { kind: 'libvirt-domcapabilities', origin: `lv-${i}` };
        return JSON.stringify(o);
      });
      const r = both([put(lines)]);
      expect(r.lean).toBeDefined();
      expect(r.lean).toBe(r.general);
      // and the key tells them apart: as many classes as the general path counts
      expect(r.lean?.split('\n')[0]).toMatch(/in \d+ classes/);
    }
  });

  it('the answers through the command are the general ones', () => {
    const f = put(fleetLines('x86_64', 300, 3, 3, true));
    expect(cmdBaselineHosts([f], { json: true })).toEqual(cmdBaselineHosts([f], { json: true, lean: false }));
    expect(cmdBaselineHosts([f])).toEqual(cmdBaselineHosts([f], { lean: false }));
  });
});

describe('what the lean path leaves to the general one', () => {
  it('hosts of two architectures in one file: undefined, and the command errors as before', () => {
    const x = fleetLines('x86_64', 20, 1, 1, true);
    const s = fleetLines('s390x', 20, 2, 1, true);
    const f = put([...x.slice(0, 10), ...s, ...x.slice(10)]);
    expect(leanFleetBaseline([f], (p) => openInput(p, { what: 'host file' }))).toBeUndefined();
    const r = cmdBaselineHosts([f]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('hosts of several architectures: s390x (');
    expect(r).toEqual(cmdBaselineHosts([f], { lean: false }));
  });

  it('x86 hosts of two vendors: undefined, and the mixed-vendor error as before', () => {
    const epyc = fileDoc(path.join(LIBVIRT, 'cputestdata/x86_64-cpuid-EPYC-7502-32-Core.xml'));
    const f = put([...fleetLines('x86_64', 30, 4, 2, true), JSON.stringify({ ...epyc, name: 'amd-1' })]);
    expect(leanFleetBaseline([f], (p) => openInput(p, { what: 'host file' }))).toBeUndefined();
    const r = cmdBaselineHosts([f]);
    expect(r.stderr).toMatch(/CPU vendors differ/);
    // the same exit code as `baseline FILE` over <cpu> elements of two vendors (the error catalog's mixed-vendor: 1)
    expect(r.exitCode).toBe(1);
    expect(r).toEqual(cmdBaselineHosts([f], { lean: false }));
  });

  it('a bad line (a signature that does not match): the general error, naming the line', () => {
    const lines = fleetLines('x86_64', 10, 8, 2, false);
    lines[6] = lines[6]!.replace(/"signature":"[0-9a-f]{16}"/, '"signature":"0000000000000000"');
    const f = put(lines);
    expect(leanFleetBaseline([f], (p) => openInput(p, { what: 'host file' }))).toBeUndefined();
    const r = cmdBaselineHosts([f]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${f}:7: signature 0000000000000000 does not match`);
  });

  it('a folder, or a file that is not NDJSON: undefined (read the general way)', () => {
    const one = path.join(dir, 'one.json');
    writeFileSync(one, JSON.stringify(KINDS['x86_64']![0]));
    expect(leanFleetBaseline([dir], (p) => openInput(p, { what: 'host file' }))).toBeUndefined();
    expect(leanFleetBaseline([one], (p) => openInput(p, { what: 'host file' }))).toBeUndefined();
    expect(cmdBaselineHosts([one]).exitCode).toBe(0);
  });
});
