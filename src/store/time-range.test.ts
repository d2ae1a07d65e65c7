/**
 * A time range as a viewer sees it: timed events overlap [from, to) by their instants, all-day
 * events by their dates against the calendar dates the range covers in the viewer's zone. The
 * viewers below ask for their week, Monday 2 to Sunday 8 March 2026, from one local midnight to
 * the next after Sunday (New York changes to summer time on the 8th).
 */
import { expect, it } from 'vitest';
import {
  buildEvent,
  describeEachDialect,
  seedTenant,
  type Tenant,
} from '../../test/support/databases.js';
import type { CalendarEvent } from '../domain/event.js';
import type { MeetingDraft, Store } from './store.js';

/** An all-day event on [startDate, endDate), at midnight of its dates in `timeZone` (or UTC). */
function allDay(
  title: string,
  startDate: string,
  endDate: string,
  instants: { start: string; end: string },
  timeZone: string | null = null,
): CalendarEvent {
  return buildEvent({ title, allDay: true, startDate, endDate, timeZone, ...instants });
}

const utcMidnights = (startDate: string, endDate: string) => ({
  start: `${startDate}T00:00:00.000Z`,
  end: `${endDate}T00:00:00.000Z`,
});

/** Every viewer's all-day events of that week, and around it. */
const ALL_DAY = [
  allDay('day before', '2026-03-01', '2026-03-02', utcMidnights('2026-03-01', '2026-03-02')),
  allDay('first day', '2026-03-02', '2026-03-03', utcMidnights('2026-03-02', '2026-03-03')),
  allDay('straddles start', '2026-03-01', '2026-03-03', utcMidnights('2026-03-01', '2026-03-03')),
  allDay('last day', '2026-03-08', '2026-03-09', utcMidnights('2026-03-08', '2026-03-09')),
  allDay('day after', '2026-03-09', '2026-03-10', utcMidnights('2026-03-09', '2026-03-10')),
  allDay(
    'first day, Los Angeles calendar',
    '2026-03-02',
    '2026-03-03',
    { start: '2026-03-02T08:00:00.000Z', end: '2026-03-03T08:00:00.000Z' },
    'America/Los_Angeles',
  ),
  allDay(
    'day after, Paris calendar',
    '2026-03-09',
    '2026-03-10',
    { start: '2026-03-08T23:00:00.000Z', end: '2026-03-09T23:00:00.000Z' },
    'Europe/Paris',
  ),
];

/** Timed events one minute inside and exactly outside each end of [from, to). */
function timedEdges(from: string, to: string): CalendarEvent[] {
  const at = (instant: string, minutes: number) =>
    new Date(Date.parse(instant) + minutes * 60_000).toISOString();
  const timed = (title: string, start: string, end: string) => buildEvent({ title, start, end });
  return [
    timed('timed, ends at from', at(from, -60), from),
    timed('timed, ends just after from', at(from, -59), at(from, 1)),
    timed('timed, starts just before to', at(to, -1), at(to, 59)),
    timed('timed, starts at to', to, at(to, 60)),
  ];
}

const VIEWERS = [
  {
    timeZone: 'America/New_York',
    from: '2026-03-02T05:00:00.000Z',
    to: '2026-03-09T04:00:00.000Z',
    listed: [
      'straddles start',
      'first day',
      'timed, ends just after from',
      'first day, Los Angeles calendar',
      'last day',
      'timed, starts just before to',
    ],
  },
  {
    timeZone: 'Asia/Tokyo',
    from: '2026-03-01T15:00:00.000Z',
    to: '2026-03-08T15:00:00.000Z',
    listed: [
      'straddles start',
      'timed, ends just after from',
      'first day',
      'first day, Los Angeles calendar',
      'last day',
      'timed, starts just before to',
    ],
  },
];

async function seed(store: Store, events: CalendarEvent[]): Promise<Tenant> {
  const tenant = await seedTenant(store, 'viewer');
  await store.events.applyPage(
    tenant.scope,
    tenant.calendar.id,
    { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
    1,
  );
  // Each event is also a sales meeting, with the event's title and instants.
  const stored = (await store.events.list(tenant.scope, { limit: 1000 })).items;
  await store.meetings.save(tenant.scope, stored.map(draftOf));
  return tenant;
}

function draftOf(stored: { id: string; calendarId: string; event: CalendarEvent }): MeetingDraft {
  return {
    eventId: stored.id,
    calendarId: stored.calendarId,
    seriesId: null,
    title: stored.event.title,
    start: stored.event.start,
    end: stored.event.end,
    isSalesMeeting: true,
    confidence: 0.9,
    meetingType: 'discovery',
    typeConfidence: 0.8,
    accountId: null,
    accountAmbiguous: false,
    relationshipKey: 'domain:customer.test',
    externalDomains: ['customer.test'],
    reasons: [],
    modelVersion: 'test',
    source: 'model',
    participants: [],
  };
}

type Range = { from: string; to: string; timeZone?: string };

/** Titles of the events in the range, page by page (`limit` each), in the order listed. */
async function eventTitles(store: Store, tenant: Tenant, range: Range, limit = 1000) {
  const titles: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.events.list(tenant.scope, { ...range, limit, cursor });
    titles.push(...page.items.map((item) => item.event.title));
    cursor = page.nextCursor;
  } while (cursor);
  return titles;
}

