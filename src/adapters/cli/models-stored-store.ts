/**
 * Build time (tools/build-oneshot.mjs): the answers models-stored.ts writes,
 * made by the full path itself (runFast, which computes them from src/data)
 * for each architecture under TCG, text and --json. An answer that is not a
 * success, or that writes to stderr, is not stored (the full path answers it at run time).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ARCHES } from '../../arch/arches.js';
import { fixedHostFacts } from './host-facts.js';
import { answer } from './expand-direct-store.js';
import { storedModelsFile } from './models-stored.js';

/** Each architecture's stored answers (stdout), by file name (storedModelsFile). */
export async function computeModelsStore(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const arch of ARCHES)
    for (const json of [false, true]) {
      // this machine taken to be of that architecture, without KVM: the answer `models` gives there
      const a = await answer(['models', '--arch', arch, ...(json ? ['--json'] : [])], fixedHostFacts({ arch, kvm: false }));
      const file = storedModelsFile('', arch, json);
      if (a && !a[1] && file) out.set(file, a[0]);
    }
  return out;
}

/** The store as files in DIR (UTF-8: written as they are). */
export function writeModelsStore(dir: string, store: ReadonlyMap<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [file, out] of store) writeFileSync(path.join(dir, file), out);
}
