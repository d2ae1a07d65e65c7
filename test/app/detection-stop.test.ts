/**
 * A stopping worker's signal reaches meeting detection: the job stops between batches instead of
 * running to its end (a shutdown must not wait for it), saves no scan, and the job run again
 * afterwards (the queue gives it back) reads everything it had not finished.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobHandler } from '../../src/jobs/job-queue.js';
import { DETECT_MEETINGS_FOR_USER_TASK, taskHandlers } from '../../src/app/tasks.js';
import { customerMeeting } from '../support/detection-fixtures.js';
import { describeEachDialect, seedTenant } from '../support/databases.js';
import { buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

const EVENTS = 1_200;

describeEachDialect('meeting detection stopped by shutdown', (context) => {
  let api: TestApi;
  let handlers: Map<string, JobHandler>;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    handlers = taskHandlers(api.app, () => TEST_NOW);
  });
  afterAll(async () => api.close());

  it('stops between batches, and the next run reads what it left', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'detect-stop');
    // The CRM knows the buyer: each event is a sales meeting, so batches of meetings are saved.
    const [account] = await store.crm.upsertAccounts(tenant.scope, [
      { name: 'Customer', domains: ['customer.test'], stage: 'qualification' },
    ]);
    await store.crm.upsertContacts(tenant.scope, [
      { email: 'buyer@customer.test', name: 'Buyer', accountId: account!.id },
    ]);
    const hour = (n: number) => new Date(TEST_NOW.getTime() + n * 3_600_000).toISOString();
    const meetings = Array.from({ length: EVENTS }, (_, i) =>
      customerMeeting({ providerEventId: `m${i}`, start: hour(i + 1), end: hour(i + 2) }),
    );
    await store.events.applyPage(
      tenant.scope,
      tenant.calendar.id,
      { upserts: meetings.map((event) => ({ event, raw: {} })), deletions: [] },
      1,
    );
    const stop = new AbortController();
    const reason = new Error('the worker is stopping');
    // Stopped once the first batch of meetings is saved.
    const saved = store.meetings.saveSettled.bind(store.meetings);
    store.meetings.saveSettled = async (...args) => {
      const result = await saved(...args);
      stop.abort(reason);
      return result;
    };
    const job = handlers.get(DETECT_MEETINGS_FOR_USER_TASK)!;
    try {
      await expect(
        job(tenant.scope, { jobId: 'stopped', attempt: 1, signal: stop.signal }),
      ).rejects.toBe(reason);
    } finally {
      store.meetings.saveSettled = saved;
    }
    const stoppedAt = (await store.meetings.list(tenant.scope, { limit: 1_000 })).items.length;
    expect(stoppedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(EVENTS);

    const again = await api.app.meetings.runDetectionJob(tenant.scope);
    expect(again).toMatchObject({ analysed: EVENTS, salesMeetings: EVENTS });
    expect(again.created).toBe(EVENTS - stoppedAt);
  });
});
