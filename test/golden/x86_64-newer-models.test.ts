// Models and versions QEMU added after 7.2 (rows/versions with `since`):
//  - every QEMU model a QEMU 10.1 host lists (libvirt's domain capabilities,
//    custom mode) exists in our latest view, with the canonical version libvirt
//    reports;
//  - the rows added from QEMU 10.1 carry the facts QEMU declared for them;
//  - none of them leaks into the 7.2 view.
import { describe, it, expect } from 'vitest';
import path from 'node:path';

import { x86Catalog, type X86Class } from '../../src/arch/x86_64/catalog.js';
import { X86_FEATURES } from '../../src/data/x86_64/features.js';
import { X86_MODELS } from '../../src/data/x86_64/models.js';
import { LIBVIRT, readText } from '../helpers/reference.js';
import { TestSession, makeService } from '../helpers/qmp.js';

const DOMCAPS = path.join(LIBVIRT, 'domaincapsdata/qemu_10.1.0-q35.x86_64+inteltdx.xml');

const latest = x86Catalog('latest');
const v72 = x86Catalog('7.2');

/** `<model ...>NAME</model>` entries of the custom mode, with their canonical name. */
function customModels(xml: string): { name: string; canonical?: string }[] {
  const custom = /<mode name='custom'[^>]*>([\s\S]*?)<\/mode>/.exec(xml);
  if (!custom) throw new Error('no custom mode in domain capabilities');
  return [...custom[1]!.matchAll(/<model\b([^>]*)>([^<]+)<\/model>/g)].map((m) => {
    const canonical = /\bcanonical='([^']*)'/.exec(m[1]!)?.[1];
    return { name: m[2]!.trim(), ...(canonical ? { canonical } : {}) };
  });
}

/**
 * QEMU models the 10.1 host lists that our tables do not have, each with the
 * reason.  Empty: every one of them is covered.  Kept (and checked) so that a
 * future gap has to be written down here.
 */
const MISSING_FROM_DOMCAPS: Readonly<Record<string, string>> = {};

/**
 * QEMU model versions newer than what we could source facts for (none is in
 * QEMU 11.1's list, libvirt's tests/domaincapsdata/qemu_11.1.0-q35.x86_64.xml).
 * They are known to exist upstream but are NOT in our tables; each is asserted absent so that adding one forces this
 * list to be updated.
 */
const KNOWN_NEWER_NOT_TABULATED: Readonly<Record<string, string>> = {
  'SierraForest-v6': 'after QEMU 11.1 ("with MBEC enabled"): props not found',
  'ClearwaterForest-v4': 'after QEMU 11.1: props not found',
  'EPYC-Turin-v2': 'proposed 2025-11 (bus-lock-detect); merge and release not confirmed',
  'EPYC-Genoa-v3': 'proposed 2025-11 (bus-lock-detect); merge and release not confirmed',
  'EPYC-Milan-v4': 'proposed 2025-11 (bus-lock-detect); merge and release not confirmed',
};

function names(c: X86Class): string[] {
  return latest.features.names(c.declared);
}

describe('x86_64 newer models: QEMU 10.1 model list (libvirt domain capabilities)', () => {
  const listed = customModels(readText(DOMCAPS));

  it('the reference lists enough models', () => {
    expect(listed.length).toBeGreaterThan(100);
    expect(listed.filter((m) => m.canonical).length).toBeGreaterThan(40);
  });

  it('every listed QEMU model exists in the latest view (or is a written-down exception)', () => {
    const missing = listed.map((m) => m.name).filter((n) => !latest.classByName.has(n));
    expect(missing.sort()).toEqual(Object.keys(MISSING_FROM_DOMCAPS).sort());
  });

  it('every canonical name exists, and fixed aliases point at it', () => {
    for (const m of listed) {
      if (!m.canonical || MISSING_FROM_DOMCAPS[m.name]) continue;
      expect(latest.classByName.has(m.canonical), m.canonical).toBe(true);
      // unversioned names are "configured by machine type" (v1 under
      // pc-q35-10.1 for every model listed, as under machine 'none'); the
      // others are fixed aliases of one version
      expect(latest.classByName.get(m.name)!.aliasOf, m.name).toBe(m.canonical);
    }
  });

  it('the exception tables name nothing we have', () => {
    for (const n of Object.keys(MISSING_FROM_DOMCAPS)) expect(latest.classByName.has(n), n).toBe(false);
    for (const n of Object.keys(KNOWN_NEWER_NOT_TABULATED)) expect(latest.classByName.has(n), n).toBe(false);
  });
});

