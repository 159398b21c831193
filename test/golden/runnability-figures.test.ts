/**
 * The four runnability figures (tools/measure-runnability.ts) over every real
 * host's domcapabilities file: ../shared/reference/libvirt/domaincapsdata and
 * test/fixtures/domaincapsdata.
 *
 *  - usable verdicts: 100%;
 *  - migrate-check exits 0 exactly when libvirt marks the model usable: 100%;
 *  - blocker sets and the host-model block: at least the share recorded here
 *    (what the engine achieves; the outside bar is 95%), so a regression fails.
 *
 * The file count is asserted too, so a fixture that goes missing is noticed.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { domcapsFiles, formatFigures, measureFile, total } from '../../tools/measure-runnability.js';
import { LIBVIRT } from '../helpers/reference.js';

const FILES = domcapsFiles([path.join(LIBVIRT, 'domaincapsdata'), path.join(import.meta.dirname, '../fixtures/domaincapsdata')]);

/**
 * Recorded: the files measured and the least share of blocker sets and host-models that must agree.
 * The one host-model miss: qemu_5.1.0.x86_64.xml, written by a libvirt whose cpu_map still had
 * `monitor` in EPYC-IBPB (it disables it); our cpu_map data marks it removed='yes', as the libvirt
 * that wrote the newer files does (they require it where the host has it, e.g. under TCG).
 */
const RECORDED = { files: 28, blockers: 1, hostModel: 25 / 26 };

/**
 * Verdicts known to differ (exact), the usable one and migrate-check's alike: none. (QEMU 2.11's
 * per-machine 'qemu' model, a z900, was the last: data/s390x/machine-compat.ts.)
 */
const KNOWN: Record<string, string[]> = {};

/**
 * Models libvirt lists that our catalog of that release lacks (exact): QEMU 11.0's newest versions,
 * not in src/data/x86_64/models.ts yet.
 */
const ONLY_LIBVIRT: Record<string, string[]> = {
  'qemu_11.0.0.x86_64+sgx.xml': ['ClearwaterForest-v3', 'GraniteRapids-v5', 'SapphireRapids-v6', 'SierraForest-v5'],
};

describe('runnability figures over every real host file', () => {
  const rows = FILES.map(measureFile);
  const t = total(rows);

  it('prints the four figures', () => {
    for (const r of rows) if (r.misses.length) console.log(`${r.file}:\n  ${r.misses.join('\n  ')}`);
    console.log(formatFigures(t));
    expect(t.files).toBe(RECORDED.files);
  });

  it('usable verdicts agree for every model both list; the models only libvirt lists are exactly the recorded ones', () => {
    expect(t.usable[1]).toBeGreaterThan(1000);
    const known = Object.fromEntries(rows.map((r) => [r.file, r.misses.filter((m) => /^(usable|migrate-check) /.test(m)).map((m) => m.split(':')[0]!)]).filter(([, m]) => m.length));
    expect(known).toEqual(KNOWN);
    expect(t.usable[0]).toBe(t.usable[1]);
    expect(Object.fromEntries(rows.filter((r) => r.onlyTheirs.length).map((r) => [r.file, r.onlyTheirs]))).toEqual(ONLY_LIBVIRT);
  });

  it('migrate-check exits 0 exactly when libvirt marks the model usable, for every custom model of every file', () => {
    expect(t.migrate[1]).toBeGreaterThan(1000);
    expect(t.migrate[0]).toBe(t.migrate[1]);
  });

  it('blocker sets and host-model blocks agree at least as often as recorded', () => {
    expect(t.blockers[1]).toBeGreaterThan(400);
    expect(t.blockers[0] / t.blockers[1]).toBeGreaterThanOrEqual(RECORDED.blockers);
    expect(t.hostModel[0] / t.hostModel[1]).toBeGreaterThanOrEqual(RECORDED.hostModel);
  });
});
