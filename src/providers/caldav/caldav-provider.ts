/**
 * CalDAV calendars (iCloud, Fastmail, Nextcloud, Radicale) behind the CalendarProvider port.
 *
 * A first sync, a moved window and an expired sync token list the calendar as a snapshot: the
 * objects the server says overlap the window are fetched with calendar-multiget and expanded on
 * our side, and the engine removes whatever the snapshot did not list. Later syncs ask what
 * changed: RFC 6578 sync-collection where the server offers it, else the ctag and then every
 * etag are compared. Changed objects are fetched and expanded again, and the instances they no
 * longer produce (known from the cursor) are deleted. A listing the server cuts short (507) is
 * never taken as complete (caldav-range-split.ts): it is continued or split until whole, or the run
 * fails as transient before anything is deleted.
 */
import type {
  CalendarProvider,
  CheckedCalendarList,
  FetchChangesRequest,
  ProviderConnection,
  RemoteCalendar,
  SyncIssue,
  SyncPage,
  SyncWindow,
} from '../provider.js';
import { ProviderError } from '../provider.js';
import type {
  CaldavAccount,
  CaldavCalendar,
  CaldavClient,
  CaldavCredentials,
  CaldavSession,
  MultigetAnswer,
  SkippedCalendar,
} from './caldav-client.js';
import { changesSince, listEverything, type Changes } from './caldav-changes.js';
import {
  readCursor,
  windowKeyOf,
  writeCursor,
  type CaldavCursor,
  type ObjectState,
} from './caldav-cursor.js';
import { mapCaldavError } from './caldav-errors.js';
import { MalformedHrefIssues } from './caldav-href-issues.js';
import { eventIdOf, mapCalendarObject } from './caldav-mapper.js';

export interface CaldavProviderOptions {
  /** Zone for floating times when neither the object nor the calendar names one. */
  floatingZone?: string;
  /** Events per committed page (as for ICS feeds). */
  pageSize?: number;
  /** Hrefs per calendar-multiget. */
  multigetSize?: number;
  /**
   * Told of each calendar a listing left out (an href that is not a URL, empty, or on another
   * server), with the reason naming its href; the other calendars are listed. The app logs it.
   */
  onSkippedCalendar?: (skipped: SkippedCalendar) => void;
}

/** What a connect flow stores after a successful check: where discovery led. */
export interface CaldavVerified {
  account: CaldavAccount;
  calendars: RemoteCalendar[];
  /** Calendars the server named by an href that cannot be used: left out, each with why. */
  skipped: SkippedCalendar[];
}

/** A day each side: servers read floating and all-day times in a zone of their own. */
const RANGE_SLACK_MS = 2 * 86_400_000;

export class CaldavProvider implements CalendarProvider {
  readonly kind = 'caldav' as const;
  // Its snapshots list the window: what ages out of it was not deleted.
  readonly snapshotsList = 'window' as const;
  private readonly floatingZone: string;
  private readonly pageSize: number;
  private readonly multigetSize: number;
  private readonly onSkippedCalendar: (skipped: SkippedCalendar) => void;

  constructor(
    readonly client: CaldavClient,
    options: CaldavProviderOptions = {},
  ) {
    this.floatingZone = options.floatingZone ?? 'UTC';
    this.pageSize = options.pageSize ?? 2000;
    this.multigetSize = options.multigetSize ?? 100;
    this.onSkippedCalendar = options.onSkippedCalendar ?? (() => {});
  }

  /**
   * The connect flow's check: discovery and the calendar listing with these credentials. A
   * refused password is a ProviderError of kind `auth`; a server that cannot be reached is
   * `transient`; a URL with no CalDAV service behind it is `invalid_input`. A calendar the
   * server names by an href that cannot be used is left out (and reported); the rest connect.
   */
  async verify(credentials: CaldavCredentials): Promise<CaldavVerified> {
    const session = this.client.session(credentials);
    const account = await session.discover();
    const { calendars, skipped } = await this.listed(session, account);
    return { account, calendars, skipped };
  }

  async listCalendars(connection: ProviderConnection): Promise<RemoteCalendar[]> {
    return (await this.listCalendarsChecked(connection)).calendars;
  }

  /** Whole when the home set's PROPFIND answered a multistatus naming the home set itself. */
  async listCalendarsChecked(connection: ProviderConnection): Promise<CheckedCalendarList> {
    const session = this.client.session(credentialsOf(connection));
    const account = accountOf(connection) ?? (await session.discover());
    const { calendars, whole } = await this.listed(session, account);
    return { calendars, whole };
  }

  private async listed(
    session: CaldavSession,
    account: CaldavAccount,
  ): Promise<{ calendars: RemoteCalendar[]; skipped: SkippedCalendar[]; whole: boolean }> {
    const { calendars, skipped, whole } = await session.listCalendars(account);
    for (const one of skipped) this.onSkippedCalendar(one);
    return { calendars: calendars.map(toRemoteCalendar), skipped, whole };
  }

