// The direct `s390x identify` path (src/adapters/cli/identify-direct.ts,
// bundled alone as dist/oneshot-identify-direct.cjs) answers with identity.ts's
// own functions over the definitions the build stores per profile (no facility
// sets). Its answers must be the full path's byte for byte (runFast, over the
// whole catalog): every definition by name (and NAME-base), every machine type
// and GA in three spellings, text and --json, under every profile; every error
// is left to the full path (nothing written), which gives the suggestions.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIdentifyDirect } from '../../src/adapters/cli/identify-direct.js';
import { runFast } from '../../src/adapters/cli/oneshot.js';
import { s390Catalog } from '../../src/arch/s390x/catalog.js';
import { identityDefsOf } from '../../src/arch/s390x/identity.js';
import { PROFILES } from '../../src/core/profile.js';
import { captureOutput, directAndFull, spawnFullCli } from '../helpers/cli.js';

const root = path.resolve(import.meta.dirname, '../..');
// the table as the build makes it (tools/build-oneshot.mjs): each profile's definitions, by identityDefsOf
const TABLE = Object.fromEntries(PROFILES.map((p) => [p, () => identityDefsOf(s390Catalog(p))]));
const both = (argv: string[]) => directAndFull(argv, () => runIdentifyDirect(argv, TABLE), () => runFast(argv));
const hex4 = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;

describe('s390x identify: the direct answer is the full path\'s', () => {
  it('every definition by name and by machine type and GA, text and --json, under every profile', async () => {
    let answered = 0;
    for (const profile of PROFILES) {
      const cat = s390Catalog(profile);
      const forms: string[][] = [];
      for (const d of cat.defs) forms.push(['--model', d.name], ['--model', `${d.name}-base`]);
      const types = [...new Set(cat.defs.map((d) => d.type))];
      for (const t of types) {
        const n = cat.defs.filter((d) => d.type === t).length;
        for (let ga = 1; ga <= n; ga++) forms.push(['--type', hex4(t), '--ga', String(ga)], ['--ga', String(ga), '--type', t.toString(16).toUpperCase()]);
        forms.push(['--type', ` ${hex4(t).toUpperCase()}`]);
      }
      for (const form of forms)
        for (const extra of [[], ['--json']]) {
          const argv = ['s390x', 'identify', ...form, ...extra, ...(profile === 'latest' ? [] : ['--profile', profile])];
          const r = await both(argv);
          expect(r.direct, argv.join(' ')).toBeDefined();
          expect({ argv, answer: r.direct }).toEqual({ argv, answer: r.full });
          answered++;
        }
    }
    expect(answered).toBeGreaterThan(PROFILES.length * 200);
  });

  it('writes nothing for errors and for argv it does not serve', async () => {
    const cases = [
      ['s390x', 'identify', '--model', 'z15x'], // unknown model: the full path suggests
      ['s390x', 'identify', '--type', '0x9999'],
      ['s390x', 'identify', '--type', 'zz'],
      ['s390x', 'identify', '--type', '0x3906', '--ga', '9'],
      ['s390x', 'identify', '--type', '0x3906', '--ga', '1.5'],
      ['s390x', 'identify', '--model', 'z14', '--profile', '1.0'],
      ['s390x', 'identify', '--model', 'z14', '--profile', 'nope'],
      ['s390x', 'identify', '--model', 'gen16a', '--profile', '6.0'], // not in that release
      ['s390x', 'identify'],
      ['s390x', 'identify', '--ga', '2'],
      ['s390x', 'identify', '--model', 'z14', 'extra'],
      ['s390x', 'identify', '--model', 'z14', '--model', 'z13'],
      ['s390x', 'identify', '--model'],
      ['s390x', 'identify', '--model', 'z14', '--arch', 's390x'],
      ['s390x', 'identify', '--help'],
      ['s390x', 'features'],
      ['identify', '--model', 'z14'],
    ];
    for (const argv of cases) {
      const r = await captureOutput(async () => runIdentifyDirect(argv, TABLE));
      expect({ argv, taken: r.value, out: r.out, err: r.err }).toEqual({ argv, taken: false, out: '', err: '' });
    }
    // a build without the table (the source's identity-data.ts): the full path answers
    const r = await captureOutput(async () => runIdentifyDirect(['s390x', 'identify', '--model', 'z14']));
    expect({ taken: r.value, out: r.out }).toEqual({ taken: false, out: '' });
  });

  it('answers through bin/oneshot.cjs byte for byte as the commander CLI does, errors included', () => {
    const argvs = [
      ['s390x', 'identify', '--type', '0x3906', '--ga', '1'],
      ['s390x', 'identify', '--model', 'z14.2'],
      ['s390x', 'identify', '--model', 'z13-base', '--json'],
      ['s390x', 'identify', '--type', '8561', '--profile', '5.2', '--json'],
      ['s390x', 'identify', '--model', 'z900', '--profile', 'v7.2.0'],
      ['s390x', 'identify', '--model', 'z15x'],
      ['s390x', 'identify', '--type', '0x3906', '--ga', '9'],
    ];
    for (const argv of argvs) {
      const direct = spawnSync(process.execPath, [path.join(root, 'bin', 'oneshot.cjs'), ...argv], { env: process.env });
      const full = spawnFullCli(argv, process.env);
      expect(direct.stdout.length + direct.stderr.length, argv.join(' ')).toBeGreaterThan(0);
      expect({ argv, out: direct.stdout.toString('latin1'), err: direct.stderr.toString('latin1'), code: direct.status }).toEqual({ argv, out: full.stdout.toString('latin1'), err: full.stderr.toString('latin1'), code: full.status });
    }
  });
});
