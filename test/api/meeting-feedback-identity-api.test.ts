/**
 * A user's word on a single (non-recurring) meeting is about the meeting, not about the row that
 * held its event: when the row is made again (the calendar turned off and on, which syncs it
 * from scratch; the event deleted and imported again), the rejection or corrected type holds.
 * The meeting is known by its iCalendar UID and original start, so the same meeting on the same
 * user's other calendar gets the verdict too; an event without a UID of its own is known only
 * within its calendar.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { MeetingView } from '../../src/api/meetings-schemas.js';
import { taskHandlers } from '../../src/app/tasks.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { buildEvent, describeEachDialect } from '../support/databases.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import {
  CALENDAR_BASE,
  importCalendar,
  putAcmeCrm,
  salesFeed,
  seedNorthwind,
} from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

interface Detection {
  isSalesMeeting: boolean;
  meetingType: string | null;
  source: string;
}

/** A calendar of one event without a UID (the parser makes one up from its position). */
function uidlessFeed(title: string): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//test//EN',
    'BEGIN:VEVENT',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20260312T150000Z',
    'DTEND:20260312T160000Z',
    `SUMMARY:${title}`,
    'ORGANIZER;CN=Ana:mailto:ana@northwind.io',
    'ATTENDEE;PARTSTAT=ACCEPTED:mailto:jdoe@acme.com',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** One meeting with an Acme attendee, and what "repeat weekly" on it makes of it. */
function syncFeed(uid: string, recurrence: string[] = []): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//test//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20260310T150000Z',
    'DTEND:20260310T160000Z',
    ...recurrence,
    'SUMMARY:Acme sync',
    'ORGANIZER;CN=Ana:mailto:ana@northwind.io',
    'ATTENDEE;PARTSTAT=ACCEPTED:mailto:jdoe@acme.com',
    'LOCATION:https://acme.zoom.us/j/1',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

