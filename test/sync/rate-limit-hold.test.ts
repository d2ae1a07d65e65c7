/**
 * A provider's 429 with Retry-After is recorded on the calendar (next_run_at); a sync job queued
 * meanwhile by a push notification or a manual trigger must not call the provider before then,
 * and the run after the wait must (issue 3: backoff respects the provider's errors).
 */
import { beforeEach, expect, it } from 'vitest';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import { SyncService } from '../../src/app/services/sync.service.js';
import type { JobQueue } from '../../src/jobs/job-queue.js';
import { ProviderError } from '../../src/providers/provider.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import { describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';
import { ScriptedProvider, page } from '../support/scripted-provider.js';

describeEachDialect('push during a Retry-After hold', (context) => {
  let tenant: Tenant;
  beforeEach(async () => {
    tenant = await seedTenant(context().store, 'ra');
  });
  it('a push-queued sync job does not call the provider before Retry-After has passed', async () => {
    let now = new Date('2026-03-01T12:00:00.000Z');
    const provider = new ScriptedProvider([
      [new ProviderError('ics', 'rate_limit', '429 slow down', 30 * 60_000)],
      [page([])],
      [page([])],
    ]);
    const engine = new SyncEngine({
      store: new StoreSyncAdapter(context().store),
      providers: new Map([['ics', provider]]),
      clock: () => now,
      window: { pastDays: 90, futureDays: 365 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
    });
    const service = new SyncService(context().store, engine, () => engine, {} as JobQueue);
    const payload = {
      orgId: tenant.scope.orgId,
      userId: tenant.scope.userId,
      calendarId: tenant.calendar.id,
    };
    await service.runJob(payload, { attempt: 1 }); // the 429: recorded, job completes
    const status = await context().store.syncStatus.get(tenant.scope, tenant.calendar.id);
    expect(status?.nextRunAt).toBe('2026-03-01T12:30:00.000Z');
    // One minute later a push notification queues a sync; the worker runs it.
    now = new Date('2026-03-01T12:01:00.000Z');
    await service.runJob(payload, { attempt: 1 });
    // Not asked again 29 minutes before the time it named...
    expect(provider.cursorsSeen.length).toBe(1);
    // ...and asked once the wait is over.
    now = new Date('2026-03-01T12:31:00.000Z');
    await service.runJob(payload, { attempt: 1 });
    expect(provider.cursorsSeen.length).toBe(2);
  });
});
