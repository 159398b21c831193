import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HYPERVISOR_RECORD_FORMAT,
  addHypervisor,
  archFromBinaryName,
  defaultCacheDir,
  getHypervisor,
  hypervisorModels,
  listHypervisors,
  parseTarget,
  probeHypervisor,
  readRecord,
  recordFile,
  staleReason,
  validateName,
  writeRecord,
  type HypervisorRecord,
} from './cache.js';
import { cmdDomcapsForHypervisor, cmdHypervisorAdd, cmdHypervisorList, cmdModelsForHypervisor } from './commands.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cpumodels-hv-test-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function record(name: string, over: Partial<HypervisorRecord> = {}): HypervisorRecord {
  return {
    format: HYPERVISOR_RECORD_FORMAT,
    name,
    target: 'qmp:unix:/tmp/x.sock',
    arch: 's390x',
    version: '7.2.0',
    package: 'test',
    accel: 'tcg',
    probedAt: '2025-01-01T00:00:00.000Z',
    probeMs: 1,
    qmp: { 'query-version': { qemu: { major: 7, minor: 2, micro: 0 }, package: 'test' }, 'query-target': { arch: 's390x' }, 'query-kvm': { enabled: false, present: false } },
    definitions: [
      { name: 'z14', 'unavailable-features': ['vx'], static: false, 'migration-safe': true, deprecated: false },
      { name: 'z13', 'unavailable-features': [], static: false, 'migration-safe': true, deprecated: false },
      { name: 'z9', static: false, deprecated: true },
    ],
    expansion: { model: 'max', type: 'full', return: { model: { name: 'gen15a-base', props: { vx: true } } } },
    hostDoc: null,
    ...over,
  };
}

// ---------------------------------------------------------------------------
// A minimal QMP server (unix socket) whose version can change between probes.

interface FakeQmp {
  path: string;
  version: { major: number; minor: number; micro: number };
  connections: number;
  silent: boolean;
  /** answer as QEMU's ppc64 does: no query-cpu-model-expansion, no unavailable-features */
  ppc64: boolean;
  close(): Promise<void>;
}

async function fakeQmp(dir: string): Promise<FakeQmp> {
  const path = join(dir, `qmp-${Math.random().toString(36).slice(2)}.sock`);
  const state: FakeQmp = { path, version: { major: 7, minor: 2, micro: 0 }, connections: 0, silent: false, ppc64: false, close: async () => undefined };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    state.connections++;
    if (state.silent) return; // never greets: the client must time out
    s.write(JSON.stringify({ QMP: { version: { qemu: state.version, package: 'fake' }, capabilities: [] } }) + '\n');
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.trim()) continue;
        const req = JSON.parse(line) as { execute: string; id?: unknown; arguments?: { model?: { name?: string } } };
        const answer = (v: unknown) => s.write(JSON.stringify({ return: v, ...(req.id !== undefined ? { id: req.id } : {}) }) + '\n');
        switch (req.execute) {
          case 'qmp_capabilities':
            answer({});
            break;
          case 'query-version':
            answer({ qemu: state.version, package: 'fake' });
            break;
          case 'query-target':
            answer({ arch: state.ppc64 ? 'ppc64' : 's390x' });
            break;
          case 'query-kvm':
            answer({ enabled: false, present: false });
            break;
          case 'query-cpu-definitions':
            if (state.ppc64) {
              // QEMU lists the aliases too ('power9' for power9_v2.2)
              answer([{ name: 'power9_v2.2', typename: 'power9_v2.2-powerpc64-cpu', static: false, deprecated: false }, { name: 'power9', typename: 'power9_v2.2-powerpc64-cpu', static: false, deprecated: false }, { name: 'power8', typename: 'power8_v2.0-powerpc64-cpu', static: false, deprecated: false }]);
              break;
            }
            answer([
              { name: 'z13', 'unavailable-features': [], static: false, 'migration-safe': true, deprecated: false },
              { name: 'z14', 'unavailable-features': ['vxpdeh'], static: false, 'migration-safe': true, deprecated: false },
            ]);
            break;
          case 'query-cpu-model-expansion':
            if (state.ppc64) {
              s.write(JSON.stringify({ error: { class: 'CommandNotFound', desc: 'The command query-cpu-model-expansion has not been found' }, id: req.id }) + '\n');
              break;
            }
            answer({ model: { name: 'z13-base', props: { vx: true } } });
            break;
          default:
            s.write(JSON.stringify({ error: { class: 'CommandNotFound', desc: `The command ${req.execute} has not been found` }, id: req.id }) + '\n');
        }
      }
    });
  });
  await new Promise<void>((res) => server.listen(path, res));
  state.close = () =>
    new Promise<void>((res) => {
      for (const s of sockets) s.destroy();
      server.close(() => res());
    });
  return state;
}

