/**
 * The since rows against a real libvirt's cpu_map: the installed one
 * (/usr/share/libvirt/cpu_map, Debian 12: libvirt 9.0.0), when there is one.
 * We must never write a name the release lacks: every model and feature
 * name the rows give to the release is in its cpu_map. For 9.0.0, the
 * release the rows were checked against, also the other way round.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIBVIRT_X86_FEATURE_SINCE, LIBVIRT_X86_MODEL_SINCE } from '../../src/data/x86_64/libvirt-releases.js';
import { featureKnownIn, modelKnownIn, parseLibvirtRelease } from '../../src/adapters/libvirt/release.js';

const dir = '/usr/share/libvirt/cpu_map';
const v = spawnSync('virsh', ['--version'], { encoding: 'utf8' });
const release = v.status === 0 ? parseLibvirtRelease(v.stdout) : undefined;
const have = existsSync(path.join(dir, 'x86_features.xml')) && release?.ok;

describe.skipIf(!have)(`since rows against the installed cpu_map (libvirt ${v.stdout?.trim()})`, () => {
  const r0 = parseLibvirtRelease('0.0.0');
  const rel = release?.ok ? release.value : r0.ok ? r0.value : (undefined as never);
  const models = new Set<string>();
  for (const f of have ? readdirSync(dir).filter((f) => /^x86_.*\.xml$/.test(f)) : []) {
    for (const m of readFileSync(path.join(dir, f), 'utf8').matchAll(/<model name='([^']+)'>/g)) models.add(m[1]!);
  }
  const features = new Set(have ? [...readFileSync(path.join(dir, 'x86_features.xml'), 'utf8').matchAll(/<feature name='([^']+)'/g)].map((m) => m[1]!) : []);

  it('every model the rows give this release is in its cpu_map', () => {
    const wrong = LIBVIRT_X86_MODEL_SINCE.filter((m) => modelKnownIn(m.name, rel) && !models.has(m.name)).map((m) => `${m.name} (${m.since})`);
    expect(wrong).toEqual([]);
  });

  it('every feature the rows give this release is in its cpu_map', () => {
    const wrong = LIBVIRT_X86_FEATURE_SINCE.filter((f) => featureKnownIn(f.name, rel) && !features.has(f.name)).map((f) => `${f.name} (${f.since})`);
    expect(wrong).toEqual([]);
  });

  it.skipIf(rel.text !== '9.0.0')('9.0.0: and every name its cpu_map has is dated 9.0.0 or older', () => {
    expect([...models].filter((m) => !modelKnownIn(m, rel))).toEqual([]);
    expect([...features].filter((f) => !featureKnownIn(f, rel))).toEqual([]);
    expect(models.size).toBe(58);
  });
});
