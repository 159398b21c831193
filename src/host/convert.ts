/**
 * Any host description → a host capability document. The source format
 * (and the architecture) is detected from the text, not asked for.
 */
import { fail, ok, type Result } from '../core/errors.js';
import { signature } from '../core/signature.js';
import { s390Catalog } from '../arch/s390x/catalog.js';
import { S390Driver } from '../arch/s390x/driver.js';
import { formatIdentity } from '../arch/s390x/identity.js';
import { detectFormat as detectS390, probeText as probeS390 } from '../arch/s390x/probe.js';
import { X86Driver } from '../arch/x86_64/driver.js';
import { detectX86Format, probeX86Text } from '../arch/x86_64/probe.js';
import { HOST_DOC_FORMAT, isHostDocText, parseHostDoc, type HostDoc } from './doc.js';

export type HostArch = HostDoc['arch'];

/** Which architecture a text describes, or null. */
export function detectArch(text: string): HostArch | null {
  if (/^vendor_id\s*:\s*IBM\/S390/m.test(text) || /^facilities\s*:/m.test(text)) return 's390x';
  if (/^Manufacturer:\s+IBM/m.test(text) && /^Type:\s+[0-9A-Fa-f]{4}/m.test(text)) return 's390x';
  if (/<cpudata arch=['"]x86['"]/.test(text) || /^vendor_id\s*:\s*(GenuineIntel|AuthenticAMD|HygonGenuine|CentaurHauls)/m.test(text)) return 'x86_64';
  if (detectX86Format(text) === 'cpuid-r') return 'x86_64';
  const t = text.trimStart();
  if (t.startsWith('{')) {
    if (/"vendor"\s*:/.test(text) || /"family"\s*:/.test(text)) return 'x86_64';
    if (/"name"\s*:\s*"(z\d|gen1\d|qemu|max|host)[^"]*-base"/.test(text) || /"name"\s*:\s*"(z\d|gen1\d)/.test(text)) return 's390x';
  }
  return null;
}

const s390Driver = new Map<string, S390Driver>();

function s390Doc(text: string, origin: string, profile: '7.2' | 'latest'): Result<HostDoc> {
  const cat = s390Catalog(profile);
  const p = probeS390(cat, text, origin);
  if (!p.ok) return p;
  const key = profile;
  let drv = s390Driver.get(key);
  if (!drv) {
    drv = new S390Driver({ profile });
    s390Driver.set(key, drv);
  }
  const norm = drv.normalize({ model: p.value.def.name, features: p.value.features });
  return ok({
    format: HOST_DOC_FORMAT,
    arch: 's390x',
    name: origin,
    identity: { ...formatIdentity(p.value.def, cat), machineType: p.value.machineType.toString(16).padStart(4, '0') },
    model: p.value.def.name,
    features: cat.features.names(p.value.features),
    signature: norm.signature,
    display: norm.display,
    delta: { added: norm.added, removed: norm.removed },
    source: { kind: p.value.source, origin },
    notes: p.value.notes,
  });
}

let x86: X86Driver | undefined;

function x86Doc(text: string, origin: string): Result<HostDoc> {
  const cpu = probeX86Text(text, origin);
  if (!cpu.ok) return cpu;
  x86 ??= new X86Driver({ profile: 'latest' });
  const set = x86.catalog.setOf(cpu.value.qemu.filter((n) => x86!.catalog.feature(n)));
  // QEMU shows every guest the hypervisor bit, which bare metal never has: match models without it
  const model = x86.bestNamed(set.or(x86.cat.alwaysOn), cpu.value.vendorString);
  const sig = signature(x86.catalog, set);
  const fmt = detectX86Format(text);
  const kind = fmt === 'cpudata' ? 'cpudata' : fmt === 'cpuid-r' ? 'cpuid-r' : fmt === 'qmp-expansion' ? 'qmp-expansion' : 'cpuinfo';
  return ok({
    format: HOST_DOC_FORMAT,
    arch: 'x86_64',
    name: origin,
    identity: { vendor: cpu.value.vendorString, family: cpu.value.family, model: cpu.value.model, stepping: cpu.value.stepping, brand: cpu.value.brand },
    model: model.cls.name,
    features: x86.catalog.names(set),
    signature: sig,
    display: `${model.cls.name}@${sig}`,
    delta: { added: x86.catalog.names(set.andNot(model.features)), removed: x86.catalog.names(model.features.andNot(set)) },
    source: { kind, origin },
  });
}

export interface ConvertOptions {
  /** s390x catalog profile (default latest: a host may be newer than QEMU 7.2) */
  profile?: '7.2' | 'latest';
}

/** Convert any supported host description to a host document. */
export function toHostDoc(text: string, origin: string, opts: ConvertOptions = {}): Result<HostDoc> {
  if (isHostDocText(text)) return parseHostDoc(text, origin);
  const arch = detectArch(text);
  if (arch === 's390x' || (arch === null && detectS390(text) !== null && detectS390(text) !== 'qmp-expansion')) return s390Doc(text, origin, opts.profile ?? 'latest');
  if (arch === 'x86_64') return x86Doc(text, origin);
  return fail({
    code: 'bad-host-data',
    message: `${origin}: not a host description cpumodels can read`,
    hint: 'one of: /proc/cpuinfo, /proc/sysinfo, a CPUID dump (libvirt <cpudata> or cpuid -r), a QMP query-cpu-model-expansion reply, or a cpumodels host document',
  });
}