// ---------------------------------------------------------------------------

describe('names', () => {
  it('accepts letters, digits, dot, underscore, dash', () => {
    for (const n of ['qemu', 'qemu-7.2_s390x', 'A1', 'x86.64', '7']) expect(validateName(n).ok).toBe(true);
  });
  it('rejects everything else with a clear message naming the value', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['a/b', /only letters, digits/],
      ['../etc', /must start with a letter or digit/],
      ['.hidden', /must start with a letter or digit/],
      ['has space', /only letters/],
      ['x'.repeat(65), /longer than 64/],
      ['naïve', /only letters/],
    ];
    for (const [n, why] of cases) {
      const r = validateName(n);
      expect(r.ok, n).toBe(false);
      if (!r.ok) {
        expect(r.error.message).toMatch(/^invalid hypervisor name /);
        expect(r.error.message).toMatch(why);
        expect(r.error.value).toBe(n);
      }
    }
  });
  it('addHypervisor and getHypervisor refuse bad names before touching the disk', async () => {
    const cache = join(tempDir(), 'never-created');
    const a = await addHypervisor('../x', 'qmp:unix:/nope', { cache });
    expect(a.ok).toBe(false);
    const g = await getHypervisor('a b', cache);
    expect(g.ok).toBe(false);
    expect(existsSync(cache)).toBe(false);
  });
});

describe('targets', () => {
  it('parses the three kinds and normalizes paths', () => {
    const u = parseTarget('qmp:unix:rel/q.sock', {}, '/base');
    expect(u.ok && u.value).toEqual({ kind: 'qmp', endpoint: { kind: 'unix', path: '/base/rel/q.sock' }, text: 'qmp:unix:/base/rel/q.sock' });
    const t = parseTarget('qmp:tcp:127.0.0.1:4444');
    expect(t.ok && t.value).toEqual({ kind: 'qmp', endpoint: { kind: 'tcp', host: '127.0.0.1', port: 4444 }, text: 'qmp:tcp:127.0.0.1:4444' });
    const v6 = parseTarget('qmp:tcp:[::1]:4444');
    expect(v6.ok && v6.value).toMatchObject({ endpoint: { host: '::1', port: 4444 }, text: 'qmp:tcp:[::1]:4444' });
    const e = parseTarget('exec:./bin/q', {}, '/base');
    expect(e.ok && e.value).toEqual({ kind: 'exec', binary: '/base/bin/q', text: 'exec:/base/bin/q' });
  });
  it('looks a bare binary name up in PATH', () => {
    const d = tempDir();
    const bin = join(d, 'qemu-system-fake');
    writeFileSync(bin, '#!/bin/sh\nexit 0\n');
    chmodSync(bin, 0o755);
    const r = parseTarget('exec:qemu-system-fake', { PATH: `/nonexistent:${d}` });
    expect(r.ok && r.value).toMatchObject({ binary: bin });
  });
  it('rejects malformed targets naming them', () => {
    for (const t of ['', 'unix:/x', 'qmp:unix:', 'qmp:tcp:host', 'qmp:tcp:host:0', 'qmp:tcp:host:99999', 'qmp:tcp::1', 'qmp:vsock:3:4', 'exec:']) {
      const r = parseTarget(t);
      expect(r.ok, t).toBe(false);
      if (!r.ok) expect(r.error.message).toContain(`'${t}'`);
    }
  });
  it('the binary name tells the architecture', () => {
    expect(archFromBinaryName('/usr/bin/qemu-system-s390x')).toBe('s390x');
    expect(archFromBinaryName('qemu-system-x86_64')).toBe('x86_64');
    expect(archFromBinaryName('/usr/libexec/qemu-kvm')).toBeNull();
  });
  it('default cache folder follows XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/xdg', HOME: '/home/u' })).toBe('/xdg/cpumodels/hypervisors');
    expect(defaultCacheDir({ HOME: '/home/u' })).toBe('/home/u/.cache/cpumodels/hypervisors');
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/home/u' })).toBe('/home/u/.cache/cpumodels/hypervisors');
  });
});

