/**
 * A run stopped from outside (the queue's signal: a graceful shutdown, a lost lease) is not the
 * calendar's failure: no error, no failure counted, no backoff; its claim is let go at once and
 * the next run resumes from the last page it committed. The status shows it pending, with the
 * events committed so far and that next run.
 */
import { beforeEach, expect, it } from 'vitest';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import type {
  CalendarProvider,
  FetchChangesRequest,
  SyncPage,
} from '../../src/providers/provider.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import { buildEvent, describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');

function delta(events: CalendarEvent[], cursor: string | null): SyncPage {
  return {
    mode: 'delta',
    upserts: events.map((event) => ({ event, raw: { id: event.providerEventId } })),
    deletions: [],
    issues: [],
    nextCursor: cursor,
    hasMore: cursor === null,
  };
}

/** Lists a page with a cursor, then waits for the run's signal; a later run lists the rest. */
class StoppableProvider implements CalendarProvider {
  readonly kind = 'ics' as const;
  readonly cursors: Array<string | null> = [];
  async listCalendars() {
    return [];
  }
  async *fetchChanges(request: FetchChangesRequest): AsyncIterable<SyncPage> {
    this.cursors.push(request.cursor);
    if (request.cursor === 'after-p1') {
      yield delta([buildEvent({ providerEventId: 'p2' })], 'after-p2');
      return;
    }
    yield delta([buildEvent({ providerEventId: 'p1' })], 'after-p1');
    const signal = request.signal;
    await new Promise<void>((_, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    });
  }
}

describeEachDialect('a run stopped from outside', (context) => {
  let tenant: Tenant;
  beforeEach(async () => {
    tenant = await seedTenant(context().store, 'stopped');
  });

  it('records no failure, lets the calendar go, and the next run resumes from its last page', async () => {
    const provider = new StoppableProvider();
    const engine = new SyncEngine({
      store: new StoreSyncAdapter(context().store, { clock: () => NOW }),
      providers: new Map([['ics', provider]]),
      clock: () => NOW,
      window: { pastDays: 90, futureDays: 365 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
      joinPagesUpTo: 1,
    });
    const stop = new AbortController();
    const run = engine.syncCalendar(tenant.scope, tenant.calendar.id, {
      signal: stop.signal,
      onPage: () => stop.abort(new Error('the queue stopped')),
    });
    await expect(run).rejects.toMatchObject({ kind: 'aborted' });
    const status = await context().store.syncStatus.get(tenant.scope, tenant.calendar.id);
    expect(status).toMatchObject({ consecutiveFailures: 0, lastError: null, cursor: 'after-p1' });
    // The first sync's committed page is there, and shown: the status said idle, no events and
    // no next run, while the job was about to resume it.
    expect(status).toMatchObject({
      state: 'pending',
      eventsCount: 1,
      nextRunAt: NOW.toISOString(),
    });

    // Not busy: the claim was let go; the run goes on from the page committed before the stop.
    expect(await engine.syncCalendar(tenant.scope, tenant.calendar.id)).toMatchObject({ added: 1 });
    expect(provider.cursors).toEqual([null, 'after-p1']);
    const stored = await context().store.events.list(tenant.scope, {
      calendarId: tenant.calendar.id,
    });
    expect(stored.items.map((e) => e.event.providerEventId).sort()).toEqual(['p1', 'p2']);
  });
});
