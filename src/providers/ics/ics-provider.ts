/**
 * ICS files and feeds. A feed is polled: each run is either "not modified" (nothing to do) or a
 * complete snapshot of the calendar expanded over the sync window, from which the engine removes
 * whatever vanished.
 */
import { eventEffect } from '../../domain/ical/event-effects.js';
import type { IcsProblem, IcsSeries } from '../../domain/ical/parse-calendar.js';
import { streamCalendar, type StreamedCalendar } from '../../domain/ical/stream-calendar.js';
import { expandSeries } from '../../domain/recurrence/expand-series.js';
import type {
  CalendarProvider,
  FetchChangesRequest,
  ProviderConnection,
  RemoteCalendar,
  SyncIssue,
  SyncPage,
  SyncWindow,
} from '../provider.js';
import { ProviderError } from '../provider.js';
import { cutOffError, describeAnswer, describeUnreadable } from './ics-answers.js';
import { normaliseFeedUrl, type FeedResponse, type IcsClient } from './ics-client.js';
import {
  countEvents,
  cursorOnlyPage,
  dayOf,
  hashOf,
  parseCursor,
  sameValidators,
  type IcsCursor,
} from './ics-feed-cursor.js';
import { mapSeriesInstances } from './ics-mapper.js';
import { floatingZoneOf, icsCalendarZone } from './ics-zone.js';

/** A feed fetched while connecting: its calendar, and the answer its first sync reads. */
export interface FeedProbe {
  calendar: RemoteCalendar;
  response: FeedResponse;
}

/** One ICS source is one calendar. */
export const ICS_CALENDAR_ID = 'default';

export interface IcsProviderOptions {
  /**
   * Zone for floating times and all-day dates when neither the file (X-WR-TIMEZONE) nor the
   * stored calendar names one (see ics-zone.ts).
   */
  floatingZone: string;
}

export class IcsProvider implements CalendarProvider {
  readonly kind = 'ics' as const;
  // Its snapshots list the window: what ages out of it was not deleted.
  readonly snapshotsList = 'window' as const;

  constructor(
    private readonly client: IcsClient,
    private readonly options: IcsProviderOptions = { floatingZone: 'UTC' },
  ) {}

  async listCalendars(connection: ProviderConnection): Promise<RemoteCalendar[]> {
    return [(await this.probeFeed(connection)).calendar];
  }

  /**
   * Connecting: the feed fetched once, described, and its answer kept so that the first sync
   * reads it (`feedPages`) instead of downloading the whole body a second time.
   */
  async probeFeed(connection: ProviderConnection): Promise<FeedProbe> {
    const response = await this.client.fetchFeed(feedUrl(connection), null);
    if (response.kind !== 'content')
      return { calendar: defaultCalendar(connection, null, null), response };
    const calendar = streamCalendar(response.text);
    // Connecting (the only caller): a URL that does not answer with a calendar is the caller's
    // mistake. A cut-off text is left to the first sync, which says so as passing trouble.
    const problems = calendar.cutOff ? null : calendar.unreadable();
    if (problems && problems.length > 0) {
      const answer = describeAnswer(response.text, response.contentType, problems.map(toIssue));
      throw new ProviderError('ics', 'invalid_input', `the URL answered with ${answer}`);
    }
    return {
      calendar: defaultCalendar(connection, calendar.name, icsCalendarZone(calendar)),
      response,
    };
  }

  async *fetchChanges(request: FetchChangesRequest): AsyncIterable<SyncPage> {
    const previous = parseCursor(request.cursor);
    // A moved window needs the body again even when the feed did not change.
    const validators = previous && previous.windowDay === dayOf(request.window) ? previous : null;
    const response = await this.client.fetchFeed(
      feedUrl(request.connection),
      validators,
      request.signal,
    );
    yield* this.feedPages(
      response,
      request.cursor,
      request.window,
      request.calendar.timeZone,
      feedUrl(request.connection),
    );
  }