describe('atomic write', () => {
  it('writes NAME.json and leaves no temp file; the folder is created', async () => {
    const cache = join(tempDir(), 'a', 'b');
    const w = await writeRecord(record('one'), cache);
    expect(w.ok && w.value).toBe(join(cache, 'one.json'));
    expect(readdirSync(cache)).toEqual(['one.json']);
    const r = await readRecord(join(cache, 'one.json'), 'one');
    expect(r.ok && r.value.definitions.length).toBe(3);
  });
  it('readers never see a half-written file while writers race', async () => {
    const cache = tempDir();
    await writeRecord(record('race'), cache);
    const big = Array.from({ length: 2000 }, (_, i) => ({ name: `m${i}`, 'unavailable-features': ['x'.repeat(50)] }));
    const writes = Array.from({ length: 25 }, (_, i) => writeRecord(record('race', { probedAt: `2025-01-01T00:00:${String(i).padStart(2, '0')}.000Z`, definitions: big }), cache));
    const reads: Promise<boolean>[] = [];
    for (let i = 0; i < 60; i++) reads.push(readRecord(recordFile('race', cache), 'race').then((r) => r.ok));
    const ws = await Promise.all(writes);
    expect(ws.every((w) => w.ok)).toBe(true);
    expect((await Promise.all(reads)).every(Boolean)).toBe(true);
    expect(readdirSync(cache)).toEqual(['race.json']);
  });
  it('a failed write leaves the old record and no temp file', async () => {
    const cache = tempDir();
    await writeRecord(record('keep'), cache);
    // a directory where the file should go makes rename fail
    mkdirSync(join(cache, 'blocked.json'));
    const w = await writeRecord(record('blocked'), cache);
    expect(w.ok).toBe(false);
    if (!w.ok) expect(w.error.message).toContain(join(cache, 'blocked.json'));
    expect(readdirSync(cache).sort()).toEqual(['blocked.json', 'keep.json']);
    // an unwritable cache location is an error naming it
    const file = join(cache, 'keep.json');
    const w2 = await writeRecord(record('x'), join(file, 'sub'));
    expect(w2.ok).toBe(false);
    if (!w2.ok) expect(w2.error.message).toContain(join(file, 'sub'));
  });
  it('leftover temp files (a crash mid-write) are not records', async () => {
    const cache = tempDir();
    await writeRecord(record('good'), cache);
    writeFileSync(join(cache, '.good.json.123.abcdef.tmp'), '{"format": "cpumo');
    const l = await listHypervisors(cache);
    expect(l.records.map((r) => r.name)).toEqual(['good']);
    expect(l.problems).toEqual([]);
  });
});

