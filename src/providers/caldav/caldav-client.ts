/**
 * Talks CalDAV (RFC 4791, RFC 6578, RFC 6764) through tsdav's request helpers. Discovery is
 * tsdav's; the calendar listing is tsdav's PROPFIND read on our side (caldav-calendars.ts), so
 * that one member with an unusable href is left out instead of failing the listing. The reports
 * are sent through tsdav's `davRequest`, which hands back the status of every answer instead of
 * throwing, because the answers that matter here are failures tsdav's higher-level helpers throw
 * on: an expired sync token (403/409 valid-sync-token), a truncated listing (507), an object
 * deleted between two requests (404).
 *
 * A listing the server cuts short says so with 507 Insufficient Storage, for the request-URI
 * inside the multistatus (RFC 4918, RFC 6578 3.6; some gateways answer a time-range query with
 * too many matches so, or with a 507 for the whole request). Such a listing is never taken as
 * complete: a sync-collection continues from the token it returned, a time-range query is split
 * into halves until each half is whole (down to a limit), and a PROPFIND, which cannot be
 * split, fails as transient. Whatever cannot be listed whole fails the run: a snapshot built on
 * part of a calendar would delete the rest.
 */
import { createAccount, davRequest, propfind, supportedReportSet, type DAVResponse } from 'tsdav';
import { CALENDAR_LIST_PROPS, isWholeListing, readCalendarList } from './caldav-calendars.js';
import { isInvalidSyncToken, mapCaldavError, statusError } from './caldav-errors.js';
import { authenticatedFetch } from './caldav-fetch.js';
import {
  isTruncated,
  members,
  requestFailure,
  textOf,
  truncatedListing,
} from './caldav-multistatus.js';
import { listRangeInHalves, type RangeAnswer, type TimeRange } from './caldav-range-split.js';
import {
  calendarMultigetBody,
  calendarQueryBody,
  syncCollectionBody,
} from './caldav-report-bodies.js';
import type {
  CaldavAccount,
  CalendarList,
  CaldavClientOptions,
  CaldavCredentials,
  Listing,
  MultigetAnswer,
  ObjectVersion,
  SyncCollectionAnswer,
} from './caldav-types.js';
import { isCollection, normaliseServerUrl, readHref } from './caldav-urls.js';

export type {
  CaldavAccount,
  CaldavCalendar,
  CalendarList,
  SkippedCalendar,
  CaldavClientOptions,
  CaldavCredentials,
  CalendarObjectData,
  Listing,
  MultigetAnswer,
  ObjectVersion,
  SyncCollectionAnswer,
} from './caldav-types.js';
export { encodePath, normaliseHref, normaliseServerUrl, readHref } from './caldav-urls.js';

export class CaldavClient {
  constructor(private readonly options: CaldavClientOptions) {}

  /** Requests made with one account's credentials, cancelled with `signal`. */
  session(credentials: CaldavCredentials, signal?: AbortSignal): CaldavSession {
    return new CaldavSession(credentials, this.options, signal);
  }
}

export class CaldavSession {
  private readonly fetchImpl: typeof fetch;

  constructor(
    private readonly credentials: CaldavCredentials,
    private readonly options: CaldavClientOptions,
    private readonly signal?: AbortSignal,
  ) {
    this.fetchImpl = authenticatedFetch(credentials, options, signal);
  }

  /** Follows /.well-known/caldav, current-user-principal and calendar-home-set. */
  async discover(): Promise<CaldavAccount> {
    const serverUrl = normaliseServerUrl(this.credentials.serverUrl);
    try {
      const account = await createAccount({
        account: { serverUrl, accountType: 'caldav' },
        fetch: this.fetchImpl,
      });
      if (!account.rootUrl || !account.principalUrl || !account.homeUrl)
        throw new Error('cannot find homeUrl');
      return {
        serverUrl,
        rootUrl: account.rootUrl,
        principalUrl: account.principalUrl,
        homeUrl: account.homeUrl,
      };
    } catch (error) {
      throw mapCaldavError(error, `discovering the calendars at ${serverUrl}`);
    }
  }

  /**
   * The event calendars of the home set, with their ctag, sync token and reports, those the
   * server named by an href that cannot be used (left out, with the reason naming the href), and
   * whether the answer shows the list whole (a failed PROPFIND lists nothing and is not whole).
   */
  async listCalendars(account: CaldavAccount): Promise<CalendarList> {
    try {
      const responses = await propfind({
        url: account.homeUrl,
        props: CALENDAR_LIST_PROPS,
        depth: '1',
        fetch: this.fetchImpl,
      });
      const listing = readCalendarList(responses, account);
      const { calendars, skipped } = listing;
      const withReports = await Promise.all(
        calendars.map(async (calendar) => {
          const reports = await supportedReportSet({
            collection: { url: calendar.url },
            fetch: this.fetchImpl,
          });
          return { ...calendar, supportsSyncCollection: reports.includes('syncCollection') };
        }),
      );
      return {
        calendars: withReports,
        skipped,
        whole: isWholeListing(responses, account, listing),
      };
    } catch (error) {
      throw mapCaldavError(error, `listing the calendars of ${account.homeUrl}`);
    }
  }

  /** The collection's CS:getctag, which changes whenever any member changes. */
  async ctag(calendarUrl: string): Promise<string | null> {
    const responses = await propfind({
      url: calendarUrl,
      props: { 'cs:getctag': {} },
      depth: '0',
      fetch: this.fetchImpl,
    });
    this.ensureMultistatus(responses, 'reading the calendar ctag');
    return textOf(responses[0]?.props?.getctag);
  }

