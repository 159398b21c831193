/**
 * ppc64 seen through libvirt: the host document of the host `<cpu>` libvirt
 * reports (a cpu_map POWERx model, no PVR), and domcapabilities' custom
 * models of a QEMU (libvirt's POWERx models that QEMU offers).
 */
import { near } from '../../core/suggest.js';
import { fail, ok, type Result } from '../../core/errors.js';
import type { DomCapsModel } from '../../core/libvirt-model.js';
import type { CpuDefinitionFacts, LibvirtHostCpu, LibvirtHostSource } from '../../core/management.js';
import { HOST_DOC_FORMAT, type HostDoc } from '../../host/doc.js';
import { usableOf } from '../custom-models.js';
import { ppc64Catalog, type Ppc64Catalog, type Ppc64Class } from './catalog.js';
import type { FeatureSet } from '../../core/bitset.js';
import { probeHostText } from './probe.js';
import { looksLikeJson } from '../../core/expansion-reply.js';
import { Ppc64Driver } from './driver.js';

export function ppc64HostFromLibvirt(h: LibvirtHostCpu, { origin, kind }: LibvirtHostSource): Result<HostDoc> {
  const cat = ppc64Catalog('latest');
  const row = cat.libvirtModels.find((m) => m.name === h.model);
  if (!row) return fail({ code: 'bad-host-data', message: `${origin}: the host CPU names '${h.model}', which libvirt's ppc64 CPU map does not know`, value: h.model, ...near(h.model, cat.libvirtModels.map((m) => m.name), `known: ${cat.libvirtModels.map((m) => m.name).join(', ')}`) });
  // the family's default class (what its generic alias names), else the first class with one of the model's PVRs
  const fam = [...cat.families.values()].find((f) => f.libvirt === row.name);
  const cls = (fam?.defaultClass ? cat.classByName.get(fam.defaultClass) : undefined) ?? cat.classes.find((c) => row.pvr.some((p) => ((c.pvr & p.mask) >>> 0) === p.value));
  if (!cls) return fail({ code: 'bad-host-data', message: `${origin}: no QEMU ppc64 class has a PVR of libvirt's model '${h.model}'`, value: h.model });
  return ok(docOfHost(cat, cls, cls.features, { vendor: h.vendor ?? row.vendor, libvirtModel: row.name }, { kind, origin }, [`libvirt names the model (${row.name}), not the PVR: the family's class ${cls.name} at its own compat level stands for it`]));
}

/** The host document of a ppc64 class with its compat modes (the features). */
function docOfHost(cat: Ppc64Catalog, cls: Ppc64Class, features: FeatureSet, id: { pvr?: number; vendor: string | undefined; libvirtModel: string | undefined }, source: HostDoc['source'], notes: string[]): HostDoc {
  const drv = new Ppc64Driver({ profile: 'latest' });
  const norm = drv.normalize({ model: cls.name, features });
  const top = [...cat.compat].reverse().find((c) => features.has(cat.features.feature(c.feature)?.index ?? -1));
  return {
    format: HOST_DOC_FORMAT,
    arch: 'ppc64',
    name: source.origin,
    identity: { model: cls.name, family: cls.family.name, pvr: `0x${(id.pvr ?? cls.pvr).toString(16).padStart(8, '0')}`, ...(id.vendor ? { vendor: id.vendor } : {}), ...(top ? { compat: top.name } : {}), ...(id.libvirtModel ? { libvirtModel: id.libvirtModel } : {}) },
    model: norm.name,
    features: cat.features.names(features),
    signature: norm.signature,
    display: norm.display,
    delta: { added: norm.added, removed: norm.removed },
    source,
    ...(notes.length ? { notes } : {}),
  };
}

/**
 * The host document of a ppc64 Linux's /proc/cpuinfo (the PVR names the
 * class; an architected mode lowers the compat modes) or of a QMP expansion
 * of host (its max-cpu-compat) — what the ppc64 driver reads itself.
 */
export function ppc64HostDoc(text: string, origin: string): Result<HostDoc> {
  const cat = ppc64Catalog('latest');
  const h = probeHostText(cat, text, origin);
  if (!h.ok) return h;
  const notes = h.value.compat ? [`the host runs in ${h.value.compat.name} mode (architected): the compat modes stop there`] : [];
  return ok(docOfHost(cat, h.value.cls, h.value.features, { pvr: h.value.info.pvr, vendor: h.value.vendor, libvirtModel: h.value.libvirtModel }, { kind: looksLikeJson(text) ? 'qmp-expansion' : 'cpuinfo', origin }, notes));
}

/** libvirt's cpu_map POWERx models that QEMU offers (QEMU's names in any case), in the map's order. */
export function ppc64CustomModels(definitions: readonly CpuDefinitionFacts[]): DomCapsModel[] {
  const offered = new Map(definitions.map((d) => [d.name.toUpperCase(), d]));
  const models: DomCapsModel[] = [];
  for (const lm of ppc64Catalog('latest').libvirtModels) {
    const d = offered.get(lm.name);
    if (d) models.push({ name: lm.name, ...usableOf(d), vendor: lm.vendor });
  }
  return models;
}
