/**
 * The pure half of calendar discovery: given what we store for a connection and what its provider
 * listed just now, which calendars are new, which are listed, which came back, which are missing
 * and which have been missing long enough to remove. No I/O, no clock: time is passed in.
 */

/**
 * How long a calendar must have been missing from its provider's list, on listings at least this
 * far apart, before it is removed with its events. Providers glitch (a calendar list answered
 * short once, a share removed and restored by an admin), and removing a calendar costs its
 * meetings' history and the user's verdicts on them: a day of listings must agree first.
 */
export const MISSING_CALENDAR_GRACE_MS = 24 * 3_600_000;

/** Providers whose connections hold a list of calendars (an ICS feed or file has one, fixed). */
export const LISTED_PROVIDERS = ['google', 'microsoft', 'exchange', 'caldav'] as const;
export type ListedProvider = (typeof LISTED_PROVIDERS)[number];

export function isListedProvider(provider: string): provider is ListedProvider {
  return (LISTED_PROVIDERS as readonly string[]).includes(provider);
}

/** A stored calendar, as far as the decision needs it. */
export interface StoredCalendarRef {
  id: string;
  providerCalendarId: string;
  missingSince: string | null;
}

/** A listed calendar, as far as the decision needs it. */
export interface ListedCalendarRef {
  providerCalendarId: string;
}

export interface DiscoveryPlan<R extends ListedCalendarRef> {
  /**
   * The listing came back empty while calendars are stored, and its answer did not show it
   * whole: not trusted (a provider that lost its list for a moment must not take every calendar
   * out of syncing), so nothing is marked or removed; listed and added are empty too.
   */
  distrusted: boolean;
  /** Listed and not stored: to be stored as connect stores them, and synced. */
  added: R[];
  /** Listed and stored (with the stored id): refreshed (name, zone, primary), mark cleared. */
  listed: Array<{ remote: R; calendarId: string }>;
  /** Ids of stored calendars that were marked missing and are listed again: synced again. */
  reappeared: string[];
  /** Ids of stored calendars not listed and not yet marked: marked now. */
  newlyMissing: string[];
  /** Ids of calendars missing for less than the grace: stay marked, not synced. */
  stillMissing: string[];
  /** Ids of calendars missing on listings at least the grace apart: removed with their events. */
  expired: string[];
}

/**
 * Compares one connection's stored calendars with its provider's listing at `now`. A calendar
 * listed twice counts once (the first); a calendar marked at `missingSince` expires once `now`
 * is at least `graceMs` later. An empty listing counts only when `whole` (the provider's answer
 * showed the list whole: the account's last calendar is gone); its calendars are then missing
 * as any other calendar no longer listed.
 */
export function planDiscovery<R extends ListedCalendarRef>(
  stored: readonly StoredCalendarRef[],
  listing: readonly R[],
  now: Date,
  graceMs: number = MISSING_CALENDAR_GRACE_MS,
  whole = false,
): DiscoveryPlan<R> {
  const plan: DiscoveryPlan<R> = {
    distrusted: false,
    added: [],
    listed: [],
    reappeared: [],
    newlyMissing: [],
    stillMissing: [],
    expired: [],
  };
  if (listing.length === 0 && stored.length > 0 && !whole) return { ...plan, distrusted: true };
  const byRemoteId = new Map(stored.map((c) => [c.providerCalendarId, c]));
  const seen = new Set<string>();
  for (const remote of listing) {
    if (seen.has(remote.providerCalendarId)) continue;
    seen.add(remote.providerCalendarId);
    const known = byRemoteId.get(remote.providerCalendarId);
    if (!known) {
      plan.added.push(remote);
      continue;
    }
    plan.listed.push({ remote, calendarId: known.id });
    if (known.missingSince !== null) plan.reappeared.push(known.id);
  }
  for (const calendar of stored) {
    if (seen.has(calendar.providerCalendarId)) continue;
    if (calendar.missingSince === null) plan.newlyMissing.push(calendar.id);
    else if (now.getTime() - Date.parse(calendar.missingSince) >= graceMs)
      plan.expired.push(calendar.id);
    else plan.stillMissing.push(calendar.id);
  }
  return plan;
}

const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  google: 'Google',
  microsoft: 'Outlook',
  exchange: 'Exchange',
  caldav: 'The CalDAV server',
};

/**
 * What the sync status says of a calendar its provider no longer lists: since when, that it is
 * not synced, and from when it may be removed (times in UTC, to the minute).
 */
export function missingCalendarMessage(
  provider: string,
  missingSince: string,
  graceMs: number = MISSING_CALENDAR_GRACE_MS,
): string {
  const name = PROVIDER_NAMES[provider] ?? provider;
  const since = Date.parse(missingSince);
  return (
    `${name} no longer lists this calendar since ${utcMinute(since)}. It is not synced ` +
    `meanwhile, and if it is still missing after ${utcMinute(since + graceMs)} it is removed ` +
    'with its events.'
  );
}

function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
