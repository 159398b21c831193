/**
 * The fleet asks what a KVM guest may use on a host once per class, without
 * building the host's driver (x86KvmSupported); the engine's driver answers
 * the same question for every other command. One question, one answer: they
 * must agree on every host, whatever the document's view (bare CPU, QEMU's
 * KVM expansion, libvirt's host-model), vendor, family and QEMU release.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../core/prng.js';
import { signatureOfNames } from '../core/signature.js';
import { toHostDoc } from './convert.js';
import type { HostDoc } from './doc.js';
import { x86KvmDriver, x86KvmSupported } from './engine.js';
import { x86Catalog } from '../arch/x86_64/catalog.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const data = path.join(root, '../shared/reference/libvirt/cputestdata');
const files = readdirSync(data).filter((f) => /^x86_64-cpuid-[^+]*?(-host)?\.xml$/.test(f) && !/-(disabled|enabled|guest|json)\.xml$/.test(f));

const hosts: HostDoc[] = files.map((f) => {
  const r = toHostDoc(readFileSync(path.join(data, f), 'utf8'), f);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
});

describe('x86 KVM supported set: the fleet path and the driver agree', () => {
  it('reads both kinds of real host (CPUID dumps and libvirt host <cpu>)', () => {
    expect(hosts.length).toBeGreaterThanOrEqual(12);
    expect(new Set(hosts.map((h) => h.source.kind)).size).toBeGreaterThanOrEqual(2);
  });

  it('on every real host, with random features removed, under every view and several releases', () => {
    const rnd = mulberry32(5);
    const kinds = ['cpudata', 'cpuinfo', 'qmp-expansion', 'libvirt-domcapabilities', 'libvirt-capabilities'] as const;
    let n = 0;
    for (const h of hosts) {
      for (const kind of kinds) {
        for (const release of [undefined, '7.2', '9.1']) {
          // removals give each document a signature no driver is kept for, so the fast path runs
          const features = h.features.filter(() => rnd() > 0.08);
          const doc: HostDoc = { ...h, features, signature: signatureOfNames('x86_64', features), source: { kind, origin: `t${n++}` }, ...(release ? { release } : {}) };
          const fast = x86KvmSupported(doc);
          // the features handed over as a set of the newest catalog (what the fleet has), used when it is the release's
          const latest = x86Catalog('latest').features;
          const given = x86KvmSupported(doc, doc.release, { catalog: latest, set: latest.setOf(features.filter((f) => latest.feature(f))) });
          const d = x86KvmDriver(doc);
          expect(fast.catalog).toBe(d.catalog);
          expect(fast.catalog.names(fast.set)).toEqual(d.catalog.names(d.supported()));
          expect(given.catalog.names(given.set)).toEqual(d.catalog.names(d.supported()));
          // once the driver is kept, the question is asked of it
          expect(x86KvmSupported(doc).set.equals(d.supported())).toBe(true);
        }
      }
    }
    expect(n).toBe(hosts.length * kinds.length * 3);
  });
});
