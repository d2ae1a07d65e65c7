import { expect, it } from 'vitest';
import { buildEvent, describeEachDialect, seedTenant } from '../../test/support/databases.js';

describeEachDialect('calendars and sync status', (context) => {
  it('upserting a calendar refreshes it, keeps the user choice and creates an idle status', async () => {
    const { store } = context();
    const { scope, connection, calendar } = await seedTenant(store);
    expect(await store.calendars.setSelected(scope, calendar.id, false)).toBe(true);
    const again = await store.calendars.upsert(scope, connection.id, {
      providerCalendarId: 'primary',
      name: 'Work (renamed)',
      timeZone: 'America/New_York',
      isPrimary: true,
    });
    expect(again).toMatchObject({
      id: calendar.id,
      name: 'Work (renamed)',
      selected: false,
      provider: 'ics',
    });
    expect(await store.calendars.list(scope, { connectionId: connection.id })).toHaveLength(1);
    expect(await store.syncStatus.get(scope, calendar.id)).toMatchObject({
      state: 'idle',
      cursor: null,
      generation: 0,
    });
  });

  it('records a run: started, succeeded with counts, failed with its kind', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: [{ event: buildEvent(), raw: {} }], deletions: [] },
      0,
    );
    expect(
      await store.syncStatus.markStarted(scope, calendar.id, new Date('2026-03-01T10:00:00Z')),
    ).toBe(true);
    expect((await store.syncStatus.get(scope, calendar.id))?.state).toBe('syncing');
    await store.syncStatus.markSucceeded(
      scope,
      calendar.id,
      {
        added: 1,
        updated: 0,
        deleted: 0,
        cursor: 'tok-1',
        nextRunAt: new Date('2026-03-01T10:15:00Z'),
        issues: [{ message: 'bad VEVENT', line: 12, providerEventId: null }],
      },
      new Date('2026-03-01T10:00:05Z'),
    );
    expect(await store.syncStatus.get(scope, calendar.id)).toMatchObject({
      state: 'ok',
      cursor: 'tok-1',
      eventsCount: 1,
      lastAdded: 1,
      lastSuccessAt: '2026-03-01T10:00:05.000Z',
      nextRunAt: '2026-03-01T10:15:00.000Z',
      lastIssues: [{ message: 'bad VEVENT', line: 12, providerEventId: null }],
      lastError: null,
    });
    await store.syncStatus.markFailed(
      scope,
      calendar.id,
      { kind: 'rate_limit', message: '429', nextRunAt: null },
      new Date('2026-03-01T11:00:00Z'),
    );
    await store.syncStatus.markFailed(
      scope,
      calendar.id,
      { kind: 'auth', message: 'revoked', nextRunAt: null },
      new Date('2026-03-01T11:05:00Z'),
    );
    expect(await store.syncStatus.get(scope, calendar.id)).toMatchObject({
      state: 'error',
      cursor: 'tok-1',
      consecutiveFailures: 2,
      lastError: { kind: 'auth', message: 'revoked', at: '2026-03-01T11:05:00.000Z' },
    });
    expect(await store.syncStatus.list(scope)).toHaveLength(1);
  });

  it('lists due syncs across tenants: selected calendars on active connections, not running', async () => {
    const { store } = context();
    const now = new Date('2030-01-01T00:00:00Z');
    const a = await seedTenant(store, 'due-a');
    const b = await seedTenant(store, 'due-b');
    const c = await seedTenant(store, 'due-c');
    const d = await seedTenant(store, 'due-d');
    const e = await seedTenant(store, 'due-e');
    // A run that set no next run (an imported file, a revoked credential) waits for the user.
    await store.syncStatus.markStarted(e.scope, e.calendar.id, new Date('2029-12-31T23:00:00Z'));
    await store.syncStatus.markSucceeded(e.scope, e.calendar.id, {
      added: 0,
      updated: 0,
      deleted: 0,
      nextRunAt: null,
    });
    await store.syncStatus.markSucceeded(b.scope, b.calendar.id, {
      added: 0,
      updated: 0,
      deleted: 0,
      nextRunAt: new Date('2030-01-01T00:05:00Z'),
    });
    await store.calendars.setSelected(c.scope, c.calendar.id, false);
    await store.syncStatus.markStarted(d.scope, d.calendar.id, new Date('2029-12-31T23:59:00Z'));
    const due = (await store.syncStatus.listDue(now, { limit: 10_000 })).map((x) => x.calendarId);
    expect(due).toContain(a.calendar.id);
    expect(due).not.toContain(b.calendar.id);
    expect(due).not.toContain(c.calendar.id);
    expect(due).not.toContain(d.calendar.id);
    expect(due).not.toContain(e.calendar.id);
    const stuck = await store.syncStatus.listDue(now, { limit: 10_000, staleAfterMs: 30_000 });
    expect(stuck.find((x) => x.calendarId === d.calendar.id)).toEqual({
      scope: d.scope,
      calendarId: d.calendar.id,
      connectionId: d.connection.id,
      provider: 'ics',
    });
  });

  it('claims a calendar for one run at a time: racing claims, renewal, staleness, release', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store, 'claims');
    const at = new Date('2026-03-01T10:00:00Z');
    const claim = (runId: string, now: Date) =>
      store.syncStatus.claimRun(scope, calendar.id, { runId, startedAt: now, now });
    const raced = await Promise.all(['a', 'b', 'c', 'd'].map((id) => claim(id, at)));
    expect(raced.filter((generation) => generation !== undefined)).toHaveLength(1);
    const holder = ['a', 'b', 'c', 'd'][raced.findIndex((g) => g !== undefined)] ?? '';
    expect((await store.syncStatus.get(scope, calendar.id))?.state).toBe('syncing');
    // A page committed ten minutes on renews the claim: still held twenty minutes after its start.
    const later = new Date(at.getTime() + 10 * 60_000);
    expect(await store.syncStatus.continueRun(scope, calendar.id, holder, later)).toBe('ok');
    expect(await claim('e', new Date(at.getTime() + 20 * 60_000))).toBeUndefined();
    expect(await store.syncStatus.continueRun(scope, calendar.id, 'e', later)).toBe('taken_over');
    // Silent for longer than the stale bound: taken over; the old holder's pages are refused.
    expect(await claim('e', new Date(later.getTime() + 16 * 60_000))).toBeDefined();
    expect(await store.syncStatus.continueRun(scope, calendar.id, holder, later)).toBe(
      'taken_over',
    );
    // The old holder's end records nothing; the holder's releases the claim.
    const ended = { added: 0, updated: 0, deleted: 0, nextRunAt: null };
    expect(
      await store.syncStatus.markSucceeded(scope, calendar.id, { ...ended, runId: holder }),
    ).toBe(false);
    expect(await store.syncStatus.markSucceeded(scope, calendar.id, { ...ended, runId: 'e' })).toBe(
      true,
    );
    expect(await claim('f', later)).toBeDefined();
    // Turned off: the run is told at its next page.
    await store.calendars.setSelected(scope, calendar.id, false);
    expect(await store.syncStatus.continueRun(scope, calendar.id, 'f', later)).toBe('deselected');
    expect(await store.syncStatus.abandonRun(scope, calendar.id, 'f')).toBe(true);
    expect(await store.syncStatus.get(scope, calendar.id)).toMatchObject({
      state: 'idle',
      consecutiveFailures: 0,
    });
  });

  it('a claim, or an unclaimed end, is refused once anything was written since the version read', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store, 'versions');
    const at = new Date('2026-03-01T10:00:00Z');
    const version = async () => (await store.syncStatus.get(scope, calendar.id))?.version ?? -1;
    const claim = (runId: string, read: number) =>
      store.syncStatus.claimRun(scope, calendar.id, {
        runId,
        startedAt: at,
        now: at,
        version: read,
      });
    const ended = { added: 0, updated: 0, deleted: 0, nextRunAt: null };
    const unclaimedEnd = (read: number) =>
      store.syncStatus.markSucceeded(scope, calendar.id, {
        ...ended,
        unclaimed: { version: read, startedAt: at, now: at },
      });
    // The calendar emptied (revoked with no run holding it) and its cursor reset: both count.
    let read = await version();
    await store.syncStatus.revokeRun(scope, calendar.id);
    expect(await claim('a', read)).toBeUndefined();
    read = await version();
    await store.syncStatus.setCursor(scope, calendar.id, null);
    expect(await unclaimedEnd(read)).toBe(false);
    // A failure, recorded by a run that never claimed, too: an earlier 'no changes' end is refused.
    read = await version();
    expect(
      await store.syncStatus.markFailed(scope, calendar.id, {
        kind: 'auth',
        message: 'refused',
        nextRunAt: null,
        unclaimed: { version: read, startedAt: at, now: at },
      }),
    ).toBe(true);
    expect(await unclaimedEnd(read)).toBe(false);
    expect(await store.syncStatus.get(scope, calendar.id)).toMatchObject({
      state: 'error',
      consecutiveFailures: 1,
    });
    // A claimed run's page and its end move it on as well.
    read = await version();
    expect(await claim('b', read)).toBeDefined();
    const claimed = await version();
    expect(await store.syncStatus.continueRun(scope, calendar.id, 'b', at)).toBe('ok');
    expect(await store.syncStatus.markSucceeded(scope, calendar.id, { ...ended, runId: 'b' })).toBe(
      true,
    );
    expect(await claim('c', claimed)).toBeUndefined();
    expect(await claim('c', await version())).toBeDefined();
  });
});
