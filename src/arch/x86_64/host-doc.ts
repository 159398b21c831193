/**
 * The x86 host a driver answers for, from a host document (host/doc.ts):
 * what the runnability engine (host/engine.ts) and `--host FILE` of a
 * document-only format (libvirt XML, host documents) both build the driver
 * with, so that both answer alike.
 */
import type { FeatureSet } from '../../core/bitset.js';
import type { HostDoc } from '../../host/doc.js';
import type { X86Catalog } from './catalog.js';
import type { X86Host } from './driver.js';
import { x86FeatureNames } from './names.js';

let libvirtNamed: Set<string> | undefined;
/** QEMU x86 feature names libvirt has a name for. */
export function x86LibvirtNamed(): Set<string> {
  return (libvirtNamed ??= new Set(x86FeatureNames().filter((r) => r.qemu && r.libvirt).map((r) => r.qemu!)));
}

export const isLibvirtSourced = (doc: HostDoc): boolean => doc.source.kind === 'libvirt-domcapabilities' || doc.source.kind === 'libvirt-capabilities';

/**
 * The host of a (KVM) host document against a catalog: its features, plus —
 * read from libvirt — every QEMU feature libvirt has no name for (libvirt
 * cannot say, QEMU checks them), plus — a CPUID dump or /proc/cpuinfo with
 * vmx but no VMX capability MSRs — the VMX words (they cannot be told apart
 * from absent there, and the host does have VMX).
 */
export function x86HostOfDoc(doc: HostDoc, cat: X86Catalog): X86Host {
  const lv = isLibvirtSourced(doc);
  const id = doc.identity as { vendor?: string; family?: number; model?: number; stepping?: number; brand?: string };
  // what the features are a view of (kvm.ts X86HostFacts): QEMU's KVM expansion of host, libvirt's host-model, or the bare CPU
  const view = lv ? 'libvirt' : doc.source.kind === 'qmp-expansion' || doc.source.kind === 'qmp-endpoint' ? 'kvm' : 'cpu';
  const features: FeatureSet = cat.features.setOf(doc.features.filter((n) => cat.features.feature(n)));
  if (lv) {
    const named = x86LibvirtNamed();
    for (const f of cat.features.features) if (!named.has(f.name)) features.add(f.index);
  }
  if (view === 'cpu' && features.has(cat.features.feature('vmx')?.index ?? -1)) {
    const vmxWords = [...cat.word].filter(([w]) => w.startsWith('FEAT_VMX'));
    if (!vmxWords.some(([, set]) => set.intersects(features))) for (const [, set] of vmxWords) features.ior(set);
  }
  return { features, vendor: id.vendor ?? '', family: id.family ?? 0, model: id.model ?? 0, stepping: id.stepping ?? 0, brand: id.brand ?? '', source: doc.source.origin, view };
}