describe('x86_64 newer models: QEMU 10.1 additions', () => {
  const cls = (n: string): X86Class => {
    const c = latest.classByName.get(n);
    if (!c) throw new Error(`no class ${n}`);
    return c;
  };
  const diff = (a: string, b: string) => {
    const x = new Set(names(cls(a)));
    const y = new Set(names(cls(b)));
    return { added: [...y].filter((f) => !x.has(f)).sort(), removed: [...x].filter((f) => !y.has(f)).sort() };
  };
  const RAS_SVM = [
    'flushbyasid', 'lbrv', 'overflow-recov', 'pause-filter', 'pfthreshold', 'succor', 'tsc-scale',
    'v-vmsave-vmload', 'vgif', 'vmcb-clean',
  ];

  it('new feature bits of CPUID 0x80000021 EAX', () => {
    const row = (n: string) => X86_FEATURES.find((f) => f.name === n);
    expect(row('fs-gs-base-ns')).toMatchObject({ word: 'FEAT_8000_0021_EAX', cpuid: { leaf: 0x80000021, reg: 'eax', bit: 1 }, since: '10.1' });
    expect(row('prefetchi')).toMatchObject({ word: 'FEAT_8000_0021_EAX', cpuid: { leaf: 0x80000021, reg: 'eax', bit: 20 }, since: '10.1' });
    expect(v72.features.feature('prefetchi')).toBeUndefined();
    expect(v72.features.feature('fs-gs-base-ns')).toBeUndefined();
  });

  it('bits QEMU named in 10.1 and 10.2 (msr-imm; verw-clear, tsa-sq-no, tsa-l1-no) exist from their release on', () => {
    const row = (n: string) => X86_FEATURES.find((f) => f.name === n);
    expect(row('msr-imm')).toMatchObject({ word: 'FEAT_7_1_ECX', cpuid: { leaf: 7, subleaf: 1, reg: 'ecx', bit: 5 }, since: '10.1' });
    expect(row('verw-clear')).toMatchObject({ word: 'FEAT_8000_0021_EAX', cpuid: { leaf: 0x80000021, reg: 'eax', bit: 5 }, since: '10.2' });
    expect(row('tsa-sq-no')).toMatchObject({ word: 'FEAT_8000_0021_ECX', cpuid: { leaf: 0x80000021, reg: 'ecx', bit: 1 }, since: '10.2' });
    expect(row('tsa-l1-no')).toMatchObject({ word: 'FEAT_8000_0021_ECX', cpuid: { leaf: 0x80000021, reg: 'ecx', bit: 2 }, since: '10.2' });
    expect(x86Catalog('10.0').features.feature('msr-imm')).toBeUndefined();
    expect(x86Catalog('10.1').features.feature('msr-imm')).toBeDefined();
    for (const n of ['verw-clear', 'tsa-sq-no', 'tsa-l1-no']) {
      expect(x86Catalog('10.1').features.feature(n), n).toBeUndefined();
      expect(x86Catalog('10.2').features.feature(n), n).toBeDefined();
    }
    // no QEMU model up to 11.1 declares any of them (EPYC-Turin and DiamondRapids included)
    for (const c of latest.classByName.values()) {
      expect(names(c).filter((n) => ['msr-imm', 'verw-clear', 'tsa-sq-no', 'tsa-l1-no', 'eraps'].includes(n)), c.name).toEqual([]);
    }
  });

  it('a leaf-7 subleaf bit raises min-level to 7 and level-func7 to its subleaf (msr-imm: FEAT_7_1_ECX, QEMU 10.1)', () => {
    const expand = (profile: string, props: Record<string, boolean>) => {
      const s = new TestSession(makeService({ arch: 'x86_64', profile }));
      const r = s.ask({ execute: 'query-cpu-model-expansion', arguments: { type: 'full', model: { name: 'qemu32', props } } });
      if (!r.return) throw new Error(JSON.stringify(r));
      const p = r.return.model.props as Record<string, unknown>;
      return { minLevel: Number(p['min-level']), func7: Number(p['level-func7']) };
    };
    // qemu32 declares level 4 and no leaf-7 bit
    expect(expand('10.1', {})).toEqual({ minLevel: 4, func7: 0 });
    expect(expand('10.1', { 'msr-imm': true })).toEqual({ minLevel: 7, func7: 1 });
    expect(expand('10.1', { 'intel-psfd': true })).toEqual({ minLevel: 7, func7: 2 });
    expect(expand('10.1', { 'msr-imm': true, 'intel-psfd': true })).toEqual({ minLevel: 7, func7: 2 });
  });

  it('EPYC-v5, EPYC-Rome-v5, EPYC-Milan-v3 add the RAS and SVM bits', () => {
    for (const [from, to] of [['EPYC-v4', 'EPYC-v5'], ['EPYC-Rome-v4', 'EPYC-Rome-v5'], ['EPYC-Milan-v2', 'EPYC-Milan-v3']] as const) {
      const d = diff(from, to);
      expect(d, to).toEqual({ added: RAS_SVM, removed: [] });
    }
    expect(cls('EPYC-v5').identity.modelId).toBe('AMD EPYC-v5 Processor');
    expect(cls('EPYC-Rome-v5').identity.modelId).toBe('AMD EPYC-Rome-v5 Processor');
    expect(cls('EPYC-Milan-v3').identity.modelId).toBe('AMD EPYC-Milan-v3 Processor');
    // EPYC-Rome-v4 dropped xsaves; v5 does not bring it back
    expect(names(cls('EPYC-Rome-v5'))).not.toContain('xsaves');
  });

  it('EPYC-Genoa-v2 also adds fs-gs-base-ns and perfmon-v2', () => {
    expect(diff('EPYC-Genoa-v1', 'EPYC-Genoa-v2')).toEqual({ added: [...RAS_SVM, 'fs-gs-base-ns', 'perfmon-v2'].sort(), removed: [] });
    expect(cls('EPYC-Genoa-v2').identity.modelId).toBe('AMD EPYC-Genoa-v2 Processor');
  });

  it('EPYC-Turin-v1', () => {
    const t = cls('EPYC-Turin-v1');
    expect(t.identity).toMatchObject({ vendor: 'AuthenticAMD', family: 26, model: 0, stepping: 0, modelId: 'AMD EPYC-Turin Processor', level: 0xd, xlevel: 0x80000022 });
    expect(cls('EPYC-Turin').aliasOf).toBe('EPYC-Turin-v1');
    const f = names(t);
    expect(f).toHaveLength(130);
    // what Turin adds on top of Genoa-v2 (as QEMU's commit message lists it) ...
    const d = diff('EPYC-Genoa-v2', 'EPYC-Turin-v1');
    expect(d.added).toEqual(['avx-vnni', 'avx512-vp2intersect', 'ibpb-brtype', 'movdir64b', 'movdiri', 'prefetchi', 'sbpb', 'srso-user-kernel-no']);
    // ... and nothing of Genoa-v2 is dropped
    expect(d.removed).toEqual([]);
    expect(f).not.toContain('srso-no');
  });

  it('Intel cache-model versions only switch on CPUID 0x1f (no feature change)', () => {
    for (const [from, to] of [['SapphireRapids-v3', 'SapphireRapids-v4'], ['GraniteRapids-v2', 'GraniteRapids-v3'], ['SierraForest-v2', 'SierraForest-v3'], ['YongFeng-v2', 'YongFeng-v3']] as const) {
      expect(diff(from, to), to).toEqual({ added: [], removed: [] });
      const base = to.replace(/-v\d+$/, '');
      const v = X86_MODELS.find((m) => m.name === base)!.versions.find((x) => `${base}-v${x.version}` === to)!;
      expect(v.props, to).toEqual({ 'x-force-cpuid-0x1f': 'on' });
      expect(v.since, to).toBe('10.2') // not in the real QEMU 10.1 replies (libvirt caps_10.1.0_x86_64+inteltdx);
    }
  });

  it('QEMU 11.0 CET versions add shadow stacks, IBT and the VMX CET controls (merged CET series)', () => {
    for (const [from, to] of [['SapphireRapids-v4', 'SapphireRapids-v5'], ['GraniteRapids-v3', 'GraniteRapids-v4'], ['SierraForest-v3', 'SierraForest-v4'], ['ClearwaterForest-v1', 'ClearwaterForest-v2']] as const) {
      expect(diff(from, to), to).toEqual({ added: ['cet-ibt', 'cet-ss', 'vmx-entry-load-cet', 'vmx-exit-save-cet'], removed: [] });
    }
  });

  it('QEMU 11.1 ITS versions add only its-no (ARCH_CAPABILITIES bit 62, named since QEMU 10.1)', () => {
    for (const [from, to] of [['SapphireRapids-v5', 'SapphireRapids-v6'], ['GraniteRapids-v4', 'GraniteRapids-v5'], ['SierraForest-v4', 'SierraForest-v5'], ['ClearwaterForest-v2', 'ClearwaterForest-v3']] as const) {
      expect(diff(from, to), to).toEqual({ added: ['its-no'], removed: [] });
      expect(x86Catalog('11.0').classByName.has(to), `${to} in 11.0`).toBe(false);
      expect(x86Catalog('11.1').classByName.has(to), `${to} in 11.1`).toBe(true);
    }
    expect(X86_FEATURES.find((f) => f.name === 'its-no')).toMatchObject({ word: 'FEAT_ARCH_CAPABILITIES', msr: { index: 0x10a, bit: 62 }, since: '10.1' });
    expect(x86Catalog('10.0').features.feature('its-no')).toBeUndefined();
  });

  it('DiamondRapids-v1 (QEMU 11.0): identity, the new AMX/APX/AVX10.2 words, and what it adds to GraniteRapids-v1', () => {
    const d = cls('DiamondRapids-v1');
    expect(d.identity).toMatchObject({ vendor: 'GenuineIntel', family: 19, model: 1, stepping: 0, modelId: 'Intel Xeon Processor (DiamondRapids)', level: 0x29, xlevel: 0x80000008 });
    expect(cls('DiamondRapids').aliasOf).toBe('DiamondRapids-v1');
    const row = (n: string) => X86_FEATURES.find((f) => f.name === n);
    expect(row('movrs')).toMatchObject({ word: 'FEAT_7_1_EAX', cpuid: { leaf: 7, subleaf: 1, reg: 'eax', bit: 31 }, since: '11.0' });
    expect(row('apxf')).toMatchObject({ word: 'FEAT_7_1_EDX', cpuid: { leaf: 7, subleaf: 1, reg: 'edx', bit: 21 } });
    expect(row('apx-nci-ndd-nf')).toMatchObject({ word: 'FEAT_29_0_EBX', cpuid: { leaf: 0x29, subleaf: 0, reg: 'ebx', bit: 0 } });
    expect(row('amx-movrs')).toMatchObject({ word: 'FEAT_1E_1_EAX', cpuid: { leaf: 0x1e, subleaf: 1, reg: 'eax', bit: 8 } });
    expect(row('avx10-vnni-int')).toMatchObject({ word: 'FEAT_24_1_ECX', cpuid: { leaf: 0x24, subleaf: 1, reg: 'ecx', bit: 2 } });
    const f = names(d);
    for (const n of ['apxf', 'apx-nci-ndd-nf', 'movrs', 'amx-fp8', 'amx-tf32', 'amx-avx512', 'amx-movrs', 'avx10-vnni-int', 'cet-ss', 'cet-ibt', 'fred', 'lkgs']) expect(f, n).toContain(n);
    // what QEMU 11.0 names unavailable for DiamondRapids on an AMD Ryzen 9 9950X under KVM (libvirt
    // caps_11.0.0_x86_64.xml, commit 12cdd613): every one of them is in the model
    const blockers11 = ['ss', 'pcid', 'hle', 'fdp-excptn-only', 'rtm', 'zero-fcs-fds', 'rdseed', 'la57', 'bus-lock-detect', 'cldemote', 'md-clear', 'serialize', 'tsx-ldtrk', 'cet-ibt', 'amx-bf16', 'avx512-fp16', 'amx-tile', 'amx-int8', 'cmpccxadd', 'fzrm', 'fsrs', 'fsrc', 'fred', 'lkgs', 'wrmsrns', 'amx-fp16', 'avx-ifma', 'lam', 'movrs', 'xfd', 'ibrs-all', 'taa-no', 'sbdr-ssdp-no', 'fbsdp-no', 'psdp-no', 'bhi-no', 'pbrsb-no', 'avx-vnni-int8', 'avx-ne-convert', 'amx-complex', 'prefetchiti', 'avx10', 'apxf', 'intel-psfd', 'ipred-ctrl', 'rrsba-ctrl', 'ddpd-u', 'bhi-ctrl', 'mcdt-no', 'avx10-128', 'avx10-256', 'avx10-512', 'apx-nci-ndd-nf', 'amx-int8-mirror', 'amx-bf16-mirror', 'amx-complex-mirror', 'amx-fp16-mirror', 'amx-fp8', 'amx-tf32', 'amx-avx512', 'amx-movrs', 'avx10-vnni-int'];
    expect(blockers11.filter((n) => !f.includes(n))).toEqual([]);
    // nothing of GraniteRapids-v1's CPUID features is dropped
    expect(diff('GraniteRapids-v1', 'DiamondRapids-v1').removed).toEqual([]);
    expect(x86Catalog('10.2').classByName.has('DiamondRapids')).toBe(false);
    expect(x86Catalog('10.2').features.feature('apxf')).toBeUndefined();
  });

  it('YongFeng-v2 fixes the model number', () => {
    expect(cls('YongFeng-v1').identity.model).toBe(11);
    expect(cls('YongFeng-v2').identity.model).toBe(0x5b);
    expect(cls('YongFeng-v3').identity.model).toBe(0x5b);
    expect(diff('YongFeng-v1', 'YongFeng-v2')).toEqual({ added: [], removed: [] });
  });

  it('nothing added here is visible in the 7.2 view', () => {
    for (const n of [
      'EPYC-v5', 'EPYC-Rome-v5', 'EPYC-Milan-v3', 'EPYC-Genoa-v2', 'EPYC-Turin', 'EPYC-Turin-v1',
      'SapphireRapids-v4', 'GraniteRapids-v3', 'SierraForest-v3', 'YongFeng-v2', 'YongFeng-v3',
      'SapphireRapids-v6', 'GraniteRapids-v5', 'SierraForest-v5', 'ClearwaterForest-v3', 'DiamondRapids', 'DiamondRapids-v1',
    ]) {
      expect(v72.classByName.has(n), n).toBe(false);
    }
    // the 7.2 models these versions extend are still there, unchanged in count
    expect(v72.classByName.has('EPYC-v3')).toBe(true);
    expect(v72.classByName.has('EPYC-v4')).toBe(false);
  });
});
