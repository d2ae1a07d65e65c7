/**
 * Regressions found by the convergence property (test/google/convergence.test.ts): a snapshot's
 * end (removing what it did not list) must hold whatever happens around it.
 * 1. A process that died right after the last snapshot page was committed kept the events the
 *    snapshot no longer listed for good: the new cursor was stored, the removal was not done,
 *    and the next runs were deltas that never named those events again.
 * 2. A delta listing that turned into a snapshot part-way (the token expired between two pages)
 *    kept what the delta pages had stamped with the run's generation, even when the snapshot no
 *    longer listed it.
 */
import { beforeEach, expect, it } from 'vitest';
import {
  describeEachDialect,
  buildEvent,
  seedTenant,
  type Tenant,
} from '../../test/support/databases.js';
import { StoreSyncAdapter } from '../app/sync-store-adapter.js';
import type { CalendarEvent } from '../domain/event.js';
import type { CalendarProvider, FetchChangesRequest, SyncPage } from '../providers/provider.js';
import { SyncEngine, SyncError } from './sync-engine.js';

/** Answers each run with the next scripted list of pages. */
class ScriptedProvider implements CalendarProvider {
  readonly kind = 'ics' as const;
  constructor(private readonly runs: SyncPage[][]) {}
  async listCalendars() {
    return [];
  }
  async *fetchChanges(_request: FetchChangesRequest): AsyncIterable<SyncPage> {
    yield* this.runs.shift() ?? [];
  }
}

function page(mode: SyncPage['mode'], events: CalendarEvent[], more: Partial<SyncPage> = {}) {
  return {
    mode,
    upserts: events.map((event) => ({ event, raw: { id: event.providerEventId } })),
    deletions: [],
    issues: [],
    nextCursor: null,
    hasMore: false,
    ...more,
  } satisfies SyncPage;
}

describeEachDialect('a snapshot’s end', (context) => {
  let tenant: Tenant;
  const engineWith = (provider: CalendarProvider) =>
    new SyncEngine({
      store: new StoreSyncAdapter(context().store),
      providers: new Map([['ics', provider]]),
      clock: () => new Date('2026-03-01T12:00:00.000Z'),
      window: { pastDays: 90, futureDays: 365 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
    });
  const storedIds = async () =>
    (await context().store.events.list(tenant.scope, { calendarId: tenant.calendar.id })).items.map(
      (e) => e.event.providerEventId,
    );

  beforeEach(async () => {
    tenant = await seedTenant(context().store, 'snapshot-end');
  });

  it('is committed with the snapshot’s cursor: a crash right after it cannot keep what was dropped', async () => {
    const keep = buildEvent({ providerEventId: 'keep' });
    const gone = buildEvent({ providerEventId: 'gone' });
    const engine = engineWith(
      new ScriptedProvider([
        [page('snapshot', [keep, gone], { nextCursor: 'c1' })],
        [page('snapshot', [keep], { nextCursor: 'c2' })],
      ]),
    );
    await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    const crash = () => {
      throw new Error('the process died after this commit');
    };
    await expect(
      engine.syncCalendar(tenant.scope, tenant.calendar.id, { onPage: crash }),
    ).rejects.toBeInstanceOf(SyncError);
    const status = await context().store.syncStatus.get(tenant.scope, tenant.calendar.id);
    expect(status?.cursor).toBe('c2');
    expect(await storedIds()).toEqual(['keep']);
  });

  it('removes what delta pages of the same run brought, when the snapshot that follows does not list it', async () => {
    const a = buildEvent({ providerEventId: 'a' });
    const b = buildEvent({ providerEventId: 'b' });
    const engine = engineWith(
      new ScriptedProvider([
        [page('snapshot', [a, b], { nextCursor: 'c1' })],
        [
          // The delta's first page changes b; then the token expires and b is deleted meanwhile.
          page('delta', [{ ...b, title: 'Renamed' }], { hasMore: true }),
          page('snapshot', [a], { nextCursor: 'c2' }),
        ],
      ]),
    );
    await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    const second = await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    expect(second).toMatchObject({ updated: 1, deleted: 1 });
    expect(await storedIds()).toEqual(['a']);
  });
});
