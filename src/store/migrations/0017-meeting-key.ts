/**
 * A meeting's copies are found through one integer, meetingKey(ical_uid, original_start),
 * instead of an index on the two text columns, which cost a first sync ~0.5 s of 100,000
 * events in random-order page writes (meeting-key.ts). Existing rows get their key here,
 * a batch at a time, in id order.
 */
import { sql, type Kysely } from 'kysely';
import { meetingKey } from '../meeting-key.js';

const BATCH = 1000;

interface KeySource {
  id: string;
  ical_uid: string;
  original_start: string | null;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calendar_events').addColumn('meeting_key', 'bigint').execute();
  await fillMeetingKeys(db);
  await db.schema.dropIndex('calendar_events_meeting_index').execute();
  await db.schema
    .createIndex('calendar_events_meeting_key_index')
    .on('calendar_events')
    .column('meeting_key')
    .execute();
}

async function fillMeetingKeys(db: Kysely<unknown>): Promise<void> {
  let after = '';
  for (;;) {
    const { rows } = await sql<KeySource>`
      select id, ical_uid, original_start from calendar_events
      where ical_uid is not null and id > ${after} order by id limit ${BATCH}`.execute(db);
    for (const row of rows) {
      const key = meetingKey(row.ical_uid, row.original_start);
      await sql`update calendar_events set meeting_key = ${key} where id = ${row.id}`.execute(db);
    }
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) return;
    after = last.id;
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('calendar_events_meeting_key_index').execute();
  await db.schema.alterTable('calendar_events').dropColumn('meeting_key').execute();
  await db.schema
    .createIndex('calendar_events_meeting_index')
    .on('calendar_events')
    .columns(['ical_uid', 'original_start'])
    .execute();
}
