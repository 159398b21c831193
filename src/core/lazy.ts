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
