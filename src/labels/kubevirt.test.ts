/**
 * KubeVirt's labels for every domcapabilities file in ../shared: the
 * expected set is derived here from the XML itself by the node-labeller's
 * rules (own XML read, own cpu_map walk over the data rows, QEMU 7.2's
 * recorded full expansion for s390x), never through src/labels.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { LIBVIRT_X86_MODELS } from '../data/x86_64/libvirt-models.js';
import { hostLabels } from './labels.js';
import { readHost } from '../service/engine.js';
import { KUBEVIRT_DEFAULT_OBSOLETE } from './kubevirt.js';
import { domcapsForHost } from '../host/domcaps.js';
import { readKvmCaps } from '../../test/helpers/qemucaps.js';

// every domcapabilities file in ../shared, and the real hosts' excerpts in test/fixtures
const DIRS = ['../shared/reference/libvirt/domaincapsdata', 'test/fixtures/domaincapsdata'];
const files = DIRS.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.xml')).map((f) => `${d}/${f}`));

type El = Record<string, unknown>;
const arr = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
const text = (x: unknown): string => (typeof x === 'object' && x !== null ? String((x as El)['#text'] ?? '') : String(x ?? ''));

/** the features of a libvirt x86 model: own features + the ancestor's data minus the ancestor's removed ones */
function cpuMapFeatures(name: string): Set<string> {
  const row = LIBVIRT_X86_MODELS.find((r) => r.name === name);
  if (!row) throw new Error(`no cpu_map row ${name}`);
  const out = new Set<string>(row.features);
  if (row.inherits) {
    const parent = LIBVIRT_X86_MODELS.find((r) => r.name === row.inherits)!;
    for (const f of cpuMapFeatures(parent.name)) if (!(parent.removed ?? []).includes(f)) out.add(f);
  }
  return out;
}

/** s390x: QEMU 7.2's recorded full expansion of the static model */
function qemuFullExpansion(model: string): Set<string> {
  const j = JSON.parse(readFileSync('../shared/reference/qemu-7.2/s390x/expansions.json', 'utf8')) as { records: { model: string; type: string; reply: { return: { model: { props: Record<string, boolean> } } } }[] };
  const r = j.records.find((x) => x.model === model && x.type === 'full');
  if (!r) throw new Error(`no recorded full expansion of ${model}`);
  return new Set(Object.entries(r.reply.return.model.props).filter(([, v]) => v).map(([k]) => k));
}

function expected(xml: string, obsoleteList: readonly string[]): Record<string, string> {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as El;
  const caps = doc['domainCapabilities'] as El;
  const arch = String(caps['arch']);
  const obsolete = new Set(obsoleteList);
  const out: Record<string, string> = {};
  const modes = arr((caps['cpu'] as El)['mode'] as El[]);
  for (const mode of modes) {
    for (const m of arr(mode['model'] as El[])) {
      const usable = typeof m === 'object' ? String(m['usable'] ?? '') : '';
      if (usable === '' || usable === 'no') continue;
      const name = text(m);
      if (obsolete.has(name)) continue;
      out[`cpu-model.node.kubevirt.io/${name}`] = 'true';
      out[`cpu-model-migration.node.kubevirt.io/${name}`] = 'true';
    }
  }
  const hm = modes.find((m) => m['name'] === 'host-model');
  const hmModel = hm ? arr(hm['model'] as El[])[0] : undefined;
  if (hm && hmModel !== undefined && arch !== 'aarch64') {
    const name = text(hmModel);
    const feats = arr(hm['feature'] as El[]);
    for (const f of feats) if (f['policy'] === 'require') out[`host-model-required-features.node.kubevirt.io/${f['name']}`] = 'true';
    if (obsolete.has(name)) out['node-labeller.kubevirt.io/obsolete-host-model'] = 'true';
    else out[`cpu-model-migration.node.kubevirt.io/${name}`] = 'true';
    const vendor = text(hm['vendor']) || (arch === 's390x' ? 'IBM' : '');
    if (vendor) out[`cpu-vendor.node.kubevirt.io/${vendor}`] = 'true';
    out[`host-model-cpu.node.kubevirt.io/${name}`] = 'true';
    const all = arch === 'x86_64' ? cpuMapFeatures(name) : arch === 's390x' ? qemuFullExpansion(name) : new Set<string>();
    for (const f of feats) if (f['policy'] === 'require') all.add(String(f['name']));
    for (const f of feats) if (f['policy'] === 'disable') all.delete(String(f['name']));
    for (const f of all) out[`cpu-feature.node.kubevirt.io/${f}`] = 'true';
  }
  return out;
}

const ours = (xml: string, file: string, obsolete?: readonly string[]) => {
  // aarch64's file has no host-model, hence no host document; KubeVirt labels its models all the same
  const doc = readHost(xml, file);
  const l = hostLabels(xml, doc.ok ? doc.value : undefined, file, obsolete ? { obsolete } : {});
  if (!l.ok) throw new Error(l.error.message);
  return l.value;
};

