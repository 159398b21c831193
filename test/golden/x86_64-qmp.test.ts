/**
 * Golden tier for x86_64: every stored QEMU 7.2 request gets the stored reply.
 * Errors are replayed against the strict command set (QEMU 7.2 has no
 * comparison or baseline on x86; ours are extensions, off in strict mode).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QEMU72, readJson } from '../helpers/reference.js';
import { definitionsDiff, replay, replayErrors } from '../helpers/golden.js';
import { TestSession, makeService } from '../helpers/qmp.js';

const dir = path.join(QEMU72, 'x86_64');
const service = makeService({ arch: 'x86_64' });
const strict = makeService({ arch: 'x86_64', strict: true });

describe('x86_64 golden tier (QEMU 7.2)', () => {
  it('query-cpu-definitions: 132 names (55 aliases), flags, alias-of and unavailable-features, in QEMU order', () => {
    const ref = readJson(path.join(dir, 'cpu-definitions.json'));
    const ours = new TestSession(service).ask({ execute: 'query-cpu-definitions' });
    expect(ref.return).toHaveLength(132);
    expect(definitionsDiff(ours.return, ref.return)).toBeNull();
    expect(ours.return.map((d: any) => d.name)).toEqual(ref.return.map((d: any) => d.name));
    expect(ours.return.filter((d: any) => d['alias-of'])).toHaveLength(55);
  });

  it('query-cpu-model-expansion: 264 static and full expansions', () => {
    const f = readJson(path.join(dir, 'expansions.json'));
    expect(f.records).toHaveLength(264);
    expect(replay(service, f.records, (r) => `${r.type} ${r.model}`)).toEqual([]);
  });

  it('query-cpu-model-expansion with props: 80 cases', () => {
    const f = readJson(path.join(dir, 'expansions-props.json'));
    expect(f.records).toHaveLength(80);
    expect(replay(service, f.records, (r) => `${r.type} ${JSON.stringify(r.request.arguments.model)}`)).toEqual([]);
  });

  it('errors: all 31 bad-input cases give QEMU class and desc exactly (strict command set)', () => {
    const f = readJson(path.join(dir, 'errors.json'));
    expect(f.records).toHaveLength(31);
    expect(replayErrors(strict, f.records)).toEqual([]);
  });

  it('strict mode has exactly the CPU-model commands QEMU 7.2 has on x86_64', () => {
    const ref = readJson(path.join(dir, 'commands.json'));
    const ours = new TestSession(strict).ask({ execute: 'query-commands' }).return.map((c: any) => c.name);
    for (const [cmd, present] of Object.entries(ref.cpu_model_commands)) expect(ours.includes(cmd), cmd).toBe(present);
  });
});
