/**
 * `cpu-baseline` and `cpu-compare` the way virsh does them, for x86_64,
 * without libvirt: file reading and printing here, the semantics in
 * src/arch/x86_64/libvirt-cpu.ts.
 *
 * What a file may hold (virsh's rule: the text is read as if wrapped in one
 * container element, so several top-level `<cpu>` elements are fine):
 *   - one or more `<cpu>` elements at the top level,
 *   - a domain XML (`<domain><cpu>`),
 *   - a capabilities XML (`<capabilities><host><cpu>`),
 *   - a domain capabilities XML: its `<mode name='host-model' supported='yes'>`
 *     is taken as a CPU of the document's `<arch>` (virsh 9.0 rejects that
 *     one for cpu-baseline as it has no `<arch>`; we accept it and honour its
 *     require/disable policies).
 *
 * Output and exit codes follow virsh 9.0, except that a file that cannot be
 * read as a CPU description (unreadable, empty, binary, a DTD, malformed or
 * truncated XML, no <cpu>) is bad input: one line naming it, exit 2.
 *   cpu-baseline: the `<cpu>` followed by an empty line, exit 0; errors go to
 *     stderr as "error: …", exit 1.
 *   cpu-compare: "CPU described in FILE is identical to host CPU" (exit 0),
 *     "Host CPU is a superset of CPU described in FILE" (exit 0),
 *     "CPU described in FILE is incompatible with host CPU" (exit 1),
 *     "error: Failed to compare host CPU with FILE" + the reason (exit 1) for
 *     libvirt's ERROR (unknown model/feature …). With `error: true` (virsh's
 *     --error) an incompatible CPU is reported as an error with the reason.
 *   virsh cannot be asked with the test driver (it does not implement
 *   virConnectCompareCPU); the convention is virsh's cmdCPUCompare: only
 *   INCOMPATIBLE and ERROR make the command fail.
 *
 * Big fleet files: a file made only of top-level `<cpu>` elements is cut into
 * elements with plain string search; every distinct element text is checked
 * and parsed once (a fleet repeats the same host), so 100,000 copies of a
 * host cost little more than one. Anything else, or any doubt, goes through
 * the full XML parser, which reports malformed input with line and column.
 */
import { InputError, readInput } from './input.js';
import { LibvirtXmlError, loadFxp, attrsOf, childrenOf, parseXml, readCpu, tagOf, textOf, writeCpu, type LibvirtCpu } from '../libvirt/cpu-xml.js';
import { baselineCpus, compareCpus, formatLibvirtError, type LibvirtCpuType } from '../../arch/x86_64/libvirt-cpu.js';

export interface CommandOutput {
  stdout: string;
  /** virsh prints errors on stderr; empty when there is none */
  stderr: string;
  exitCode: number;
}

/** CPUs read from one file; `guestForm` marks domain-capabilities host-model CPUs (policies count). */
export interface ExtractedCpus {
  cpus: LibvirtCpu[];
  guestForm: Set<LibvirtCpu>;
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

/**
 * Walk a text made only of top-level `<cpu>…</cpu>` elements (and blanks and
 * comments between them), calling `each` with each element's start; `each`
 * returns where the element ends (after its first `</cpu>`) or -1 to stop.
 * False when the text has any other shape (or `each` stopped).
 */
function eachTopLevelCpu(text: string, each: (start: number) => number): boolean {
  const n = text.length;
  let i = 0;
  let any = false;
  for (;;) {
    while (i < n && isWs(text.charCodeAt(i))) i++;
    if (i >= n) break;
    if (text.startsWith('<!--', i)) {
      const e = text.indexOf('-->', i + 4);
      if (e < 0) return false;
      i = e + 3;
      continue;
    }
    if (!text.startsWith('<cpu', i)) return false;
    const c = text.charCodeAt(i + 4);
    if (c !== 0x3e /* > */ && !isWs(c)) return false;
    i = each(i);
    if (i < 0) return false;
    any = true;
  }
  return any;
}

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
 * The common shape of a host CPU element — flat children, each empty or
 * holding plain text, attributes in quotes, comments — straight into the XML
 * parser's node form; null for anything else (the caller then validates and
 * parses it properly).
 */
