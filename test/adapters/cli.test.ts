/**
 * The CLI, run as a user runs it (the built bin; `npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/cpumodels.js');

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', cwd: root, timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('cpumodels CLI', () => {
  it('identifies s390x models both ways', () => {
    expect(run(['s390x', 'identify', '--type', '0x3906', '--ga', '1']).out.trim()).toBe('z14');
    const j = JSON.parse(run(['s390x', 'identify', '--model', 'z14.2', '--json']).out);
    expect(j).toMatchObject({ model: 'z14.2', type: '0x3906', ga: 2, ibc: '0x042', cpuid: '0xff00000039068000' });
    const t = run(['s390x', 'identify', '--model', 'z14.2']);
    expect(t.out).toMatch(/z14\.2\s+0x3906\s+14\s+2\s+0xff00000039068000\s+0x042/);
  });

  it('names the bad value and suggests the nearest name, exit code 2', () => {
    const r = run(['expand', 'z41', '--arch', 's390x']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("The CPU definition 'z41' is unknown.");
    expect(r.err).toContain("did you mean 'z14'");
    const p = run(['expand', 'z14,vxx=on', '--arch', 's390x']);
    expect(p.code).toBe(2);
    expect(p.err).toContain("Property 'z14-s390x-cpu.vxx' not found");
    expect(p.err).toMatch(/did you mean 'vx/);
    const a = run(['models', '--arch', 's390']);
    expect(a.code).toBe(2);
    expect(a.err).toContain("unknown architecture 's390'");
    expect(a.err).toContain('s390x');
    const acc = run(['models', '--accel', 'hvf']);
    expect(acc.err).toContain("unknown accelerator 'hvf'");
    const f = run(['probe', '/nonexistent/cpuinfo']);
    expect(f.code).toBe(2);
    expect(f.err).toContain("cannot read host file '/nonexistent/cpuinfo'");
  });

  it('expands, compares and baselines (N-way)', () => {
    const e = JSON.parse(run(['expand', 'z14,vx=off', '--json', '--arch', 's390x']).out);
    expect(e.model.name).toBe('z14-base');
    expect(e.model.props.vx).toBeUndefined(); // vx is not in z14's base set: switching it off is no delta
    const w = run(['expand', 'z14,vx=off', '--arch', 's390x']);
    expect(w.err).toContain("warning: 'vxeh' requires 'vx'.");
    expect(w.out).toMatch(/^z14-base  \+aefsi/);
    const c = JSON.parse(run(['compare', 'z14', 'z13', '--json', '--arch', 's390x']).out);
    expect(c.result).toBe('superset');
    expect(c['responsible-properties']).toContain('type');
    expect(run(['compare', 'z13', 'z14', '--arch', 's390x']).out).toMatch(/z13 is a subset of z14/);
    const b = JSON.parse(run(['baseline', 'z14', 'z13', 'gen15a', '--json', '--arch', 's390x']).out);
    expect(b.model.name).toBe('z13-base');
    const models = JSON.parse(run(['models', '--json', '--arch', 's390x', '--accel', 'tcg']).out);
    expect(models).toHaveLength(78);
    const table = run(['models', '--arch', 's390x', '--accel', 'tcg']).out;
    expect(table).toMatch(/^MODEL\s+STATIC/);
    expect(table).toMatch(/\ngen16a\s+no\s+yes\s+no\s+no\s+\d+: type /);
  });

  it('probes a host file and reports the model with its signature', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-cli-'));
    const f = path.join(dir, 'sysinfo');
    writeFileSync(f, 'Manufacturer:         IBM\nType:                 3906\nModel:                 7A1\n');
    const j = JSON.parse(run(['probe', f, '--json']).out);
    expect(j.format).toBe('cpumodels-host/1');
    expect(j.model).toBe('z14.2');
    expect(j.display).toBe(`z14.2-base@${j.signature}`);
    expect(j.signature).toMatch(/^[0-9a-f]{16}$/);
    const g = path.join(dir, 'sysinfo-2');
    writeFileSync(g, 'Manufacturer:         IBM\nType:                 3906\n');
    const h = path.join(dir, 'sysinfo-3');
    writeFileSync(h, 'Manufacturer:         IBM\nType:                 8561\n');
    const grouped = JSON.parse(run(['probe', f, g, h, '--json']).out);
    expect(grouped.classes.map((c: any) => c.hosts.length)).toEqual([2, 1]);
    expect(run(['probe', f, g, h]).out).toContain('3 hosts in 2 classes');
    const k = run(['models', '--arch', 's390x', '--accel', 'kvm', '--host', f, '--json']);
    const defs = JSON.parse(k.out);
    expect(defs.find((d: any) => d.name === 'host')).toBeTruthy();
    expect(defs.find((d: any) => d.name === 'z14.2')['unavailable-features']).toEqual([]);
    expect(defs.find((d: any) => d.name === 'gen15a')['unavailable-features']).toContain('type');
  });

  it('speaks QMP on stdio: greeting first, one reply per line, exit 0 at EOF', () => {
    const input = ['{"execute":"qmp_capabilities"}', '{"execute":"query-cpu-model-comparison","arguments":{"modela":{"name":"z14"},"modelb":{"name":"z13"}},"id":1}', "{'execute': 'query-target'}", '{"execute":', '"query-cpu-model"}', ''].join('\n');
    const r = run(['qmp', '--arch', 's390x', '--accel', 'tcg', '--cpu', 'qemu,vx=off', '--stdio'], input);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].QMP.version.qemu).toEqual({ major: 7, minor: 2, micro: 0 });
    expect(lines[1]).toEqual({ return: {} });
    expect(lines[2].id).toBe(1);
    expect(lines[2].return.result).toBe('superset');
    expect(lines[3]).toEqual({ return: { arch: 's390x' } });
    expect(lines[4].return.model.name).toBe('gen15a-base');
    expect(lines[4].return.model.props.vx).toBeUndefined(); // qemu's static delta has vx=true; switched off, it is no delta
    expect(lines[4].return.model.props.vxeh2).toBe(true);
    expect(lines[4].return.name).toBe(`gen15a-base@${lines[4].return.signature}`);
    expect(lines).toHaveLength(5);
  });

  it('refuses a guest CPU the host cannot run, naming every missing feature', () => {
    const r = run(['qmp', '--arch', 's390x', '--accel', 'tcg', '--cpu', 'gen16a', '--stdio'], '');
    expect(r.code).toBe(2);
    expect(r.err).toContain('Selected CPU generation is too new');
    const s = run(['qmp', '--arch', 's390x', '--accel', 'tcg', '--cpu', 'z14', '--stdio'], '');
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/not available in the configuration: .*kma-gcm-eaes-256/);
    expect(run(['qmp', '--stdio', '--socket', 'x']).err).toContain('exactly one of');
  });
});

describe('cpumodels CLI (x86_64)', () => {
  const cpudata = path.join(root, '../shared/reference/libvirt/cputestdata/x86_64-cpuid-Core-i7-8700.xml');
  it('prints the libvirt host-model of a CPUID dump, and as JSON (--json = --format json)', () => {
    const x = run(['host-model', '--arch', 'x86_64', '--cpuid', cpudata, '--libvirt', '12.1']);
    expect(x.code).toBe(0);
    expect(x.out).toMatch(/^<cpu match='exact'>\n  <arch>x86_64<\/arch>\n  <model fallback='forbid'>Skylake-Client-v2<\/model>\n  <vendor>Intel<\/vendor>/);
    const j = JSON.parse(run(['host-model', '--cpuid', cpudata, '--format', 'json']).out);
    expect(j.model).toBe('Skylake-Client-v2');
    expect(j.features).toContain('vmx');
    expect(JSON.parse(run(['host-model', '--cpuid', cpudata, '--json']).out)).toEqual(j);
  });

  it('probes x86 hosts from cpuid -r and /proc/cpuinfo fixtures, grouped by signature', () => {
    const fx = path.join(root, 'test/fixtures/x86_64');
    const one = JSON.parse(run(['probe', '--arch', 'x86_64', path.join(fx, 'cpuid-r-this-machine.txt'), '--json']).out);
    expect(one.source.kind).toBe('cpuid-r');
    expect(one.identity).toMatchObject({ vendor: 'AuthenticAMD', family: 25 });
    expect(one.display).toBe(`${one.model}@${one.signature}`);
    const both = JSON.parse(run(['probe', '--arch', 'x86_64', path.join(fx, 'cpuid-r-this-machine.txt'), path.join(fx, 'proc-cpuinfo-this-machine.txt'), cpudata, '--json']).out);
    expect(both.hosts).toHaveLength(3);
    expect(both.classes.length).toBeGreaterThanOrEqual(2);
  });

  it('lists features with their three names, and s390x features with kinds and bits', () => {
    const x = JSON.parse(run(['features', '--arch', 'x86_64', '--json']).out);
    expect(x.find((r: any) => r.qemu === 'sse4.1')).toMatchObject({ libvirt: 'sse4.1', linux: 'sse4_1' });
    const s = JSON.parse(run(['features', '--json', '--arch', 's390x']).out);
    expect(s.features).toHaveLength(312);
    expect(s.features.find((f: any) => f.name === 'vx')).toMatchObject({ kind: 'STFL', bit: 129 });
    expect(s.groups.map((g: any) => g.name)).toContain('msa9');
  });

  it('names bad host input', () => {
    const r = run(['host-model', '--cpuid', path.join(root, 'package.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/package\.json: not a query-cpu-model-expansion reply/);
    expect(run(['host-model', '--cpuid', cpudata, '--cpuinfo', cpudata]).err).toContain('exactly one of');
  });
});

describe('cpumodels CLI (libvirt files)', () => {
  const C = path.join(root, '../shared/reference/libvirt/cputestdata');
  it('baselines <cpu> files like virsh cpu-baseline', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-lv-'));
    const f = path.join(dir, 'b3.xml');
    writeFileSync(f, readFileSync(path.join(C, 'x86_64-baseline-3.xml'), 'utf8').replace(/<\/?cpuTest>\n?/g, ''));
    const r = run(['baseline', f]);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(readFileSync(path.join(C, 'x86_64-baseline-3-result.xml'), 'utf8').trim());
    // unwrapped, the vendors differ: libvirt refuses the baseline ("no", 1)
    const g = path.join(dir, 'vendors.xml');
    writeFileSync(g, readFileSync(path.join(C, 'x86_64-baseline-incompatible-vendors.xml'), 'utf8').replace(/<\/?cpuTest>\n?/g, ''));
    const bad = run(['baseline', g]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('vendors.xml');
    // libvirt's test file wraps the CPUs in <cpuTest> (virsh reads only unwrapped ones): the same CPUs, the same answers
    const wrapped = run(['baseline', path.join(C, 'x86_64-baseline-incompatible-vendors.xml')]);
    expect(wrapped.code).toBe(1);
    expect(wrapped.err).toBe(bad.err.replace(g, path.join(C, 'x86_64-baseline-incompatible-vendors.xml')));
    for (const name of ['x86_64-baseline-3.xml', 'x86_64-baseline-6.xml', 'x86-baseline-5.xml']) {
      const u = path.join(dir, name);
      writeFileSync(u, readFileSync(path.join(C, name), 'utf8').replace(/<\/?cpuTest>\n?/g, ''));
      for (const flags of [[], ['--features'], ['--migratable']]) {
        const w = run(['baseline', ...flags, path.join(C, name)]);
        expect(w.code, name).toBe(0);
        expect(w.out, `${name} ${flags}`).toBe(run(['baseline', ...flags, u]).out);
      }
    }
  });

  it('compares a host and a guest <cpu> with virsh cpu-compare exit codes', () => {
    const same = run(['compare', path.join(C, 'x86_64-host.xml'), path.join(C, 'x86_64-host.xml')]);
    expect(same.code).toBe(0);
    expect(same.out).toMatch(/identical to host CPU/);
    const better = run(['compare', path.join(C, 'x86_64-host.xml'), path.join(C, 'x86_64-host-better.xml')]);
    expect(better.code).toBe(1);
    expect(better.out).toMatch(/x86_64-host-better\.xml is incompatible with host CPU/);
  });
});

describe('cpumodels CLI (management)', () => {
  it('prints domcapabilities for a host, as libvirt XML and as JSON', () => {
    const f = path.join(root, '../shared/reference/libvirt/domaincapsdata/qemu_10.1.0-q35.x86_64+inteltdx.xml');
    const x = run(['domcapabilities', '--host', f, '--libvirt', '12.1']);
    expect(x.code).toBe(0);
    expect(x.out).toMatch(/<mode name='host-model' supported='yes'>\n\s+<model fallback='forbid'>GraniteRapids<\/model>/);
    expect(x.out).toMatch(/<model usable='no' vendor='Intel'>Denverton-v1<\/model>\n\s+<blockers model='Denverton-v1'>\n\s+<feature name='mpx'\/>/);
    const j = JSON.parse(run(['domcapabilities', '--host', f, '--format', 'json']).out);
    expect(j.arch).toBe('x86_64');
    expect(JSON.parse(run(['domcapabilities', '--host', f, '--json']).out)).toEqual(j);
    const bad = run(['domcapabilities', '--host', path.join(root, 'package.json')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('package.json');
  });

  it('caches a hypervisor (our own server over stdio is not a target: a missing socket is named)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-hv-'));
    const r = run(['hypervisor', 'add', 'nowhere', `qmp:unix:${dir}/none.sock`, '--cache', dir, '--timeout', '500']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${dir}/none.sock`);
    const l = run(['hypervisor', 'list', '--cache', dir]);
    expect(l.code).toBe(0);
    const m = run(['models', '--hypervisor', 'nope', '--cache', dir]);
    expect(m.code).toBe(2);
    expect(m.err).toContain("'nope'");
    expect(run(['hypervisor', 'add', 'bad/name', 'exec:/bin/true', '--cache', dir]).err).toMatch(/bad\/name/);
  });
});
