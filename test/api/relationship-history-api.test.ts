/**
 * Relationships read every meeting retention keeps, not only the sync window's past: a customer
 * met weekly for a year is `established` from its first detection, and an account last met four
 * months ago is `dormant` rather than missing (a provider such as Google stores a year of history).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { taskHandlers } from '../../src/app/tasks.js';
import { buildEvent, describeEachDialect, seedTenant } from '../support/databases.js';
import { CALENDAR_BASE, CRM_BASE } from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

const DAY = 86_400_000;

describeEachDialect('relationships over the stored history', (context) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
  });
  afterAll(async () => api.close());

  it('a year of weekly meetings is established, and an account quiet for months is dormant', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'history');
    const token = (await store.apiTokens.create(tenant.scope, 'history')).token;
    const crm = await api.server.inject({
      method: 'PUT',
      url: `${CRM_BASE}/accounts/`,
      headers: bearer(token),
      payload: {
        accounts: [
          { externalId: 'c1', name: 'Customer', domains: ['customer.test'] },
          { externalId: 'c2', name: 'Quiet Co', domains: ['quiet.test'] },
        ],
      },
    });
    expect(crm.statusCode).toBe(200);
    const attendee = (email: string) => ({
      email,
      name: 'Buyer',
      responseStatus: 'accepted' as const,
      optional: false,
      resource: false,
    });
    const weekly = Array.from({ length: 50 }, (_, i) => {
      const start = new Date(TEST_NOW.getTime() - (355 - i * 7) * DAY).toISOString();
      return buildEvent({
        providerEventId: `weekly-${i}`,
        start,
        title: 'Customer weekly account review',
        seriesId: 'weekly',
        iCalUid: 'weekly@customer.test',
        originalStart: start,
        attendees: [attendee('buyer@customer.test')],
      });
    });
    const quiet = Array.from({ length: 8 }, (_, i) =>
      buildEvent({
        providerEventId: `quiet-${i}`,
        start: new Date(TEST_NOW.getTime() - (230 - i * 14) * DAY).toISOString(),
        title: 'Quiet Co pricing and proposal review',
        attendees: [attendee('cfo@quiet.test')],
      }),
    );
    // Stored as a provider that lists back to the retention cutoff leaves them.
    await store.events.applyPage(
      tenant.scope,
      tenant.calendar.id,
      { upserts: [...weekly, ...quiet].map((event) => ({ event, raw: {} })), deletions: [] },
      1,
    );
    const detect = await api.server.inject({
      method: 'POST',
      url: `${CALENDAR_BASE}/meetings/detect/`,
      headers: bearer(token),
      payload: {},
    });
    expect(detect.statusCode).toBe(202);
    await api.app.queue.drain();

    const listed = await api.server.inject({
      url: `${CALENDAR_BASE}/relationships/`,
      headers: bearer(token),
    });
    const stages = Object.fromEntries(
      (listed.json().items as Array<{ name: string; stage: string; meetings: number }>).map((r) => [
        r.name,
        [r.stage, r.meetings],
      ]),
    );
    expect(stages).toEqual({ Customer: ['established', 50], 'Quiet Co': ['dormant', 8] });
  });
});
