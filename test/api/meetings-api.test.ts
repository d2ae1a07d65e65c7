import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { MeetingView } from '../../src/api/meetings-schemas.js';
import {
  ADAPT_MEETING_MODEL,
  DETECT_MEETINGS_FOR_USER_TASK,
  taskHandlers,
} from '../../src/app/tasks.js';
import { describeEachDialect } from '../support/databases.js';
import { importCalendar, salesFeed } from '../support/meetings.js';
import { meetingCalls, seedSalesRep } from '../support/sales-meetings-api.js';
import { buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

describeEachDialect('meetings API', (context) => {
  let api: TestApi;
  let token: string;
  let scope: { orgId: string; userId: string };
  let acmeId: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
  });

  beforeEach(async () => {
    ({ token, scope, acmeId } = await seedSalesRep(api, context().store));
    await api.app.queue.drain();
  });

  afterAll(async () => api.close());

  const { request, byTitle } = meetingCalls(
    () => api,
    () => token,
  );
  const meetings = async (query = ''): Promise<MeetingView[]> =>
    (await request('GET', `/meetings/?limit=500${query}`)).json().items;
  const feedback = (id: string, payload: object) =>
    request('POST', `/meetings/${id}/feedback/`, payload);

  it('a sync detects the sales meetings: account, type, reasons and participants with their CRM matches', async () => {
    const listed = await meetings();
    expect(listed.map((m) => [m.title, m.meetingType])).toEqual([
      ['Acme discovery call', 'discovery'],
      ['Acme weekly check-in', 'follow_up'],
      ['Acme weekly check-in', 'follow_up'],
      ['Acme weekly check-in', 'follow_up'],
    ]);
    const discovery = listed[0]!;
    expect(discovery).toMatchObject({
      isSalesMeeting: true,
      source: 'model',
      account: { id: acmeId, externalId: 'acc-1', name: 'Acme Corp', stage: 'demo' },
      externalDomains: ['acme.com'],
    });
    expect(discovery.confidence).toBeGreaterThan(0.9);
    expect(discovery.reasons.length).toBeGreaterThan(0);
    expect(discovery.participants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ email: 'ana@northwind.io', internal: true, organizer: true }),
        expect.objectContaining({
          email: 'jdoe@acme.com',
          internal: false,
          accountId: acmeId,
          contactId: expect.any(String),
        }),
      ]),
    );
    expect(await byTitle('Pipeline review')).toEqual([]);
  });

  it('filters by type, account, confidence and time range, and pages with a cursor', async () => {
    expect((await meetings('&type=discovery')).map((m) => m.title)).toEqual([
      'Acme discovery call',
    ]);
    expect(await meetings(`&accountId=${acmeId}`)).toHaveLength(4);
    // An id naming no account is a caller's mistake, not an empty page (meetings-account-filter).
    expect((await request('GET', '/meetings/?accountId=someone-else')).statusCode).toBe(400);
    expect(await meetings('&minConfidence=0.9')).toHaveLength(4);
    const march11 = await meetings('&from=2026-03-11T00:00:00Z&to=2026-03-12T00:00:00Z');
    expect(march11.map((m) => m.start)).toEqual(['2026-03-11T14:00:00.000Z']);
    const first = (await request('GET', '/meetings/?limit=3')).json();
    const next = (await request('GET', `/meetings/?limit=3&cursor=${first.nextCursor}`)).json();
    expect([...first.items, ...next.items]).toHaveLength(4);
    expect((await request('GET', '/meetings/?cursor=nonsense')).statusCode).toBe(400);
    expect((await request('GET', '/meetings/?minConfidence=2')).statusCode).toBe(400);
  });

  /** The sales feed again, with an all-day Acme workshop on 12 and 13 March, detected. */
  const importWithAllDayWorkshop = async () => {
    const workshop = [
      'BEGIN:VEVENT',
      'UID:workshop@sales.test',
      'DTSTAMP:20260101T000000Z',
      'DTSTART;VALUE=DATE:20260312',
      'DTEND;VALUE=DATE:20260314',
      'SUMMARY:Acme pricing negotiation workshop',
      'ORGANIZER;CN=Ana:mailto:ana@northwind.io',
      'ATTENDEE;PARTSTAT=ACCEPTED:mailto:jdoe@acme.com',
      'END:VEVENT',
    ].join('\r\n');
    await importCalendar(
      api.server,
      token,
      salesFeed().replace('END:VCALENDAR', `${workshop}\r\nEND:VCALENDAR`),
    );
    await api.app.queue.drain();
  };

  it('an all-day meeting says so, with its dates; a timed one has none', async () => {
    await importWithAllDayWorkshop();
    const [allDay] = await byTitle('Acme pricing negotiation workshop');
    expect(allDay).toMatchObject({
      allDay: true,
      startDate: '2026-03-12',
      endDate: '2026-03-14',
      start: '2026-03-12T00:00:00.000Z',
    });
    const [timed] = await byTitle('Acme discovery call');
    expect(timed).toMatchObject({ allDay: false, startDate: null, endDate: null });
  });

  it("lists an all-day meeting in a range by its dates in the viewer's zone (timeZone, else UTC), and refuses an unknown zone", async () => {
    await importWithAllDayWorkshop();
    const workshopIn = async (from: string, to: string, timeZone?: string) =>
      (await meetings(`&from=${from}&to=${to}${timeZone ? `&timeZone=${timeZone}` : ''}`))
        .filter((m) => m.title === 'Acme pricing negotiation workshop')
        .map((m) => m.startDate);
    // Wednesday 11 March in New York: the day before the workshop's 12th and 13th.
    const wednesday = ['2026-03-11T04:00:00Z', '2026-03-12T04:00:00Z'] as const;
    expect(await workshopIn(...wednesday, 'America/New_York')).toEqual([]);
    // The same instants in UTC cover the 11th and the 12th.
    expect(await workshopIn(...wednesday)).toEqual(['2026-03-12']);
    expect(await workshopIn(...wednesday, 'UTC')).toEqual(['2026-03-12']);
    // Thursday 12 March in New York: its first day.
    const thursday = ['2026-03-12T04:00:00Z', '2026-03-13T04:00:00Z'] as const;
    expect(await workshopIn(...thursday, 'America/New_York')).toEqual(['2026-03-12']);
    // Saturday 14 March in Tokyo: the day after.
    const saturday = ['2026-03-13T15:00:00Z', '2026-03-14T15:00:00Z'] as const;
    expect(await workshopIn(...saturday, 'Asia/Tokyo')).toEqual([]);
    expect(await workshopIn(...saturday)).toEqual(['2026-03-12']);

    const unknown = await request('GET', '/meetings/?timeZone=Atlantis%2FCapital');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual({
      error: { code: 'invalid_input', message: expect.stringContaining('timeZone') },
    });
  });

  it('rejecting a meeting unlists it at once, on every instance of its series, and stores the feedback', async () => {
    const [checkIn] = await byTitle('Acme weekly check-in');
    const response = await feedback(checkIn!.id, { verdict: 'reject' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      meeting: { id: checkIn!.id, isSalesMeeting: false, source: 'feedback', meetingType: null },
      propagatedTo: 2,
      adaptationJobId: expect.any(String),
    });
    expect(await byTitle('Acme weekly check-in')).toEqual([]);
    const stored = await context().store.meetings.userFeedback(scope);
    expect(stored).toEqual([
      expect.objectContaining({
        eventId: checkIn!.eventId,
        meetingId: checkIn!.id,
        seriesId: checkIn!.seriesId,
        verdict: 'reject',
        snapshot: expect.objectContaining({
          input: expect.objectContaining({ title: 'Acme weekly check-in' }),
        }),
        // Dated by the app's clock, as everything else it stores.
        createdAt: TEST_NOW.toISOString(),
      }),
    ]);
    // The adaptation runs, refits the organisation's model and detects again: the verdict holds.
    await api.app.queue.drain();
    expect(await context().store.meetings.getAdjustment(scope)).toMatchObject({
      feedbackCount: 1,
      // The refit is dated by the app's clock too.
      updatedAt: TEST_NOW.toISOString(),
    });
    expect(await byTitle('Acme weekly check-in')).toEqual([]);
  });

  it("feedback updates its account's relationship at once, before any queued job runs", async () => {
    const relationship = async () =>
      (await request('GET', '/relationships/')).json().items as {
        accountKey: string;
        upcomingMeetings: number;
      }[];
    const upcoming = async () =>
      (await relationship()).find((r) => r.accountKey === acmeId)?.upcomingMeetings;
    expect(await upcoming()).toBe(4);
    const [checkIn] = await byTitle('Acme weekly check-in');
    expect((await feedback(checkIn!.id, { verdict: 'reject' })).statusCode).toBe(200);
    expect(await upcoming()).toBe(1);
  });

  it('a corrected type shows at once, on every instance of the series, and survives re-detection', async () => {
    const [checkIn] = await byTitle('Acme weekly check-in');
    const response = await feedback(checkIn!.id, { verdict: 'confirm', meetingType: 'demo' });
    expect(response.statusCode).toBe(200);
    expect(response.json().meeting).toMatchObject({
      meetingType: 'demo',
      typeConfidence: 1,
      confidence: 1,
      source: 'feedback',
    });
    const instances = await byTitle('Acme weekly check-in');
    expect(instances.map((m) => m.meetingType)).toEqual(['demo', 'demo', 'demo']);
    expect(instances[1]!.reasons[0]).toMatch(/confirmed as a demo meeting/);
    await api.app.queue.drain();
    await request('POST', '/meetings/detect/');
    await api.app.queue.drain();
    expect((await byTitle('Acme weekly check-in')).map((m) => m.meetingType)).toEqual([
      'demo',
      'demo',
      'demo',
    ]);
    expect((await byTitle('Acme discovery call'))[0]?.meetingType).toBe('discovery');
  });

  it('confirming an event detection missed (by its event id) lists it as a sales meeting', async () => {
    const events = (await request('GET', '/events/?limit=100')).json().items as {
      id: string;
      title: string;
    }[];
    const review = events.find((e) => e.title === 'Pipeline review')!;
    const response = await feedback(review.id, { verdict: 'confirm' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      meeting: { eventId: review.id, isSalesMeeting: true, confidence: 1, source: 'feedback' },
      propagatedTo: 1,
    });
    expect(await byTitle('Pipeline review')).toHaveLength(2);
  });

  it('refuses a type with a rejection, an unknown verdict, an unknown field, and a meeting that is not yours', async () => {
    const [discovery] = await byTitle('Acme discovery call');
    const both = await feedback(discovery!.id, { verdict: 'reject', meetingType: 'demo' });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.message).toContain('meetingType');
    expect((await feedback(discovery!.id, { verdict: 'maybe' })).statusCode).toBe(400);
    // A misspelt field is refused, not dropped: `type` would have confirmed without the type.
    const misspelt = await feedback(discovery!.id, { verdict: 'confirm', type: 'demo' });
    expect(misspelt.statusCode).toBe(400);
    expect(misspelt.json()).toEqual({
      error: { code: 'invalid_input', message: expect.stringContaining('type') },
    });
    expect((await feedback('no-such-meeting', { verdict: 'confirm' })).statusCode).toBe(404);
    expect(await context().store.meetings.userFeedback(scope)).toEqual([]);
  });

  it('re-detects when an event changes: a re-import with a new title and attendee changes its meeting', async () => {
    await importCalendar(
      api.server,
      token,
      salesFeed({
        singleTitle: 'Acme pricing and contract review',
        singleAttendee: 'cfo@acme.com',
      }),
    );
    await api.app.queue.drain();
    const [changed] = await byTitle('Acme pricing and contract review');
    expect(changed).toMatchObject({ meetingType: 'negotiation', account: { id: acmeId } });
    expect(changed!.participants.map((p) => p.email).sort()).toEqual([
      'ana@northwind.io',
      'cfo@acme.com',
    ]);
    expect(await byTitle('Acme discovery call')).toEqual([]);
    // An event that stops being a sales meeting loses its meeting.
    await importCalendar(
      api.server,
      token,
      salesFeed({ singleTitle: 'Dentist', singleAttendee: 'ana@northwind.io' }),
    );
    await api.app.queue.drain();
    expect(await byTitle('Dentist')).toEqual([]);
    expect(await meetings()).toHaveLength(3);
  });

  it('a deleted event loses its meeting', async () => {
    const [discovery] = await byTitle('Acme discovery call');
    await importCalendar(api.server, token, salesFeed({ singleTitle: null }));
    // Gone with the event, before any detection runs.
    expect(await context().store.meetings.get(scope, discovery!.id)).toBeUndefined();
    await api.app.queue.drain();
    expect((await meetings()).map((m) => m.title)).toEqual([
      'Acme weekly check-in',
      'Acme weekly check-in',
      'Acme weekly check-in',
    ]);
  });

  it('insights: the detection, account, participants with matches, and related meetings with the account', async () => {
    const [discovery] = await byTitle('Acme discovery call');
    const response = await request('GET', `/events/${discovery!.eventId}/insights/`);
    expect(response.statusCode).toBe(200);
    const insights = response.json();
    expect(insights).toMatchObject({
      eventId: discovery!.eventId,
      detection: {
        isSalesMeeting: true,
        meetingType: 'discovery',
        source: 'model',
        meetingId: discovery!.id,
      },
      account: { id: acmeId, externalId: 'acc-1' },
      externalDomains: ['acme.com'],
      matchedContactIds: [expect.any(String)],
    });
    expect(insights.detection.reasons.length).toBeGreaterThan(0);
    expect(insights.relatedMeetings.map((m: { title: string }) => m.title)).toEqual([
      'Acme weekly check-in',
      'Acme weekly check-in',
      'Acme weekly check-in',
    ]);
    const events = (await request('GET', '/events/?limit=100')).json().items as {
      id: string;
      title: string;
    }[];
    const review = events.find((e) => e.title === 'Pipeline review')!;
    const live = (await request('GET', `/events/${review.id}/insights/`)).json();
    expect(live).toMatchObject({
      detection: { isSalesMeeting: false, source: 'live', meetingId: null, meetingType: null },
      account: null,
      relatedMeetings: [],
    });
    expect((await request('GET', '/events/nope/insights/')).statusCode).toBe(404);
  });

  it('POST /meetings/detect/ queues the task for the caller, once while one waits', async () => {
    await api.app.queue.stop();
    try {
      const first = await request('POST', '/meetings/detect/', {});
      expect(first.statusCode).toBe(202);
      expect(first.json()).toMatchObject({ jobId: expect.any(String) });
      const again = await request('POST', '/meetings/detect/');
      expect(again.json().jobId).toBeNull();
      const ranged = await request('POST', '/meetings/detect/', {
        from: '2026-03-01T00:00:00Z',
        to: '2026-04-01T00:00:00Z',
      });
      expect(ranged.json()).toMatchObject({
        jobId: expect.any(String),
        from: '2026-03-01T00:00:00.000Z',
      });
      const jobs = await context().store.jobs.list({
        name: DETECT_MEETINGS_FOR_USER_TASK,
        status: 'queued',
      });
      expect(jobs.map((j) => j.payload)).toEqual(
        expect.arrayContaining([
          { orgId: scope.orgId, userId: scope.userId },
          { ...scope, from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' },
        ]),
      );
      const backwards = await request('POST', '/meetings/detect/', {
        from: '2026-04-01T00:00:00Z',
        to: '2026-03-01T00:00:00Z',
      });
      expect(backwards.statusCode).toBe(400);
    } finally {
      api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
      await api.app.queue.drain();
    }
    expect(ADAPT_MEETING_MODEL).toBe('adapt_meeting_model');
  });
});
