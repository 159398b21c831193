/**
 * No input file, however hostile, prints a stack trace: a table of hostile
 * files (a DTD with an external entity, empty, binary, truncated, oversized,
 * JSON with __proto__) over every command that reads a file, each answered
 * with one line naming the file and the reason, and exit code 2 (bad input).
 * Run in-process through main() (the bin's own path), plus the bin itself
 * for the cases the issue met (a DTD to baseline, compare, host-model).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { MAX_INPUT_BYTES } from '../../src/adapters/cli/input.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/cpumodels.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-hostile-'));
const shared = path.join(root, '../shared/reference/libvirt');
const cpuXml = readFileSync(path.join(shared, 'cputestdata/x86_64-cpuid-Core-i7-8700-host.xml'), 'utf8');

interface Kind {
  name: string;
  /** writes the hostile file at `file` */
  make(file: string): void;
  reason: RegExp;
}

const KINDS: Kind[] = [
  {
    name: 'DTD with an external entity',
    make: (f) => writeFileSync(f, `<?xml version="1.0"?>\n<!DOCTYPE cpu [\n  <!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n<cpu>\n  <arch>x86_64</arch>\n  <model>&x;</model>\n</cpu>\n`),
    reason: /DTD \(<!DOCTYPE …>\) or entity declarations \(<!ENTITY …>\), which are refused/,
  },
  { name: 'empty', make: (f) => writeFileSync(f, ''), reason: /the file is empty/ },
  { name: 'binary', make: (f) => writeFileSync(f, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0xff, 0xfe, 0x00, 0x3c])), reason: /binary/ },
  { name: 'truncated', make: (f) => writeFileSync(f, cpuXml.slice(0, Math.floor(cpuXml.length / 2))), reason: /malformed|truncated|Expected closing tag|Unexpected end|not a|no .* found|unclosed/i },
  {
    name: 'oversized',
    make: (f) => {
      writeFileSync(f, '');
      truncateSync(f, MAX_INPUT_BYTES + 1); // sparse: costs no disk
    },
    reason: /MiB/,
  },
  { name: 'JSON with __proto__', make: (f) => writeFileSync(f, '{"__proto__": {"polluted": true}, "return": {"model": {"name": "max"}}}\n'), reason: /'__proto__' key, which is refused/ },
];

/** Every command that reads a file: argv with F where the file goes (a hypervisor cache file: DIR/NAME.json). */
const COMMANDS: { name: string; argv: (f: string) => string[]; cache?: true }[] = [
  { name: 'models --host', argv: (f) => ['models', '--arch', 'x86_64', '--accel', 'kvm', '--host', f] },
  { name: 'qmp --host', argv: (f) => ['qmp', '--arch', 'x86_64', '--accel', 'kvm', '--host', f, '--stdio'] },
  { name: 'probe', argv: (f) => ['probe', f] },
  { name: 'host-model --cpuid', argv: (f) => ['host-model', '--cpuid', f] },
  { name: 'host-model --cpuinfo', argv: (f) => ['host-model', '--cpuinfo', f] },
  { name: 'baseline FILE', argv: (f) => ['baseline', f] },
  { name: 'compare FILE FILE', argv: (f) => ['compare', f, f] },
  { name: 'domcapabilities --host', argv: (f) => ['domcapabilities', '--host', f] },
  { name: 'placement --guest', argv: (f) => ['placement', '--guest', f, '--hosts', path.join(shared, 'domaincapsdata')] },
  { name: 'placement --hosts', argv: (f) => ['placement', '--guest', path.join(shared, 'cputestdata/x86_64-cpuid-Core-i7-8700-guest.xml'), '--hosts', f] },
  { name: 'migrate-check --guest', argv: (f) => ['migrate-check', '--guest', f, '--target', path.join(shared, 'cputestdata/x86_64-cpuid-Core-i7-8700.xml')] },
  { name: 'migrate-check --target', argv: (f) => ['migrate-check', '--guest', path.join(shared, 'cputestdata/x86_64-cpuid-Core-i7-8700-guest.xml'), '--target', f] },
  { name: 'baseline --hosts', argv: (f) => ['baseline', '--hosts', f] },
  { name: 'models --hypervisor (cache file)', argv: (f) => ['models', '--hypervisor', path.basename(f, '.json'), '--cache', path.dirname(f)], cache: true },
  { name: 'domcapabilities --hypervisor (cache file)', argv: (f) => ['domcapabilities', '--hypervisor', path.basename(f, '.json'), '--cache', path.dirname(f)], cache: true },
];

afterAll(() => {
  process.exitCode = 0;
});

describe('hostile files: one line naming the file and the reason, exit 2, never a stack trace', () => {
  let n = 0;
  for (const cmd of COMMANDS) {
    for (const kind of KINDS) {
      it(`${cmd.name}: ${kind.name}`, async () => {
        const d = path.join(dir, String(n++));
        mkdirSync(d);
        const f = path.join(d, cmd.cache ? 'hv.json' : 'input.xml');
        kind.make(f);
        const r = await runCli(cmd.argv(f));
        expect(r.code).toBe(2);
        expect(r.out).toBe('');
        const lines = r.err.trimEnd().split('\n');
        expect(lines).toHaveLength(1);
        expect(r.err).not.toMatch(/\n\s+at /);
        expect(lines[0]).toContain(f);
        expect(lines[0]).toMatch(kind.reason);
      });
    }
  }
});

describe('the bin itself, on the files the issue met', () => {
  const f = path.join(dir, 'xxe.xml');
  KINDS[0]!.make(f);
  for (const argv of [['baseline', f], ['compare', f, f], ['host-model', '--cpuid', f]]) {
    it(argv.join(' '), () => {
      const r = spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8', cwd: root });
      expect(r.status).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(f);
      expect(r.stderr).toMatch(/DTD/);
      expect(r.stdout).toBe('');
    });
  }

  it('a copied cache file with __proto__ is named and refused', () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-hv-'));
    const p = path.join(d, 'evil.json');
    copyFileSync(path.join(root, 'package.json'), p);
    writeFileSync(p, '{"__proto__": {"isAdmin": true}}');
    const r = spawnSync(process.execPath, [bin, 'models', '--hypervisor', 'evil', '--cache', d], { encoding: 'utf8', cwd: root });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`cpumodels: error: corrupt cache file ${p}: the JSON has a '__proto__' key, which is refused (it could change the objects built from it) (it is ignored; add the hypervisor again to probe it anew)\n`);
  });
});
