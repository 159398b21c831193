/**
 * Every CPU virsh would read from a file's text (virsh's rule: the text is
 * read as if wrapped in one container element, so several top-level `<cpu>`
 * elements are fine): top-level `<cpu>` elements (also inside libvirt's
 * test-suite `<cpuTest>` list, which virsh does not read), a domain XML, a
 * capabilities XML, or the supported host-model mode of a domain
 * capabilities XML (taken as a CPU of the document's `<arch>`).
 *
 * Big fleet files: a file made only of top-level `<cpu>` elements is read by
 * TopLevelCpuReader, piece by piece (`tallyOfReads`: the CLI streams the file
 * into one Buffer and keeps a tally, each distinct CPU at its first element,
 * not a CPU per element) with plain string search: copies of an element, and
 * elements that differ from the previous one only in a comment's text, are
 * compared, each distinct
 * element text and each distinct child text is parsed once (a fleet repeats
 * the same hosts), so 100,000 copies of a host cost little more than one and
 * 100,000 distinct ones a scan each. Anything else, or any doubt, goes
 * through the full XML parser (fast-xml-parser), which reports malformed
 * input with line and column; extract-cpus.test.ts checks on random documents
 * that both give the same CPUs, baselines and errors.
 */
import { isAscii } from 'node:buffer';
import { LibvirtXmlError, loadFxp, attrsOf, childrenOf, parseXml, readCpu, tagOf, textOf, type LibvirtCpu } from './cpu-xml.js';

export interface ExtractedCpus {
  cpus: LibvirtCpu[];
  guestForm: Set<LibvirtCpu>;
}

/**
 * The CPUs of a file as a baseline reads them: each distinct CPU object at
 * its first element, and the first element's CPU once more at its second
 * element, if any (the baseline reads the first CPU by other rules than the
 * rest, then meets it again as one of the rest); each with that element's
 * number (from 0), in order, and how many elements there are. A big fleet
 * file is a few CPUs (its copies share one object); baselineCpus takes them
 * with `positions` and `total` and answers as for every element.
 */
export interface CpuTally {
  readonly distinct: LibvirtCpu[];
  readonly positions: number[];
  readonly total: number;
}

/** The tally of a list of CPUs. */
export function tallyOf(cpus: readonly LibvirtCpu[]): CpuTally {
  const seen = new Set<LibvirtCpu>();
  const distinct: LibvirtCpu[] = [];
  const positions: number[] = [];
  cpus.forEach((c, i) => {
    if (seen.has(c)) return;
    // (the first CPU is not seen until its second place)
    if (i > 0) seen.add(c);
    distinct.push(c);
    positions.push(i);
  });
  return { distinct, positions, total: cpus.length };
}

type Node = Record<string, unknown>;

const CONTAINER_OPEN = '<container>';

/** The text without a leading BOM and XML declaration (replaced by blanks so positions stay). */
function stripProlog(text: string): string {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    if (end > 0) text = ' '.repeat(end + 2) + text.slice(end + 2);
  }
  return text;
}

const isWs = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

const ATTR = /\s*([A-Za-z_][\w.-]*)\s*=\s*(?:'([^'<&]*)'|"([^"<&]*)")/y;
const NAME = /^[A-Za-z_][\w.-]*$/;

/** Attributes of a start tag's text (after the name) in the parser's node form, or null when unusual. */
function quickAttrs(text: string): Record<string, string> | null | undefined {
  let out: Record<string, string> | undefined;
  ATTR.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    if (isWs(text.charCodeAt(pos))) {
      let k = pos;
      while (k < text.length && isWs(text.charCodeAt(k))) k++;
      if (k === text.length) break;
    }
    ATTR.lastIndex = pos;
    const m = ATTR.exec(text);
    if (!m) return null;
    out ??= {};
    const key = `@${m[1]}`;
    if (key in out) return null;
    out[key] = m[2] ?? m[3] ?? '';
    pos = ATTR.lastIndex;
  }
  return out;
}

function blank(s: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isWs(s.charCodeAt(k))) return false;
  return true;
}

