/**
 * Writing a sync page (events.repository.ts): what it counts as added, updated, unchanged and
 * deleted, what it stores, and that a page and its cursor commit together. Reading pages of events
 * is tested in events-read.repository.test.ts, the end of a snapshot in
 * events-unlisted.repository.test.ts.
 */
import { expect, it } from 'vitest';
import { buildEvent, describeEachDialect, seedTenant } from '../../test/support/databases.js';
import { emptyChangeCounts, type ChangeCounts } from '../domain/changes/event-change.js';
import type { CalendarEvent } from '../domain/event.js';

const changes = (counts: Partial<ChangeCounts> = {}) => ({ ...emptyChangeCounts(), ...counts });

const upserts = (events: CalendarEvent[]) =>
  events.map((event) => ({ event, raw: { id: event.providerEventId } }));

describeEachDialect('events repository', (context) => {
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
      updated: 0,
      rewritten: 1,
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

  it('a changed raw payload alone rewrites the row, counted unchanged, so it can be reprocessed', async () => {
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
    // Not an update of the event (the change log has nothing), but a rewritten row.
    expect(outcome).toMatchObject({ updated: 0, unchanged: 1, rewritten: 1 });
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