  async *fetchChanges(request: FetchChangesRequest): AsyncGenerator<SyncPage> {
    const session = this.client.session(credentialsOf(request.connection), request.signal);
    const calendarUrl = request.calendar.providerCalendarId;
    const windowDay = windowKeyOf(request.window);
    const floatingZone = request.calendar.timeZone ?? this.floatingZone;
    const run = {
      session,
      calendarUrl,
      window: request.window,
      floatingZone,
      hrefIssues: new MalformedHrefIssues(),
    };
    try {
      const previous = readCursor(request.cursor);
      if (previous && previous.windowDay === windowDay) {
        const changes = await changesSince(session, calendarUrl, previous);
        if (changes.kind === 'unchanged') return;
        if (changes.kind === 'changes') {
          yield* this.deltaPages(run, previous, changes);
          return;
        }
      }
      yield* this.snapshotPages(run, windowDay, previous);
    } catch (error) {
      throw mapCaldavError(error, `syncing ${calendarUrl}`);
    }
  }

  /**
   * The whole calendar in the window. Only the last page carries the cursor: a run cut short
   * lists everything again next time (its cursor still says snapshot, or is the one before).
   * A listing that named a member by an href that is not a URL is not whole: what it did not
   * list may be that member, so its pages are deltas (nothing is removed for being unlisted)
   * and it leaves the cursor as it was, so that the next run lists everything again.
   */
  private async *snapshotPages(
    run: Run,
    windowDay: string,
    previous: CaldavCursor | null,
  ): AsyncGenerator<SyncPage> {
    const listing = await listEverything(run.session, run.calendarUrl);
    const objects: Record<string, ObjectState> = {};
    for (const version of listing.versions)
      objects[version.href] = { etag: version.etag, keys: [] };
    const inRange = await run.session.objectsInRange(run.calendarUrl, widened(run.window));
    const whole = listing.malformed.length === 0 && inRange.malformed.length === 0;
    const mode = whole ? 'snapshot' : 'delta';
    let page = emptyPage(mode);
    page.issues.push(...run.hrefIssues.malformed([...listing.malformed, ...inRange.malformed]));
    for (const batch of chunks(
      inRange.versions.map((v) => v.href),
      this.multigetSize,
    )) {
      const answer = await run.session.multiget(run.calendarUrl, batch);
      for (const href of answer.missing) delete objects[href];
      page.issues.push(...keepUnanswered(run, answer, objects, previous?.objects ?? {}));
      for (const object of answer.found) {
        const mapped = mapCalendarObject(object, run.window, run.floatingZone);
        objects[object.href] = mapped.unreadable
          ? unreadableState(previous?.objects[object.href], mapped.keys)
          : { etag: object.etag, keys: mapped.keys };
        page.upserts.push(...mapped.events);
        page.issues.push(...mapped.issues);
      }
      if (page.upserts.length >= this.pageSize) {
        yield page;
        page = emptyPage(mode);
      }
    }
    const cursor: CaldavCursor = {
      v: 1,
      windowDay,
      syncToken: listing.syncToken,
      ctag: listing.ctag,
      objects,
    };
    yield { ...page, nextCursor: whole ? writeCursor(cursor) : null, hasMore: false };
  }

  /**
   * The changed objects, fetched and expanded again. Every page carries a cursor: the old sync
   * token with the objects applied so far, so that a run cut short asks for the same changes
   * again and still knows what the objects it did apply now hold; the last page moves the token,
   * unless a change was named by an href that is not a URL: then the next run asks again.
   */
  private async *deltaPages(
    run: Run,
    previous: CaldavCursor,
    changes: Extract<Changes, { kind: 'changes' }>,
  ): AsyncGenerator<SyncPage> {
    const objects = { ...previous.objects };
    let page = emptyPage('delta');
    page.issues.push(...run.hrefIssues.malformed(changes.malformed));
    for (const href of changes.removed) {
      page.deletions.push(...idsOf(href, objects[href]));
      delete objects[href];
    }
    const listedEtag = new Map(changes.changed.map((v) => [v.href, v.etag]));
    const stale = changes.changed.filter(
      (v) => v.etag === null || objects[v.href]?.etag !== v.etag || objects[v.href]?.unreadable,
    );
    for (const batch of chunks(
      stale.map((v) => v.href),
      this.multigetSize,
    )) {
      const answer = await run.session.multiget(run.calendarUrl, batch);
      for (const href of answer.missing) {
        page.deletions.push(...idsOf(href, objects[href]));
        delete objects[href];
      }
      page.issues.push(...keepUnanswered(run, answer, objects, objects));
      for (const object of answer.found) {
        const mapped = mapCalendarObject(object, run.window, run.floatingZone);
        page.issues.push(...mapped.issues);
        if (mapped.unreadable) {
          // What it produced before may still be there: nothing is deleted (its issues keep
          // the stored events), and it is fetched again next time, until it reads cleanly.
          page.upserts.push(...mapped.events);
          objects[object.href] = unreadableState(objects[object.href], mapped.keys);
          continue;
        }
        const kept = new Set(mapped.keys);
        const gone = (objects[object.href]?.keys ?? []).filter((key) => !kept.has(key));
        page.deletions.push(...gone.map((key) => eventIdOf(object.href, key)));
        page.upserts.push(...mapped.events);
        objects[object.href] = {
          etag: object.etag ?? listedEtag.get(object.href) ?? null,
          keys: mapped.keys,
        };
      }
      if (page.upserts.length >= this.pageSize) {
        yield { ...page, nextCursor: writeCursor({ ...previous, objects }) };
        page = emptyPage('delta');
      }
    }
    const cursor: CaldavCursor = changes.malformed.length
      ? { ...previous, objects }
      : { ...previous, syncToken: changes.syncToken, ctag: changes.ctag, objects };
    yield { ...page, nextCursor: writeCursor(cursor), hasMore: false };
  }
}

