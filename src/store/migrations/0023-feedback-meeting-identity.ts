/**
 * Feedback on a single meeting is kept by the meeting's identity (meeting-identity.ts: its UID
 * and original start, else its calendar and provider id) beside the event's row id, which a
 * calendar synced again from scratch or an event imported again replaces: a verdict looked up by
 * the row id alone was lost then. Existing feedback gets the identity of its event where the
 * event is still stored, a batch at a time in id order; feedback whose event is gone keeps none.
 */
import { sql, type Kysely } from 'kysely';
import { meetingIdentity } from '../meeting-identity.js';

const BATCH = 1000;

interface IdentitySourceRow {
  id: string;
  calendar_id: string;
  provider_event_id: string;
  ical_uid: string | null;
  original_start: string | null;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('meeting_feedback').addColumn('meeting_identity', 'text').execute();
  let after = '';
  for (;;) {
    const { rows } = await sql<IdentitySourceRow>`
      select f.id, e.calendar_id, e.provider_event_id, e.ical_uid, e.original_start
      from meeting_feedback f
      join calendar_events e on e.id = f.event_id and e.org_id = f.org_id
      where f.id > ${after}
      order by f.id limit ${BATCH}`.execute(db);
    if (rows.length > 0) {
      // One statement a batch: row by row, PostgreSQL took ~7 s for 1,000 rows outside a
      // transaction.
      const identities = rows.map(
        (row) =>
          sql`when ${row.id} then ${meetingIdentity(row.calendar_id, {
            providerEventId: row.provider_event_id,
            iCalUid: row.ical_uid,
            originalStart: row.original_start,
          })}`,
      );
      await sql`update meeting_feedback
        set meeting_identity = case id ${sql.join(identities, sql` `)} end
        where id in (${sql.join(rows.map((row) => row.id))})`.execute(db);
    }
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) return;
    after = last.id;
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('meeting_feedback').dropColumn('meeting_identity').execute();
}
