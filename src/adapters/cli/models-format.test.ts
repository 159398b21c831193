import { describe, expect, it } from 'vitest';
import type { CpuDefinitionInfo } from '../../core/driver.js';
import { captureOutput } from '../../../test/helpers/cli.js';
import { formatModels } from './models-format.js';

/** The table as its columns are specified (docs/cli: one row per model; blockers once each, counted, the last six first, "…" past six), written plainly. */
function expected(defs: readonly CpuDefinitionInfo[]): string {
  const rows = [['MODEL', 'STATIC', 'MIGRATION-SAFE', 'DEPRECATED', 'RUNNABLE', 'BLOCKERS']];
  for (const d of defs) {
    const un = Array.from(new Set(d['unavailable-features'] ?? []));
    const shown = un.slice().reverse().slice(0, 6);
    rows.push([d.name, d.static ? 'yes' : 'no', d['migration-safe'] ? 'yes' : 'no', d.deprecated ? 'yes' : 'no', un.length ? 'no' : 'yes', un.length ? `${un.length}: ${shown.join(' ')}${un.length > 6 ? ' …' : ''}` : '']);
  }
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i < r.length - 1 ? c + ' '.repeat(w[i]! - c.length) : c)).join('  ').replace(/ +$/, '')).join('\n') + '\n';
}

describe('formatModels', () => {
  it('prints the table as specified, for random definitions (repeated, many and no blockers)', async () => {
    let seed = 11;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    const names = Array.from({ length: 40 }, (_, i) => `feat${i}${'x'.repeat(i % 5)}`);
    for (let round = 0; round < 30; round++) {
      const defs: CpuDefinitionInfo[] = Array.from({ length: 1 + Math.floor(next() * 60) }, (_, i) => {
        const n = Math.floor(next() * 12);
        const un = Array.from({ length: n }, () => names[Math.floor(next() * (round % 3 === 0 ? 4 : names.length))]!);
        return { name: `model-${round}-${i}${'y'.repeat(Math.floor(next() * 20))}`, typename: 't', static: next() < 0.5, 'migration-safe': next() < 0.5, deprecated: next() < 0.2, 'unavailable-features': un };
      });
      const r = await captureOutput(async () => formatModels(defs, {}));
      expect(r.out).toBe(expected(defs));
    }
  });
});
