/** The meetings page's filters, kept in the address so that a view can be shared or reloaded. */
import { MEETING_TYPES, type MeetingQuery, type MeetingType } from '../../api/meetings';
import { addDays, isLocalDate, startOfDay, weekOf, type LocalDate } from '../../lib/dates';
import { formatLocalDate } from '../../lib/format';

/**
 * The dates chosen, each side a date or null for none: a bound the user cleared (the date
 * picker's "Clear", or every part erased) is no bound, as they expect, not this week's again.
 */
export interface MeetingRange {
  from: LocalDate | null;
  to: LocalDate | null;
}

export interface MeetingFilters {
  /**
   * The dates chosen, or null for this week: the week today is in, which moves on with the day
   * (a tab left open over the weekend shows the new week), so it is not written in the address.
   */
  range: MeetingRange | null;
  type: MeetingType | null;
  accountId: string | null;
  minConfidence: number | null;
  /** Words to find in a meeting's title, account or attendees (trimmed), or null for none. */
  q: string | null;
}

/** The API's longest search. */
export const SEARCH_MAX_LENGTH = 200;

/** A search as the address and the API take it: trimmed, at most 200 characters, or none. */
export function searchText(text: string | null): string | null {
  return text?.trim().slice(0, SEARCH_MAX_LENGTH).trim() || null;
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

/** A side of the range in the address: a date, `''` for none (cleared), else not given. */
function boundOf(value: string | null): LocalDate | null | undefined {
  if (value === '') return null;
  return value !== null && isLocalDate(value) ? value : undefined;
}

/**
 * The filters in the address. No dates is this week; an empty one (`from=`) is no bound on that
 * side; a date missing or broken beside a date or an empty one is this week's end on that side.
 */
export function readMeetingFilters(params: URLSearchParams, today: LocalDate): MeetingFilters {
  const from = boundOf(params.get('from'));
  const to = boundOf(params.get('to'));
  const thisWeek = weekOf(today);
  const range =
    from !== undefined || to !== undefined
      ? { from: from === undefined ? thisWeek.from : from, to: to === undefined ? thisWeek.to : to }
      : null;
  const type = params.get('type');
  return {
    range,
    type: isMeetingType(type) ? type : null,
    accountId: params.get('account') || null,
    minConfidence: confidenceOf(params.get('confidence')),
    q: searchText(params.get('q')),
  };
}

/** The dates the page shows: those chosen, else this week. */
export function shownRange(filters: MeetingFilters, today: LocalDate): MeetingRange {
  return filters.range ?? weekOf(today);
}

export type DatePreset = 'today' | 'this-week' | 'next-week';

/** The preset whose dates the page shows, if one's are (typed by hand or chosen by its button). */
export function activePreset(filters: MeetingFilters, today: LocalDate): DatePreset | null {
  const { from, to } = shownRange(filters, today);
  const is = (week: { from: LocalDate; to: LocalDate }) => from === week.from && to === week.to;
  if (is({ from: today, to: today })) return 'today';
  if (is(weekOf(today))) return 'this-week';
  if (is(weekOf(today, 1))) return 'next-week';
  return null;
}

/** Whether the API can be asked for the range: From on or before To when both are given. */
export function isValidMeetingRange({ from, to }: MeetingRange): boolean {
  return from === null || to === null || from <= to;
}

/** What an empty date field means, which the field cannot say; null when both are dates. */
export function openRangeNote({ from, to }: MeetingRange, locale?: string): string | null {
  if (from !== null && to !== null) return null;
  if (from === null && to === null) return 'No start or end date: meetings of every date.';
  if (from === null) return `No start date: meetings up to ${formatLocalDate(to ?? '', locale)}.`;
  return `No end date: meetings from ${formatLocalDate(from, locale)} on.`;
}

export function writeMeetingFilters(filters: MeetingFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.range) {
    params.set('from', filters.range.from ?? '');
    params.set('to', filters.range.to ?? '');
  }
  if (filters.type) params.set('type', filters.type);
  if (filters.accountId) params.set('account', filters.accountId);
  if (filters.minConfidence !== null) params.set('confidence', String(filters.minConfidence));
  if (filters.q) params.set('q', filters.q);
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
  if (!isValidMeetingRange(range)) return null;
  return {
    ...(range.from !== null
      ? { from: new Date(startOfDay(range.from, timeZone)).toISOString() }
      : {}),
    ...(range.to !== null
      ? { to: new Date(startOfDay(addDays(range.to, 1), timeZone)).toISOString() }
      : {}),
    timeZone,
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.accountId ? { accountId: filters.accountId } : {}),
    ...(filters.minConfidence !== null ? { minConfidence: filters.minConfidence } : {}),
    ...(filters.q ? { q: filters.q } : {}),
  };
}
