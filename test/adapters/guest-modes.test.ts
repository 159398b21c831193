/**
 * migrate-check and placement take libvirt's CPU modes by name as the guest
 * (`--guest host-model`, as a libvirt user says it), the same as the
 * `<cpu mode='…'/>` they stand for; the built CLI, as a user runs it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/cpumodels');
const C = path.join(root, '../shared/reference/libvirt/cputestdata');

function run(args: string[]) {
  const r = spawnSync(bin, args, { encoding: 'utf8', cwd: root, timeout: 60_000, env: { ...process.env, CPUMODELS_ASSUME_LIBVIRT: 'none' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('a guest named by its libvirt CPU mode', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-guest-modes-'));
  const src = path.join(C, 'x86_64-cpuid-Xeon-Gold-6148.xml');
  const dst = path.join(C, 'x86_64-cpuid-Ice-Lake-Server.xml');
  it.each(['host-model', 'host-passthrough', 'maximum'])('%s: the same answer as <cpu mode=…/>', (mode) => {
    const xml = path.join(tmp, `${mode}.xml`);
    writeFileSync(xml, `<cpu mode='${mode}'/>\n`);
    const byName = run(['migrate-check', '--json', '--guest', mode, '--source', src, '--target', dst]);
    const byXml = run(['migrate-check', '--json', '--guest', xml, '--source', src, '--target', dst]);
    expect(byName.err).not.toMatch(/not found|unknown|error/);
    expect(byName.code).toBe(byXml.code);
    const strip = (o: string) => ({ ...(JSON.parse(o) as Record<string, unknown>), guest: undefined });
    expect(strip(byName.out)).toEqual(strip(byXml.out));
  });

  it('an error about the mode names it once', () => {
    const f = path.join(root, 'test/fixtures/domaincapsdata/qemu_8.2.0.aarch64.xml');
    const r = run(['migrate-check', '--guest', 'host-model', '--source', f, '--target', f]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('guest: host-model: libvirt reports no host-model on aarch64');
    expect(r.err).not.toMatch(/host-model: host-model:/);
  });
});

