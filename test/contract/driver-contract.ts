/**
 * The contract every architecture driver passes. Each driver's test file is
 * a few lines: `runDriverContract('s390x', () => createDriver(...))`.
 */
import { describe, expect, it } from 'vitest';
import type { CpuDriver } from '../../src/core/driver.js';
import { signature } from '../../src/core/signature.js';

export interface ContractOptions {
  /** A few model pairs to exercise compare/baseline (defaults: first models). */
  sample?: number;
  /** Models whose expansion the architecture itself cannot read back, with the reason. */
  noRoundTrip?: Record<string, string>;
  /** Properties a full expansion reports but the architecture cannot take back (name → reason). */
  reportOnly?: Record<string, string>;
  /**
   * Where QEMU's own answer for this architecture has a leaner shape (fields
   * it does not send, no static models), with the reason: the driver must
   * answer as QEMU does, so the contract asks no more.
   */
  qemuShape?: { omits?: readonly ('migration-safe' | 'unavailable-features')[]; noStaticModels?: string };
}

/** Releases besides 7.2 and latest whose catalogs every driver's contract also runs against. */
export const CONTRACT_RELEASES = ['4.2', '6.2', '9.1'] as const;

export function runDriverContract(label: string, make: () => CpuDriver, opts: ContractOptions = {}): void {
  describe(`driver contract: ${label}`, () => {
    const d = make();
    const defs = d.definitions();
    const names = defs.map((x) => x.name);
    const sample = names.filter((_, i) => i % Math.max(1, Math.floor(names.length / (opts.sample ?? 12))) === 0);

    it('lists definitions with unique names and the QMP fields', () => {
      expect(defs.length).toBeGreaterThan(0);
      expect(new Set(names).size).toBe(names.length);
      for (const x of defs) {
        expect(typeof x.typename).toBe('string');
        expect(typeof x.static).toBe('boolean');
        const omits = opts.qemuShape?.omits ?? [];
        if (!omits.includes('migration-safe')) expect(typeof x['migration-safe']).toBe('boolean');
        expect(typeof x.deprecated).toBe('boolean');
        if (!omits.includes('unavailable-features')) expect(Array.isArray(x['unavailable-features'])).toBe(true);
      }
    });

    it('expands every model, and expansions resolve back to the same features', () => {
      for (const n of names) {
        const cpu = d.resolve({ name: n });
        expect(cpu.ok, n).toBe(true);
        if (!cpu.ok) continue;
        for (const type of ['static', 'full'] as const) {
          if (opts.noRoundTrip?.[n]) continue;
          const e = d.expand(type, { name: n });
          expect(e.ok, `${type} ${n}`).toBe(true);
          if (!e.ok) continue;
          const props = Object.fromEntries(Object.entries(e.value.model.props ?? {}).filter(([k]) => !opts.reportOnly?.[k]));
          const again = d.resolve({ name: e.value.model.name, props });
          expect(again.ok, `${type} ${n} resolves`).toBe(true);
          if (again.ok) expect(again.value.features.equals(cpu.value.features), `${type} ${n} round trip`).toBe(true);
        }
        const st = d.expand('static', { name: n });
        if (st.ok && !opts.qemuShape?.noStaticModels) expect(defs.find((x) => x.name === st.value.model.name)?.static, `static expansion of ${n} names a static model`).toBe(true);
      }
    });

    it('compares a model with itself as identical, and pairs antisymmetrically', () => {
      for (const a of sample) {
        const self = d.compare({ name: a }, { name: a });
        expect(self.ok && self.value.result).toBe('identical');
        for (const b of sample) {
          const ab = d.compare({ name: a }, { name: b });
          const ba = d.compare({ name: b }, { name: a });
          expect(ab.ok && ba.ok).toBe(true);
          if (!ab.ok || !ba.ok) continue;
          const flip = { identical: 'identical', superset: 'subset', subset: 'superset', incompatible: 'incompatible' } as const;
          expect(ba.value.result, `${a} vs ${b}`).toBe(flip[ab.value.result]);
          expect(new Set(ab.value['responsible-properties'])).toEqual(new Set(ba.value['responsible-properties']));
        }
      }
    });

    it('baselines into a model both sides can run, symmetrically', () => {
      for (const a of sample) {
        for (const b of sample) {
          const ab = d.baseline({ name: a }, { name: b });
          const ba = d.baseline({ name: b }, { name: a });
          expect(ab.ok, `${a}+${b}`).toBe(ba.ok);
          if (!ab.ok || !ba.ok) continue;
          expect(ab.value).toEqual(ba.value);
          const m = d.resolve(ab.value.model);
          const ra = d.resolve({ name: a });
          const rb = d.resolve({ name: b });
          if (m.ok && ra.ok && rb.ok) {
            expect(m.value.features.isSubsetOf(ra.value.features), `${a}+${b} ⊆ ${a}`).toBe(true);
            expect(m.value.features.isSubsetOf(rb.value.features), `${a}+${b} ⊆ ${b}`).toBe(true);
          }
        }
      }
      const many = d.baselineMany(sample.slice(0, 4).map((name) => ({ name })));
      // a baseline may be refused (no common model, mixed vendors), but it must say why
      if (!many.ok) expect(many.error.message.length).toBeGreaterThan(10);
      else expect(d.resolve(many.value.model).ok).toBe(true);
    });

    it('names the offending value of bad input', () => {
      const u = d.expand('static', { name: 'no-such-cpu' });
      expect(u.ok).toBe(false);
      if (!u.ok) {
        expect(u.error.code).toBe('unknown-model');
        expect(u.error.message).toContain('no-such-cpu');
      }
      const p = d.expand('static', { name: names[names.length - 1]!, props: { 'no-such-feature': true } });
      expect(p.ok).toBe(false);
      if (!p.ok) expect(p.error.message).toContain('no-such-feature');
    });

    it('reports runnability consistent with the host capability and masking', () => {
      const host = d.hostCapability();
      expect(host.arch).toBe(d.arch);
      const hostSet = d.catalog.setOf(host.features);
      for (const r of d.runnability()) {
        const m = d.resolve({ name: r.name });
        if (!m.ok) continue;
        expect(m.value.features.isSubsetOf(hostSet), `${r.name} runnable=${r.runnable}`).toBe(r.runnable && r.blockers.length === 0 ? true : m.value.features.isSubsetOf(hostSet));
        const masked = d.maskToHost({ name: r.name });
        if (r.runnable) expect(masked.ok, r.name).toBe(true);
        else {
          expect(masked.ok, r.name).toBe(false);
          if (!masked.ok) expect(masked.error.message.length).toBeGreaterThan(0);
        }
      }
    });

    it('normalizes to a named model plus a delta, with a stable signature', () => {
      for (const n of sample) {
        const m = d.resolve({ name: n });
        if (!m.ok) continue;
        const norm = d.normalize(m.value);
        expect(norm.signature).toBe(signature(d.catalog, m.value.features));
        expect(norm.display).toBe(`${norm.base}@${norm.signature}`);
        const back = d.resolve({ name: norm.base, props: Object.fromEntries([...norm.removed.map((f) => [f, false]), ...norm.added.map((f) => [f, true])]) });
        expect(back.ok, `${n} → ${norm.base}`).toBe(true);
        if (back.ok) expect(back.value.features.equals(m.value.features)).toBe(true);
      }
    });
  });
}
