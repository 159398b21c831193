import type { Result } from '../../src/core/errors.js';
import type { FleetBaseline, KnownFleetBaseline } from '../../src/fleet/fleet.js';

/** A fleet baseline that has a model (status 'ok'); anything else fails the test, saying what it was. */
export function knownBaseline(r: Result<FleetBaseline>, what = 'baseline'): KnownFleetBaseline {
  if (!r.ok) throw new Error(`${what}: ${r.error.message}`);
  if (r.value.status !== 'ok') throw new Error(`${what}: status ${r.value.status}: ${r.value.notes.join('; ')}`);
  return r.value;
}
