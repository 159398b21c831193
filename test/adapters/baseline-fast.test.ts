import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBaselineFast, runBaselineFast } from '../../src/adapters/cli/baseline-fast.js';
import { fixedHostFacts, remembered, versionCacheFile } from '../../src/adapters/cli/host-facts.js';
import { parseLibvirtRelease } from '../../src/adapters/libvirt/release-version.js';
import { captureOutput, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cpumodels-bfast-'));
const cpu = (f: string) => `<cpu><arch>x86_64</arch><model>Skylake-Client</model><vendor>Intel</vendor><feature name='${f}'/></cpu>\n`;

describe('baseline FILE fast path', () => {
  const good = path.join(dir, 'good.xml');
  writeFileSync(good, cpu('ss').repeat(50) + cpu('vmx') + cpu('ss'));
  const bad = path.join(dir, 'bad.xml');
  writeFileSync(bad, cpu('ss') + "<cpu><arch>x86_64</arch><model>Skylake-Client</modle></cpu>\n");
  const unknown = path.join(dir, 'unknown.xml');
  writeFileSync(unknown, cpu('ss') + cpu('no-such-feature'));
  const p90 = parseLibvirtRelease('9.0');
  if (!p90.ok) throw new Error('9.0');
  const v90 = p90.value;
  const facts = fixedHostFacts({ arch: 'x86_64', libvirt: v90 });

  it('takes only the plain form', () => {
    expect(parseBaselineFast(['baseline', good, '--features'])?.files).toEqual([good]);
    for (const a of [['baseline'], ['baseline', good, '--json'], ['baseline', '--hosts', good], ['baseline', path.join(dir, 'missing.xml')], ['baseline', good, '--libvirt', 'x'], ['baseline', good, '--features', '--features'], ['baseline', 'z14']]) {
      expect(parseBaselineFast(a), a.join(' ')).toBeUndefined();
    }
  });

  for (const argv of [[good], [good, '--features'], [good, '--migratable', '--libvirt', '8.0'], [bad], [unknown]]) {
    it(`answers as the commander CLI: baseline ${argv.map((a) => path.basename(a)).join(' ')}`, async () => {
      const fast = await captureOutput(() => runBaselineFast(['baseline', ...argv], facts));
      expect(fast.value).toBe(true);
      const slow = await runCli(['baseline', ...argv], facts);
      expect({ out: fast.out, err: fast.err, code: fast.code }).toEqual(slow);
    });
  }

  it('words an internal error as the commander CLI does (one line, the CPUMODELS_DEBUG hint)', async () => {
    const broken = { ...facts, libvirt: () => Promise.reject(new Error('the libvirt release went missing\nsecond line')) };
    const fast = await captureOutput(() => runBaselineFast(['baseline', good], broken));
    expect(fast.value).toBe(true);
    expect(fast.err).toBe('cpumodels: error: the libvirt release went missing (set CPUMODELS_DEBUG=1 for the details)\n');
    expect(fast.code).toBe(2);
    const slow = await runCli(['baseline', good], broken);
    expect({ out: fast.out, err: fast.err, code: fast.code }).toEqual(slow);
  });

  it('names the malformed element and its position', async () => {
    const r = await captureOutput(() => runBaselineFast(['baseline', bad], facts));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.xml:2:\d+: malformed XML/);
  });
});

describe('virsh --version remembered per binary', () => {
  it('runs the program once while it is the same file, again when it changes', async () => {
    const bin = path.join(dir, 'bin');
    const home = path.join(dir, 'home');
    const env = { PATH: bin, XDG_CACHE_HOME: home };
    await import('node:fs').then((fs) => fs.mkdirSync(bin, { recursive: true }));
    writeFileSync(path.join(bin, 'virsh'), '#!/bin/sh\necho 9.0.0\n', { mode: 0o755 });
    let runs = 0;
    const ask = remembered(async () => (runs++, '9.0.0\n'), env);
    expect(await ask('virsh', ['--version'])).toBe('9.0.0\n');
    expect(await ask('virsh', ['--version'])).toBe('9.0.0\n');
    expect(runs).toBe(1);
    expect(JSON.parse(readFileSync(versionCacheFile(env), 'utf8'))).toHaveProperty([path.join(bin, 'virsh')]);
    writeFileSync(path.join(bin, 'virsh'), '#!/bin/sh\necho 10.0.0 # upgraded\n', { mode: 0o755 });
    await ask('virsh', ['--version']);
    expect(runs).toBe(2);
    // not on PATH: asked every time, nothing kept
    expect(await ask('libvirtd', ['--version'])).toBe('9.0.0\n');
    expect(runs).toBe(3);
    // a broken cache file is asked afresh
    writeFileSync(versionCacheFile(env), '{not json');
    await ask('virsh', ['--version']);
    expect(runs).toBe(4);
  });
});
