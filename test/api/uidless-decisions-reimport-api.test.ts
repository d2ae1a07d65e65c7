/**
 * A calendar whose events have no UID (some exporters write none), deleted and imported again
 * (a file) or subscribed to again (a feed), as a user recovers a calendar: the word on its sales
 * meeting and the decision on its conflict hold. Each such event is named from its content and
 * its calendar's source (made-up-uid.ts), a name the second reading gives it again, so the
 * decisions, kept by the meetings' identities, find the new rows. Before, that name was known
 * within its calendar only, and the events came back judged by the model, in an open conflict.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { ConflictView } from '../../src/api/conflicts-schemas.js';
import type { MeetingView } from '../../src/api/meetings-schemas.js';
import { taskHandlers } from '../../src/app/tasks.js';
import type { Scope } from '../../src/store/store.js';
import { describeEachDialect } from '../support/databases.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { CALENDAR_BASE, putAcmeCrm, seedNorthwind } from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

const vevent = (start: string, end: string, summary: string, extra: string[] = []) => [
  'BEGIN:VEVENT',
  'DTSTAMP:20260101T000000Z',
  `DTSTART:${start}`,
  `DTEND:${end}`,
  `SUMMARY:${summary}`,
  'ORGANIZER;CN=Ana:mailto:ana@northwind.io',
  ...extra,
  'END:VEVENT',
];

/**
 * No UIDs: a discovery call with Acme (a sales meeting), a dentist's appointment over it (the
 * conflict), and two identical holds, which must stay two events.
 */
const FILE = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//exporter without uids//EN',
  ...vevent('20260312T150000Z', '20260312T160000Z', 'Acme discovery call', [
    'ATTENDEE;PARTSTAT=ACCEPTED:mailto:jdoe@acme.com',
    'LOCATION:https://acme.zoom.us/j/1',
  ]),
  ...vevent('20260312T153000Z', '20260312T163000Z', 'Dentist'),
  ...vevent('20260313T090000Z', '20260313T093000Z', 'Hold'),
  ...vevent('20260313T090000Z', '20260313T093000Z', 'Hold'),
  'END:VCALENDAR',
  '',
].join('\r\n');

describeEachDialect('decisions on events without a UID, after a re-import', (context) => {
  let api: TestApi;
  let feed: FeedServer;
  let token: string;
  let scope: Scope;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
    feed = await startFeedServer(FILE);
  });
  afterAll(async () => {
    await api.close();
    await feed.close();
  });

  beforeEach(async () => {
    const seeded = await seedNorthwind(context().store);
    token = seeded.token;
    scope = { orgId: seeded.orgId, userId: seeded.userId };
    await putAcmeCrm(api.server, token);
  });

  const request = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    api.server.inject({
      method,
      url: `${CALENDAR_BASE}${url}`,
      headers: bearer(token),
      ...(payload ? { payload } : {}),
    });
  /** The file as a user uploads it: no label, so the calendar is named after the file. */
  const importFile = async () => {
    const response = await api.server.inject({
      method: 'POST',
      url: `${CALENDAR_BASE}/providers/ics/connect/`,
      headers: { ...bearer(token), 'content-type': 'text/calendar' },
      payload: FILE,
    });
    expect(response.statusCode).toBe(201);
    await api.app.queue.drain();
  };
  const subscribe = async () => {
    const response = await request('POST', '/providers/ics/connect/', { url: feed.url() });
    expect(response.statusCode).toBe(201);
    await api.app.queue.drain();
  };
  const unsubscribe = async () => {
    const { providers } = (await request('GET', '/providers/')).json() as {
      providers: { provider: string; connections: { id: string }[] }[];
    };
    const connections = providers.find((p) => p.provider === 'ics')!.connections;
    expect(connections).toHaveLength(1);
    const url = `/providers/${connections[0]!.id}/disconnect/`;
    expect((await request('POST', url, { keepEvents: false })).statusCode).toBe(200);
    await api.app.queue.drain();
    expect(await titles()).toEqual([]);
  };
  const deleteCalendar = async () => {
    const calendars = (await request('GET', '/calendars/')).json().items as { id: string }[];
    expect(calendars).toHaveLength(1);
    expect((await request('DELETE', `/calendars/${calendars[0]!.id}/`)).statusCode).toBe(204);
    await api.app.queue.drain();
  };
  const meeting = async (): Promise<MeetingView> => {
    const items = (await request('GET', '/meetings/?limit=500')).json().items as MeetingView[];
    const found = items.filter((m) => m.title === 'Acme discovery call');
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const detection = async (eventId: string) =>
    (await request('GET', `/events/${eventId}/insights/`)).json().detection as {
      isSalesMeeting: boolean;
      meetingType: string | null;
      source: string;
    };
  const scan = async () => {
    await api.app.meetings.detectNow(scope);
    await api.app.conflicts.scan(scope);
  };
  const conflicts = async () =>
    (
      (await api.app.conflicts.list(scope, { from: '2026-03-01T00:00:00Z', limit: 100 }))
        .items as ConflictView[]
    )
      .filter((c) => c.status !== 'cleared')
      .map((c) => ({
        id: c.id,
        kind: c.kind,
        status: c.status,
        titles: c.events.map((e) => e.title).sort(),
      }));
  const titles = async () =>
    ((await request('GET', '/events/?limit=500')).json().items as { title: string }[])
      .map((e) => e.title)
      .sort();

  /** Decisions taken on the calendar `add` brings, which `remove` and `add` again must keep. */
  const decisionsHold = async (add: () => Promise<void>, remove: () => Promise<void>) => {
    await add();
    expect(await titles()).toEqual(['Acme discovery call', 'Dentist', 'Hold', 'Hold']);
    await scan();
    const before = await meeting();
    const feedback = await request('POST', `/meetings/${before.id}/feedback/`, {
      verdict: 'confirm',
      meetingType: 'negotiation',
    });
    expect(feedback.statusCode).toBe(200);
    const [overlap] = await conflicts();
    expect(overlap).toMatchObject({ status: 'open', titles: ['Acme discovery call', 'Dentist'] });
    await api.app.conflicts.resolve(scope, overlap!.id, { action: 'dismiss', note: 'moved it' });
    const decided = await conflicts();

    await remove();
    await add();
    await scan();

    expect(await titles()).toEqual(['Acme discovery call', 'Dentist', 'Hold', 'Hold']);
    const after = await meeting();
    expect(after.eventId).not.toBe(before.eventId);
    expect(await detection(after.eventId)).toMatchObject({
      source: 'feedback',
      meetingType: 'negotiation',
    });
    expect(await conflicts()).toEqual(decided);
  };

  it('a corrected type and a dismissed conflict hold when the calendar is deleted and the file imported again', async () => {
    await decisionsHold(importFile, deleteCalendar);
  });

  it('a corrected type and a dismissed conflict hold when the feed is removed and subscribed to again', async () => {
    await decisionsHold(subscribe, unsubscribe);
  });
});
