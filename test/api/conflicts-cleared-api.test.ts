/**
 * A conflict the calendars no longer show, as the API tells it: an uploaded calendar where a
 * demo and a negotiation overlap, uploaded again under the same label with the demo moved to the
 * next day and the negotiation gone. The cleared conflict keeps its window and its events as
 * they were while it was open, says why it cleared, and offers nothing to do. Before, it listed
 * the demo alone at its new time under the old window, with suggestions to shorten it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConflictView } from '../../src/api/conflicts-schemas.js';
import { taskHandlers } from '../../src/app/tasks.js';
import type { Scope } from '../../src/store/store.js';
import { describeEachDialect } from '../support/databases.js';
import { CALENDAR_BASE, seedNorthwind } from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

const vevent = (uid: string, title: string, start: string, end: string) => [
  'BEGIN:VEVENT',
  `UID:${uid}`,
  'DTSTAMP:20260201T000000Z',
  `DTSTART:${start}`,
  `DTEND:${end}`,
  `SUMMARY:${title}`,
  'END:VEVENT',
];
const calendar = (...events: string[][]) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel tests//EN',
    ...events.flat(),
    'END:VCALENDAR',
    '',
  ].join('\r\n');

const DEMO = 'Globex product demo';
const HOOLI = 'Hooli pricing negotiation';
const BOTH = calendar(
  vevent('demo@test', DEMO, '20260310T150000Z', '20260310T160000Z'),
  vevent('hooli@test', HOOLI, '20260310T153000Z', '20260310T163000Z'),
);
const DEMO_MOVED_HOOLI_GONE = calendar(
  vevent('demo@test', DEMO, '20260311T150000Z', '20260311T160000Z'),
);

describeEachDialect('a cleared conflict through the API', (context) => {
  let api: TestApi;
  let token: string;
  let scope: Scope;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
    const seeded = await seedNorthwind(context().store);
    token = seeded.token;
    scope = { orgId: seeded.orgId, userId: seeded.userId };
  });
  afterAll(() => api.close());

  const upload = async (file: string) => {
    const response = await api.server.inject({
      method: 'POST',
      url: `${CALENDAR_BASE}/providers/ics/connect/?label=Work`,
      headers: { ...bearer(token), 'content-type': 'text/calendar' },
      payload: file,
    });
    expect(response.statusCode, response.body).toBeLessThan(300);
    await api.app.queue.drain();
    await api.app.conflicts.scan(scope);
  };
  const list = async (query = '') => {
    const response = await api.server.inject({
      method: 'GET',
      url: `${CALENDAR_BASE}/conflicts/?from=2026-03-01T00:00:00Z${query}`,
      headers: bearer(token),
    });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { items: ConflictView[] }).items;
  };

  it('keeps what it was, says why it cleared, and offers nothing', async () => {
    await upload(BOTH);
    const [open] = await list('&status=open');
    expect(open).toMatchObject({
      start: '2026-03-10T15:30:00.000Z',
      end: '2026-03-10T16:00:00.000Z',
    });
    expect(open!.suggestions.length).toBeGreaterThan(0);

    await upload(DEMO_MOVED_HOOLI_GONE);
    expect(await list('&status=open')).toEqual([]);
    const [cleared] = await list('&status=cleared');
    expect(cleared).toMatchObject({
      id: open!.id,
      status: 'cleared',
      start: '2026-03-10T15:30:00.000Z',
      end: '2026-03-10T16:00:00.000Z',
      suggestions: [],
    });
    expect(cleared!.events.map((e) => [e.title, e.start, e.end]).sort()).toEqual([
      [DEMO, '2026-03-10T15:00:00.000Z', '2026-03-10T16:00:00.000Z'],
      [HOOLI, '2026-03-10T15:30:00.000Z', '2026-03-10T16:30:00.000Z'],
    ]);
    expect(cleared!.clearance?.why).toMatch(
      new RegExp(`^${DEMO} moved to Wed 2026-03-11 \\d\\d:00 \\(.+\\); ${HOOLI} was deleted$`),
    );
    expect(cleared!.clearance?.events.map((e) => e.change).sort()).toEqual(['deleted', 'moved']);

    // The list without a status is every status (the dashboard's "All"), cleared included.
    expect((await list()).map((c) => c.status)).toEqual(['cleared']);
  });
});
