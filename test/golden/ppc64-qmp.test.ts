/**
 * Golden tier for ppc64: every stored QEMU 7.2 request gets the stored reply.
 * The fixtures are this repository's capture of qemu-system-ppc64 7.2
 * (test/fixtures/qemu-7.2/ppc64). QEMU 7.2 has only query-cpu-definitions
 * on ppc64: expansion, comparison and baseline are CommandNotFound, which
 * the strict command set reproduces; outside strict mode they are ours
 * (the compat-mode view, checked at the end).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Ppc64Driver } from '../../src/arch/ppc64/driver.js';
import { QmpService } from '../../src/adapters/qmp/service.js';
import { readJson, readText } from '../helpers/reference.js';
import { definitionsDiff, replay, replayErrors } from '../helpers/golden.js';
import { TestSession } from '../helpers/qmp.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/qemu-7.2/ppc64');
const version = { qemu: { major: 7, minor: 2, micro: 0 }, package: 'cpumodels test' };
const strict = new QmpService({ driver: new Ppc64Driver({}), version, strict: true });
const open = new QmpService({ driver: new Ppc64Driver({}), version });

describe('ppc64 golden tier (QEMU 7.2)', () => {
  it('query-cpu-definitions: 417 names (125 aliases first), fields, typenames and order exactly as QEMU', () => {
    const ref = readJson(path.join(dir, 'cpu-definitions.json'));
    const ours = new TestSession(strict).ask({ execute: 'query-cpu-definitions' });
    expect(ref.return).toHaveLength(417);
    expect(definitionsDiff(ours.return, ref.return)).toBeNull();
    expect(ours.return.map((d: any) => d.name)).toEqual(ref.return.map((d: any) => d.name));
    // QEMU 7.2 leaves out migration-safe, unavailable-features and alias-of on ppc64
    for (const d of ours.return) expect(Object.keys(d).sort()).toEqual(['deprecated', 'name', 'static', 'typename']);
    // ... and sets the typename only on aliases (the classes' own entries have "")
    expect(ours.return.slice(0, 125).every((d: any) => d.typename.endsWith('-powerpc64-cpu'))).toBe(true);
    expect(ours.return.slice(125).every((d: any) => d.typename === '')).toBe(true);
  });

  it('-cpu help: every class with its PVR, and its aliases, in QEMU order', () => {
    const d = new Ppc64Driver({});
    const lines: string[] = [];
    for (const c of d.cat.classes) {
      lines.push(`PowerPC ${c.name.padEnd(16)} PVR ${c.pvr.toString(16).padStart(8, '0')}`);
      for (const [alias, target] of d.cat.aliases) if (target === c.name) lines.push(`PowerPC ${alias.padEnd(16)} (alias for ${c.name})`);
    }
    expect(lines.join('\n') + '\n').toBe(readText(path.join(dir, 'cpu-help.txt')));
  });

  it('query-cpu-model-expansion: all 834 requests are CommandNotFound, as in QEMU 7.2', () => {
    const f = readJson(path.join(dir, 'expansions.json'));
    expect(f.records).toHaveLength(834);
    expect(replay(strict, f.records, (r) => `${r.type} ${r.model}`)).toEqual([]);
  });

  it('errors: all 31 bad-input cases give QEMU class and desc exactly (strict command set)', () => {
    const f = readJson(path.join(dir, 'errors.json'));
    expect(f.records).toHaveLength(31);
    expect(replayErrors(strict, f.records)).toEqual([]);
  });

  it('strict mode has exactly the CPU-model commands QEMU 7.2 has on ppc64, and the probes agree', () => {
    const ref = readJson(path.join(dir, 'commands.json'));
    const ours = new TestSession(strict).ask({ execute: 'query-commands' }).return.map((c: any) => c.name);
    for (const [cmd, present] of Object.entries(ref.cpu_model_commands)) expect(ours.includes(cmd), cmd).toBe(present);
    expect(replay(strict, ref.probes, (r) => r.request.execute)).toEqual([]);
  });

  it('beyond QEMU (non-strict): expansion, comparison and baseline in the compat-mode view', () => {
    const s = new TestSession(open);
    expect(s.ask({ execute: 'query-cpu-model-expansion', arguments: { type: 'static', model: { name: 'power9' } } })).toEqual({
      return: { model: { name: 'power9_v2.0', props: { 'max-cpu-compat': 'power9' } } },
    });
    expect(s.ask({ execute: 'query-cpu-model-expansion', arguments: { type: 'static', model: { name: 'POWER8', props: { 'max-cpu-compat': 'power7' } } } })).toEqual({
      return: { model: { name: 'power8_v2.0', props: { 'max-cpu-compat': 'power7' } } },
    });
    expect(s.ask({ execute: 'query-cpu-model-comparison', arguments: { modela: { name: 'power9' }, modelb: { name: 'power8' } } })).toEqual({
      return: { result: 'incompatible', 'responsible-properties': ['compat-power9', 'type'] },
    });
    expect(s.ask({ execute: 'query-cpu-model-comparison', arguments: { modela: { name: 'power9' }, modelb: { name: 'power9_v1.0', props: { 'max-cpu-compat': 'power8' } } } })).toEqual({
      return: { result: 'superset', 'responsible-properties': ['compat-power9'] },
    });
    expect(s.ask({ execute: 'query-cpu-model-baseline', arguments: { modela: { name: 'power8e' }, modelb: { name: 'power8nvl', props: { 'max-cpu-compat': 'power7' } } } })).toEqual({
      return: { model: { name: 'power8_v2.0', props: { 'max-cpu-compat': 'power7' } } },
    });
    expect(s.ask({ execute: 'query-cpu-model-baseline', arguments: { modela: { name: 'power9' }, modelb: { name: 'power8' } } })).toEqual({
      error: { class: 'GenericError', desc: 'CPUs are incompatible' },
    });
    expect(s.ask({ execute: 'query-cpu-model-expansion', arguments: { type: 'static', model: { name: 'power8', props: { 'max-cpu-compat': 'power9' } } } })).toEqual({
      error: { class: 'GenericError', desc: 'Compatibility PVR 0x0f000005 not valid for CPU' },
    });
  });
});
