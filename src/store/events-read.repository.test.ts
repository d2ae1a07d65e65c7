/**
 * Reading a user's events (events-read.repository.ts): keyset pages along the (user, start, id)
 * index, filters, `q`, and cursors it did not make refused.
 */
import { expect, it } from 'vitest';
import { queryPlan } from '../../test/support/query-plan.js';
import { buildEvent, describeEachDialect, seedTenant } from '../../test/support/databases.js';
import type { CalendarEvent } from '../domain/event.js';
import { encodeCursor } from './event-rows.js';
import { eventsPageQuery } from './events-read.repository.js';
import { InvalidCursorError } from './store.js';

const upserts = (events: CalendarEvent[]) =>
  events.map((event) => ({ event, raw: { id: event.providerEventId } }));

describeEachDialect('events read repository', (context) => {
  it("pages through a user's events along the (user, start, id) index", async () => {
    const { database, dialect } = context();
    if (dialect !== 'sqlite') return; // PostgreSQL plans by its statistics
    const scope = { orgId: 'o', userId: 'u' };
    const queries = [
      {},
      { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
      { cursor: encodeCursor({ startAt: '2026-03-01T00:00:00.000Z', id: 'x' }) },
    ];
    for (const query of queries) {
      const compiled = eventsPageQuery(database.db, scope, query, 101).compile();
      const plan = await queryPlan(database.db, compiled);
      const steps = plan.join('; ');
      expect(steps, JSON.stringify(query)).toMatch(
        /USING INDEX calendar_events_user_start_index \(user_id=\?/,
      );
      expect(steps).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('keyset pagination over equal start times returns every event exactly once', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const starts = [
      '2026-05-01T09:00:00.000Z',
      '2026-05-01T10:00:00.000Z',
      '2026-05-02T09:00:00.000Z',
    ];
    const events = Array.from({ length: 57 }, (_, i) => buildEvent({ start: starts[i % 3] }));
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: upserts(events), deletions: [] },
      1,
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof store.events.list>> = await store.events.list(scope, {
        limit: 5,
        cursor,
      });
      seen.push(...page.items.map((e) => e.event.providerEventId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(12);
    expect(new Set(seen).size).toBe(57);
    expect(seen.sort()).toEqual(events.map((e) => e.providerEventId).sort());
  });

  it('lists in (start, id) order and filters by window, status and provider', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const early = buildEvent({ start: '2026-06-01T08:00:00.000Z' });
    const late = buildEvent({ start: '2026-06-03T08:00:00.000Z' });
    const cancelled = buildEvent({ start: '2026-06-02T08:00:00.000Z', status: 'cancelled' });
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: upserts([late, cancelled, early]), deletions: [] },
      1,
    );
    const all = await store.events.list(scope);
    expect(all.items.map((e) => e.event.providerEventId)).toEqual(
      [early, cancelled, late].map((e) => e.providerEventId),
    );
    const window = await store.events.list(scope, {
      from: '2026-06-01T08:30:00Z',
      to: new Date('2026-06-03T08:00:00Z'),
    });
    expect(window.items.map((e) => e.event.providerEventId)).toEqual(
      [early, cancelled].map((e) => e.providerEventId),
    );
    const confirmed = await store.events.list(scope, { status: ['confirmed', 'tentative'] });
    expect(confirmed.items).toHaveLength(2);
    expect((await store.events.list(scope, { provider: 'google' })).items).toEqual([]);
    expect((await store.events.list(scope, { provider: 'ics' })).items).toHaveLength(3);
  });

  it('q matches a case-insensitive substring of title, description or location, wildcards literally', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const events = [
      buildEvent({ title: 'Quarterly Business Review' }),
      buildEvent({ title: 'Lunch', description: 'Talk about the RENEWAL' }),
      buildEvent({ title: 'Offsite', location: 'Room 100% fun' }),
      buildEvent({ title: 'Standup' }),
      buildEvent({ title: 'Déjeuner avec ÉMILE' }),
    ];
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: upserts(events), deletions: [] },
      1,
    );
    const titles = async (q: string) =>
      (await store.events.list(scope, { q })).items.map((e) => e.event.title);
    expect(await titles('business review')).toEqual(['Quarterly Business Review']);
    expect(await titles('renewal')).toEqual(['Lunch']);
    expect(await titles('100%')).toEqual(['Offsite']);
    expect(await titles('0_%')).toEqual([]);
    expect(await titles('%')).toEqual(['Offsite']);
    expect(await titles('émile')).toEqual(['Déjeuner avec ÉMILE']);
  });

  it('rejects a cursor it did not make', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store);
    await expect(store.events.list(scope, { cursor: 'bm90LWEtY3Vyc29y' })).rejects.toThrow(
      InvalidCursorError,
    );
  });
});