/**
 * One child element of a host CPU — `<name attr='…'/>` or
 * `<name attr='…'>plain text</name>`, the whole raw text — in the XML
 * parser's node form; null for anything else.
 */
function quickChild(raw: string): Node | null {
  const tgt = raw.indexOf('>');
  const selfClose = raw.charCodeAt(tgt - 1) === 0x2f;
  const head = raw.slice(1, selfClose ? tgt - 1 : tgt);
  let n = 0;
  while (n < head.length && !isWs(head.charCodeAt(n))) n++;
  const name = head.slice(0, n);
  if (!NAME.test(name)) return null;
  const attrs = quickAttrs(head.slice(n));
  if (attrs === null) return null;
  const node: Node = {};
  if (selfClose) {
    if (tgt !== raw.length - 1) return null;
    node[name] = [];
  } else {
    const next = raw.indexOf('<', tgt + 1);
    if (next < 0 || next + name.length + 3 !== raw.length || !raw.startsWith(`</${name}>`, next)) return null; // nested or mismatched
    const text = raw.slice(tgt + 1, next);
    if (text.includes('&') || text.includes('>')) return null;
    const t = text.trim();
    node[name] = t ? [{ '#text': t }] : [];
  }
  if (attrs) node[':@'] = attrs;
  return node;
}

/** An element text the reader keeps: its CPU, and the kept text that followed it the last time (if any). */
interface KeptText {
  readonly frag: string;
  readonly cpu: LibvirtCpu;
  next: KeptText | undefined;
}

/** How many distinct element texts the reader remembers whole (beyond them, elements are scanned). */
const TEXTS_KEPT = 4096;
/** Copies of one element compared at a time in a long run. */
const BLOCK = 64;

/**
 * Reads a text made only of top-level `<cpu>…</cpu>` elements (and blanks
 * and comments between them), piece by piece as it arrives, without the full
 * XML parser for the common shape of a host CPU element: flat children, each
 * empty or holding plain text, attributes in quotes, comments.
 *
 * Every piece of work is done once per distinct text: a run of copies of one
 * element is compared in place; an element text seen before is a map hit;
 * each distinct child text (`<feature name='ss'/>`, `<model>…</model>` — a
 * small vocabulary) is parsed once; elements that differ only in comments and
 * blanks between their children share one CPU object (which the baseline
 * then resolves once). Anything else makes `feed` answer -1 and the caller
 * takes the whole text through the full parser, which reports malformed input
 * with line and column.
 */
export class TopLevelCpuReader {
  /** every element's CPU, in order, when asked for (`keepAll`); the tally alone otherwise */
  readonly cpus: LibvirtCpu[] | undefined;
  /** each distinct CPU at its first element, the first element's CPU at its second too (CpuTally) */
  private readonly distinct: LibvirtCpu[] = [];
  private readonly positions: number[] = [];
  private readonly seen = new Set<LibvirtCpu>();
  /** the first element's CPU, until its second element is met (then undefined) */
  private first: LibvirtCpu | undefined;
  /** elements read so far, refused ones included */
  elements = 0;
  /** an element the reader refused: thrown by `finish` only when the whole text has the shape (else the full parser reports) */
  private refused: unknown;
  private prevFrag = '';
  private prev: LibvirtCpu | undefined;
  /** the blanks after the previous element and its copies in blocks of BLOCK (empty: none yet) */
  private sep = '';
  private block = '';
  private readonly byText = new Map<string, KeptText>();
  private textHits = 0;
  /** the previous element's kept text (undefined: not kept) */
  private entry: KeptText | undefined;
  private readonly byChildren = new Map<string, LibvirtCpu>();
  /** each distinct child text: its node and a number (null: not of the simple shape) */
  private readonly children = new Map<string, { node: Node; id: number } | null>();
  /** the previous element read by child texts: its start tag, child texts and CPU */
  private last: { start: string; raws: string[]; cpu: LibvirtCpu } | undefined;
  /**
   * The previous element (prevFrag) around one of its comments, when the scan
   * read it (not the XML parser): `head` up to the comment's `<!--` included,
   * `tail` from its `-->`. An element made of the same head and tail around
   * another comment text is read as the same children: the same CPU.
   */
  private around: { head: string; tail: string } | undefined;
  /** the comment the last `element` call saw at the top level of a scanned element: where its `<!--` and `-->` start (-1: none) */
  private commentAt = -1;
  private commentEnd = -1;

