/** The zone whose dates a list's all-day items count by (see the API's `timeZone` parameter). */
import { DateTime } from 'luxon';
import { DATE_ONLY } from '../../domain/analysis/line-times.js';
import { invalidInput } from '../../domain/errors.js';
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

/**
 * A list's range as instants, with its viewer zone: a date alone (YYYY-MM-DD) is midnight at its
 * start in that zone, as the list reads all-day items there; a date-time is its own instant. A
 * range whose end is not after its start is a 400.
 */
export async function rangeInstants(
  store: Store,
  scope: Scope,
  query: { from?: string | undefined; to?: string | undefined; timeZone?: string | undefined },
): Promise<{ from?: Date; to?: Date; timeZone?: string }> {
  const zone = await rangeZone(store, scope, query);
  const at = (bound: string) => boundInstant(bound, zone.timeZone ?? 'UTC');
  const from = query.from ? at(query.from) : undefined;
  const to = query.to ? at(query.to) : undefined;
  if (from && to && to <= from) throw invalidInput('querystring.to: must be after from');
  return { ...zone, ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** A range bound as an instant: a date alone (YYYY-MM-DD) is midnight at its start in `zone`. */
export function boundInstant(bound: string, zone: string): Date {
  return DATE_ONLY.test(bound) ? DateTime.fromISO(bound, { zone }).toJSDate() : new Date(bound);
}

/**
 * A body's range (`POST /meetings/detect/`) as ISO instants: a date alone is midnight at its
 * start in the user's zone (else UTC), as the lists read it without a `timeZone`.
 */
export async function bodyRangeInstants(
  store: Store,
  scope: Scope,
  body: { from?: string | undefined; to?: string | undefined },
): Promise<{ from?: string; to?: string }> {
  const dated = [body.from, body.to].some((bound) => bound !== undefined && DATE_ONLY.test(bound));
  const zone = dated ? await viewerZone(store, scope, undefined) : 'UTC';
  const at = (bound: string) => boundInstant(bound, zone).toISOString();
  return {
    ...(body.from !== undefined ? { from: at(body.from) } : {}),
    ...(body.to !== undefined ? { to: at(body.to) } : {}),
  };
}
