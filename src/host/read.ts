/**
 * The one reader of host descriptions: whatever a command is given as a
 * host (probe FILE, models/expand/compare/qmp --host, labels, domcapabilities,
 * host-model --profile, migrate-check, baseline --hosts, placement,
 * upgrade-check, the fleet service and the agent) is read here, so that every
 * command reads the same set of formats:
 *
 *  - a cpumodels host document, a JSON array of them, NDJSON of either form
 *    (full or compact, host/compact.ts);
 *  - libvirt capabilities, domcapabilities or a bare host `<cpu>`;
 *  - an architecture's own texts (toHostDoc): /proc/cpuinfo, /proc/sysinfo,
 *    CPUID dumps (libvirt `<cpudata>`, `cpuid -r`), QMP expansion replies.
 *
 * Malformed JSON or XML is an error naming the file (and the position).
 */
import { fail, ok, type Result } from '../core/errors.js';
import { LibvirtXmlError, libvirtFormats } from '../core/libvirt-model.js';
import { hostDocOfLibvirtCpu, toHostDoc, type ConvertOptions } from './convert.js';
import { HOST_DOC_FORMAT, validateHostDoc, type HostDoc } from './doc.js';
import { readHostLinesIfAny } from './compact.js';

/** One text's host documents (several for a JSON array or NDJSON), or an error naming the file. */
export function readHostDocs(text: string, file: string, opts: ConvertOptions = {}): Result<HostDoc[]> {
  // NDJSON of either form, or one compact document (host/compact.ts)
  const lines = readHostLinesIfAny(text, file);
  if (lines) return lines;
  const t = text.trimStart();
  if (t.startsWith('{') || t.startsWith('[') || file.toLowerCase().endsWith('.json')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return fail({ code: 'malformed-json', message: `${file}: malformed JSON: ${(e as Error).message}`, value: file });
    }
    if (Array.isArray(json)) {
      const docs: HostDoc[] = [];
      for (let i = 0; i < json.length; i++) {
        const d = validateHostDoc(json[i], `${file}[${i}]`);
        if (!d.ok) return d;
        docs.push(d.value);
      }
      return ok(docs);
    }
    if (json && typeof json === 'object' && (json as Record<string, unknown>)['format'] === HOST_DOC_FORMAT) {
      const d = validateHostDoc(json, file);
      return d.ok ? ok([d.value]) : d;
    }
  } else if (t.startsWith('<')) {
    // several host <cpu>s (libvirt's <cpuTest> list, or top-level <cpu>s as virsh cpu-baseline reads them): one host each
    const list = readHostCpuList(text, file);
    if (list) return list;
    const v = libvirtFormats().checkWellFormed(text, file);
    if (!v.ok) return v;
  }
  const d = toHostDoc(text, file, opts);
  return d.ok ? ok([d.value]) : d;
}

/** The hosts of a list of libvirt host <cpu>s (each named FILE[i], as a JSON array's are), or null when the text is no such list. */
function readHostCpuList(text: string, file: string): Result<HostDoc[]> | null {
  let cpus;
  try {
    cpus = libvirtFormats().readHostCpuList(text, file);
  } catch (e) {
    if (e instanceof LibvirtXmlError) return fail({ code: e.code, message: e.message, ...(e.value !== undefined ? { value: e.value } : {}) });
    throw e;
  }
  if (!cpus) return null;
  const docs: HostDoc[] = [];
  for (let i = 0; i < cpus.length; i++) {
    const d = hostDocOfLibvirtCpu(cpus[i]!, cpus.length === 1 ? file : `${file}[${i}]`);
    if (!d.ok) return d;
    docs.push(d.value);
  }
  return ok(docs);
}

/** The one host a text describes (readHostDocs), or an error naming the file when it holds several or none. */
export function readHostDoc(text: string, file: string, opts: ConvertOptions = {}): Result<HostDoc> {
  const r = readHostDocs(text, file, opts);
  if (!r.ok) return r;
  if (r.value.length !== 1) return fail({ code: 'one-host-expected', message: `${file}: holds ${r.value.length} hosts; one is needed here`, value: file, hint: 'give a file of one host (cpumodels probe --json FILE writes one); a file of several goes to the commands that take a set of hosts: probe, baseline --hosts, placement --hosts' });
  return ok(r.value[0]!);
}
