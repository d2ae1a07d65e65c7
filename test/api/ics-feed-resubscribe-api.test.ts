/**
 * Subscribing again to a feed the user already subscribes to (the same URL, a double click, a
 * script run twice) keeps the one subscription: before, each made a connection of its own, so
 * every event was listed twice and the feed was polled twice. A label names the feed's calendar.
 */
import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/databases.js';
import { useFeedApi } from '../support/feed-api.js';
import { bearer } from '../support/test-app.js';

const BASE = '/api/v1/calendar';

describeEachDialect('subscribing to the same ICS feed again', (context) => {
  const env = useFeedApi(context, 'ics resubscribe');

  const get = async (url: string) => {
    const { api, token } = env();
    return (
      await api.server.inject({ method: 'GET', url: `${BASE}${url}`, headers: bearer(token) })
    ).json();
  };
  const subscribe = (url: string, label?: string) => {
    const { api, token } = env();
    return api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: bearer(token),
      payload: label ? { url, label } : { url },
    });
  };

  it('keeps one subscription, named by its label, with each event once', async () => {
    const { feed } = env();
    const first = await subscribe(feed.url(), 'Team offsites');
    expect(first.statusCode).toBe(201);
    expect(first.json().calendars.map((c: { name: string }) => c.name)).toEqual(['Team offsites']);
    const again = await subscribe(feed.url());
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    // The same URL written otherwise (a trailing space, the host in capitals) is the same feed.
    const upper = feed.url().replace('http://', 'HTTP://');
    expect((await subscribe(` ${upper}`)).json().id).toBe(first.json().id);

    const connections = (await get('/providers/')).providers.find(
      (p: { provider: string }) => p.provider === 'ics',
    );
    expect(connections.connections).toHaveLength(1);
    const events = (await get('/events/?limit=500')).items;
    const keys = events.map((e: { iCalUid: string; start: string }) => `${e.iCalUid} ${e.start}`);
    expect(events).toHaveLength(new Set(keys).size);
    expect(events).toHaveLength(4);
    expect(events.length).toBeGreaterThan(0);
  });
});
