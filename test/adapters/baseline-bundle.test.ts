// The `baseline FILE` bundle (dist/baseline.cjs, tools/build-baseline.mjs)
// decodes the libvirt x86 catalog the build precomputed and reads the libvirt
// tables only when writing for an older release needs them (made on first
// read). Its answers must be the full CLI's byte for byte: fleet files of
// copies, a few kinds and all-distinct elements, models and features older
// releases lack, and refusals. The bundle answers in a child process, as
// `cpumodels baseline` runs it (bin/baseline.cjs, the build's code cache);
// the other side is the commander CLI from the source, which builds the
// catalog from src/data.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'cpumodels-baseline-bundle-'));

const host = (model: string, features: string[], vendor = 'Intel', extra = '') =>
  `<cpu><arch>x86_64</arch><model>${model}</model>${vendor ? `<vendor>${vendor}</vendor>` : ''}${features.map((f) => `<feature name='${f}'/>`).join('')}${extra}</cpu>\n`;

const FILES: Record<string, string> = {
  compact: host('Skylake-Client', ['ss']).repeat(3000),
  few: Array.from({ length: 2000 }, (_, i) => host('Skylake-Client', [['ss', 'vmx', 'pdcm', 'pku'][i % 4]!], '')).join(''),
  distinct: Array.from({ length: 2000 }, (_, i) => host('Skylake-Client', ['ss'], 'Intel', `<!--${i}-->`)).join(''),
  // models and features libvirt 8.0 and 9.0 lack: written as older models, features left out (the release tables read)
  newer: host('SapphireRapids', ['ss', 'vmx']).repeat(50) + host('SapphireRapids', ['ss', 'vmx', 'amx-fp16']).repeat(50),
  granite: host('GraniteRapids', ['ss']).repeat(10),
  // refusals: an unknown feature, the first CPU met again under another vendor rule, malformed XML
  unknown: host('Haswell', ['ss']).repeat(20) + host('Haswell', ['no-such-feature']),
  vendor: host('EPYC', [], 'Intel') + host('Skylake-Client', []) + host('EPYC', [], 'Intel'),
  malformed: host('Haswell', []).repeat(5) + "<cpu><arch>x86_64</arch><model>Haswell</modle></cpu>\n",
};
for (const [name, text] of Object.entries(FILES)) writeFileSync(path.join(dir, `${name}.xml`), text);

/** The bundle's answer, as bin/cpumodels runs it. */
function bundle(argv: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'baseline.cjs'), ...argv], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('baseline FILE bundle (precomputed catalog, tables read on demand)', () => {
  for (const name of Object.keys(FILES)) {
    it(`answers as the full CLI: ${name}`, async () => {
      const file = path.join(dir, `${name}.xml`);
      for (const argv of [
        ['baseline', file, '--libvirt', '9.0'],
        ['baseline', file, '--libvirt', '8.0', '--features'],
        ['baseline', file, '--libvirt', '11.0', '--migratable'],
      ]) {
        const got = bundle(argv);
        expect(got, argv.join(' ')).toEqual(await runCli(argv));
      }
    });
  }
});
