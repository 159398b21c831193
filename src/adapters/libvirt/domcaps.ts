/**
 * libvirt's domain capabilities, the `<cpu>` block, both directions, and the
 * host `<cpu>` of libvirt's capabilities document.
 *
 *   <domainCapabilities>
 *     <path>…</path> <domain>kvm</domain> <machine>pc-q35-10.1</machine> <arch>x86_64</arch>
 *     <cpu>
 *       <mode name='host-passthrough' supported='yes'>
 *         <enum name='hostPassthroughMigratable'><value>on</value><value>off</value></enum>
 *       </mode>
 *       <mode name='maximum' supported='yes'> (enum maximumMigratable) </mode>
 *       <mode name='host-model' supported='yes'>
 *         <model fallback='forbid'>NAME</model> <vendor>Intel</vendor>
 *         <maxphysaddr mode='passthrough' limit='64'/>
 *         <feature policy='require|disable' name='…'/> …
 *       </mode>
 *       <mode name='custom' supported='yes'>
 *         <model usable='yes|no|unknown' deprecated='yes' vendor='…' canonical='…'>NAME</model>
 *         <blockers model='NAME'><feature name='…'/>…</blockers>   (after an unusable model)
 *       </mode>
 *     </cpu>
 *   </domainCapabilities>
 *
 * A mode that is not supported is written `<mode name='…' supported='no'/>`.
 * Everything outside `<cpu>` except path/domain/machine/arch is not read.
 */
import { LibvirtXmlError, attrsOf, childrenOf, findAll, parseXml, readCpu, tagOf, textOf, type LibvirtCpu } from './cpu-xml.js';

type Node = Record<string, unknown>;

export { USABLE, type DomCapsCpu, type DomCapsEnum, type DomCapsHostModel, type DomCapsMode, type DomCapsModel, type Usable } from '../../core/libvirt-model.js';
import { USABLE, type DomCapsCpu, type DomCapsEnum, type DomCapsHostModel, type DomCapsMode, type DomCapsModel, type Usable } from '../../core/libvirt-model.js';

const POLICIES = ['require', 'disable', 'force', 'optional', 'forbid'] as const;

function bad(file: string, msg: string, element?: string, value?: string): never {
  throw new LibvirtXmlError(`${file}: ${msg}`, file, element, value);
}

function yesNo(v: string | undefined, file: string, element: string, attr: string): boolean {
  if (v === 'yes') return true;
  if (v === 'no') return false;
  return bad(file, `<${element} ${attr}='${v ?? ''}'>: expected yes or no`, element, v);
}

function num(v: string, file: string, element: string, attr: string): number {
  if (!/^\d+$/.test(v)) bad(file, `<${element} ${attr}='${v}'>: not a number`, element, v);
  return Number(v);
}

function readEnums(mode: Node): DomCapsEnum[] {
  return childrenOf(mode)
    .filter((c) => tagOf(c) === 'enum')
    .map((e) => ({ name: attrsOf(e)['name'] ?? '', values: childrenOf(e).filter((v) => tagOf(v) === 'value').map(textOf) }));
}

function readMode(node: Node, file: string): { name: string; mode: DomCapsMode } {
  const a = attrsOf(node);
  const name = a['name'];
  if (!name) bad(file, '<mode> without a name', 'mode', '');
  return { name, mode: { supported: yesNo(a['supported'], file, 'mode', 'supported'), enums: readEnums(node) } };
}

