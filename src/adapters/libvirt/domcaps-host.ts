/**
 * `cpumodels domcapabilities HOST`: the host's domcapabilities `<cpu>` block
 * (computed by host/domcaps.ts) in libvirt's XML or as JSON.
 */
import { ok, type Result } from '../../core/errors.js';
import { computeDomCaps } from '../../host/domcaps.js';
import { writeDomainCapabilities } from './domcaps.js';

export interface DomCapsForHostOptions {
  format?: 'libvirt' | 'json';
}

/**
 * `cpumodels domcapabilities HOST`: libvirt's form (a `<domainCapabilities>`
 * with path/domain/machine/arch and the `<cpu>` block) or JSON.
 */
export function domcapsForHost(text: string, file: string, opts: DomCapsForHostOptions = {}): Result<string> {
  const r = computeDomCaps(text, file);
  if (!r.ok) return r;
  if (opts.format === 'json') {
    const { origin: _o, ...cpu } = r.value.cpu;
    return ok(JSON.stringify({ arch: r.value.arch, ...(r.value.qemuVersion ? { qemuVersion: r.value.qemuVersion } : {}), source: r.value.source, ...cpu, ...(r.value.notes.length ? { notes: r.value.notes } : {}) }, null, 2) + '\n');
  }
  return ok(writeDomainCapabilities(r.value.cpu));
}
