/**
 * The end of a snapshot (events-unlisted.repository.ts): the events it did not list found in
 * rowid order and removed, and the series an issue keeps left alone.
 */
import { expect, it } from 'vitest';
import { queryPlan } from '../../test/support/query-plan.js';
import { buildEvent, describeEachDialect, seedTenant } from '../../test/support/databases.js';
import type { CalendarEvent } from '../domain/event.js';
import { sqliteUnlistedIds } from './events-unlisted.repository.js';

const upserts = (events: CalendarEvent[]) =>
  events.map((event) => ({ event, raw: { id: event.providerEventId } }));

describeEachDialect('events unlisted repository', (context) => {
  it('finds the events a snapshot did not list in rowid order, not in order of start', async () => {
    const { database, dialect } = context();
    if (dialect !== 'sqlite') return; // PostgreSQL plans by its statistics
    const scope = { orgId: 'o', userId: 'u' };
    const span = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };
    for (const within of [undefined, span]) {
      const query = sqliteUnlistedIds(scope, 'c', 3, within).compile(database.db);
      const plan = await queryPlan(database.db, query);
      expect(plan).toEqual([
        'SEARCH calendar_events USING INTEGER PRIMARY KEY (rowid=?)',
        'LIST SUBQUERY 1',
        expect.stringMatching(
          /^SEARCH calendar_events USING COVERING INDEX \S+ \(calendar_id=\?\)$/,
        ),
      ]);
    }
  });

  it('deleteNotInGeneration removes what a snapshot did not mention, even unchanged-event pages keep theirs', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const [keep, gone, changed] = [buildEvent(), buildEvent(), buildEvent()];
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: upserts([keep, gone, changed]), deletions: [] },
      1,
    );
    const generation = await store.syncStatus.nextGeneration(scope, calendar.id);
    expect(generation).toBe(1);
    const next = generation! + 1;
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: upserts([keep, { ...changed, title: 'New' }]), deletions: [] },
      next,
    );
    expect(await store.events.deleteNotInGeneration(scope, calendar.id, next)).toBe(1);
    const titles = (await store.events.list(scope)).items
      .map((e) => e.event.providerEventId)
      .sort();
    expect(titles).toEqual([keep.providerEventId, changed.providerEventId].sort());
  });

  it('keptSeries keeps a series or object by its id and every id below it (`id::...`), nothing else', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    // Ids around the prefix in byte order and in a linguistic collation (which may ignore `:`).
    const ids = [
      's',
      's::1',
      's::2026-03-02T09:00:00Z',
      's::u::x',
      's:1',
      's;1',
      'sx',
      'S::1',
      's1',
      'other',
    ];
    const events = ids.map((providerEventId) => buildEvent({ providerEventId }));
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: upserts(events), deletions: [] },
      1,
    );
    const next = (await store.syncStatus.nextGeneration(scope, calendar.id))! + 1;
    const outcome = await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: upserts([events[9]!]), deletions: ['s::1'], keptSeries: ['s'] },
      next,
    );
    expect(outcome).toMatchObject({ added: 0, updated: 0, unchanged: 1, deleted: 1 });
    expect(await store.events.deleteNotInGeneration(scope, calendar.id, next)).toBe(5);
    const left = (await store.events.list(scope, { calendarId: calendar.id })).items
      .map((e) => e.event.providerEventId)
      .sort();
    expect(left).toEqual(['other', 's', 's::2026-03-02T09:00:00Z', 's::u::x']);
  });
});