function readHostModel(node: Node, file: string, base: DomCapsMode): DomCapsMode & DomCapsHostModel {
  const out: DomCapsMode & DomCapsHostModel = { ...base, features: [] };
  for (const c of childrenOf(node)) {
    const a = attrsOf(c);
    switch (tagOf(c)) {
      case 'model': {
        const name = textOf(c);
        if (!name) bad(file, 'host-model: <model> is empty', 'model', '');
        out.model = { name };
        if (a['fallback'] !== undefined) {
          if (a['fallback'] !== 'allow' && a['fallback'] !== 'forbid') bad(file, `<model fallback='${a['fallback']}'>: expected allow or forbid`, 'model', a['fallback']);
          out.model.fallback = a['fallback'];
        }
        break;
      }
      case 'vendor':
        out.vendor = textOf(c);
        break;
      case 'maxphysaddr': {
        out.maxphysaddr = { mode: a['mode'] ?? '' };
        if (a['limit'] !== undefined) out.maxphysaddr.limit = num(a['limit'], file, 'maxphysaddr', 'limit');
        if (a['bits'] !== undefined) out.maxphysaddr.bits = num(a['bits'], file, 'maxphysaddr', 'bits');
        break;
      }
      case 'feature': {
        const name = a['name'];
        if (!name) bad(file, 'host-model: <feature> without a name', 'feature', '');
        const policy = a['policy'] ?? 'require';
        if (!(POLICIES as readonly string[]).includes(policy)) bad(file, `<feature policy='${policy}'>: unknown policy`, 'feature', policy);
        out.features.push({ name, policy: policy as DomCapsHostModel['features'][number]['policy'] });
        break;
      }
      default:
        break;
    }
  }
  return out;
}

function readCustom(node: Node, file: string, base: DomCapsMode): DomCapsMode & { models: DomCapsModel[] } {
  const models: DomCapsModel[] = [];
  const byName = new Map<string, DomCapsModel>();
  for (const c of childrenOf(node)) {
    const a = attrsOf(c);
    if (tagOf(c) === 'model') {
      const name = textOf(c);
      if (!name) bad(file, 'custom: <model> is empty', 'model', '');
      const usable = a['usable'] ?? 'unknown';
      if (!(USABLE as readonly string[]).includes(usable)) bad(file, `<model usable='${usable}'>: expected yes, no or unknown`, 'model', usable);
      const m: DomCapsModel = { name, usable: usable as Usable };
      if (a['vendor'] !== undefined) m.vendor = a['vendor'];
      if (a['canonical'] !== undefined) m.canonical = a['canonical'];
      if (a['deprecated'] !== undefined) m.deprecated = yesNo(a['deprecated'], file, 'model', 'deprecated');
      models.push(m);
      byName.set(name, m);
    } else if (tagOf(c) === 'blockers') {
      const name = a['model'] ?? '';
      const m = byName.get(name);
      if (!m) bad(file, `<blockers model='${name}'> names no model listed before it`, 'blockers', name);
      m.blockers = [...(m.blockers ?? []), ...childrenOf(c).filter((f) => tagOf(f) === 'feature').map((f) => attrsOf(f)['name'] ?? '')];
    }
  }
  return { ...base, models };
}

/** Read the `<cpu>` block of a domcapabilities document (or a bare `<cpu>` with `<mode>` children). */
export function readDomCapsCpu(text: string, file: string): DomCapsCpu {
  const doc = parseXml(text, file);
  const cpus = findAll(doc, 'cpu').filter((n) => childrenOf(n).some((c) => tagOf(c) === 'mode'));
  if (!cpus.length) bad(file, 'no domain capabilities <cpu> block (a <cpu> with <mode> elements) found', 'cpu');
  const out: DomCapsCpu = { origin: file };
  const root = findAll(doc, 'domainCapabilities')[0];
  if (root) {
    for (const c of childrenOf(root)) {
      const t = tagOf(c);
      if (t === 'path' || t === 'domain' || t === 'machine' || t === 'arch') out[t] = textOf(c);
    }
  }
  for (const m of childrenOf(cpus[0]!)) {
    if (tagOf(m) !== 'mode') continue;
    const { name, mode } = readMode(m, file);
    switch (name) {
      case 'host-passthrough':
        out.hostPassthrough = mode;
        break;
      case 'maximum':
        out.maximum = mode;
        break;
      case 'host-model':
        out.hostModel = readHostModel(m, file, mode);
        break;
      case 'custom':
        out.custom = readCustom(m, file, mode);
        break;
      default:
        bad(file, `<mode name='${name}'>: unknown CPU mode`, 'mode', name);
    }
  }
  return out;
}

