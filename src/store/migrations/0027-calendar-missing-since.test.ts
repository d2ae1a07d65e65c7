import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../../../test/support/databases.js';
import { down, up } from './0027-calendar-missing-since.js';

describeEachDialect('migration 0027: calendars missing from their provider', (context) => {
  it('leaves every calendar stored before it unmarked, and goes down and up again', async () => {
    const { store, database } = context();
    const { scope, calendar } = await seedTenant(store, 'migration-0027');
    await store.calendars.markMissing(scope, calendar.id, new Date('2026-03-01T10:00:00Z'));
    const db = database.db as unknown as Kysely<unknown>;
    await down(db);
    await up(db);
    expect(await store.calendars.get(scope, calendar.id)).toMatchObject({
      name: 'Work',
      missingSince: null,
    });
  });
});
