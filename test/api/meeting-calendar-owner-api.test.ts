/**
 * The calendar owner is never an external person, whichever address the calendar was connected
 * with: Ana (ana@northwind.io) connects Google as ana.k@gmail.com, and on that calendar her
 * Gmail address is her own, compared by mailbox (case, plus-addressing, Gmail dots). On a
 * calendar of another connection (an ICS feed) the same address is just a free-mail attendee.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { MeetingView } from '../../src/api/meetings-schemas.js';
import { taskHandlers } from '../../src/app/tasks.js';
import { buildEvent, describeEachDialect } from '../support/databases.js';
import { attendee } from '../support/detection-fixtures.js';
import { CALENDAR_BASE, putAcmeCrm, seedNorthwind } from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

describeEachDialect('the calendar owner by the connected account', (context) => {
  let api: TestApi;
  let token: string;
  let orgId: string;
  let userId: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
  });

  beforeEach(async () => {
    ({ token, orgId, userId } = await seedNorthwind(context().store));
    await putAcmeCrm(api.server, token);
  });

  afterAll(async () => {
    await api.close();
  });

  const request = (method: 'GET' | 'POST', url: string) =>
    api.server.inject({ method, url: `${CALENDAR_BASE}${url}`, headers: bearer(token) });

  it("counts the connection's account (ana.k@gmail.com for ana@northwind.io) as the owner, not as an external person", async () => {
    const { store } = context();
    const scope = { orgId, userId };
    const calendarOf = async (
      provider: 'google' | 'ics',
      label: string,
      settings: Record<string, unknown>,
    ) => {
      const connection = await store.connections.create(scope, {
        provider,
        label,
        secrets: { url: 'https://calendar.example.test/feed.ics' },
        settings,
      });
      return (await store.calendars.upsert(scope, connection.id, {
        providerCalendarId: provider === 'google' ? label : 'primary',
        name: label,
        timeZone: 'UTC',
        isPrimary: true,
      }))!;
    };
    const google = await calendarOf('google', 'ana.k@gmail.com', { account: 'ana.k@gmail.com' });
    const ics = await calendarOf('ics', 'Work', { pollMinutes: 15 });
    const call = (providerEventId: string, title: string, owner: string) =>
      buildEvent({
        providerEventId,
        iCalUid: `${providerEventId}@acme.com`,
        title,
        start: '2026-03-10T15:00:00.000Z',
        end: '2026-03-10T16:00:00.000Z',
        location: 'https://acme.zoom.us/j/1',
        conferenceUrl: 'https://acme.zoom.us/j/1',
        organizer: { email: 'jdoe@acme.com', name: 'Jane' },
        attendees: [attendee('jdoe@acme.com'), attendee(owner)],
      });
    const page = (events: ReturnType<typeof call>[]) => ({
      upserts: events.map((event) => ({ event, raw: {} })),
      deletions: [],
    });
    await store.events.applyPage(
      scope,
      google.id,
      page([
        call('g1', 'Acme discovery call', 'ana.k@gmail.com'),
        // The same mailbox as Gmail delivers to it.
        call('g2', 'Acme pricing call', 'Ana.K+work@googlemail.com'),
      ]),
      1,
    );
    await store.events.applyPage(
      scope,
      ics.id,
      page([call('i1', 'Acme onboarding call', 'ana.k@gmail.com')]),
      1,
    );
    expect((await request('POST', '/meetings/detect/')).statusCode).toBe(202);
    await api.app.queue.drain();

    const listed: MeetingView[] = (await request('GET', '/meetings/?limit=500')).json().items;
    const onGoogle = listed.filter((m) => m.calendarId === google.id);
    expect(onGoogle.map((m) => m.title).sort()).toEqual([
      'Acme discovery call',
      'Acme pricing call',
    ]);
    for (const meeting of onGoogle) {
      expect(meeting.externalDomains).toEqual(['acme.com']);
      expect(meeting.participants.filter((p) => !p.internal).map((p) => p.email)).toEqual([
        'jdoe@acme.com',
      ]);
    }
    const insights = (await request('GET', `/events/${onGoogle[0]!.eventId}/insights/`)).json();
    expect(insights.externalDomains).toEqual(['acme.com']);

    // On the ICS feed's calendar the Gmail address is nobody's own: an external attendee.
    const onIcs = listed.find((m) => m.calendarId === ics.id)!;
    expect(onIcs.externalDomains).toEqual(['acme.com', 'gmail.com']);
  });
});