  constructor(
    private readonly file: string,
    keepAll = false,
  ) {
    this.cpus = keepAll ? [] : undefined;
  }

  /** The CPU of the element just counted (this.elements), read or compared. */
  private take(cpu: LibvirtCpu): void {
    this.cpus?.push(cpu);
    if (cpu === this.first) this.again(this.elements - 1);
    else if (cpu !== this.prev && !this.seen.has(cpu)) {
      if (this.elements === 1) this.first = cpu;
      else this.seen.add(cpu);
      this.distinct.push(cpu);
      this.positions.push(this.elements - 1);
    }
  }

  /** The first element's CPU met again, at element `at`: counted there once more (CpuTally), then as any other. */
  private again(at: number): void {
    this.seen.add(this.first!);
    this.distinct.push(this.first!);
    this.positions.push(at);
    this.first = undefined;
  }

  /**
   * Take the complete elements of `text`; returns where the unread rest
   * starts (an element cut by the end of the piece waits for the next one),
   * or -1 when the text does not have the shape. `final`: nothing follows.
   */
  feed(text: string, final: boolean): number {
    const n = text.length;
    let i = 0;
    /** where the previous element ended in this text (-1: not in it) */
    let prevEnd = -1;
    for (;;) {
      while (i < n && isWs(text.charCodeAt(i))) i++;
      if (i >= n) return i;
      if (text.startsWith('<!--', i)) {
        const e = text.indexOf('-->', i + 4);
        if (e < 0) return final ? -1 : i;
        if (declarationIn(text, i + 4, e)) return -1;
        i = e + 3;
        continue;
      }
      // the element that followed the previous one's text the last time (a fleet of a few kinds
      // of host listed in a repeating order): compared in place, not found and looked up
      const next = this.entry?.next;
      if (next !== undefined && next !== this.entry && text.slice(i, i + next.frag.length) === next.frag) {
        this.elements++;
        this.textHits++;
        this.around = undefined;
        this.take(next.cpu);
        this.block = '';
        this.prev = next.cpu;
        this.prevFrag = next.frag;
        this.entry = next;
        i += next.frag.length;
        prevEnd = i;
        continue;
      }
      // all-distinct elements, each the previous one with another comment text: compared in one tight loop
      // (once the kept texts are no longer looked up: before, a kept text is a lookup's hit)
      if (this.around && this.prev && !this.lookingUp()) {
        const j = this.sameAroundRun(text, i);
        if (j !== i) {
          i = j;
          prevEnd = j;
          continue;
        }
      }
      if (n - i < 5) return final ? -1 : i; // too short to tell: wait for the next piece
      if (!text.startsWith('<cpu', i)) return -1;
      const c = text.charCodeAt(i + 4);
      if (c !== 0x3e /* > */ && !isWs(c)) return -1;
      // a run of copies of one element: compared, not scanned (the previous
      // element holds one `</cpu>`, at its end, so a copy ends where it does);
      // a long run, a block of copies and their blanks at a time
      if (this.prev && this.prevFrag && copyAt(text, i, this.prevFrag)) {
        // (copies of the first element: the first of them is its second place)
        if (this.prev === this.first) this.again(this.elements);
        if (prevEnd >= 0) {
          const sep = text.slice(prevEnd, i);
          if (sep !== this.sep || !this.block) {
            this.sep = sep;
            this.block = (this.prevFrag + sep).repeat(BLOCK);
          }
          while (text.slice(i, i + this.block.length) === this.block) {
            if (this.cpus) for (let k = 0; k < BLOCK; k++) this.cpus.push(this.prev);
            this.elements += BLOCK;
            i += this.block.length;
            prevEnd = i - sep.length;
          }
          if (!copyAt(text, i, this.prevFrag)) continue;
        }
        this.cpus?.push(this.prev);
        this.elements++;
        i += this.prevFrag.length;
        prevEnd = i;
        continue;
      }
      const e = text.indexOf('</cpu>', i + 4);
      if (e < 0) return final ? -1 : i;
      const end = e + 6;
      this.elements++;
      const frag = text.slice(i, end);
      // (once the kept texts are many and rarely met again, elements are scanned without a lookup)
      let kept = this.lookingUp() ? this.byText.get(frag) : undefined;
      let cpu: LibvirtCpu;
      if (kept) {
        cpu = kept.cpu;
        this.textHits++;
        this.around = undefined;
      } else if (this.around && this.prev && this.sameAround(text, i, end)) {
        // the previous element with another comment text (a numbered host, a date): compared, not scanned
        cpu = this.prev;
        // kept as a scanned text is, so that once the kept texts are many and never met again the lookup above stops
        kept = this.keep(frag, cpu);
      } else {
        let got: LibvirtCpu | null;
        this.commentAt = -1;
        try {
          got = this.element(frag);
        } catch (x) {
          // the first refusal is the answer, unless a later element is malformed (the parser reports that first)
          this.refused ??= x;
          i = end;
          prevEnd = -1;
          continue;
        }
        if (!got) return -1;
        cpu = got;
        const at = this.commentAt;
        this.around = at >= 0 ? { head: frag.slice(0, at + 4), tail: frag.slice(this.commentEnd) } : undefined;
        // a fleet of a few kinds of host repeats few texts; all-distinct texts are not kept
        kept = this.keep(frag, cpu);
      }
      this.take(cpu);
      // (not a copy of prevFrag, else the compare above took it: the block of copies is another)
      this.block = '';
      this.prev = cpu;
      this.prevFrag = frag;
      if (this.entry && kept) this.entry.next = kept;
      this.entry = kept;
      i = end;
      prevEnd = end;
    }
  }

