/**
 * cpumodels.io/host-model-migratability: for a node, the share (0-100) of
 * the fleet's nodes of its architecture that can take a host-model guest
 * started on it, and the classes it cannot reach. The verdict per class is
 * the fleet's own (the service's engine door: hostModelGuest + canRun, the
 * functions GET /v1/matrix answers with), never re-derived here.
 */
import type { Result } from '../core/errors.js';
import { ok } from '../core/errors.js';
import { canRun, hostModelGuest, type FleetClass } from '../service/engine.js';
import type { ClassData } from '../storage/storage.js';

export const MIGRATABILITY_LABEL = 'cpumodels.io/host-model-migratability';

export interface FleetPart {
  row: ClassData;
  cls: FleetClass;
  hosts: number;
}

export interface Migratability {
  percent: number;
  reachedHosts: number;
  fleetHosts: number;
  unreachable: { class: string; hosts: number }[];
}

export function migratability(source: ClassData, fleet: readonly FleetPart[]): Result<Migratability> {
  const same = fleet.filter((p) => p.row.arch === source.arch && p.hosts > 0);
  const g = hostModelGuest(source);
  if (!g.ok) return g;
  let reached = 0;
  let total = 0;
  const unreachable: Migratability['unreachable'] = [];
  for (const p of same) {
    total += p.hosts;
    if (canRun(g.value, p.cls)) reached += p.hosts;
    else unreachable.push({ class: `${p.cls.model}@${p.cls.signature}`, hosts: p.hosts });
  }
  return ok({ percent: total ? Math.floor((100 * reached) / total) : 0, reachedHosts: reached, fleetHosts: total, unreachable });
}
