/**
 * A feed that answers 200 with something that is not a calendar (an empty body, a maintenance or
 * sign-in page): passing trouble for a subscribed feed, the caller's mistake when connecting.
 */
import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/databases.js';
import { useFeedApi } from '../support/feed-api.js';
import { sampleFeed } from '../support/feed-server.js';
import { bearer, TEST_NOW } from '../support/test-app.js';

const BASE = '/api/v1/calendar';

describeEachDialect('ICS feed answers that are not a calendar', (context) => {
  const env = useFeedApi(context, 'ics answers');

  const get = async (url: string) => {
    const { api, token } = env();
    return (
      await api.server.inject({ method: 'GET', url: `${BASE}${url}`, headers: bearer(token) })
    ).json();
  };
  const syncNow = async () => {
    const { api, token } = env();
    await api.server.inject({ method: 'POST', url: `${BASE}/sync/`, headers: bearer(token) });
    await api.app.queue.drain();
  };
  const connect = () => {
    const { api, token, feed } = env();
    return api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: bearer(token),
      payload: { url: feed.url() },
    });
  };

  const glitches: Array<[string, string, string, RegExp]> = [
    ['an empty body', '', 'text/calendar', /the feed answered with an empty body, not a calendar/],
    [
      'a maintenance page',
      '<html><body>Service temporarily unavailable</body></html>',
      'text/html',
      /the feed answered with an HTML page \(text\/html, \d+ bytes\), not a calendar/,
    ],
    [
      'a sign-in page',
      '<!doctype html><html><body><form action="/login?next=%2Ffeed.ics">' +
        '<input type="hidden" name="token" value="s3ssion-abc123"></form></body></html>',
      'text/html; charset=utf-8',
      /the feed answered with an HTML page \(text\/html, \d+ bytes\), not a calendar/,
    ],
  ];

  it.each(glitches)(
    'a subscribed feed that once answers %s keeps its events and is tried again',
    async (_, body, contentType, message) => {
      const { feed } = env();
      expect((await connect()).statusCode).toBe(201);
      expect((await get('/events/?limit=500')).items).toHaveLength(4);

      feed.setBody(body);
      feed.setContentType(contentType);
      await syncNow();
      const [failed] = (await get('/sync/status/')).calendars;
      expect(failed.lastError).toMatchObject({ kind: 'transient', message: expect.any(String) });
      expect(failed.lastError.message).toMatch(message);
      expect(failed.lastError.message).not.toContain('s3ssion-abc123');
      // Scheduled again, with backoff: not left for good.
      expect(failed.nextRunAt).not.toBeNull();
      expect(Date.parse(failed.nextRunAt)).toBeGreaterThan(TEST_NOW.getTime());
      expect((await get('/events/?limit=500')).items).toHaveLength(4);
      const [connection] = (await get('/providers/')).providers.find(
        (p: { provider: string }) => p.provider === 'ics',
      ).connections;
      expect(connection.status).toBe('active');

      // The feed is back: the next run reads it.
      feed.setBody(sampleFeed({ extraSummary: ' (moved)' }));
      feed.setContentType('text/calendar');
      await syncNow();
      const [recovered] = (await get('/sync/status/')).calendars;
      expect(recovered).toMatchObject({ state: 'ok', consecutiveFailures: 0 });
      const titles = (await get('/events/?limit=500')).items.map((e: { title: string }) => e.title);
      expect(titles).toContain('Acme discovery (moved)');
    },
  );

  it.each(glitches)(
    'connecting a URL that answers %s is a 400 and stores nothing',
    async (_, body, contentType) => {
      const { feed } = env();
      feed.setBody(body);
      feed.setContentType(contentType);
      const response = await connect();
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(/^the URL answered with .*, not a calendar/),
      });
      expect(response.json().error.message).not.toContain('s3ssion-abc123');
      const ics = (await get('/providers/')).providers.find(
        (p: { provider: string }) => p.provider === 'ics',
      );
      expect(ics.connections).toEqual([]);
    },
  );
});
