// The four runnability figures over real hosts' domcapabilities files: for
// every file, the same commands an operator runs are asked, and their answers
// compared with libvirt's own (the file):
//
//   usable     domcapabilities' usable= equals libvirt's, per custom model both list
//   blockers   the blocker set equals libvirt's, per model libvirt blocks and
//              records <blockers> for (libvirt before ~8.x wrote none)
//   host-model the host-model block (model, vendor, require/disable features)
//              equals libvirt's, per file whose host-model libvirt supports
//   migrate    `migrate-check --guest "<cpu mode='custom'><model>M</model></cpu>"
//              --target FILE` exits 0 exactly when libvirt marks M usable, per
//              custom model of every file with verdicts (usable='unknown' and
//              files without host-model say nothing about the host CPU)
//
//   npx tsx tools/measure-runnability.ts [--verbose] [FILE|DIR ...]
//
// Without arguments: ../shared/reference/libvirt/domaincapsdata and
// test/fixtures/domaincapsdata. Exit 0 when usable and migrate are 100%.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { readDomCapsCpu, type DomCapsCpu } from '../src/adapters/libvirt/domcaps.js';
import { cmdMigrateCheck } from '../src/fleet/commands.js';
import { computeDomCaps } from '../src/host/domcaps.js';
import { useLibvirtAdapter } from '../src/adapters/libvirt/formats.js';

useLibvirtAdapter();

export type Pair = [agree: number, total: number];

export interface FileFigures {
  file: string;
  usable: Pair;
  blockers: Pair;
  /** undefined: libvirt supports no host-model there */
  hostModel?: boolean;
  migrate: Pair;
  /** models libvirt lists that we do not (a usable verdict we cannot give) */
  onlyTheirs: string[];
  misses: string[];
}

export interface Figures {
  files: number;
  usable: Pair;
  blockers: Pair;
  hostModel: Pair;
  migrate: Pair;
}

const sameSet = (a: readonly string[] = [], b: readonly string[] = []) => a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');

const hostModelKey = (x: DomCapsCpu['hostModel']) =>
  x ? `${x.model?.name}|${x.vendor ?? ''}|${x.features.map((y) => `${y.policy}:${y.name}`).sort().join(' ')}` : '';

/** The four figures of one file. */
export function measureFile(file: string): FileFigures {
  const text = readFileSync(file, 'utf8');
  const name = path.basename(file);
  const theirs = readDomCapsCpu(text, name);
  const r = computeDomCaps(text, name);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  const ours = new Map(r.value.cpu.custom!.models.map((m) => [m.name, m]));
  const f: FileFigures = { file: name, usable: [0, 0], blockers: [0, 0], migrate: [0, 0], onlyTheirs: [], misses: [] };
  for (const m of theirs.custom?.models ?? []) {
    const o = ours.get(m.name);
    if (!o) f.onlyTheirs.push(m.name);
    if (o) {
      f.usable[1]++;
      if (o.usable === m.usable) f.usable[0]++;
      else f.misses.push(`usable ${m.name}: libvirt ${m.usable} ours ${o.usable} [${(o.blockers ?? []).join(' ')}]`);
      if (m.usable === 'no' && m.blockers) {
        f.blockers[1]++;
        if (sameSet(o.blockers, m.blockers)) f.blockers[0]++;
        else f.misses.push(`blockers ${m.name}: libvirt [${m.blockers.join(' ')}] ours [${(o.blockers ?? []).join(' ')}]`);
      }
    }
    if (m.usable === 'unknown' || !theirs.hostModel?.supported) continue;
    const out = cmdMigrateCheck({ guest: `<cpu mode='custom'><model>${m.name}</model></cpu>`, target: file });
    f.migrate[1]++;
    if (out.exitCode === (m.usable === 'yes' ? 0 : 1)) f.migrate[0]++;
    else f.misses.push(`migrate-check ${m.name}: libvirt usable=${m.usable}, exit ${out.exitCode}: ${(out.stdout + out.stderr).split('\n').filter((l) => /lack|vendor|know|error/.test(l)).join(' | ')}`);
  }
  if (theirs.hostModel?.supported) {
    f.hostModel = hostModelKey(r.value.cpu.hostModel) === hostModelKey(theirs.hostModel);
    if (!f.hostModel) f.misses.push(`host-model: libvirt ${hostModelKey(theirs.hostModel)}\n    ours    ${hostModelKey(r.value.cpu.hostModel)}`);
  }
  return f;
}

export function total(rows: readonly FileFigures[]): Figures {
  const t: Figures = { files: rows.length, usable: [0, 0], blockers: [0, 0], hostModel: [0, 0], migrate: [0, 0] };
  for (const r of rows) {
    for (const k of ['usable', 'blockers', 'migrate'] as const) {
      t[k][0] += r[k][0];
      t[k][1] += r[k][1];
    }
    if (r.hostModel !== undefined) {
      t.hostModel[1]++;
      if (r.hostModel) t.hostModel[0]++;
    }
  }
  return t;
}

/** The .xml files of the given files and directories, sorted by name. */
export function domcapsFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) out.push(...readdirSync(p).filter((f) => f.endsWith('.xml')).map((f) => path.join(p, f)));
    else out.push(p);
  }
  return out.sort((a, b) => (path.basename(a) < path.basename(b) ? -1 : 1));
}

const pct = ([a, n]: Pair) => `${a}/${n} (${n ? ((100 * a) / n).toFixed(1) : '100.0'}%)`;

export function formatFigures(t: Figures): string {
  return `files ${t.files}: usable ${pct(t.usable)}, blockers ${pct(t.blockers)}, host-model ${pct(t.hostModel)}, migrate-check ${pct(t.migrate)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]).replace(/\.[jt]s$/, '') === path.resolve(import.meta.filename).replace(/\.[jt]s$/, '')) {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const root = path.resolve(import.meta.dirname, import.meta.dirname.endsWith(path.join('dist', 'tools')) ? '../..' : '..');
  const given = args.filter((a) => !a.startsWith('--'));
  const files = domcapsFiles(given.length ? given : [path.join(root, '../shared/reference/libvirt/domaincapsdata'), path.join(root, 'test/fixtures/domaincapsdata')]);
  const rows = files.map(measureFile);
  for (const r of rows) {
    const hm = r.hostModel === undefined ? '' : `, host-model ${r.hostModel ? 'equal' : 'differs'}`;
    const only = r.onlyTheirs.length ? `, listed only by libvirt: ${r.onlyTheirs.join(' ')}` : '';
    console.log(`${r.file}: usable ${r.usable.join('/')}, blockers ${r.blockers.join('/')}${hm}, migrate-check ${r.migrate.join('/')}${only}`);
    if (verbose && r.misses.length) console.log(`  ${r.misses.join('\n  ')}`);
  }
  const t = total(rows);
  console.log(formatFigures(t));
  process.exit(t.usable[0] === t.usable[1] && t.migrate[0] === t.migrate[1] ? 0 : 1);
}
