/**
 * The management driver contract: for every architecture in the one table
 * (host/management.ts) and every operation of the interface
 * (core/management.ts), the operation either answers on that
 * architecture's host (a libvirt domcapabilities file in shared; aarch64,
 * whose file has no host-model, a Cortex-A57 /proc/cpuinfo: under KVM
 * QEMU runs a named model only there) or gives the one error
 * "OP is not supported on ARCH". Which operations each architecture has is
 * pinned, so an operation that disappears fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIBVIRT } from '../helpers/reference.js';
import { knownBaseline } from '../helpers/baseline.js';
import { MANAGEMENT_OPERATIONS, type ManagementOperation } from '../../src/core/management.js';
import type { Arch } from '../../src/core/driver.js';
import type { HostDoc } from '../../src/host/doc.js';
import { toHostDoc } from '../../src/host/convert.js';
import { MANAGEMENT_DRIVERS, management } from '../../src/host/management.js';
import { loadFleet } from '../../src/fleet/fleet.js';
import { NEOVERSE_N1_CPUINFO } from '../helpers/aarch64.js';

const fromText = (text: string, origin: string): HostDoc => {
  const r = toHostDoc(text, origin);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const fromFile = (f: string): HostDoc => fromText(readFileSync(path.join(LIBVIRT, 'domaincapsdata', f), 'utf8'), f);

interface Sample {
  host: () => HostDoc;
  /** a QMP model the host runs */
  runs: string;
  /** libvirt's name of a CPU model, for compare and baseline */
  libvirtModel: string;
  /** the operations the architecture has */
  ops: readonly ManagementOperation[];
}

const ALL = MANAGEMENT_OPERATIONS;
const KNOWN_CPU = ALL.filter((o) => o !== 'unknownHost');
/** a Cortex-A57 (MIDR part 0xd07) with the ARMv8.0 hwcaps */
const CORTEX_A57_CPUINFO = NEOVERSE_N1_CPUINFO.replaceAll('0xd0c', '0xd07').replaceAll('0x3\n', '0x1\n').replaceAll(' atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs', ' cpuid');
const SAMPLES: Record<Arch, Sample> = {
  x86_64: { host: () => fromFile('qemu_10.1.0-q35.x86_64+inteltdx.xml'), runs: 'Skylake-Client-v1', libvirtModel: 'Skylake-Client', ops: KNOWN_CPU },
  s390x: { host: () => fromFile('qemu_9.1.0.s390x.xml'), runs: 'z13', libvirtModel: 'z13', ops: KNOWN_CPU.filter((o) => o !== 'baseline') },
  ppc64: { host: () => fromFile('qemu_10.0.0.ppc64.xml'), runs: 'POWER8', libvirtModel: 'POWER8', ops: KNOWN_CPU },
  aarch64: { host: () => fromText(CORTEX_A57_CPUINFO, 'a57-cpuinfo'), runs: 'cortex-a57', libvirtModel: 'cortex-a57', ops: ALL.filter((o) => o !== 'hostModel') },
};

