/**
 * s390x seen through libvirt: the host document of the host `<cpu>` libvirt
 * reports (a QEMU CPU definition plus features and feature groups).
 */
import { near } from '../../core/suggest.js';
import { fail, ok, type Result } from '../../core/errors.js';
import type { LibvirtHostCpu, LibvirtHostSource } from '../../core/management.js';
import type { Profile } from '../../core/profile.js';
import { HOST_DOC_FORMAT, type HostDoc } from '../../host/doc.js';
import { s390Catalog } from './catalog.js';
import { S390Driver } from './driver.js';
import { formatIdentity } from './identity.js';

const drivers = new Map<Profile, S390Driver>();

/** The TCG driver of a catalog profile, built once per profile. */
export function s390DriverFor(profile: Profile): S390Driver {
  let d = drivers.get(profile);
  if (!d) {
    d = new S390Driver({ profile });
    drivers.set(profile, d);
  }
  return d;
}

export function s390HostFromLibvirt(h: LibvirtHostCpu, { origin, kind }: LibvirtHostSource): Result<HostDoc> {
  const cat = s390Catalog('latest');
  const def = cat.defByName(h.model.replace(/-base$/, ''));
  if (!def) return fail({ code: 'bad-host-data', message: `${origin}: the host CPU names '${h.model}', which is no s390x CPU model`, value: h.model, ...near(h.model, cat.defs.map((d) => d.name)) });
  const features = def.base.clone();
  const unknown: string[] = [];
  for (const [list, on] of [[h.require, true], [h.disable, false]] as const) {
    for (const n of list) {
      // a name is a feature or a group (QEMU folds whole groups into one name)
      if (!cat.features.switchName(features, n, on)) unknown.push(n);
    }
  }
  const norm = s390DriverFor('latest').normalize({ model: def.name, features });
  const notes = unknown.length ? [`features this catalog does not know, not used: ${unknown.join(' ')}`] : [];
  return ok({
    format: HOST_DOC_FORMAT,
    arch: 's390x',
    name: origin,
    identity: { ...formatIdentity(def, cat) },
    model: def.name,
    features: cat.features.names(features),
    signature: norm.signature,
    display: norm.display,
    delta: { added: norm.added, removed: norm.removed },
    source: { kind, origin },
    ...(notes.length ? { notes } : {}),
  });
}