interface Run {
  session: CaldavSession;
  calendarUrl: string;
  window: SyncWindow;
  floatingZone: string;
  hrefIssues: MalformedHrefIssues;
}

/**
 * The issues of a fetch answered partly under hrefs that are not URLs: those hrefs, and each
 * object asked for that no readable href answered, which keeps its stored events and is marked
 * unreadable (fetched again next run) with what `before` knew of it.
 */
function keepUnanswered(
  run: Run,
  answer: MultigetAnswer,
  objects: Record<string, ObjectState>,
  before: Record<string, ObjectState>,
): SyncIssue[] {
  const issues = run.hrefIssues.malformed(answer.malformed);
  for (const href of answer.unanswered) {
    objects[href] = unreadableState(before[href], []);
    issues.push(run.hrefIssues.unanswered(href));
  }
  return issues;
}

/**
 * The cursor's state for an object that could not be read whole: the etag applied before (so
 * the object counts as not yet applied), every key it produced before or now (so that, once it
 * reads cleanly, whatever it no longer holds is deleted), and the mark that fetches it again.
 */
function unreadableState(before: ObjectState | undefined, keys: string[]): ObjectState {
  return {
    etag: before?.etag ?? null,
    keys: [...new Set([...(before?.keys ?? []), ...keys])],
    unreadable: true,
  };
}

/** The ids an object's events were stored under; its bare href when the cursor never saw it. */
function idsOf(href: string, state: ObjectState | undefined): string[] {
  return state ? state.keys.map((key) => eventIdOf(href, key)) : [href];
}

function emptyPage(mode: SyncPage['mode']): SyncPage {
  return { mode, upserts: [], deletions: [], issues: [], nextCursor: null, hasMore: true };
}

function widened(window: SyncWindow): SyncWindow {
  return {
    from: new Date(window.from.getTime() - RANGE_SLACK_MS),
    to: new Date(window.to.getTime() + RANGE_SLACK_MS),
  };
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

function toRemoteCalendar(
  calendar: CaldavCalendar,
  _index: number,
  all: CaldavCalendar[],
): RemoteCalendar {
  return {
    providerCalendarId: calendar.url,
    name: calendar.displayName ?? lastSegment(calendar.url),
    timeZone: calendar.timeZone,
    // CalDAV has no primary calendar; an account with a single one has an obvious one.
    isPrimary: all.length === 1,
  };
}

function lastSegment(url: string): string {
  const parts = new URL(url).pathname.split('/').filter(Boolean);
  return decodeURIComponent(parts.at(-1) ?? 'Calendar');
}

/**
 * The credentials a CalDAV connection stores: `username` and `password` (an app password) in
 * its secrets, the server URL in its settings (or secrets).
 */
export function credentialsOf(connection: ProviderConnection): CaldavCredentials {
  const serverUrl = setting(connection, 'serverUrl') ?? connection.secrets['serverUrl'];
  const username = connection.secrets['username'];
  const password = connection.secrets['password'];
  if (!serverUrl || !username || password === undefined) {
    throw new ProviderError(
      'caldav',
      'auth',
      'this CalDAV connection has no server URL, username or password: connect it again',
    );
  }
  return { serverUrl, username, password };
}

/** Where discovery led when the connection was made, so that it need not run every time. */
function accountOf(connection: ProviderConnection): CaldavAccount | null {
  const serverUrl = setting(connection, 'serverUrl');
  const rootUrl = setting(connection, 'rootUrl');
  const principalUrl = setting(connection, 'principalUrl');
  const homeUrl = setting(connection, 'homeUrl');
  return serverUrl && rootUrl && principalUrl && homeUrl
    ? { serverUrl, rootUrl, principalUrl, homeUrl }
    : null;
}

function setting(connection: ProviderConnection, name: string): string | undefined {
  const value = connection.settings[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
