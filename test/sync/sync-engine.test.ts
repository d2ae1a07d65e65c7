import { beforeEach, expect, it } from 'vitest';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import { ProviderError, type CalendarProvider } from '../../src/providers/provider.js';
import { SyncEngine, SyncError } from '../../src/sync/sync-engine.js';
import { buildEvent, describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';
import { page, ScriptedProvider } from '../support/scripted-provider.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');

describeEachDialect('sync engine', (context) => {
  let tenant: Tenant;
  const engineWith = (
    provider: CalendarProvider,
    options: { clock?: () => Date; retentionDays?: number } = {},
  ) =>
    new SyncEngine({
      store: new StoreSyncAdapter(context().store),
      providers: new Map([['ics', provider]]),
      clock: options.clock ?? (() => NOW),
      window: { pastDays: 90, futureDays: 365 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
      ...(options.retentionDays === undefined ? {} : { retentionDays: options.retentionDays }),
    });

  beforeEach(async () => {
    tenant = await seedTenant(context().store, 'engine');
  });

  it('counts added, updated and unchanged events across runs and schedules the next run', async () => {
    const a = buildEvent({ providerEventId: 'a' });
    const b = buildEvent({ providerEventId: 'b' });
    const provider = new ScriptedProvider([
      [page([a, b])],
      [page([a, { ...b, title: 'Renamed' }])],
    ]);
    const engine = engineWith(provider);
    expect(await engine.syncCalendar(tenant.scope, tenant.calendar.id)).toMatchObject({
      added: 2,
      updated: 0,
    });
    expect(await engine.syncCalendar(tenant.scope, tenant.calendar.id)).toMatchObject({
      added: 0,
      updated: 1,
      unchanged: 1,
    });
    const status = await context().store.syncStatus.get(tenant.scope, tenant.calendar.id);
    expect(status).toMatchObject({
      state: 'ok',
      eventsCount: 2,
      nextRunAt: '2026-03-01T12:15:00.000Z',
    });
  });

  it('a finished snapshot removes the events it no longer lists', async () => {
    const keep = buildEvent({ providerEventId: 'keep' });
    const gone = buildEvent({ providerEventId: 'gone' });
    const provider = new ScriptedProvider([
      [page([keep, gone], { mode: 'snapshot' })],
      [page([keep], { mode: 'snapshot' })],
    ]);
    const engine = engineWith(provider);
    await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    const second = await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    expect(second.deleted).toBe(1);
    const left = await context().store.events.list(tenant.scope, {
      calendarId: tenant.calendar.id,
    });
    expect(left.items.map((e) => e.event.providerEventId)).toEqual(['keep']);
  });

  it('a windowed snapshot keeps what aged out of its window, and removes what it no longer lists inside it', async () => {
    // Ten days before the window's start (90 days back) once the clock has moved 30 days on.
    const aging = buildEvent({
      providerEventId: 'aging',
      start: '2025-12-15T10:00:00.000Z',
      end: '2025-12-15T11:00:00.000Z',
    });
    const gone = buildEvent({ providerEventId: 'gone' });
    const keep = buildEvent({ providerEventId: 'keep' });
    const provider = Object.assign(
      new ScriptedProvider([
        [page([aging, gone, keep], { mode: 'snapshot' })],
        // The window moved past `aging`, and `gone` was deleted: the provider lists `keep` alone.
        [page([keep], { mode: 'snapshot' })],
      ]),
      { snapshotsList: 'window' as const },
    );
    let now = NOW;
    const engine = engineWith(provider, { clock: () => now });
    await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    const since = (await context().store.changes.list(tenant.scope, {})).nextCursor;
    now = new Date(NOW.getTime() + 30 * 86_400_000);
    const second = await engine.syncCalendar(tenant.scope, tenant.calendar.id);

    expect(second.deleted).toBe(1);
    const left = await context().store.events.list(tenant.scope, {
      calendarId: tenant.calendar.id,
      from: '2025-01-01T00:00:00.000Z',
    });
    expect(left.items.map((e) => e.event.providerEventId).sort()).toEqual(['aging', 'keep']);
    const logged = await context().store.changes.list(tenant.scope, { since });
    expect(logged.items.map((c) => [c.providerEventId, c.change.kind])).toEqual([
      ['gone', 'deleted'],
    ]);
  });

  it('a run counts its changes by kind, the removals of its snapshot included', async () => {
    const moved = buildEvent({ providerEventId: 'moved' });
    const gone = buildEvent({ providerEventId: 'gone' });
    const same = buildEvent({ providerEventId: 'same' });
    const provider = new ScriptedProvider([
      [page([moved, gone, same], { mode: 'snapshot' })],
      [
        page(
          [
            { ...moved, start: '2026-03-09T10:00:00.000Z', end: '2026-03-09T11:00:00.000Z' },
            { ...same, etag: '"2"' },
          ],
          { mode: 'snapshot' },
        ),
      ],
    ]);
    const engine = engineWith(provider);
    expect((await engine.syncCalendar(tenant.scope, tenant.calendar.id)).changes).toMatchObject({
      created: 3,
      deleted: 0,
    });
    const second = await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    // `same` came back with a new etag only: rewritten, but not an update of the event.
    expect(second).toMatchObject({ updated: 1, unchanged: 1, deleted: 1 });
    expect(second.changes).toEqual({
      created: 0,
      updated: 0,
      rescheduled: 1,
      cancelled: 0,
      deleted: 1,
      attendee_added: 0,
      attendee_removed: 0,
      response_changed: 0,
    });
  });

  it('a snapshot that fails half-way removes nothing', async () => {
    const a = buildEvent({ providerEventId: 'a' });
    const b = buildEvent({ providerEventId: 'b' });
    const provider = new ScriptedProvider([
      [page([a, b], { mode: 'snapshot' })],
      [
        page([a], { mode: 'snapshot', hasMore: true }),
        new ProviderError('ics', 'transient', 'connection reset'),
      ],
    ]);
    const engine = engineWith(provider);
    await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    await expect(engine.syncCalendar(tenant.scope, tenant.calendar.id)).rejects.toBeInstanceOf(
      SyncError,
    );
    expect(
      await context().store.events.count(tenant.scope, { calendarId: tenant.calendar.id }),
    ).toBe(2);
  });

  it('commits each page with its cursor, so a failed run resumes where it stopped', async () => {
    const provider = new ScriptedProvider([
      [
        page([buildEvent({ providerEventId: 'p1' })], {
          nextCursor: 'after-page-1',
          hasMore: true,
        }),
        new ProviderError('ics', 'transient', 'dropped'),
      ],
      [page([buildEvent({ providerEventId: 'p2' })], { nextCursor: 'after-page-2' })],
    ]);
    const engine = engineWith(provider);
    await expect(engine.syncCalendar(tenant.scope, tenant.calendar.id)).rejects.toThrow('dropped');
    const failed = await context().store.syncStatus.get(tenant.scope, tenant.calendar.id);
    expect(failed).toMatchObject({
      state: 'error',
      cursor: 'after-page-1',
      consecutiveFailures: 1,
      lastError: { kind: 'transient' },
    });
    await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    expect(provider.cursorsSeen).toEqual([null, 'after-page-1']);
    expect(
      await context().store.events.count(tenant.scope, { calendarId: tenant.calendar.id }),
    ).toBe(2);
  });

  it('joins small pages into commits of up to joinPagesUpTo events, each with its last cursor', async () => {
    const ids = ['j1', 'j2', 'j3', 'j4', 'j5'];
    const pages = ids.map((id, i) =>
      page([buildEvent({ providerEventId: id })], {
        mode: 'snapshot',
        nextCursor: `after-${id}`,
        hasMore: i < ids.length - 1,
      }),
    );
    const stale = buildEvent({ providerEventId: 'stale' });
    const provider = new ScriptedProvider([[page([stale], { mode: 'snapshot' })], pages]);
    const commits: Array<{ events: number; cursor: string | null }> = [];
    const adapter = new StoreSyncAdapter(context().store);
    const commitPage = adapter.commitPage.bind(adapter);
    adapter.commitPage = (target, joined, generation) => {
      commits.push({ events: joined.upserts.length, cursor: joined.nextCursor });
      return commitPage(target, joined, generation);
    };
    const engine = new SyncEngine({
      store: adapter,
      providers: new Map([['ics', provider]]),
      clock: () => NOW,
      window: { pastDays: 90, futureDays: 365 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
      joinPagesUpTo: 3,
    });
    await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    commits.length = 0;
    const outcome = await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    expect(commits).toEqual([
      { events: 3, cursor: 'after-j3' },
      { events: 2, cursor: 'after-j5' },
    ]);
    expect(outcome).toMatchObject({ added: 5, deleted: 1 });
    const left = await context().store.events.list(tenant.scope, {
      calendarId: tenant.calendar.id,
    });
    expect(left.items.map((e) => e.event.providerEventId).sort()).toEqual(ids);
    expect((await context().store.syncStatus.get(tenant.scope, tenant.calendar.id))?.cursor).toBe(
      'after-j5',
    );
  });

  it('applies deletions from a delta page', async () => {
    const a = buildEvent({ providerEventId: 'a' });
    const provider = new ScriptedProvider([[page([a])], [page([], { deletions: ['a'] })]]);
    const engine = engineWith(provider);
    await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    expect((await engine.syncCalendar(tenant.scope, tenant.calendar.id)).deleted).toBe(1);
    expect(
      await context().store.events.count(tenant.scope, { calendarId: tenant.calendar.id }),
    ).toBe(0);
  });

  it('a revoked credential marks the connection for re-authorisation and stops polling', async () => {
    const provider = new ScriptedProvider([
      [new ProviderError('ics', 'auth', 'the feed answered HTTP 401')],
    ]);
    await expect(
      engineWith(provider).syncCalendar(tenant.scope, tenant.calendar.id),
    ).rejects.toMatchObject({ kind: 'auth' });
    const connection = await context().store.connections.get(tenant.scope, tenant.connection.id);
    expect(connection).toMatchObject({
      status: 'reauth_required',
      lastError: 'the feed answered HTTP 401',
    });
    expect(
      (await context().store.syncStatus.get(tenant.scope, tenant.calendar.id))?.nextRunAt,
    ).toBeNull();
  });

  it('a feed that is gone is its whole connection: marked, polled once a day, and back when it answers', async () => {
    let now = NOW;
    const provider = new ScriptedProvider([
      [new ProviderError('ics', 'gone', 'the feed answered HTTP 404')],
      [page([buildEvent({ providerEventId: 'back' })])],
    ]);
    const engine = engineWith(provider, { clock: () => now });
    await expect(engine.syncCalendar(tenant.scope, tenant.calendar.id)).rejects.toMatchObject({
      kind: 'gone',
    });
    const store = context().store;
    expect(await store.connections.get(tenant.scope, tenant.connection.id)).toMatchObject({
      status: 'error',
      lastError: 'the feed answered HTTP 404',
    });
    const nextRunAt = (await store.syncStatus.get(tenant.scope, tenant.calendar.id))?.nextRunAt;
    expect(nextRunAt).toBe(new Date(NOW.getTime() + 24 * 3_600_000).toISOString());
    const due = async (at: Date) =>
      (await store.syncStatus.listDue(at, { limit: 10_000 })).map((d) => d.calendarId);
    expect(await due(new Date(NOW.getTime() + 3_600_000))).not.toContain(tenant.calendar.id);
    now = new Date(NOW.getTime() + 25 * 3_600_000);
    expect(await due(now)).toContain(tenant.calendar.id);
    await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    expect(await store.connections.get(tenant.scope, tenant.connection.id)).toMatchObject({
      status: 'active',
    });
  });

  it('a calendar gone from an account leaves the account and its other calendars syncing', async () => {
    const store = context().store;
    const account = await store.connections.create(tenant.scope, {
      provider: 'caldav',
      label: 'Fastmail',
      secrets: { password: 'app-password' },
      settings: {},
    });
    const calendar = async (id: string) => {
      const made = await store.calendars.upsert(tenant.scope, account.id, {
        providerCalendarId: id,
        name: id,
        timeZone: 'Europe/Paris',
        isPrimary: id === 'home',
      });
      if (!made) throw new Error('no calendar');
      return made;
    };
    const home = await calendar('home');
    const team = await calendar('team');
    const provider = new ScriptedProvider([
      [new ProviderError('caldav', 'gone', 'the server answered 404 for /dav/team/')],
      [page([buildEvent({ providerEventId: 'h1' })])],
    ]);
    const engine = new SyncEngine({
      store: new StoreSyncAdapter(store),
      providers: new Map([['caldav', provider]]),
      clock: () => NOW,
      window: { pastDays: 90, futureDays: 365 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
    });
    await expect(engine.syncCalendar(tenant.scope, team.id)).rejects.toMatchObject({
      kind: 'gone',
    });
    expect(await store.connections.get(tenant.scope, account.id)).toMatchObject({
      status: 'active',
      lastError: null,
    });
    expect(await store.syncStatus.get(tenant.scope, team.id)).toMatchObject({
      state: 'error',
      lastError: { kind: 'gone', message: 'the server answered 404 for /dav/team/' },
      nextRunAt: '2026-03-02T12:00:00.000Z',
    });
    expect((await engine.syncCalendar(tenant.scope, home.id)).added).toBe(1);
    const due = (await store.syncStatus.listDue(new Date('2026-03-01T12:20:00.000Z'))).map(
      (d) => d.calendarId,
    );
    expect(due).toContain(home.id);
    expect(due).not.toContain(team.id);
  });

  it('an event the provider sends malformed keeps its stored copy through a snapshot', async () => {
    const kept = buildEvent({ providerEventId: 'kept' });
    const broken = buildEvent({ providerEventId: 'broken' });
    const issue = { message: 'event broken: no start time', line: null, providerEventId: 'broken' };
    const provider = new ScriptedProvider([
      [page([kept, broken], { mode: 'snapshot' })],
      // Listed again, but unreadable this time: an issue, not a deletion.
      [page([kept], { mode: 'snapshot', issues: [issue] })],
      // No longer listed at all: now it is gone.
      [page([kept], { mode: 'snapshot' })],
    ]);
    const engine = engineWith(provider);
    const storedIds = async () =>
      (
        await context().store.events.list(tenant.scope, { calendarId: tenant.calendar.id })
      ).items.map((e) => e.event.providerEventId);
    await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    const second = await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    expect(second).toMatchObject({ deleted: 0, issues: [issue] });
    expect((await storedIds()).sort()).toEqual(['broken', 'kept']);
    expect(
      (await context().store.syncStatus.get(tenant.scope, tenant.calendar.id))?.lastIssues,
    ).toEqual([issue]);
    expect((await engine.syncCalendar(tenant.scope, tenant.calendar.id)).deleted).toBe(1);
    expect(await storedIds()).toEqual(['kept']);
  });

  it('a rate limit waits at least as long as the provider asked', async () => {
    const provider = new ScriptedProvider([
      [new ProviderError('ics', 'rate_limit', 'slow down', 30 * 60_000)],
    ]);
    await expect(
      engineWith(provider).syncCalendar(tenant.scope, tenant.calendar.id),
    ).rejects.toBeInstanceOf(SyncError);
    const status = await context().store.syncStatus.get(tenant.scope, tenant.calendar.id);
    expect(status?.nextRunAt).toBe('2026-03-01T12:30:00.000Z');
  });

  it("refuses another tenant's calendar", async () => {
    const other = await seedTenant(context().store, 'other');
    const engine = engineWith(new ScriptedProvider([]));
    await expect(engine.syncCalendar(other.scope, tenant.calendar.id)).rejects.toMatchObject({
      kind: 'not_found',
    });
  });

  it('stores no event that ended before retention, and a stored one moved there goes', async () => {
    const ancient = buildEvent({
      providerEventId: 'ancient',
      start: '2024-01-10T09:00:00.000Z',
      end: '2024-01-10T10:00:00.000Z',
    });
    const recent = buildEvent({ providerEventId: 'recent' });
    const moved = { ...recent, start: '2024-02-01T09:00:00.000Z', end: '2024-02-01T10:00:00.000Z' };
    const provider = new ScriptedProvider([
      [page([ancient, recent], { mode: 'snapshot' })],
      [page([ancient, moved], { mode: 'snapshot' })],
    ]);
    const engine = new SyncEngine({
      store: new StoreSyncAdapter(context().store),
      providers: new Map([['ics', provider]]),
      clock: () => NOW,
      window: { pastDays: 90, futureDays: 365 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
      retentionDays: 365,
    });
    expect(await engine.syncCalendar(tenant.scope, tenant.calendar.id)).toMatchObject({
      added: 1,
    });
    const ids = async () =>
      (await context().store.events.list(tenant.scope, { limit: 10 })).items.map(
        (e) => e.event.providerEventId,
      );
    expect(await ids()).toEqual(['recent']);
    expect(await engine.syncCalendar(tenant.scope, tenant.calendar.id)).toMatchObject({
      deleted: 1,
    });
    expect(await ids()).toEqual([]);
    // The ancient event, never stored, is in no change-log entry.
    const log = await context().store.changes.list(tenant.scope, { since: null, limit: 10 });
    expect(log.items.map((i) => [i.change.kind, i.providerEventId])).toEqual([
      ['created', 'recent'],
      ['deleted', 'recent'],
    ]);
  });
});
