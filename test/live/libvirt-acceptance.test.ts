/**
 * The installed libvirt accepts what we write for it: `host-model --format
 * libvirt` of every CPUID dump in ../shared/reference/libvirt/cputestdata
 * (x86_64-cpuid-*.xml, not the -host/-guest/-json/-enabled/-disabled
 * companions) is read by `virsh -c test:///default cpu-baseline`, which
 * answers "Unknown CPU model X" / "Unknown CPU feature Y" for names its
 * cpu_map lacks — with --libvirt 9.0 and with the default (the release
 * virsh --version reports). Skipped only when virsh is not installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/cpumodels.js');
const dumps = path.join(root, '../shared/reference/libvirt/cputestdata');
const virsh = spawnSync('virsh', ['--version'], { encoding: 'utf8' });
const haveVirsh = virsh.status === 0;

const files = readdirSync(dumps)
  .filter((f) => /^x86_64-cpuid-.*\.xml$/.test(f) && !/-(host|guest|json|enabled|disabled)\.xml$/.test(f))
  .sort();

function accepted(args: string[]): { ok: string[]; refused: string[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-virsh-'));
  const ok: string[] = [];
  const refused: string[] = [];
  for (const f of files) {
    const r = spawnSync(process.execPath, [bin, 'host-model', '--cpuid', path.join(dumps, f), '--format', 'libvirt', ...args], { encoding: 'utf8' });
    if (r.status !== 0) {
      refused.push(`${f}: cpumodels exit ${r.status}: ${r.stderr.trim()}`);
      continue;
    }
    const out = path.join(dir, f);
    writeFileSync(out, r.stdout);
    const v = spawnSync('virsh', ['-c', 'test:///default', 'cpu-baseline', out], { encoding: 'utf8' });
    if (v.status === 0) ok.push(f);
    else refused.push(`${f}: ${v.stderr.trim()}`);
  }
  return { ok, refused };
}

describe.skipIf(!haveVirsh)(`the installed libvirt (virsh ${virsh.stdout?.trim()}) accepts host-model XML`, () => {
  it('finds the 14 dumps', () => {
    expect(files).toHaveLength(14);
  });

  it('with --libvirt 9.0: every dump', () => {
    const r = accepted(['--libvirt', '9.0']);
    expect(r.refused).toEqual([]);
    expect(r.ok).toHaveLength(files.length);
  });

  it('by default (the release virsh --version reports): every dump', () => {
    const r = accepted([]);
    expect(r.refused).toEqual([]);
    expect(r.ok).toHaveLength(files.length);
  });
});
