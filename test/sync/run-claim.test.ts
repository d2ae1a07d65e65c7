/**
 * One run at a time per calendar, and nothing written for a calendar turned off under its run.
 * Regressions of two defects:
 * 1. Two runs of one calendar at once (`calintel sync` beside a worker, a job that outlived its
 *    lease) both committed pages, and the end of the first snapshot removed what only the second
 *    had stamped with its generation: an event listed by both was deleted.
 * 2. Turning a calendar off removed its events while its running sync kept committing pages: the
 *    events came back, on a calendar that is no longer synced.
 */
import { beforeEach, expect, it } from 'vitest';
import { CalendarsService } from '../../src/app/services/calendars.service.js';
import { SyncService } from '../../src/app/services/sync.service.js';
import type { SyncService as SyncServicePort } from '../../src/app/services/sync.service.js';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { RetryLater, type JobQueue } from '../../src/jobs/job-queue.js';
import {
  ProviderError,
  type CalendarProvider,
  type FetchChangesRequest,
  type SyncPage,
} from '../../src/providers/provider.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import { buildEvent, describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const MINUTE_MS = 60_000;

/** A page of a snapshot: the last one carries the cursor. */
function snapshot(events: CalendarEvent[], cursor: string | null): SyncPage {
  return {
    mode: 'snapshot',
    upserts: events.map((event) => ({ event, raw: { id: event.providerEventId } })),
    deletions: [],
    issues: [],
    nextCursor: cursor,
    hasMore: cursor === null,
  };
}

interface Gate {
  wait: Promise<void>;
  open: () => void;
}

