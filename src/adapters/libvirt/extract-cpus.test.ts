import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../core/prng.js';
import { baselineCpus, formatLibvirtError } from '../../arch/x86_64/libvirt-cpu.js';
import { writeCpu } from './cpu-xml.js';
import { cpusOfPieces, cpusOfReads, extractCpus, tallyOf, tallyOfPieces, tallyOfReads, type CpuTally } from './extract-cpus.js';

// Differential: the fast element reader (and its piece-by-piece form) against
// fast-xml-parser reading the same text, on random <cpu> documents in the
// shapes a fleet file takes and the odd ones it may (blanks, attribute order
// and quotes, comments, entities, CDATA, open/close vs self-closing, broken
// markup, unknown values).

type Rnd = () => number;
const pick = <T>(r: Rnd, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const WS = ['', '', ' ', '\n', '\n  ', '\t', '  \n\t'];
const FEATURES = ['ss', 'vmx', 'pdcm', 'pku', 'invtsc', 'ds', 'acpi', 'ht', 'avx512f', 'xsaves', 'pdpe1gb'];

function attr(r: Rnd, name: string, value: string): string {
  const q = pick(r, ["'", '"']);
  return `${pick(r, [' ', ' ', '\n ', '  '])}${name}${pick(r, ['=', '=', ' = '])}${q}${value}${q}`;
}

function attrs(r: Rnd, pairs: [string, string][]): string {
  const xs = [...pairs];
  if (r() < 0.5) xs.reverse();
  return xs.map(([k, v]) => attr(r, k, v)).join('') + pick(r, ['', '', ' ', '\n']);
}

function textChild(r: Rnd, tag: string, value: string, extra: [string, string][] = []): string {
  const v = r() < 0.05 ? `<![CDATA[${value}]]>` : r() < 0.05 ? value.replace('a', '&#97;') : r() < 0.03 ? `${value}&amp;` : value;
  return `<${tag}${extra.length ? attrs(r, extra) : ''}>${pick(r, ['', '', ' ', '\n'])}${v}${pick(r, ['', '', ' '])}</${tag}${r() < 0.01 ? ' ' : ''}>`;
}

function feature(r: Rnd): string {
  const name = r() < 0.02 ? 'no-such-feature' : pick(r, FEATURES);
  const pairs: [string, string][] = r() < 0.3 ? [['policy', pick(r, ['require', 'disable', 'optional', 'force', 'forbid', 'sometimes'])], ['name', name]] : [['name', name]];
  if (r() < 0.01) pairs.push(['name', 'ss']); // duplicate attribute
  const a = attrs(r, pairs);
  return r() < 0.15 ? `<feature${a}></feature>` : `<feature${a}/>`;
}

function comment(r: Rnd): string {
  return pick(r, ['<!-- host -->', '<!--x-->', `<!-- ${Math.floor(r() * 1e6)} -->`, '<!-- a <b> & c -->', '<!-- bad -- comment -->', '<!---->']);
}

function cpu(r: Rnd): string {
  const kids: string[] = [];
  if (r() < 0.95) kids.push(textChild(r, 'arch', r() < 0.03 ? 'i686' : 'x86_64'));
  if (r() < 0.97) kids.push(textChild(r, 'model', r() < 0.03 ? 'NoSuchModel' : pick(r, ['Skylake-Client', 'Haswell', 'Westmere', 'Skylake-Server']), r() < 0.2 ? [['fallback', pick(r, ['allow', 'forbid'])]] : []));
  if (r() < 0.5) kids.push(textChild(r, 'vendor', r() < 0.03 ? 'Cyrix' : 'Intel'));
  if (r() < 0.3) kids.push(`<topology${attrs(r, [['sockets', '1'], ['cores', String(1 + Math.floor(r() * 8))], ['threads', '2']])}/>`);
  const nf = Math.floor(r() * 5);
  for (let k = 0; k < nf; k++) kids.push(feature(r));
  if (r() < 0.2) kids.splice(Math.floor(r() * kids.length), 0, comment(r));
  if (r() < 0.1) kids.reverse();
  let body = kids.map((k) => pick(r, WS) + k).join('') + pick(r, WS);
  // broken markup now and then
  const u = r();
  if (u < 0.01) body = body.replace('</model>', '</modle>');
  else if (u < 0.02) body = body.replace("/>", '>');
  else if (u < 0.03) body = body.replace("'", '');
  else if (u < 0.035) body += '<model>';
  const head = r() < 0.15 ? `<cpu${attrs(r, [['mode', pick(r, ['host-model', 'custom', 'bogus'])], ['match', 'exact']].slice(0, 1 + Math.floor(r() * 2)) as [string, string][])}>` : '<cpu>';
  return `${head}${body}</cpu>`;
}

function doc(r: Rnd): string {
  const n = 1 + Math.floor(r() * 6);
  const els: string[] = [];
  for (let k = 0; k < n; k++) {
    const prev = els[k - 1];
    const u = r();
    // a copy of the previous element, the same children with other comments and blanks, one child fewer, more or other
    const again = (e: string) => e.replace('</cpu>', `${pick(r, WS)}${comment(r)}${pick(r, WS)}</cpu>`).replace(/\/>/, pick(r, ['/>', '/> ', '/><!--c-->']));
    const fewer = (e: string) => e.replace(/<(feature|topology)[^<]*\/>(?![\s\S]*<(feature|topology))/, '');
    const more = (e: string) => e.replace('</cpu>', `${feature(r)}</cpu>`);
    const other = (e: string) => e.replace(/(<feature[^>]*name\s*=\s*['"])[\w-]+/, `$1${pick(r, FEATURES)}`);
    els.push(prev && u < 0.3 ? prev : prev && u < 0.45 ? again(prev) : prev && u < 0.55 ? fewer(prev) : prev && u < 0.6 ? more(prev) : prev && u < 0.7 ? other(prev) : cpu(r));
  }
  let text = els.map((e) => e + pick(r, ['\n', '', ' ', '\n\n', `\n${comment(r)}\n`])).join('');
  if (r() < 0.03) text = `<?xml version='1.0'?>\n${text}`;
  if (r() < 0.02) text = `<!DOCTYPE cpu>\n${text}`;
  if (r() < 0.02) text = text.replace('<cpu>', '<cpu><cpu>');
  return text;
}

type Cpus = Parameters<typeof baselineCpus>[0];

/** A baseline's answer as printed: the CPU, or the error. */
const printed = (b: ReturnType<typeof baselineCpus>): string => (b.ok ? writeCpu(b.value) : formatLibvirtError(b.error));

/** What `read` gives (undefined), or throws, or what `show` prints of it. */
function said<T>(read: () => T | undefined, show: (got: T) => string): string | undefined {
  let got;
  try {
    got = read();
  } catch (e) {
    return `throws: ${(e as Error).message}`;
  }
  return got === undefined ? undefined : show(got);
}

/** Everything a caller sees: the CPUs, and the baseline (or the error) as printed. */
function outcome(read: () => { cpus: unknown[] } | undefined): string | undefined {
  return said(read, (got) => `${JSON.stringify(got.cpus)}\n${printed(baselineCpus(got.cpus as Cpus))}`);
}

/**
 * A tally (what `baseline FILE` reads) and the baseline it gives (or the
 * error): the same text as outcome() prints for the list the tally is of.
 */
function tallyOutcome(read: () => CpuTally | undefined): string | undefined {
  return said(read, (t) => `${JSON.stringify(t)}\n${printed(baselineCpus(t.distinct, { positions: t.positions, total: t.total }))}`);
}

/** The list's tally and baseline, each element's CPU given (what tallyOutcome must print). */
function listTallyOutcome(read: () => unknown[] | undefined): string | undefined {
  return tallyOutcome(() => {
    const cpus = read();
    if (!cpus) return undefined;
    const t = tallyOf(cpus as Cpus);
    // the list's own baseline: the tally's must be the same
    expect(printed(baselineCpus(t.distinct, { positions: t.positions, total: t.total }))).toBe(printed(baselineCpus(cpus as Cpus)));
    return t;
  });
}

/** The text read through `cpusOfReads` (or `tallyOfReads`) as bytes, `chunk` at most and a random count each time (what readSync may answer). */
function viaReads(r: Rnd, text: string, chunk: number): ReturnType<typeof cpusOfReads>;
function viaReads(r: Rnd, text: string, chunk: number, reads: typeof tallyOfReads): ReturnType<typeof tallyOfReads>;
function viaReads(r: Rnd, text: string, chunk: number, reads: typeof cpusOfReads | typeof tallyOfReads = cpusOfReads) {
  const bytes = Buffer.from(text, 'utf8');
  let pos = 0;
  return reads((buf, at) => {
    const n = Math.min(bytes.length - pos, 1 + Math.floor(r() * chunk));
    bytes.copy(buf, at, pos, pos + n);
    pos += n;
    return n;
  }, 'f.xml', chunk);
}

/** The text cut at random places (the pieces a streamed file arrives in). */
function cut(r: Rnd, text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const n = 1 + Math.floor(r() * (r() < 0.5 ? 8 : 200));
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

describe('fast <cpu> reader vs fast-xml-parser', () => {
  it('give the same CPUs, baseline and errors on random documents, whole and in pieces', () => {
    const r = mulberry32(11);
    let fast = 0;
    let streamed = 0;
    let errors = 0;
    for (let k = 0; k < 3000; k++) {
      const text = doc(r);
      const want = outcome(() => extractCpus(text, 'f.xml', { parserOnly: true }));
      expect(outcome(() => extractCpus(text, 'f.xml')), text).toBe(want);
      const pieces = outcome(() => {
        const cpus = cpusOfPieces(cut(r, text), 'f.xml');
        return cpus && { cpus };
      });
      if (pieces !== undefined) {
        expect(pieces, text).toBe(want);
        streamed++;
      }
      // the same text as bytes: the same answer, or the whole-file path in both
      const reads = outcome(() => {
        const cpus = viaReads(r, text, pick(r, [7, 64, 300]));
        return cpus && { cpus };
      });
      expect(reads, text).toBe(pieces);
      // the tally baseline FILE reads: the list's, in pieces and as bytes
      const tally = listTallyOutcome(() => cpusOfPieces([text], 'f.xml'));
      expect(tallyOutcome(() => tallyOfPieces(cut(r, text), 'f.xml')), text).toBe(tally);
      expect(tallyOutcome(() => viaReads(r, text, pick(r, [7, 64, 300]), tallyOfReads)), text).toBe(tally);
      if (want?.startsWith('throws')) errors++;
      else if (pieces !== undefined) fast++;
    }
    // the property covers both the fast path and the fallback, and errors
    expect(streamed).toBeGreaterThan(1000);
    expect(fast).toBeGreaterThan(500);
    expect(errors).toBeGreaterThan(100);
  });

  it('reads long runs of copies and all-distinct elements like the parser', () => {
    const one = "<cpu><arch>x86_64</arch><model>Skylake-Client</model><vendor>Intel</vendor><feature name='ss'/></cpu>\n";
    const other = "<cpu><arch>x86_64</arch><model>Skylake-Client</model><feature name='vmx'/></cpu>\n";
    const texts = [
      Array.from({ length: 6000 }, (_, i) => (i % 3 ? one : one.replace('</cpu>', `<!--${i}--></cpu>`))).join(''),
      one.repeat(1000), one.repeat(700) + other + one.repeat(300),
      // a copy of an earlier element between the last one read and a commented copy of that one
      Array.from({ length: 400 }, (_, i) => (i % 4 === 3 ? other.replace('</cpu>', `<!--${i}--></cpu>`) : i % 2 ? other : one)).join(''), Array.from({ length: 500 }, (_, i) => one.replace('</cpu>', `<!--${i}--></cpu>`)).join(''), one.repeat(130) + one.trim() + one.repeat(200)];
    const r = mulberry32(5);
    for (const t of texts) {
      const want = outcome(() => extractCpus(t, 'f.xml', { parserOnly: true }));
      expect(outcome(() => extractCpus(t, 'f.xml'))).toBe(want);
      expect(outcome(() => ({ cpus: cpusOfPieces(cut(r, t), 'f.xml')! }))).toBe(want);
      expect(outcome(() => ({ cpus: cpusOfPieces([t], 'f.xml')! }))).toBe(want);
      expect(outcome(() => ({ cpus: viaReads(r, t, 4096)! }))).toBe(want);
      expect(tallyOutcome(() => viaReads(r, t, 4096, tallyOfReads))).toBe(listTallyOutcome(() => cpusOfPieces([t], 'f.xml')));
    }
  });

  it('reads elements that differ from the previous one only in a comment like the parser (and refuses what it refuses)', () => {
    const el = (c: string, feat = 'ss') => `<cpu><arch>x86_64</arch><model>Skylake-Client</model><feature name='${feat}'/><!--${c}--></cpu>\n`;
    const run = (cs: string[]) => cs.map((c) => el(c)).join('');
    const texts = [
      run(['1', '2', '33', '', '4']),
      run(['1', '2', ' a -- b ', '4']), // `--` in a comment: malformed
      run(['1', '2', " x --><feature name='vmx'/><!-- y ", '4']), // the comment ends early: a feature between two comments
      run(['1', '2', '-', '4']), // `--->`: as the scan reads it
      run(['1', '2', ' </cpu> ', '4']), // an end tag inside the comment: the element ends there
      run(['1', '2', '<!-- x ', '4']),
      run(['1', '2']) + el('3', 'vmx') + run(['4']), // another feature after the same head: not the same CPU
      run(['1', '2']) + el('3').replace('<!--3-->', '<!--3--><!--x-->') + run(['4', '5']),
      run(['1', '2']) + el('3').replace("<feature name='ss'/>", "<feature name='ss'/><feature name='vmx'/>") + run(['4']),
      run(['1', '2']) + el('3').replace('<arch>x86_64</arch>', '<arch>x86_<!--c-->64</arch>') + run(['4']),
      run(['1']) + el('2').replace('<arch>x86_64</arch>', '<arch>x86_<!--c-->64</arch>') + el('3').replace('<arch>x86_64</arch>', '<arch>x86_<!--c-->64</arch>'),
      run(['1', '2']) + el('3').replace('Skylake-Client', 'NoSuchModel') + run(['4', '5']),
      run(['1', '2', '3']).replace(/<!--(\d)--><\/cpu>/g, '<!--$1-->\n</cpu>') + el('4'),
      // blanks and comments between the elements, a copy among them
      run(['1', '2']) + '\n\n  <!-- top -->\n' + run(['3', '3', '4']) + ' ' + run(['5']),
      run(['1', '2']) + el('3').replace('</cpu>', ' </cpu>') + run(['4']), // another tail
    ];
    const r = mulberry32(7);
    let streamed = 0;
    // each also after 4,200 distinct elements: the kept texts are then many and never met again, the
    // lookup stops, and such elements are taken by the tight compare loop (sameAroundRun)
    const many = run(Array.from({ length: 4200 }, (_, k) => `p${k}`));
    for (const t of [...texts, ...texts.map((x) => many + x)]) {
      const want = outcome(() => extractCpus(t, 'f.xml', { parserOnly: true }));
      expect(outcome(() => extractCpus(t, 'f.xml')), t).toBe(want);
      const reads = outcome(() => {
        const cpus = viaReads(r, t, 4096);
        return cpus && { cpus };
      });
      const pieces = outcome(() => {
        const cpus = cpusOfPieces(cut(r, t), 'f.xml');
        return cpus && { cpus };
      });
      expect(reads, t).toBe(pieces);
      expect(tallyOutcome(() => viaReads(r, t, 4096, tallyOfReads)), t).toBe(listTallyOutcome(() => cpusOfPieces([t], 'f.xml')));
      if (pieces !== undefined) {
        expect(pieces, t).toBe(want);
        streamed++;
      }
    }
    expect(streamed).toBeGreaterThan(12);
  });

  it('leaves <cpu> inside other documents, DTDs, CDATA, entities, non-ASCII and NUL to the whole-file path', () => {
    const el = "<cpu><arch>x86_64</arch><model>Skylake-Client</model><feature name='ss'/><!--1--></cpu>\n";
    const texts = [
      `<domain type='kvm'>\n${el}</domain>\n`,
      `<capabilities><host>\n${el}</host></capabilities>\n`,
      `${el}<!DOCTYPE cpu>\n${el}`,
      el + el.replace('x86_64', '<![CDATA[x86_64]]>'),
      el + el.replace('<!--1-->', '<!--caf\u00e9-->'),
      el + el.replace('<!--1-->', '<!--\u0000-->'),
      el + el.replace('<!--1-->', '<!--__proto__-->'),
      // a declaration inside a comment (which the bytes' reader checks where it reads a comment): at the top
      // level, between children, in the comment a compared element differs in, in a child's text
      `${el}<!-- <!DOCTYPE cpu> -->\n${el}`,
      el + el.replace('<!--1-->', '<!--<![CDATA[x]]>-->'),
      el.repeat(3) + el.replace('<!--1-->', '<!--2 <!x -->') + el,
      el + el.replace('<arch>x86_64</arch>', '<arch>x86<!-- <!x -->_64</arch>'),
      Array.from({ length: 4200 }, (_, k) => el.replace('<!--1-->', `<!--${k}-->`)).join('') + el.replace('<!--1-->', '<!--<!ENTITY x "y">-->') + el,
    ];
    const r = mulberry32(3);
    for (const t of texts) {
      expect(viaReads(r, t, 4096), t).toBeUndefined();
      // (string pieces are ASCII-checked by their reader, cpusOfReads checks the bytes)
      if (!/[^\x00-\x7f]/.test(t)) expect(cpusOfPieces([t], 'f.xml'), t).toBeUndefined();
      expect(outcome(() => extractCpus(t, 'f.xml')), t).toBe(outcome(() => extractCpus(t, 'f.xml', { parserOnly: true })));
    }
    // an entity in one element: that element alone goes to the XML parser, the same CPU
    const t = el + el.replace('Skylake', 'Sky&#108;ake');
    const want = outcome(() => extractCpus(t, 'f.xml', { parserOnly: true }));
    expect(want).toMatch(/Skylake-Client/);
    expect(outcome(() => ({ cpus: viaReads(r, t, 4096)! }))).toBe(want);
    expect(outcome(() => ({ cpus: cpusOfPieces([t], 'f.xml')! }))).toBe(want);
  });

  it('names the element a baseline refuses by its number, as the parser path does', () => {
    const ok = "<cpu><arch>x86_64</arch><model>Haswell</model></cpu>\n";
    const text = ok.repeat(41) + "<cpu><arch>x86_64</arch><model>NoSuchModel</model></cpu>\n" + ok.repeat(5);
    const got = outcome(() => ({ cpus: cpusOfPieces([text], 'f.xml')! }));
    expect(got).toBe(outcome(() => extractCpus(text, 'f.xml', { parserOnly: true })));
    expect(got).toMatch(/NoSuchModel/);
  });
});
