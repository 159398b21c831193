/** `cpumodels labels`: the CLI side (reads files, prints); the rules are in kubevirt.ts, nfd.ts, migratability.ts. */
import { readFileSync } from 'node:fs';
import { fail, ok, type Result } from '../core/errors.js';
import { visitHostFiles, type ReadText } from '../fleet/commands.js';
import { isDomCapsText } from '../adapters/libvirt/domcaps.js';
import { classOf, engineClass, readHost } from '../service/engine.js';
import { classKey } from '../storage/storage.js';
import { formatLabels, hostLabels, type LabelFormat, type Scheme } from './labels.js';
import { migratability, type FleetPart, type Migratability } from './migratability.js';

export interface LabelsCommand {
  host: string;
  scheme: Scheme;
  format: LabelFormat;
  fleet?: string[];
  obsolete?: string[];
  node?: string;
  /** how the fleet files are read (the CLI's gate) */
  read?: ReadText;
}

/** The classes of a fleet read from host files, with their host counts (warnings: the bad files --skip-bad skipped). */
export function fleetParts(paths: readonly string[], read?: ReadText, warnings: string[] = []): Result<FleetPart[]> {
  const parts = new Map<string, FleetPart>();
  // each host as it is read: an NDJSON fleet file is never held whole
  const r = visitHostFiles(
    paths,
    ({ doc, file }) => {
      const c = classOf(doc);
      if (!c.ok) return fail({ ...c.error, message: `${file}: ${c.error.message}` });
      const key = classKey(c.value);
      const p = parts.get(key);
      if (p) p.hosts++;
      else {
        const cls = engineClass({ id: -1, ...c.value });
        if (!cls.ok) return cls;
        parts.set(key, { row: c.value, cls: cls.value, hosts: 1 });
      }
      return ok(undefined);
    },
    read,
  );
  if (!r.ok) return r;
  warnings.push(...r.value.warnings);
  return ok([...parts.values()]);
}

export function cmdLabels(o: LabelsCommand): Result<{ stdout: string; stderr?: string; migratability?: Migratability }> {
  let text: string;
  try {
    text = readFileSync(o.host, 'utf8');
  } catch (e) {
    return fail({ code: 'io-error', message: `${o.host}: ${(e as Error).message}`, value: o.host });
  }
  const read = readHost(text, o.host);
  if (!read.ok && !(o.scheme === 'kubevirt' && isDomCapsText(text))) return read;
  const doc = read.ok ? read : undefined;
  let m: Migratability | undefined;
  const warnings: string[] = [];
  if (o.fleet?.length && doc) {
    const parts = fleetParts(o.fleet, o.read, warnings);
    if (!parts.ok) return parts;
    const own = classOf(doc.value);
    if (!own.ok) return own;
    const r = migratability(own.value, parts.value);
    // no host-model on the architecture (aarch64) or host (its CPU not known): no label, as the service gives none
    if (!r.ok && r.error.code !== 'unsupported' && r.error.code !== 'host-model-unavailable') return r;
    m = r.ok ? r.value : undefined;
  }
  const l = hostLabels(text, doc?.value, o.host, { scheme: o.scheme, ...(o.obsolete ? { obsolete: o.obsolete } : {}), ...(m ? { migratability: m } : {}) });
  if (!l.ok) return l;
  return ok({ stdout: formatLabels(l.value, o.format, o.node ?? doc?.value.name ?? 'NODE'), ...(warnings.length ? { stderr: warnings.join('') } : {}), ...(m ? { migratability: m } : {}) });
}
