import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../../test/support/databases.js';

const at = (text: string) => new Date(`2026-03-01T${text}:00.000Z`);
const failure = { kind: 'transient', message: 'Google answered 503', nextRunAt: null };

describeEachDialect('failing syncs', (context) => {
  it('lists calendars failing without a success since the threshold, across tenants', async () => {
    const { store } = context();
    const longFailing = await seedTenant(store);
    const recentlyFailing = await seedTenant(store);
    const neverSucceeded = await seedTenant(store);
    const healthy = await seedTenant(store);
    const ok = { added: 0, updated: 0, deleted: 0, nextRunAt: null };
    await store.syncStatus.markSucceeded(
      longFailing.scope,
      longFailing.calendar.id,
      ok,
      at('08:00'),
    );
    await store.syncStatus.markFailed(
      longFailing.scope,
      longFailing.calendar.id,
      failure,
      at('08:30'),
    );
    await store.syncStatus.markFailed(
      longFailing.scope,
      longFailing.calendar.id,
      failure,
      at('10:00'),
    );
    await store.syncStatus.markSucceeded(
      recentlyFailing.scope,
      recentlyFailing.calendar.id,
      ok,
      at('09:30'),
    );
    await store.syncStatus.markFailed(
      recentlyFailing.scope,
      recentlyFailing.calendar.id,
      failure,
      at('10:00'),
    );
    await store.syncStatus.markFailed(
      neverSucceeded.scope,
      neverSucceeded.calendar.id,
      failure,
      at('08:10'),
    );
    await store.syncStatus.markSucceeded(healthy.scope, healthy.calendar.id, ok, at('07:00'));

    const failing = await store.syncStatus.listFailing(at('09:00'));
    const ids = failing.map((f) => f.calendarId);
    expect(ids).toContain(longFailing.calendar.id);
    expect(ids).toContain(neverSucceeded.calendar.id);
    expect(ids).not.toContain(recentlyFailing.calendar.id);
    expect(ids).not.toContain(healthy.calendar.id);
    const long = failing.find((f) => f.calendarId === longFailing.calendar.id);
    expect(long).toMatchObject({
      scope: longFailing.scope,
      provider: 'ics',
      consecutiveFailures: 2,
      lastError: { kind: 'transient', message: 'Google answered 503' },
    });
  });

  it('flags a calendar that never synced by its first failure, though retries keep the last recent', async () => {
    const { store } = context();
    const t = await seedTenant(store);
    // Backoff 1, 2, 4, 8, 16, 32, 60 min: failures keep coming, the last one is recent.
    for (const time of ['08:00', '08:01', '08:03', '08:07', '08:15', '08:31', '09:03', '09:50'])
      await store.syncStatus.markFailed(t.scope, t.calendar.id, failure, at(time));
    const failing = await store.syncStatus.listFailing(at('09:00'));
    expect(failing.map((f) => f.calendarId)).toContain(t.calendar.id);
    expect((await store.syncStatus.get(t.scope, t.calendar.id))?.failingSince).toBe(
      at('08:00').toISOString(),
    );
    // A success ends the run of failures; the next failure starts a new one.
    const ok = { added: 0, updated: 0, deleted: 0, nextRunAt: null };
    await store.syncStatus.markSucceeded(t.scope, t.calendar.id, ok, at('10:00'));
    await store.syncStatus.markFailed(t.scope, t.calendar.id, failure, at('10:30'));
    expect((await store.syncStatus.get(t.scope, t.calendar.id))?.failingSince).toBe(
      at('10:30').toISOString(),
    );
  });
});
