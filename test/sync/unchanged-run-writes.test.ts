/**
 * A run whose provider answers "no changes" (a feed's 304: no page; an empty delta: one page
 * that only moves the cursor) writes the calendar's sync status row once, its end. It wrote it
 * three times (the claim, the generation, the end) for a 304 and five for an empty delta (and
 * the page's sign of life and cursor), each a page of the store's log on SQLite, an UPDATE with
 * a dead tuple on PostgreSQL. The writes are counted by a trigger on the table.
 */
import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import type { CalendarProvider, SyncPage } from '../../src/providers/provider.js';
import { ProviderError } from '../../src/providers/provider.js';
import { emptyPageCounts } from '../../src/sync/run-state.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import { buildEvent, describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';

const STARTED = new Date('2026-03-01T12:00:00.000Z');

function delta(upserts: SyncPage['upserts'], cursor: string): SyncPage {
  return { mode: 'delta', upserts, deletions: [], issues: [], nextCursor: cursor, hasMore: false };
}

/** Each run yields the next script's pages, or throws its error. */
class ScriptedProvider implements CalendarProvider {
  readonly kind = 'ics' as const;
  constructor(private readonly runs: Array<SyncPage[] | Error>) {}
  async listCalendars() {
    return [];
  }
  async *fetchChanges(): AsyncIterable<SyncPage> {
    const run = this.runs.shift() ?? [];
    if (run instanceof Error) throw run;
    yield* run;
  }
}

describeEachDialect('a sync run that finds no changes', (context) => {
  let tenant: Tenant;
  let engineNow: Date;

  const engineWith = (runs: Array<SyncPage[] | Error>) =>
    new SyncEngine({
      store: new StoreSyncAdapter(context().store),
      providers: new Map([['ics', new ScriptedProvider(runs)]]),
      clock: () => engineNow,
      window: { pastDays: 90, futureDays: 365 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
    });
  const status = () => context().store.syncStatus.get(tenant.scope, tenant.calendar.id);

  /** Rows of calendar_sync_status updated since the last call (each UPDATE of a row once). */
  const writes = async (): Promise<number> => {
    const { db } = context().database;
    const counted = await sql<{ n: number | string }>`select count(*) as n from sync_status_writes`
      .execute(db)
      .then((result) => Number(result.rows[0]?.n ?? 0));
    await sql`delete from sync_status_writes`.execute(db);
    return counted;
  };

  beforeEach(async () => {
    const { db } = context().database;
    await sql`drop table if exists sync_status_writes`.execute(db);
    await sql`create table sync_status_writes (calendar_id text)`.execute(db);
    if (context().dialect === 'sqlite') {
      await sql`drop trigger if exists count_sync_status_writes`.execute(db);
      await sql`create trigger count_sync_status_writes after update on calendar_sync_status
        begin insert into sync_status_writes values (new.calendar_id); end`.execute(db);
    } else {
      await sql`create or replace function count_sync_status_write() returns trigger as $$
        begin insert into sync_status_writes values (new.calendar_id); return new; end
        $$ language plpgsql`.execute(db);
      await sql`drop trigger if exists count_sync_status_writes on calendar_sync_status`.execute(
        db,
      );
      await sql`create trigger count_sync_status_writes after update on calendar_sync_status
        for each row execute function count_sync_status_write()`.execute(db);
    }
    tenant = await seedTenant(context().store, 'unchanged');
    engineNow = STARTED;
  });

  const event = { event: buildEvent({ providerEventId: 'p1' }), raw: { id: 'p1' } };

  it('a 304 (no page) writes the status once, and it says when the calendar was last synced', async () => {
    const engine = engineWith([[delta([event], 'tok-1')], []]);
    await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    const synced = await status();
    await writes();
    engineNow = new Date(STARTED.getTime() + 15 * 60_000);
    expect(await engine.syncCalendar(tenant.scope, tenant.calendar.id)).toMatchObject({
      added: 0,
      pages: 0,
    });
    expect(await writes()).toBe(1);
    expect(await status()).toMatchObject({
      state: 'ok',
      cursor: 'tok-1',
      lastSyncAt: engineNow.toISOString(),
      lastSuccessAt: engineNow.toISOString(),
      nextRunAt: new Date(engineNow.getTime() + 15 * 60_000).toISOString(),
      eventsCount: 1,
      lastChangeAt: synced?.lastChangeAt,
      generation: synced?.generation,
    });
  });

  it('an empty delta writes the status once, with the cursor that follows it', async () => {
    const engine = engineWith([[delta([event], 'tok-1')], [delta([], 'tok-2')]]);
    await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    await writes();
    await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    expect(await writes()).toBe(1);
    expect(await status()).toMatchObject({ state: 'ok', cursor: 'tok-2', lastAdded: 0 });
  });

  it('a run with changes still claims the calendar before its page: three commits', async () => {
    const engine = engineWith([[delta([event], 'tok-1')]]);
    await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    // The claim (with the generation), the page's sign of life and cursor in one commit, the end.
    expect(await writes()).toBe(4);
    expect(await status()).toMatchObject({ state: 'ok', cursor: 'tok-1', lastAdded: 1 });
  });

  it('a failed fetch writes the failure once', async () => {
    const engine = engineWith([new ProviderError('ics', 'transient', 'connection reset')]);
    await expect(engine.syncCalendar(tenant.scope, tenant.calendar.id)).rejects.toMatchObject({
      kind: 'transient',
    });
    expect(await writes()).toBe(1);
    expect(await status()).toMatchObject({
      state: 'error',
      consecutiveFailures: 1,
      lastSyncAt: STARTED.toISOString(),
    });
  });

  it('an unchanged end records nothing while another run holds the calendar, or after it moved on', async () => {
    const { store } = context();
    const engine = engineWith([[delta([event], 'tok-1')], [], []]);
    await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    const now = new Date();
    await store.syncStatus.claimRun(tenant.scope, tenant.calendar.id, {
      runId: 'other',
      startedAt: now,
      now,
    });
    const held = await status();
    await writes();
    // Skipped as busy, as a run refused its claim is: tried again shortly.
    await expect(engine.syncCalendar(tenant.scope, tenant.calendar.id)).rejects.toMatchObject({
      kind: 'busy',
    });
    expect(await writes()).toBe(0);
    expect(await status()).toEqual(held);
    // The other run ends with a new cursor: an unchanged run that read the old one records nothing.
    const adapter = new StoreSyncAdapter(store);
    const target = await adapter.loadTarget(tenant.scope, tenant.calendar.id);
    if (!target) throw new Error('the calendar is not found');
    await store.syncStatus.markSucceeded(tenant.scope, tenant.calendar.id, {
      runId: 'other',
      added: 0,
      updated: 0,
      deleted: 0,
      cursor: 'tok-other',
      nextRunAt: null,
    });
    const ended = await status();
    await writes();
    const recorded = await adapter.succeedRun(
      { ...target, runId: 'late' },
      { ...emptyPageCounts(), issues: [], pages: 0, sameContentPages: 0, eventsCount: 0 },
      engineNow,
      null,
      { startedAt: engineNow, claimed: false },
    );
    expect(recorded).toBe(false);
    expect(await writes()).toBe(0);
    expect(await status()).toEqual(ended);
  });
});
