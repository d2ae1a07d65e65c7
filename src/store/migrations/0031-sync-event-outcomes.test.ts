import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../../../test/support/databases.js';
import { down, up } from './0031-sync-event-outcomes.js';

describeEachDialect("migration 0031: the events a sync's issues left out and kept", (context) => {
  it('keeps both counts past the issues listed; a row from before is not counted (null), not 0', async () => {
    const { store, database } = context();
    const { scope, calendar } = await seedTenant(store, 'migration-0031');
    await store.syncStatus.markSucceeded(scope, calendar.id, {
      added: 0,
      updated: 0,
      deleted: 0,
      issues: [],
      issueCount: 250,
      eventsLeftOut: 240,
      eventsKept: 7,
      nextRunAt: null,
    });
    expect(await store.syncStatus.get(scope, calendar.id)).toMatchObject({
      lastEventsLeftOut: 240,
      lastEventsKept: 7,
    });

    const db = database.db as unknown as Kysely<unknown>;
    await down(db);
    await up(db);
    expect(await store.syncStatus.get(scope, calendar.id)).toMatchObject({
      lastIssueCount: 250,
      lastEventsLeftOut: null,
      lastEventsKept: null,
    });
  });

  it('a sync without issues counts 0 and 0', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store, 'migration-0031-clean');
    await store.syncStatus.markSucceeded(scope, calendar.id, {
      added: 1,
      updated: 0,
      deleted: 0,
      issues: [],
      issueCount: 0,
      eventsLeftOut: 0,
      eventsKept: 0,
      nextRunAt: null,
    });
    expect(await store.syncStatus.get(scope, calendar.id)).toMatchObject({
      lastEventsLeftOut: 0,
      lastEventsKept: 0,
    });
  });
});
