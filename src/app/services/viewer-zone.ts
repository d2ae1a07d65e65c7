/** The zone whose dates a list's all-day items count by (see the API's `timeZone` parameter). */
import { isIanaZone } from '../../domain/viewer-dates.js';
import type { Scope, Store } from '../../store/store.js';

/**
 * The zone asked for; else the user's own, when one is set (and known here); else UTC, where
 * the dates of an all-day item without a zone of its own are the dates of its instants.
 */
export async function viewerZone(
  store: Store,
  scope: Scope,
  requested: string | undefined,
): Promise<string> {
  if (requested) return requested;
  const stored = (await store.users.get(scope))?.timeZone;
  return stored && isIanaZone(stored) ? stored : 'UTC';
}

/** The range's viewer zone, or nothing to ask for when the list has no range. */
export async function rangeZone(
  store: Store,
  scope: Scope,
  query: { from?: string | undefined; to?: string | undefined; timeZone?: string | undefined },
): Promise<{ timeZone?: string }> {
  if (!query.from && !query.to) return {};
  return { timeZone: await viewerZone(store, scope, query.timeZone) };
}
