import type { ConflictQuery, ConflictStatus } from '../../api/conflicts';
import { daysFrom, rangeInstants, type LocalDate } from '../../lib/dates';

export const DAY_CHOICES = [7, 14, 30] as const;
export const STATUS_CHOICES = ['open', 'all', 'resolved', 'dismissed', 'cleared'] as const;
export type StatusChoice = (typeof STATUS_CHOICES)[number];

export interface ConflictFilters {
  days: number;
  status: StatusChoice;
}

export function readConflictFilters(params: URLSearchParams): ConflictFilters {
  const days = Number(params.get('days'));
  const status = params.get('status');
  return {
    days: (DAY_CHOICES as readonly number[]).includes(days) ? days : 7,
    status: (STATUS_CHOICES as readonly string[]).includes(status ?? '')
      ? (status as StatusChoice)
      : 'open',
  };
}

/** Today and the days after it, whole days in the user's zone. */
export function conflictQueryOf(
  filters: ConflictFilters,
  today: LocalDate,
  timeZone: string,
): ConflictQuery {
  return {
    ...rangeInstants(daysFrom(today, filters.days), timeZone),
    ...(filters.status === 'all' ? {} : { status: filters.status as ConflictStatus }),
  };
}
