/**
 * Detection changed without a new model version: an event's local time of day no longer falls
 * back to UTC when its zone is missing (9193c9c), and "everyone invited is from your
 * organisation" is no longer said of an event nobody else is invited to (ec3c4f7). Stored
 * meetings keep the verdicts and reasons they were detected with until a pass reads their events
 * again, and with the model version unchanged a pass reads only changed events. Resetting every
 * meeting scan, as the repository resets one (cursor forgotten, epoch bumped so that a job begun
 * before cannot move it on), makes each user's next pass a full one. A full pass keeps the
 * team's feedback (it is stored apart and applied again) and rewrites only meetings whose
 * content changed, so unchanged meetings log and notify nothing.
 */
import type { Kysely } from 'kysely';
import { resetEveryMeetingScan } from './reset-meeting-scans.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await resetEveryMeetingScan(db);
}

export async function down(): Promise<void> {
  // Nothing to undo: the scans are rebuilt by the next pass either way.
}