describe('corrupt cache files', () => {
  it('are named by list and skipped; get names the file; add probes again with a warning', async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    await writeRecord(record('good'), cache);
    writeFileSync(join(cache, 'broken.json'), '{"format": "cpumodels-hypervisor/1", "name": "bro');
    writeFileSync(join(cache, 'wrongshape.json'), JSON.stringify({ ...record('wrongshape'), definitions: 'no' }));
    writeFileSync(join(cache, 'other.json'), JSON.stringify(record('someone-else')));
    const l = await listHypervisors(cache);
    expect(l.records.map((r) => r.name)).toEqual(['good']);
    expect(l.problems.map((p) => p.file).sort()).toEqual(['broken.json', 'other.json', 'wrongshape.json'].map((f) => join(cache, f)));
    expect(l.problems.find((p) => p.file.endsWith('broken.json'))!.message).toMatch(/^corrupt cache file .*broken\.json: malformed JSON/);
    expect(l.problems.find((p) => p.file.endsWith('wrongshape.json'))!.message).toMatch(/definitions/);
    expect(l.problems.find((p) => p.file.endsWith('other.json'))!.message).toMatch(/'someone-else', not 'other'/);

    const g = await getHypervisor('broken', cache);
    expect(g.ok).toBe(false);
    if (!g.ok) expect(g.error.message).toContain(join(cache, 'broken.json'));

    const q = await fakeQmp(dir);
    try {
      const a = await addHypervisor('broken', `qmp:unix:${q.path}`, { cache });
      expect(a.ok).toBe(true);
      if (a.ok) {
        expect(a.value.action).toBe('reprobed');
        expect(a.value.warnings.join('\n')).toMatch(/corrupt cache file .*broken\.json/);
      }
      expect((await getHypervisor('broken', cache)).ok).toBe(true);
      const out = await cmdHypervisorList({ cache });
      expect(out.exitCode).toBe(0);
      expect(out.stderr).toMatch(/wrongshape\.json/);
      expect(out.stdout).toMatch(/^NAME +ARCH +VERSION +TARGET +MODELS +PROBED$/m);
      expect(out.stdout).toMatch(/^broken +s390x +7\.2\.0 +qmp:unix:/m);
    } finally {
      await q.close();
    }
  });
});

describe('unknown names', () => {
  it('suggest the nearest cached name', async () => {
    const cache = tempDir();
    for (const n of ['qemu-s390x', 'qemu-x86_64', 'ours']) await writeRecord(record(n), cache);
    const g = await getHypervisor('qemu-s39Ox', cache);
    expect(g.ok).toBe(false);
    if (!g.ok) {
      expect(g.error).toMatchObject({ code: 'unknown-hypervisor', message: "unknown hypervisor 'qemu-s39Ox'", suggestions: ['qemu-s390x'] });
      expect(g.error.hint).toContain('ours');
    }
    const out = await cmdModelsForHypervisor('our', { cache });
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toContain("did you mean 'ours'?");
    const empty = await getHypervisor('x', join(cache, 'none'));
    expect(!empty.ok && empty.error.hint).toMatch(/empty/);
  });
});

describe('models', () => {
  it('lists names sorted, with usable and blockers like domcapabilities', async () => {
    const m = hypervisorModels(record('m'));
    expect(m.map((x) => [x.name, x.usable, x.blockers])).toEqual([
      ['z9', 'unknown', []],
      ['z13', 'yes', []],
      ['z14', 'no', ['vx']],
    ]);
    expect(m[0]!.deprecated).toBe(true);
    const cache = tempDir();
    await writeRecord(record('m'), cache);
    expect((await cmdModelsForHypervisor('m', { cache })).stdout).toBe('z9\nz13\nz14\n');
    expect((await cmdModelsForHypervisor('m', { cache, usable: true })).stdout).toBe('z13\n');
    const j = JSON.parse((await cmdModelsForHypervisor('m', { cache, json: true })).stdout) as { name: string; usable: string }[];
    expect(j.find((x) => x.name === 'z14')).toMatchObject({ usable: 'no', blockers: ['vx'] });
  });
});

