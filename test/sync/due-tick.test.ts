/**
 * The scheduler's tick queues the calendars due by then. A run's next time is counted from when
 * it finished, a few seconds after the tick that queued it, so "due at or before the tick" missed
 * every calendar by those seconds and synced it one tick late: a 1-minute interval polled every
 * 2 minutes, the default 15 every 16. A calendar due within half a tick is queued at this one.
 */
import { beforeEach, expect, it } from 'vitest';
import { SyncService } from '../../src/app/services/sync.service.js';
import type { JobQueue } from '../../src/jobs/job-queue.js';
import type { SyncEngine } from '../../src/sync/sync-engine.js';
import { describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';

const TICK = new Date('2026-03-01T10:15:00.000Z');

describeEachDialect('the sync tick', (context) => {
  let tenant: Tenant;
  let queued: string[];
  let service: SyncService;
  beforeEach(async () => {
    tenant = await seedTenant(context().store, 'tick');
    queued = [];
    const queue = {
      enqueue: async (_name: string, payload: unknown) => {
        queued.push((payload as { calendarId: string }).calendarId);
        return 'job';
      },
    } as unknown as JobQueue;
    const engine = {} as SyncEngine;
    service = new SyncService(context().store, engine, () => engine, queue);
  });

  const dueAt = async (nextRunAt: Date) => {
    const { store } = context();
    await store.syncStatus.markStarted(tenant.scope, tenant.calendar.id, new Date(0));
    await store.syncStatus.markSucceeded(
      tenant.scope,
      tenant.calendar.id,
      { added: 0, updated: 0, deleted: 0, cursor: 'c', nextRunAt, issues: [] },
      new Date(nextRunAt.getTime() - 15 * 60_000),
    );
  };

  it('queues a calendar due a few seconds after the tick at that tick', async () => {
    await dueAt(new Date(TICK.getTime() + 5_000));
    await service.enqueueDue(TICK);
    expect(queued).toContain(tenant.calendar.id);
  });

  it('leaves a calendar due later than half a tick for the next one', async () => {
    await dueAt(new Date(TICK.getTime() + 45_000));
    await service.enqueueDue(TICK);
    expect(queued).not.toContain(tenant.calendar.id);
  });
});