  /**
   * The pages the answer of the feed at `url` makes, after the run whose cursor is `cursor`
   * (null: the first).
   */
  *feedPages(
    response: FeedResponse,
    cursor: string | null,
    window: SyncWindow,
    storedZone: string | null,
    url: string,
  ): Generator<SyncPage> {
    if (response.kind === 'not_modified') return;
    const previous = parseCursor(cursor);
    const windowDay = dayOf(window);
    const contentHash = hashOf(response.text);
    // The feed answers as before an empty answer it gave once: that one was a glitch, whose
    // issue replaced those of this content in the sync status, so the content is read again in
    // full to say them.
    const sameAsBefore =
      previous?.contentHash === contentHash &&
      previous.windowDay === windowDay &&
      previous.emptyOnce === undefined;
    if (previous && sameAsBefore) {
      // The same calendar under new validators (a server that renews its ETag or Last-Modified
      // on every request, or after a deploy): keep them, or every later poll would send the old
      // ones and download the whole body again.
      if (!sameValidators(previous, response.validators))
        yield { ...cursorOnlyPage({ ...previous, ...response.validators }, []), sameContent: true };
      return;
    }
    const events = countEvents(response.text);
    const calendar = this.parse(response.text, 'feed', response.contentType, feedSource(url));
    // Two empty answers in a row apply, whatever their bytes: an empty calendar's text may
    // differ from one answer to the next (a DTSTAMP or a generator's comment of the moment).
    if (events === 0 && previous && previous.events !== 0 && previous.emptyOnce === undefined) {
      // Without validators, the next fetch gets the body whatever the feed answers then.
      const next = { ...previous, etag: null, lastModified: null, emptyOnce: contentHash };
      yield cursorOnlyPage(next, [{ message: EMPTY_ANSWER, line: null, providerEventId: null }]);
      return;
    }
    const nextCursor: IcsCursor = { ...response.validators, contentHash, windowDay, events };
    yield* this.snapshotPages(
      calendar,
      window,
      JSON.stringify(nextCursor),
      storedZone,
      response.charsetIssue === null
        ? []
        : [{ message: response.charsetIssue, line: null, providerEventId: null }],
    );
  }

  /**
   * Prepares a calendar to be read series by series (stream-calendar.ts): only what precedes its
   * events is parsed here, and the events up to the first usable one, so that a file with
   * nothing readable in it (not iCalendar at all) throws before anything is stored.
   *
   * A text cut off before its END:VCALENDAR (or inside a component) is refused as a whole, also
   * before anything is stored: its pages would be a snapshot, and the snapshot's end removes
   * every event the text does not list, so the events after the cut would be deleted. A feed's
   * body is refused as a transient failure (the next run fetches it again, most likely whole); a
   * file (`calintel import ics`, the API upload: `source` 'file') as invalid input, importing
   * nothing, because importing only its complete events would still remove, on a re-import, the
   * events after the cut. Broken blocks inside a complete text stay per-event issues.
   *
   * A text with nothing readable in it is likewise a file's invalid input, but for a feed that
   * answered 200 with it (an empty body, a CDN's maintenance page, a sign-in page) passing
   * trouble: the feed worked before and most likely will again, so the run is retried with
   * backoff, and the error says what came instead of a calendar (`contentType`: the one the feed
   * sent) without quoting it. Connecting a URL that answers so is refused by listCalendars().
   */
  parse(
    text: string,
    source: 'feed' | 'file' = 'file',
    contentType: string | null = null,
    /** feedSource() or fileSource(): names the events without a UID (made-up-uid.ts). */
    calendarSource: string | null = null,
  ): StreamedCalendar {
    const calendar = streamCalendar(
      text,
      calendarSource === null ? {} : { source: calendarSource },
    );
    if (calendar.cutOff) throw cutOffError(calendar.cutOff, source);
    const problems = calendar.unreadable();
    if (problems && problems.length > 0) {
      const issues = problems.map(toIssue);
      if (source === 'file')
        throw new ProviderError('ics', 'invalid_input', describeUnreadable(issues));
      throw new ProviderError(
        'ics',
        'transient',
        `the feed answered with ${describeAnswer(text, contentType, issues)}; ` +
          'nothing was changed; the next sync fetches it again',
      );
    }
    return calendar;
  }

