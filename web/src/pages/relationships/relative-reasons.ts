/**
 * An account's reasons that count days up to now ("first sales meeting 6 days ago (2026-11-21)",
 * "no sales meeting for 40 days", "one sales meeting, 33 days ago (2026-10-26), none since"),
 * counted again on the page. The server words them as of its
 * last analysis (`computedAt`, recomputed daily), so a page left open, or opened a day later,
 * would show yesterday's count; the page counts the calendar days from the meeting's date (the
 * API's `firstMeeting` or `lastMeeting`) to today in the profile's zone, and writes the date as
 * it writes every other. A reason it does not recognise, or whose meeting it cannot tell for
 * sure, is shown as the server wrote it.
 */
import type { RelationshipSummary } from '../../api/relationships';
import { localDateOf, type LocalDate } from '../../lib/dates';
import { formatDate, plural } from '../../lib/format';

const DAY_MS = 86_400_000;
const DAYS = String.raw`(\d+) days?`;
const ISO_DATE = String.raw`(\d{4}-\d{2}-\d{2})`;
const FIRST_AGO = new RegExp(`^first sales meeting ${DAYS} ago \\(${ISO_DATE}\\)(.*)$`, 's');
const FIRST_ON = new RegExp(`^first sales meeting on ${ISO_DATE}(.*)$`, 's');
const LAST_ON = new RegExp(`^no sales meeting for ${DAYS} \\(last on ${ISO_DATE}\\)(.*)$`, 's');
const NONE_FOR = new RegExp(`^no sales meeting for ${DAYS}(, .*)$`, 's');
/** Gone quiet after first contact: "one sales meeting, 33 days ago (2026-01-05), none since". */
const QUIET = new RegExp(
  `^(one sales meeting,|\\d+ sales meetings on one day,|\\d+ sales meetings on \\d+ days, the last) ${DAYS} ago \\(${ISO_DATE}\\)(, none since.*)$`,
  's',
);

type ReasonFacts = Pick<RelationshipSummary, 'firstMeeting' | 'lastMeeting' | 'computedAt'>;

/** Calendar days from `from` to `to` (dates, no zone). */
function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Whether the server's count was of `meeting`: whole days from it to its analysis. */
function countedFrom(meeting: string, days: string, facts: ReasonFacts): boolean {
  const elapsed = Date.parse(facts.computedAt) - Date.parse(meeting);
  return Math.floor(elapsed / DAY_MS) === Number(days);
}

/** Whether the server's date (YYYY-MM-DD, UTC) is that of `meeting`. */
function dateOf(meeting: string, date: string): boolean {
  const ms = Date.parse(meeting);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
}

/** The reason with its days counted to `today` in `timeZone`; as given when not one of those. */
export function freshReason(
  reason: string,
  facts: ReasonFacts,
  today: LocalDate,
  timeZone: string,
  locale?: string,
): string {
  const since = (meeting: string) => daysBetween(localDateOf(meeting, timeZone), today);
  const date = (meeting: string) => formatDate(meeting, timeZone, locale);
  const first = facts.firstMeeting;
  const last = facts.lastMeeting;
  const ago = FIRST_AGO.exec(reason);
  const on = ago ? null : FIRST_ON.exec(reason);
  if (first && (ago || on)) {
    const [iso = '', rest = ''] = ago ? [ago[2], ago[3]] : [on?.[1], on?.[2]];
    if (!dateOf(first, iso)) return reason;
    const days = since(first);
    return days <= 0
      ? `first sales meeting on ${date(first)}${rest}`
      : `first sales meeting ${plural(days, 'day')} ago (${date(first)})${rest}`;
  }
  let match: RegExpExecArray | null;
  if (last && (match = LAST_ON.exec(reason))) {
    const [, , iso = '', rest = ''] = match;
    if (!dateOf(last, iso)) return reason;
    return `no sales meeting for ${plural(since(last), 'day')} (last on ${date(last)})${rest}`;
  }
  if (last && (match = QUIET.exec(reason))) {
    const [, held = '', , iso = '', rest = ''] = match;
    if (!dateOf(last, iso)) return reason;
    return `${held} ${plural(since(last), 'day')} ago (${date(last)})${rest}`;
  }
  if (last && (match = NONE_FOR.exec(reason))) {
    const [, days = '', rest = ''] = match;
    if (!countedFrom(last, days, facts)) return reason;
    return `no sales meeting for ${plural(since(last), 'day')}${rest}`;
  }
  return reason;
}
