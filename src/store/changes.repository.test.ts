import { expect, it } from 'vitest';
import {
  buildEvent,
  describeEachDialect,
  seedTenant,
  seedUser,
  TEST_SECRET_KEY,
} from '../../test/support/databases.js';
import type { CalendarEvent } from '../domain/event.js';
import { ChangeCursors, legacyCursor } from './change-cursors.js';
import { SecretBox } from './secret-box.js';
import { readAll, summary, upserts } from '../../test/support/change-log.js';
import { InvalidCursorError } from './store.js';

// The stores of these tests are opened with TEST_SECRET_KEY: the same cursors as theirs.
const cursors = new ChangeCursors(new SecretBox(TEST_SECRET_KEY).deriveKey('change-cursor'));

describeEachDialect('change log', (context) => {
  it('a page logs what changed about each event, and nothing for unchanged ones', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const [same, moved, left, gone] = ['same', 'moved', 'left', 'gone'].map((id) =>
      buildEvent({ providerEventId: id }),
    ) as [CalendarEvent, CalendarEvent, CalendarEvent, CalendarEvent];
    const first = await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: upserts([same, moved, left, gone]), deletions: [] },
      1,
      new Date('2026-03-01T10:00:00Z'),
    );
    expect(first.changes.created).toBe(4);
    const created = await readAll(store, scope);
    expect(summary(created)).toEqual([
      ['same', 'created'],
      ['moved', 'created'],
      ['left', 'created'],
      ['gone', 'created'],
    ]);
    const stored = await store.events.list(scope);
    const idOf = (providerId: string) =>
      stored.items.find((s) => s.event.providerEventId === providerId)?.id;
    expect(created.map((c) => c.eventId)).toEqual(['same', 'moved', 'left', 'gone'].map(idOf));

    const since = created.at(-1)!.cursor;
    const second = await store.events.applyPage(
      scope,
      calendar.id,
      {
        upserts: upserts([
          same,
          { ...moved, start: '2026-03-05T09:00:00.000Z', end: '2026-03-05T10:00:00.000Z' },
          { ...left, attendees: [] },
        ]),
        deletions: ['gone'],
      },
      1,
      new Date('2026-03-02T10:00:00Z'),
    );
    expect(second.changes).toMatchObject({ rescheduled: 1, attendee_removed: 1, deleted: 1 });
    const page = await store.changes.list(scope, { since });
    expect(page.items.map((c) => ({ ...c, cursor: undefined }))).toEqual([
      {
        cursor: undefined,
        eventId: idOf('moved'),
        providerEventId: 'moved',
        calendarId: calendar.id,
        seriesId: null,
        occurredAt: '2026-03-02T10:00:00.000Z',
        change: {
          kind: 'rescheduled',
          previous: {
            start: moved.start,
            end: moved.end,
            allDay: false,
            startDate: null,
            endDate: null,
          },
          current: {
            start: '2026-03-05T09:00:00.000Z',
            end: '2026-03-05T10:00:00.000Z',
            allDay: false,
            startDate: null,
            endDate: null,
          },
        },
      },
      {
        cursor: undefined,
        eventId: idOf('left'),
        providerEventId: 'left',
        calendarId: calendar.id,
        seriesId: null,
        occurredAt: '2026-03-02T10:00:00.000Z',
        change: { kind: 'attendee_removed', email: 'buyer@customer.test' },
      },
      {
        cursor: undefined,
        // A deleted event keeps the id it had, so a client can match what it stored.
        eventId: idOf('gone'),
        providerEventId: 'gone',
        calendarId: calendar.id,
        seriesId: null,
        occurredAt: '2026-03-02T10:00:00.000Z',
        change: { kind: 'deleted', title: gone.title, start: gone.start, end: gone.end },
      },
    ]);
  });

  it('a change of etag, sequence or raw payload only rewrites the row, logs nothing and counts unchanged', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const event = buildEvent();
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: upserts([event]), deletions: [] },
      1,
    );
    const before = await store.changes.list(scope);
    const outcome = await store.events.applyPage(
      scope,
      calendar.id,
      {
        upserts: [{ event: { ...event, etag: '"2"', sequence: 7 }, raw: { other: true } }],
        deletions: [],
      },
      1,
    );
    // Counted updated before, beside an empty change log (the QA's reconnect: updated 6000).
    expect(outcome).toMatchObject({
      updated: 0,
      unchanged: 1,
      rewritten: 1,
      changes: { updated: 0 },
    });
    expect(Object.values(outcome.changes).every((n) => n === 0)).toBe(true);
    const after = await store.changes.list(scope, { since: before.nextCursor });
    expect(after.items).toEqual([]);
    expect(after.nextCursor).toBe(before.nextCursor);
    expect((await store.events.list(scope)).items[0]?.event.etag).toBe('"2"');
  });

  it('the snapshot clean-up logs each removed event as deleted', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const [keep, gone] = [buildEvent(), buildEvent()];
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: upserts([keep, gone]), deletions: [] },
      1,
    );
    const since = (await store.changes.list(scope)).nextCursor;
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: upserts([keep]), deletions: [] },
      2,
    );
    expect(
      await store.events.deleteNotInGeneration(scope, calendar.id, 2, {
        now: new Date('2026-03-03T00:00:00Z'),
      }),
    ).toBe(1);
    const page = await store.changes.list(scope, { since });
    expect(page.items).toMatchObject([
      {
        providerEventId: gone.providerEventId,
        occurredAt: '2026-03-03T00:00:00.000Z',
        change: { kind: 'deleted', title: gone.title },
      },
    ]);
  });

  it('a tenant reads only its own changes: not another organisation, not a colleague', async () => {
    const { store } = context();
    const alice = await seedTenant(store, 'alice');
    const colleague = await seedUser(store, alice.scope.orgId, `colleague-${Date.now()}@acme.test`);
    const bob = await seedTenant(store, 'bob');
    for (const tenant of [alice, colleague, bob]) {
      await store.events.applyPage(
        tenant.scope,
        tenant.calendar.id,
        {
          upserts: upserts([buildEvent({ providerEventId: `of-${tenant.scope.userId}` })]),
          deletions: [],
        },
        1,
      );
    }
    for (const tenant of [alice, colleague, bob]) {
      const mine = await readAll(store, tenant.scope);
      expect(mine.map((c) => c.providerEventId)).toEqual([`of-${tenant.scope.userId}`]);
    }
    // Another tenant's calendar id as a filter finds nothing either.
    const stolen = await store.changes.list(alice.scope, { calendarId: bob.calendar.id });
    expect(stolen.items).toEqual([]);
    const own = await store.changes.list(alice.scope, { calendarId: alice.calendar.id });
    expect(own.items).toHaveLength(1);
  });

  it('paging by cursor returns each change once, in order, and then the same cursor', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const events = Array.from({ length: 23 }, (_, i) => buildEvent({ providerEventId: `p${i}` }));
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: upserts(events.slice(0, 10)), deletions: [] },
      1,
    );
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: upserts(events.slice(10)), deletions: ['p0'] },
      1,
    );
    const paged = await readAll(store, scope, 4);
    expect(summary(paged)).toEqual([
      ...events.map((e) => [e.providerEventId, 'created']),
      ['p0', 'deleted'],
    ]);
    expect(new Set(paged.map((c) => c.cursor)).size).toBe(paged.length);
    const end = await store.changes.list(scope, { since: paged.at(-1)!.cursor });
    expect(end).toEqual({ items: [], nextCursor: paged.at(-1)!.cursor });
    // Resuming from any item's cursor gives exactly what followed it.
    const fromMiddle = await store.changes.list(scope, { since: paged[9]!.cursor, limit: 1000 });
    expect(fromMiddle.items).toEqual(paged.slice(10));
  });

  it('refuses a cursor it did not give out, or gave to another user', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const other = await seedTenant(store, 'other');
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: upserts([buildEvent()]), deletions: [] },
      1,
    );
    const mine = (await store.changes.list(scope)).nextCursor;
    const altered = `${mine.slice(0, -2)}${mine.endsWith('AA') ? 'AB' : 'AA'}`;
    for (const bad of ['nope', altered, `${mine}!`, 'Y2hnOi0x', 'Y2hnOjAx']) {
      await expect(store.changes.list(scope, { since: bad })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    }
    await expect(store.changes.list(other.scope, { since: mine })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    // An empty log still hands out a cursor to poll with.
    const empty = await store.changes.list(other.scope);
    expect(empty.items).toEqual([]);
    expect(cursors.decode(other.scope.userId, empty.nextCursor)).toBe(0);
  });

  it('cursors show nothing of other tenants’ changes, and the first form is still read', async () => {
    const { store } = context();
    const a = await seedTenant(store, 'a');
    const b = await seedTenant(store, 'b');
    const change = async (tenant: typeof a, id: string) =>
      store.events.applyPage(
        tenant.scope,
        tenant.calendar.id,
        { upserts: upserts([buildEvent({ providerEventId: id })]), deletions: [] },
        1,
      );
    await change(a, 'a1');
    await change(b, 'b1');
    await change(b, 'b2');
    await change(a, 'a2');
    const [first, second] = (await store.changes.list(a.scope)).items;
    // The shared sequence moved by 3 between a's two changes; a's cursors do not say so.
    const sequence = (cursor: string) => cursors.decode(a.scope.userId, cursor);
    expect(sequence(second!.cursor) - sequence(first!.cursor)).toBe(3);
    for (const cursor of [first!.cursor, second!.cursor]) {
      expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toContain('chg:');
      expect(cursor).toMatch(/^[A-Za-z0-9_-]{22}$/);
    }
    // A client holding a cursor of the first form reads on from where it was.
    const held = legacyCursor(sequence(first!.cursor));
    const after = await store.changes.list(a.scope, { since: held });
    expect(after.items.map((c) => c.providerEventId)).toEqual(['a2']);
    expect(after.nextCursor).toBe(second!.cursor);
  });

  it('retention deletes old changes, and later changes still sort after every cursor given out', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: upserts([buildEvent(), buildEvent()]), deletions: [] },
      1,
      new Date('2020-01-01T00:00:00Z'),
    );
    const last = (await store.changes.list(scope)).nextCursor;
    expect(await store.changes.deleteOlderThan(new Date('2020-01-02T00:00:00Z'))).toBe(2);
    expect((await store.changes.list(scope)).items).toEqual([]);
    // Emptying the whole log must not let the sequence start again below a cursor given out.
    await store.changes.deleteOlderThan(new Date('2100-01-01T00:00:00Z'));
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: upserts([buildEvent({ providerEventId: 'later' })]), deletions: [] },
      1,
      new Date('2020-01-03T00:00:00Z'),
    );
    const after = await store.changes.list(scope, { since: last });
    expect(summary(after.items)).toEqual([['later', 'created']]);
    const sequence = (cursor: string) => cursors.decode(scope.userId, cursor);
    expect(sequence(after.nextCursor)).toBeGreaterThan(sequence(last));
  });

  it('a page committing late cannot hide behind a cursor: one user’s changes appear in commit order', async () => {
    // SQLite has one connection and one writer: a second sync (or a reader) waits for the first
    // to commit, so ids are in commit order by construction, and this reader would wait forever.
    if (context().dialect !== 'postgres') return;
    const { store } = context();
    const { scope, calendar, connection } = await seedTenant(store);
    const other = await store.calendars.upsert(scope, connection.id, {
      providerCalendarId: 'second',
      name: 'Second',
      timeZone: null,
      isPrimary: false,
    });
    if (!other) throw new Error('second calendar not created');
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let applied: () => void = () => {};
    const firstApplied = new Promise<void>((resolve) => (applied = resolve));
    // A sync takes its sequence numbers, then is slow to commit...
    const slow = store.transaction(async (tx) => {
      await tx.events.applyPage(
        scope,
        calendar.id,
        { upserts: upserts([buildEvent({ providerEventId: 'slow' })]), deletions: [] },
        1,
      );
      applied();
      await gate;
    });
    await firstApplied;
    // ...while another sync of the same user's other calendar tries to commit after it.
    const fast = store.events.applyPage(
      scope,
      other.id,
      { upserts: upserts([buildEvent({ providerEventId: 'fast' })]), deletions: [] },
      1,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const polled = await store.changes.list(scope);
    expect(polled.items).toEqual([]);
    release();
    await Promise.all([slow, fast]);
    const next = await store.changes.list(scope, { since: polled.nextCursor });
    expect(summary(next.items).sort()).toEqual([
      ['fast', 'created'],
      ['slow', 'created'],
    ]);
  });

  it('a rolled-back page leaves no change behind', async () => {
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
        throw new Error('crash after the page');
      }),
    ).rejects.toThrow('crash after the page');
    expect((await store.changes.list(scope)).items).toEqual([]);
  });
});
