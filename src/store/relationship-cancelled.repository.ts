/**
 * The cancelled instances of the series that relationship meetings belong to. A cancelled
 * event loses its meeting row (it is no longer a meeting), but its series' summary must count it
 * as cancelled, not as a skipped occurrence (issue 6: held, skipped, moved and cancelled).
 */
import type { Executor } from './database.js';
import type { RelationshipMeetingRow } from './relationship-meeting-row.js';
import type { OrgScope } from './scope.js';
import { chunk, rowsPerStatement } from './sql-support.js';

/** Rows for the cancelled instances of the series among `meetings`, each under its series' key. */
export async function cancelledSeriesInstances(
  db: Executor,
  scope: OrgScope,
  meetings: readonly RelationshipMeetingRow[],
): Promise<RelationshipMeetingRow[]> {
  const seriesOwner = new Map<string, RelationshipMeetingRow>();
  for (const meeting of meetings) {
    if (meeting.seriesId !== null && !seriesOwner.has(meeting.seriesId))
      seriesOwner.set(meeting.seriesId, meeting);
  }
  const found: RelationshipMeetingRow[] = [];
  for (const part of chunk([...seriesOwner.keys()], rowsPerStatement(db, 1) - 2)) {
    const rows = await db
      .selectFrom('calendar_events')
      .select(['id', 'user_id', 'series_id', 'title', 'start_at', 'end_at', 'original_start'])
      // The exact condition of the partial index (migration 0020).
      .where('status', '=', 'cancelled')
      .where('series_id', 'in', part)
      .where('org_id', '=', scope.orgId)
      .execute();
    for (const row of rows) {
      const owner = seriesOwner.get(row.series_id ?? '');
      if (!owner) continue;
      found.push({
        ...owner,
        meetingId: row.id,
        eventId: row.id,
        userId: row.user_id,
        title: row.title,
        start: row.start_at,
        end: row.end_at,
        status: 'cancelled',
        meetingType: null,
        originalStart: row.original_start,
        people: [],
      });
    }
  }
  return found;
}
