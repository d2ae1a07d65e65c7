/**
 * Meetings now come only from the user's own calendars (ce45ff8, others-calendars.ts): an event of
 * another person's calendar shared with them, or of a Google room's calendar (4fa7b4a), is never
 * their meeting. A meeting made of such an event earlier is removed only when a pass reads that
 * event again, and with the model version unchanged a pass reads only changed events, so the wrong
 * meetings would stay until their events next changed. Resetting every meeting scan, as 0033 did
 * (cursor forgotten, epoch bumped so that a job begun before cannot move it on), makes each user's
 * next pass a full one, which removes them. Feedback is kept and unchanged meetings are not
 * rewritten, so nothing else is logged or notified.
 */
import type { Kysely } from 'kysely';
import { resetEveryMeetingScan } from './reset-meeting-scans.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await resetEveryMeetingScan(db);
}

export async function down(): Promise<void> {
  // Nothing to undo: the scans are rebuilt by the next pass either way.
}
