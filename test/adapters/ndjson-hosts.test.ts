/**
 * Host documents in NDJSON (issue 11): every command that takes host files
 * reads an NDJSON file line by line as it goes (fleet/input.ts openInput,
 * fleet/commands.ts visitHostLines), never whole. The answers are the ones
 * the whole-text reader gives; a bad line is named by file and line number
 * with a suggestion, wherever in the file it is.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { toHostDoc } from '../../src/host/convert.js';
import { toCompact } from '../../src/host/compact.js';
import type { HostDoc } from '../../src/host/doc.js';
import { cmdBaselineHosts, cmdPlacement } from '../../src/fleet/commands.js';
import { probeCompact } from '../../src/host/compact-probe.js';
import { fleetParts } from '../../src/labels/command.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const data = path.join(root, '../shared/reference/libvirt/cputestdata');
const dir = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-ndjson-'));
const doc = (file: string, text = readFileSync(path.join(data, file), 'utf8')): HostDoc => {
  const r = toHostDoc(text, file);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const i7a = doc('x86_64-cpuid-Core-i7-2600.xml');
const i7b = doc('x86_64-cpuid-Core-i7-8700.xml');
const z = doc('sysinfo', 'Manufacturer:         IBM\nType:                 3906\nModel:                701              M01\n');
const compact = (d: HostDoc): Record<string, unknown> => {
  const c = toCompact(d);
  if (!c.ok) throw new Error(c.error.message);
  return c.value as unknown as Record<string, unknown>;
};
const named = (d: Record<string, unknown>, i: number) => JSON.stringify({ ...d, name: `host${i}`, source: { ...(d['source'] as object), origin: `host${i}` } });

/** 400 hosts (~300 KB: several 64 KiB chunks), verbose and compact mixed, a few blank lines; line i+1 (i ≥ 3) is host i-2 */
const LINES = ['', named(i7a as unknown as Record<string, unknown>, 0), '  ', ...Array.from({ length: 399 }, (_, i) => named(i % 3 === 0 ? compact(i7b) : i % 3 === 1 ? (i7a as unknown as Record<string, unknown>) : compact(i7a), i + 1))];
let n = 0;
const write = (lines: readonly string[]): string => {
  const f = path.join(dir, `fleet${n++}.ndjson`);
  writeFileSync(f, `${lines.join('\n')}\n`);
  return f;
};
/** the whole-text reader (what the input gate handed the commands before they streamed) */
const whole = (f: string) => readFileSync(f, 'utf8');

describe('NDJSON host files are read as a stream, with the whole-text answers', () => {
  const f = write(LINES);

  it('baseline --hosts, placement, probe --compact and the labels fleet: the same answers streamed and whole', () => {
    for (const json of [true, false]) expect(cmdBaselineHosts([f], { json })).toEqual(cmdBaselineHosts([f], { json, read: whole }));
    const b = cmdBaselineHosts([f], { json: true });
    expect(b.exitCode).toBe(0);
    expect(JSON.parse(b.stdout).hostCount).toBe(400);
    const guest = path.join(data, 'x86_64-cpuid-Core-i7-8700-guest.xml');
    expect(cmdPlacement(guest, [f], { json: true })).toEqual(cmdPlacement(guest, [f], { json: true, read: whole }));
    const p = probeCompact([f]);
    expect(p.ok && p.value.stdout.split('\n').length).toBe(401);
    expect(p).toEqual(probeCompact([f], { read: whole }));
    expect(fleetParts([f])).toEqual(fleetParts([f], whole));
  });

  it('the CLI too (through its input gate)', async () => {
    const r = await runCli(['baseline', '--hosts', f, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).hostCount).toBe(400);
  });
});

describe('memory stays bounded by a chunk, not by the file', () => {
  it('30,000 hosts with long names (a 13 MB file): what the fleet keeps after loading is their names, not the file text', () => {
    const lines = Array.from({ length: 30000 }, (_, i) => JSON.stringify({ ...(i % 2 ? compact(i7a) : compact(i7b)), name: `node-${i}.rack-${i % 40}.dc-west-1.example.com` }));
    const f = write(lines);
    const size = readFileSync(f).length;
    expect(size).toBeGreaterThan(12e6);
    // the built modules (npm test builds first), in a process of its own with gc()
    const script = `
      const { loadFleetFiles } = await import(${JSON.stringify(path.join(root, 'dist/src/fleet/commands.js'))});
      globalThis.gc(); const before = process.memoryUsage().heapUsed;
      const r = loadFleetFiles([${JSON.stringify(f)}]);
      globalThis.gc(); const after = process.memoryUsage().heapUsed;
      console.log(JSON.stringify({ ok: r.ok, hosts: r.ok && r.value.fleet.hostCount, kept: after - before }));`;
    const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
    const out = JSON.parse(r.stdout) as { ok: boolean; hosts: number; kept: number };
    expect(out.ok && out.hosts).toBe(30000);
    expect(out.kept).toBeLessThan(size / 3);
  });
});

describe('a bad host in an NDJSON file is named by file and line, with a suggestion, anywhere in the file', () => {
  const at = (line: number, text: string): string => write(LINES.map((l, i) => (i === line - 1 ? text : l)));
  const error = async (f: string): Promise<string> => {
    const r = await runCli(['baseline', '--hosts', f]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    return r.err;
  };

  it('a malformed line', async () => {
    const f = at(300, '{"format":"cpumodels-host-compact/1",');
    expect(await error(f)).toMatch(new RegExp(`^error: ${f}:300: malformed JSON: .* \\(one host document per line \\(NDJSON\\)\\)\\n$`));
  });

  it('an unknown feature in a verbose line', async () => {
    const f = at(250, named({ ...(i7a as unknown as Record<string, unknown>), features: [...i7a.features, 'avx512fx'] }, 9));
    expect(await error(f)).toMatch(new RegExp(`^error: ${f}:250: unknown x86_64 feature 'avx512fx' \\(did you mean .*avx512f`));
  });

  it('a compact line written against another catalog version', async () => {
    const f = at(260, named({ ...compact(i7b), catalog: 'x86_64:00000000' }, 9));
    expect(await error(f)).toBe(`error: ${f}:260: written against feature catalog 'x86_64:00000000', this cpumodels has '${String(compact(i7b)['catalog'])}' (write the host again with this version: cpumodels probe --compact)\n`);
  });

  it('a line of another architecture', async () => {
    const f = at(390, named(compact(z), 9));
    expect(await error(f)).toMatch(/hosts of several architectures: s390x \(.*\[387\]\); x86_64 \(.*\[0\], .*\[1\], .*\[2\], .*\[3\] … and 395 more\); a fleet has one architecture \(split the hosts by architecture\)/);
  });

  it("a '__proto__' key far past the first chunk", async () => {
    const f = at(380, '{"__proto__": {"x": 1}}');
    expect(await error(f)).toBe(`cpumodels: error: host file '${f}': the JSON has a '__proto__' key, which is refused (it could change the objects built from it)\n`);
  });

  it('an empty file, and one of blank lines only', async () => {
    for (const text of ['', '\n\n  \n']) {
      const f = path.join(dir, `empty${n++}.ndjson`);
      writeFileSync(f, text);
      expect(await error(f)).toBe(`cpumodels: error: host file '${f}': the file is empty\n`);
    }
  });

  it('migrate-check wants one host: an NDJSON file is counted as it is read', async () => {
    const guest = path.join(data, 'x86_64-cpuid-Core-i7-8700-guest.xml');
    const r = await runCli(['migrate-check', '--guest', guest, '--target', write(LINES)]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/holds 400 hosts; one is needed here/);
  });
});
