/** Meetings counted by month and type, for the stacked bar chart and its table. */
import { MEETING_TYPES, type MeetingType } from '../../api/meetings';
import { localDateOf } from '../../lib/dates';

export type MonthBucket = { month: string; total: number } & Record<MeetingType, number>;

function emptyBucket(month: string): MonthBucket {
  const bucket = { month, total: 0 } as MonthBucket;
  for (const type of MEETING_TYPES) bucket[type] = 0;
  return bucket;
}

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * One bucket per month from the first meeting's to the last one's, quiet months included so
 * that a gap shows as a gap; a meeting without a type counts as other.
 */
export function bucketByMonth(
  meetings: readonly { start: string; meetingType: MeetingType | null }[],
  timeZone: string,
): MonthBucket[] {
  if (meetings.length === 0) return [];
  const counts = new Map<string, MonthBucket>();
  for (const meeting of meetings) {
    const month = localDateOf(meeting.start, timeZone).slice(0, 7);
    const bucket = counts.get(month) ?? emptyBucket(month);
    bucket[meeting.meetingType ?? 'other'] += 1;
    bucket.total += 1;
    counts.set(month, bucket);
  }
  const months = [...counts.keys()].sort();
  const first = months[0] as string;
  const last = months[months.length - 1] as string;
  const buckets: MonthBucket[] = [];
  for (let month = first; month <= last; month = nextMonth(month)) {
    buckets.push(counts.get(month) ?? emptyBucket(month));
  }
  return buckets;
}

/** The types that occur, in funnel order, so that the chart and table skip empty series. */
export function typesPresent(buckets: readonly MonthBucket[]): MeetingType[] {
  return MEETING_TYPES.filter((type) => buckets.some((b) => b[type] > 0));
}
