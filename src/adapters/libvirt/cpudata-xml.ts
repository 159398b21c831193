/**
 * libvirt's CPU data dumps, `<cpudata arch='x86'>` with `<cpuid>` and `<msr>`
 * elements (the format of libvirt's tests/cputestdata and of `virsh` CPU
 * data), read into and written from a CpuidDump. Decoding a dump is the x86
 * driver's (arch/x86_64/cpuid.ts); this file only knows the XML.
 */
import { fail, ok, type ErrorCode, type Result } from '../../core/errors.js';
import { leafKey, type CpuidDump } from '../../core/libvirt-model.js';
import { attrsOf, childrenOf, findAll, LibvirtXmlError, parseXml, tagOf } from './cpu-xml.js';

/** The one kind of `<cpudata>` this reader reads (libvirt's name for x86 CPU data). */
const CPUDATA_X86 = 'x86';

const hex = (n: number): string => `0x${n.toString(16)}`;

function bad(message: string, value?: string, code: ErrorCode = 'bad-host-data'): Result<never> {
  return fail({ code, message, ...(value !== undefined ? { value } : {}) });
}

/** A 32-bit register value written as 0x… hex (or decimal). */
function u32(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  let n: number;
  if (/^0x[0-9a-f]{1,8}$/i.test(t)) n = parseInt(t, 16);
  else if (/^\d{1,10}$/.test(t)) n = Number(t);
  else return undefined;
  return n <= 0xffffffff ? n >>> 0 : undefined;
}

/**
 * libvirt's `<cpudata arch='x86'>` dump → CpuidDump.
 * `<cpuid eax_in='…' ecx_in='…' eax='…' ebx='…' ecx='…' edx='…'/>` and
 * `<msr index='…' edx='…' eax='…'/>`; ecx_in defaults to 0.
 */
export function parseCpuidXml(text: string, file: string): Result<CpuidDump> {
  let doc;
  try {
    doc = parseXml(text, file);
  } catch (e) {
    if (e instanceof LibvirtXmlError) return bad(e.message, e.value, e.code);
    throw e;
  }
  const roots = findAll(doc, 'cpudata');
  if (!roots.length) return bad(`${file}: no <cpudata> element found`, 'cpudata');
  if (roots.length > 1) return bad(`${file}: ${roots.length} <cpudata> elements; one CPU per file`, 'cpudata');
  const root = roots[0]!;
  // the document says what it holds; CPUID leaves and MSRs are x86's only
  const declared = attrsOf(root)['arch'];
  if (declared !== CPUDATA_X86) return bad(`${file}: <cpudata arch='${declared ?? ''}'>: not x86 CPU data (arch must be '${CPUDATA_X86}')`, declared ?? '');
  const dump: CpuidDump = { source: file, leaves: new Map(), msrs: new Map() };
  for (const node of childrenOf(root)) {
    const tag = tagOf(node);
    if (tag === undefined || tag === '#text' || tag === '#comment') continue;
    const a = attrsOf(node);
    const show = () => `<${tag}${Object.entries(a).map(([k, v]) => ` ${k}='${v}'`).join('')}/>`;
    if (tag === 'cpuid') {
      for (const k of ['eax_in', 'eax', 'ebx', 'ecx', 'edx']) {
        if (a[k] === undefined) return bad(`${file}: ${show()}: attribute ${k} is missing`, k);
      }
      const vals: Record<string, number> = {};
      for (const k of ['eax_in', 'ecx_in', 'eax', 'ebx', 'ecx', 'edx']) {
        if (a[k] === undefined) continue; // only ecx_in may be absent here
        const v = u32(a[k]);
        if (v === undefined) return bad(`${file}: ${show()}: ${k}='${a[k]}' is not a 32-bit number`, a[k]);
        vals[k] = v;
      }
      const key = leafKey(vals['eax_in']!, vals['ecx_in'] ?? 0);
      if (dump.leaves.has(key)) return bad(`${file}: ${show()}: CPUID leaf ${hex(vals['eax_in']!)} subleaf ${hex(vals['ecx_in'] ?? 0)} appears twice`, a['eax_in']);
      dump.leaves.set(key, { eax: vals['eax']!, ebx: vals['ebx']!, ecx: vals['ecx']!, edx: vals['edx']! });
    } else if (tag === 'msr') {
      for (const k of ['index', 'eax', 'edx']) {
        if (a[k] === undefined) return bad(`${file}: ${show()}: attribute ${k} is missing`, k);
      }
      const vals: Record<string, number> = {};
      for (const k of ['index', 'eax', 'edx']) {
        const v = u32(a[k]);
        if (v === undefined) return bad(`${file}: ${show()}: ${k}='${a[k]}' is not a 32-bit number`, a[k]);
        vals[k] = v;
      }
      const index = vals['index']!;
      if (dump.msrs.has(index)) return bad(`${file}: ${show()}: MSR ${hex(index)} appears twice`, a['index']);
      dump.msrs.set(index, { eax: vals['eax']!, edx: vals['edx']!, value: (BigInt(vals['edx']!) << 32n) | BigInt(vals['eax']!) });
    } else {
      return bad(`${file}: <cpudata> holds an unknown element <${tag}> (expected <cpuid> or <msr>)`, tag);
    }
  }
  return ok(dump);
}

/** Write a dump in libvirt's `<cpudata arch='x86'>` form (leaves in order, then MSRs). */
export function writeCpuidXml(dump: CpuidDump, comment?: string): string {
  const h8 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
  const h2 = (n: number) => `0x${(n >>> 0).toString(16).padStart(2, '0')}`;
  const leaves = [...dump.leaves.entries()]
    .map(([k, r]) => {
      const [leaf, sub] = k.split(':').map(Number) as [number, number];
      return { leaf, sub, r };
    })
    .sort((a, b) => a.leaf - b.leaf || a.sub - b.sub);
  const lines = [...(comment ? [`<!-- ${comment} -->`] : []), "<cpudata arch='x86'>"];
  for (const { leaf, sub, r } of leaves) lines.push(`  <cpuid eax_in='${h8(leaf)}' ecx_in='${h2(sub)}' eax='${h8(r.eax)}' ebx='${h8(r.ebx)}' ecx='${h8(r.ecx)}' edx='${h8(r.edx)}'/>`);
  for (const [index, m] of [...dump.msrs.entries()].sort((a, b) => a[0] - b[0])) lines.push(`  <msr index='${h8(index)}' edx='${h8(m.edx)}' eax='${h8(m.eax)}'/>`);
  lines.push('</cpudata>');
  return lines.join('\n') + '\n';
}

