/**
 * NFD's cpu-cpuid labels against an independent reading: for every CPUID
 * dump in ../shared, the bits are decoded here straight from the raw leaves
 * (CPUID bit → klauspost/cpuid FeatureID name, Intel SDM / AMD APM), and a
 * label is present exactly when its bit is set and NFD's default
 * attributeBlacklist does not drop it. s390x, aarch64 and ppc64 as NFD
 * reports them (Linux hwcaps), cpu-model.*, and the local-source features file.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCpuidXml } from '../adapters/libvirt/cpudata-xml.js';
import { readHost } from '../service/engine.js';
import type { HostDoc } from '../host/doc.js';
import { runCli } from '../../test/helpers/cli.js';
import { NFD_PREFIX, NFD_X86_DENY, nfdFeaturesFile, nfdLabels } from './nfd.js';

const CPUTEST = '../shared/reference/libvirt/cputestdata';
const dumps = readdirSync(CPUTEST).filter((f) => /^x86_64-cpuid-[^-].*[^-]\.xml$/.test(f) && !/-(enabled|disabled|guest|host|json)\.xml$/.test(f) && !f.includes('baseline'));

/** [leaf, subleaf, register, bit, klauspost name] */
const BITS: [number, number, 'eax' | 'ebx' | 'ecx' | 'edx', number, string][] = [
  [1, 0, 'ecx', 12, 'FMA3'], [1, 0, 'ecx', 22, 'MOVBE'], [1, 0, 'ecx', 25, 'AESNI'], [1, 0, 'ecx', 28, 'AVX'], [1, 0, 'ecx', 5, 'VMX'],
  [1, 0, 'edx', 0, 'X87'], [1, 0, 'edx', 8, 'CMPXCHG8'], [1, 0, 'edx', 24, 'FXSR'],
  [7, 0, 'ebx', 4, 'HLE'], [7, 0, 'ebx', 5, 'AVX2'], [7, 0, 'ebx', 11, 'RTM'], [7, 0, 'ebx', 16, 'AVX512F'], [7, 0, 'ebx', 17, 'AVX512DQ'],
  [7, 0, 'ebx', 19, 'ADX'], [7, 0, 'ebx', 21, 'AVX512IFMA'], [7, 0, 'ebx', 28, 'AVX512CD'], [7, 0, 'ebx', 29, 'SHA'], [7, 0, 'ebx', 30, 'AVX512BW'],
  [7, 0, 'ebx', 31, 'AVX512VL'], [7, 0, 'ecx', 1, 'AVX512VBMI'], [7, 0, 'ecx', 6, 'AVX512VBMI2'], [7, 0, 'ecx', 8, 'GFNI'], [7, 0, 'ecx', 9, 'VAES'],
  [7, 0, 'ecx', 10, 'VPCLMULQDQ'], [7, 0, 'ecx', 11, 'AVX512VNNI'], [7, 0, 'ecx', 12, 'AVX512BITALG'], [7, 0, 'ecx', 14, 'AVX512VPOPCNTDQ'],
  [7, 0, 'edx', 10, 'MD_CLEAR'], [7, 0, 'edx', 27, 'STIBP'], [7, 0, 'edx', 29, 'IA32_ARCH_CAP'], [7, 0, 'edx', 31, 'SPEC_CTRL_SSBD'],
  // the AMD bits klauspost/cpuid folds into the same names
  [7, 0, 'edx', 26, 'IBPB'], [0x80000008, 0, 'ebx', 12, 'IBPB'], [0x80000008, 0, 'ebx', 15, 'STIBP'], [0x80000008, 0, 'ebx', 24, 'SPEC_CTRL_SSBD'],
  [0x80000001, 0, 'ecx', 6, 'SSE4A'], [0x80000001, 0, 'ecx', 2, 'SVM'], [0x80000008, 0, 'ebx', 0, 'CLZERO'], [0x80000008, 0, 'ebx', 9, 'WBNOINVD'],
  // blacklisted by NFD's default configuration: never labelled
  [1, 0, 'ecx', 23, 'POPCNT'], [7, 0, 'ebx', 3, 'BMI1'], [1, 0, 'edx', 26, 'SSE2'], [1, 0, 'ecx', 20, 'SSE42'],
];

const hostOf = (text: string, origin: string): HostDoc => {
  const d = readHost(text, origin);
  if (!d.ok) throw new Error(d.error.message);
  return d.value;
};

