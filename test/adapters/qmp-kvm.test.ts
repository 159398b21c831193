/**
 * --accel kvm with a given host: the host model, runnability against it, and
 * realize checks against it instead of TCG's emulation.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QEMU72, readJson } from '../helpers/reference.js';
import { TestSession, makeService } from '../helpers/qmp.js';

// A host: QEMU's own full expansion of z14 (what libvirt caches for `host`).
const rec = readJson(path.join(QEMU72, 's390x/expansions.json')).records.find((r: any) => r.model === 'z14' && r.type === 'full');
const host = { text: JSON.stringify(rec.reply), origin: 'z14-host.json' };

describe('QMP under kvm with a given host', () => {
  const s = new TestSession(makeService({ accel: 'kvm', host, guest: { name: 'z13', props: { vx: false } } }));

  it('lists host and judges every model against the host', () => {
    const defs = s.ask({ execute: 'query-cpu-definitions' }).return as any[];
    const by = new Map(defs.map((d) => [d.name, d]));
    expect(by.get('host')).toMatchObject({ static: false, 'migration-safe': false, 'unavailable-features': [] });
    expect(by.get('z14')['unavailable-features']).toEqual([]);
    expect(by.get('z13')['unavailable-features']).toEqual([]);
    expect(by.get('z14.2')['unavailable-features']).toEqual(['type']);
    expect(by.get('gen15a')['unavailable-features']).toContain('vxeh2');
    expect(by.get('gen15a')['unavailable-features']).toContain('type');
    expect(defs).toHaveLength(79);
    expect(s.ask({ execute: 'query-kvm' }).return).toEqual({ enabled: true, present: true });
  });

  it('expands host to the host model, and max equals host', () => {
    const h = s.ask({ execute: 'query-cpu-model-expansion', arguments: { type: 'full', model: { name: 'host' } } });
    expect(h).toEqual(rec.reply);
    const c = s.ask({ execute: 'query-cpu-model-comparison', arguments: { modela: { name: 'host' }, modelb: { name: 'max' } } });
    expect(c.return.result).toBe('identical');
  });

  it('masks the guest by the host and reports it normalized', () => {
    const q = s.ask({ execute: 'query-cpu-model' }).return;
    expect(q.model.name).toBe('z13-base');
    expect(q.requested).toEqual({ name: 'z13', props: { vx: false } });
    const tooNew = new TestSession(makeService({ accel: 'kvm', host, guest: { name: 'gen15a' } })).ask({ execute: 'query-cpu-model' });
    expect(tooNew.error.desc).toBe("Selected CPU generation is too new. Maximum supported model in the configuration: 'z14'");
    const missing = new TestSession(makeService({ accel: 'kvm', host: { text: JSON.stringify({ return: { model: { name: 'z14-base', props: { ...rec.reply.return.model.props, vx: false, te: false } } } }), origin: 'h' }, guest: { name: 'z14' } })).ask({ execute: 'query-cpu-model' });
    expect(missing.error.desc).toMatch(/^Some features requested in the CPU model are not available in the configuration: (te vx|vx te) {2}$/);
  });

  it('refuses kvm without a host', async () => {
    const { createDriver } = await import('../../src/arch/index.js');
    const r = createDriver({ arch: 's390x', accel: 'kvm' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('kvm needs a host capability');
  });
});
