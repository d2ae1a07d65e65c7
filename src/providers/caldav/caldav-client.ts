/**
 * Talks CalDAV (RFC 4791, RFC 6578, RFC 6764) through tsdav's request helpers. Discovery and the
 * calendar listing are tsdav's; the reports are sent through its `davRequest`, which hands back
 * the status of every answer instead of throwing, because the answers that matter here are
 * failures tsdav's higher-level helpers throw on: an expired sync token (403/409
 * valid-sync-token), a truncated listing (507), an object deleted between two requests (404).
 *
 * A listing the server cuts short says so with 507 Insufficient Storage, for the request-URI
 * inside the multistatus (RFC 4918, RFC 6578 3.6; some gateways answer a time-range query with
 * too many matches so, or with a 507 for the whole request). Such a listing is never taken as
 * complete: a sync-collection continues from the token it returned, a time-range query is split
 * into halves until each half is whole (down to a limit), and a PROPFIND, which cannot be
 * split, fails as transient. Whatever cannot be listed whole fails the run: a snapshot built on
 * part of a calendar would delete the rest.
 */
import { createAccount, davRequest, fetchCalendars, propfind, type DAVResponse } from 'tsdav';
import { resolveTzid, ianaNameOf } from '../../domain/ical/time-zones.js';
import {
  isInvalidSyncToken,
  mapCaldavError,
  statusError,
  unreachableError,
} from './caldav-errors.js';
import { ProviderError } from '../provider.js';

export interface CaldavCredentials {
  /** A server URL (https://caldav.example.com/dav/) or a bare domain (example.com). */
  serverUrl: string;
  username: string;
  password: string;
}

/** Where discovery led: the principal and its calendar home set. */
export interface CaldavAccount {
  serverUrl: string;
  rootUrl: string;
  principalUrl: string;
  homeUrl: string;
}

export interface CaldavCalendar {
  /** Absolute URL of the calendar collection: its id on our side. */
  url: string;
  displayName: string | null;
  ctag: string | null;
  syncToken: string | null;
  /** IANA zone of the calendar's CALDAV:calendar-timezone, when it names one we know. */
  timeZone: string | null;
  supportsSyncCollection: boolean;
}

/** An object as a listing names it; `href` is the decoded path (see normaliseHref). */
export interface ObjectVersion {
  href: string;
  etag: string | null;
}

export type SyncCollectionAnswer =
  | { kind: 'changes'; changed: ObjectVersion[]; removed: string[]; syncToken: string }
  | { kind: 'invalid_token' }
  /** The server has no sync-collection on this collection: compare ctags and etags instead. */
  | { kind: 'unsupported' };

export interface CalendarObjectData extends ObjectVersion {
  data: string;
}

export interface MultigetAnswer {
  found: CalendarObjectData[];
  /** Hrefs the server no longer has (deleted since they were listed). */
  missing: string[];
}

export interface CaldavClientOptions {
  timeoutMs: number;
  /** For tests and proxies; the global fetch otherwise. */
  fetch?: typeof fetch;
  /** Rounds of a sync-collection cut short by 507 before giving up (each continues the last). */
  maxSyncRounds?: number;
  /**
   * How many times a time-range query cut short by 507 is halved before the listing fails
   * (default 6: down to a 64th of the range, at most 127 queries).
   */
  maxRangeSplits?: number;
}

