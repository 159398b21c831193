/**
 * The error catalog and docs/errors.md say the same (as fastify checks its
 * error codes against its docs): every code in the table is documented with
 * its QMP class, exit code and HTTP status, and every documented code exists.
 * Where the catalog gives QEMU's text, each driver answers with exactly it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOG, ERROR_CODES, qemuText, render, type ErrorCode, type ErrorSpec } from '../../src/core/error-catalog.js';
import { describeError, error, exitCodeOf, hintOf, qmpClassOf } from '../../src/core/errors.js';
import { API_ERRORS, fromEngine } from '../../src/service/errors.js';
import { createDriver } from '../../src/arch/index.js';
import type { Arch } from '../../src/core/driver.js';
import { SRC } from './sources.js';

const DOC = readFileSync(path.join(SRC, '..', 'docs', 'errors.md'), 'utf8');

/** code → the row's cells: QMP class, exit code, HTTP "status `api`" */
function documented(): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of DOC.split('\n')) {
    const m = /^\| `([a-z0-9-]+)` \|(.*)\|$/.exec(line);
    if (m) rows.set(m[1]!, m[2]!.split('|').map((c) => c.trim()));
  }
  return rows;
}

describe('error catalog', () => {
  it('every code in the catalog is documented in docs/errors.md, with its QMP class, exit code and HTTP status', () => {
    const rows = documented();
    const missing = ERROR_CODES.filter((c) => !rows.has(c));
    expect(missing).toEqual([]);
    for (const c of ERROR_CODES) {
      const s: ErrorSpec = ERROR_CATALOG[c];
      expect([c, ...rows.get(c)!.slice(0, 3)]).toEqual([c, s.qmp, String(s.exit), `${s.http} \`${s.api}\``]);
    }
  });

  it('every code documented in docs/errors.md exists in the catalog', () => {
    expect([...documented().keys()].filter((c) => !(c in ERROR_CATALOG))).toEqual([]);
  });

  it("each code's HTTP status is the status the service gives its API code", () => {
    for (const c of ERROR_CODES) expect([c, ERROR_CATALOG[c].http]).toEqual([c, API_ERRORS[ERROR_CATALOG[c].api].status]);
  });

  it('the QMP class, exit code and service answer come from the table', () => {
    expect(qmpClassOf(error('device-not-found', 'x'))).toBe('DeviceNotFound');
    expect(qmpClassOf(error('unknown-model', 'x'))).toBe('GenericError');
    expect(exitCodeOf(error('hypervisor-unreachable', 'x'))).toBe(1);
    expect(exitCodeOf(error('mixed-arch', 'x'))).toBe(2);
    // no common baseline: a "no" (1), as virsh cpu-baseline and `baseline FILE` exit
    expect(exitCodeOf(error('mixed-vendor', 'x'))).toBe(1);
    expect(exitCodeOf(error('no-baseline', 'x'))).toBe(1);
    const api = fromEngine(error('mixed-arch', 'the guest is s390x, the hosts are x86_64', { value: 's390x' }), 'guest');
    expect([api.code, api.status]).toEqual(['mixed-architectures', 422]);
    expect(fromEngine(error('malformed-xml', 'a.xml:1:2: malformed XML: x'), 'body').status).toBe(400);
  });

  it('suggestions are names; the did-you-mean text is made once, at the edge', () => {
    const e = error('unknown-model', "CPU model 'z41' not found", { value: 'z41', suggestions: ['z14', 'z13'], hint: 'see cpumodels models' });
    expect(hintOf(e)).toBe("did you mean 'z14' or 'z13'? see cpumodels models");
    expect(describeError(e)).toBe("CPU model 'z41' not found (did you mean 'z14' or 'z13'? see cpumodels models)");
    expect(describeError(error('no-baseline', 'x', { suggestions: [] }))).toBe('x');
    expect(render('{a} and {b}', { a: '1' })).toBe('1 and {b}');
  });

  const ARCHES: Arch[] = ['s390x', 'x86_64', 'ppc64', 'aarch64'];
  it.each(ARCHES)("%s: an unknown model gets QEMU's text from the catalog", (arch) => {
    const d = createDriver({ arch });
    if (!d.ok) throw new Error(d.error.message);
    const r = d.value.expand('full', { name: 'no-such-cpu' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('unknown-model' satisfies ErrorCode);
    expect(r.error.message).toBe(qemuText('unknown-model', arch, { name: 'no-such-cpu' }));
  });

  it("aarch64: the host model under TCG gets QEMU's requires-KVM text", () => {
    const arch: Arch = 'aarch64';
    const d = createDriver({ arch });
    if (!d.ok) throw new Error(d.error.message);
    const r = d.value.expand('full', { name: 'host' });
    expect(!r.ok && [r.error.code, r.error.message]).toEqual(['requires-kvm', qemuText('requires-kvm', arch, { name: 'host' })]);
  });

  it('kvm without a host: one error naming what --host takes', () => {
    for (const arch of ARCHES) {
      const d = createDriver({ arch, accel: 'kvm' });
      expect(!d.ok && [d.error.code, d.error.message]).toEqual(['kvm-needs-host', 'kvm needs a host capability']);
      expect(!d.ok && d.error.hint).toMatch(/--host FILE/);
    }
  });
});