describe('management driver contract', () => {
  it('the table has every architecture and the interface lists every operation once', () => {
    expect(Object.keys(MANAGEMENT_DRIVERS).sort()).toEqual(Object.keys(SAMPLES).sort());
    expect(new Set(MANAGEMENT_OPERATIONS).size).toBe(MANAGEMENT_OPERATIONS.length);
  });

  for (const [arch, s] of Object.entries(SAMPLES) as [Arch, Sample][]) {
    describe(arch, () => {
      it('an operation it lacks gives the one "not supported" error, with the operation and the architecture', () => {
        const lacks = ALL.filter((o) => !s.ops.includes(o));
        for (const op of lacks) {
          const r = management(arch, op);
          expect(r.ok, op).toBe(false);
          if (!r.ok) expect(r.error, op).toMatchObject({ code: 'unsupported', message: `${op} is not supported on ${arch}`, value: arch });
        }
        for (const op of s.ops) expect(management(arch, op).ok, op).toBe(true);
      });

      const op = <K extends ManagementOperation>(k: K) => {
        const r = management(arch, k);
        if (!r.ok) throw new Error(r.error.message);
        return r.value;
      };
      const has = (k: ManagementOperation) => s.ops.includes(k);

      it.runIf(has('hostModel'))('hostModel: libvirt\'s host-model block of the host', () => {
        const r = op('hostModel')(s.host());
        expect(r.ok && r.value.supported).toBe(true);
        expect(r.ok && r.value.model?.name).toBeTruthy();
      });

      it.runIf(has('compare'))('compare: a CPU is identical to itself; a model is compared, not waved through', () => {
        const cpu = { mode: 'custom' as const, match: 'exact' as const, model: { name: s.libvirtModel }, features: [] };
        const same = op('compare')(cpu, cpu);
        expect(same.ok && same.value.result).toBe('IDENTICAL');
      });

      it.runIf(has('baseline'))('baseline: of two equal CPUs is that CPU\'s model', () => {
        const cpu = { mode: 'custom' as const, match: 'exact' as const, model: { name: s.libvirtModel }, features: [] };
        const b = op('baseline')([cpu, cpu]);
        if (!b.ok) throw new Error(b.error.message);
        expect(b.value.model?.name).toBeTruthy();
      });

      it.runIf(has('domcapsModels'))('domcapsModels: a verdict for every model, blockers only on the unrunnable', () => {
        const all = op('domcapsModels')(s.host());
        expect(all.length).toBeGreaterThan(0);
        for (const v of all) expect(v.runnable, v.name).toBe(v.blockers.length === 0);
        // the sample host runs the model it is known to run
        expect(all.find((v) => v.name === s.runs)?.runnable, s.runs).toBe(true);
      });

      it.runIf(has('fits'))('fits: the host runs a model of its own generation; a model name nobody has is an error naming it', () => {
        const f = op('fits');
        const yes = f(s.host(), { name: s.runs });
        expect(yes.ok && yes.value, s.runs).toMatchObject({ runnable: true, blockers: [] });
        const no = f(s.host(), { name: 'no-such-cpu' });
        expect(!no.ok && no.error.message).toContain('no-such-cpu');
      });

      it.runIf(has('fleetBaseline'))('fleetBaseline: of one host is a CPU that host runs, in QEMU\'s and libvirt\'s words', () => {
        const fleet = loadFleet([s.host()]);
        if (!fleet.ok) throw new Error(fleet.error.message);
        const b = knownBaseline(op('fleetBaseline')(fleet.value));
        expect(b.status).toBe('ok');
        expect(b.arch).toBe(arch);
        expect(b.hostCount).toBe(1);
        expect(b.libvirt).toContain('<model');
        expect(b.heldBackBy).toEqual([]);
      });

      it.runIf(has('migrationRules'))('migrationRules: the vendor rule and the unmigratable features', () => {
        const r = op('migrationRules')();
        expect(['never', 'when the guest names one']).toContain(r.vendor);
        expect(Array.isArray(r.unmigratable)).toBe(true);
      });

      it.runIf(has('unknownHost'))("unknownHost: a host the fleet keeps, whose CPU is not known, and which the fleet answers 'unknown' for", () => {
        const doc = op('unknownHost')({ origin: 'u.xml', kind: 'libvirt-domcapabilities', why: 'no host-model' });
        expect(doc).toMatchObject({ arch, name: 'u.xml', features: [] });
        const rules = op('fleetRules')();
        expect(rules.unknownWhy?.(doc.identity)).toBe('no host-model');
        expect(rules.unknownWhy?.(s.host().identity)).toBeUndefined();
        const fleet = loadFleet([doc, s.host()]);
        if (!fleet.ok) throw new Error(fleet.error.message);
        const b = op('fleetBaseline')(fleet.value);
        expect(b.ok && b.value.status).toBe('ok');
        expect(b.ok && b.value.unknown?.[0]?.hosts).toEqual(['u.xml']);
        // no host known: no model, status 'unknown', every host named with why
        const none = loadFleet([doc, { ...doc, name: 'v.xml' }]);
        if (!none.ok) throw new Error(none.error.message);
        expect(op('fleetBaseline')(none.value)).toEqual({
          ok: true,
          value: { status: 'unknown', arch, hostCount: 0, classCount: 0, unknown: [expect.objectContaining({ hosts: ['u.xml', 'v.xml'], hostCount: 2, why: 'no host-model' })], notes: ["no baseline: no host's CPU is known; describe one by its CPU (/proc/cpuinfo, or a QMP expansion of host: cpumodels probe) for a baseline"] },
        });
        // a verdict that needs the CPU is unknown there: not runnable, no blockers, the reason
        const f = op('fits')(doc, { name: s.runs });
        expect(f.ok && f.value).toEqual({ name: s.runs, runnable: false, blockers: [], unknown: 'no host-model' });
      });

      it.runIf(has('hostFromLibvirt'))("hostFromLibvirt: libvirt's host <cpu> of a model is a host document of this architecture; a model it does not know is named", () => {
        const f = op('hostFromLibvirt');
        const doc = f({ arch, model: s.libvirtModel, require: [], disable: [] }, { origin: 'caps.xml', kind: 'libvirt-capabilities' });
        if (!doc.ok) throw new Error(doc.error.message);
        expect(doc.value).toMatchObject({ arch, name: 'caps.xml', source: { kind: 'libvirt-capabilities', origin: 'caps.xml' } });
        const no = f({ arch, model: 'no-such-cpu', require: [], disable: [] }, { origin: 'caps.xml', kind: 'libvirt-capabilities' });
        expect(!no.ok && no.error).toMatchObject({ code: 'bad-host-data', value: 'no-such-cpu', message: expect.stringMatching(/^caps\.xml: .*'no-such-cpu'/) });
      });

      it.runIf(has('customModels'))("customModels: QEMU's definitions as domcapabilities' custom models, usable from unavailable-features", () => {
        const f = op('customModels');
        const by = (defs: Parameters<typeof f>[0]) => new Map(f(defs).map((m) => [m.name.toLowerCase(), m]));
        const key = s.runs.toLowerCase();
        expect(by([{ name: s.runs, 'unavailable-features': [] }]).get(key)).toMatchObject({ usable: 'yes' });
        const no = by([{ name: s.runs, 'unavailable-features': ['zz1', 'aa2'] }]).get(key);
        expect(no?.usable).toBe('no');
        expect(no?.blockers?.length).toBe(2);
        expect(by([{ name: s.runs }]).get(key)).toMatchObject({ usable: 'unknown' });
        expect(f([])).toEqual([]);
      });

      it.runIf(has('fleetRules'))('fleetRules: built once, over the architecture\'s catalog', () => {
        const r = op('fleetRules');
        expect(r()).toBe(r());
        expect(r().arch).toBe(arch);
        expect(r().catalog.size).toBeGreaterThan(0);
      });
    });
  }
});