describe('KubeVirt node labels equal the node-labeller derivation', () => {
  it('has domcapabilities files to check', () => expect(files.length).toBeGreaterThanOrEqual(13));
  for (const f of files) {
    it(f, () => {
      const xml = readFileSync(f, 'utf8');
      const want = expected(xml, KUBEVIRT_DEFAULT_OBSOLETE);
      const got = ours(xml, f);
      expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
      expect(Object.keys(got).length).toBeGreaterThan(5);
      // a cluster's own obsolete list replaces the defaults; an obsolete host-model gets the obsolete label
      const hm = Object.keys(got).find((k) => k.startsWith('host-model-cpu.node.kubevirt.io/'))?.split('/')[1];
      const custom = hm ? [hm, 'POWER7', 'cortex-a53', 'Skylake-Client'] : ['cortex-a53', 'POWER7'];
      const got2 = ours(xml, f, custom);
      expect(Object.keys(got2).sort()).toEqual(Object.keys(expected(xml, custom)).sort());
      if (hm) expect(got2['node-labeller.kubevirt.io/obsolete-host-model']).toBe('true');
    });
  }
  it('drops the default obsolete models (x86)', () => {
    const f = files.find((x) => x.includes('x86_64'))!;
    const got = ours(readFileSync(f, 'utf8'), f);
    expect(got['cpu-model.node.kubevirt.io/qemu64']).toBeUndefined();
    expect(Object.keys(got).some((k) => k.startsWith('cpu-model.node.kubevirt.io/Skylake'))).toBe(true);
  });
});

// Other descriptions of a host (a CPUID dump, `cpuid -r`, /proc/cpuinfo, libvirt's capabilities XML,
// a QMP expansion reply under KVM, a host document): KubeVirt reads only domcapabilities, so their
// labels are the node-labeller's rules over the domcapabilities `cpumodels domcapabilities --host`
// writes for the same file (derived by expected() above from that XML, not through src/labels).
describe('KubeVirt labels from descriptions other than domcapabilities', () => {
  const dump = '../shared/reference/libvirt/cputestdata/x86_64-cpuid-Xeon-Gold-6148.xml';
  const kvm = readKvmCaps('x86_64-9.1.txt');
  const doc = readHost(readFileSync('../shared/reference/libvirt/cputestdata/x86_64-cpuid-EPYC-7502-32-Core.xml', 'utf8'), 'epyc');
  if (!doc.ok) throw new Error(doc.error.message);
  const sources: [string, string][] = [
    ['CPUID dump (libvirt <cpudata>)', readFileSync(dump, 'utf8')],
    ['cpuid -r', readFileSync('test/fixtures/x86_64/cpuid-r-this-machine.txt', 'utf8')],
    ['/proc/cpuinfo', readFileSync('test/fixtures/x86_64/proc-cpuinfo-this-machine.txt', 'utf8')],
    ['capabilities XML', readFileSync('test/fixtures/libvirt/capabilities-x86_64.xml', 'utf8')],
    ['QMP host expansion under KVM (QEMU 9.1)', JSON.stringify(kvm.hostReply)],
    ['host document', JSON.stringify(doc.value)],
  ];
  for (const [what, text] of sources) {
    it(what, () => {
      const xml = domcapsForHost(text, what, { format: 'libvirt' });
      if (!xml.ok) throw new Error(xml.error.message);
      expect(xml.value).toContain('<mode name=\'host-model\' supported=\'yes\'>');
      for (const obsolete of [KUBEVIRT_DEFAULT_OBSOLETE, ['Skylake-Client', 'EPYC', 'Haswell-noTSX', 'qemu64']]) {
        const want = expected(xml.value, obsolete);
        const got = ours(text, what, obsolete === KUBEVIRT_DEFAULT_OBSOLETE ? undefined : obsolete);
        expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
        expect(Object.keys(got).filter((k) => k.startsWith('cpu-feature.')).length).toBeGreaterThan(10);
      }
    });
  }

  it('the obsolete-models configuration is honoured: it replaces the defaults, and an obsolete host-model is labelled so', () => {
    const text = readFileSync(dump, 'utf8');
    const dflt = ours(text, dump);
    const hm = Object.keys(dflt).find((k) => k.startsWith('host-model-cpu.node.kubevirt.io/'))!.split('/')[1]!;
    expect(dflt['cpu-model.node.kubevirt.io/qemu64']).toBeUndefined();
    const custom = ours(text, dump, [hm, 'Nehalem']);
    expect(custom['cpu-model.node.kubevirt.io/qemu64']).toBe('true'); // no longer obsolete: the list replaces KubeVirt's
    expect(custom['cpu-model.node.kubevirt.io/Nehalem']).toBeUndefined();
    expect(custom['cpu-model-migration.node.kubevirt.io/Nehalem']).toBeUndefined();
    expect(custom[`cpu-model-migration.node.kubevirt.io/${hm}`]).toBeUndefined();
    expect(custom['node-labeller.kubevirt.io/obsolete-host-model']).toBe('true');
    expect(custom[`host-model-cpu.node.kubevirt.io/${hm}`]).toBe('true');
  });
});
