import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { SYNC_CALENDAR_JOB } from '../../src/app/services/sync.service.js';
import { describeEachDialect } from '../support/databases.js';
import { sampleFeed, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const BASE = '/api/v1/calendar';

describeEachDialect('ICS connect API', (context) => {
  let api: TestApi;
  let feed: FeedServer;
  let token: string;
  let scope: { orgId: string; userId: string };

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    api.app.queue.start(
      new Map([[SYNC_CALENDAR_JOB, (payload: unknown) => api.app.sync.runJob(payload)]]),
    );
    feed = await startFeedServer(sampleFeed());
  });

  beforeEach(async () => {
    // A user with no calendars yet: everything here comes from the feed.
    const { store } = context();
    const org = await store.organisations.create({
      name: `ics ${Math.random()}`,
      internalDomains: ['northwind.io'],
    });
    const user = await store.users.create(org.id, { email: 'ana@northwind.io' });
    scope = { orgId: org.id, userId: user.id };
    token = (await store.apiTokens.create(scope, 'test')).token;
    feed.setBody(sampleFeed());
    feed.setStatus(null);
  });

  afterAll(async () => {
    await api.close();
    await feed.close();
  });

  const events = async () =>
    (
      await api.server.inject({
        method: 'GET',
        url: `${BASE}/events/?limit=500`,
        headers: bearer(token),
      })
    ).json().items as Array<{
      title: string;
      providerEventId: string;
      attendees: Array<{ email: string }>;
      conferenceUrl: string | null;
      seriesId: string | null;
    }>;

  it('subscribes to a feed, syncs it at once, and normalises its events', async () => {
    const before = feed.requests.length;
    const response = await api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: bearer(token),
      payload: { url: feed.url() },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      provider: 'ics',
      label: 'Sales feed',
      status: 'active',
      sync: { added: 4 },
    });
    // Checked and synced from one download: before, connecting fetched the whole feed twice.
    expect(feed.requests.length).toBe(before + 1);
    const listed = await events();
    const single = listed.find((e) => e.providerEventId === 'single@feed.test');
    expect(single).toMatchObject({
      title: 'Acme discovery',
      conferenceUrl: 'https://acme.zoom.us/j/123456789',
      seriesId: null,
    });
    expect(single?.attendees.map((a) => a.email)).toEqual(['jdoe@acme.com']);
    expect(listed.filter((e) => e.seriesId === 'weekly@feed.test')).toHaveLength(3);
  });

  it('polls with If-None-Match: an unchanged feed costs one 304 and changes nothing', async () => {
    await api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: bearer(token),
      payload: { url: feed.url() },
    });
    const before = feed.requests.length;
    const queued = await api.server.inject({
      method: 'POST',
      url: `${BASE}/sync/`,
      headers: bearer(token),
      payload: {},
    });
    expect(queued.statusCode).toBe(202);
    expect(queued.json().queued).toHaveLength(1);
    await api.app.queue.drain();
    expect(feed.requests.length).toBe(before + 1);
    expect(feed.requests.at(-1)?.['if-none-match']).toMatch(/^".+"$/);
    expect(feed.responses.at(-1)).toBe(304);
    expect(await events()).toHaveLength(4);
  });

  it("syncs one connection's calendars on demand, and refuses an id that names none of the caller's", async () => {
    await api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: bearer(token),
      payload: { url: feed.url() },
    });
    const [calendar] = await api.app.store.calendars.list(scope);
    const calendarId = calendar!.id;
    const oneConnection = await api.server.inject({
      method: 'POST',
      url: `${BASE}/sync/`,
      headers: bearer(token),
      payload: { connectionId: calendar!.connectionId },
    });
    expect(oneConnection.statusCode).toBe(202);
    expect(oneConnection.json().queued.map((q: { calendarId: string }) => q.calendarId)).toEqual([
      calendarId,
    ]);
    const unknown = await api.server.inject({
      method: 'POST',
      url: `${BASE}/sync/`,
      headers: bearer(token),
      payload: { connectionId: 'no-such-connection' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('invalid_input');
    await api.app.queue.drain();
  });

  it('refuses a feed on this machine or the private network unless the deployment allows it', async () => {
    const guarded = await buildTestApi(context().store, {
      ALLOW_PRIVATE_NETWORK_CALENDARS: 'false',
    });
    try {
      for (const url of [
        feed.url(),
        'http://169.254.169.254/latest/meta-data',
        'http://10.0.0.7/cal.ics',
      ]) {
        const response = await guarded.server.inject({
          method: 'POST',
          url: `${BASE}/providers/ics/connect/`,
          headers: bearer(token),
          payload: { url },
        });
        expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, url).toBeLessThan(500);
        expect(response.json().error.message, url).toMatch(/private or local address/);
      }
      expect(await guarded.app.store.connections.list(scope)).toEqual([]);
    } finally {
      await guarded.close();
    }
  });

  it('a changed feed updates what changed and removes what vanished', async () => {
    await api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: bearer(token),
      payload: { url: feed.url() },
    });
    feed.setBody(sampleFeed({ withoutSingle: true, extraSummary: ' (moved)' }));
    // A POST without a body, as `curl -X POST` sends it, syncs everything.
    const queued = await api.server.inject({
      method: 'POST',
      url: `${BASE}/sync/`,
      headers: bearer(token),
    });
    expect(queued.statusCode).toBe(202);
    await api.app.queue.drain();
    const listed = await events();
    expect(listed.map((e) => e.providerEventId)).not.toContain('single@feed.test');
    expect(listed).toHaveLength(3);
    const status = (
      await api.server.inject({
        method: 'GET',
        url: `${BASE}/sync/status/`,
        headers: bearer(token),
      })
    ).json();
    expect(status.calendars[0]).toMatchObject({
      state: 'ok',
      eventsCount: 3,
      lastCounts: { deleted: 1 },
    });
  });

  it('a feed body cut off before END:VCALENDAR fails the run for a retry and deletes nothing', async () => {
    await api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: bearer(token),
      payload: { url: feed.url() },
    });
    const whole = sampleFeed();
    for (const cut of [
      whole.slice(0, whole.indexOf('BEGIN:VEVENT\r\nUID:weekly')),
      whole.slice(0, whole.indexOf('UID:weekly') + 6),
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n',
    ]) {
      feed.setBody(cut);
      await api.server.inject({ method: 'POST', url: `${BASE}/sync/`, headers: bearer(token) });
      await api.app.queue.drain();
      expect(await events()).toHaveLength(4);
      const status = (
        await api.server.inject({
          method: 'GET',
          url: `${BASE}/sync/status/`,
          headers: bearer(token),
        })
      ).json();
      expect(status.calendars[0].state).not.toBe('ok');
      expect(JSON.stringify(status.calendars[0])).toContain(
        'the feed ended before END:VCALENDAR (cut off?)',
      );
    }
    feed.setBody(whole);
    await api.server.inject({ method: 'POST', url: `${BASE}/sync/`, headers: bearer(token) });
    await api.app.queue.drain();
    expect(await events()).toHaveLength(4);
  });

  it('a file cut off before END:VCALENDAR is a 400 and imports nothing', async () => {
    const upload = (payload: string) =>
      api.server.inject({
        method: 'POST',
        url: `${BASE}/providers/ics/connect/`,
        headers: { ...bearer(token), 'content-type': 'text/calendar' },
        payload,
      });
    expect((await upload(sampleFeed())).statusCode).toBe(201);
    const whole = sampleFeed();
    const cut = await upload(whole.slice(0, whole.indexOf('BEGIN:VEVENT\r\nUID:weekly')));
    expect(cut.statusCode).toBe(400);
    expect(cut.json().error.message).toMatch(
      /^the file ended before END:VCALENDAR \(cut off\?\).*nothing was imported/,
    );
    expect(await events()).toHaveLength(4);
  });

  it('a feed that answers 404 is a clear 400 and nothing is stored', async () => {
    feed.setStatus(404);
    const response = await api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: bearer(token),
      payload: { url: feed.url('/missing.ics') },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('404');
    const providers = (
      await api.server.inject({ method: 'GET', url: `${BASE}/providers/`, headers: bearer(token) })
    ).json();
    expect(
      providers.providers.find((p: { provider: string }) => p.provider === 'ics').connections,
    ).toEqual([]);
  });

  it('a URL that is not http(s) or webcal is a 400 naming the field', async () => {
    const response = await api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: bearer(token),
      payload: { url: 'ftp://example.com/cal.ics' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('url'),
    });
  });

  it('imports an uploaded file (multipart) and a raw text/calendar body', async () => {
    const boundary = '----calintel';
    const multipart = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="work.ics"',
      'Content-Type: text/calendar',
      '',
      sampleFeed(),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const upload = await api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect`,
      headers: { ...bearer(token), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: multipart,
    });
    expect(upload.statusCode).toBe(201);
    expect(upload.json()).toMatchObject({ label: 'work.ics', sync: { added: 4 } });
    const raw = await api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: { ...bearer(token), 'content-type': 'text/calendar' },
      payload: sampleFeed({ day: '20260312' }),
    });
    expect(raw.statusCode).toBe(201);
  });

  it('a second file without a label is a calendar of its own; a label names the one to update', async () => {
    const calendarOf = (uid: string, title: string) =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//calintel//test//EN',
        'BEGIN:VEVENT',
        `UID:${uid}`,
        'DTSTAMP:20260101T000000Z',
        'DTSTART:20260311T090000Z',
        'DTEND:20260311T100000Z',
        `SUMMARY:${title}`,
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n');
    const raw = (payload: string, query = '') =>
      api.server.inject({
        method: 'POST',
        url: `${BASE}/providers/ics/connect/${query}`,
        headers: { ...bearer(token), 'content-type': 'text/calendar' },
        payload,
      });
    const boundary = '----calintel';
    const multipart = (payload: string, label?: string) =>
      api.server.inject({
        method: 'POST',
        url: `${BASE}/providers/ics/connect/`,
        headers: { ...bearer(token), 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: [
          ...(label
            ? [`--${boundary}`, 'Content-Disposition: form-data; name="label"', '', label]
            : []),
          `--${boundary}`,
          'Content-Disposition: form-data; name="file"; filename="calendar.ics"',
          'Content-Type: text/calendar',
          '',
          payload,
          `--${boundary}--`,
          '',
        ].join('\r\n'),
      });
    const titles = async () => (await events()).map((e) => e.title).sort();

    const work = await raw(calendarOf('work@x', 'Board meeting'));
    const home = await raw(calendarOf('home@x', 'Dentist'));
    expect([work.json().label, home.json().label]).toEqual(['calendar.ics', 'calendar.ics (2)']);
    expect(home.json().sync).toMatchObject({ added: 1, deleted: 0 });
    const team = await multipart(calendarOf('team@x', 'Offsite'));
    expect(team.json()).toMatchObject({ label: 'calendar.ics (3)', sync: { deleted: 0 } });
    expect(await titles()).toEqual(['Board meeting', 'Dentist', 'Offsite']);

    // Named, an import updates that calendar: what the new file no longer has goes.
    const again = await raw(calendarOf('home@x2', 'Dentist, moved'), '?label=calendar.ics%20(2)');
    expect(again.json()).toMatchObject({ id: home.json().id, sync: { added: 1, deleted: 1 } });
    const teamAgain = await multipart(
      calendarOf('team@x2', 'Offsite, day two'),
      'calendar.ics (3)',
    );
    expect(teamAgain.json()).toMatchObject({ id: team.json().id, sync: { deleted: 1 } });
    expect(await titles()).toEqual(['Board meeting', 'Dentist, moved', 'Offsite, day two']);
  });

  it('a broken file is a 400 that names the line; malformed JSON is a 400 too', async () => {
    const broken = await api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: { ...bearer(token), 'content-type': 'text/calendar' },
      payload: 'this is not a calendar\r\n',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.message).toMatch(/line 1/);
    const json = await api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: { ...bearer(token), 'content-type': 'application/json' },
      payload: '{"url": ',
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.code).toBe('invalid_input');
  });
});
