/**
 * Which architectures know a model name: for the hint an unknown model gets
 * when it is another architecture's (`compare z14 z13` on an x86_64 machine:
 * "'z14' is an s390x model: pass --arch s390x").
 */
import { ARCHES, loadDriver } from './arches.js';
import { MODEL_NAMES_STORED } from './model-names-data.js';
import { err, type Result } from '../core/errors.js';

/**
 * Each architecture's model names (query-cpu-definitions at the default
 * profile, under TCG): the build's table in a bundle (none when it cannot be
 * read: then no hint), else the drivers'.
 */
export async function modelNamesByArch(): Promise<Readonly<Record<string, readonly string[]>>> {
  if (MODEL_NAMES_STORED) {
    let t: unknown;
    try {
      t = MODEL_NAMES_STORED();
    } catch {
      return {};
    }
    const isNames = (v: unknown) => Array.isArray(v) && v.every((n) => typeof n === 'string');
    return typeof t === 'object' && t !== null && Object.values(t).every(isNames) ? (t as Record<string, readonly string[]>) : {};
  }
  const out: Record<string, string[]> = {};
  for (const arch of ARCHES) {
    const d = await loadDriver({ arch, accel: 'tcg' });
    if (d.ok) out[arch] = d.value.definitions().map((x) => x.name);
  }
  return out;
}

/**
 * QEMU's names that are not one architecture's model: `host` (KVM's, on
 * every architecture) and `max` (each accelerator's most capable CPU): an
 * unknown one says nothing of the architecture meant.
 */
const GENERIC_NAMES = new Set(['host', 'max']);

/**
 * An unknown-model error of `arch` with, when it has no nearer name to
 * suggest, a hint naming the other architectures that know the model (their
 * names compared without case: ppc64 takes POWER9 for power9); any other
 * result as it is.
 */
export async function withOtherArchHint<T>(r: Result<T>, arch: string): Promise<Result<T>> {
  if (r.ok || r.error.code !== 'unknown-model' || r.error.suggestions?.length || r.error.hint || r.error.value === undefined) return r;
  const name = r.error.value;
  if (GENERIC_NAMES.has(name.toLowerCase())) return r;
  const names = await modelNamesByArch();
  const lower = name.toLowerCase();
  const others = Object.keys(names).filter((a) => a !== arch && names[a]!.some((n) => n.toLowerCase() === lower));
  if (!others.length) return r;
  const { code, message, ...rest } = r.error;
  return err(code, message, { ...rest, hint: `'${name}' is ${others.length === 1 ? 'a model' : 'a model name'} of ${others.join(' and ')}, not ${arch}: pass --arch ${others[0]}` });
}
