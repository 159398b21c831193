/**
 * How an answer is printed (text with a final newline, JSON as QEMU writes
 * it) and the `models` table: shared by oneshot.ts and the direct `models`
 * path (models-direct-main.ts), which loads nothing else of the CLI.
 */
import type { CpuDefinitionInfo } from '../../core/driver.js';
import { toJsonText } from '../../core/qmp-json.js';
import { writeOut } from './direct-output.js';
import { table } from './table.js';

export function print(text: string): void {
  writeOut(1, text.endsWith('\n') ? text : text + '\n');
}

export function printJson(v: unknown): void {
  print(toJsonText(v, 2));
}

/** The `models` answer of a definitions table (a driver's, or the one the build stored), text or --json. */
export function formatModels(defs: readonly CpuDefinitionInfo[], o: { json?: boolean }): void {
  if (o.json) return printJson(defs);
  print(
    table(
      ['MODEL', 'STATIC', 'MIGRATION-SAFE', 'DEPRECATED', 'RUNNABLE', 'BLOCKERS'],
      defs.map((x) => [x.name, x.static ? 'yes' : 'no', x['migration-safe'] ? 'yes' : 'no', x.deprecated ? 'yes' : 'no', ...blockers(x['unavailable-features'])]),
    ),
  );
}

/**
 * RUNNABLE and BLOCKERS of a definition: each blocker once (QEMU's XSAVE
 * repeats are its answer form, not news for a reader), how many, and the
 * last six found first (QEMU prepends: its list read backwards).
 */
function blockers(unavailable: readonly string[] | undefined): [string, string] {
  if (!unavailable?.length) return ['yes', ''];
  // a repeat is rare (XSAVE components, under KVM): a copy without repeats only then
  const un = hasRepeat(unavailable) ? [...new Set(unavailable)] : unavailable;
  let last = '';
  for (let i = un.length - 1; i >= 0 && i >= un.length - 6; i--) last += (last ? ' ' : '') + un[i];
  return ['no', `${un.length}: ${last}${un.length > 6 ? ' …' : ''}`];
}

/** Whether a short list names something twice (no allocation: `models` asks it of every row). */
function hasRepeat(names: readonly string[]): boolean {
  for (let i = 1; i < names.length; i++) for (let j = 0; j < i; j++) if (names[i] === names[j]) return true;
  return false;
}
