/**
 * How an answer is printed (text with a final newline, JSON as QEMU writes
 * it) and the `models` table: shared by oneshot.ts and the direct `models`
 * path (models-direct-main.ts), which loads nothing else of the CLI.
 */
import type { CpuDefinitionInfo } from '../../core/driver.js';
import { toJsonText } from '../../core/qmp-json.js';
import { writeOut } from './direct-output.js';
import { table } from './table.js';

/** What print writes of a text: it, ending in a newline. */
const line = (text: string): string => (text.endsWith('\n') ? text : text + '\n');

export function print(text: string): void {
  writeOut(1, line(text));
}

export function printJson(v: unknown): void {
  print(toJsonText(v, 2));
}

/** The `models` answer of a definitions table (a driver's, or the one the build stored), text or --json. */
export function formatModels(defs: readonly CpuDefinitionInfo[], o: { json?: boolean }): void {
  writeOut(1, modelsText(defs, o));
}

/** What formatModels writes, as text (the direct path also remembers it: models-memo.ts). */
export function modelsText(defs: readonly CpuDefinitionInfo[], o: { json?: boolean }): string {
  if (o.json) return line(toJsonText(defs, 2));
  return line(
    table(
      ['MODEL', 'STATIC', 'MIGRATION-SAFE', 'DEPRECATED', 'RUNNABLE', 'BLOCKERS'],
      defs.map((x) => {
        // each blocker once (QEMU's XSAVE repeats are its answer form, not news for a reader)
        const un = [...new Set(x['unavailable-features'] ?? [])];
        return [x.name, x.static ? 'yes' : 'no', x['migration-safe'] ? 'yes' : 'no', x.deprecated ? 'yes' : 'no', un.length ? 'no' : 'yes', un.length ? `${un.length}: ${[...un].reverse().slice(0, 6).join(' ')}${un.length > 6 ? ' …' : ''}` : ''];
      }),
    ),
  );
}