  /** An element's text and CPU kept for the lookup, while the kept texts are few (TEXTS_KEPT). */
  private keep(frag: string, cpu: LibvirtCpu): KeptText | undefined {
    if (this.byText.size >= TEXTS_KEPT) return undefined;
    const kept: KeptText = { frag, cpu, next: undefined };
    this.byText.set(frag, kept);
    return kept;
  }

  /** The CPUs read (with `keepAll`), once the whole text has been fed; throws the first element's refusal. */
  finish(): LibvirtCpu[] {
    if (this.refused !== undefined) throw this.refused;
    if (!this.cpus) throw new Error('TopLevelCpuReader: every CPU is kept only when asked for (keepAll); use tally()');
    return this.cpus;
  }

  /** The tally of the CPUs read, once the whole text has been fed; throws the first element's refusal. */
  tally(): CpuTally {
    if (this.refused !== undefined) throw this.refused;
    return { distinct: this.distinct, positions: this.positions, total: this.elements };
  }

  /** One `<cpu>…</cpu>` text (ending at its first `</cpu>`): its CPU, or null when the full parser must read it. */
  private element(frag: string): LibvirtCpu | null {
    const end = frag.length - 6; // start of '</cpu>'
    const gt = frag.indexOf('>', 4);
    if (gt < 0 || gt >= end || frag.charCodeAt(gt - 1) === 0x2f) return this.slow(frag);
    // the children of the previous element again (texts that differ in comments and blanks)
    if (this.last && this.likeLast(frag, 0, gt, end)) return this.last.cpu;
    const start = frag.slice(0, gt + 1);
    let key = start;
    const kids: Node[] = [];
    const raws: string[] = [];
    let i = gt + 1;
    for (;;) {
      const lt = frag.indexOf('<', i);
      if (lt < 0 || lt > end || !blank(frag, i, lt)) return this.slow(frag);
      if (lt === end) break;
      if (frag.startsWith('<!--', lt)) {
        const e = frag.indexOf('-->', lt + 4);
        if (e < 0 || e > end || badComment(frag, lt, e)) return this.slow(frag);
        this.commentAt = lt;
        this.commentEnd = e;
        i = e + 3;
        continue;
      }
      const tgt = frag.indexOf('>', lt);
      if (tgt < 0 || tgt > end) return this.slow(frag);
      let stop = tgt + 1;
      if (frag.charCodeAt(tgt - 1) !== 0x2f) {
        // open/close: the text runs to the next '<', which must start this child's end tag
        const next = frag.indexOf('<', stop);
        if (next < 0 || next >= end || frag.charCodeAt(next + 1) !== 0x2f) return this.slow(frag);
        stop = frag.indexOf('>', next) + 1;
        if (stop <= 0 || stop > end) return this.slow(frag);
      }
      const raw = frag.slice(lt, stop);
      let kid = this.children.get(raw);
      if (kid === undefined) {
        const node = quickChild(raw);
        kid = node ? { node, id: this.children.size } : null;
        this.children.set(raw, kid);
      }
      if (!kid) return this.slow(frag);
      key += String.fromCharCode(kid.id & 0xffff, kid.id >>> 16);
      kids.push(kid.node);
      raws.push(raw);
      i = stop;
    }
    let cpu = this.byChildren.get(key);
    if (!cpu) {
      const cpuAttrs = quickAttrs(frag.slice(4, gt));
      if (cpuAttrs === null) return this.slow(frag);
      const node: Node = { cpu: kids };
      if (cpuAttrs) node[':@'] = cpuAttrs;
      cpu = readCpu(node, this.file);
      this.byChildren.set(key, cpu);
    }
    this.last = { start, raws, cpu };
    return cpu;
  }

