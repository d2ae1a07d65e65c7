/**
 * DELETE /calendars/{id}/ removes an imported file's calendar with its events (each removal in
 * the change log), its connection, and what was found from it (meetings, conflicts); a synced
 * calendar is not deleted (409, nothing removed); the 409 for turning an imported file off names
 * the route.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { taskHandlers } from '../../src/app/tasks.js';
import { describeEachDialect } from '../support/databases.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import {
  CALENDAR_BASE,
  importCalendar,
  putAcmeCrm,
  salesFeed,
  seedNorthwind,
} from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

interface CalendarItem {
  id: string;
  name: string;
  importedFile: boolean;
}

describeEachDialect('deleting an imported calendar', (context) => {
  let api: TestApi;
  let feed: FeedServer;
  let token: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
    feed = await startFeedServer(salesFeed());
  });
  afterAll(async () => {
    await api?.close();
    await feed?.close();
  });
  beforeEach(async () => {
    ({ token } = await seedNorthwind(context().store));
    await putAcmeCrm(api.server, token);
  });

  const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    api.server.inject({
      method,
      url: `${CALENDAR_BASE}${url}`,
      headers: bearer(token),
      ...(payload !== undefined ? { payload } : {}),
    });
  const calendars = async () => (await send('GET', '/calendars/')).json().items as CalendarItem[];
  const items = async (path: string) => (await send('GET', path)).json().items as unknown[];

  it('removes the calendar, its events (logged as deleted), its connection, meetings and conflicts', async () => {
    await importCalendar(api.server, token, salesFeed());
    // The same file again under another label: every meeting is a duplicate conflict.
    await importCalendar(api.server, token, salesFeed(), 'Copy');
    await api.app.queue.drain();
    const copy = (await calendars()).find((c) => c.name === 'Copy')!;
    expect(copy.importedFile).toBe(true);
    expect((await items('/conflicts/?kind=duplicate&status=open')).length).toBeGreaterThan(0);
    const before = (await send('GET', '/events/changes/?limit=1000')).json().nextCursor as string;
    const eventsBefore = (await items('/events/?limit=500')).length;

    const deleted = await send('DELETE', `/calendars/${copy.id}/`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    await api.app.queue.drain();

    expect((await calendars()).map((c) => c.name)).toEqual(['Work']);
    expect((await items('/events/?limit=500')).length).toBe(eventsBefore / 2);
    const changes = (await send('GET', `/events/changes/?since=${before}&limit=1000`)).json();
    expect(changes.items.length).toBe(eventsBefore / 2);
    for (const change of changes.items)
      expect(change).toMatchObject({ kind: 'deleted', calendarId: copy.id });
    const { providers } = (await send('GET', '/providers/')).json() as {
      providers: { provider: string; connections: { label: string }[] }[];
    };
    expect(providers.find((p) => p.provider === 'ics')?.connections.map((c) => c.label)).toEqual([
      'Work',
    ]);
    expect(await items('/conflicts/?kind=duplicate&status=open')).toEqual([]);
    expect((await items('/meetings/?limit=500')).length).toBe(4);
    expect((await send('DELETE', `/calendars/${copy.id}/`)).statusCode).toBe(404);
  });

  it('names the route when turning an imported file off is refused', async () => {
    await importCalendar(api.server, token, salesFeed());
    const [calendar] = await calendars();
    const off = await send('PATCH', `/calendars/${calendar!.id}/`, { selected: false });
    expect(off.statusCode).toBe(409);
    expect(off.json().error.message).toContain(
      `DELETE /api/v1/calendar/calendars/${calendar!.id}/`,
    );
  });

  it('does not delete a synced calendar: 409, its events kept', async () => {
    const subscribed = await send('POST', '/providers/ics/connect/', { url: feed.url() });
    expect(subscribed.statusCode, subscribed.body).toBe(201);
    const [calendar] = await calendars();
    expect(calendar!.importedFile).toBe(false);
    const refused = await send('DELETE', `/calendars/${calendar!.id}/`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toEqual({
      error: { code: 'conflict', message: expect.stringContaining('turn it off') },
    });
    expect(await calendars()).toHaveLength(1);
    expect((await items('/events/?limit=500')).length).toBeGreaterThan(0);
  });
});
