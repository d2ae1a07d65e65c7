/**
 * A verdict changes the meeting it is given on, and the other instances of its series, at once;
 * the organisation's adaptation job that it queues must change nothing else until there is enough
 * feedback to learn from (src/domain/detection/adapt.ts): not the user's other meetings, nor a
 * teammate's.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { MeetingView } from '../../src/api/meetings-schemas.js';
import { taskHandlers } from '../../src/app/tasks.js';
import { describeEachDialect } from '../support/databases.js';
import { CALENDAR_BASE, importCalendar, putAcmeCrm, seedNorthwind } from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

/** A half-hour video call with one prospect on 2026-03-<day>, organised by `host`. */
function call(
  uid: string,
  day: number,
  title: string,
  guest: string,
  { rrule, host = 'ana' }: { rrule?: string; host?: string } = {},
): string[] {
  const date = `202603${String(day).padStart(2, '0')}`;
  return [
    'BEGIN:VEVENT',
    `UID:${uid}@adapt.test`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${date}T150000Z`,
    `DTEND:${date}T153000Z`,
    ...(rrule ? [`RRULE:${rrule}`] : []),
    `SUMMARY:${title}`,
    `ORGANIZER:mailto:${host}@northwind.io`,
    `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${guest}`,
    'LOCATION:https://zoom.us/j/123456789',
    'END:VEVENT',
  ];
}

function calendar(events: string[][]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//test//EN',
    ...events.flat(),
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

const ANA = calendar([
  call('acme', 10, 'Acme discovery call', 'jdoe@acme.com'),
  call('checkin', 11, 'Acme weekly check-in', 'cfo@acme.com', { rrule: 'FREQ=WEEKLY;COUNT=3' }),
  call('globex', 17, 'Globex intro call', 'bob@globex.com'),
  call('initech', 20, 'Initech discovery call', 'p@initech.com'),
  call('hooli', 24, 'Hooli product demo', 'gavin@hooli.com'),
]);

const BO = calendar([
  call('umbrella', 12, 'Umbrella discovery call', 'al@umbrella.com', { host: 'bo' }),
  call('stark', 19, 'Stark intro call', 'tony@stark.com', { host: 'bo' }),
]);

describeEachDialect('one verdict and the rest of the organisation', (context) => {
  let api: TestApi;
  let ana: string;
  let bo: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
  });

  beforeEach(async () => {
    const seeded = await seedNorthwind(context().store);
    ana = seeded.token;
    const teammate = await context().store.users.create(seeded.orgId, {
      email: 'bo@northwind.io',
      name: 'Bo',
    });
    bo = (await context().store.apiTokens.create({ orgId: seeded.orgId, userId: teammate.id }, 't'))
      .token;
    await putAcmeCrm(api.server, ana);
    await importCalendar(api.server, ana, ANA);
    await importCalendar(api.server, bo, BO);
    await api.app.queue.drain();
  });

  afterAll(async () => api.close());

  const request = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    api.server.inject({
      method,
      url: `${CALENDAR_BASE}${url}`,
      headers: bearer(token),
      ...(payload ? { payload } : {}),
    });
  /** What a list shows of each meeting: whether, how sure, and of what type. */
  const meetings = async (token: string) =>
    ((await request(token, 'GET', '/meetings/?limit=500')).json().items as MeetingView[]).map(
      (m) => ({
        eventId: m.eventId,
        title: m.title,
        confidence: m.confidence,
        meetingType: m.meetingType,
        source: m.source,
      }),
    );

  it('one rejection changes nothing outside its own series', async () => {
    const before = { ana: await meetings(ana), bo: await meetings(bo) };
    expect(before.ana.map((m) => m.title)).toEqual([
      'Acme discovery call',
      'Acme weekly check-in',
      'Globex intro call',
      'Acme weekly check-in',
      'Initech discovery call',
      'Hooli product demo',
      'Acme weekly check-in',
    ]);
    expect(before.bo.map((m) => m.title)).toEqual(['Umbrella discovery call', 'Stark intro call']);
    const checkIn = before.ana.find((m) => m.title === 'Acme weekly check-in');
    const listed = (await request(ana, 'GET', '/meetings/?limit=500')).json()
      .items as MeetingView[];
    const id = listed.find((m) => m.eventId === checkIn!.eventId)!.id;

    const response = await request(ana, 'POST', `/meetings/${id}/feedback/`, {
      verdict: 'reject',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ propagatedTo: 2 });
    const others = before.ana.filter((m) => m.title !== 'Acme weekly check-in');
    // The verdict: its series goes at once.
    expect(await meetings(ana)).toEqual(others);
    // The adaptation it queued, and the detection of every user that follows, change nothing else.
    await api.app.queue.drain();
    expect(await meetings(ana)).toEqual(others);
    expect(await meetings(bo)).toEqual(before.bo);
  });

  it("one type correction changes no other meeting's type", async () => {
    const before = { ana: await meetings(ana), bo: await meetings(bo) };
    const listed = (await request(ana, 'GET', '/meetings/?limit=500')).json()
      .items as MeetingView[];
    const discovery = listed.find((m) => m.title === 'Acme discovery call')!;
    expect(discovery.meetingType).toBe('discovery');

    const response = await request(ana, 'POST', `/meetings/${discovery.id}/feedback/`, {
      verdict: 'confirm',
      meetingType: 'demo',
    });
    expect(response.statusCode).toBe(200);
    await api.app.queue.drain();
    const after = await meetings(ana);
    expect(after.find((m) => m.eventId === discovery.eventId)).toMatchObject({
      meetingType: 'demo',
      source: 'feedback',
    });
    expect(after.filter((m) => m.eventId !== discovery.eventId)).toEqual(
      before.ana.filter((m) => m.eventId !== discovery.eventId),
    );
    expect(await meetings(bo)).toEqual(before.bo);
  });
});