async function meetingTitles(store: Store, tenant: Tenant, range: Range, limit = 1000) {
  const titles: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.meetings.list(tenant.scope, { ...range, limit, cursor });
    titles.push(...page.items.map((item) => item.title));
    cursor = page.nextCursor;
  } while (cursor);
  return titles;
}

describeEachDialect('time ranges in the viewer zone', (context) => {
  for (const viewer of VIEWERS) {
    it(`lists the all-day events and meetings of the week's dates in ${viewer.timeZone}, timed ones by their instants, sorted by start, page by page`, async () => {
      const { store } = context();
      const tenant = await seed(store, [...ALL_DAY, ...timedEdges(viewer.from, viewer.to)]);
      const range = { from: viewer.from, to: viewer.to, timeZone: viewer.timeZone };
      expect(await eventTitles(store, tenant, range)).toEqual(viewer.listed);
      expect(await eventTitles(store, tenant, range, 1)).toEqual(viewer.listed);
      expect(await meetingTitles(store, tenant, range)).toEqual(viewer.listed);
      expect(await meetingTitles(store, tenant, range, 2)).toEqual(viewer.listed);
    });
  }

  it('reaches the zones furthest apart: UTC+14 viewing a UTC-12 calendar, and the reverse', async () => {
    const { store } = context();
    const tenant = await seed(store, [
      // Kiritimati's 4 March is [3 March 10:00Z, 4 March 10:00Z).
      allDay(
        'Kiritimati, 4 March',
        '2026-03-04',
        '2026-03-05',
        { start: '2026-03-03T10:00:00.000Z', end: '2026-03-04T10:00:00.000Z' },
        'Pacific/Kiritimati',
      ),
      // UTC-12's 4 March is [4 March 12:00Z, 5 March 12:00Z).
      allDay(
        'UTC-12, 4 March',
        '2026-03-04',
        '2026-03-05',
        { start: '2026-03-04T12:00:00.000Z', end: '2026-03-05T12:00:00.000Z' },
        'Etc/GMT+12',
      ),
      allDay(
        'UTC-12, 3 March',
        '2026-03-03',
        '2026-03-04',
        { start: '2026-03-03T12:00:00.000Z', end: '2026-03-04T12:00:00.000Z' },
        'Etc/GMT+12',
      ),
    ]);
    // 4 March in Kiritimati, and in UTC-12.
    const kiritimati = {
      from: '2026-03-03T10:00:00.000Z',
      to: '2026-03-04T10:00:00.000Z',
      timeZone: 'Pacific/Kiritimati',
    };
    const minus12 = {
      from: '2026-03-04T12:00:00.000Z',
      to: '2026-03-05T12:00:00.000Z',
      timeZone: 'Etc/GMT+12',
    };
    for (const list of [eventTitles, meetingTitles]) {
      expect(await list(store, tenant, kiritimati)).toEqual([
        'Kiritimati, 4 March',
        'UTC-12, 4 March',
      ]);
      expect(await list(store, tenant, minus12)).toEqual([
        'Kiritimati, 4 March',
        'UTC-12, 4 March',
      ]);
    }
  });

  it('without a viewer zone, compares every event by its instants, as before', async () => {
    const { store } = context();
    const viewer = VIEWERS[0]!;
    const tenant = await seed(store, [...ALL_DAY, ...timedEdges(viewer.from, viewer.to)]);
    const range = { from: viewer.from, to: viewer.to };
    const byInstants = [
      'straddles start',
      'first day',
      'timed, ends just after from',
      'first day, Los Angeles calendar',
      'last day',
      'day after, Paris calendar',
      'day after',
      'timed, starts just before to',
    ];
    expect(await eventTitles(store, tenant, range)).toEqual(byInstants);
    expect(await meetingTitles(store, tenant, range)).toEqual(byInstants);
  });

  it('takes a range open at one end', async () => {
    const { store } = context();
    const tenant = await seed(store, ALL_DAY);
    const timeZone = 'America/New_York';
    const from = { from: '2026-03-09T04:00:00.000Z', timeZone };
    const to = { to: '2026-03-02T05:00:00.000Z', timeZone };
    for (const list of [eventTitles, meetingTitles]) {
      expect(await list(store, tenant, from as Range)).toEqual([
        'day after, Paris calendar',
        'day after',
      ]);
      // Both start at midnight UTC on 1 March: their order is their ids'.
      expect((await list(store, tenant, to as Range)).sort()).toEqual([
        'day before',
        'straddles start',
      ]);
    }
  });
});
