/**
 * x86_64 host probing: any of the sources a host shows, detected from the
 * text, decoded into one DecodedX86Cpu (both vocabularies):
 *  - libvirt's CPUID dump (`<cpudata arch='x86'>`),
 *  - `cpuid -r` output,
 *  - /proc/cpuinfo,
 *  - a QMP reply of query-cpu-model-expansion for `host` (what libvirt caches).
 */
import { lazy, loadZod } from '../../core/lazy.js';
import { fail, ok, type Result } from '../../core/errors.js';
import { X86_FEATURES } from '../../data/x86_64/features.js';
import { decodeCpuidXml, decodeDump, nameBits, parseCpuidTool, parseProcCpuinfoX86, vendorName, type DecodedX86Cpu } from './cpuid.js';

export { detectX86Format, type X86ProbeFormat } from './cpuinfo-header.js';
import { detectX86Format } from './cpuinfo-header.js';

const reply = lazy(() => {
  const { z } = loadZod();
  const Expanded = z.object({ name: z.string(), props: z.record(z.string(), z.unknown()) });
  return z.union([z.object({ return: z.object({ model: Expanded }) }), z.object({ model: Expanded }), Expanded]);
});

/** A QMP expansion (static or full) of an x86 CPU → its identity and features. */
export function decodeQmpExpansion(json: unknown, file: string): Result<DecodedX86Cpu> {
  if (json && typeof json === 'object' && 'error' in json) {
    return fail({ code: 'bad-host-data', message: `${file}: the QMP reply is an error: ${(json as { error: { desc?: string } }).error.desc ?? ''}` });
  }
  const p = reply().safeParse(json);
  if (!p.success) {
    return fail({ code: 'bad-host-data', message: `${file}: not a query-cpu-model-expansion reply with props (${p.error.issues[0]?.path.join('.') || 'top level'}: ${p.error.issues[0]?.message})` });
  }
  const m = 'return' in p.data ? p.data.return.model : 'model' in p.data ? p.data.model : p.data;
  const props = m.props;
  const num = (k: string) => (typeof props[k] === 'number' ? (props[k] as number) : NaN);
  const vendorString = typeof props['vendor'] === 'string' ? (props['vendor'] as string) : '';
  if (vendorString.length !== 12 || !Number.isInteger(num('family'))) {
    return fail({ code: 'bad-host-data', message: `${file}: the expansion of '${m.name}' has no vendor/family properties (is it an x86 CPU?)`, value: m.name });
  }
  const on = new Set(Object.entries(props).filter(([, v]) => v === true).map(([k]) => k));
  const locs = new Set<string>();
  for (const r of X86_FEATURES) {
    if (!on.has(r.name) && !(r.aliases ?? []).some((a) => on.has(a))) continue;
    if (r.cpuid) locs.add(`c:${r.cpuid.leaf}:${r.cpuid.subleaf ?? 0}:${r.cpuid.reg}:${r.cpuid.bit}`);
    if (r.msr) locs.add(`m:${r.msr.index}:${r.msr.bit}`);
  }
  const names = nameBits((loc) => (loc.cpuid ? locs.has(`c:${loc.cpuid.leaf}:${loc.cpuid.subleaf ?? 0}:${loc.cpuid.reg}:${loc.cpuid.bit}`) : loc.msr ? locs.has(`m:${loc.msr.index}:${loc.msr.bit}`) : false));
  const family = num('family');
  const model = num('model');
  const stepping = num('stepping');
  const vendor = vendorName(vendorString);
  return ok({
    source: file,
    vendorString,
    ...(vendor ? { vendor } : {}),
    family,
    model,
    stepping,
    signature: 0,
    brand: typeof props['model-id'] === 'string' ? (props['model-id'] as string) : '',
    ...names,
  } as DecodedX86Cpu);
}

export function probeX86Text(text: string, file: string): Result<DecodedX86Cpu> {
  switch (detectX86Format(text)) {
    case 'cpudata':
      return decodeCpuidXml(text, file);
    case 'cpuid-r': {
      const d = parseCpuidTool(text, file);
      return d.ok ? decodeDump(d.value) : d;
    }
    case 'cpuinfo':
      return parseProcCpuinfoX86(text, file);
    case 'qmp-expansion': {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        return fail({ code: 'malformed-json', message: `${file}: malformed JSON: ${(e as Error).message}` });
      }
      return decodeQmpExpansion(json, file);
    }
    default:
      return fail({ code: 'bad-host-data', message: `${file}: not a CPUID dump (libvirt <cpudata> or cpuid -r), /proc/cpuinfo or QMP expansion reply`, hint: 'use --cpuid, --cpuinfo or --qmp with such a file' });
  }
}