  /** Are element texts looked up among the kept ones? While they are few, or often met again. */
  private lookingUp(): boolean {
    // (both read every time: a condition first read late, when the kept texts reach TEXTS_KEPT, has V8 throw away the optimized reader)
    const few = this.byText.size < TEXTS_KEPT;
    const met = this.textHits * 4 > this.elements;
    return few || met;
  }

  /**
   * From `i` (an element's start): the elements each of which is the previous
   * one with another comment text (sameAround), blanks between them, taken
   * in one loop; where the rest starts (`i`: none).
   */
  private sameAroundRun(text: string, i: number): number {
    const n = text.length;
    let start = -1; // the last element taken
    let at = i;
    for (;;) {
      let j = at;
      while (j < n && isWs(text.charCodeAt(j))) j++;
      const e = text.indexOf('</cpu>', j + 4);
      if (e < 0 || !this.sameAround(text, j, e + 6)) break;
      this.elements++;
      this.take(this.prev!);
      start = j;
      at = e + 6;
    }
    if (start < 0) return i;
    // the previous element is the last one taken
    this.prevFrag = text.slice(start, at);
    this.block = '';
    return at;
  }

  /**
   * Is the element from `i` to `end` (its `</cpu>` ended there) the previous
   * element's head and tail around another comment text, without `--` in it
   * (which the scan refuses)? The scan would then read the same children.
   */
  private sameAround(text: string, i: number, end: number): boolean {
    const { head, tail } = this.around!;
    const from = i + head.length;
    const to = end - tail.length; // where the comment's `-->` must be
    if (from > to || text.slice(to, end) !== tail || text.slice(i, from) !== head) return false;
    const dd = text.indexOf('--', from);
    return (dd < 0 || dd + 2 > to) && !declarationIn(text, from, to);
  }

