/**
 * Golden tier: every stored QEMU 7.2 s390x request gets the stored reply.
 * Lists of feature names compare as sets, props as maps, errors exactly.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QEMU72, readJson } from '../helpers/reference.js';
import { definitionsDiff, replay, replayErrors } from '../helpers/golden.js';
import { TestSession, makeService } from '../helpers/qmp.js';

const dir = path.join(QEMU72, 's390x');
const service = makeService();

describe('s390x golden tier (QEMU 7.2)', () => {
  it('query-cpu-definitions: all 78 definitions, flags and unavailable-features', () => {
    const ref = readJson(path.join(dir, 'cpu-definitions.json'));
    const ours = new TestSession(service).ask({ execute: 'query-cpu-definitions' });
    expect(ref.return).toHaveLength(78);
    expect(definitionsDiff(ours.return, ref.return)).toBeNull();
    expect(ours.return).toHaveLength(78);
  });

  it('query-cpu-model-expansion: 156 static and full expansions', () => {
    const f = readJson(path.join(dir, 'expansions.json'));
    expect(f.records).toHaveLength(156);
    expect(replay(service, f.records, (r) => `${r.type} ${r.model}`)).toEqual([]);
  });

  it('query-cpu-model-comparison: 1,600 pairs and 40 cases with props', () => {
    const f = readJson(path.join(dir, 'comparisons.json'));
    const all = [...f.records, ...f.props_records];
    expect(all).toHaveLength(1640);
    expect(replay(service, all, (r) => JSON.stringify(r.request.arguments))).toEqual([]);
  });

  it('query-cpu-model-baseline: 820 pairs and 40 cases with props', () => {
    const f = readJson(path.join(dir, 'baselines.json'));
    const all = [...f.records, ...f.props_records];
    expect(all).toHaveLength(860);
    expect(replay(service, all, (r) => JSON.stringify(r.request.arguments))).toEqual([]);
  });

  it('errors: all 31 bad-input cases give QEMU class and desc exactly', () => {
    const f = readJson(path.join(dir, 'errors.json'));
    expect(f.records).toHaveLength(31);
    const failures = replayErrors(service, f.records);
    expect(failures).toEqual([]);
  });

  it('query-commands lists the four CPU-model commands QEMU has', () => {
    const ref = readJson(path.join(dir, 'commands.json'));
    const ours = new TestSession(service).ask({ execute: 'query-commands' }).return.map((c: any) => c.name);
    for (const [cmd, present] of Object.entries(ref.cpu_model_commands)) expect(ours.includes(cmd)).toBe(present);
  });
});
