import { expect, it } from 'vitest';
import { readAll, summary, upserts } from '../../test/support/change-log.js';
import { buildEvent, describeEachDialect, seedTenant } from '../../test/support/databases.js';
import { queryPlan } from '../../test/support/query-plan.js';
import type { CalendarEvent } from '../domain/event.js';
import { CREATED_ROWS_SQL, recordCreatedRows } from './changes.repository.js';

/** A page's new rows, logged as `created` from the rows themselves (recordCreatedRows). */
describeEachDialect('change log: creations', (context) => {
  it('a page with new, changed and deleted events logs its creations first, each with its row', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const old = ['kept', 'gone'].map((id) => buildEvent({ providerEventId: id }));
    await store.events.applyPage(scope, calendar.id, { upserts: upserts(old), deletions: [] }, 1);
    const since = (await readAll(store, scope)).at(-1)!.cursor;
    const [kept] = old as [CalendarEvent];
    const instance = buildEvent({
      providerEventId: 'weekly_20260302',
      seriesId: 'weekly',
      originalStart: '2026-03-02T09:00:00.000Z',
    });
    const outcome = await store.events.applyPage(
      scope,
      calendar.id,
      {
        upserts: upserts([
          { ...kept, title: 'Renamed' },
          instance,
          buildEvent({ providerEventId: 'new' }),
        ]),
        deletions: ['gone'],
      },
      2,
      new Date('2026-03-03T08:00:00Z'),
    );
    expect(outcome.changes).toMatchObject({ created: 2, updated: 1, deleted: 1 });
    const page = await store.changes.list(scope, { since });
    expect(summary(page.items)).toEqual([
      ['weekly_20260302', 'created'],
      ['new', 'created'],
      ['kept', 'updated'],
      ['gone', 'deleted'],
    ]);
    const stored = await store.events.list(scope);
    const idOf = (providerId: string) =>
      stored.items.find((s) => s.event.providerEventId === providerId)?.id;
    expect(page.items.slice(0, 2)).toEqual([
      expect.objectContaining({
        eventId: idOf('weekly_20260302'),
        calendarId: calendar.id,
        seriesId: 'weekly',
        occurredAt: '2026-03-03T08:00:00.000Z',
        change: { kind: 'created' },
      }),
      expect.objectContaining({
        eventId: idOf('new'),
        seriesId: null,
        change: { kind: 'created' },
      }),
    ]);
  });

  it('logging new rows by rowid refuses a range that does not hold what was inserted', async () => {
    const { store, database, dialect } = context();
    if (dialect !== 'sqlite') return; // rows are selected by rowid on SQLite only
    const { scope, calendar } = await seedTenant(store);
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: upserts([buildEvent()]), deletions: [] },
      1,
    );
    const ctx = { ...scope, calendarId: calendar.id, now: new Date().toISOString() };
    const wrong = database.db.transaction().execute(async (trx) => {
      await recordCreatedRows(trx, ctx, { first: 1, last: 5 }, 5);
    });
    await expect(wrong).rejects.toThrow(/new rows found where 5 were inserted/);
    expect(await readAll(store, scope)).toHaveLength(1);
  });

  it('logging new rows by rowid reads the rowid range, not every event of the user', async () => {
    const { database, dialect } = context();
    if (dialect !== 'sqlite') return; // rows are selected by rowid on SQLite only
    const plan = await queryPlan(database.db, {
      sql: CREATED_ROWS_SQL,
      parameters: ['now', 1, 9, 'o', 'u', 'c'],
    });
    expect(plan).toEqual([
      expect.stringMatching(
        /^SEARCH calendar_events USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)$/,
      ),
    ]);
  });
});
