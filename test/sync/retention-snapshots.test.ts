import { beforeEach, expect, it } from 'vitest';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import type { CalendarProvider } from '../../src/providers/provider.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import { buildEvent, describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';
import { page, ScriptedProvider } from '../support/scripted-provider.js';

/**
 * A provider that lists from the retention cutoff on (Google's timeMin): what the end of its
 * snapshot may remove, and what it must leave to retention.
 */
const NOW = new Date('2026-03-01T12:00:00.000Z');
const DAY_MS = 86_400_000;

describeEachDialect('sync engine: snapshots bounded by retention', (context) => {
  let tenant: Tenant;
  const engineWith = (provider: CalendarProvider, clock: () => Date) =>
    new SyncEngine({
      store: new StoreSyncAdapter(context().store),
      providers: new Map([['ics', provider]]),
      clock,
      window: { pastDays: 90, futureDays: 365 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
      retentionDays: 365,
    });
  const retainedProvider = (runs: ConstructorParameters<typeof ScriptedProvider>[0]) =>
    Object.assign(new ScriptedProvider(runs), { snapshotsList: 'retained' as const });

  beforeEach(async () => {
    tenant = await seedTenant(context().store, 'retention');
  });

  it('a snapshot bounded by retention removes what it no longer lists after the cutoff, and leaves older events to retention', async () => {
    // Stored while retention (365 days) still kept it; past the cutoff once the clock moved on.
    const aging = buildEvent({
      providerEventId: 'aging',
      start: '2025-04-01T10:00:00.000Z',
      end: '2025-04-01T11:00:00.000Z',
    });
    const gone = buildEvent({ providerEventId: 'gone' });
    const keep = buildEvent({ providerEventId: 'keep' });
    const provider = Object.assign(
      new ScriptedProvider([
        [page([aging, gone, keep], { mode: 'snapshot' })],
        // Listed from the cutoff on, as Google's timeMin does: `aging` ended before it.
        [page([keep], { mode: 'snapshot' })],
      ]),
      { snapshotsList: 'retained' as const },
    );
    let now = NOW;
    const engine = engineWith(provider, () => now);
    await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    const since = (await context().store.changes.list(tenant.scope, {})).nextCursor;
    now = new Date(NOW.getTime() + 60 * DAY_MS);
    const second = await engine.syncCalendar(tenant.scope, tenant.calendar.id);

    expect(provider.retainedSinceSeen.map((d) => d?.toISOString())).toEqual([
      '2025-03-01T12:00:00.000Z',
      '2025-04-30T12:00:00.000Z',
    ]);
    expect(second.deleted).toBe(1);
    const logged = await context().store.changes.list(tenant.scope, { since });
    expect(logged.items.map((c) => [c.providerEventId, c.change.kind])).toEqual([
      ['gone', 'deleted'],
    ]);
  });

  it('leaves an unlisted all-day event that ends within a day after the cutoff (its provider may date it in another zone)', async () => {
    // Stored midnight to midnight in Los Angeles: it ends 19 hours after the second run's cutoff
    // (2025-04-30T12:00Z). Google dates all-day events in the calendar's zone, which may be
    // another (here UTC+14, where it ended before the cutoff), and so does not list it.
    const edge = buildEvent({
      providerEventId: 'edge',
      allDay: true,
      startDate: '2025-04-30',
      endDate: '2025-05-01',
      timeZone: 'America/Los_Angeles',
      start: '2025-04-30T07:00:00.000Z',
      end: '2025-05-01T07:00:00.000Z',
    });
    const gone = buildEvent({
      providerEventId: 'gone',
      start: '2025-05-03T10:00:00.000Z',
      end: '2025-05-03T11:00:00.000Z',
    });
    const provider = retainedProvider([
      [page([edge, gone], { mode: 'snapshot' })],
      [page([], { mode: 'snapshot' })],
    ]);
    let now = NOW;
    const engine = engineWith(provider, () => now);
    await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    const since = (await context().store.changes.list(tenant.scope, {})).nextCursor;
    now = new Date(NOW.getTime() + 60 * DAY_MS);
    const second = await engine.syncCalendar(tenant.scope, tenant.calendar.id);

    expect(second.deleted).toBe(1);
    const logged = await context().store.changes.list(tenant.scope, { since });
    expect(logged.items.map((c) => [c.providerEventId, c.change.kind])).toEqual([
      ['gone', 'deleted'],
    ]);
  });
});
