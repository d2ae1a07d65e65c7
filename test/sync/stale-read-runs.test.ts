/**
 * A sync run claims its calendar only before its first write, and a run the provider answers "no
 * changes" never claims: its end is its one write. What such a run read at its start (the
 * cursor, the status) may be out of date by then. Regressions of two defects, each lost data:
 * 1. The claim checked only that no live run held the calendar. A run that read its cursor, then
 *    fetched while the calendar was turned off and on (its events removed, its cursor reset),
 *    wrote its old delta and cursor onto the emptied calendar: the sync queued by turning it on
 *    read on from that cursor, and the calendar held only the delta's events for good. A run that
 *    read the cursor before another run ended wrote back an event that one had deleted, and moved
 *    the cursor back.
 * 2. A "no changes" end that started before a failure recorded over it: the failure count back to
 *    0, and a connection that needs its user re-authorising marked active again.
 */
import { beforeEach, expect, it } from 'vitest';
import { CalendarsService } from '../../src/app/services/calendars.service.js';
import type { SyncService } from '../../src/app/services/sync.service.js';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import {
  ProviderError,
  type CalendarProvider,
  type FetchChangesRequest,
  type SyncPage,
} from '../../src/providers/provider.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import { buildEvent, describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';

function page(
  mode: SyncPage['mode'],
  events: CalendarEvent[],
  deletions: string[],
  cursor: string,
): SyncPage {
  return {
    mode,
    upserts: events.map((event) => ({ event, raw: { id: event.providerEventId } })),
    deletions,
    issues: [],
    nextCursor: cursor,
    hasMore: false,
  };
}

/** Where a run waits, part-way through its fetch, until the test lets it go on. */
interface Stall {
  /** Settles when the run has reached the stall (it has read its cursor and started fetching). */
  reached: Promise<void>;
  open: () => void;
  arrive: () => Promise<void>;
}

function stall(): Stall {
  let open!: () => void;
  let arrived!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  return {
    reached,
    open,
    arrive: () => {
      arrived();
      return opened;
    },
  };
}

/** Each run plays the next script (pages, stalls, errors) and its request's cursor is kept. */
class StallingProvider implements CalendarProvider {
  readonly kind = 'ics' as const;
  readonly readFrom: Array<string | null> = [];
  constructor(private readonly runs: Array<Array<SyncPage | Stall | Error>>) {}
  async listCalendars() {
    return [];
  }
  async *fetchChanges(request: FetchChangesRequest): AsyncIterable<SyncPage> {
    this.readFrom.push(request.cursor);
    for (const step of this.runs.shift() ?? []) {
      if (step instanceof Error) throw step;
      if ('arrive' in step) await step.arrive();
      else yield step;
    }
  }
}