describe('NFD cpu-cpuid on x86_64: the labels follow the CPUID bits', () => {
  it('has CPUID dumps to read', () => expect(dumps.length).toBeGreaterThanOrEqual(8));
  for (const f of dumps) {
    it(f, () => {
      const text = readFileSync(`${CPUTEST}/${f}`, 'utf8');
      const raw = parseCpuidXml(text, f);
      if (!raw.ok) throw new Error(raw.error.message);
      const labels = nfdLabels(hostOf(text, f));
      const seen = { on: 0, off: 0 };
      // a name is set when any of its bits is
      const set = new Map<string, boolean>();
      for (const [leaf, sub, reg, bit, name] of BITS) {
        const r = raw.value.leaves.get(`${leaf}:${sub}`);
        set.set(name, (set.get(name) ?? false) || (!!r && ((r[reg] >>> bit) & 1) === 1));
      }
      for (const [name, on] of set) {
        const want = on && !NFD_X86_DENY.includes(name);
        expect(labels[`${NFD_PREFIX}cpu-cpuid.${name}`], `${name} (${on ? 'set' : 'clear'} in CPUID)`).toBe(want ? 'true' : undefined);
        seen[want ? 'on' : 'off']++;
      }
      expect(seen.on).toBeGreaterThan(5);
      for (const k of Object.keys(labels)) expect(k).toMatch(/^feature\.node\.kubernetes\.io\/cpu-(cpuid\.[A-Z0-9_]+|model\.(vendor_id|family|id))$/);
      // cpu-model: klauspost's vendor names, display family and model (CPUID.1:EAX)
      const l1 = raw.value.leaves.get('1:0')!.eax;
      const base = (l1 >>> 8) & 0xf;
      const family = base === 0xf ? base + ((l1 >>> 20) & 0xff) : base;
      const model = base === 0x6 || base === 0xf ? (((l1 >>> 16) & 0xf) << 4) | ((l1 >>> 4) & 0xf) : (l1 >>> 4) & 0xf;
      expect(labels[`${NFD_PREFIX}cpu-model.family`]).toBe(String(family));
      expect(labels[`${NFD_PREFIX}cpu-model.id`]).toBe(String(model));
      expect(['Intel', 'AMD', 'Hygon']).toContain(labels[`${NFD_PREFIX}cpu-model.vendor_id`]);
    });
  }
});

describe('NFD on the other architectures (Linux hwcaps)', () => {
  it('s390x: hwcaps from the facilities (z15 from libvirt domcapabilities: vector enhancements 2, sort, deflate; no NNPA)', () => {
    const f = '../shared/reference/libvirt/domaincapsdata/qemu_9.1.0.s390x.xml';
    const l = nfdLabels(hostOf(readFileSync(f, 'utf8'), f));
    const names = Object.keys(l).filter((k) => k.includes('cpu-cpuid.')).map((k) => k.split('cpu-cpuid.')[1]);
    for (const n of ['ESAN3', 'ZARCH', 'HIGHGPRS', 'STFLE', 'LDISP', 'EIMM', 'DFP', 'EDAT', 'ETF3EH', 'VX', 'VXE', 'GS']) expect(names).toContain(n);
    expect(l[`${NFD_PREFIX}cpu-model.vendor_id`]).toBe('IBM');
  });

  it('aarch64: the hwcap words upper-cased, only those NFD knows (QEMU-only properties dropped)', () => {
    const doc = { arch: 'aarch64', features: ['fp', 'asimd', 'sve', 'sveebf16', 'cpuid', 'pmu', 'aarch64', 'pauth-impdef'], identity: { implementer: 65, part: 3340 } } as unknown as HostDoc;
    expect(nfdLabels(doc)).toEqual({
      [`${NFD_PREFIX}cpu-cpuid.FP`]: 'true', [`${NFD_PREFIX}cpu-cpuid.ASIMD`]: 'true', [`${NFD_PREFIX}cpu-cpuid.SVE`]: 'true',
      [`${NFD_PREFIX}cpu-cpuid.SVEEBF16`]: 'true', [`${NFD_PREFIX}cpu-cpuid.CPUID`]: 'true',
      [`${NFD_PREFIX}cpu-model.vendor_id`]: '65', [`${NFD_PREFIX}cpu-model.id`]: '3340',
    });
  });

  it('ppc64: no hwcaps in the host document, so only the vendor', () => {
    const doc = { arch: 'ppc64', features: ['htm', 'vsx'], identity: {} } as unknown as HostDoc;
    expect(nfdLabels(doc)).toEqual({ [`${NFD_PREFIX}cpu-model.vendor_id`]: 'IBM' });
  });
});

describe("NFD's local source", () => {
  it('the features file has one name=value a line, the same labels as JSON', async () => {
    const f = `${CPUTEST}/x86_64-cpuid-EPYC-7502-32-Core.xml`;
    const file = await runCli(['labels', '--host', f, '--scheme', 'nfd', '--format', 'nfd-features']);
    const json = await runCli(['labels', '--host', f, '--scheme', 'nfd', '--format', 'json']);
    expect(file.code, file.err).toBe(0);
    const lines = file.out.trimEnd().split('\n');
    for (const l of lines) expect(l).toMatch(/^feature\.node\.kubernetes\.io\/cpu-[\w.]+=\w+$/);
    expect(Object.fromEntries(lines.map((l) => l.split('=') as [string, string]))).toEqual(JSON.parse(json.out));
    expect(nfdFeaturesFile({ a: '1', b: 'true' })).toBe('a=1\nb=true\n');
  });
});
