import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { buildEvent, describeEachDialect, seedTenant } from '../../../test/support/databases.js';
import { FeedbackVerdicts } from '../../app/meetings/decide-meeting.js';
import { meetingIdentity } from '../meeting-identity.js';
import type { MeetingFeedbackRow } from '../schema.js';
import { down, up } from './0023-feedback-meeting-identity.js';

describeEachDialect('migration 0023: the meeting identity of feedback', (context) => {
  it("gives older feedback its event's identity (beyond one batch), none where the event is gone, and the verdict finds the meeting's new row", async () => {
    const { store, database } = context();
    const { scope, calendar } = await seedTenant(store, 'feedback-identity');
    const single = buildEvent({ providerEventId: 'single', iCalUid: 'single@crm.test' });
    const instance = buildEvent({
      providerEventId: 'weekly_20260305',
      iCalUid: 'weekly@crm.test',
      seriesId: 'weekly@crm.test',
      originalStart: '2026-03-05T10:00:00.000Z',
    });
    const noUid = buildEvent({ providerEventId: 'AAMkAG-no-uid', iCalUid: null });
    const madeUp = buildEvent({ providerEventId: 'missing-uid-1', iCalUid: 'missing-uid-1' });
    const others = Array.from({ length: 1100 }, (_, i) =>
      buildEvent({ providerEventId: `other-${i}`, iCalUid: `other-${i}@crm.test` }),
    );
    const events = [single, instance, noUid, madeUp, ...others];
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
      1,
    );
    const db = database.db as unknown as Kysely<unknown>;
    const ids = await eventIds(db, calendar.id);

    // Feedback as it was stored before the identity was kept: one word per event, and one on
    // an event that is gone.
    const feedbackOf = (eventId: string, n: number, seriesId: string | null = null) => ({
      id: `fb-${String(n).padStart(5, '0')}`,
      org_id: scope.orgId,
      user_id: scope.userId,
      event_id: eventId,
      meeting_id: null,
      series_id: seriesId,
      meeting_identity: null,
      verdict: 'reject' as const,
      meeting_type: null,
      snapshot: 'null',
      created_at: `2026-03-01T00:00:00.${String(n % 1000).padStart(3, '0')}Z`,
    });
    const rows: MeetingFeedbackRow[] = events.map((e, n) =>
      feedbackOf(ids.get(e.providerEventId)!, n, e.seriesId),
    );
    rows.push(feedbackOf('no-such-event', events.length));
    await down(db);
    for (let i = 0; i < rows.length; i += 200) {
      await database.db
        .insertInto('meeting_feedback')
        .values(rows.slice(i, i + 200).map(({ meeting_identity: _, ...row }) => row))
        .execute();
    }
    await up(db);

    const { rows: filled } = await sql<{ event_id: string; meeting_identity: string | null }>`
      select event_id, meeting_identity from meeting_feedback where org_id = ${scope.orgId}`.execute(
      db,
    );
    const byEvent = new Map(filled.map((r) => [r.event_id, r.meeting_identity]));
    expect(byEvent.size).toBe(events.length + 1);
    for (const e of events) {
      expect(byEvent.get(ids.get(e.providerEventId)!)).toBe(meetingIdentity(calendar.id, e));
    }
    expect(byEvent.get(ids.get('single')!)).toBe('["uid","single@crm.test",null]');
    expect(byEvent.get(ids.get('AAMkAG-no-uid')!)).toBe(
      JSON.stringify(['event', calendar.id, 'AAMkAG-no-uid']),
    );
    expect(byEvent.get('no-such-event')).toBeNull();

    // The single meeting's row is made anew (deleted, then synced again): its verdict holds.
    await store.events.applyPage(scope, calendar.id, { upserts: [], deletions: ['single'] }, 2);
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: [{ event: single, raw: {} }], deletions: [] },
      3,
    );
    const againId = (await eventIds(db, calendar.id)).get('single')!;
    expect(againId).not.toBe(ids.get('single'));
    const again = (await store.events.get(scope, againId))!;
    const verdicts = new FeedbackVerdicts(await store.meetings.userFeedback(scope));
    expect(verdicts.for(again)).toEqual({ verdict: 'reject', meetingType: null });
  });
});

async function eventIds(db: Kysely<unknown>, calendarId: string): Promise<Map<string, string>> {
  const { rows } = await sql<{ id: string; provider_event_id: string }>`
    select id, provider_event_id from calendar_events where calendar_id = ${calendarId}`.execute(
    db,
  );
  return new Map(rows.map((r) => [r.provider_event_id, r.id]));
}
