/**
 * The SQL of a list's time range [from, to). A timed event is in it when its instants overlap
 * the range. With a viewer's zone, an all-day event is in it when its dates [start_date,
 * end_date) overlap the calendar dates the range covers there (datesCovered), not by its
 * instants, which are midnight of its dates in its own zone (or UTC) and so fall on the day
 * before or after for a viewer elsewhere; without a zone, every event goes by its instants.
 *
 * Lists walk the owner/start index in (start_at, id) order. The all-day condition does not bound
 * start_at, so the instants of the range widened by ZONE_SPREAD_MS stay a plain conjunct beside
 * it: the index still bounds the walk (start_at < to + spread), and sort and keyset cursor are
 * untouched.
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { datesCovered, ZONE_SPREAD_MS } from '../domain/viewer-dates.js';

/** A list's range: instants (ISO strings), and the zone whose dates all-day events count by. */
export interface TimeRange {
  /** Things that end after this instant. */
  from?: string;
  /** Things that start before this instant. */
  to?: string;
  /** The viewer's IANA zone; absent: all-day events are compared by their instants too. */
  timeZone?: string;
}

/** The (qualified) columns the range reads. */
export interface RangeColumns {
  startAt: string;
  endAt: string;
  allDay: string;
  startDate: string;
  endDate: string;
}

/** The range's condition on these columns, or null when the range is open at both ends. */
export function rangeCondition(
  columns: RangeColumns,
  range: TimeRange,
): Expression<SqlBool> | null {
  const { from, to, timeZone } = range;
  if (from === undefined && to === undefined) return null;
  const instants = (start?: string, end?: string) =>
    all([
      start === undefined ? null : sql`${sql.ref(columns.endAt)} > ${start}`,
      end === undefined ? null : sql`${sql.ref(columns.startAt)} < ${end}`,
    ]);
  if (timeZone === undefined) return instants(from, to);

  const { fromDate, toDate } = datesCovered(range, timeZone);
  const allDay = sql.ref(columns.allDay);
  const startDate = sql.ref(columns.startDate);
  const endDate = sql.ref(columns.endDate);
  // An all-day event stored without its dates (a provider's slip) goes by its instants.
  const timed = sql`(${allDay} = 0 or ${startDate} is null or ${endDate} is null)`;
  const dated = all([
    sql`${allDay} = 1`,
    sql`${startDate} is not null`,
    sql`${endDate} is not null`,
    fromDate === undefined ? null : sql`${endDate} > ${fromDate}`,
    toDate === undefined ? null : sql`${startDate} < ${toDate}`,
  ]);
  return all([
    instants(shifted(from, -ZONE_SPREAD_MS), shifted(to, ZONE_SPREAD_MS)),
    sql`((${all([timed, instants(from, to)])}) or (${dated}))`,
  ]);
}

function all(conditions: Array<RawBuilder<unknown> | null>): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.join(
    conditions.filter((c) => c !== null),
    sql` and `,
  )}`;
}

function shifted(instant: string | undefined, ms: number): string | undefined {
  return instant === undefined ? undefined : new Date(Date.parse(instant) + ms).toISOString();
}
