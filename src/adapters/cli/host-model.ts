/**
 * `cpumodels host-model`: libvirt's host-model CPU for a host, written for
 * a libvirt release.
 *
 * The host is a CPUID dump, `cpuid -r`, /proc/cpuinfo or a QMP expansion
 * (src/arch/x86_64/probe.ts), or a libvirt `<cpu>` with a model (a host CPU
 * as `virsh capabilities` prints it, or a guest CPU definition such as a
 * baseline result): its model's features plus require minus disable.
 *
 * The XML is the guest CPU definition libvirt writes for host-model
 * (match='exact', fallback='forbid', vendor, required features) with the
 * host's <arch>, so that it is also a host CPU `virsh cpu-baseline` and
 * `cpu-compare` read as they are.
 */
import { fail, ok, type Result } from '../../core/errors.js';
import { decodedFromLibvirt, type DecodedX86Cpu } from '../../arch/x86_64/cpuid.js';
import { expandLibvirtCpu, libvirtModel, type HostModelResult } from '../../arch/x86_64/hostmodel.js';
import { probeX86Text } from '../../arch/x86_64/probe.js';
import { LIBVIRT_X86_VENDORS } from '../../data/x86_64/libvirt-features.js';
import { LibvirtXmlError, writeCpu, type LibvirtCpu } from '../libvirt/cpu-xml.js';
import { extractCpus } from '../libvirt/extract-cpus.js';

/** A libvirt `<cpu>` with a model as decoded CPU data (libvirt's names). */
export function decodedFromLibvirtCpu(cpu: LibvirtCpu, source: string): Result<DecodedX86Cpu> {
  if (!cpu.model) return fail({ code: 'bad-host-data', message: `${source}: the <cpu> names no model, so it says nothing about the host's features`, value: source });
  const on = cpu.features.filter((f) => f.policy === undefined || f.policy === 'require' || f.policy === 'force').map((f) => f.name);
  const off = cpu.features.filter((f) => f.policy === 'disable' || f.policy === 'forbid').map((f) => f.name);
  const libvirt = expandLibvirtCpu(cpu.model.name, on, off);
  if (!libvirt) return fail({ code: 'bad-host-data', message: `${source}: <model>${cpu.model.name}</model> is no libvirt x86 CPU model`, value: cpu.model.name });
  const vendor = cpu.vendor ?? libvirtModel(cpu.model.name)?.vendor;
  return ok(decodedFromLibvirt({ source, vendorString: LIBVIRT_X86_VENDORS.find((v) => v.name === vendor)?.string ?? '', vendor, signature: cpu.signature, libvirt, qemu: [] }));
}

/** The host's CPU data from any x86 host description cpumodels reads, or a libvirt `<cpu>`. */
export function decodeHostText(text: string, origin: string): Result<DecodedX86Cpu> {
  const probed = probeX86Text(text, origin);
  if (probed.ok || !/<cpu[\s>]/.test(text) || /<cpudata[\s>]/.test(text)) return probed;
  let cpus: LibvirtCpu[];
  try {
    cpus = extractCpus(text, origin).cpus;
  } catch (e) {
    if (e instanceof LibvirtXmlError) return fail({ code: e.code, message: e.message, value: origin });
    throw e;
  }
  if (cpus.length !== 1) return fail({ code: 'bad-host-data', message: `${origin}: ${cpus.length} <cpu> elements; host-model describes one host`, value: origin });
  return decodedFromLibvirtCpu(cpus[0]!, origin);
}

/** libvirt's host-model CPU as XML (see the top of this file). */
export function hostModelXml(r: HostModelResult): string {
  return writeCpu({
    match: 'exact',
    arch: 'x86_64',
    model: { name: r.model, fallback: 'forbid' },
    ...(r.vendor ? { vendor: r.vendor } : {}),
    features: [...r.features.map((name) => ({ name, policy: 'require' as const })), ...r.disabled.map((name) => ({ name, policy: 'disable' as const }))],
  });
}
