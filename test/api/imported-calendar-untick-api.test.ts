/**
 * An imported file's calendar has no feed to fetch its events from again: turning it off would
 * delete them for good. So it cannot be turned off (409, nothing deleted); a calendar turned off
 * before that was refused is turned on again by ticking it or by importing its file again.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { SYNC_CALENDAR_JOB } from '../../src/app/services/sync.service.js';
import type { Scope } from '../../src/store/store.js';
import { describeEachDialect } from '../support/databases.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const BASE = '/api/v1/calendar';

const event = (uid: string, day: string) => [
  'BEGIN:VEVENT',
  `UID:${uid}`,
  'DTSTAMP:20260101T000000Z',
  `DTSTART:202603${day}T100000Z`,
  `DTEND:202603${day}T110000Z`,
  `SUMMARY:${uid}`,
  'END:VEVENT',
];
const file = (...uids: string[]) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//test//EN',
    ...uids.flatMap((uid, i) => event(uid, String(10 + i))),
    'END:VCALENDAR',
    '',
  ].join('\r\n');

interface CalendarItem {
  id: string;
  selected: boolean;
  events: number;
}

describeEachDialect('unticking an imported file', (context) => {
  let api: TestApi;
  let feed: FeedServer;
  let ana: { scope: Scope; token: string };

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    api.app.queue.start(
      new Map([[SYNC_CALENDAR_JOB, (payload: unknown) => api.app.sync.runJob(payload)]]),
    );
    feed = await startFeedServer(file('a', 'b'));
  });
  afterAll(async () => {
    await api?.close();
    await feed?.close();
  });
  beforeEach(async () => {
    const { store } = context();
    const org = await store.organisations.create({ name: `Acme ${Math.random()}` });
    const user = await store.users.create(org.id, { email: 'ana@acme.com' });
    const scope = { orgId: org.id, userId: user.id };
    ana = { scope, token: (await store.apiTokens.create(scope, 'test')).token };
  });

  const send = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: string | object) =>
    api.server.inject({
      method,
      url: `${BASE}${url}`,
      headers: {
        ...bearer(ana.token),
        ...(typeof payload === 'string' ? { 'content-type': 'text/calendar' } : {}),
      },
      ...(payload !== undefined ? { payload } : {}),
    });
  const importFile = async (text: string) => {
    const imported = await send('POST', '/providers/ics/connect/?label=review', text);
    expect(imported.statusCode, imported.body).toBe(201);
  };
  const theCalendar = async (): Promise<CalendarItem> => {
    const items = (await send('GET', '/calendars/')).json().items as CalendarItem[];
    expect(items).toHaveLength(1);
    return items[0]!;
  };
  const stored = async (calendarId: string) =>
    (await api.app.store.events.list(ana.scope, { calendarId, limit: 50 })).items
      .map((e) => e.event.title)
      .sort();
  const status = async () => (await send('GET', '/sync/status/')).json().calendars[0];

  it('refuses to turn it off with a 409 that says what to do instead, and deletes nothing', async () => {
    await importFile(file('a', 'b', 'c'));
    const calendar = await theCalendar();

    const off = await send('PATCH', `/calendars/${calendar.id}/`, { selected: false });
    expect(off.statusCode).toBe(409);
    expect(off.json()).toEqual({
      error: {
        code: 'imported_calendar',
        message: expect.stringMatching(/imported file.*delete the calendar.*import the file again/),
      },
    });
    await api.app.queue.drain();
    expect(await stored(calendar.id)).toEqual(['a', 'b', 'c']);
    expect(await theCalendar()).toMatchObject({ selected: true, importedFile: true, events: 3 });
    expect(await status()).toMatchObject({ eventsCount: 3, lastError: null });
  });

  it('turns on a calendar turned off before, without a sync that can only fail', async () => {
    await importFile(file('a'));
    const calendar = await theCalendar();
    // Turned off by an earlier version, which allowed it.
    await api.app.store.calendars.setSelected(ana.scope, calendar.id, false);

    const on = await send('PATCH', `/calendars/${calendar.id}/`, { selected: true });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({ selected: true });
    await api.app.queue.drain();
    expect(await status()).toMatchObject({ state: 'ok', lastError: null });
  });

  it('importing the file again turns such a calendar on and imports it', async () => {
    await importFile(file('a'));
    const calendar = await theCalendar();
    await api.app.store.calendars.setSelected(ana.scope, calendar.id, false);

    await importFile(file('a', 'b'));
    expect(await theCalendar()).toMatchObject({ id: calendar.id, selected: true, events: 2 });
    expect(await stored(calendar.id)).toEqual(['a', 'b']);
  });

  it('turning a feed off brings the count the calendar and its status report to what is stored', async () => {
    const connected = await send('POST', '/providers/ics/connect/', { url: feed.url() });
    expect(connected.statusCode, connected.body).toBe(201);
    const calendar = await theCalendar();
    expect(calendar).toMatchObject({ importedFile: false, events: 2 });

    const off = await send('PATCH', `/calendars/${calendar.id}/`, { selected: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ selected: false, events: 0 });
    expect(await stored(calendar.id)).toEqual([]);
    expect(await theCalendar()).toMatchObject({ selected: false, events: 0 });
    expect(await status()).toMatchObject({ eventsCount: 0 });
  });
});
