import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { buildEvent, describeEachDialect, seedTenant } from '../../../test/support/databases.js';
import { meetingKey } from '../meeting-key.js';
import { down, up } from './0017-meeting-key.js';

describeEachDialect('migration 0017: meeting keys', (context) => {
  it('keys the events stored before it, beyond one batch, and their copies are found again', async () => {
    const { store, database } = context();
    const { scope, calendar } = await seedTenant(store, 'meeting-key');
    const events = Array.from({ length: 2100 }, (_, i) =>
      buildEvent({
        providerEventId: `e${i}`,
        iCalUid: i % 7 === 0 ? null : `uid-${i % 1500}@google.com`,
        originalStart:
          i % 3 === 0 ? `2026-03-${String((i % 28) + 1).padStart(2, '0')}T09:00:00.000Z` : null,
      }),
    );
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
      1,
    );
    // Migrations are written against an untyped schema (Kysely<unknown>), as they run first.
    const db = database.db as unknown as Kysely<unknown>;
    await down(db);
    await up(db);

    const { rows } = await sql<{
      ical_uid: string | null;
      original_start: string | null;
      meeting_key: number | string | null;
    }>`select ical_uid, original_start, meeting_key from calendar_events
       where calendar_id = ${calendar.id}`.execute(database.db);
    expect(rows).toHaveLength(2100);
    for (const row of rows) {
      const expected = meetingKey(row.ical_uid, row.original_start);
      // PostgreSQL returns a bigint as text.
      expect(row.meeting_key === null ? null : Number(row.meeting_key)).toBe(expected);
    }
    const stored = (await store.events.list(scope, { limit: 500, cursor: null })).items;
    const twin = stored.find((e) => e.event.providerEventId === 'e1');
    const copies = await store.events.listMeetingCopies(scope, {
      id: twin?.id ?? '',
      iCalUid: 'uid-1@google.com',
      originalStart: null,
    });
    // e1 and e1501 share a UID and neither has an original start.
    expect(copies).toHaveLength(1);
  });
});
