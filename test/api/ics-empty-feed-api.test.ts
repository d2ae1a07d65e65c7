/**
 * A feed that had events answering with an empty calendar is taken as a glitch until it answers
 * so twice: the first empty answer removes nothing and says so in the sync status.
 */
import { beforeEach, expect, it } from 'vitest';
import { describeEachDialect } from '../support/databases.js';
import { useFeedApi } from '../support/feed-api.js';
import { sampleFeed } from '../support/feed-server.js';
import { bearer } from '../support/test-app.js';

const BASE = '/api/v1/calendar';
const EMPTY = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//cdn//placeholder//EN',
  'END:VCALENDAR',
  '',
].join('\r\n');

describeEachDialect('an ICS feed that answers an empty calendar', (context) => {
  const env = useFeedApi(context, 'empty feed');

  beforeEach(async () => {
    const { api, token, feed } = env();
    const connected = await api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: bearer(token),
      payload: { url: feed.url() },
    });
    expect(connected.statusCode).toBe(201);
  });

  const sync = async () => {
    const { api, token } = env();
    await api.server.inject({ method: 'POST', url: `${BASE}/sync/`, headers: bearer(token) });
    await api.app.queue.drain();
  };
  const get = async (url: string) => {
    const { api, token } = env();
    return (await api.server.inject({ url: `${BASE}${url}`, headers: bearer(token) })).json();
  };
  const eventCount = async () => (await get('/events/?limit=500')).items.length as number;
  const status = async () => (await get('/sync/status/')).calendars[0];

  it('removes nothing on the first empty answer, and applies it when the feed answers it again', async () => {
    const { feed } = env();
    expect(await eventCount()).toBe(4);
    feed.setBody(EMPTY);
    await sync();
    expect(await eventCount()).toBe(4);
    const first = await status();
    expect(first.state).toBe('ok');
    expect(JSON.stringify(first.issues)).toMatch(/without events, where it had events before/);
    await sync();
    expect(await eventCount()).toBe(0);
  });

  it('an empty answer between two whole ones was a glitch: the next empty one waits again', async () => {
    const { feed } = env();
    feed.setBody(EMPTY);
    await sync();
    feed.setBody(sampleFeed());
    await sync();
    expect(await eventCount()).toBe(4);
    feed.setBody(EMPTY);
    await sync();
    expect(await eventCount()).toBe(4);
  });
});
