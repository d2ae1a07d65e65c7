import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { buildEvent, describeEachDialect, seedTenant } from '../../../test/support/databases.js';
import { conflictIdentity, conflictKey } from '../../domain/conflicts/index.js';
import type { CalendarEvent } from '../../domain/event.js';
import { conflictFingerprint } from '../conflicts.repository.js';
import { meetingIdentity } from '../meeting-identity.js';
import type { ConflictDraft } from '../store.js';
import { up } from './0026-conflict-identity-keys.js';

const DAY = { from: '2026-03-04T00:00:00.000Z', to: '2026-03-05T00:00:00.000Z' };

describeEachDialect('migration 0026: conflicts keyed by their meetings', (context) => {
  it('re-keys conflicts whose events are stored, keeps a moved one to reopen, leaves the rest', async () => {
    const { store, database } = context();
    const { scope, calendar } = await seedTenant(store, 'conflict-keys');
    const owner = 'rep@acme.test';
    const at = (hh: string, mm = '00') => `2026-03-04T${hh}:${mm}:00.000Z`;
    const demo = buildEvent({
      providerEventId: 'demo',
      iCalUid: 'demo@globex.test',
      start: at('10'),
    });
    const hold = buildEvent({ providerEventId: 'AAMk-hold', iCalUid: null, start: at('10', '30') });
    const call = buildEvent({
      providerEventId: 'call',
      iCalUid: 'call@globex.test',
      start: at('10', '45'),
    });
    const events = [demo, hold, call];
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
      1,
    );
    const db = database.db as unknown as Kysely<unknown>;
    const { rows } = await sql<{ id: string; provider_event_id: string }>`
      select id, provider_event_id from calendar_events where calendar_id = ${calendar.id}`.execute(
      db,
    );
    const rowId = new Map(rows.map((r) => [r.provider_event_id, r.id]));
    const idOf = (e: CalendarEvent) => rowId.get(e.providerEventId)!;
    const identityOf = (e: CalendarEvent) => conflictIdentity(meetingIdentity(calendar.id, e));
    const timeOf = (e: CalendarEvent) => `${e.start}/${e.end}`;

    /** A conflict as stored before: keyed and fingerprinted by row ids. */
    const legacy = async (ids: string[], times: string[], status = 'dismissed') => {
      const sorted = [...ids].sort();
      const key = `overlap:${owner}:${sorted.join(',')}`;
      const draft: ConflictDraft = {
        key,
        kind: 'overlap',
        severity: 'high',
        start: at('10', '30'),
        end: at('11'),
        eventIds: sorted,
        autoResolvable: false,
        details: { reasons: ['both'], suggestions: [] },
        eventTimes: times,
      };
      const { opened } = await store.conflicts.reconcile(scope, DAY, [draft]);
      const fingerprint = createHash('sha256')
        .update(JSON.stringify([sorted, times]))
        .digest('hex');
      await sql`update conflicts set fingerprint = ${fingerprint}, status = ${status}
        where id = ${opened[0]!.id}`.execute(db);
      return { id: opened[0]!.id, key, fingerprint };
    };
    const pair = [demo, hold].sort((a, b) => (idOf(a) < idOf(b) ? -1 : 1));
    const unmoved = await legacy(pair.map(idOf), pair.map(timeOf));
    const moved = await legacy([idOf(demo), idOf(call)].sort(), [
      '2026-03-04T08:00:00.000Z/2026-03-04T09:00:00.000Z',
      timeOf(call),
    ]);
    const gone = await legacy([idOf(call), 'no-such-event'], [timeOf(call), ''], 'cleared');

    await up(db);

    const stored = async (id: string) => (await store.conflicts.get(scope, id))!;
    const identities = pair.map(identityOf);
    expect(await stored(unmoved.id)).toMatchObject({
      status: 'dismissed',
      key: conflictKey('overlap', owner, identities),
      fingerprint: conflictFingerprint(identities, pair.map(timeOf)),
    });
    expect(await stored(moved.id)).toMatchObject({
      key: conflictKey('overlap', owner, [demo, call].map(identityOf)),
      fingerprint: moved.fingerprint,
    });
    expect(await stored(gone.id)).toMatchObject({ key: gone.key, fingerprint: gone.fingerprint });

    // The next pass finds the unmoved one by its meetings and keeps it dismissed; the moved one
    // opens again, as it would have before.
    const found = (es: CalendarEvent[]): ConflictDraft => ({
      key: conflictKey('overlap', owner, es.map(identityOf)),
      kind: 'overlap',
      severity: 'high',
      start: at('10', '30'),
      end: at('11'),
      eventIds: es.map(idOf),
      eventIdentities: es.map(identityOf),
      autoResolvable: false,
      details: { reasons: ['both'], suggestions: [] },
      eventTimes: es.map(timeOf),
    });
    const outcome = await store.conflicts.reconcile(scope, DAY, [
      found([hold, demo]),
      found([demo, call]),
    ]);
    expect(outcome.opened.map((c) => c.id)).toEqual([moved.id]);
    expect(await stored(unmoved.id)).toMatchObject({ status: 'dismissed' });
    expect((await store.conflicts.list(scope, {})).items).toHaveLength(3);
  });

  it('leaves a conflict alone when another of the user has its new key already', async () => {
    const { store, database } = context();
    const { scope, calendar } = await seedTenant(store, 'conflict-keys');
    const owner = 'rep@acme.test';
    const a = buildEvent({ providerEventId: 'a', start: '2026-03-04T10:00:00.000Z' });
    const b = buildEvent({ providerEventId: 'b', start: '2026-03-04T10:30:00.000Z' });
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: [a, b].map((event) => ({ event, raw: {} })), deletions: [] },
      1,
    );
    const db = database.db as unknown as Kysely<unknown>;
    const ids = (await store.events.list(scope, { calendarId: calendar.id })).items
      .map((e) => e.id)
      .sort();
    const newKey = conflictKey(
      'overlap',
      owner,
      [a, b].map((e) => conflictIdentity(meetingIdentity(calendar.id, e))),
    );
    const base = {
      kind: 'overlap' as const,
      severity: 'high' as const,
      start: '2026-03-04T10:30:00.000Z',
      end: '2026-03-04T11:00:00.000Z',
      eventIds: ids,
      autoResolvable: false,
      details: {},
      eventTimes: ['', ''],
    };
    const legacyKey = `overlap:${owner}:${ids.join(',')}`;
    await store.conflicts.reconcile(scope, DAY, [
      { ...base, key: legacyKey },
      { ...base, key: newKey },
    ]);

    await up(db);

    const keys = (await store.conflicts.list(scope, {})).items.map((c) => c.key).sort();
    expect(keys).toEqual([legacyKey, newKey].sort());
  });
});
