/**
 * A stopping worker's signal reaches meeting detection: the job stops between batches instead of
 * running to its end (a shutdown must not wait for it), saves no scan, and the job run again
 * afterwards (the queue gives it back) reads everything it had not finished.
 */
import { expect, it } from 'vitest';
import { DETECT_MEETINGS_FOR_USER_TASK } from '../../src/app/tasks.js';
import {
  hourlyCustomerMeetings,
  seedCustomerTenant,
  useTaskHandlers,
} from '../support/customer-tenant.js';
import { describeEachDialect } from '../support/databases.js';

const EVENTS = 1_200;

describeEachDialect('meeting detection stopped by shutdown', (context) => {
  const built = useTaskHandlers(context);

  it('stops between batches, and the next run reads what it left', async () => {
    const { store } = context();
    const { api, handlers } = built();
    // The CRM knows the buyer: each event is a sales meeting, so batches of meetings are saved.
    const tenant = await seedCustomerTenant(store, 'detect-stop', hourlyCustomerMeetings(EVENTS));
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
