/**
 * --json on every command that prints a document (the same as --format json
 * where both exist): each answers one JSON document on stdout.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const C = path.join(root, '../shared/reference/libvirt/cputestdata');
const dir = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-json-'));
const b3 = path.join(dir, 'b3.xml');
writeFileSync(b3, readFileSync(path.join(C, 'x86_64-baseline-3.xml'), 'utf8').replace(/<\/?cpuTest>\n?/g, ''));
const sysinfo = path.join(dir, 'sysinfo');
writeFileSync(sysinfo, 'Manufacturer:         IBM\nType:                 3906\n');

async function json(argv: string[]): Promise<unknown> {
  const r = await runCli(argv);
  expect({ argv, code: r.code, err: r.err.replace(/cpumodels: note: [^\n]*\n/g, '') }).toEqual({ argv, code: 0, err: '' });
  return JSON.parse(r.out);
}

describe('--json on every command that prints a document', () => {
  const cases: string[][] = [
    ['models', '--json'],
    ['features', '--json'],
    ['expand', 'Skylake-Client', '--json'],
    ['compare', 'Skylake-Client', 'Haswell', '--json'],
    ['baseline', 'Skylake-Client', 'Haswell', '--json'],
    ['compare', path.join(C, 'x86_64-host.xml'), path.join(C, 'x86_64-host.xml'), '--json'],
    ['baseline', b3, '--json'],
    ['probe', sysinfo, '--json'],
    ['s390x', 'identify', '--model', 'z14', '--json'],
    ['host-model', '--cpuid', path.join(C, 'x86_64-cpuid-Core-i7-8700.xml'), '--json'],
    ['domcapabilities', '--host', path.join(C, 'x86_64-cpuid-Core-i7-8700.xml'), '--json'],
    // (libvirt's -guest.xml requires acpi, monitor, ht …, which KVM never gives a guest: refused, exit 1; a model the host runs)
    ['placement', '--guest', 'Skylake-Client-noTSX-IBRS', '--hosts', path.join(C, 'x86_64-cpuid-Core-i7-8700.xml'), '--json'],
    ['migrate-check', '--guest', 'Skylake-Client-noTSX-IBRS', '--target', path.join(C, 'x86_64-cpuid-Core-i7-8700.xml'), '--json'],
    ['baseline', '--hosts', path.join(C, 'x86_64-cpuid-Core-i7-8700.xml'), path.join(C, 'x86_64-cpuid-Xeon-Gold-6148.xml'), '--json'],
    ['hypervisor', 'list', '--cache', dir, '--json'],
  ];
  for (const argv of cases) {
    it(argv.filter((a) => !a.includes('/')).join(' '), async () => {
      const doc = await json(argv);
      expect(typeof doc).toBe('object');
    });
  }

  it('--json is --format json', async () => {
    const f = path.join(C, 'x86_64-cpuid-Core-i7-8700.xml');
    expect(await json(['host-model', '--cpuid', f, '--json'])).toEqual(await json(['host-model', '--cpuid', f, '--format', 'json']));
    expect(await json(['domcapabilities', '--host', f, '--json'])).toEqual(await json(['domcapabilities', '--host', f, '--format', 'json']));
  });
});