function quickCpuNode(frag: string): Node | null {
  const end = frag.length - 6; // start of '</cpu>'
  const gt = frag.indexOf('>', 4);
  if (gt < 0 || gt >= end || frag.charCodeAt(gt - 1) === 0x2f) return null;
  const cpuAttrs = quickAttrs(frag.slice(4, gt));
  if (cpuAttrs === null) return null;
  const children: Node[] = [];
  let i = gt + 1;
  for (;;) {
    const lt = frag.indexOf('<', i);
    if (lt < 0 || lt > end || !blank(frag, i, lt)) return null;
    if (lt === end) break;
    if (frag.startsWith('<!--', lt)) {
      const e = frag.indexOf('-->', lt + 4);
      if (e < 0 || e > end || frag.slice(lt + 4, e).includes('--')) return null;
      i = e + 3;
      continue;
    }
    const tgt = frag.indexOf('>', lt);
    if (tgt < 0 || tgt > end) return null;
    const selfClose = frag.charCodeAt(tgt - 1) === 0x2f;
    const head = frag.slice(lt + 1, selfClose ? tgt - 1 : tgt);
    let n = 0;
    while (n < head.length && !isWs(head.charCodeAt(n))) n++;
    const name = head.slice(0, n);
    if (!NAME.test(name)) return null;
    const attrs = quickAttrs(head.slice(n));
    if (attrs === null) return null;
    const node: Node = {};
    if (selfClose) {
      node[name] = [];
      i = tgt + 1;
    } else {
      const close = `</${name}>`;
      const next = frag.indexOf('<', tgt + 1);
      if (next < 0 || !frag.startsWith(close, next)) return null; // nested or mismatched
      const text = frag.slice(tgt + 1, next);
      if (text.includes('&') || text.includes('>')) return null;
      const t = text.trim();
      node[name] = t ? [{ '#text': t }] : [];
      i = next + close.length;
    }
    if (attrs) node[':@'] = attrs;
    children.push(node);
  }
  const cpu: Node = { cpu: children };
  if (cpuAttrs) cpu[':@'] = cpuAttrs;
  return cpu;
}

/** Parse one `<cpu>` element text, or null when it is not a single well-formed element. */
function parseCpuFragment(frag: string, file: string): LibvirtCpu | null {
  const quick = quickCpuNode(frag);
  if (quick) return readCpu(quick, file);
  if (loadFxp().XMLValidator.validate(frag) !== true) return null;
  const nodes = parseXml(frag, file).filter((n) => tagOf(n) !== '#comment' && tagOf(n) !== '#text');
  if (nodes.length !== 1 || tagOf(nodes[0]!) !== 'cpu') return null;
  return readCpu(nodes[0]!, file);
}