  /**
   * Does the element at `at` of `frag` (its start tag ending at `gt`, its
   * `</cpu>` at `end`) hold the previous scanned element's start tag and
   * child texts, in order, with only blanks and comments between them? (Then
   * the scan above would build the same key: the same CPU, without slicing
   * or hashing.)
   */
  private likeLast(frag: string, at: number, gt: number, end: number): boolean {
    const { start, raws } = this.last!;
    if (gt + 1 - at !== start.length || !frag.startsWith(start, at)) return false;
    let i = gt + 1;
    let k = 0;
    for (;;) {
      const lt = frag.indexOf('<', i);
      if (lt < 0 || lt > end || !blank(frag, i, lt)) return false;
      if (lt === end) return k === raws.length;
      if (frag.startsWith('<!--', lt)) {
        const e = frag.indexOf('-->', lt + 4);
        if (e < 0 || e > end || badComment(frag, lt, e)) return false;
        this.commentAt = lt;
        this.commentEnd = e;
        i = e + 3;
        continue;
      }
      const raw = raws[k];
      if (raw === undefined || !frag.startsWith(raw, lt) || lt + raw.length > end) return false;
      i = lt + raw.length;
      k++;
    }
  }

  /** An element of another shape: validated and parsed by the XML parser; null when it is not a single well-formed `<cpu>`. */
  private slow(frag: string): LibvirtCpu | null {
    this.commentAt = -1;
    // (a DTD, CDATA …: the whole-file path's)
    if (markupDeclaration(frag)) return null;
    if (loadFxp().XMLValidator.validate(frag) !== true) return null;
    const nodes = parseXml(frag, this.file).filter((n) => tagOf(n) !== '#comment' && tagOf(n) !== '#text');
    if (nodes.length !== 1 || tagOf(nodes[0]!) !== 'cpu') return null;
    return readCpu(nodes[0]!, this.file);
  }
}

/**
 * Does `text` hold `frag` at `i`? Compared in place, from the end first: the
 * elements of a fleet file differ near their end (a numbered comment, the
 * last features) far more often than at their common `<cpu><arch>…` start.
 */
function copyAt(text: string, i: number, frag: string): boolean {
  const n = frag.length;
  if (i + n > text.length) return false;
  // the last few characters before the element's `</cpu>` (6), then the whole text
  for (let k = n - 7, stop = Math.max(0, n - 23); k >= stop; k--) if (text.charCodeAt(i + k) !== frag.charCodeAt(k)) return false;
  // (a slice compared with === is a memory compare; startsWith goes character by character)
  return text.slice(i, i + n) === frag;
}

/** A comment from `lt` (its `<!--`) to `e` (its `-->`) holding `--`, which XML forbids, or a markup declaration. */
function badComment(frag: string, lt: number, e: number): boolean {
  const dd = frag.indexOf('--', lt + 4);
  return (dd >= 0 && dd + 2 <= e) || declarationIn(frag, lt + 4, e);
}

/**
 * A markup declaration (`<!` but not `<!--`: MARKUP_DECLARATION) from `from`
 * to `to` of a text (a comment's inside)? Found from its `<`s there: a
 * fleet file's comments hold few, often none.
 */
function declarationIn(text: string, from: number, to: number): boolean {
  for (let k = text.indexOf('<', from); k >= 0 && k < to; k = text.indexOf('<', k + 1)) {
    if (text.charCodeAt(k + 1) === 0x21 /* ! */ && !text.startsWith('--', k + 2)) return true;
  }
  return false;
}

/**
 * Any `<!` but a comment's `<!--` (a DTD, an entity declaration, CDATA …):
 * more than the element reader reads. A piece may end inside `<!--` (`<!`,
 * `<!-` at its end): the unread rest comes again with the next piece.
 */
const MARKUP_DECLARATION = /<!(?!--|-?$)/;

/** Does the text hold a markup declaration (MARKUP_DECLARATION)? One native scan, however many comments it holds. */
function markupDeclaration(text: string): boolean {
  return MARKUP_DECLARATION.test(text);
}

/**
 * The CPUs of a text of top-level `<cpu>` elements that arrives in pieces
 * (a big file read a piece at a time, never held whole: only the CPUs are
 * kept, shared by the copies of an element). Undefined when the text is
 * anything else — what the input gate refuses (NUL bytes, a DTD or entity,
 * '__proto__'), another shape, an element the fast reader does not
 * recognise, a piece given as undefined: the caller then reads the whole
 * text through `extractCpus`, which answers as always. Throws an element's
 * refusal (LibvirtXmlError) once the whole text has the shape.
 */
