import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../../../test/support/databases.js';
import { down, up } from './0029-sync-issue-count.js';

const ISSUE = {
  message: 'line 4: VEVENT has no DTSTART; event skipped',
  line: 4,
  providerEventId: 'a',
};

describeEachDialect("migration 0029: the count of a sync's issues", (context) => {
  it('keeps a count past the 200 listed, and a row from before counts what it lists', async () => {
    const { store, database } = context();
    const { scope, calendar } = await seedTenant(store, 'migration-0029');
    await store.syncStatus.markSucceeded(scope, calendar.id, {
      added: 0,
      updated: 0,
      deleted: 0,
      issues: Array.from({ length: 200 }, () => ISSUE),
      issueCount: 250,
      nextRunAt: null,
    });
    expect(await store.syncStatus.get(scope, calendar.id)).toMatchObject({ lastIssueCount: 250 });

    const db = database.db as unknown as Kysely<unknown>;
    await down(db);
    await up(db);
    const before = await store.syncStatus.get(scope, calendar.id);
    expect(before?.lastIssues).toHaveLength(200);
    expect(before?.lastIssueCount).toBe(200);
  });
});
