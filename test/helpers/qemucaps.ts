/**
 * The KVM fixtures of test/fixtures/qemucaps: per QEMU release, the
 * definitions a real QEMU answered under KVM and its host's expansion
 * (see test/fixtures/qemucaps/README.md for the format and origins).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const QEMUCAPS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/qemucaps');

export interface KvmDefinition {
  name: string;
  aliasOf?: string;
  unavailable: string[];
}

export interface KvmCapsFixture {
  file: string;
  arch: string;
  release: string;
  /** the host as QEMU's static expansion reply (what libvirt caches) */
  hostReply: { return: { model: { name: string; props: Record<string, unknown> } } };
  definitions: KvmDefinition[];
  /** false when the file transcribes only the first definitions of the reply */
  complete: boolean;
}

export function readKvmCaps(file: string): KvmCapsFixture {
  const text = readFileSync(path.join(QEMUCAPS, file), 'utf8');
  let release = '';
  let identity: Record<string, unknown> = {};
  const on: string[] = [];
  const definitions: KvmDefinition[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [key, ...rest] = line.split(' ');
    const value = rest.join(' ');
    if (key === 'release') release = value.trim();
    else if (key === 'host-identity') identity = JSON.parse(value) as Record<string, unknown>;
    else if (key === 'host-true') on.push(...value.split(' ').filter(Boolean));
    else if (key === 'def') {
      const m = /^([^:=]+)(?:=([^:]+))?:(.*)$/.exec(value);
      if (!m) throw new Error(`${file}: bad line ${line}`);
      definitions.push({ name: m[1]!, ...(m[2] ? { aliasOf: m[2] } : {}), unavailable: m[3]!.split(' ').filter(Boolean) });
    } else throw new Error(`${file}: unknown line ${line}`);
  }
  const props: Record<string, unknown> = { ...identity };
  for (const f of on) props[f] = true;
  const complete = !/^# \(the reply's remaining entries/m.test(text);
  return { file, arch: file.split('-')[0]!, release, hostReply: { return: { model: { name: 'base', props } } }, definitions, complete };
}

export function kvmCapsFiles(arch: string): string[] {
  return readdirSync(QEMUCAPS).filter((f) => f.startsWith(`${arch}-`) && f.endsWith('.txt')).sort();
}
