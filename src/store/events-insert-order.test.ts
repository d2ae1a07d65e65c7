import { expect, it } from 'vitest';
import { buildEvent, describeEachDialect, seedTenant } from '../../test/support/databases.js';

describeEachDialect('a page of new events', (context) => {
  it('is inserted in order of start, its row ids ascending in that order', async () => {
    const { store, database } = context();
    const { scope, calendar } = await seedTenant(store);
    // As providers list: in no order of start (an ICS file as written, Outlook's delta).
    const starts = ['2026-03-04', '2026-01-02', '2026-05-06', '2026-01-01', '2026-02-03'];
    const upserts = starts.map((day, i) => ({
      event: buildEvent({ providerEventId: `e${i}`, start: `${day}T09:00:00.000Z` }),
      raw: null,
    }));
    await store.events.applyPage(scope, calendar.id, { upserts, deletions: [] }, 1);
    const rows = await database.db
      .selectFrom('calendar_events')
      .select(['id', 'start_at'])
      .where('calendar_id', '=', calendar.id)
      .orderBy('id')
      .execute();
    expect(rows.map((row) => row.start_at.slice(0, 10))).toEqual([...starts].sort());
  });
});
