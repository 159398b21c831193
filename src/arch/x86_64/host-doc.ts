/**
 * The x86 host a driver answers for, from a host document (host/doc.ts):
 * what the runnability engine (host/engine.ts) and `--host FILE` of a
 * document-only format (libvirt XML, host documents) both build the driver
 * with, so that both answer alike.
 */
import type { FeatureSet } from '../../core/bitset.js';
import type { FeatureCatalog } from '../../core/catalog.js';
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

/** What a document's features are a view of (kvm.ts X86HostFacts): QEMU's KVM expansion of host, libvirt's host-model, or the bare CPU. */
export const x86HostView = (doc: HostDoc): 'libvirt' | 'kvm' | 'cpu' => (isLibvirtSourced(doc) ? 'libvirt' : doc.source.kind === 'qmp-expansion' || doc.source.kind === 'qmp-endpoint' ? 'kvm' : 'cpu');

/** Per release catalog, what making a KVM host of a document needs: the features libvirt has no name for, and the VMX capability words. */
const x86HostTables = new WeakMap<X86Catalog, { unnamed: FeatureSet; vmx: number; vmxWords: FeatureSet }>();
function hostTablesOf(cat: X86Catalog): { unnamed: FeatureSet; vmx: number; vmxWords: FeatureSet } {
  let t = x86HostTables.get(cat);
  if (t) return t;
  const named = x86LibvirtNamed();
  const unnamed = cat.features.empty();
  for (const f of cat.features.features) if (!named.has(f.name)) unnamed.add(f.index);
  const vmxWords = cat.features.empty();
  for (const [w, set] of cat.word) if (w.startsWith('FEAT_VMX')) vmxWords.ior(set);
  t = { unnamed, vmx: cat.features.feature('vmx')?.index ?? -1, vmxWords };
  x86HostTables.set(cat, t);
  return t;
}

/**
 * The host a KVM driver is built on, from a host document: its features in
 * the catalog's names (`known`: already as a set, used when of this
 * catalog), plus (read from libvirt) every feature libvirt has no name for —
 * libvirt cannot say, QEMU checks them — plus (a CPUID dump or /proc/cpuinfo
 * of a host with vmx) the VMX capability bits such a description cannot
 * carry (they cannot be told apart from absent, and the host does have VMX).
 */
export function x86HostOfDoc(doc: HostDoc, cat: X86Catalog, known?: { catalog: FeatureCatalog; set: FeatureSet }): X86Host {
  const t = hostTablesOf(cat);
  const id = doc.identity as { vendor?: string; family?: number; model?: number; stepping?: number; brand?: string };
  const view = x86HostView(doc);
  const features = known && known.catalog === cat.features ? known.set.clone() : cat.features.setOf(doc.features.filter((n) => cat.features.feature(n)));
  if (view === 'libvirt') features.ior(t.unnamed);
  if (view === 'cpu' && features.has(t.vmx) && !t.vmxWords.intersects(features)) features.ior(t.vmxWords);
  return { features, vendor: id.vendor ?? '', family: id.family ?? 0, model: id.model ?? 0, stepping: id.stepping ?? 0, brand: id.brand ?? '', source: doc.source.origin, view };
}
