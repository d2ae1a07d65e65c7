import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../../test/support/databases.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');

describeEachDialect('marking a run syncing before its claim', (context) => {
  it('shows syncing without moving the version, so the run still claims or ends as it read', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const read = await store.syncStatus.get(scope, calendar.id);
    const version = read?.version ?? -1;
    const mark = { version, startedAt: NOW, now: NOW };
    expect(await store.syncStatus.markRunning(scope, calendar.id, mark)).toBe(true);
    expect(await store.syncStatus.get(scope, calendar.id)).toMatchObject({
      state: 'syncing',
      lastSyncAt: NOW.toISOString(),
      version,
    });
    const claim = { runId: 'run-1', startedAt: NOW, now: NOW, version };
    expect(await store.syncStatus.claimRun(scope, calendar.id, claim)).toBe(1);
  });

  it('is refused over another run: one holding the claim, or one that wrote since', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const version = (await store.syncStatus.get(scope, calendar.id))?.version ?? -1;
    await store.syncStatus.claimRun(scope, calendar.id, {
      runId: 'other',
      startedAt: NOW,
      now: NOW,
    });
    const mark = { startedAt: NOW, now: NOW };
    // Held by a live run.
    const held = await store.syncStatus.get(scope, calendar.id);
    expect(
      await store.syncStatus.markRunning(scope, calendar.id, {
        ...mark,
        version: held?.version ?? -1,
      }),
    ).toBe(false);
    // Ended since this run read its version.
    await store.syncStatus.markSucceeded(scope, calendar.id, {
      runId: 'other',
      added: 0,
      updated: 0,
      deleted: 0,
      nextRunAt: null,
    });
    expect(await store.syncStatus.markRunning(scope, calendar.id, { ...mark, version })).toBe(
      false,
    );
    expect((await store.syncStatus.get(scope, calendar.id))?.state).toBe('ok');
  });

  it('goes with the calendar emptied under it: the revoked run shows idle', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const version = (await store.syncStatus.get(scope, calendar.id))?.version ?? -1;
    await store.syncStatus.markRunning(scope, calendar.id, { version, startedAt: NOW, now: NOW });
    expect(await store.syncStatus.revokeRun(scope, calendar.id)).toBe(true);
    expect((await store.syncStatus.get(scope, calendar.id))?.state).toBe('idle');
  });
});
