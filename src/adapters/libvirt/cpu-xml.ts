/**
 * libvirt's `<cpu>` element, both directions (domain and host forms):
 *
 *   <cpu mode='custom|host-model|host-passthrough|maximum' match='minimum|exact|strict'
 *        check='none|partial|full' migratable='on|off'>
 *     <arch>x86_64</arch>                       (host form)
 *     <model fallback='allow|forbid' vendor_id='GenuineIntel'>Skylake-Client</model>
 *     <vendor>Intel</vendor>
 *     <signature family='6' model='158' stepping='10'/>
 *     <feature policy='force|require|optional|disable|forbid' name='vmx'/>
 *   </cpu>
 *
 * Parsing is fast-xml-parser (well-kept, no native code, keeps attributes and
 * reports positions of malformed input). Errors name the file, the element
 * and the value. Everything else about the document is ignored here.
 */
import { createRequire } from 'node:module';
import { lazy } from '../../core/lazy.js';
import { err, ok, type Result } from '../../core/errors.js';

export {
  CPU_CHECKS,
  CPU_MATCHES,
  CPU_MODES,
  FEATURE_POLICIES,
  LibvirtXmlError,
  type CpuCheck,
  type CpuMatch,
  type CpuMode,
  type FeaturePolicy,
  type LibvirtCpu,
} from '../../core/libvirt-model.js';
import { LibvirtXmlError, type LibvirtCpu, CPU_MODES, CPU_MATCHES, CPU_CHECKS, FEATURE_POLICIES } from '../../core/libvirt-model.js';

type Node = Record<string, unknown>;

/** fast-xml-parser, loaded on first use (~50 ms of start-up that most commands never need). */
export const loadFxp = lazy(() => createRequire(import.meta.url)('fast-xml-parser') as typeof import('fast-xml-parser'));

const parser = lazy(() => new (loadFxp().XMLParser)({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  preserveOrder: true,
  trimValues: true,
  parseTagValue: false,
  parseAttributeValue: false,
  commentPropName: '#comment',
}));

/** Parse an XML document, with a positioned error for malformed input. DTDs and entity declarations are refused. */
export function parseXml(text: string, file: string): Node[] {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new LibvirtXmlError(`${file}: the XML has a DTD (<!DOCTYPE …>) or entity declarations (<!ENTITY …>), which are refused: they can read other files`, file);
  }
  const bad = malformed(text, file);
  if (bad) throw bad;
  return parser().parse(text) as Node[];
}

/** Is the text well-formed XML? null, or the positioned error ("FILE:LINE:COL: malformed XML: …"). */
export function malformed(text: string, file: string): LibvirtXmlError | null {
  const v = loadFxp().XMLValidator.validate(text);
  return v === true ? null : new LibvirtXmlError(`${file}:${v.err.line}:${v.err.col}: malformed XML: ${v.err.msg}`, file, undefined, undefined, 'malformed-xml');
}

/** malformed() as a Result, for the inner layers (LibvirtFormats.checkWellFormed). */
export function checkWellFormed(text: string, file: string): Result<void> {
  const e = malformed(text, file);
  return e ? err(e.code, e.message, { value: file }) : ok(undefined);
}

/** The tag name of a preserveOrder node. */
export function tagOf(n: Node): string | undefined {
  return Object.keys(n).find((k) => k !== ':@');
}

export function childrenOf(n: Node): Node[] {
  const t = tagOf(n);
  const c = t ? n[t] : undefined;
  return Array.isArray(c) ? (c as Node[]) : [];
}

export function attrsOf(n: Node): Record<string, string> {
  const a = (n[':@'] ?? {}) as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) out[k.replace(/^@/, '')] = String(v);
  return out;
}

export function textOf(n: Node): string {
  return childrenOf(n)
    .map((c) => (typeof c['#text'] === 'string' || typeof c['#text'] === 'number' ? String(c['#text']) : ''))
    .join('')
    .trim();
}

/** Every element with this tag, depth first, in document order. */
export function findAll(nodes: Node[], tag: string, out: Node[] = []): Node[] {
  for (const n of nodes) {
    if (tagOf(n) === tag) out.push(n);
    findAll(childrenOf(n), tag, out);
  }
  return out;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], file: string, element: string, attr: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new LibvirtXmlError(`${file}: <${element} ${attr}='${value}'>: unknown ${attr} '${value}' (one of ${allowed.join(', ')})`, file, element, value);
}

function int(value: string, file: string, element: string, attr: string): number {
  const n = /^0x[0-9a-f]+$/i.test(value) ? parseInt(value, 16) : /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n)) throw new LibvirtXmlError(`${file}: <${element} ${attr}='${value}'>: not a number`, file, element, value);
  return n;
}

