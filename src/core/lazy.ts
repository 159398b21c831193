/**
 * Start-up helpers: a value made on first use, and zod loaded on first use
 * (zod costs ~120 ms to import; one-shot commands that never validate a QMP
 * reply should not pay it).
 */
import { createRequire } from 'node:module';

/** `make()` on the first call, the same value after. */
export function lazy<T>(make: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value;
  };
}

/** The zod module, loaded synchronously when first asked for. */
export const loadZod = lazy(() => createRequire(import.meta.url)('zod') as typeof import('zod'));

/**
 * A driver's query-cpu-definitions list, made once: every call gets copies
 * the caller may change (arrays such as unavailable-features copied too,
 * non-enumerable properties kept as they are).
 */
/** A property an assignment would make: a writable, configurable value (enumerability is checked by the caller). */
const plainProperty = (p: PropertyDescriptor): boolean => 'value' in p && p.writable === true && p.configurable === true;

export function definitionsOnce<T extends object>(make: () => T[]): (() => T[]) & { shared: () => readonly T[] } {
  const made = lazy(make);
  const copies = (): T[] =>
    made().map((d) => {
      // the common case (own enumerable data properties only) as a plain copy; anything else by descriptors
      const keys = Object.keys(d);
      if (keys.length === Reflect.ownKeys(d).length && keys.every((k) => plainProperty(Object.getOwnPropertyDescriptor(d, k)!))) {
        const c: Record<string, unknown> = {};
        for (const k of keys) {
          const v = (d as Record<string, unknown>)[k];
          c[k] = Array.isArray(v) ? [...(v as unknown[])] : v;
        }
        return c as T;
      }
      const props = Object.getOwnPropertyDescriptors(d);
      for (const p of Object.values(props)) if (Array.isArray(p.value)) p.value = [...(p.value as unknown[])];
      return Object.defineProperties({}, props) as T;
    });
  // `shared`: the list as made, not copied, for a caller that only reads it (copying ~700 x86 entries is ~1 ms of a one-shot `models`)
  return Object.assign(copies, { shared: made });
}
