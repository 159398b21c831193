/**
 * `cpumodels labels` and the service's label routes: one host's labels in a
 * scheme (KubeVirt's node-labeller or Node Feature Discovery), with the
 * fleet-wide migratability label when a fleet is known, in JSON, YAML, a
 * kubectl command or an NFD local-source features file.
 */
import { fail, ok, type Result } from '../core/errors.js';
import { computeDomCaps } from '../host/domcaps.js';
import { isDomCapsText, readDomCapsCpu, type DomCapsCpu } from '../adapters/libvirt/domcaps.js';
import { LibvirtXmlError } from '../adapters/libvirt/cpu-xml.js';
import type { HostDoc } from '../host/doc.js';
import { archFacts } from '../arch/facts.js';
import { kubevirtLabels, sortKeys } from './kubevirt.js';
import { nfdFeaturesFile, nfdLabels } from './nfd.js';
import { MIGRATABILITY_LABEL, type Migratability } from './migratability.js';

export const SCHEMES = ['kubevirt', 'nfd'] as const;
export type Scheme = (typeof SCHEMES)[number];
export const LABEL_FORMATS = ['json', 'yaml', 'kubectl', 'nfd-features'] as const;
export type LabelFormat = (typeof LABEL_FORMATS)[number];

export interface LabelOptions {
  scheme?: Scheme;
  /** KubeVirt's obsoleteCPUModels (replaces its defaults) */
  obsolete?: readonly string[];
  /** the node's migratability over its fleet, when known */
  migratability?: Migratability;
}

/**
 * The labels of a host given as any description the CLI reads (its text) and
 * its host document (absent for a domcapabilities file without a host-model,
 * such as aarch64's: KubeVirt still labels its models).
 */
export function hostLabels(text: string, doc: HostDoc | undefined, origin: string, opts: LabelOptions = {}): Result<Record<string, string>> {
  let labels: Record<string, string>;
  if ((opts.scheme ?? 'kubevirt') === 'kubevirt') {
    // a domcapabilities file is taken as written (what KubeVirt reads); any other description through the engine's domcapabilities
    const d = domcapsOf(text, origin);
    if (!d.ok) return d;
    const l = kubevirtLabels(d.value.cpu, d.value.arch, opts.obsolete ? { obsolete: opts.obsolete } : {});
    if (!l.ok) return l;
    labels = l.value;
  } else if (opts.scheme === 'nfd') {
    if (!doc) return fail({ code: 'bad-host-data', message: `${origin}: says nothing about the host CPU, so it has no NFD labels`, value: origin, hint: 'give /proc/cpuinfo, a CPUID dump or a host document' });
    labels = nfdLabels(doc);
  }
  else return fail({ code: 'bad-option', message: `unknown label scheme '${String(opts.scheme)}'`, value: String(opts.scheme), hint: `one of ${SCHEMES.join(', ')}` });
  if (opts.migratability) labels[MIGRATABILITY_LABEL] = String(opts.migratability.percent);
  return ok(sortKeys(labels));
}

function domcapsOf(text: string, origin: string): Result<{ cpu: DomCapsCpu; arch: string }> {
  if (isDomCapsText(text)) {
    try {
      const cpu = readDomCapsCpu(text, origin);
      if (cpu.arch) return ok({ cpu, arch: archFacts(cpu.arch)?.arch ?? cpu.arch });
    } catch (e) {
      if (!(e instanceof LibvirtXmlError)) throw e;
      return fail({ code: 'bad-host-data', message: e.message });
    }
  }
  return computeDomCaps(text, origin);
}

const yamlString = (s: string) => JSON.stringify(s);

export function formatLabels(labels: Record<string, string>, format: LabelFormat, node = 'NODE'): string {
  switch (format) {
    case 'json':
      return JSON.stringify(labels, null, 2) + '\n';
    case 'yaml':
      return Object.entries(labels).map(([k, v]) => `${k}: ${yamlString(v)}`).join('\n') + '\n';
    case 'kubectl': {
      const q = (s: string) => (/^[A-Za-z0-9._\/=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
      return `kubectl label node ${q(node)} --overwrite \\\n  ${Object.entries(labels).map(([k, v]) => q(`${k}=${v}`)).join(' \\\n  ')}\n`;
    }
    case 'nfd-features':
      return nfdFeaturesFile(labels);
  }
}