describe('the cache key', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });

  // A "QEMU" that fails when started: reusing the cache must not start it.
  function fakeBinary(): string {
    const d = mkdtempSync(join(dir, 'bin-'));
    const bin = join(d, 'qemu-system-s390x');
    writeFileSync(bin, '#!/bin/sh\necho "fake qemu: refusing to run" >&2\nexit 3\n');
    chmodSync(bin, 0o755);
    return bin;
  }

  function execRecord(name: string, bin: string): HypervisorRecord {
    const st = statSync(bin);
    return record(name, { target: `exec:${bin}`, binary: { path: bin, mtime: st.mtimeMs, size: st.size }, accelRequested: 'tcg', machine: 's390-ccw-virtio' });
  }

  it('exec: unchanged path+mtime+size → reused without starting the binary', async () => {
    const cache = join(dir, 'c1');
    const bin = fakeBinary();
    await writeRecord(execRecord('q', bin), cache);
    const a = await addHypervisor('q', `exec:${bin}`, { cache, accel: 'tcg' });
    expect(a.ok).toBe(true);
    if (a.ok) {
      expect(a.value.action).toBe('reused');
      expect(a.value.record.probedAt).toBe('2025-01-01T00:00:00.000Z');
    }
    const out = await cmdHypervisorAdd('q', `exec:${bin}`, { cache, accel: 'tcg' });
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toMatch(/^cached q: QEMU 7\.2\.0 s390x/);
  });

  it('exec: a changed mtime or size → probed again (here: the fake exits early, reported with code and output)', async () => {
    const cache = join(dir, 'c2');
    const bin = fakeBinary();
    const rec = execRecord('q', bin);
    await writeRecord(rec, cache);
    const t = parseTarget(`exec:${bin}`);
    if (!t.ok) throw new Error('target');
    expect(await staleReason(rec, t.value, 'tcg')).toBeNull();
    expect(await staleReason(rec, t.value, 'kvm')).toMatch(/accelerator changed/);
    expect(await staleReason({ ...rec, binary: { ...rec.binary!, size: rec.binary!.size + 1 } }, t.value, 'tcg')).toMatch(/size changed/);
    expect(await staleReason({ ...rec, binary: { ...rec.binary!, path: '/elsewhere' } }, t.value, 'tcg')).toMatch(/path changed/);
    expect(await staleReason({ ...rec, target: 'exec:/other' }, t.value, 'tcg')).toMatch(/target changed/);
    utimesSync(bin, new Date(), new Date(Date.now() + 5000));
    expect(await staleReason(rec, t.value, 'tcg')).toMatch(/binary modified/);
    const a = await addHypervisor('q', `exec:${bin}`, { cache, accel: 'tcg', timeoutMs: 5000 });
    expect(a.ok).toBe(false);
    if (!a.ok) {
      expect(a.error.message).toContain(`exec:${bin}`);
      expect(a.error.message).toMatch(/exited early \(exit code 3\)/);
      expect(a.error.message).toContain('fake qemu: refusing to run');
    }
    // the old record is untouched by the failed probe
    expect(JSON.parse(readFileSync(recordFile('q', cache), 'utf8')).probedAt).toBe(rec.probedAt);
    // force also probes
    const f = await addHypervisor('q', `exec:${bin}`, { cache, accel: 'tcg', force: true, timeoutMs: 5000 });
    expect(f.ok).toBe(false);
  });

  it('qmp: same version → reused (one cheap connection); new version → probed again', async () => {
    const cache = join(dir, 'c3');
    const q = await fakeQmp(dir);
    try {
      const first = await addHypervisor('f', `qmp:unix:${q.path}`, { cache });
      expect(first.ok).toBe(true);
      if (!first.ok) return;
      expect(first.value.action).toBe('probed');
      const rec = first.value.record;
      expect(rec).toMatchObject({ name: 'f', arch: 's390x', version: '7.2.0', package: 'fake', accel: 'tcg', target: `qmp:unix:${q.path}` });
      expect(rec.definitions.map((d) => d.name)).toEqual(['z13', 'z14']);
      expect(rec.expansion!.model).toBe('max');
      expect(rec.binary).toBeUndefined();

      const again = await addHypervisor('f', `qmp:unix:${q.path}`, { cache });
      expect(again.ok && again.value.action).toBe('reused');
      expect(again.ok && again.value.record.probedAt).toBe(rec.probedAt);

      q.version = { major: 8, minor: 0, micro: 0 };
      await new Promise((r) => setTimeout(r, 5));
      const newer = await addHypervisor('f', `qmp:unix:${q.path}`, { cache });
      expect(newer.ok).toBe(true);
      if (newer.ok) {
        expect(newer.value.action).toBe('reprobed');
        expect(newer.value.reason).toMatch(/version changed \(7\.2\.0 .* → 8\.0\.0/);
        expect(newer.value.record.version).toBe('8.0.0');
        expect(newer.value.record.probedAt).not.toBe(rec.probedAt);
      }
      const stored = await getHypervisor('f', cache);
      expect(stored.ok && stored.value.version).toBe('8.0.0');
    } finally {
      await q.close();
    }
  });
});

