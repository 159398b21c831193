/**
 * x86_64 seen through libvirt: the host document of the host `<cpu>` libvirt
 * reports (its cpu_map model plus features, expanded and renamed to QEMU's
 * names), and domcapabilities' custom models of a QEMU (only the names
 * libvirt's cpu_map knows, blockers in libvirt's names).
 */
import { near } from '../../core/suggest.js';
import { LIBVIRT_X86_MODELS } from '../../data/x86_64/libvirt-models.js';
import { fail, ok, type Result } from '../../core/errors.js';
import type { DomCapsModel } from '../../core/libvirt-model.js';
import type { CpuDefinitionFacts, LibvirtHostCpu, LibvirtHostSource } from '../../core/management.js';
import { signature } from '../../core/signature.js';
import type { FeatureSet } from '../../core/bitset.js';
import { X86_KVM_ANY_HOST } from '../../data/x86_64/kvm.js';
import { LIBVIRT_X86_VENDORS } from '../../data/x86_64/libvirt-features.js';
import { HOST_DOC_FORMAT, type HostDoc } from '../../host/doc.js';
import { usableOf } from '../custom-models.js';
import { X86Driver, type X86Cpu } from './driver.js';
import { expandLibvirtCpu, libvirtModel } from './hostmodel.js';
import { x86NameMap } from './names.js';

let latest: X86Driver | undefined;

/** The TCG driver of the latest catalog, built once. */
export function latestX86Driver(): X86Driver {
  return (latest ??= new X86Driver({ profile: 'latest' }));
}

export function x86HostFromLibvirt(h: LibvirtHostCpu, { origin, kind, accel }: LibvirtHostSource): Result<HostDoc> {
  const names = expandLibvirtCpu(h.model, h.require, h.disable);
  if (!names) return fail({ code: 'bad-host-data', message: `${origin}: the host CPU names '${h.model}', which libvirt's x86 CPU map does not know`, value: h.model, ...near(h.model, LIBVIRT_X86_MODELS.map((m) => m.name)) });
  const x86 = latestX86Driver();
  const cat = x86.catalog;
  const toQemu = x86NameMap().libvirtToQemu;
  const qemu: string[] = [];
  const unknown: string[] = [];
  for (const n of names) {
    const q = toQemu.get(n);
    if (q && cat.feature(q)) qemu.push(q);
    else unknown.push(n);
  }
  const set = cat.setOf(qemu);
  const vendorString = h.vendor ? (LIBVIRT_X86_VENDORS.find((v) => v.name === h.vendor)?.string ?? h.vendor) : '';
  // KVM emulates some features on any host, and libvirt's capabilities host <cpu> leaves them out: count them for the name only.
  // Not under TCG (<domain>qemu</domain>): there the host-model is TCG's own max, every feature it has listed, and KVM emulates nothing
  const emulated = accel === 'tcg' ? [] : X86_KVM_ANY_HOST;
  const naming = set.or(x86.cat.alwaysOn).or(cat.setOf(emulated.filter((f) => cat.feature(f))));
  const model = libvirtNamed(x86, h.model, h.disable, names, naming, toQemu, emulated) ?? x86.bestNamed(naming, vendorString || undefined);
  const sig = signature(cat, set);
  const notes = [`from libvirt's ${h.model} + ${h.require.length} required − ${h.disable.length} disabled features, expanded through libvirt's x86 CPU map`];
  if (unknown.length) notes.push(`libvirt features without a QEMU name, not used: ${unknown.join(' ')}`);
  return ok({
    format: HOST_DOC_FORMAT,
    arch: 'x86_64',
    name: origin,
    identity: {
      vendor: vendorString,
      ...(h.signature ? { family: h.signature.family, model: h.signature.model, ...(h.signature.stepping !== undefined ? { stepping: h.signature.stepping } : {}) } : {}),
      libvirtModel: h.model,
    },
    model: model.cls.name,
    features: cat.names(set),
    signature: sig,
    display: `${model.cls.name}@${sig}`,
    delta: { added: cat.names(set.andNot(model.features)), removed: cat.names(model.features.andNot(set)) },
    source: { kind, origin },
    notes,
  });
}

/**
 * The QEMU model libvirt's own name stands for, when libvirt's definition of
 * that model is covered by the host (its features, less any that KVM
 * emulates on every host, under KVM): the newest version of the named QEMU model whose
 * QEMU features fit, else the version the name stands for. QEMU's model may
 * carry features libvirt's definition leaves out (topoext in EPYC-Rome);
 * those show up as removed in the delta. Undefined when libvirt's definition
 * is not covered or QEMU has no such model. Features the host-model
 * disables are left out of libvirt's definition here (removed in the delta).
 */
function libvirtNamed(x86: X86Driver, model: string, disabled: readonly string[], hostNames: readonly string[], naming: FeatureSet, toQemu: ReadonlyMap<string, string>, emulated: readonly string[]): X86Cpu | undefined {
  // libvirt's host-model may disable features of its own model (<feature policy='disable'>): it still means that model, less those
  const off = new Set(disabled);
  const own = expandLibvirtCpu(model, [])?.filter((n) => !off.has(n));
  if (!own) return undefined;
  const have = new Set(hostNames);
  const kvm = new Set(emulated);
  if (!own.every((n) => have.has(n) || kvm.has(toQemu.get(n) ?? n))) return undefined;
  const named = x86.parse({ name: model });
  if (!named.ok) return undefined;
  const stem = (named.value.cls.aliasOf ?? named.value.cls.name).replace(/-v\d+$/, '');
  let best: X86Cpu | undefined;
  for (const c of x86.cat.classes) {
    if (c.kind !== 'version' || c.name.replace(/-v\d+$/, '') !== stem) continue;
    const v = x86.parse({ name: c.name });
    if (v.ok && v.value.features.isSubsetOf(naming) && (!best || v.value.features.count() > best.features.count())) best = v.value;
  }
  if (best) return best;
  const target = named.value.cls.aliasOf ? x86.parse({ name: named.value.cls.aliasOf }) : named;
  return target.ok ? target.value : undefined;
}

const libvirtName = (qemu: string): string => x86NameMap().qemuToLibvirt.get(qemu) ?? qemu;

/** The definitions libvirt's cpu_map knows, with its vendor, `canonical` for an alias, blockers in libvirt's names. */
export function x86CustomModels(definitions: readonly CpuDefinitionFacts[]): DomCapsModel[] {
  const models: DomCapsModel[] = [];
  for (const d of definitions) {
    const lv = libvirtModel(d.name);
    if (!lv) continue;
    const m: DomCapsModel = { name: d.name, ...usableOf(d, libvirtName), vendor: lv.vendor ?? 'unknown' };
    if (d.deprecated) m.deprecated = true;
    if (typeof d['alias-of'] === 'string') m.canonical = d['alias-of'];
    models.push(m);
  }
  return models;
}