describeEachDialect('meeting feedback outlives its event row', (context) => {
  let api: TestApi;
  let feed: FeedServer;
  let token: string;
  let orgId: string;
  let userId: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
    feed = await startFeedServer(salesFeed());
  });

  beforeEach(async () => {
    ({ token, orgId, userId } = await seedNorthwind(context().store));
    await putAcmeCrm(api.server, token);
    feed.setBody(salesFeed());
  });

  afterAll(async () => {
    await api.close();
    await feed.close();
  });

  const request = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    api.server.inject({
      method,
      url: `${CALENDAR_BASE}${url}`,
      headers: bearer(token),
      ...(payload ? { payload } : {}),
    });
  const meetings = async (): Promise<MeetingView[]> =>
    (await request('GET', '/meetings/?limit=500')).json().items;
  const byTitle = async (title: string) => (await meetings()).filter((m) => m.title === title);
  const feedback = async (id: string, payload: object) => {
    const response = await request('POST', `/meetings/${id}/feedback/`, payload);
    expect(response.statusCode).toBe(200);
  };
  /** Every stored event with this title, with what detection says about it now. */
  const detections = async (title: string) => {
    const events = (await request('GET', '/events/?limit=500')).json().items as {
      id: string;
      title: string;
      calendarId: string;
    }[];
    return Promise.all(
      events
        .filter((e) => e.title === title)
        .map(async (e) => ({
          eventId: e.id,
          calendarId: e.calendarId,
          ...((await request('GET', `/events/${e.id}/insights/`)).json().detection as Detection),
        })),
    );
  };
  const subscribe = async (label: string) => {
    const response = await request('POST', '/providers/ics/connect/', { url: feed.url(), label });
    expect(response.statusCode).toBe(201);
    await api.app.queue.drain();
  };
  const importAs = async (label: string, ics: string) => {
    const response = await api.server.inject({
      method: 'POST',
      url: `${CALENDAR_BASE}/providers/ics/connect/?label=${label}`,
      headers: { ...bearer(token), 'content-type': 'text/calendar' },
      payload: ics,
    });
    expect(response.statusCode).toBe(201);
    await api.app.queue.drain();
  };
  /** Turns the calendar off (its events are removed) and on again (synced from scratch). */
  const reselect = async (calendarId: string) => {
    expect(
      (await request('PATCH', `/calendars/${calendarId}/`, { selected: false })).statusCode,
    ).toBe(200);
    await api.app.queue.drain();
    expect(
      (await detections('Acme discovery call')).filter((d) => d.calendarId === calendarId),
    ).toEqual([]);
    expect(
      (await request('PATCH', `/calendars/${calendarId}/`, { selected: true })).statusCode,
    ).toBe(200);
    await api.app.queue.drain();
  };

  it('a rejected single meeting stays rejected after its calendar is turned off and on again', async () => {
    await subscribe('Feed');
    const [discovery] = await byTitle('Acme discovery call');
    expect(discovery).toMatchObject({ source: 'model', isSalesMeeting: true });
    await feedback(discovery!.id, { verdict: 'reject' });
    await api.app.queue.drain();

    await reselect(discovery!.calendarId);

    const [again] = await detections('Acme discovery call');
    // The event was made again, under another id, and the verdict found it.
    expect(again!.eventId).not.toBe(discovery!.eventId);
    expect(again).toMatchObject({ isSalesMeeting: false, source: 'feedback' });
    expect(await byTitle('Acme discovery call')).toEqual([]);
    // The series' verdicts were never in question; its meetings are the model's as before.
    for (const checkIn of await detections('Acme weekly check-in')) {
      expect(checkIn.source).not.toBe('feedback');
    }
  });

  it('a corrected type of a single meeting holds after its calendar is turned off and on again', async () => {
    await subscribe('Feed');
    const [discovery] = await byTitle('Acme discovery call');
    await feedback(discovery!.id, { verdict: 'confirm', meetingType: 'closing' });
    await api.app.queue.drain();

    await reselect(discovery!.calendarId);

    const [again] = await byTitle('Acme discovery call');
    expect(again!.eventId).not.toBe(discovery!.eventId);
    expect(again).toMatchObject({
      isSalesMeeting: true,
      meetingType: 'closing',
      typeConfidence: 1,
      source: 'feedback',
    });
  });

  it('a word given again after the row was made anew replaces the earlier one in the adaptation', async () => {
    await subscribe('Feed');
    const [discovery] = await byTitle('Acme discovery call');
    await feedback(discovery!.id, { verdict: 'confirm', meetingType: 'demo' });
    await api.app.queue.drain();
    await reselect(discovery!.calendarId);
    const [again] = await byTitle('Acme discovery call');
    expect(again!.eventId).not.toBe(discovery!.eventId);
    await feedback(again!.id, { verdict: 'confirm', meetingType: 'closing' });
    await api.app.queue.drain();
    // One meeting, one user: one example, the last word.
    expect((await context().store.meetings.getAdjustment({ orgId }))?.feedbackCount).toBe(1);
  });

  it('a rejection and a corrected type hold when the event is deleted and imported again', async () => {
    await importCalendar(api.server, token, salesFeed());
    await api.app.queue.drain();
    const [discovery] = await byTitle('Acme discovery call');
    await feedback(discovery!.id, { verdict: 'confirm', meetingType: 'negotiation' });
    await api.app.queue.drain();

    await importCalendar(api.server, token, salesFeed({ singleTitle: null }));
    await api.app.queue.drain();
    expect(await detections('Acme discovery call')).toEqual([]);
    await importCalendar(api.server, token, salesFeed());
    await api.app.queue.drain();

    const [corrected] = await byTitle('Acme discovery call');
    expect(corrected!.eventId).not.toBe(discovery!.eventId);
    expect(corrected).toMatchObject({ meetingType: 'negotiation', source: 'feedback' });

    // A later word replaces the earlier one, for the new row too.
    await feedback(corrected!.id, { verdict: 'reject' });
    await importCalendar(api.server, token, salesFeed({ singleTitle: null }));
    await importCalendar(api.server, token, salesFeed());
    await api.app.queue.drain();
    expect(await detections('Acme discovery call')).toEqual([
      expect.objectContaining({ isSalesMeeting: false, source: 'feedback' }),
    ]);
  });

  it("the same meeting on the user's other calendar (same UID) takes the verdict at once", async () => {
    await importAs('Work', salesFeed());
    await importAs('Shared', salesFeed());
    const copies = await byTitle('Acme discovery call');
    expect(copies).toHaveLength(2);
    expect(new Set(copies.map((m) => m.calendarId)).size).toBe(2);

    const response = await request('POST', `/meetings/${copies[0]!.id}/feedback/`, {
      verdict: 'reject',
    });
    expect(response.statusCode).toBe(200);
    // A copy is not another instance of a series.
    expect(response.json().propagatedTo).toBe(0);
    // Before any queued job runs: the copy was detected again with the verdict.
    expect(await byTitle('Acme discovery call')).toEqual([]);
    await api.app.queue.drain();
    expect((await detections('Acme discovery call')).map((d) => d.source)).toEqual([
      'feedback',
      'feedback',
    ]);
  });

  it('a rejected or corrected single meeting made recurring: every instance of the series keeps the word', async () => {
    for (const [uid, word] of [
      ['rejected@acme.com', { verdict: 'reject' }],
      ['corrected@acme.com', { verdict: 'confirm', meetingType: 'negotiation' }],
    ] as const) {
      await importAs('Work', syncFeed(uid));
      const [sync] = await byTitle('Acme sync');
      expect(sync).toMatchObject({ source: 'model', isSalesMeeting: true });
      await feedback(sync!.id, word);
      await api.app.queue.drain();

      // The organiser clicks "repeat weekly": the same UID and start, now with a rule.
      await importAs('Work', syncFeed(uid, ['RRULE:FREQ=WEEKLY;COUNT=3']));
      const instances = await detections('Acme sync');
      expect(instances).toHaveLength(3);
      for (const instance of instances) {
        expect(instance).toMatchObject(
          word.verdict === 'reject'
            ? { isSalesMeeting: false, source: 'feedback' }
            : { isSalesMeeting: true, meetingType: 'negotiation', source: 'feedback' },
        );
      }
      // Words given on the series afterwards are later, in the same millisecond of the test's
      // clock too: the last one counts for the whole series.
      const [first] = instances;
      for (const type of ['demo', 'closing', 'demo', 'follow_up']) {
        await feedback(first!.eventId, { verdict: 'confirm', meetingType: type });
        expect((await byTitle('Acme sync')).map((m) => [m.meetingType, m.source])).toEqual([
          [type, 'feedback'],
          [type, 'feedback'],
          [type, 'feedback'],
        ]);
      }
    }
  });

  it("a verdict on a series reaches its instances on the user's other calendar, where another provider names the series otherwise", async () => {
    const { store } = context();
    const scope = { orgId, userId };
    const calendarOf = async (provider: 'google' | 'ics', label: string) => {
      const connection = await store.connections.create(scope, {
        provider,
        label,
        secrets: { url: 'https://calendar.example.test/feed.ics' },
        settings: {},
      });
      return (await store.calendars.upsert(scope, connection.id, {
        providerCalendarId: 'primary',
        name: label,
        timeZone: 'UTC',
        isPrimary: true,
      }))!;
    };
    const google = await calendarOf('google', 'ana@northwind.io');
    const ics = await calendarOf('ics', 'Work');
    const starts = [11, 18, 25].map((day) => `2026-03-${day}T14:00:00.000Z`);
    const instance = (start: string, over: Partial<CalendarEvent>): CalendarEvent =>
      buildEvent({
        iCalUid: 'weekly@acme.com',
        title: 'Acme weekly check-in',
        start,
        end: new Date(Date.parse(start) + 30 * 60_000).toISOString(),
        originalStart: start,
        organizer: { email: 'jdoe@acme.com', name: 'Jane' },
        attendees: [
          {
            email: 'jdoe@acme.com',
            name: null,
            responseStatus: 'accepted',
            optional: false,
            resource: false,
          },
        ],
        ...over,
      });
    const page = (events: CalendarEvent[]) => ({
      upserts: events.map((event) => ({ event, raw: {} })),
      deletions: [],
    });
    // Google names the series by its recurringEventId, ICS by the UID.
    await store.events.applyPage(
      scope,
      google.id,
      page(starts.map((s) => instance(s, { providerEventId: `abc123_${s}`, seriesId: 'abc123' }))),
      1,
    );
    await store.events.applyPage(
      scope,
      ics.id,
      page(
        starts.map((s) =>
          instance(s, { providerEventId: `weekly@acme.com#${s}`, seriesId: 'weekly@acme.com' }),
        ),
      ),
      1,
    );
    expect((await request('POST', '/meetings/detect/')).statusCode).toBe(202);
    await api.app.queue.drain();
    const listed = await byTitle('Acme weekly check-in');
    expect(listed).toHaveLength(6);

    const onGoogle = listed.find((m) => m.calendarId === google.id)!;
    const response = await request('POST', `/meetings/${onGoogle.id}/feedback/`, {
      verdict: 'reject',
    });
    expect(response.statusCode).toBe(200);
    // The series' two other meetings; their copies, and this one's, are the same meetings.
    expect(response.json().propagatedTo).toBe(2);
    // At once, before any queued job runs: nothing of the series is listed on either calendar.
    expect(await byTitle('Acme weekly check-in')).toEqual([]);
    await api.app.queue.drain();
    const after = await detections('Acme weekly check-in');
    expect(after).toHaveLength(6);
    for (const d of after) expect(d).toMatchObject({ isSalesMeeting: false, source: 'feedback' });

    // A later word on the other calendar's copy counts for both.
    const onIcs = after.find((d) => d.calendarId === ics.id)!;
    await feedback(onIcs.eventId, { verdict: 'confirm', meetingType: 'follow_up' });
    expect((await byTitle('Acme weekly check-in')).map((m) => [m.meetingType, m.source])).toEqual(
      Array.from({ length: 6 }, () => ['follow_up', 'feedback']),
    );
  });

  it('events without a UID are known within their calendar only: a verdict on one stays there', async () => {
    // Both files' first event gets the same made-up UID; they are not one meeting.
    await importAs('Work', uidlessFeed('Acme discovery call'));
    await importAs('Other', uidlessFeed('Acme discovery call'));
    const calendars = (await request('GET', '/calendars/')).json().items as {
      id: string;
      name: string;
    }[];
    const work = calendars.find((c) => c.name === 'Work')!.id;
    const both = await byTitle('Acme discovery call');
    expect(both).toHaveLength(2);
    const rejected = both.find((m) => m.calendarId === work)!;
    const other = both.find((m) => m.calendarId !== work)!;
    await feedback(rejected.id, { verdict: 'reject' });
    await api.app.queue.drain();
    const after = await detections('Acme discovery call');
    expect(after.find((d) => d.eventId === rejected.eventId)).toMatchObject({
      source: 'feedback',
      isSalesMeeting: false,
    });
    // (The organisation's adapted model may now doubt it too, but no verdict was given on it.)
    expect(after.find((d) => d.eventId === other.eventId)?.source).not.toBe('feedback');

    // Still known within its calendar: imported again after a deletion, it is still rejected.
    await importAs('Work', salesFeed({ singleTitle: null }));
    await importAs('Work', uidlessFeed('Acme discovery call'));
    const again = await detections('Acme discovery call');
    expect(again.filter((d) => d.source === 'feedback')).toEqual([
      expect.objectContaining({ calendarId: work, isSalesMeeting: false }),
    ]);
  });
});