/** Read one `<cpu>` element (domain or host form). */
export function readCpu(node: Node, file: string): LibvirtCpu {
  const a = attrsOf(node);
  const cpu: LibvirtCpu = { features: [], origin: file };
  if (a['mode'] !== undefined) cpu.mode = oneOf(a['mode'], CPU_MODES, file, 'cpu', 'mode');
  if (a['match'] !== undefined) cpu.match = oneOf(a['match'], CPU_MATCHES, file, 'cpu', 'match');
  if (a['check'] !== undefined) cpu.check = oneOf(a['check'], CPU_CHECKS, file, 'cpu', 'check');
  if (a['migratable'] !== undefined) cpu.migratable = oneOf(a['migratable'], ['on', 'off'] as const, file, 'cpu', 'migratable') === 'on';
  for (const c of childrenOf(node)) {
    const tag = tagOf(c);
    const ca = attrsOf(c);
    switch (tag) {
      case 'arch':
        cpu.arch = textOf(c);
        break;
      case 'model': {
        const name = textOf(c);
        if (!name) throw new LibvirtXmlError(`${file}: <model> is empty`, file, 'model', '');
        cpu.model = { name };
        if (ca['fallback'] !== undefined) cpu.model.fallback = oneOf(ca['fallback'], ['allow', 'forbid'] as const, file, 'model', 'fallback');
        if (ca['vendor_id'] !== undefined) cpu.model.vendorId = ca['vendor_id'];
        break;
      }
      case 'vendor':
        cpu.vendor = textOf(c);
        break;
      case 'signature':
        cpu.signature = { family: int(ca['family'] ?? '', file, 'signature', 'family'), model: int(ca['model'] ?? '', file, 'signature', 'model') };
        if (ca['stepping'] !== undefined) cpu.signature.stepping = int(ca['stepping'], file, 'signature', 'stepping');
        break;
      case 'feature': {
        const name = ca['name'];
        if (!name) throw new LibvirtXmlError(`${file}: <feature> without a name`, file, 'feature', '');
        const f: LibvirtCpu['features'][number] = { name };
        if (ca['policy'] !== undefined) f.policy = oneOf(ca['policy'], FEATURE_POLICIES, file, 'feature', 'policy');
        if (cpu.features.some((x) => x.name === name)) throw new LibvirtXmlError(`${file}: <feature name='${name}'> appears twice`, file, 'feature', name);
        cpu.features.push(f);
        break;
      }
      default:
        break; // topology, cache, numa, microcode, counter …: not CPU-model facts
    }
  }
  return cpu;
}

/**
 * Every `<cpu>` in a document that describes a CPU: a bare `<cpu>`, a list
 * of them (virsh cpu-baseline input, `<cpuTest>`), a domain, or a
 * capabilities document (`<host><cpu>`). domcapabilities have their own
 * reader.
 */
export function readCpus(text: string, file: string): LibvirtCpu[] {
  const doc = parseXml(text, file);
  const cpus = findAll(doc, 'cpu').filter((n) => !childrenOf(n).some((c) => tagOf(c) === 'mode'));
  if (!cpus.length) throw new LibvirtXmlError(`${file}: no <cpu> element found`, file, 'cpu');
  return cpus.map((n) => readCpu(n, file));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');

/** Write a `<cpu>` the way libvirt formats it (two-space indent, attributes in libvirt's order). */
export function writeCpu(cpu: LibvirtCpu, indent = ''): string {
  const attrs: string[] = [];
  if (cpu.mode) attrs.push(`mode='${cpu.mode}'`);
  if (cpu.match) attrs.push(`match='${cpu.match}'`);
  if (cpu.check) attrs.push(`check='${cpu.check}'`);
  if (cpu.migratable !== undefined) attrs.push(`migratable='${cpu.migratable ? 'on' : 'off'}'`);
  const lines: string[] = [];
  const i2 = indent + '  ';
  if (cpu.arch) lines.push(`${i2}<arch>${esc(cpu.arch)}</arch>`);
  if (cpu.model) {
    const ma: string[] = [];
    if (cpu.model.fallback) ma.push(`fallback='${cpu.model.fallback}'`);
    if (cpu.model.vendorId) ma.push(`vendor_id='${esc(cpu.model.vendorId)}'`);
    lines.push(`${i2}<model${ma.length ? ' ' + ma.join(' ') : ''}>${esc(cpu.model.name)}</model>`);
  }
  if (cpu.vendor) lines.push(`${i2}<vendor>${esc(cpu.vendor)}</vendor>`);
  if (cpu.signature) {
    lines.push(`${i2}<signature family='${cpu.signature.family}' model='${cpu.signature.model}'${cpu.signature.stepping !== undefined ? ` stepping='${cpu.signature.stepping}'` : ''}/>`);
  }
  for (const f of cpu.features) lines.push(`${i2}<feature ${f.policy ? `policy='${f.policy}' ` : ''}name='${esc(f.name)}'/>`);
  const open = `${indent}<cpu${attrs.length ? ' ' + attrs.join(' ') : ''}`;
  return lines.length ? `${open}>\n${lines.join('\n')}\n${indent}</cpu>\n` : `${open}/>\n`;
}

/**
 * A guest's CPU from a libvirt domain XML or a bare `<cpu>`: its one `<cpu>`
 * (domain capabilities' `<cpu>` holds `<mode>` elements: not a guest CPU) and
 * the architecture (`<cpu><arch>`, else the domain's `<type arch=…>`).
 */
export function readGuestCpu(text: string, origin: string): Result<{ cpu: LibvirtCpu; arch?: string }> {
  try {
    const doc = parseXml(text, origin);
    const guestCpus = findAll(doc, 'cpu').filter((n) => !childrenOf(n).some((c) => tagOf(c) === 'mode'));
    if (guestCpus.length === 0) return err('bad-guest', `${origin}: no <cpu> element found (a guest without <cpu> gets the hypervisor's default model)`, { value: origin, hint: 'add <cpu mode=…> to the domain' });
    if (guestCpus.length > 1) return err('bad-guest', `${origin}: ${guestCpus.length} <cpu> elements; a guest has one`, { value: origin });
    const cpu = readCpu(guestCpus[0]!, origin);
    const arch = cpu.arch ?? findAll(doc, 'type').map(attrsOf).find((x) => x['arch'])?.['arch'];
    return ok({ cpu, ...(arch ? { arch } : {}) });
  } catch (e) {
    if (e instanceof LibvirtXmlError) return err(e.code, e.message, { ...(e.value !== undefined ? { value: e.value } : {}) });
    throw e;
  }
}
