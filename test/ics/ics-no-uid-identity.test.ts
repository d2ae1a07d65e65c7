/**
 * A feed whose events have no UID: each stored event keeps its identity (its row, and what hangs
 * on it) when another event is added above it, instead of taking over its neighbour's content.
 */
import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/databases.js';
import { useFeedApi } from '../support/feed-api.js';
import { bearer } from '../support/test-app.js';

const BASE = '/api/v1/calendar';

const event = (summary: string, day: string): string[] => [
  'BEGIN:VEVENT',
  'DTSTAMP:20260101T000000Z',
  `DTSTART:202603${day}T100000Z`,
  `DTEND:202603${day}T110000Z`,
  `SUMMARY:${summary}`,
  'ORGANIZER:mailto:ana@northwind.io',
  'END:VEVENT',
];
const calendar = (...events: string[][]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//calintel//test//EN', ...events.flat()]
    .concat(['END:VCALENDAR', ''])
    .join('\r\n');

describeEachDialect('ICS events without a UID', (context) => {
  const env = useFeedApi(context, 'no uid');

  const get = async (url: string) => {
    const { api, token } = env();
    return (
      await api.server.inject({ method: 'GET', url: `${BASE}${url}`, headers: bearer(token) })
    ).json();
  };
  const stored = async () =>
    Object.fromEntries(
      (
        (await get('/events/?limit=500')).items as Array<{
          id: string;
          title: string;
          providerEventId: string;
        }>
      ).map((e) => [e.title, { id: e.id, providerEventId: e.providerEventId }]),
    );

  it('keeps each stored event with its content when one is added above them', async () => {
    const { api, token, feed } = env();
    feed.setBody(calendar(event('Acme demo', '10'), event('Globex call', '12')));
    const connected = await api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: bearer(token),
      payload: { url: feed.url() },
    });
    expect(connected.statusCode).toBe(201);
    const before = await stored();
    expect(Object.keys(before).sort()).toEqual(['Acme demo', 'Globex call']);

    feed.setBody(
      calendar(event('Initech intro', '11'), event('Acme demo', '10'), event('Globex call', '12')),
    );
    await api.server.inject({ method: 'POST', url: `${BASE}/sync/`, headers: bearer(token) });
    await api.app.queue.drain();

    const after = await stored();
    expect(after['Acme demo']).toEqual(before['Acme demo']);
    expect(after['Globex call']).toEqual(before['Globex call']);
    expect(after['Initech intro']).toBeDefined();
    const [status] = (await get('/sync/status/')).calendars;
    expect(status.lastCounts).toEqual({ added: 1, updated: 0, deleted: 0 });
    // Still reported: the feed should give its events UIDs.
    expect(status.issues.map((i: { message: string }) => i.message)).toEqual([
      expect.stringMatching(/^line \d+: VEVENT has no UID; named missing-uid-/),
      expect.stringMatching(/^line \d+: VEVENT has no UID; named missing-uid-/),
      expect.stringMatching(/^line \d+: VEVENT has no UID; named missing-uid-/),
    ]);
  });
});
