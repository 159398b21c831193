/**
 * host-model's inputs and XML: a libvirt <cpu> (a baseline result) is a host
 * description too; the XML is libvirt's host-model guest CPU with <arch>;
 * for libvirt 9.0 the choice is among 9.0's models and names.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseLibvirtRelease, hostModelForRelease, NEWEST_LIBVIRT } from '../libvirt/release.js';
import { decodeHostText, hostModelXml } from './host-model.js';

const C = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/reference/libvirt/cputestdata');
const read = (f: string) => readFileSync(path.join(C, f), 'utf8');
const v90 = (() => {
  const r = parseLibvirtRelease('9.0');
  if (!r.ok) throw new Error('9.0');
  return r.value;
})();

describe('host-model', () => {
  it('reads a libvirt <cpu> with a model as the host: model + require − disable', () => {
    const d = decodeHostText(read('x86_64-cpuid-baseline-EPYC+Rome.xml'), 'EPYC+Rome');
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.value.vendor).toBe('AMD');
    expect(d.value.vendorString).toBe('AuthenticAMD');
    expect(d.value.libvirt).toContain('x2apic'); // required
    expect(d.value.libvirt).not.toContain('svm'); // disabled
    expect(d.value.libvirt).toContain('sse2'); // the model's own
  });

  it('refuses a <cpu> without a model, naming the file', () => {
    const d = decodeHostText("<cpu>\n  <arch>x86_64</arch>\n</cpu>\n", 'nomodel.xml');
    expect(!d.ok && d.error.message).toBe("nomodel.xml: the <cpu> names no model, so it says nothing about the host's features");
  });

  it("writes libvirt's host-model guest CPU with the host's <arch>", () => {
    const d = decodeHostText(read('x86_64-cpuid-Core-i7-8700.xml'), 'i7');
    if (!d.ok) throw new Error(d.error.message);
    const newest = hostModelForRelease(d.value, NEWEST_LIBVIRT, { kind: 'host' });
    const old = hostModelForRelease(d.value, v90, { kind: 'host' });
    if (!newest.ok || !old.ok) throw new Error('host-model');
    expect(newest.value.value.model).toBe('Skylake-Client-v2');
    expect(newest.value.notes).toEqual([]);
    expect(old.value.value.model).toBe('Skylake-Client-IBRS');
    expect(old.value.notes[0]).toMatch(/^libvirt 9\.0\.0 has no name for \d+ features of the host CPU \(i7\): .*flush-l1d/);
    const xml = hostModelXml(old.value.value);
    expect(xml).toMatch(/^<cpu match='exact'>\n  <arch>x86_64<\/arch>\n  <model fallback='forbid'>Skylake-Client-IBRS<\/model>\n  <vendor>Intel<\/vendor>\n  <feature policy='require' name='/);
    expect(xml).not.toContain('flush-l1d');
  });
});