export function cpusOfPieces(pieces: Iterable<string | undefined>, file: string): LibvirtCpu[] | undefined {
  return readPieces(pieces, new TopLevelCpuReader(file, true))?.finish();
}

/** `cpusOfPieces` as a tally (CpuTally): what the baseline needs, without a CPU per element. */
export function tallyOfPieces(pieces: Iterable<string | undefined>, file: string): CpuTally | undefined {
  return readPieces(pieces, new TopLevelCpuReader(file))?.tally();
}

function readPieces(pieces: Iterable<string | undefined>, reader: TopLevelCpuReader): TopLevelCpuReader | undefined {
  let rest = '';
  for (const piece of pieces) {
    if (piece === undefined) return undefined;
    const text = rest + piece;
    // a refused pattern cannot span the read text and the rest (the read text ends with '>')
    if (text.includes('\u0000') || text.includes('__proto__') || markupDeclaration(text)) return undefined;
    const at = reader.feed(text, false);
    if (at < 0) return undefined;
    rest = text.slice(at);
  }
  if (reader.feed(rest, true) !== rest.length || !reader.elements) return undefined;
  return reader;
}

/**
 * How many bytes `cpusOfReads` and `tallyOfReads` read at a time: each piece
 * becomes one string, and a string of up to 64 KiB is made in V8's young
 * generation (one of 1 MiB is a large object, its memory mapped afresh each
 * time: 10 MiB read took ~7-18 ms to turn into strings, ~2 ms in 64 KiB pieces).
 */
export const READ_CHUNK = 1 << 16;

/**
 * `cpusOfPieces` for a file read into a Buffer a piece at a time: `read`
 * fills `buf` from `at` on and answers how many bytes it put there (0: the
 * end, -1: stop, the caller reads the file whole). The gate's checks (plain
 * ASCII, NUL, '__proto__') run on the bytes, natively, and each piece becomes
 * one string with the unread rest of the previous one in front of it (no
 * concatenation to flatten). Answers as `cpusOfPieces` does on the same text.
 */
export function cpusOfReads(read: (buf: Buffer, at: number) => number, file: string, chunk = READ_CHUNK): LibvirtCpu[] | undefined {
  return readBytes(read, new TopLevelCpuReader(file, true), chunk)?.finish();
}

/** `cpusOfReads` as a tally (CpuTally): what `cpumodels baseline FILE` reads a fleet file into. */
export function tallyOfReads(read: (buf: Buffer, at: number) => number, file: string, chunk = READ_CHUNK): CpuTally | undefined {
  return readBytes(read, new TopLevelCpuReader(file), chunk)?.tally();
}

function readBytes(read: (buf: Buffer, at: number) => number, reader: TopLevelCpuReader, chunk: number): TopLevelCpuReader | undefined {
  let buf = Buffer.allocUnsafe(chunk);
  /** bytes of the unread rest at the start of buf */
  let have = 0;
  for (;;) {
    if (buf.length - have < chunk) {
      // an element longer than a piece: room for the rest and a whole piece
      const grown = Buffer.allocUnsafe(have + chunk);
      buf.copy(grown, 0, 0, have);
      buf = grown;
    }
    const n = read(buf, have);
    if (n < 0) return undefined;
    if (n === 0) break;
    const end = have + n;
    const bytes = buf.subarray(0, end);
    // (the rest was checked with its piece; a refused pattern may span it and the new bytes;
    // '__' is rare in a fleet file: one quick scan for it, the pattern's only where it is)
    if (!isAscii(buf.subarray(have, end)) || bytes.indexOf(0) >= 0 || (bytes.indexOf('__') >= 0 && bytes.indexOf('__proto__') >= 0)) return undefined;
    // (a markup declaration, which the gate refuses, is refused by the reader where it reads one: at the
    // top level, in a comment, in an element of another shape; the rest is compared with text it read)
    const text = bytes.toString('latin1');
    const at = reader.feed(text, false);
    if (at < 0) return undefined;
    buf.copyWithin(0, at, end);
    have = end - at;
  }
  const rest = buf.toString('latin1', 0, have);
  if (reader.feed(rest, true) !== rest.length || !reader.elements) return undefined;
  return reader;
}

