/**
 * ppc64 seen through libvirt: the host document of the host `<cpu>` libvirt
 * reports (a cpu_map POWERx model, no PVR), and domcapabilities' custom
 * models of a QEMU (libvirt's POWERx models that QEMU offers).
 */
import { fail, ok, type Result } from '../../core/errors.js';
import type { DomCapsModel } from '../../core/libvirt-model.js';
import type { CpuDefinitionFacts, LibvirtHostCpu, LibvirtHostSource } from '../../core/management.js';
import { HOST_DOC_FORMAT, type HostDoc } from '../../host/doc.js';
import { usableOf } from '../custom-models.js';
import { ppc64Catalog } from './catalog.js';
import { Ppc64Driver } from './driver.js';

export function ppc64HostFromLibvirt(h: LibvirtHostCpu, { origin, kind }: LibvirtHostSource): Result<HostDoc> {
  const cat = ppc64Catalog('latest');
  const row = cat.libvirtModels.find((m) => m.name === h.model);
  if (!row) return fail({ code: 'bad-host-data', message: `${origin}: the host CPU names '${h.model}', which libvirt's ppc64 CPU map does not know`, value: h.model });
  // the family's default class (what its generic alias names), else the first class with one of the model's PVRs
  const fam = [...cat.families.values()].find((f) => f.libvirt === row.name);
  const cls = (fam?.defaultClass ? cat.classByName.get(fam.defaultClass) : undefined) ?? cat.classes.find((c) => row.pvr.some((p) => ((c.pvr & p.mask) >>> 0) === p.value));
  if (!cls) return fail({ code: 'bad-host-data', message: `${origin}: no QEMU ppc64 class has a PVR of libvirt's model '${h.model}'`, value: h.model });
  const drv = new Ppc64Driver({ profile: 'latest' });
  const norm = drv.normalize({ model: cls.name, features: cls.features });
  const top = cls.features.count() - 1;
  return ok({
    format: HOST_DOC_FORMAT,
    arch: 'ppc64',
    name: origin,
    identity: { model: cls.name, family: cls.family.name, pvr: `0x${cls.pvr.toString(16).padStart(8, '0')}`, vendor: h.vendor ?? row.vendor, ...(top >= 0 ? { compat: cat.compat[top]!.name } : {}), libvirtModel: row.name },
    model: norm.name,
    features: cat.features.names(cls.features),
    signature: norm.signature,
    display: norm.display,
    delta: { added: norm.added, removed: norm.removed },
    source: { kind, origin },
    notes: [`libvirt names the model (${row.name}), not the PVR: the family's class ${cls.name} at its own compat level stands for it`],
  });
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
