/**
 * The fleet commands' one policy for bad host files (fleet/commands.ts): a
 * file found in a folder that cannot be read, that the gate refuses, that is
 * malformed or is no host description stops the command with an error naming
 * the file and the reason (exit 2); --skip-bad skips it with a warning that
 * says the same. A file named on the command line is an error either way.
 * Entries that are no host files (a FIFO, another extension) are not read.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/cpumodels');
const ref = path.join(root, '../shared/reference/libvirt/cputestdata');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-bad-files-'));

function run(args: string[]) {
  const r = spawnSync(bin, args, { encoding: 'utf8', cwd: root, timeout: 30_000, env: { ...process.env, CPUMODELS_ASSUME_LIBVIRT: 'none' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A folder of two good x86 hosts, plus what `bad` puts in it. */
function fleet(name: string, bad: (dir: string) => void): string {
  const dir = path.join(tmp, name);
  mkdirSync(path.join(dir, 'rack'), { recursive: true });
  copyFileSync(path.join(ref, 'x86_64-cpuid-Core-i7-8700.xml'), path.join(dir, 'a.xml'));
  copyFileSync(path.join(ref, 'x86_64-cpuid-Ice-Lake-Server.xml'), path.join(dir, 'rack', 'b.xml'));
  bad(dir);
  return dir;
}

/** Every command that reads a folder of hosts. */
const COMMANDS: { name: string; argv: (dir: string) => string[] }[] = [
  { name: 'baseline --hosts', argv: (d) => ['baseline', '--hosts', d] },
  { name: 'placement', argv: (d) => ['placement', '--guest', 'Skylake-Client', '--hosts', d] },
  { name: 'upgrade-check', argv: (d) => ['upgrade-check', '--arch', 'x86_64', '--from', '8.2', '--to', '9.2', '--hosts', d] },
  { name: 'labels --fleet', argv: (d) => ['labels', '--host', path.join(ref, 'x86_64-cpuid-Core-i7-8700.xml'), '--fleet', d] },
  { name: 'probe --compact', argv: (d) => ['probe', '--compact', d] },
];

/** The kinds of bad file: each found in a folder, with the reason its error gives. */
const KINDS: { name: string; file: string; make: (f: string) => void; reason: RegExp }[] = [
  { name: 'malformed', file: 'rack/c.json', make: (f) => writeFileSync(f, '{"format": "cpumodels-host/1", '), reason: /c\.json: malformed JSON/ },
  { name: 'unreadable (a dangling link)', file: 'd.xml', make: (f) => symlinkSync(path.join(tmp, 'gone.xml'), f), reason: /cannot read host file '.*d\.xml': ENOENT/ },
  { name: 'refused by the gate (empty)', file: 'rack/e.xml', make: (f) => writeFileSync(f, ''), reason: /host file '.*e\.xml': the file is empty/ },
  { name: 'no host description', file: 'notes.txt', make: (f) => writeFileSync(f, 'rack 12, row 3\n'), reason: /notes\.txt: not a host description cpumodels can read/ },
];

describe('a bad host file in a folder: an error naming it, or skipped with --skip-bad', () => {
  for (const k of KINDS) {
    const dir = fleet(k.name.replace(/\W+/g, '-'), (d) => k.make(path.join(d, k.file)));
    it.each(COMMANDS.map((c) => [c.name, c]))(`${k.name}: %s`, (_n, c) => {
      const stop = run(c.argv(dir));
      expect(stop.code).toBe(2);
      expect(stop.out).toBe('');
      expect(stop.err.trimEnd().split('\n')).toHaveLength(1);
      expect(stop.err).toMatch(k.reason);
      // found in a folder: the error says how to go on without it
      expect(stop.err).toContain('--skip-bad to skip bad files found in folders');
      const skip = run([...c.argv(dir), '--skip-bad']);
      expect(skip.err).toMatch(new RegExp(`^warning: .*${k.reason.source}.* — skipped \\(--skip-bad\\)$`, 'm'));
      expect(skip.code).not.toBe(2);
      expect(skip.out).not.toBe('');
    });
  }

  it('a real permission denial (not as root) is an error too', () => {
    if (process.getuid?.() === 0) return; // root reads every file
    const dir = fleet('eacces', (d) => writeFileSync(path.join(d, 'z.xml'), 'x', { mode: 0 }));
    const r = run(['baseline', '--hosts', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read host file '.*z\.xml': EACCES/);
  });

  it('a file named on the command line is an error even with --skip-bad', () => {
    const f = path.join(tmp, 'named.json');
    writeFileSync(f, '{"format": ');
    const r = run(['baseline', '--hosts', f, path.join(ref, 'x86_64-cpuid-Core-i7-8700.xml'), '--skip-bad']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/named\.json: malformed JSON/);
    // named: skipping is not offered
    expect(r.err).not.toContain('--skip-bad to skip');
  });

  it('what is no host file is not read: a FIFO (which would block) and other extensions', () => {
    const dir = fleet('fifo', (d) => {
      spawnSync('mkfifo', [path.join(d, 'pipe.json')]);
      writeFileSync(path.join(d, 'core.bin'), Buffer.from([0, 1, 2]));
    });
    const r = run(['baseline', '--hosts', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^baseline of 2 hosts/);
  });

  it('--skip-bad where no folder of hosts is read is a usage error', () => {
    const r = run(['baseline', 'z14', 'z13', '--arch', 's390x', '--skip-bad']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--skip-bad is for host folders');
  });
});