describeEachDialect('a run whose read went stale before its first write', (context) => {
  let tenant: Tenant;
  const [e1, e2, e3, e4] = ['e1', 'e2', 'e3', 'e4'].map((id) =>
    buildEvent({ providerEventId: id }),
  ) as [CalendarEvent, CalendarEvent, CalendarEvent, CalendarEvent];

  const engineWith = (provider: CalendarProvider) =>
    new SyncEngine({
      store: new StoreSyncAdapter(context().store),
      providers: new Map([['ics', provider]]),
      clock: () => new Date(),
      window: { pastDays: 90, futureDays: 365 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
    });
  const sync = (engine: SyncEngine) => engine.syncCalendar(tenant.scope, tenant.calendar.id);
  /** Starts a run and waits until it stalls in its fetch (the run, still going, in a box). */
  const stalledRun = async (engine: SyncEngine, at: Stall) => {
    const run = sync(engine);
    // Settled either way here; the test awaits `run` itself.
    run.catch(() => {});
    await at.reached;
    return { run };
  };
  const storedIds = async () =>
    (await context().store.events.list(tenant.scope, { calendarId: tenant.calendar.id })).items
      .map((e) => e.event.providerEventId)
      .sort();
  const status = () => context().store.syncStatus.get(tenant.scope, tenant.calendar.id);
  const connectionStatus = async () =>
    (await context().store.connections.get(tenant.scope, tenant.connection.id))?.status;

  beforeEach(async () => {
    tenant = await seedTenant(context().store, 'stale-read');
  });

  it('turned off and on while a run fetches: the run writes nothing, and the queued sync lists it all', async () => {
    const fetching = stall();
    const provider = new StallingProvider([
      [page('snapshot', [e1, e2, e3], [], 'tok-1')],
      [fetching, page('delta', [e4], [], 'tok-A')],
      [page('snapshot', [e1, e2, e3, e4], [], 'tok-2')],
    ]);
    const engine = engineWith(provider);
    await sync(engine);
    const queued: string[] = [];
    const calendars = new CalendarsService(
      context().store,
      {
        queueCalendar: async (_scope: unknown, id: string) => queued.push(id),
      } as unknown as SyncService,
      async () => undefined,
    );
    const { run } = await stalledRun(engine, fetching);
    await calendars.select(tenant.scope, tenant.calendar.id, false);
    await calendars.select(tenant.scope, tenant.calendar.id, true);
    fetching.open();
    // Busy: its job tries it again shortly, and that run reads afresh.
    await expect(run).rejects.toMatchObject({ kind: 'busy' });
    expect(await storedIds()).toEqual([]);
    expect((await status())?.cursor).toBeNull();
    // The sync queued by turning it on reads from no cursor: everything comes back.
    expect(queued).toEqual([tenant.calendar.id]);
    await sync(engine);
    expect(provider.readFrom).toEqual([null, 'tok-1', null]);
    expect(await storedIds()).toEqual(['e1', 'e2', 'e3', 'e4']);
  });

  it('a run that read the cursor before another run ended does not write its older copy', async () => {
    const fetching = stall();
    const older = { ...e1, title: 'older copy' };
    const engine = engineWith(
      new StallingProvider([
        [page('delta', [e1], [], 'tok-1')],
        [fetching, page('delta', [older], [], 'tok-A')],
        [page('delta', [], ['e1'], 'tok-B')],
      ]),
    );
    await sync(engine);
    const { run } = await stalledRun(engine, fetching);
    expect(await sync(engine)).toMatchObject({ deleted: 1 });
    fetching.open();
    await expect(run).rejects.toMatchObject({ kind: 'busy' });
    expect(await storedIds()).toEqual([]);
    expect(await status()).toMatchObject({ state: 'ok', cursor: 'tok-B', lastDeleted: 1 });
  });

  it('a "no changes" end that started before a failure does not record over it', async () => {
    const fetching = stall();
    const engine = engineWith(
      new StallingProvider([
        [page('delta', [e1], [], 'tok-1')],
        [fetching], // a 304: no page
        [new ProviderError('ics', 'auth', 'the feed answers 401 now')],
      ]),
    );
    await sync(engine);
    const { run } = await stalledRun(engine, fetching);
    await expect(sync(engine)).rejects.toMatchObject({ kind: 'auth' });
    const failed = await status();
    expect(failed).toMatchObject({ state: 'error', consecutiveFailures: 1 });
    expect(await connectionStatus()).toBe('reauth_required');
    fetching.open();
    await expect(run).rejects.toMatchObject({ kind: 'busy' });
    expect(await status()).toEqual(failed);
    expect(await connectionStatus()).toBe('reauth_required');
  });

  it('a second run while a "no changes" run is in flight goes ahead; the first end is then busy', async () => {
    const fetching = stall();
    const engine = engineWith(
      new StallingProvider([
        [page('delta', [e1], [], 'tok-1')],
        [fetching], // a 304: no page
        [page('delta', [e2], [], 'tok-2')],
        [], // the first run's retry: a 304
      ]),
    );
    await sync(engine);
    const { run } = await stalledRun(engine, fetching);
    expect(await sync(engine)).toMatchObject({ added: 1 });
    const second = await status();
    fetching.open();
    await expect(run).rejects.toMatchObject({ kind: 'busy' });
    expect(await status()).toEqual(second);
    // Its retry reads afresh, from the second run's cursor.
    expect(await sync(engine)).toMatchObject({ added: 0, pages: 0 });
    expect(await status()).toMatchObject({ state: 'ok', cursor: 'tok-2' });
    expect(await storedIds()).toEqual(['e1', 'e2']);
  });
});
