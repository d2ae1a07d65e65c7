/**
 * A stored event that names no zone (or only UTC, as an ICS time in Z) is read at its calendar's
 * time of day, so that it is detected as the same meeting stored with its zone would be.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DETECT_MEETINGS_FOR_USER_TASK, taskHandlers } from '../../src/app/tasks.js';
import type { JobHandler } from '../../src/jobs/job-queue.js';
import { attendee, customerMeeting } from '../support/detection-fixtures.js';
import { describeEachDialect, seedTenant } from '../support/databases.js';
import { buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

describeEachDialect('local time of stored meetings', (context) => {
  let api: TestApi;
  let handlers: Map<string, JobHandler>;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    handlers = taskHandlers(api.app, () => TEST_NOW);
  });

  afterAll(async () => api.close());

  it('reads an event without a zone, or in UTC, in its calendar zone', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'local-time');
    const [account] = await store.crm.upsertAccounts(tenant.scope, [
      { name: 'Customer', domains: ['customer.test'], stage: 'qualification' },
    ]);
    await store.crm.upsertContacts(tenant.scope, [
      { email: 'buyer@customer.test', name: 'Buyer', accountId: account!.id },
    ]);
    // 07:30 UTC is 08:30 in Paris (the seeded calendar's zone): business hours there, not in UTC.
    const at = (timeZone: string | null, providerEventId: string) =>
      customerMeeting({
        providerEventId,
        start: '2026-03-04T07:30:00.000Z',
        end: '2026-03-04T08:00:00.000Z',
        timeZone,
        attendees: [attendee('buyer@customer.test')],
      });
    const events = [at('Europe/Paris', 'zoned'), at(null, 'no zone'), at('UTC', 'in Z')];
    await store.events.applyPage(
      tenant.scope,
      tenant.calendar.id,
      { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
      1,
    );

    await handlers.get(DETECT_MEETINGS_FOR_USER_TASK)!(tenant.scope, {
      jobId: 'test',
      attempt: 1,
      signal: new AbortController().signal,
    });

    const stored = (await store.events.list(tenant.scope, { limit: 10 })).items;
    const meetings = (await store.meetings.list(tenant.scope, { limit: 10 })).items;
    const meetingOf = (providerEventId: string) => {
      const event = stored.find((e) => e.event.providerEventId === providerEventId);
      return meetings.find((m) => m.eventId === event?.id);
    };
    const zoned = meetingOf('zoned');
    expect(zoned).toBeDefined();
    for (const id of ['no zone', 'in Z']) {
      const meeting = meetingOf(id);
      expect(meeting?.confidence).toBe(zoned?.confidence);
      expect(meeting?.reasons).toEqual(zoned?.reasons);
      expect(meeting?.reasons).not.toContain('outside business hours');
    }
  });
});