function fastExtract(text: string, file: string): LibvirtCpu[] | null {
  const seen = new Map<string, LibvirtCpu>();
  const cpus: LibvirtCpu[] = [];
  let prevFrag = '';
  let prev: LibvirtCpu | undefined;
  // an element the reader refuses: thrown only when the whole text has the shape (else the full parser reports)
  let refused: unknown;
  const shaped = eachTopLevelCpu(text, (i) => {
    // a run of copies of one element: compared in place, no copy of the text
    // (the previous element holds one `</cpu>`, at its end, so a copy ends where it does)
    if (prev && text.startsWith(prevFrag, i)) {
      cpus.push(prev);
      return i + prevFrag.length;
    }
    const e = text.indexOf('</cpu>', i + 4);
    if (e < 0) return -1;
    if (refused !== undefined) return e + 6;
    const f = text.slice(i, e + 6);
    let cpu = seen.get(f);
    if (!cpu) {
      let parsed: LibvirtCpu | null;
      try {
        parsed = parseCpuFragment(f, file);
      } catch (x) {
        refused = x;
        return e + 6;
      }
      if (!parsed) return -1; // let the full parser find and position the problem
      cpu = parsed;
      seen.set(f, cpu);
    }
    cpus.push(cpu);
    prev = cpu;
    prevFrag = f;
    return e + 6;
  });
  if (!shaped) return null;
  if (refused !== undefined) throw refused;
  return cpus;
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
 */
export function extractCpus(text: string, file: string): ExtractedCpus {
  const body = stripProlog(text);
  const fast = fastExtract(body, file);
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

function readText(file: string): string {
  try {
    return readInput(file, 'CPU file');
  } catch (e) {
    if (e instanceof InputError) throw new LibvirtXmlError(e.message, file);
    throw e;
  }
}

/** libvirt's refusals (incompatible, unknown names): exit 1 as virsh; a file that cannot be read as XML: exit 2 (bad input). */
const errorOut = (lines: string[], exitCode = 1): CommandOutput => ({ stdout: '', stderr: lines.map((l) => `error: ${l}\n`).join(''), exitCode });

/**
 * `virsh cpu-baseline [--features] [--migratable] FILE…`: the baseline of
 * every CPU in the files, as libvirt's `<cpu>`.
 */
export function cmdBaseline(files: string[], opts: { features?: boolean; migratable?: boolean } = {}): CommandOutput {
  if (!files.length) return errorOut(['cpu-baseline needs at least one FILE']);
  const cpus: LibvirtCpu[] = [];
  const guestForm = new Set<LibvirtCpu>();
  for (const file of files) {
    let got: ExtractedCpus;
    try {
      got = extractCpus(readText(file), file);
    } catch (e) {
      if (e instanceof LibvirtXmlError) return errorOut([e.message], 2);
      throw e;
    }
    for (const c of got.cpus) {
      // virsh parses baseline input as host CPUs: <arch> is required
      if (c.arch === undefined) {
        return errorOut([`${file}: <cpu>${c.model ? `<model>${c.model.name}</model>` : ''}: missing CPU architecture (cpu-baseline reads host CPU definitions, which carry <arch>x86_64</arch>)`]);
      }
      cpus.push(c);
    }
    for (const c of got.guestForm) guestForm.add(c);
  }
  const typeOf = guestForm.size ? (c: LibvirtCpu): LibvirtCpuType | undefined => (guestForm.has(c) ? 'guest' : undefined) : undefined;
  const r = baselineCpus(cpus, { features: !!opts.features, migratable: !!opts.migratable, ...(typeOf ? { typeOf } : {}) });
  if (!r.ok) return errorOut([formatLibvirtError(r.error)]);
  return { stdout: writeCpu(r.value) + '\n', stderr: '', exitCode: 0 };
}

/**
 * `virsh cpu-compare FILE` against the host CPU described in `hostFile`
 * (a capabilities XML or a `<cpu>`): the first CPU of each file is used.
 */
export function cmdCompare(hostFile: string, guestFile: string, opts: { error?: boolean } = {}): CommandOutput {
  let host: LibvirtCpu;
  let guest: LibvirtCpu;
  try {
    host = extractCpus(readText(hostFile), hostFile).cpus[0]!;
  } catch (e) {
    if (e instanceof LibvirtXmlError) return errorOut([e.message], 2);
    throw e;
  }
  try {
    guest = extractCpus(readText(guestFile), guestFile).cpus[0]!;
  } catch (e) {
    if (e instanceof LibvirtXmlError) return errorOut([`Failed to compare host CPU with ${guestFile}: ${e.message}`], 2);
    throw e;
  }
  const r = compareCpus(host, guest);
  if (!r.ok) return errorOut([`Failed to compare host CPU with ${guestFile}`, formatLibvirtError(r.error)]);
  switch (r.value.result) {
    case 'IDENTICAL':
      return { stdout: `CPU described in ${guestFile} is identical to host CPU\n`, stderr: '', exitCode: 0 };
    case 'SUPERSET':
      return { stdout: `Host CPU is a superset of CPU described in ${guestFile}\n`, stderr: '', exitCode: 0 };
    case 'INCOMPATIBLE':
      if (opts.error) {
        return errorOut([`Failed to compare host CPU with ${guestFile}`, `the CPU is incompatible with host CPU: ${r.value.reason ?? 'unknown reason'}`]);
      }
      return { stdout: `CPU described in ${guestFile} is incompatible with host CPU\n`, stderr: '', exitCode: 1 };
  }
}
