/**
 * A stopping worker's signal reaches the conflicts pass: it stops before its next day instead of
 * running to its end (a shutdown must not wait for it), saves no cursor, and the pass run again
 * afterwards (the queue gives the job back) does the whole work.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobHandler } from '../../src/jobs/job-queue.js';
import { DETECT_CONFLICTS_FOR_USER_TASK, taskHandlers } from '../../src/app/tasks.js';
import { buildEvent, describeEachDialect, seedTenant } from '../support/databases.js';
import { buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

describeEachDialect('conflicts pass stopped by shutdown', (context) => {
  let api: TestApi;
  let handlers: Map<string, JobHandler>;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    handlers = taskHandlers(api.app, () => TEST_NOW);
  });
  afterAll(async () => api.close());

  it('stops at once, saves no cursor, and the next pass finds the conflicts', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'conflicts-stop');
    const at = (hour: number) => new Date(TEST_NOW.getTime() + hour * 3_600_000).toISOString();
    const overlapping = [0, 1].map((i) =>
      buildEvent({ providerEventId: `o${i}`, title: `Meeting ${i}`, start: at(26), end: at(28) }),
    );
    await store.events.applyPage(
      tenant.scope,
      tenant.calendar.id,
      { upserts: overlapping.map((event) => ({ event, raw: {} })), deletions: [] },
      1,
    );
    const stop = new AbortController();
    const reason = new Error('the worker is stopping');
    stop.abort(reason);
    const job = handlers.get(DETECT_CONFLICTS_FOR_USER_TASK)!;
    await expect(
      job(tenant.scope, { jobId: 'stopped', attempt: 1, signal: stop.signal }),
    ).rejects.toBe(reason);
    expect(await store.conflicts.scanCursor(tenant.scope)).toBeUndefined();

    const again = await api.app.conflicts.runScanJob(tenant.scope);
    expect(again.found).toBeGreaterThan(0);
  });
});
