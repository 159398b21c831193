/**
 * Golden tier for aarch64: every stored QEMU 7.2 request gets the stored
 * reply. QEMU 7.2 has only query-cpu-definitions and full expansion on ARM;
 * errors are replayed against the strict command set.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Aarch64Driver } from '../../src/arch/aarch64/driver.js';
import { QmpService } from '../../src/adapters/qmp/service.js';
import { readJson } from '../helpers/reference.js';
import { definitionsDiff, replay, replayErrors } from '../helpers/golden.js';
import { TestSession } from '../helpers/qmp.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(here, '../fixtures/qemu-7.2/aarch64');
const version = { qemu: { major: 7, minor: 2, micro: 0 }, package: 'cpumodels test' };
const service = new QmpService({ driver: new Aarch64Driver({}), version });
const strict = new QmpService({ driver: new Aarch64Driver({}), version, strict: true });

describe.skipIf(!existsSync(dir))('aarch64 golden tier (QEMU 7.2)', () => {
  it('query-cpu-definitions: 42 names with QEMU\'s fields only, in QEMU order', () => {
    const ref = readJson(path.join(dir, 'cpu-definitions.json'));
    const ours = new TestSession(service).ask({ execute: 'query-cpu-definitions' });
    expect(ref.return).toHaveLength(42);
    expect(definitionsDiff(ours.return, ref.return)).toBeNull();
    expect(ours.return.map((d: any) => d.name)).toEqual(ref.return.map((d: any) => d.name));
  });

  it('query-cpu-model-expansion: 84 records (42 static refusals, 42 full expansions)', () => {
    const f = readJson(path.join(dir, 'expansions.json'));
    expect(f.records).toHaveLength(84);
    expect(replay(service, f.records, (r) => `${r.type} ${r.model}`)).toEqual([]);
  });

  it('query-cpu-model-expansion with props: 40 cases (sve lengths, pauth, pmu, aarch64)', () => {
    const f = readJson(path.join(dir, 'expansions-props.json'));
    expect(f.records).toHaveLength(40);
    expect(replay(service, f.records, (r) => `${r.case} ${JSON.stringify(r.request.arguments.model)}`)).toEqual([]);
  });

  it('errors: all 31 bad-input cases give QEMU class and desc exactly (strict command set)', () => {
    const f = readJson(path.join(dir, 'errors.json'));
    expect(f.records).toHaveLength(31);
    expect(replayErrors(strict, f.records)).toEqual([]);
  });

  it('strict mode has exactly the CPU-model commands QEMU 7.2 has on aarch64', () => {
    const ref = readJson(path.join(dir, 'commands.json'));
    const ours = new TestSession(strict).ask({ execute: 'query-commands' }).return.map((c: any) => c.name);
    for (const [cmd, present] of Object.entries(ref.cpu_model_commands)) expect(ours.includes(cmd), cmd).toBe(present);
  });
});
