/**
 * How far each person's change log has been read for meeting detection. A detection job reads
 * the changes after it and analyses only what they touched; anything that changes what every
 * meeting would be (CRM data, the model, the window moving on) resets it, and the next job then
 * runs over the whole window. A reset bumps `epoch`, so that a job that started before it
 * cannot move the scan on past it when it ends (saveMeetingScan compares the epoch it read).
 */
import { sql } from 'kysely';
import type { Executor } from './database.js';
import type { OrgScope, Scope } from './scope.js';
import { iso } from './sql-support.js';

export interface MeetingScan {
  /** The last change read; null after a reset, before the next full run. */
  cursor: string | null;
  epoch: number;
  /** The models' version the scan's meetings were detected with (a new one: a full run). */
  modelVersion: string | null;
}

export async function getMeetingScan(db: Executor, scope: Scope): Promise<MeetingScan | undefined> {
  const row = await db
    .selectFrom('meeting_scans')
    .select(['change_cursor', 'epoch', 'model_version'])
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .executeTakeFirst();
  return row
    ? { cursor: row.change_cursor, epoch: Number(row.epoch), modelVersion: row.model_version }
    : undefined;
}

/**
 * Returns whether the scan moved on: not when it changed after `expected` was read (a reset,
 * or another job that ran beside this one, which the queue should never allow).
 */
export async function saveMeetingScan(
  db: Executor,
  scope: Scope,
  scan: { cursor: string; modelVersion: string },
  expected: MeetingScan | undefined,
  now = new Date(),
): Promise<boolean> {
  const { cursor, modelVersion } = scan;
  if (expected === undefined) {
    // Never scanned when the job began: a reset since then has made a row, which wins.
    const result = await db
      .insertInto('meeting_scans')
      .values({
        org_id: scope.orgId,
        user_id: scope.userId,
        change_cursor: cursor,
        epoch: 0,
        model_version: modelVersion,
        scanned_at: iso(now),
      })
      .onConflict((oc) => oc.columns(['org_id', 'user_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }
  const update = db
    .updateTable('meeting_scans')
    .set({ change_cursor: cursor, model_version: modelVersion, scanned_at: iso(now) })
    .where('org_id', '=', scope.orgId)
    .where('user_id', '=', scope.userId)
    .where('epoch', '=', expected.epoch);
  const result = await (
    expected.cursor === null
      ? update.where('change_cursor', 'is', null)
      : update.where('change_cursor', '=', expected.cursor)
  ).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function resetMeetingScans(
  db: Executor,
  scope: OrgScope,
  userIds: readonly string[],
  now = new Date(),
): Promise<void> {
  for (const userId of new Set(userIds)) {
    await db
      .insertInto('meeting_scans')
      .values({
        org_id: scope.orgId,
        user_id: userId,
        change_cursor: null,
        epoch: 1,
        model_version: null,
        scanned_at: iso(now),
      })
      .onConflict((oc) =>
        oc.columns(['org_id', 'user_id']).doUpdateSet({
          change_cursor: null,
          epoch: sql<number>`meeting_scans.epoch + 1`,
          model_version: null,
          scanned_at: iso(now),
        }),
      )
      .execute();
  }
}

/** Resets every user of the organisation (its internal domains changed, for one). */
export async function resetOrganisationScans(
  db: Executor,
  scope: OrgScope,
  now = new Date(),
): Promise<void> {
  const users = await db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', scope.orgId)
    .execute();
  await resetMeetingScans(
    db,
    scope,
    users.map((user) => user.id),
    now,
  );
}
