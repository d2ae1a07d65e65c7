/**
 * A calendar whose run met a refused credential waits for its connection: never retried while
 * the connection needs reauthorising, and due again as soon as the connection is active. Before,
 * it kept no next run for good: when two processes refreshed one rotating Google token, the
 * slower one's calendar failed with invalid_grant, the other calendar's success set the
 * connection back to active, and the first calendar was never synced again.
 */
import { beforeEach, expect, it } from 'vitest';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import { ProviderError } from '../../src/providers/provider.js';
import type { Calendar, Connection, Scope } from '../../src/store/store.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import { buildEvent, describeEachDialect, seedTenant } from '../support/databases.js';
import { page, ScriptedProvider } from '../support/scripted-provider.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const WEEK_LATER = new Date(NOW.getTime() + 7 * 86_400_000);
const refused = () =>
  new ProviderError('google', 'auth', 'invalid_grant: expired or revoked; reconnect the account');

describeEachDialect('a calendar failed for a refused credential', (context) => {
  let scope: Scope;
  let account: Connection;
  let home: Calendar;
  let team: Calendar;

  const engineWith = (provider: ScriptedProvider) =>
    new SyncEngine({
      store: new StoreSyncAdapter(context().store),
      providers: new Map([['google', provider]]),
      clock: () => NOW,
      window: { pastDays: 90, futureDays: 365 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
    });
  const due = async (at: Date) =>
    (await context().store.syncStatus.listDue(at, { limit: 10_000 })).map((d) => d.calendarId);
  const connectionStatus = async () =>
    (await context().store.connections.get(scope, account.id))?.status;

  beforeEach(async () => {
    const store = context().store;
    ({ scope } = await seedTenant(store, 'auth-retry'));
    account = await store.connections.create(scope, {
      provider: 'google',
      label: 'Google',
      secrets: { refreshToken: 'rotating' },
      settings: {},
    });
    const calendar = async (id: string) => {
      const made = await store.calendars.upsert(scope, account.id, {
        providerCalendarId: id,
        name: id,
        timeZone: 'UTC',
        isPrimary: id === 'home',
      });
      if (!made) throw new Error('no calendar');
      return made;
    };
    home = await calendar('home');
    team = await calendar('team');
  });

  it('is due again at once when another calendar of its connection syncs', async () => {
    // The slower of two processes refreshing one rotating token: its calendar fails first...
    const engine = engineWith(
      new ScriptedProvider([[refused()], [page([buildEvent({ providerEventId: 'h1' })])]]),
    );
    await expect(engine.syncCalendar(scope, team.id)).rejects.toMatchObject({ kind: 'auth' });
    expect(await connectionStatus()).toBe('reauth_required');
    expect(await context().store.syncStatus.get(scope, team.id)).toMatchObject({
      state: 'error',
      nextRunAt: null,
    });
    // While the connection needs the user, a revoked credential is never retried.
    expect(await due(WEEK_LATER)).not.toContain(team.id);

    // ...then the other process's calendar succeeds with the token it got.
    expect((await engine.syncCalendar(scope, home.id)).added).toBe(1);
    expect(await connectionStatus()).toBe('active');
    expect(await due(NOW)).toContain(team.id);
    expect(await due(NOW)).not.toContain(home.id);
  });

  it('keeps its steady schedule once it syncs again', async () => {
    const engine = engineWith(
      new ScriptedProvider([
        [refused()],
        [page([buildEvent({ providerEventId: 'h1' })])],
        [page([buildEvent({ providerEventId: 't1' })])],
      ]),
    );
    await expect(engine.syncCalendar(scope, team.id)).rejects.toMatchObject({ kind: 'auth' });
    await engine.syncCalendar(scope, home.id);
    expect((await engine.syncCalendar(scope, team.id)).added).toBe(1);
    expect(await due(NOW)).not.toContain(team.id);
    expect(await due(new Date(NOW.getTime() + 15 * 60_000))).toContain(team.id);
  });

  it('is due again once its connection is reconnected, not while it is disconnected', async () => {
    const store = context().store;
    const engine = engineWith(new ScriptedProvider([[refused()]]));
    await expect(engine.syncCalendar(scope, team.id)).rejects.toMatchObject({ kind: 'auth' });
    expect(await due(WEEK_LATER)).not.toContain(team.id);
    await store.connections.updateStatus(scope, account.id, 'active', null);
    expect(await due(NOW)).toContain(team.id);
    await store.connections.updateStatus(scope, account.id, 'disconnected', 'by the user');
    expect(await due(WEEK_LATER)).not.toContain(team.id);
  });

  it('is not due while turned off', async () => {
    const store = context().store;
    const engine = engineWith(new ScriptedProvider([[refused()]]));
    await expect(engine.syncCalendar(scope, team.id)).rejects.toMatchObject({ kind: 'auth' });
    await store.calendars.setSelected(scope, team.id, false);
    await store.connections.updateStatus(scope, account.id, 'active', null);
    expect(await due(WEEK_LATER)).not.toContain(team.id);
  });
});
