/**
 * When a meeting is, as the list shows it. An all-day meeting's instants are midnight in the
 * zone it was written in, which is the evening before west of that zone: its dates are what
 * count, so it is grouped under its first date and shown as "All day".
 */
import type { Meeting } from '../../api/meetings';
import { addDays, startOfDay, type LocalDate } from '../../lib/dates';
import { formatDate, formatTimeRange } from '../../lib/format';

type MeetingTimes = Pick<Meeting, 'start' | 'end' | 'allDay' | 'startDate' | 'endDate'>;

/** The first day of an all-day meeting, or null for a timed one. */
function firstDay(meeting: MeetingTimes): LocalDate | null {
  return meeting.allDay && meeting.startDate ? meeting.startDate : null;
}

/**
 * The instant to group and sort a meeting by: for an all-day meeting the start of its first
 * day in the user's zone, so that it sits on that day and before the day's timed meetings.
 */
export function meetingSortStart(meeting: MeetingTimes, timeZone: string): string {
  const day = firstDay(meeting);
  return day ? new Date(startOfDay(day, timeZone)).toISOString() : meeting.start;
}

/** What the `datetime` attribute says: the date of an all-day meeting, else the instant. */
export function meetingDateTimeAttribute(meeting: MeetingTimes): string {
  return firstDay(meeting) ?? meeting.start;
}

/** A calendar date in the list's short style; a date has no zone, so UTC is exact. */
function formatDay(date: LocalDate, locale?: string): string {
  return formatDate(`${date}T12:00:00Z`, 'UTC', locale);
}

/** `All day, Mon, 2 Mar 2026`, with the last day when it runs longer; else the time range. */
export function meetingWhen(meeting: MeetingTimes, timeZone: string, locale?: string): string {
  const day = firstDay(meeting);
  if (!day) return formatTimeRange(meeting.start, meeting.end, timeZone, locale);
  // endDate is exclusive: the last day is the one before it.
  const lastDay = meeting.endDate ? addDays(meeting.endDate, -1) : day;
  return lastDay > day
    ? `All day, ${formatDay(day, locale)} – ${formatDay(lastDay, locale)}`
    : `All day, ${formatDay(day, locale)}`;
}
