import { expect, it } from 'vitest';
import { queryPlan } from '../../test/support/query-plan.js';
import { buildEvent, describeEachDialect, seedTenant } from '../../test/support/databases.js';
import { emptyChangeCounts, type ChangeCounts } from '../domain/changes/event-change.js';
import type { CalendarEvent } from '../domain/event.js';
import { encodeCursor } from './event-rows.js';
import { eventsPageQuery } from './events-read.repository.js';
import { sqliteUnlistedIds } from './events-unlisted.repository.js';
import { InvalidCursorError } from './store.js';

const changes = (counts: Partial<ChangeCounts> = {}) => ({ ...emptyChangeCounts(), ...counts });

const upserts = (events: CalendarEvent[]) =>
  events.map((event) => ({ event, raw: { id: event.providerEventId } }));

describeEachDialect('events repository', (context) => {
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

  it('counts added, updated, unchanged and deleted events, and a replayed page changes nothing', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const [a, b, c] = [buildEvent(), buildEvent(), buildEvent()];
    const first = await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: upserts([a, b, c]), deletions: [] },
      1,
    );
    expect(first).toEqual({
      added: 3,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      changes: changes({ created: 3 }),
    });

    const page = {
      upserts: upserts([a, { ...b, title: 'Renamed' }, buildEvent({ providerEventId: 'd' })]),
      deletions: [c.providerEventId, 'never-seen'],
    };
    expect(await store.events.applyPage(scope, calendar.id, page, 1)).toEqual({
      added: 1,
      updated: 1,
      unchanged: 1,
      deleted: 1,
      changes: changes({ created: 1, updated: 1, deleted: 1 }),
    });
    expect(await store.events.applyPage(scope, calendar.id, page, 1)).toEqual({
      added: 0,
      updated: 0,
      unchanged: 3,
      deleted: 0,
      changes: changes(),
    });
    expect(await store.events.count(scope, { calendarId: calendar.id })).toBe(3);
  });

  it('stores the normalised event faithfully', async () => {
    const { store } = context();
    const { scope, calendar, connection } = await seedTenant(store);
    const event = buildEvent({
      allDay: true,
      start: '2026-03-04T00:00:00.000Z',
      end: '2026-03-05T00:00:00.000Z',
      startDate: '2026-03-04',
      endDate: '2026-03-05',
      organizer: null,
      seriesId: 'series-1',
      originalStart: '2026-03-04',
      transparency: 'transparent',
      status: 'tentative',
      sequence: 3,
      etag: '"e1"',
      updatedAt: '2026-03-01T10:00:00.000Z',
      description: 'Agenda',
      conferenceUrl: 'https://meet.google.com/abc-defg-hij',
    });
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: upserts([event]), deletions: [] },
      1,
    );
    const { items } = await store.events.list(scope, { calendarId: calendar.id });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      calendarId: calendar.id,
      connectionId: connection.id,
      provider: 'ics',
    });
    expect(items[0]!.event).toEqual(event);
    expect(await store.events.get(scope, items[0]!.id)).toEqual(items[0]);
  });

  it('does not rewrite an unchanged event (updatedAt stays)', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const event = buildEvent();
    const page = { upserts: upserts([event]), deletions: [] };
    await store.events.applyPage(scope, calendar.id, page, 1, new Date('2026-01-01T00:00:00Z'));
    await store.events.applyPage(scope, calendar.id, page, 2, new Date('2026-02-01T00:00:00Z'));
    const [stored] = (await store.events.list(scope)).items.filter(
      (e) => e.calendarId === calendar.id,
    );
    expect(stored?.updatedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('leaves an event stored with the first content digest alone while it is unchanged', async () => {
    const { store, database } = context();
    const { scope, calendar } = await seedTenant(store);
    const event = buildEvent({ providerEventId: 'e-1', iCalUid: 'e-1@example.com' });
    const page = { upserts: [{ event, raw: { v: 1 } }], deletions: [] };
    await store.events.applyPage(scope, calendar.id, page, 1);
    // What a row written before the current digest carries (pinned in event-content.test.ts).
    const firstDigest = 'ce4a0b52cb95d6c34e73ec95f850dd20672bfc874e0ae71bdefb843362dbbb1e';
    await database.db
      .updateTable('calendar_events')
      .set({ content_hash: firstDigest })
      .where('calendar_id', '=', calendar.id)
      .execute();

    const again = await store.events.applyPage(scope, calendar.id, page, 2);
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 1, changes: changes() });
    const moved = {
      upserts: [{ event: { ...event, title: 'Moved' }, raw: { v: 1 } }],
      deletions: [],
    };
    expect(await store.events.applyPage(scope, calendar.id, moved, 3)).toMatchObject({
      updated: 1,
      changes: changes({ updated: 1 }),
    });
  });

  it('an event with an etag: a row with the raw digest stays while unchanged, then only etag and fields count', async () => {
    const { store, database } = context();
    const { scope, calendar } = await seedTenant(store);
    const event = buildEvent({ providerEventId: 'e-1', iCalUid: 'e-1@example.com', etag: '"7"' });
    const page = { upserts: [{ event, raw: { v: 1 } }], deletions: [] };
    await store.events.applyPage(scope, calendar.id, page, 1);
    // What the row carried before the etag digest (pinned in event-content.test.ts).
    await database.db
      .updateTable('calendar_events')
      .set({ content_hash: 'c2:Mtx5wM7X23ET2-gn8PsunSqXsWQlQBfMZEV-fueLyKQ' })
      .where('calendar_id', '=', calendar.id)
      .execute();
    const again = await store.events.applyPage(scope, calendar.id, page, 2);
    expect(again).toMatchObject({ unchanged: 1, updated: 0, changes: changes() });
    // The provider renews the etag with any change; a payload that differs without it is the same version.
    const reordered = { upserts: [{ event, raw: { v: 1, colorId: null } }], deletions: [] };
    expect(await store.events.applyPage(scope, calendar.id, reordered, 3)).toMatchObject({
      updated: 1,
    });
    expect(
      await store.events.applyPage(
        scope,
        calendar.id,
        { upserts: [{ event, raw: { colorId: null, v: 1 } }], deletions: [] },
        4,
      ),
    ).toMatchObject({
      unchanged: 1,
    });
  });

  it('a changed raw payload alone counts as an update, so it can be reprocessed', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const event = buildEvent();
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: [{ event, raw: { v: 1 } }], deletions: [] },
      1,
    );
    const outcome = await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: [{ event, raw: { v: 2 } }], deletions: [] },
      1,
    );
    expect(outcome.updated).toBe(1);
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

  it('applies a page and its cursor in one transaction: a failure leaves neither', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    await expect(
      store.transaction(async (tx) => {
        await tx.events.applyPage(
          scope,
          calendar.id,
          { upserts: upserts([buildEvent()]), deletions: [] },
          1,
        );
        await tx.syncStatus.setCursor(scope, calendar.id, 'cursor-2');
        throw new Error('crash after the page');
      }),
    ).rejects.toThrow('crash after the page');
    expect(await store.events.count(scope)).toBe(0);
    expect((await store.syncStatus.get(scope, calendar.id))?.cursor).toBeNull();

    await store.transaction(async (tx) => {
      await tx.events.applyPage(
        scope,
        calendar.id,
        { upserts: upserts([buildEvent()]), deletions: [] },
        1,
      );
      await tx.syncStatus.setCursor(scope, calendar.id, 'cursor-2');
    });
    expect(await store.events.count(scope)).toBe(1);
    expect((await store.syncStatus.get(scope, calendar.id))?.cursor).toBe('cursor-2');
  });

  it('stores text holding U+0000 (which PostgreSQL refuses) with U+FFFD, and the rest of the page with it', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const nul = buildEvent({
      title: 'Demo\u0000 call',
      description: 'a\u0000b',
      organizer: { email: 'o@acme.test', name: 'O\u0000' },
      attendees: [
        {
          email: 'x@acme.test',
          name: 'X\u0000Y',
          responseStatus: 'accepted',
          optional: false,
          resource: false,
        },
      ],
    });
    const clean = buildEvent();
    const page = { upserts: upserts([nul, clean]), deletions: [] };
    expect((await store.events.applyPage(scope, calendar.id, page, 1)).added).toBe(2);
    const { items } = await store.events.list(scope, { limit: 10 });
    const stored = items.find((i) => i.event.providerEventId === nul.providerEventId)?.event;
    expect(stored?.title).toBe('Demo\uFFFD call');
    expect(stored?.description).toBe('a\uFFFDb');
    expect(stored?.organizer?.name).toBe('O\uFFFD');
    expect(stored?.attendees[0]?.name).toBe('X\uFFFDY');
    expect(items.some((i) => i.event.providerEventId === clean.providerEventId)).toBe(true);
    // The same page again is unchanged: what was stored compares equal to what comes.
    expect((await store.events.applyPage(scope, calendar.id, page, 1)).unchanged).toBe(2);
  });
});
