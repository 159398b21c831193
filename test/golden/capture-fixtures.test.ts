// Well-formedness of the QEMU fixtures captured by tools/capture-qemu.ts
// (test/fixtures/qemu-7.2/ARCH/): the manifest matches the files, every
// record holds a request and a whole QMP reply, every model of
// cpu-definitions.json has its static and full expansion records, and
// errors.json has the bad-input cases of the shared s390x reference.

import { parseJsonExact } from '../../src/adapters/qmp/json-stream.js';
import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ARCHES, FORMAT, errorCases } from '../../tools/capture-qemu.js';
import { QEMU72, hasShared, readJson } from '../helpers/reference.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(here, '../fixtures/qemu-7.2');
const EXPECTED_ARCHES = ['ppc64', 'aarch64'];

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const archDirs = existsSync(FIXTURES)
  ? readdirSync(FIXTURES, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
  : [];

/** A stored reply: the whole QMP message, {"return": ...} or {"error": {class, desc}}, without "id". */
function expectReply(reply: unknown, where: string): void {
  expect(isObj(reply), `${where}: reply is an object`).toBe(true);
  const keys = Object.keys(reply as Obj);
  expect(keys, `${where}: reply keys`).toHaveLength(1);
  expect(['return', 'error'], `${where}: reply kind`).toContain(keys[0]);
  if (keys[0] === 'error') {
    const e = (reply as Obj).error;
    expect(typeof e.class, `${where}: error.class`).toBe('string');
    expect(typeof e.desc, `${where}: error.desc`).toBe('string');
  }
}

function expectRequest(request: unknown, command: string, where: string): void {
  expect(isObj(request), `${where}: request is an object`).toBe(true);
  expect((request as Obj).execute, `${where}: request.execute`).toBe(command);
  expect(Object.keys(request as Obj).every((k) => k === 'execute' || k === 'arguments'), `${where}: request keys`).toBe(true);
}

function helpModelCount(arch: string, text: string): number {
  const st = { inList: false };
  return text.split('\n').filter((l) => ARCHES[arch]!.helpModel(l, st) !== null).length;
}

const s390xCaseNames: string[] | null = hasShared()
  ? (readJson(path.join(QEMU72, 's390x/errors.json')).records as Obj[]).map((r) => r.case as string)
  : null;

describe('captured QEMU fixtures', () => {
  it('exist for ppc64 and aarch64', () => {
    for (const a of EXPECTED_ARCHES) expect(archDirs, `test/fixtures/qemu-7.2/${a}`).toContain(a);
  });

  it('the error cases of the capture script are exactly those of the shared s390x reference', () => {
    if (!hasShared()) return;
    const ref = readJson(path.join(QEMU72, 's390x/errors.json')).records as Obj[];
    const ours = errorCases(ARCHES.s390x!);
    expect(ours.map((c) => c.case)).toEqual(ref.map((r) => r.case));
    for (const [i, c] of ours.entries()) {
      expect(c.lines, c.case).toEqual(ref[i]!.lines);
      expect(c.description, c.case).toBe(ref[i]!.description);
    }
  });
});

for (const arch of archDirs) {
  describe(`qemu-7.2/${arch}`, () => {
    const dir = path.join(FIXTURES, arch);
    const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
    const json = (f: string): Obj => parseJsonExact(read(f)) as Obj;
    const manifest = json('manifest.json');
    const entry = manifest.arches?.[arch] as Obj;
    const files = (entry?.files ?? {}) as Record<string, Obj>;

    const defs = (json('cpu-definitions.json').return ?? []) as Obj[];
    const defNames = defs.map((d) => d.name as string);
    const cmds = json('commands.json');
    const exps = json('expansions.json');
    const errs = json('errors.json');

    it('manifest lists every file with its size, sha256 and record count', () => {
      expect(manifest.format).toBe(FORMAT);
      expect(typeof manifest.seed).toBe('number');
      expect(Object.keys(manifest.arches)).toEqual([arch]);
      const onDisk = readdirSync(dir)
        .filter((f) => f !== 'manifest.json')
        .sort();
      expect(Object.keys(files).sort()).toEqual(onDisk);
      for (const [f, e] of Object.entries(files)) {
        const buf = readFileSync(path.join(dir, f));
        expect(e.bytes, `${f} bytes`).toBe(buf.length);
        expect(e.sha256, `${f} sha256`).toBe(createHash('sha256').update(buf).digest('hex'));
      }
      const counts: Record<string, number> = {
        'greeting.json': 1,
        'commands.json': cmds.commands.length,
        'cpu-definitions.json': defs.length,
        'cpu-help.txt': helpModelCount(arch, read('cpu-help.txt')),
        'expansions.json': exps.records.length,
        'errors.json': errs.records.length,
      };
      if (files['expansions-props.json']) counts['expansions-props.json'] = json('expansions-props.json').records.length;
      for (const [f, n] of Object.entries(counts)) expect(files[f]?.records, `${f} records`).toBe(n);
      for (const f of ['expansions.json', 'expansions-props.json']) {
        if (!files[f]) continue;
        const recs = json(f).records as Obj[];
        expect(files[f]!.errors, `${f} errors`).toBe(recs.filter((r) => 'error' in r.reply).length);
      }
    });

    it('record files carry the reference header', () => {
      const files: [string, string | null][] = [
        ['commands.json', 'query-commands'],
        ['expansions.json', 'query-cpu-model-expansion'],
        ['errors.json', null],
      ];
      if (existsSync(path.join(dir, 'expansions-props.json'))) files.push(['expansions-props.json', 'query-cpu-model-expansion']);
      for (const [f, command] of files) {
        const d = json(f);
        expect(d.format, f).toBe(FORMAT);
        expect(d.arch, f).toBe(arch);
        expect(d.command, f).toBe(command);
        expect(typeof d.description, f).toBe('string');
        expect(d.qemu, f).toEqual(entry.qemu);
        for (const k of ['version', 'package', 'accel', 'machine', 'argv', 'debian_package', 'debian_version', 'version_output']) {
          expect(d.qemu, `${f} qemu.${k}`).toHaveProperty(k);
        }
        expect(d.qemu.argv[0], f).toBe(ARCHES[arch]?.binary);
      }
      const g = json('greeting.json');
      expect(g.QMP.version.qemu).toMatchObject({ major: 7, minor: 2 });
    });

    it('commands.json: sorted names, CPU-model command flags, two probes', () => {
      expect([...cmds.commands].sort()).toEqual(cmds.commands);
      for (const [c, present] of Object.entries(cmds.cpu_model_commands as Record<string, boolean>)) {
        expect(present, c).toBe(cmds.commands.includes(c));
      }
      expect(cmds.probes.map((p: Obj) => p.request.execute)).toEqual(['query-cpu-model-comparison', 'query-cpu-model-baseline']);
      for (const p of cmds.probes as Obj[]) {
        expectRequest(p.request, p.request.execute, 'probe');
        expectReply(p.reply, `probe ${p.request.execute}`);
      }
    });

    it('cpu-definitions.json: unique names, each with a typename', () => {
      expect(defs.length).toBeGreaterThan(0);
      expect(new Set(defNames).size).toBe(defNames.length);
      for (const d of defs) expect(typeof d.typename, d.name).toBe('string');
    });

    it('expansions.json: one static and one full record for every model, each with request and reply', () => {
      const seen = new Map<string, Set<string>>();
      for (const [i, r] of (exps.records as Obj[]).entries()) {
        const where = `expansions[${i}] ${r.model}/${r.type}`;
        expectRequest(r.request, 'query-cpu-model-expansion', where);
        expect(r.request.arguments, where).toEqual({ type: r.type, model: { name: r.model } });
        expectReply(r.reply, where);
        if (!seen.has(r.model)) seen.set(r.model, new Set());
        expect(seen.get(r.model)!.has(r.type), `${where} duplicated`).toBe(false);
        seen.get(r.model)!.add(r.type);
      }
      expect([...seen.keys()].sort()).toEqual([...defNames].sort());
      for (const [m, types] of seen) expect([...types].sort(), m).toEqual(['full', 'static']);
      expect(exps.records).toHaveLength(2 * defs.length);
    });

    if (existsSync(path.join(dir, 'expansions-props.json'))) {
      it('expansions-props.json: seeded full expansions with true and false props', () => {
        const p = json('expansions-props.json');
        expect(p.seed).toBe(manifest.seed);
        expect(typeof p.generator).toBe('string');
        const values = new Set<boolean>();
        for (const [i, r] of (p.records as Obj[]).entries()) {
          const where = `props[${i}]`;
          expect(r.case, where).toBe(i);
          expect(r.type, where).toBe('full');
          expectRequest(r.request, 'query-cpu-model-expansion', where);
          const model = r.request.arguments.model as Obj;
          expect(defNames, where).toContain(model.name);
          expect(isObj(model.props), where).toBe(true);
          for (const v of Object.values(model.props)) values.add(v as boolean);
          expectReply(r.reply, where);
        }
        expect([...values].sort()).toEqual([false, true]);
      });
    }

    it('errors.json: the s390x reference cases, with lines, request and all replies', () => {
      const names = (errs.records as Obj[]).map((r) => r.case);
      expect(names).toEqual(s390xCaseNames ?? errorCases(ARCHES[arch]!).map((c) => c.case));
      const cfg = ARCHES[arch];
      if (cfg) expect((errs.records as Obj[]).map((r) => r.lines)).toEqual(errorCases(cfg).map((c) => c.lines));
      for (const r of errs.records as Obj[]) {
        expect(typeof r.description, r.case).toBe('string');
        expect(Array.isArray(r.lines) && r.lines.length > 0 && r.lines.every((l: unknown) => typeof l === 'string'), r.case).toBe(true);
        let parsed: unknown = null;
        try {
          parsed = parseJsonExact(r.lines.join('\n'));
        } catch {
          parsed = null;
        }
        expect(r.request, r.case).toEqual(parsed);
        expect(Array.isArray(r.replies), r.case).toBe(true);
        for (const [i, reply] of (r.replies as unknown[]).entries()) expectReply(reply, `${r.case} reply ${i}`);
      }
      const byCase = new Map((errs.records as Obj[]).map((r) => [r.case as string, r]));
      expect(byCase.get('malformed-json-bare-words')!.replies).toHaveLength(4);
      expect(byCase.get('object-split-over-lines')!.replies[0]).toHaveProperty('return');
    });
  });
}