/** Is this text a domcapabilities document (or its `<cpu>` block)? */
export function isDomCapsText(text: string): boolean {
  return /<domainCapabilities[\s>]/.test(text) || /<cpu>\s*<mode\s+name=/.test(text);
}

/**
 * A host `<cpu>` on its own, as libvirt writes it inside `<capabilities><host>`
 * (and as its test data keeps hosts): the document's root is a `<cpu>` with no
 * attributes that names an `<arch>`. A guest CPU definition carries `match=`
 * or `mode=` and is not one.
 */
const BARE_HOST_CPU = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<cpu>/;

/** Is this text libvirt's capabilities document (`virsh capabilities`), or its host `<cpu>` alone? */
export function isCapabilitiesText(text: string): boolean {
  return /<capabilities[\s>]/.test(text) || (BARE_HOST_CPU.test(text) && /<arch>/.test(text));
}

/** The host CPU of libvirt's capabilities document (`<capabilities><host><cpu>`). */
export function readCapabilitiesCpu(text: string, file: string): LibvirtCpu {
  const doc = parseXml(text, file);
  const caps = findAll(doc, 'capabilities')[0];
  if (!caps) {
    const bare = doc.find((n) => tagOf(n) === 'cpu');
    if (bare && childrenOf(bare).some((c) => tagOf(c) === 'arch')) return readCpu(bare, file);
    bad(file, 'not a <capabilities> document', 'capabilities');
  }
  const host = childrenOf(caps).find((c) => tagOf(c) === 'host');
  if (!host) bad(file, '<capabilities> without <host>', 'host');
  const cpu = childrenOf(host).find((c) => tagOf(c) === 'cpu');
  if (!cpu) bad(file, '<host> without <cpu>', 'cpu');
  return readCpu(cpu, file);
}

/** libvirt's test-suite list of CPUs (`tests/cputestdata/*-baseline-*.xml`): a `<cpuTest>` root. */
const CPU_TEST = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<cpuTest[\s>]/;

/**
 * Several host `<cpu>`s in one file: libvirt's `<cpuTest>` list (how its test
 * suite keeps the hosts of a baseline case), or top-level host `<cpu>`
 * elements one after another (what virsh cpu-baseline reads). Each is a host
 * `<cpu>` as in capabilities: an `<arch>`, no `mode`/`match`. null when the
 * text is not such a list (one bare `<cpu>` is readCapabilitiesCpu's), or when
 * one of its CPUs is a guest's — the caller then reads the text as before.
 */
export function readHostCpuList(text: string, file: string): LibvirtCpu[] | null {
  const list = CPU_TEST.test(text);
  if (!list && !(BARE_HOST_CPU.test(text) && (text.match(/<cpu[\s>]/g) ?? []).length > 1)) return null;
  const body = text.replace(/^\s*<\?xml[^>]*\?>/, '');
  let doc;
  try {
    doc = parseXml(`<container>${body}</container>`, file);
  } catch {
    return null; // the caller's own reading names the fault with the file's positions
  }
  const top = childrenOf(doc.find((n) => tagOf(n) === 'container') ?? {});
  const nodes = list ? top.filter((n) => tagOf(n) === 'cpuTest').flatMap((t) => childrenOf(t).filter((c) => tagOf(c) === 'cpu')) : top.filter((n) => tagOf(n) === 'cpu');
  if (!list && nodes.length < 2) return null;
  const hostForm = (n: (typeof nodes)[number]) => {
    const a = attrsOf(n);
    return a['mode'] === undefined && a['match'] === undefined && childrenOf(n).some((c) => tagOf(c) === 'arch');
  };
  if (!nodes.length || !nodes.every(hostForm)) return null;
  return nodes.map((n) => readCpu(n, file));
}

// ------------------------------------------------------------------ writing

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');

