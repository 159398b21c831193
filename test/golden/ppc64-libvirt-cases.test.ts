/**
 * libvirt's ppc64 cases (tests/cputest.c, summarized in
 * shared/reference/libvirt/CPUTEST-CASES.md) over our own fixtures of the
 * same meaning (test/fixtures/ppc64/libvirt): compare, update-then-compare,
 * baseline; and the CPU part of a POWER8 host's domcapabilities.
 */
import { writeDomCapsCpu } from '../../src/adapters/libvirt/domcaps.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCpus, writeCpu, type LibvirtCpu } from '../../src/adapters/libvirt/cpu-xml.js';
import { ppc64Catalog } from '../../src/arch/ppc64/catalog.js';
import {
  libvirtPpc64Baseline,
  libvirtPpc64Compare,
  libvirtPpc64HostModel,
  libvirtPpc64Update,
  Ppc64Driver,
  ppc64DomainCaps,
} from '../../src/arch/ppc64/driver.js';
import { LIBVIRT, readText } from '../helpers/reference.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/ppc64/libvirt');
const cat = ppc64Catalog('7.2');
const load = (name: string): LibvirtCpu => readCpus(readText(path.join(dir, `${name}.xml`)), `${name}.xml`)[0]!;
const loadAll = (name: string): LibvirtCpu[] => readCpus(readText(path.join(dir, `${name}.xml`)), `${name}.xml`);
/** The XML as libvirt formats it (element content only, comments and blank lines dropped). */
const canon = (xml: string) => writeCpu(readCpus(xml, 'x')[0]!);

/** The driver's domcapabilities data in libvirt's XML (the adapter's writer). */
const ppc64DomainCapsCpu = (c: Parameters<typeof ppc64DomainCaps>[0], o: Parameters<typeof ppc64DomainCaps>[1]) => {
  const r = ppc64DomainCaps(c, o);
  return r.ok ? { ok: true as const, value: writeDomCapsCpu(r.value) } : r;
};

describe('libvirt ppc64: compare (virCPUCompare)', () => {
  const cases: [string, string, string][] = [
    ['host', 'host', 'IDENTICAL'],
    ['host', 'host-better', 'INCOMPATIBLE'],
    ['host', 'host-worse', 'INCOMPATIBLE'],
    ['host', 'host-incomp-arch', 'INCOMPATIBLE'],
    ['host', 'host-no-vendor', 'IDENTICAL'],
    ['host-no-vendor', 'host', 'INCOMPATIBLE'],
    ['host', 'guest-strict', 'IDENTICAL'],
    ['host', 'guest-exact', 'INCOMPATIBLE'],
    ['host', 'guest-legacy', 'IDENTICAL'],
    ['host', 'guest-legacy-incompatible', 'INCOMPATIBLE'],
    ['host', 'guest-legacy-bad', 'ERROR'],
    ['host', 'guest-compat-none', 'IDENTICAL'],
    ['host', 'guest-compat-valid', 'IDENTICAL'],
    ['host', 'guest-compat-bad', 'ERROR'],
    ['host', 'guest-compat-incompatible', 'INCOMPATIBLE'],
  ];
  for (const [host, cpu, expected] of cases) {
    it(`${host} vs ${cpu}: ${expected}`, () => {
      const r = libvirtPpc64Compare(cat, load(host), load(cpu));
      expect(r.result, r.message).toBe(expected);
      if (expected !== 'IDENTICAL') expect(r.message).toBeTruthy();
    });
  }

  it('messages are libvirt’s', () => {
    expect(libvirtPpc64Compare(cat, load('host'), load('guest-exact')).message).toBe('host CPU model does not match required CPU model POWER8');
    expect(libvirtPpc64Compare(cat, load('host'), load('guest-legacy-bad')).message).toBe('Unknown CPU model POWER8E_v1.0');
    expect(libvirtPpc64Compare(cat, load('host'), load('guest-compat-bad')).message).toBe('Unknown compatibility mode power5');
    expect(libvirtPpc64Compare(cat, load('host-no-vendor'), load('host')).message).toBe('host CPU vendor does not match required CPU vendor IBM');
    expect(libvirtPpc64Compare(cat, load('host'), load('host-incomp-arch')).message).toBe('CPU arch x86_64 does not match host arch');
    // failIncompatible (virsh cpu-compare --error) turns INCOMPATIBLE into an error
    expect(libvirtPpc64Compare(cat, load('host'), load('guest-exact'), true).result).toBe('ERROR');
  });
});