function fastExtract(text: string, file: string): LibvirtCpu[] | null {
  const r = new TopLevelCpuReader(file, true);
  if (r.feed(text, true) !== text.length || !r.elements) return null;
  return r.finish();
}

function child(n: Node, tag: string): Node[] {
  return childrenOf(n).filter((c) => tagOf(c) === tag);
}

function fullExtract(text: string, file: string): ExtractedCpus {
  const wrapped = `${CONTAINER_OPEN}${text}</container>`;
  const v = loadFxp().XMLValidator.validate(wrapped);
  if (v !== true) {
    // report positions and wording of the file itself, not of the wrapper
    const shift = (line: number, col: number) => (line === 1 ? Math.max(1, col - CONTAINER_OPEN.length) : col);
    const msg = v.err.msg
      .replace(/line 1, col (\d+)/g, (_m, c: string) => `line 1, col ${shift(1, Number(c))}`)
      .replace(/instead of closing tag 'container'/, 'before the end of the file')
      .replace(/closing tag 'container'/, 'the end of the file');
    const tag = /tag '([^']+)'/.exec(msg)?.[1];
    throw new LibvirtXmlError(`${file}:${v.err.line}:${shift(v.err.line, v.err.col)}: malformed XML: ${msg}`, file, tag, tag);
  }
  const doc = parseXml(wrapped, file);
  const container = doc.find((n) => tagOf(n) === 'container');
  const cpus: LibvirtCpu[] = [];
  const guestForm = new Set<LibvirtCpu>();
  if (!container) return { cpus, guestForm };
  for (const top of childrenOf(container)) {
    switch (tagOf(top)) {
      case 'cpu':
        cpus.push(readCpu(top, file));
        break;
      case 'domain':
        for (const c of child(top, 'cpu')) cpus.push(readCpu(c, file));
        break;
      case 'cpuTest':
        // libvirt's test-suite list (tests/cputestdata/*-baseline-*.xml), which cputest.c reads as /cpuTest/cpu; virsh reads only
        // unwrapped <cpu>s, and these are the same CPUs: read them, rather than refuse a file whose CPUs are plain
        for (const c of child(top, 'cpu')) cpus.push(readCpu(c, file));
        break;
      case 'capabilities':
        for (const h of child(top, 'host')) for (const c of child(h, 'cpu')) cpus.push(readCpu(c, file));
        break;
      case 'domainCapabilities': {
        const archNode = child(top, 'arch')[0];
        for (const c of child(top, 'cpu')) {
          for (const m of child(c, 'mode')) {
            const a = attrsOf(m);
            if (a['name'] !== 'host-model' || a['supported'] !== 'yes') continue;
            const cpu = readCpu(m, file);
            if (archNode) cpu.arch = textOf(archNode);
            cpus.push(cpu);
            guestForm.add(cpu);
          }
        }
        break;
      }
      default:
        break;
    }
  }
  return { cpus, guestForm };
}

/**
 * Every CPU virsh would read from a file's text. Throws LibvirtXmlError
 * (naming the file, element and value) for malformed or unusable input.
 * `parserOnly`: the XML parser reads everything (what the fast reader is
 * tested against).
 */
export function extractCpus(text: string, file: string, opts: { parserOnly?: boolean } = {}): ExtractedCpus {
  const body = stripProlog(text);
  const fast = opts.parserOnly ? null : fastExtract(body, file);
  const got = fast ? { cpus: fast, guestForm: new Set<LibvirtCpu>() } : fullExtract(body, file);
  if (!got.cpus.length) {
    throw new LibvirtXmlError(
      `${file}: no <cpu> element found (expected <cpu> elements, a domain XML, a host capabilities XML or a domain capabilities XML with a supported host-model CPU)`,
      file,
      'cpu',
    );
  }
  return got;
}
