/** The meetings page's filters, kept in the address so that a view can be shared or reloaded. */
import { MEETING_TYPES, type MeetingQuery, type MeetingType } from '../../api/meetings';
import {
  isLocalDate,
  isValidRange,
  rangeInstants,
  weekOf,
  type DateRange,
  type LocalDate,
} from '../../lib/dates';

export interface MeetingFilters {
  /**
   * The dates chosen, or null for this week: the week today is in, which moves on with the day
   * (a tab left open over the weekend shows the new week), so it is not written in the address.
   */
  range: DateRange | null;
  type: MeetingType | null;
  accountId: string | null;
  minConfidence: number | null;
}

export const CONFIDENCE_CHOICES = [0.5, 0.7, 0.9] as const;

function isMeetingType(value: string | null): value is MeetingType {
  return value !== null && (MEETING_TYPES as readonly string[]).includes(value);
}

function confidenceOf(value: string | null): number | null {
  if (value === null || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) && number > 0 && number <= 1 ? number : null;
}

/**
 * The filters in the address. No dates is this week; a date missing or broken beside a good one
 * is this week's end on that side.
 */
export function readMeetingFilters(params: URLSearchParams, today: LocalDate): MeetingFilters {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const thisWeek = weekOf(today);
  const range =
    isLocalDate(from) || isLocalDate(to)
      ? { from: isLocalDate(from) ? from : thisWeek.from, to: isLocalDate(to) ? to : thisWeek.to }
      : null;
  const type = params.get('type');
  return {
    range,
    type: isMeetingType(type) ? type : null,
    accountId: params.get('account') || null,
    minConfidence: confidenceOf(params.get('confidence')),
  };
}

/** The dates the page shows: those chosen, else this week. */
export function shownRange(filters: MeetingFilters, today: LocalDate): DateRange {
  return filters.range ?? weekOf(today);
}

export function writeMeetingFilters(filters: MeetingFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.range) {
    params.set('from', filters.range.from);
    params.set('to', filters.range.to);
  }
  if (filters.type) params.set('type', filters.type);
  if (filters.accountId) params.set('account', filters.accountId);
  if (filters.minConfidence !== null) params.set('confidence', String(filters.minConfidence));
  return params;
}

/**
 * The API query for the filters, or null when the range cannot be asked for (From after To).
 * The zone goes with the range, so that an all-day meeting is listed by its dates in it (its
 * instants are midnight in its own zone, which is the day before or after in another).
 */
export function meetingQueryOf(
  filters: MeetingFilters,
  today: LocalDate,
  timeZone: string,
): MeetingQuery | null {
  const range = shownRange(filters, today);
  if (!isValidRange(range)) return null;
  return {
    ...rangeInstants(range, timeZone),
    timeZone,
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.accountId ? { accountId: filters.accountId } : {}),
    ...(filters.minConfidence !== null ? { minConfidence: filters.minConfidence } : {}),
  };
}