function writeEnums(enums: readonly DomCapsEnum[], ind: string): string[] {
  const out: string[] = [];
  for (const e of enums) {
    if (!e.values.length) {
      out.push(`${ind}<enum name='${esc(e.name)}'/>`);
      continue;
    }
    out.push(`${ind}<enum name='${esc(e.name)}'>`);
    for (const v of e.values) out.push(`${ind}  <value>${esc(v)}</value>`);
    out.push(`${ind}</enum>`);
  }
  return out;
}

function modeLines(name: string, mode: DomCapsMode, body: string[], ind: string): string[] {
  const open = `${ind}<mode name='${name}' supported='${mode.supported ? 'yes' : 'no'}'`;
  return body.length ? [`${open}>`, ...body, `${ind}</mode>`] : [`${open}/>`];
}

/** Write the `<cpu>` block as libvirt formats it (two-space indent). */
export function writeDomCapsCpu(cpu: DomCapsCpu, indent = '  '): string {
  const i1 = indent + '  ';
  const i2 = i1 + '  ';
  const i3 = i2 + '  ';
  const lines: string[] = [`${indent}<cpu>`];
  if (cpu.hostPassthrough) lines.push(...modeLines('host-passthrough', cpu.hostPassthrough, writeEnums(cpu.hostPassthrough.enums, i2), i1));
  if (cpu.maximum) lines.push(...modeLines('maximum', cpu.maximum, writeEnums(cpu.maximum.enums, i2), i1));
  if (cpu.hostModel) {
    const h = cpu.hostModel;
    const body: string[] = [];
    if (h.model) body.push(`${i2}<model${h.model.fallback ? ` fallback='${h.model.fallback}'` : ''}>${esc(h.model.name)}</model>`);
    if (h.vendor) body.push(`${i2}<vendor>${esc(h.vendor)}</vendor>`);
    if (h.maxphysaddr) {
      const m = h.maxphysaddr;
      body.push(`${i2}<maxphysaddr mode='${esc(m.mode)}'${m.limit !== undefined ? ` limit='${m.limit}'` : ''}${m.bits !== undefined ? ` bits='${m.bits}'` : ''}/>`);
    }
    for (const f of h.features) body.push(`${i2}<feature policy='${f.policy}' name='${esc(f.name)}'/>`);
    body.push(...writeEnums(h.enums, i2));
    lines.push(...modeLines('host-model', h, body, i1));
  }
  if (cpu.custom) {
    const body: string[] = [];
    for (const m of cpu.custom.models) {
      const attrs = [`usable='${m.usable}'`];
      if (m.deprecated !== undefined) attrs.push(`deprecated='${m.deprecated ? 'yes' : 'no'}'`);
      if (m.vendor !== undefined) attrs.push(`vendor='${esc(m.vendor)}'`);
      if (m.canonical !== undefined) attrs.push(`canonical='${esc(m.canonical)}'`);
      body.push(`${i2}<model ${attrs.join(' ')}>${esc(m.name)}</model>`);
      if (m.blockers?.length) {
        body.push(`${i2}<blockers model='${esc(m.name)}'>`);
        for (const b of m.blockers) body.push(`${i3}<feature name='${esc(b)}'/>`);
        body.push(`${i2}</blockers>`);
      }
    }
    body.push(...writeEnums(cpu.custom.enums, i2));
    lines.push(...modeLines('custom', cpu.custom, body, i1));
  }
  lines.push(`${indent}</cpu>`);
  return lines.join('\n') + '\n';
}

/** A `<domainCapabilities>` document holding the context and the `<cpu>` block. */
export function writeDomainCapabilities(cpu: DomCapsCpu): string {
  const lines = ['<domainCapabilities>'];
  if (cpu.path !== undefined) lines.push(`  <path>${esc(cpu.path)}</path>`);
  if (cpu.domain !== undefined) lines.push(`  <domain>${esc(cpu.domain)}</domain>`);
  if (cpu.machine !== undefined) lines.push(`  <machine>${esc(cpu.machine)}</machine>`);
  if (cpu.arch !== undefined) lines.push(`  <arch>${esc(cpu.arch)}</arch>`);
  return `${lines.join('\n')}\n${writeDomCapsCpu(cpu)}</domainCapabilities>\n`;
}
