/**
 * A calendar that names no zone of its own takes its owner's: its floating times and all-day
 * dates are then read in the zone its owner lives in (RFC 5545), not in UTC. With neither, UTC.
 */
import { isIanaZone } from '../../domain/viewer-dates.js';
import type { RemoteCalendar } from '../../providers/provider.js';
import type { Scope, Store } from '../../store/store.js';

export async function inOwnersZone(
  store: Store,
  scope: Scope,
  remote: RemoteCalendar,
): Promise<RemoteCalendar> {
  if (remote.timeZone) return remote;
  const owners = (await store.users.get(scope))?.timeZone;
  return owners && isIanaZone(owners) ? { ...remote, timeZone: owners } : remote;
}
