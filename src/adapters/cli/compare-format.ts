/**
 * How `compare A B` of two models prints its answer: shared by oneshot.ts
 * (cmdCompareModels) and the direct path (compare-direct.ts), which loads
 * nothing else of the CLI.
 */
import type { ComparisonInfo } from '../../core/driver.js';
import { print, printJson } from './models-format.js';

/** "A is a superset of B" and the responsible properties (QEMU lists them prepended: read here in the order found), or the comparison as JSON. */
export function printComparison(a: string, b: string, r: ComparisonInfo, o: { json?: boolean }): void {
  if (o.json) return printJson(r);
  print(`${a} is ${r.result === 'incompatible' ? 'incompatible with' : r.result === 'identical' ? 'identical to' : `a ${r.result} of`} ${b}`);
  if (r['responsible-properties'].length) print(`responsible: ${[...r['responsible-properties']].reverse().join(' ')}`);
}
