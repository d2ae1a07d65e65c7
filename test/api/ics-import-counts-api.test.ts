/**
 * The connect answer says how many events an import left out and how many it kept despite an
 * issue, exactly, for an uploaded file and for a feed alike.
 */
import { expect, it } from 'vitest';
import { buildCalendar, buildEvent } from '../conformance/ics-builder.js';
import { describeEachDialect } from '../support/databases.js';
import { useFeedApi } from '../support/feed-api.js';
import { bearer } from '../support/test-app.js';

const CONNECT = '/api/v1/calendar/providers/ics/connect/';

/** Two good events; a broken block, an unusable rule, no DTSTART, and swapped times. */
const PARTLY_BROKEN = buildCalendar([
  buildEvent({ UID: 'a', DTSTART: '20260302T090000Z', DTEND: '20260302T100000Z' }),
  [
    'BEGIN:VEVENT',
    'UID:broken',
    'DTSTART:20260303T090000Z',
    'DTSTART;X="unclosed:20260302T090000Z',
    'END:VEVENT',
  ],
  buildEvent({ UID: 'rule', DTSTART: '20260304T090000Z', RRULE: 'FREQ=WEEKLY;BYSETPOS=0' }),
  buildEvent({ UID: 'no-start', SUMMARY: 'When?' }),
  buildEvent({ UID: 'swapped', DTSTART: '20260305T100000Z', DTEND: '20260305T090000Z' }),
  buildEvent({ UID: 'b', DTSTART: '20260306T090000Z', DTEND: '20260306T100000Z' }),
]);

describeEachDialect('ICS import counts', (context) => {
  const env = useFeedApi(context, 'import counts');

  const expectCounts = (answer: Record<string, unknown>) => {
    expect(answer).toMatchObject({
      sync: { added: 4, updated: 0, deleted: 0, issues: 4 },
      eventsLeftOut: 2,
      eventsKeptWithIssues: 2,
    });
    // The answer's documented fields only: the issues' inner bookkeeping stays inside.
    expect(answer).not.toHaveProperty('issues');
  };

  it('an uploaded file answers the events it left out and kept despite an issue', async () => {
    const { api, token } = env();
    const response = await api.server.inject({
      method: 'POST',
      url: `${CONNECT}?label=broken.ics`,
      headers: { ...bearer(token), 'content-type': 'text/calendar' },
      payload: PARTLY_BROKEN,
    });
    expect(response.statusCode).toBe(201);
    expectCounts(response.json());
    // The calendar's sync status says the same, counted over every issue, not the 200 it keeps.
    const statuses = await api.server.inject({
      method: 'GET',
      url: '/api/v1/calendar/sync/status/',
      headers: bearer(token),
    });
    const [status] = statuses.json().calendars;
    expect(status).toMatchObject({ issueCount: 4, eventsLeftOut: 2, eventsKeptWithIssues: 2 });
  });

  it('a feed answers them for its first sync, and a clean file answers zeros', async () => {
    const { api, token, feed } = env();
    feed.setBody(PARTLY_BROKEN);
    const response = await api.server.inject({
      method: 'POST',
      url: CONNECT,
      headers: bearer(token),
      payload: { url: feed.url() },
    });
    expect(response.statusCode).toBe(201);
    expectCounts(response.json());

    const clean = await api.server.inject({
      method: 'POST',
      url: `${CONNECT}?label=clean.ics`,
      headers: { ...bearer(token), 'content-type': 'text/calendar' },
      payload: buildCalendar([buildEvent({ UID: 'c', DTSTART: '20260307T090000Z' })]),
    });
    expect(clean.json()).toMatchObject({ eventsLeftOut: 0, eventsKeptWithIssues: 0 });
  });
});

describeEachDialect('ICS feed connected again', (context) => {
  const env = useFeedApi(context, 'import counts again');

  it('answers the counts of its last read when the feed has not changed', async () => {
    const { api, token, feed } = env();
    feed.setBody(PARTLY_BROKEN);
    const connect = () =>
      api.server.inject({
        method: 'POST',
        url: CONNECT,
        headers: bearer(token),
        payload: { url: feed.url() },
      });
    const first = (await connect()).json();
    expect(first).toMatchObject({ eventsLeftOut: 2, eventsKeptWithIssues: 2 });
    // The same feed again: its sync reads no new content, yet the events stay left out.
    const again = (await connect()).json();
    expect(again).toMatchObject({
      sync: { issues: 4 },
      eventsLeftOut: 2,
      eventsKeptWithIssues: 2,
    });
  });
});
