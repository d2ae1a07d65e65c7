/**
 * Reading the calendar home set's PROPFIND answer into calendars, one member at a time. tsdav's
 * `fetchCalendars` made `new URL(href)` of every member at once, so one member a server or a
 * proxy named by an href no URL can be made of (`http://[::1/x/`, a bad port) failed the whole
 * listing, and with it the connect; an empty href became a calendar at ".../[object%20Object]";
 * and a member named by an absolute URL on another host was asked for its reports there, with
 * the account's password. Here such a member is left out with a reason naming its href, and the
 * others are listed.
 */
import type { DAVResponse } from 'tsdav';
import { isTruncated, requestFailure, textOf, zoneOfCalendar } from './caldav-multistatus.js';
import type { CaldavAccount, CaldavCalendar, SkippedCalendar } from './caldav-types.js';
import { readHref } from './caldav-urls.js';

/** The properties tsdav's fetchCalendars asks the home set for (the same request). */
export const CALENDAR_LIST_PROPS = {
  'c:calendar-description': {},
  'c:calendar-timezone': {},
  'd:displayname': {},
  'ca:calendar-color': {},
  'cs:getctag': {},
  'd:resourcetype': {},
  'c:supported-calendar-component-set': {},
  'd:sync-token': {},
};

/** A calendar of the listing, before its supported reports are asked for. */
export type ListedCalendar = Omit<CaldavCalendar, 'supportsSyncCollection'>;

export interface CalendarListing {
  calendars: ListedCalendar[];
  skipped: SkippedCalendar[];
}

/**
 * The event calendars among the home set's members (tsdav's selection: a `calendar` resource
 * type, and VEVENT among its components or no component set at all).
 *
 * A member's URL is resolved against the home set's URL, which listed it (RFC 3986): tsdav used
 * the account's root URL, which gives the same URL for a path-absolute href on the same server,
 * so the ids of calendars stored before stay as they were, but a wrong one for a relative href
 * (`work/`) or a home set on another host (iCloud's pNN-caldav). A member is left out when its
 * href is missing or empty, when no URL can be made of it, or when it points to a host that
 * discovery did not lead to (credentials are sent only where discovery went).
 */
export function readCalendarList(
  responses: readonly DAVResponse[],
  account: CaldavAccount,
): CalendarListing {
  const listing: CalendarListing = { calendars: [], skipped: [] };
  const origins = knownOrigins(account);
  const base = withTrailingSlash(account.homeUrl);
  for (const entry of responses) {
    if (!isEventCalendar(entry)) continue;
    const displayName = textOf(entry.props?.displayname);
    const href = typeof entry.href === 'string' ? entry.href : '';
    const problem = (why: string) =>
      listing.skipped.push({ href, reason: skippedReason(href, displayName, why) });
    if (href.trim() === '') {
      problem('has an empty href');
      continue;
    }
    let url: URL;
    try {
      url = new URL(href, base);
    } catch {
      problem('is not a URL');
      continue;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      problem(`is not an http or https address`);
      continue;
    }
    if (!origins.has(url.origin)) {
      problem(
        `is on another server (${url.origin}) than the account's, where its password is not sent`,
      );
      continue;
    }
    const timezone: unknown = entry.props?.calendarTimezone;
    listing.calendars.push({
      url: url.href,
      displayName,
      ctag: textOf(entry.props?.getctag),
      syncToken: textOf(entry.props?.syncToken),
      timeZone: zoneOfCalendar(typeof timezone === 'string' ? timezone : undefined),
    });
  }
  return listing;
}

/**
 * Whether the home set's answer shows the account's whole calendar list, so that an empty one
 * means the account has no calendars left (its last one deleted on the server): a multistatus,
 * not cut short (507), that names the home set itself with a success status, and no member left
 * out. A failed request, an answer cut short, or one that does not name the home set (a proxy's
 * page, a server answering for another collection) says nothing of what the account has.
 */
export function isWholeListing(
  responses: DAVResponse[],
  account: CaldavAccount,
  listing: CalendarListing,
): boolean {
  if (requestFailure(responses) || isTruncated(responses)) return false;
  if (listing.skipped.length > 0) return false;
  const home = withoutTrailingSlash(readHref(account.homeUrl, account.homeUrl));
  if (home === null) return false;
  return responses.some(
    (entry) =>
      typeof entry.href === 'string' &&
      entry.status >= 200 &&
      entry.status < 300 &&
      withoutTrailingSlash(readHref(entry.href, account.homeUrl)) === home,
  );
}

function withoutTrailingSlash(path: string | null): string | null {
  return path === null ? null : path.replace(/\/+$/, '');
}

function skippedReason(href: string, displayName: string | null, why: string): string {
  const named = displayName ? ` "${displayName}"` : '';
  const at = href.trim() === '' ? '' : ` at "${href}"`;
  return (
    `the CalDAV server listed the calendar${named}${at}, which ${why}: ` +
    'it was left out of the calendar list; the other calendars are listed'
  );
}

function isEventCalendar(entry: DAVResponse): boolean {
  const resourceType: unknown = entry.props?.resourcetype;
  if (typeof resourceType !== 'object' || resourceType === null) return false;
  if (!Object.keys(resourceType).includes('calendar')) return false;
  const components = componentNames(entry.props?.supportedCalendarComponentSet?.comp);
  return components.length === 0 || components.includes('VEVENT');
}

function componentNames(compSet: unknown): string[] {
  const comps = Array.isArray(compSet) ? compSet : compSet ? [compSet] : [];
  return comps
    .map((comp: unknown) => (comp as { _attributes?: { name?: unknown } })?._attributes?.name)
    .filter((name): name is string => typeof name === 'string' && name.length > 0);
}

/** The servers discovery led to, with the account's password. */
function knownOrigins(account: CaldavAccount): Set<string> {
  const origins = new Set<string>();
  for (const url of [account.serverUrl, account.rootUrl, account.principalUrl, account.homeUrl]) {
    try {
      origins.add(new URL(url).origin);
    } catch {
      // Discovery's own URLs parsed when they were made; nothing to add otherwise.
    }
  }
  return origins;
}

/** tsdav's ensureTrailingSlash: a slash after the path, before any query or fragment. */
function withTrailingSlash(url: string): string {
  const trimmed = url.trim();
  const at = trimmed.search(/[?#]/);
  const path = at === -1 ? trimmed : trimmed.slice(0, at);
  const suffix = at === -1 ? '' : trimmed.slice(at);
  return `${path.endsWith('/') ? path : `${path}/`}${suffix}`;
}
