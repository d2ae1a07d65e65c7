/**
 * A connection whose stored secrets the process cannot decrypt (CALINTEL_SECRET_KEY changed since
 * they were sealed) fails its syncs where sync/status shows it: the failure, its message and a
 * backed-off next run, recorded on the calendar. Before, loading the calendar threw before the run
 * was claimed, so nothing was recorded and every scheduler tick tried again.
 */
import { beforeEach, expect, it } from 'vitest';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import { SecretBox } from '../../src/store/secret-box.js';
import { Store } from '../../src/store/store.js';
import { SyncEngine, SyncError } from '../../src/sync/sync-engine.js';
import { describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';
import { ScriptedProvider, page } from '../support/scripted-provider.js';

describeEachDialect('a connection whose secrets cannot be decrypted', (context) => {
  let tenant: Tenant;
  beforeEach(async () => {
    tenant = await seedTenant(context().store, 'key');
  });

  it('fails its sync with a recorded, backed-off failure that names the key', async () => {
    const now = new Date('2026-03-01T12:00:00.000Z');
    // The same database, read by a process started with another key.
    const otherKey = new Store(context().database, new SecretBox('1e'.repeat(32)));
    const provider = new ScriptedProvider([[page([])]]);
    const engine = new SyncEngine({
      store: new StoreSyncAdapter(otherKey),
      providers: new Map([['ics', provider]]),
      clock: () => now,
      window: { pastDays: 90, futureDays: 365 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
    });
    const failed = await engine.syncCalendar(tenant.scope, tenant.calendar.id).catch((e) => e);
    expect(failed).toBeInstanceOf(SyncError);
    expect(provider.cursorsSeen).toHaveLength(0);
    const status = await context().store.syncStatus.get(tenant.scope, tenant.calendar.id);
    expect(status?.consecutiveFailures).toBe(1);
    expect(status?.lastError?.message).toMatch(/CALINTEL_SECRET_KEY/);
    expect(Date.parse(status!.nextRunAt!)).toBeGreaterThan(now.getTime());

    // Back on the key the secrets were sealed with, the next run succeeds.
    const right = new SyncEngine({
      store: new StoreSyncAdapter(context().store),
      providers: new Map([['ics', provider]]),
      clock: () => now,
      window: { pastDays: 90, futureDays: 365 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
    });
    await right.syncCalendar(tenant.scope, tenant.calendar.id);
    const after = await context().store.syncStatus.get(tenant.scope, tenant.calendar.id);
    expect(after?.consecutiveFailures).toBe(0);
  });
});
