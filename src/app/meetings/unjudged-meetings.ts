/**
 * The organisation's own meetings nobody judged, read from the store as weak examples for an
 * adaptation whose verdicts go (almost) one way (src/domain/detection/adapt-examples.ts): its
 * detected sales meetings nobody rejected, and the events with someone from outside that detection
 * passed over and nobody confirmed, over in `span` (letStandSpan: users had the chance to judge
 * these); one example per series and per meeting (its copies on several calendars are one),
 * latest first. The same store gives the same examples.
 */
import { MAX_WEAK_EXAMPLES, type Unjudged } from '../../domain/detection/adapt-examples.js';
import { extractFeatures } from '../../domain/detection/features.js';
import type { CrmIndex } from '../../domain/matching/crm.js';
import { matchMeeting } from '../../domain/matching/match-meeting.js';
import { meetingIdentity } from '../../store/meeting-identity.js';
import type { MeetingFeedback, OrgScope, Scope, Store, StoredEvent } from '../../store/store.js';
import {
  accountAddresses,
  calendarZonesOf,
  toMeetingInput,
  type CalendarOwners,
} from './meeting-input.js';
import { othersCalendarIds } from '../../domain/calendars/others-calendars.js';

const PAGE = 1000;

/** An event of a user's calendar, with whose it is (the user and the connected accounts). */
export interface UnjudgedEvent {
  stored: StoredEvent;
  owners: CalendarOwners;
}

export interface UnjudgedRequest {
  /** Which kinds are wanted (weakExamplesWanted). */
  wanted: { accepted: boolean; passedOver: boolean };
  /** The feedback the adaptation is fitted on: what it is about is not unjudged. */
  feedback: readonly MeetingFeedback[];
  /** Meetings over in it count (letStandSpan); null: none do. */
  span: { from: string; to: string } | null;
  index: CrmIndex;
}

/** The weak examples for an adaptation: the events of unjudgedEvents, as detection reads them. */
export async function readUnjudged(
  store: Store,
  scope: OrgScope,
  request: UnjudgedRequest,
): Promise<Unjudged> {
  const events = await unjudgedEvents(store, scope, request);
  const features = (candidates: readonly UnjudgedEvent[]) =>
    candidates.map(({ stored, owners }) => {
      const input = toMeetingInput(stored, owners);
      return extractFeatures(input, matchMeeting(input, request.index), request.index);
    });
  return { accepted: features(events.accepted), passedOver: features(events.passedOver) };
}

/** The organisation's events nobody judged of each kind wanted, latest first (see the header). */
export async function unjudgedEvents(
  store: Store,
  scope: OrgScope,
  request: UnjudgedRequest,
): Promise<{ accepted: UnjudgedEvent[]; passedOver: UnjudgedEvent[] }> {
  const { wanted, feedback, span: window, index } = request;
  if (!window || (!wanted.accepted && !wanted.passedOver)) return { accepted: [], passedOver: [] };
  const judged = new Set(feedback.flatMap(feedbackKeys));
  let accepted: UnjudgedEvent[] = [];
  let passedOver: UnjudgedEvent[] = [];
  // User by user, keeping only the latest so far: an organisation's quarter is not held at once.
  const keep = (chosen: UnjudgedEvent[], events: StoredEvent[], owners: CalendarOwners) =>
    latestUnjudged([...chosen, ...events.map((stored) => ({ stored, owners }))], judged);
  for (const user of await store.users.list(scope)) {
    const userScope = { orgId: scope.orgId, userId: user.id };
    const calendars = await store.calendars.list(userScope);
    const accounts = accountAddresses(await store.connections.list(userScope));
    const owners: CalendarOwners = {
      user: user.email,
      accounts,
      calendarZones: calendarZonesOf(calendars),
      userZone: user.timeZone,
      othersCalendars: othersCalendarIds(calendars, user.email, accounts),
    };
    if (wanted.accepted)
      accepted = keep(accepted, await acceptedEvents(store, userScope, window), owners);
    if (wanted.passedOver)
      passedOver = keep(
        passedOver,
        await passedOverEvents(store, userScope, window, index, owners),
        owners,
      );
  }
  return { accepted, passedOver };
}

/** The user's sales meetings detection found (not a user's word) over in the window. */
async function acceptedEvents(
  store: Store,
  scope: Scope,
  window: { from: string; to: string },
): Promise<StoredEvent[]> {
  const eventIds: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.meetings.list(scope, { ...window, limit: PAGE, cursor });
    for (const meeting of page.items)
      if (meeting.source === 'model' && over(meeting.end, window.to))
        eventIds.push(meeting.eventId);
    cursor = page.nextCursor;
  } while (cursor);
  return store.events.getMany(scope, eventIds);
}

/** The user's events over in the window, with someone from outside, that have no meeting. */
async function passedOverEvents(
  store: Store,
  scope: Scope,
  window: { from: string; to: string },
  index: CrmIndex,
  owners: CalendarOwners,
): Promise<StoredEvent[]> {
  const found: StoredEvent[] = [];
  let page: StoredEvent[] = [];
  const flush = async () => {
    const withMeeting = new Set(
      await store.meetings.withMeetings(
        scope,
        page.map((e) => e.id),
      ),
    );
    found.push(...page.filter((e) => !withMeeting.has(e.id)));
    page = [];
  };
  for await (const stored of store.events.iterate(scope, { ...window, limit: PAGE })) {
    const { event } = stored;
    if (event.status === 'cancelled' || !over(event.end, window.to)) continue;
    // Another person's meeting, passed over because it is not the user's: no example of either.
    if (owners.othersCalendars.has(stored.calendarId)) continue;
    if (matchMeeting(toMeetingInput(stored, owners), index).externals.length === 0) continue;
    page.push(stored);
    if (page.length >= PAGE) await flush();
  }
  await flush();
  return found;
}

/** Latest first, judged ones and repeats of a series or meeting left out, at most the maximum. */
function latestUnjudged(
  candidates: readonly UnjudgedEvent[],
  judged: ReadonlySet<string>,
): UnjudgedEvent[] {
  const seen = new Set<string>();
  const chosen: UnjudgedEvent[] = [];
  for (const candidate of [...candidates].sort(latestFirst)) {
    const keys = eventKeys(candidate.stored);
    if (keys.some((k) => judged.has(k) || seen.has(k))) continue;
    for (const k of keys) seen.add(k);
    chosen.push(candidate);
    if (chosen.length >= MAX_WEAK_EXAMPLES) break;
  }
  return chosen;
}

function latestFirst(a: UnjudgedEvent, b: UnjudgedEvent): number {
  return (
    b.stored.event.start.localeCompare(a.stored.event.start) ||
    a.stored.id.localeCompare(b.stored.id)
  );
}

/** What a word is about: its series, else its meeting, else (older feedback) its event row. */
function feedbackKeys(f: MeetingFeedback): string[] {
  if (f.seriesId) return [`series:${f.seriesId}`];
  return f.meetingIdentity ? [`meeting:${f.meetingIdentity}`] : [`event:${f.eventId}`];
}

/** The keys a word about this event could have been given under. */
function eventKeys(stored: StoredEvent): string[] {
  const { seriesId } = stored.event;
  if (seriesId) return [`series:${seriesId}`];
  return [`meeting:${meetingIdentity(stored.calendarId, stored.event)}`, `event:${stored.id}`];
}

function over(end: string, by: string): boolean {
  return Date.parse(end) <= Date.parse(by);
}
