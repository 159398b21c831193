/**
 * x86_64 seen through libvirt: the host document of the host `<cpu>` libvirt
 * reports (its cpu_map model plus features, expanded and renamed to QEMU's
 * names), and domcapabilities' custom models of a QEMU (only the names
 * libvirt's cpu_map knows, blockers in libvirt's names).
 */
import { fail, ok, type Result } from '../../core/errors.js';
import type { DomCapsModel } from '../../core/libvirt-model.js';
import type { CpuDefinitionFacts, LibvirtHostCpu, LibvirtHostSource } from '../../core/management.js';
import { signature } from '../../core/signature.js';
import { LIBVIRT_X86_VENDORS } from '../../data/x86_64/libvirt-features.js';
import { HOST_DOC_FORMAT, type HostDoc } from '../../host/doc.js';
import { usableOf } from '../custom-models.js';
import { X86Driver } from './driver.js';
import { expandLibvirtCpu, libvirtModel } from './hostmodel.js';
import { x86NameMap } from './names.js';

let latest: X86Driver | undefined;

/** The TCG driver of the latest catalog, built once. */
export function latestX86Driver(): X86Driver {
  return (latest ??= new X86Driver({ profile: 'latest' }));
}

export function x86HostFromLibvirt(h: LibvirtHostCpu, { origin, kind }: LibvirtHostSource): Result<HostDoc> {
  const names = expandLibvirtCpu(h.model, h.require, h.disable);
  if (!names) return fail({ code: 'bad-host-data', message: `${origin}: the host CPU names '${h.model}', which libvirt's x86 CPU map does not know`, value: h.model });
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
  const model = x86.bestNamed(set.or(x86.cat.alwaysOn), vendorString || undefined);
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