  /**
   * RFC 6578 sync-collection from `syncToken` ('' for everything), continued while the server
   * cuts its answer short with 507; changes of later rounds win over earlier ones.
   */
  async syncCollection(calendarUrl: string, syncToken: string): Promise<SyncCollectionAnswer> {
    const changes = new Map<string, ObjectVersion | null>();
    const malformed = new Set<string>();
    let token = syncToken;
    for (let round = 0; round < (this.options.maxSyncRounds ?? 50); round++) {
      const responses = await this.report(calendarUrl, syncCollectionBody(token), null);
      const failure = requestFailure(responses);
      if (failure) {
        if (token !== '' && isInvalidSyncToken(failure.status, failure.body))
          return { kind: 'invalid_token' };
        // 501: the server does not implement the report (RFC 3253 would say 403).
        if (failure.status === 401 || (failure.status >= 500 && failure.status !== 501))
          throw this.failed(failure.status);
        return { kind: 'unsupported' };
      }
      let truncated = false;
      for (const entry of responses) {
        if (!entry.href) continue;
        const href = readHref(entry.href, calendarUrl);
        if (href === null) {
          if (entry.status !== 507) malformed.add(entry.href);
          continue;
        }
        // The 507 is the request-URI's; one on a member is no change of it either.
        if (entry.status === 507 || isCollection(href, calendarUrl)) {
          truncated ||= entry.status === 507;
          continue;
        }
        changes.set(
          href,
          entry.status === 404 ? null : { href, etag: textOf(entry.props?.getetag) },
        );
      }
      const next = textOf(responses[0]?.raw?.multistatus?.syncToken);
      if (!next) throw this.failed(502, 'the sync-collection answer had no sync token');
      token = next;
      if (!truncated) return changeList(changes, token, [...malformed]);
    }
    throw this.failed(507, 'the sync-collection answer stayed truncated');
  }

  /**
   * Every member of the collection with its etag (PROPFIND Depth 1). A listing the server cut
   * short (507) fails as transient: what it left out would be taken as deleted.
   */
  async listObjects(calendarUrl: string): Promise<Listing> {
    const responses = await propfind({
      url: calendarUrl,
      props: { 'd:getetag': {} },
      depth: '1',
      fetch: this.fetchImpl,
    });
    this.ensureMultistatus(responses, 'listing the calendar');
    if (isTruncated(responses))
      throw truncatedListing(`listing ${calendarUrl} (PROPFIND), which cannot be split`);
    return members(responses, calendarUrl);
  }

  /**
   * Members with a VEVENT that overlaps the range (CALDAV:calendar-query time-range; a series
   * matches when any instance does). A query the server cuts short (507) is asked again for
   * each half of its range, and so on, until every part is whole; one still cut short after
   * `maxRangeSplits` halvings fails as transient, since a partial listing would read as
   * deletions.
   */
  async objectsInRange(calendarUrl: string, range: TimeRange): Promise<Listing> {
    return listRangeInHalves(calendarUrl, range, this.options.maxRangeSplits ?? 6, (part) =>
      this.queryRange(calendarUrl, part),
    );
  }

  /** One time-range query, and whether the server said it cut the answer short (507). */
  private async queryRange(calendarUrl: string, range: TimeRange): Promise<RangeAnswer> {
    const responses = await this.report(calendarUrl, calendarQueryBody(range), '1');
    // A 507 for the whole request: too many matches to answer at all.
    if (requestFailure(responses)?.status === 507)
      return { versions: [], malformed: [], truncated: true };
    this.ensureMultistatus(responses, 'querying the calendar by time range');
    return { ...members(responses, calendarUrl), truncated: isTruncated(responses) };
  }

  /** CALDAV:calendar-multiget of the given hrefs: their data and etags, and which are gone. */
  async multiget(calendarUrl: string, hrefs: readonly string[]): Promise<MultigetAnswer> {
    const responses = await this.report(calendarUrl, calendarMultigetBody(hrefs), '1');
    this.ensureMultistatus(responses, 'fetching calendar objects');
    const answer: MultigetAnswer = { found: [], missing: [], malformed: [], unanswered: [] };
    const asked = new Set(hrefs);
    for (const entry of responses) {
      if (!entry.href) continue;
      const href = readHref(entry.href, calendarUrl);
      if (href === null) {
        answer.malformed.push(entry.href);
        continue;
      }
      const data = textOf(entry.props?.calendarData);
      if (entry.status === 404 || data === null) answer.missing.push(href);
      else answer.found.push({ href, etag: textOf(entry.props?.getetag), data });
      asked.delete(href);
    }
    // An href the server did not answer for at all is as good as gone, unless an answer it
    // could not read may have been for it.
    (answer.malformed.length ? answer.unanswered : answer.missing).push(...asked);
    return answer;
  }

  private report(url: string, body: unknown, depth: '0' | '1' | null): Promise<DAVResponse[]> {
    return davRequest({
      url,
      init: {
        method: 'REPORT',
        namespace: 'c',
        headers: depth ? { depth } : {},
        body,
      },
      fetch: this.fetchImpl,
    });
  }

  private ensureMultistatus(responses: DAVResponse[], doing: string): void {
    const failure = requestFailure(responses);
    if (failure) throw statusError(failure.status, doing);
  }

  private failed(status: number, detail = ''): Error {
    const error = statusError(status, 'syncing the calendar');
    return detail ? Object.assign(error, { message: `${error.message}: ${detail}` }) : error;
  }
}

function changeList(
  changes: Map<string, ObjectVersion | null>,
  syncToken: string,
  malformed: string[],
): SyncCollectionAnswer {
  const changed: ObjectVersion[] = [];
  const removed: string[] = [];
  for (const [href, version] of changes) {
    if (version) changed.push(version);
    else removed.push(href);
  }
  return { kind: 'changes', changed, removed, syncToken, malformed };
}