const NS = {
  'xmlns:d': 'DAV:',
  'xmlns:c': 'urn:ietf:params:xml:ns:caldav',
  'xmlns:cs': 'http://calendarserver.org/ns/',
};

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

  /** The event calendars of the home set, with their ctag, sync token and reports. */
  async listCalendars(account: CaldavAccount): Promise<CaldavCalendar[]> {
    try {
      const calendars = await fetchCalendars({
        account: davAccount(account),
        fetch: this.fetchImpl,
      });
      return calendars
        .filter((c) => !c.components?.length || c.components.includes('VEVENT'))
        .map((c) => ({
          url: c.url,
          displayName: textOf(c.displayName),
          ctag: textOf(c.ctag),
          syncToken: textOf(c.syncToken),
          timeZone: zoneOfCalendar(c.timezone),
          supportsSyncCollection: Array.isArray(c.reports) && c.reports.includes('syncCollection'),
        }));
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
    let token = syncToken;
    for (let round = 0; round < (this.options.maxSyncRounds ?? 50); round++) {
      const responses = await this.report(calendarUrl, syncCollectionBody(token), null);
      const failure = requestFailure(responses);
      if (failure) {
        if (token !== '' && isInvalidSyncToken(failure.status, failure.body))
          return { kind: 'invalid_token' };
        if (failure.status === 401 || failure.status >= 500) throw this.failed(failure.status);
        return { kind: 'unsupported' };
      }
      let truncated = false;
      for (const entry of responses) {
        if (!entry.href) continue;
        const href = normaliseHref(entry.href, calendarUrl);
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
      if (!truncated) return changeList(changes, token);
    }
    throw this.failed(507, 'the sync-collection answer stayed truncated');
  }

  /**
   * Every member of the collection with its etag (PROPFIND Depth 1). A listing the server cut
   * short (507) fails as transient: what it left out would be taken as deleted.
   */
  async listObjects(calendarUrl: string): Promise<ObjectVersion[]> {
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
  async objectsInRange(
    calendarUrl: string,
    range: { from: Date; to: Date },
  ): Promise<ObjectVersion[]> {
    const maxSplits = this.options.maxRangeSplits ?? 6;
    const found = new Map<string, ObjectVersion>();
    const parts = [{ range, splits: 0 }];
    for (let part = parts.shift(); part; part = parts.shift()) {
      const answer = await this.queryRange(calendarUrl, part.range);
      // What a cut-short answer did list is right; an object in both halves is listed once.
      for (const version of answer.versions) found.set(version.href, version);
      if (!answer.truncated) continue;
      const { from, to } = part.range;
      const middle = new Date(from.getTime() + Math.floor((to.getTime() - from.getTime()) / 2));
      if (part.splits >= maxSplits || middle <= from)
        throw truncatedListing(
          `querying ${calendarUrl} from ${from.toISOString()} to ${to.toISOString()}, ` +
            `after halving the range ${part.splits} times`,
        );
      parts.push(
        { range: { from, to: middle }, splits: part.splits + 1 },
        { range: { from: middle, to }, splits: part.splits + 1 },
      );
    }
    return [...found.values()];
  }

  /** One time-range query, and whether the server said it cut the answer short (507). */
  private async queryRange(
    calendarUrl: string,
    range: { from: Date; to: Date },
  ): Promise<{ versions: ObjectVersion[]; truncated: boolean }> {
    const body = {
      'calendar-query': {
        _attributes: NS,
        'd:prop': { 'd:getetag': {} },
        filter: {
          'comp-filter': {
            _attributes: { name: 'VCALENDAR' },
            'comp-filter': {
              _attributes: { name: 'VEVENT' },
              'time-range': {
                _attributes: { start: utcBasic(range.from), end: utcBasic(range.to) },
              },
            },
          },
        },
      },
    };
    const responses = await this.report(calendarUrl, body, '1');
    // A 507 for the whole request: too many matches to answer at all.
    if (requestFailure(responses)?.status === 507) return { versions: [], truncated: true };
    this.ensureMultistatus(responses, 'querying the calendar by time range');
    return { versions: members(responses, calendarUrl), truncated: isTruncated(responses) };
  }

  /** CALDAV:calendar-multiget of the given hrefs: their data and etags, and which are gone. */
  async multiget(calendarUrl: string, hrefs: readonly string[]): Promise<MultigetAnswer> {
    const body = {
      'calendar-multiget': {
        _attributes: NS,
        'd:prop': { 'd:getetag': {}, 'c:calendar-data': {} },
        // Segment by segment: encodeURI would leave a `#` or `?` in a file name as it is, and the
        // server would not know the object (which would then look deleted).
        'd:href': hrefs.map(encodePath),
      },
    };
    const responses = await this.report(calendarUrl, body, '1');
    this.ensureMultistatus(responses, 'fetching calendar objects');
    const answer: MultigetAnswer = { found: [], missing: [] };
    const asked = new Set(hrefs);
    for (const entry of responses) {
      if (!entry.href) continue;
      const href = normaliseHref(entry.href, calendarUrl);
      const data = textOf(entry.props?.calendarData);
      if (entry.status === 404 || data === null) answer.missing.push(href);
      else answer.found.push({ href, etag: textOf(entry.props?.getetag), data });
      asked.delete(href);
    }
    // An href the server did not answer for at all is as good as gone.
    answer.missing.push(...asked);
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

/**
 * The fetch every request goes through: Basic auth (CalDAV servers take app passwords), a
 * timeout, and failures that have no DAV meaning turned into ProviderErrors at once: no answer
 * at all, 401, 429 and 5xx (not 507, which a sync-collection uses to say "continue").
 */
function authenticatedFetch(
  credentials: CaldavCredentials,
  options: CaldavClientOptions,
  signal: AbortSignal | undefined,
): typeof fetch {
  const base = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const headers = new Headers(init?.headers);
    headers.set('authorization', authorization);
    const timeout = AbortSignal.timeout(options.timeoutMs);
    let response: Response;
    try {
      response = await base(input, {
        ...init,
        headers,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw unreachableError(error, url);
    }
    const status = response.status;
    if (status === 401 || status === 429 || (status >= 500 && status !== 507)) {
      await response.body?.cancel();
      const method = init?.method ?? 'GET';
      throw statusError(
        status,
        `${method} ${new URL(url).pathname}`,
        response.headers.get('retry-after'),
      );
    }
    return response;
  };
}

/** A bare domain means its HTTPS site, where /.well-known/caldav is looked up. */
export function normaliseServerUrl(serverUrl: string): string {
  const trimmed = serverUrl.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  const url = new URL(withScheme);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw badServerUrl(`${url.protocol} is not http or https`);
  // Credentials go in their own fields: in the URL they would reach error messages and logs.
  if (url.username || url.password)
    throw badServerUrl('put the username and password in their own fields, not in the URL');
  return url.href;
}

function badServerUrl(why: string): ProviderError {
  return new ProviderError(
    'caldav',
    'invalid_input',
    `the CalDAV server URL is not usable: ${why}`,
  );
}

/** A decoded path, percent-encoded one segment at a time. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/**
 * One spelling per member: the decoded path. Servers may percent-encode an href in one answer
 * and not in the next; the path is what identifies the object (and an event's id builds on it).
 */
export function normaliseHref(href: string, base: string): string {
  const path = new URL(href, base).pathname;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function isCollection(href: string, calendarUrl: string): boolean {
  return href.endsWith('/') || href === normaliseHref(calendarUrl, calendarUrl);
}

/** Whether a multistatus says it was cut short: a 507 response (the request-URI's). */
function isTruncated(responses: DAVResponse[]): boolean {
  return responses.some((entry) => entry.status === 507);
}

/** A listing that stayed cut short: transient, since the server may answer whole later. */
function truncatedListing(doing: string): ProviderError {
  return new ProviderError(
    'caldav',
    'transient',
    `the CalDAV server cut its answer short (507 Insufficient Storage) while ${doing}: ` +
      'nothing was taken as deleted, and the next run lists again',
  );
}

function members(responses: DAVResponse[], calendarUrl: string): ObjectVersion[] {
  const out: ObjectVersion[] = [];
  for (const entry of responses) {
    if (!entry.href || entry.status === 404 || entry.status === 507) continue;
    const href = normaliseHref(entry.href, calendarUrl);
    if (!isCollection(href, calendarUrl)) out.push({ href, etag: textOf(entry.props?.getetag) });
  }
  return out;
}

function changeList(
  changes: Map<string, ObjectVersion | null>,
  syncToken: string,
): SyncCollectionAnswer {
  const changed: ObjectVersion[] = [];
  const removed: string[] = [];
  for (const [href, version] of changes) {
    if (version) changed.push(version);
    else removed.push(href);
  }
  return { kind: 'changes', changed, removed, syncToken };
}

/** The status and body of a request that failed as a whole (not a multistatus), or null. */
function requestFailure(responses: DAVResponse[]): { status: number; body: string } | null {
  const first = responses[0];
  if (!first) return { status: 502, body: '' };
  const raw: unknown = first.raw;
  const isMultistatus =
    typeof raw === 'object' && raw !== null && 'multistatus' in (raw as Record<string, unknown>);
  if (isMultistatus) return null;
  if (first.ok && first.status < 300) return { status: 502, body: 'not a multistatus answer' };
  return { status: first.status, body: typeof raw === 'string' ? raw : JSON.stringify(raw ?? '') };
}

function syncCollectionBody(syncToken: string): unknown {
  return {
    'd:sync-collection': {
      _attributes: NS,
      'd:sync-token': syncToken,
      'd:sync-level': 1,
      'd:prop': { 'd:getetag': {} },
    },
  };
}

function davAccount(account: CaldavAccount) {
  return { accountType: 'caldav' as const, ...account };
}

/** A property value as tsdav parsed it: text, a number it converted, or CDATA. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && value !== null) {
    const inner =
      (value as { _cdata?: unknown; _text?: unknown })._cdata ??
      (value as { _text?: unknown })._text;
    return typeof inner === 'string' && inner.trim() !== '' ? inner : null;
  }
  return null;
}

function zoneOfCalendar(vtimezone: string | undefined): string | null {
  const tzid = vtimezone ? /^TZID:(.+)$/m.exec(vtimezone)?.[1]?.trim() : undefined;
  return tzid ? ianaNameOf(resolveTzid(tzid, null)) : null;
}

function utcBasic(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}
