/**
 * A calendar whose events have no UID (some exporters write none), deleted and imported again
 * (a file) or subscribed to again (a feed), as a user recovers a calendar: the word on its sales
 * meeting and the decision on its conflict hold. Each such event is named from its content and
 * its calendar's source (made-up-uid.ts), a name the second reading gives it again, so the
 * decisions, kept by the meetings' identities, find the new rows. Before, that name was known
 * within its calendar only, and the events came back judged by the model, in an open conflict.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { MeetingView } from '../../src/api/meetings-schemas.js';
import { taskHandlers } from '../../src/app/tasks.js';
import type { Scope } from '../../src/store/store.js';
import { describeEachDialect } from '../support/databases.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { CALENDAR_BASE, putAcmeCrm, seedNorthwind } from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';
import {
  detectMeetingsAndScanConflicts,
  dismissOverlapWithDentist,
  uncleared,
  UIDLESS_SALES_CALL_FILE as FILE,
} from '../support/uidless-calendar.js';

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
  const scan = () => detectMeetingsAndScanConflicts(api, scope);
  const conflicts = () => uncleared(api, scope);
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
    const decided = await dismissOverlapWithDentist(api, scope, 'Acme discovery call');

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