describe('errors name the target', () => {
  it('unreachable unix socket, refused TCP port, silent server (timeout), missing binary', async () => {
    const dir = tempDir();
    const sock = join(dir, 'nothing.sock');
    const u = await probeHypervisor(`qmp:unix:${sock}`, { timeoutMs: 1000 });
    expect(!u.ok && u.error.message).toBe(`hypervisor qmp:unix:${sock}: cannot connect: no such socket file [ENOENT]`);

    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const t = await probeHypervisor(`qmp:tcp:127.0.0.1:${port}`, { timeoutMs: 500 });
    expect(!t.ok && t.error.message).toMatch(new RegExp(`^hypervisor qmp:tcp:127\\.0\\.0\\.1:${port}: cannot connect: connection refused`));

    const q = await fakeQmp(dir);
    q.silent = true;
    try {
      const started = Date.now();
      const s = await probeHypervisor(`qmp:unix:${q.path}`, { timeoutMs: 300 });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(!s.ok && s.error.message).toBe(`hypervisor qmp:unix:${q.path}: timed out after 300 ms while waiting for the QMP greeting`);
    } finally {
      await q.close();
    }

    const b = await probeHypervisor(`exec:${join(dir, 'no-qemu')}`);
    expect(!b.ok && b.error.message).toBe(`hypervisor exec:${join(dir, 'no-qemu')}: no such QEMU binary '${join(dir, 'no-qemu')}'`);
    const notExec = join(dir, 'plain');
    writeFileSync(notExec, 'x');
    const n = await probeHypervisor(`exec:${notExec}`);
    expect(!n.ok && n.error.message).toMatch(/is not executable/);
    const add = await cmdHypervisorAdd('x', `exec:${join(dir, 'no-qemu')}`, { cache: join(dir, 'c') });
    expect(add.exitCode).toBe(2);
    expect(add.stderr).toMatch(/^cpumodels: error: hypervisor exec:.*no such QEMU binary/);
    const unreachable = await cmdHypervisorAdd('x', `qmp:unix:${sock}`, { cache: join(dir, 'c') });
    expect(unreachable.exitCode).toBe(1);
    expect(existsSync(join(dir, 'c', 'x.json'))).toBe(false);
  });
});