  /**
   * Expands a calendar into snapshot pages of at most PAGE_SIZE events as it is read, series by
   * series, so that neither the parsed file nor its events are ever held all at once. Only the
   * last page carries the cursor: a run that stops half-way starts the snapshot again.
   * Floating times and all-day dates are read in the file's own zone, else in `storedZone` (the
   * stored calendar's: its owner's when the file names none), else in the default (ics-zone.ts).
   */
  *snapshotPages(
    calendar: StreamedCalendar,
    window: SyncWindow,
    nextCursor: string | null = null,
    storedZone: string | null = null,
    /** Issues of the whole text (a charset that could not be read), on the first page. */
    textIssues: SyncIssue[] = [],
  ): Generator<SyncPage> {
    const floating = floatingZoneOf(calendar, storedZone, this.options.floatingZone);
    const options = { floatingZone: floating.zone };
    let page = emptyPage(floating.issue ? [...textIssues, floating.issue] : [...textIssues]);
    for (const item of calendar.items()) {
      if ('problem' in item) {
        page.issues.push(toIssue(item.problem));
        continue;
      }
      const series = item.series;
      const expanded = expandSeries(series, window, options);
      const recurring = series.overrides.length > 0 || isRecurringMaster(series.master);
      for (const mapped of mapSeriesInstances(expanded.instances, recurring, series.formerUid))
        page.upserts.push(mapped);
      // One by one: spread, a series with ~120k problems would overflow the stack.
      for (const problem of expanded.problems) page.issues.push(toIssue(problem));
      for (const truncated of expanded.truncated)
        page.issues.push(truncatedIssue(series, truncated));
      if (page.upserts.length >= PAGE_SIZE) {
        yield { ...page, hasMore: true };
        page = emptyPage([]);
      }
    }
    yield { ...page, nextCursor, hasMore: false };
  }
}

/**
 * Events per committed page: large enough to batch writes, small enough to bound memory.
 * Measured on the 118,712-instance benchmark import: 5,000 or 10,000 saved 0.5-1 s but raised
 * peak RSS by 100-170 MB (a page's events and rows outlive young-generation GCs); 500 or 1,000
 * cost 1.5-3 s more, in commits.
 */
const PAGE_SIZE = 2000;

/**
 * A feed that had events answering with an empty calendar is more often a glitch (a server
 * between deploys, a cache's placeholder) than a calendar emptied; applying it would delete
 * every event with its meeting history and feedback. So the first empty answer changes nothing
 * and says so; the next fetch (not conditional: the cursor keeps no validators) applies it if
 * the feed still answers with an empty calendar.
 */
const EMPTY_ANSWER =
  'the feed answered with a calendar without events, where it had events before: nothing was ' +
  'removed; if it is really empty now, the next sync removes its events';

function emptyPage(issues: SyncIssue[]): SyncPage {
  return { mode: 'snapshot', upserts: [], deletions: [], issues, nextCursor: null, hasMore: true };
}

/**
 * A block that could not be read: it names its UID, under which the series' instances are stored
 * as `uid::recurrence-id`, so the issue keeps them all (a broken master would otherwise remove
 * every instance at the snapshot's end).
 */
function toIssue(problem: IcsProblem): SyncIssue {
  return {
    message: problem.message,
    line: problem.line,
    providerEventId: problem.uid,
    ...(problem.uid !== null ? { keepsSeries: true } : {}),
    ...(problem.effect ? { effect: problem.effect } : {}),
  };
}

/** A series listed only in part: an event kept, as the reason says. */
function truncatedIssue(series: IcsSeries, truncated: { uid: string; reason: string }): SyncIssue {
  const begin = series.master ? (series.lineOf?.(series.master, 'BEGIN')?.line ?? null) : null;
  const effect = eventEffect('kept', begin, truncated.uid);
  return {
    message: truncated.reason,
    line: null,
    providerEventId: truncated.uid,
    ...(effect ? { effect } : {}),
  };
}

function isRecurringMaster(master: { hasProperty(name: string): boolean } | null): boolean {
  return master !== null && (master.hasProperty('rrule') || master.hasProperty('rdate'));
}

function defaultCalendar(
  connection: ProviderConnection,
  name: string | null,
  timeZone: string | null,
): RemoteCalendar {
  const label =
    typeof connection.settings['label'] === 'string' ? connection.settings['label'] : null;
  return {
    providerCalendarId: ICS_CALENDAR_ID,
    name: name ?? label ?? 'ICS calendar',
    timeZone,
    isPrimary: true,
  };
}

/**
 * What a feed is, for the names of its events without a UID: its URL, as fetched, so that the
 * feed subscribed to again after its calendar was deleted names them as before.
 */
export function feedSource(url: string): string {
  return `feed:${normaliseFeedUrl(url)}`;
}

/**
 * What an imported file is, for the names of its events without a UID: its calendar's label,
 * which is what a re-import goes by (the file's name unless the user gave one), so that the
 * file imported again, into its calendar or after it was deleted, names them as before.
 */
export function fileSource(label: string): string {
  return `file:${label}`;
}

function feedUrl(connection: ProviderConnection): string {
  const url = connection.secrets['url'];
  if (!url) {
    throw new ProviderError(
      'ics',
      'permanent',
      'this ICS connection is an imported file, not a feed: import the file again to update it',
    );
  }
  return url;
}