function gate(): Gate {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

/** Each run plays the next script: pages, gates to wait at between them, errors to throw. */
class GatedProvider implements CalendarProvider {
  readonly kind = 'ics' as const;
  constructor(private readonly runs: Array<Array<SyncPage | Gate | Error>>) {}
  async listCalendars() {
    return [];
  }
  async *fetchChanges(_request: FetchChangesRequest): AsyncIterable<SyncPage> {
    for (const step of this.runs.shift() ?? []) {
      if (step instanceof Error) throw step;
      if ('wait' in step) await step.wait;
      else yield step;
    }
  }
}

describeEachDialect('one run per calendar', (context) => {
  let tenant: Tenant;
  /** The store's clock, which claims are taken, renewed and judged stale by. */
  let storeNow: Date;
  const p1 = buildEvent({ providerEventId: 'p1' });
  const p2 = buildEvent({ providerEventId: 'p2' });
  const p3 = buildEvent({ providerEventId: 'p3' });

  const engineWith = (provider: CalendarProvider) =>
    new SyncEngine({
      store: new StoreSyncAdapter(context().store, { clock: () => storeNow }),
      providers: new Map([['ics', provider]]),
      clock: () => NOW,
      window: { pastDays: 90, futureDays: 365 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
      joinPagesUpTo: 1,
    });
  /** Starts a run and waits until it has committed its first page (the run, still going, in a box). */
  const startRun = async (engine: SyncEngine) => {
    let committed!: () => void;
    const firstPage = new Promise<void>((resolve) => (committed = resolve));
    const run = engine.syncCalendar(tenant.scope, tenant.calendar.id, {
      onPage: () => committed(),
    });
    // Settled either way here; the test awaits `run` itself.
    run.catch(() => {});
    await Promise.race([firstPage, run]);
    return { run };
  };
  const storedIds = async () =>
    (await context().store.events.list(tenant.scope, { calendarId: tenant.calendar.id })).items
      .map((e) => e.event.providerEventId)
      .sort();
  const status = () => context().store.syncStatus.get(tenant.scope, tenant.calendar.id);

  beforeEach(async () => {
    tenant = await seedTenant(context().store, 'claim');
    storeNow = new Date();
  });

  it('a second run while one is part-way is skipped as busy, and nothing is lost', async () => {
    const between = gate();
    const engine = engineWith(
      new GatedProvider([
        [snapshot([p1], null), between, snapshot([p2], 'tok')],
        [snapshot([p1], null), snapshot([p2], 'tok-2')],
      ]),
    );
    const { run: first } = await startRun(engine);
    await expect(engine.syncCalendar(tenant.scope, tenant.calendar.id)).rejects.toMatchObject({
      kind: 'busy',
    });
    // The skipped run recorded nothing: no failure, the first run still syncing.
    expect(await status()).toMatchObject({ state: 'syncing', consecutiveFailures: 0 });
    between.open();
    expect(await first).toMatchObject({ added: 2, deleted: 0 });
    expect(await storedIds()).toEqual(['p1', 'p2']);
    expect(await status()).toMatchObject({ state: 'ok', cursor: 'tok', lastError: null });
    // Released: the next run goes ahead.
    expect(await engine.syncCalendar(tenant.scope, tenant.calendar.id)).toMatchObject({
      deleted: 0,
    });
    expect(await storedIds()).toEqual(['p1', 'p2']);
  });

  it('takes over the claim of a run silent for too long; that run then writes nothing', async () => {
    const between = gate();
    const engine = engineWith(
      new GatedProvider([
        [snapshot([p1], null), between, snapshot([p3], 'tok-dead')],
        [snapshot([p2], 'tok-new')],
        [snapshot([p2], 'tok-new')],
      ]),
    );
    const { run: silent } = await startRun(engine);
    // Five minutes on, the run still counts as alive.
    storeNow = new Date(storeNow.getTime() + 5 * MINUTE_MS);
    await expect(engine.syncCalendar(tenant.scope, tenant.calendar.id)).rejects.toMatchObject({
      kind: 'busy',
    });
    // Twenty minutes without a page: its process is taken for dead, its claim taken over.
    storeNow = new Date(storeNow.getTime() + 20 * MINUTE_MS);
    expect(await engine.syncCalendar(tenant.scope, tenant.calendar.id)).toMatchObject({
      added: 1,
      deleted: 1,
    });
    expect(await storedIds()).toEqual(['p2']);
    // The old run wakes up: its next page is refused, whole, and it records nothing.
    between.open();
    await expect(silent).rejects.toMatchObject({ kind: 'taken_over' });
    expect(await storedIds()).toEqual(['p2']);
    expect(await status()).toMatchObject({
      state: 'ok',
      cursor: 'tok-new',
      consecutiveFailures: 0,
      lastError: null,
    });
  });

  it('a failed run releases the calendar at once', async () => {
    const engine = engineWith(
      new GatedProvider([
        [snapshot([p1], null), new ProviderError('ics', 'transient', 'connection reset')],
        [snapshot([p1], 'tok')],
      ]),
    );
    await expect(engine.syncCalendar(tenant.scope, tenant.calendar.id)).rejects.toMatchObject({
      kind: 'transient',
    });
    expect(await engine.syncCalendar(tenant.scope, tenant.calendar.id)).toMatchObject({
      added: 0,
      unchanged: 1,
    });
    expect(await status()).toMatchObject({ state: 'ok', cursor: 'tok' });
  });

  it('a queued sync that finds its calendar busy is retried shortly; the CLI says skipped', async () => {
    const between = gate();
    const engine = engineWith(
      new GatedProvider([[snapshot([p1], null), between, snapshot([p2], 'tok')]]),
    );
    const queue = { enqueue: async () => null } as unknown as JobQueue;
    const sync = new SyncService(context().store, engine, () => engine, queue);
    const { run: running } = await startRun(engine);
    const payload = {
      orgId: tenant.scope.orgId,
      userId: tenant.scope.userId,
      calendarId: tenant.calendar.id,
    };
    const retry = (attempt: number) =>
      sync.runJob(payload, { attempt }).then(
        () => null,
        (error: unknown) => error,
      );
    const first = await retry(1);
    expect(first).toBeInstanceOf(RetryLater);
    expect((first as RetryLater).at.getTime()).toBe(NOW.getTime() + 5_000);
    expect(((await retry(3)) as RetryLater).at.getTime()).toBe(NOW.getTime() + 20_000);
    expect(((await retry(12)) as RetryLater).at.getTime()).toBe(NOW.getTime() + MINUTE_MS);
    const [result] = await sync.runNow({
      userId: tenant.scope.userId,
      provider: null,
      dryRun: false,
    });
    expect(result).toMatchObject({ skipped: 'busy', error: null, added: 0 });
    between.open();
    await running;
    expect(await storedIds()).toEqual(['p1', 'p2']);
  });

  it('the CLI without a provider’s settings skips its calendars and records nothing on them', async () => {
    const engine = new SyncEngine({
      store: new StoreSyncAdapter(context().store),
      providers: new Map(),
      clock: () => NOW,
      window: { pastDays: 90, futureDays: 365 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
    });
    const queue = { enqueue: async () => null } as unknown as JobQueue;
    const sync = new SyncService(context().store, engine, () => engine, queue);
    const before = await status();
    const [result] = await sync.runNow({
      userId: tenant.scope.userId,
      provider: null,
      dryRun: false,
    });
    expect(result).toMatchObject({ error: { kind: 'not_configured' }, added: 0 });
    expect(await status()).toEqual(before);
  });

  it('turning the calendar off during its sync: the run stops at its next page, writing nothing', async () => {
    const between = gate();
    const engine = engineWith(
      new GatedProvider([
        [snapshot([p1], null), between, snapshot([p2], 'tok')],
        [snapshot([p1, p2], 'tok-2')],
      ]),
    );
    const queued: string[] = [];
    const redetected: string[] = [];
    const calendars = new CalendarsService(
      context().store,
      {
        queueCalendar: async (_scope: unknown, id: string) => {
          queued.push(id);
          return null;
        },
      } as unknown as SyncServicePort,
      async (scope) => redetected.push(scope.orgId),
    );
    const { run: running } = await startRun(engine);
    expect(await storedIds()).toEqual(['p1']);
    await calendars.select(tenant.scope, tenant.calendar.id, false);
    expect(await storedIds()).toEqual([]);
    // Its events' meetings went: the organisation's meetings are detected again.
    expect(redetected).toEqual([tenant.scope.orgId]);
    between.open();
    // Not a failure: the run ends, told why, with what it had written (and which went since).
    expect(await running).toMatchObject({ stopped: 'deselected', added: 1 });
    expect(await storedIds()).toEqual([]);
    expect(await status()).toMatchObject({
      state: 'idle',
      cursor: null,
      consecutiveFailures: 0,
      lastError: null,
    });
    // On again: a fresh run lists it all.
    await calendars.select(tenant.scope, tenant.calendar.id, true);
    expect(queued).toEqual([tenant.calendar.id]);
    expect(await engine.syncCalendar(tenant.scope, tenant.calendar.id)).toMatchObject({
      added: 2,
    });
    expect(await storedIds()).toEqual(['p1', 'p2']);
  });

  it('turned off and on again during a sync: that run writes nothing more', async () => {
    const between = gate();
    const engine = engineWith(
      new GatedProvider([
        [snapshot([p1], null), between, snapshot([p2], 'tok-old')],
        [snapshot([p1, p2, p3], 'tok-new')],
      ]),
    );
    const calendars = new CalendarsService(
      context().store,
      { queueCalendar: async () => null } as unknown as SyncServicePort,
      async () => undefined,
    );
    const { run: running } = await startRun(engine);
    await calendars.select(tenant.scope, tenant.calendar.id, false);
    await calendars.select(tenant.scope, tenant.calendar.id, true);
    between.open();
    await expect(running).rejects.toMatchObject({ kind: 'taken_over' });
    // Its cursor would have sent the next run on from where it was, onto an emptied calendar.
    expect(await storedIds()).toEqual([]);
    expect((await status())?.cursor).toBeNull();
    expect(await engine.syncCalendar(tenant.scope, tenant.calendar.id)).toMatchObject({
      added: 3,
    });
    expect(await storedIds()).toEqual(['p1', 'p2', 'p3']);
  });
});