describe('list', () => {
  it('an empty or missing cache is not an error', async () => {
    const out = await cmdHypervisorList({ cache: join(tempDir(), 'missing') });
    expect(out).toMatchObject({ stdout: '', exitCode: 0 });
    expect(out.stderr).toMatch(/no hypervisors in/);
    const j = JSON.parse((await cmdHypervisorList({ cache: join(tempDir(), 'missing'), json: true })).stdout) as { hypervisors: unknown[] };
    expect(j.hypervisors).toEqual([]);
  });
});

describe('a QEMU that says less (ppc64, aarch64)', () => {
  it('is cached from query-cpu-definitions alone when it has no query-cpu-model-expansion, and says so', async () => {
    const dir = tempDir();
    const q = await fakeQmp(dir);
    q.ppc64 = true;
    try {
      const r = await addHypervisor('p', `qmp:unix:${q.path}`, { cache: dir, timeoutMs: 2000 });
      expect(r.ok).toBe(true);
      const rec = r.ok ? r.value.record : (undefined as never);
      expect(rec.arch).toBe('ppc64');
      expect(rec.expansion).toBeNull();
      expect(rec.hostDoc).toBeNull();
      expect(rec.notes).toEqual([
        'QEMU has no query-cpu-model-expansion: cached from query-cpu-definitions alone, as libvirt does',
        "query-cpu-definitions says nothing about usability (no unavailable-features): every model is usable 'unknown'",
      ]);
      // the file reads back
      const again = await getHypervisor('p', dir);
      expect(again.ok && again.value.expansion).toBeNull();
      // usability is unknown, never "no" or "0 usable"
      expect(hypervisorModels(rec).map((m) => m.usable)).toEqual(['unknown', 'unknown', 'unknown']);
      const listed = await cmdHypervisorList({ cache: dir });
      expect(listed.stdout).toMatch(/p\s+ppc64\s+7\.2\.0\s+\S+\s+3 \(usability unknown\)/);
      expect(listed.stdout).not.toMatch(/0 usable/);
      const j = JSON.parse((await cmdHypervisorList({ cache: dir, json: true })).stdout);
      expect(j.hypervisors[0]).toMatchObject({ usable: 'unknown', expansion: null });
      // domcapabilities: libvirt's ppc64 names, usable='unknown', no host-model without an expansion
      const dc = await cmdDomcapsForHypervisor('p', { cache: dir });
      expect(dc.exitCode).toBe(0);
      expect(dc.stdout).toContain("<mode name='host-model' supported='no'/>");
      expect(dc.stdout).toContain("<model usable='unknown' vendor='IBM'>POWER8</model>");
      expect(dc.stdout).toContain("<model usable='unknown' vendor='IBM'>POWER9</model>");
      expect(dc.stdout).not.toMatch(/usable='(yes|no)'/);
      expect(dc.stderr).toContain('query-cpu-definitions alone');
    } finally {
      await q.close();
    }
  });

  it("domcapabilities of a cached s390x QEMU under TCG: yes/no from unavailable-features, qemu domain", async () => {
    const dir = tempDir();
    const q = await fakeQmp(dir);
    try {
      const r = await addHypervisor('s', `qmp:unix:${q.path}`, { cache: dir, timeoutMs: 2000 });
      expect(r.ok).toBe(true);
      const dc = await cmdDomcapsForHypervisor('s', { cache: dir });
      expect(dc.stdout).toContain('<domain>qemu</domain>');
      expect(dc.stdout).toContain("<mode name='host-passthrough' supported='no'/>");
      expect(dc.stdout).toContain("<model usable='yes' vendor='IBM'>z13</model>");
      expect(dc.stdout).toMatch(/<model usable='no' vendor='IBM'>z14<\/model>\n\s+<blockers model='z14'>\n\s+<feature name='vxpdeh'\/>/);
      const j = JSON.parse((await cmdDomcapsForHypervisor('s', { cache: dir, json: true })).stdout);
      expect(j.custom.models.map((m: { usable: string }) => m.usable)).toEqual(['yes', 'no']);
    } finally {
      await q.close();
    }
  });
});
