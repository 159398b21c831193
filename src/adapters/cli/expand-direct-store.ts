/**
 * Build time (tools/build-oneshot.mjs): the answers expand-direct.ts writes,
 * made by the full path itself (runFast on the source's driver, which computes
 * everything from src/data) for each x86_64 table model, both types, text and
 * --json: under TCG, and under KVM on each of the given hosts (/proc/cpuinfo
 * files), kept only where every host got the same answer. An answer that is
 * not a success is not stored. The other architectures' models under TCG
 * alike (computeTcgExpandStore).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { X86Driver } from '../../arch/x86_64/driver.js';
import { loadDriver } from '../../arch/arches.js';
import { unwrap } from '../../core/errors.js';
import { fixedHostFacts, type HostFacts } from './host-facts.js';
import { runFast } from './oneshot.js';
import { formKey, storedFile, type StoredAnswer, type StoredExpansions } from './expand-direct.js';

/** runFast's stdout and stderr for argv; undefined unless it answered with exit code 0. */
export async function answer(argv: string[], facts: HostFacts): Promise<StoredAnswer | undefined> {
  let out = '';
  let err = '';
  const ow = process.stdout.write;
  const ew = process.stderr.write;
  process.stdout.write = ((c: string | Uint8Array) => ((out += String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => ((err += String(c)), true)) as typeof process.stderr.write;
  process.exitCode = 0;
  let taken: boolean;
  try {
    taken = await runFast(argv, facts);
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return taken && code === 0 ? [out, err] : undefined;
}

const same = (a: StoredAnswer | undefined, b: StoredAnswer | undefined) => !!a && !!b && a[0] === b[0] && a[1] === b[1];

/** Each table model's stored answers, by model name. */
export async function computeExpandStore(kvmHosts: readonly string[]): Promise<Map<string, StoredExpansions>> {
  if (!kvmHosts.length) throw new Error('expand store: no KVM host file to answer with');
  const tcgFacts = fixedHostFacts({ arch: 'x86_64', kvm: false });
  const kvmFacts = kvmHosts.map((hostFile) => fixedHostFacts({ arch: 'x86_64', kvm: true, hostFile }));
  const out = new Map<string, StoredExpansions>();
  for (const c of new X86Driver().cat.classes) {
    if (c.kind !== 'version' && c.kind !== 'alias') continue;
    const tcg: Record<string, StoredAnswer> = {};
    const kvm: Record<string, StoredAnswer> = {};
    for (const type of ['static', 'full'])
      for (const json of [false, true]) {
        const argv = ['expand', c.name, '--type', type, ...(json ? ['--json'] : [])];
        const key = formKey(type, json);
        const t = await answer(argv, tcgFacts);
        if (t) tcg[key] = t;
        // one at a time: each captures the process's output
        const ks: (StoredAnswer | undefined)[] = [];
        for (const f of kvmFacts) ks.push(await answer(argv, f));
        if (ks.every((k) => same(k, ks[0]))) kvm[key] = ks[0]!;
      }
    const kvmSameAsTcg = Object.keys(kvm).length === Object.keys(tcg).length && Object.keys(kvm).every((k) => same(kvm[k], tcg[k]));
    out.set(c.name, { tcg, kvm: kvmSameAsTcg ? 'tcg' : kvm });
  }
  return out;
}

/**
 * Every model of an architecture other than x86_64, both types, text and
 * --json, under TCG (this machine taken to be of that architecture, without
 * KVM), by model name: the answer depends on nothing of the machine there.
 */
export async function computeTcgExpandStore(arch: string): Promise<Map<string, StoredExpansions>> {
  const facts = fixedHostFacts({ arch, kvm: false });
  const d = unwrap(await loadDriver({ arch, accel: 'tcg' }));
  const out = new Map<string, StoredExpansions>();
  for (const { name } of d.definitions()) {
    const tcg: Record<string, StoredAnswer> = {};
    for (const type of ['static', 'full'])
      for (const json of [false, true]) {
        const t = await answer(['expand', name, '--type', type, ...(json ? ['--json'] : [])], facts);
        if (t) tcg[formKey(type, json)] = t;
      }
    if (Object.keys(tcg).length) out.set(name, { tcg });
  }
  return out;
}

/** A value as JSON text in ASCII (non-ASCII as \u escapes), which reads back as latin1. */
export const asciiJson = (v: unknown): string => JSON.stringify(v).replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The store as files DIR/MODEL.json (ASCII: non-ASCII as \u escapes, so that it reads as latin1). */
export function writeExpandStore(dir: string, store: ReadonlyMap<string, StoredExpansions>): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, s] of store) {
    const file = storedFile(dir, name);
    if (!file) continue;
    writeFileSync(file, asciiJson(s), 'latin1');
  }
}
