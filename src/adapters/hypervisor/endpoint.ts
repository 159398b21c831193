/**
 * A live hypervisor endpoint → a host capability document: probe it over
 * QMP (qmp:unix:PATH, qmp:tcp:HOST:PORT) or start it (exec:BINARY), take
 * the full expansion of host (KVM) or max (TCG), and convert it as
 * toHostDoc converts a QMP expansion reply. Nothing is cached.
 */
import { probeHypervisor, type ProbeOptions } from './cache.js';
import { fail, ok, type Result } from '../../core/errors.js';
import type { HostDoc } from '../../host/doc.js';

export type EndpointOptions = ProbeOptions;

/** Is this argument an endpoint (rather than a file)? */
export function isEndpoint(arg: string): boolean {
  return arg.startsWith('qmp:') || arg.startsWith('exec:');
}

/** Probe a live endpoint and return its host document (source.kind 'qmp-endpoint', origin = the target). */
export async function hostDocFromEndpoint(target: string, opts: EndpointOptions = {}): Promise<Result<HostDoc>> {
  const rec = await probeHypervisor(target, opts);
  if (!rec.ok) return rec;
  const r = rec.value;
  if (!r.hostDoc) {
    return fail({ code: 'bad-host-data', message: `${target}: the ${r.expansion?.model ?? 'missing'} expansion could not be converted to a host document: ${r.hostDocError ?? 'unknown reason'}`, value: target });
  }
  const detail = `QEMU ${r.version} (${r.accel}), query-cpu-model-expansion type=full model=${r.expansion?.model ?? 'none'}`;
  return ok({ ...r.hostDoc, name: opts.name ?? r.name, source: { kind: 'qmp-endpoint', origin: target, detail } });
}
