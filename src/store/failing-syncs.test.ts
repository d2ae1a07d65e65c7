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
});
