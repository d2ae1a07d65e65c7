/**
 * A stopping worker's signal reaches the daily relationships recompute: it stops before the next
 * organisation instead of running through all of them (a shutdown must not wait for it). Each
 * organisation's accounts are written in one transaction, so what a stop leaves is whole: the
 * organisations done are recomputed, the others as they were until the job runs again.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { JobHandler } from '../../src/jobs/job-queue.js';
import { RECOMPUTE_RELATIONSHIPS } from '../../src/app/services/relationships.service.js';
import { taskHandlers } from '../../src/app/tasks.js';
import type { OrgScope } from '../../src/store/store.js';
import { describeEachDialect } from '../support/databases.js';
import { importCalendar, putAcmeCrm, salesFeed, seedNorthwind } from '../support/meetings.js';
import { buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

/** Months after February's meetings with Acme, when a recompute finds them dormant. */
const SUMMER = new Date('2026-06-30T12:00:00.000Z');

describeEachDialect('relationships recompute stopped by shutdown', (context) => {
  let api: TestApi;
  let now = TEST_NOW;
  let handlers: Map<string, JobHandler>;
  let organisations: OrgScope[];

  beforeAll(async () => {
    api = await buildTestApi(context().store, {}, () => now);
    handlers = taskHandlers(api.app, () => now);
    api.app.queue.start(handlers);
    organisations = [];
    for (const label of ['First', 'Second']) {
      const seeded = await seedNorthwind(context().store, label);
      await putAcmeCrm(api.server, seeded.token);
      await importCalendar(api.server, seeded.token, salesFeed({ day: '2026-02-10' }));
      organisations.push({ orgId: seeded.orgId });
    }
    await api.app.queue.drain();
    await api.app.queue.stop();
  });
  afterAll(async () => api.close());

  /** The stage of each organisation's one relationship (Acme), and its stage changes. */
  const stages = async () =>
    Promise.all(
      organisations.map(async (scope) => {
        const [acme, ...others] = await context().store.relationships.list(scope, { limit: 10 });
        expect(others).toEqual([]);
        const changes = await context().store.relationships.stageChanges(scope, acme!.accountKey);
        return { stage: acme!.stage, changes: changes.map((c) => [c.fromStage, c.toStage]) };
      }),
    );
  const NEW = { stage: 'new', changes: [[null, 'new']] };
  const DORMANT = {
    stage: 'dormant',
    changes: [
      [null, 'new'],
      ['new', 'dormant'],
    ],
  };

  it('stopped before it starts, it writes nothing', async () => {
    expect(await stages()).toEqual([NEW, NEW]);
    now = SUMMER;
    const stop = new AbortController();
    const reason = new Error('the worker is stopping');
    stop.abort(reason);
    const job = handlers.get(RECOMPUTE_RELATIONSHIPS)!;
    await expect(job({}, { jobId: 'stopped', attempt: 1, signal: stop.signal })).rejects.toBe(
      reason,
    );
    expect(await stages()).toEqual([NEW, NEW]);
  });

  it('stopped during an organisation, it finishes that one and leaves the next as it was', async () => {
    now = SUMMER;
    const stop = new AbortController();
    const reason = new Error('the worker is stopping');
    const store = context().store;
    const transaction = store.transaction;
    // SIGTERM arrives while the first organisation is being written.
    const spy = vi.spyOn(store, 'transaction').mockImplementation(async (work) => {
      const written = await transaction(work);
      stop.abort(reason);
      return written;
    });
    const job = handlers.get(RECOMPUTE_RELATIONSHIPS)!;
    try {
      await expect(job({}, { jobId: 'stopping', attempt: 1, signal: stop.signal })).rejects.toBe(
        reason,
      );
    } finally {
      spy.mockRestore();
    }
    expect((await stages()).sort((a, b) => a.stage.localeCompare(b.stage))).toEqual([DORMANT, NEW]);

    // The job given back runs again: every organisation is recomputed.
    await job({}, { jobId: 'again', attempt: 2, signal: new AbortController().signal });
    expect(await stages()).toEqual([DORMANT, DORMANT]);
  });
});