describe('libvirt ppc64: update for migration (virCPUUpdate), then compare host with the result', () => {
  const cases: [string, string][] = [
    ['guest', 'IDENTICAL'],
    ['guest-nofallback', 'INCOMPATIBLE'],
    ['guest-legacy', 'IDENTICAL'],
    ['guest-legacy-incompatible', 'INCOMPATIBLE'],
    ['guest-legacy-bad', 'ERROR'],
    ['guest-compat-none', 'IDENTICAL'],
    ['guest-compat-valid', 'IDENTICAL'],
    ['guest-compat-bad', 'ERROR'],
    ['guest-compat-incompatible', 'INCOMPATIBLE'],
  ];
  for (const [cpu, expected] of cases) {
    it(`host + ${cpu}: ${expected}`, () => {
      const updated = libvirtPpc64Update(load(cpu));
      expect(libvirtPpc64Compare(cat, load('host'), updated).result).toBe(expected);
    });
  }
  for (const cpu of ['guest-compat-valid', 'guest-compat-incompatible', 'guest-legacy-bad', 'guest-legacy-incompatible']) {
    it(`host + ${cpu} is formatted as libvirt does`, () => {
      expect(writeCpu(libvirtPpc64Update(load(cpu)))).toBe(canon(readText(path.join(dir, `host+${cpu}.xml`))));
    });
  }
});

describe('libvirt ppc64: baseline (virCPUBaseline)', () => {
  const cases: [string, boolean][] = [
    ['incompatible-vendors', false],
    ['no-vendor', true],
    ['incompatible-models', false],
    ['same-model', true],
    ['legacy', false],
  ];
  for (const [name, succeeds] of cases) {
    it(`${name}: ${succeeds ? '0' : 'fails (-1)'}`, () => {
      const cpus = loadAll(`baseline-${name}`);
      const r = libvirtPpc64Baseline(cat, cpus);
      expect(r.ok, r.ok ? '' : r.error.message).toBe(succeeds);
      if (!r.ok) return;
      expect(writeCpu(r.value)).toBe(canon(readText(path.join(dir, `baseline-${name}-result.xml`))));
      // every input CPU compares IDENTICAL (or SUPERSET) to the baseline
      for (const cpu of cpus) expect(['IDENTICAL', 'SUPERSET']).toContain(libvirtPpc64Compare(cat, cpu, r.value).result);
    });
  }

  it('errors are libvirt’s', () => {
    const e = (name: string) => {
      const r = libvirtPpc64Baseline(cat, loadAll(`baseline-${name}`));
      return r.ok ? '' : r.error.message;
    };
    expect(e('incompatible-models')).toBe('CPUs are incompatible');
    expect(e('legacy')).toBe('CPUs are incompatible');
    expect(e('incompatible-vendors')).toBe('Unknown CPU vendor Intel');
  });
});

describe('libvirt ppc64: host-model and domcapabilities (qemu_10.0.0.ppc64.xml, a POWER8 host)', () => {
  const ref = readText(path.join(LIBVIRT, 'domaincapsdata/qemu_10.0.0.ppc64.xml'));
  const section = (mode: string) => {
    const m = new RegExp(`( *<mode name='${mode}' supported='yes'>\\n[\\s\\S]*?</mode>\\n)`).exec(ref);
    return m![1]!;
  };

  it('host-model is the host model with fallback allow (POWER8 for a POWER8 PVR)', () => {
    const hm = libvirtPpc64HostModel(ppc64Catalog('latest'), 0x004d0200);
    expect(hm.ok && writeCpu(hm.value)).toBe("<cpu mode='host-model'>\n  <model fallback='allow'>POWER8</model>\n</cpu>\n");
    // POWER8E and POWER8NVL hosts are POWER8 to libvirt as well
    for (const pvr of [0x004b0201, 0x004c0100]) {
      const r = libvirtPpc64HostModel(ppc64Catalog('latest'), pvr);
      expect(r.ok && r.value.model?.name).toBe('POWER8');
    }
  });

  it('reproduces the host-model model and the custom model list (QEMU 10.0 models: the latest profile)', () => {
    const d = new Ppc64Driver({ profile: 'latest' });
    const xml = ppc64DomainCapsCpu(d.cat, { hostPvr: 0x004d0200, qemuModels: d.modelNames() });
    expect(xml.ok).toBe(true);
    if (!xml.ok) return;
    const ours = xml.value;
    // libvirt adds <maxphysaddr> (a host property, not a CPU model fact) to host-model
    const hostModel = section('host-model').replace(/ *<maxphysaddr[^>]*>\n/, '');
    expect(ours).toContain(hostModel);
    expect(ours).toContain(section('custom'));
  });

  it('with QEMU 7.2 there is no POWER11 (and never POWER6 or the Freescale e5500/e6500: QEMU names those differently)', () => {
    const d = new Ppc64Driver({});
    const xml = ppc64DomainCapsCpu(d.cat, { hostPvr: 0x004e1202, qemuModels: d.modelNames() });
    expect(xml.ok && [...xml.value.matchAll(/>(POWER[^<]*)<\/model>/g)].map((m) => m[1])).toEqual(['POWER9', 'POWER10', 'POWER7', 'POWER8', 'POWER9']);
  });

  it('an unknown PVR has no host-model', () => {
    const r = libvirtPpc64HostModel(cat, 0x12345678);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('Cannot find CPU model with PVR 0x12345678');
  });
});
