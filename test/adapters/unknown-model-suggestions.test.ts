/**
 * An unknown model name is refused by name with the nearest known names, on
 * every architecture and every path a model name comes in by: a -cpu style
 * spec (expand, placement --guest) and a libvirt host <cpu> (probe,
 * models --host, domcapabilities --host, labels --host).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/cpumodels');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-unknown-model-'));

function run(args: string[]) {
  const r = spawnSync(bin, args, { encoding: 'utf8', cwd: root, timeout: 30_000, env: { ...process.env, CPUMODELS_ASSUME_LIBVIRT: 'none' } });
  return { code: r.status, err: r.stderr };
}

/** Per architecture: a near miss, the suggestion QEMU's name gives, and the one libvirt's map gives. */
const CASES = [
  { arch: 'ppc64', wrong: 'POWER99', qemu: 'power9', libvirt: 'POWER9' },
  { arch: 's390x', wrong: 'z13x', qemu: 'z13', libvirt: 'z13' },
  { arch: 'x86_64', wrong: 'Skylake-Clinet', qemu: 'Skylake-Client', libvirt: 'Skylake-Client' },
  { arch: 'aarch64', wrong: 'cortex-a577', qemu: 'cortex-a57', libvirt: 'cortex-a57' },
];

describe('an unknown model name: named, with "did you mean"', () => {
  it.each(CASES)('$arch $wrong', ({ arch, wrong, qemu, libvirt }) => {
    const said = (args: string[], name: string) => {
      const r = run(args);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`'${wrong}'`);
      expect(r.err).toMatch(new RegExp(`did you mean [^)]*'${name}'`));
    };
    said(['expand', wrong, '--arch', arch, ...(arch === 'aarch64' ? ['--type', 'full'] : [])], qemu);
    const host = path.join(tmp, `${arch}-host.xml`);
    writeFileSync(host, `<cpu>\n  <arch>${arch}</arch>\n  <model>${wrong}</model>\n</cpu>\n`);
    said(['probe', host], libvirt);
    said(['models', '--arch', arch, '--accel', 'kvm', '--host', host], libvirt);
    said(['domcapabilities', '--host', host], libvirt);
    said(['labels', '--host', host], libvirt);
  });
});
