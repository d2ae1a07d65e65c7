/**
 * An account's reasons that count days up to now ("first sales meeting 6 days ago (2026-11-21)",
 * "no sales meeting for 40 days", "one sales meeting, 33 days ago (2026-10-26), none since"),
 * counted again on the page. The server words them as of its last analysis (`computedAt`,
 * recomputed daily), so a page left open, or opened a day later, would show yesterday's count.
 * The page counts as the server does, whose stage thresholds use the same count: whole 24-hour
 * periods from the meeting's instant (the API's `firstMeeting` or `lastMeeting`) to now, so
 * that "new for 30 days" and the `new` badge agree. Dates the server writes as YYYY-MM-DD (UTC)
 * are written as the dashboard writes dates, in the profile's zone, when the page knows the
 * meeting they are of. A reason it does not recognise, or whose meeting it cannot tell for sure,
 * keeps the server's words.
 */
import type { RelationshipSummary } from '../../api/relationships';
import { formatDate, plural } from '../../lib/format';

const DAY_MS = 86_400_000;
/** Meetings this close after a day's first are one touchpoint (TOUCHPOINT_MERGE_HOURS). */
const TOUCHPOINT_MS = 12 * 3_600_000;
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
/** A date as the server writes it, standing alone (not part of a longer number or word). */
const ANY_ISO_DATE = /(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])/g;

type ReasonFacts = Pick<
  RelationshipSummary,
  'firstMeeting' | 'lastMeeting' | 'nextMeeting' | 'computedAt'
>;

/** Whole 24-hour periods from `from` to `to` (ms), as the server counts (stage-reasons.ts). */
const periods = (from: number, to: number): number => Math.floor((to - from) / DAY_MS);

/** Whether the server's count was of `meeting`: whole days from it to its analysis. */
function countedFrom(meeting: string, days: string, facts: ReasonFacts): boolean {
  return periods(Date.parse(meeting), Date.parse(facts.computedAt)) === Number(days);
}

/** Whether the server's date (YYYY-MM-DD, UTC) is that of `meeting`. */
function dateOf(meeting: string | null, date: string): meeting is string {
  if (meeting === null) return false;
  const ms = Date.parse(meeting);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
}

/**
 * The count from an instant the page knows only to lie in [lo, hi], when it is the same for all
 * of them; else null.
 */
function certainPeriods(lo: number, hi: number, now: number): number | null {
  if (!(lo <= hi)) return null;
  const fewest = periods(hi, now);
  return fewest === periods(lo, now) ? fewest : null;
}

/**
 * The count of a quiet spell, from the first meeting of the last touchpoint (meetings less than
 * 12 hours apart are one). With one touchpoint that is the first meeting. Otherwise the API does
 * not give it: it is the last meeting, or up to 12 hours before it on the same UTC day, and
 * `days` whole periods before the analysis; the page counts when all of those give one count now.
 */
function quietPeriods(
  oneDay: boolean,
  days: number,
  iso: string,
  facts: ReasonFacts,
  now: number,
): number | null {
  if (oneDay) return periods(Date.parse(facts.firstMeeting ?? ''), now);
  const last = Date.parse(facts.lastMeeting ?? '');
  const at = Date.parse(facts.computedAt);
  const lo = Math.max(
    last - TOUCHPOINT_MS + 1,
    Date.parse(`${iso}T00:00:00Z`),
    at - (days + 1) * DAY_MS + 1,
  );
  const hi = Math.min(last, at - days * DAY_MS);
  return certainPeriods(lo, hi, now);
}

/**
 * The reason with its days counted to `now` (ms) and its dates written in `timeZone`; as given
 * when it is not one of those (its dates still written so when the page knows their meeting).
 */
export function freshReason(
  reason: string,
  facts: ReasonFacts,
  now: number,
  timeZone: string,
  locale?: string,
): string {
  const date = (meeting: string) => formatDate(meeting, timeZone, locale);
  const since = (meeting: string) => periods(Date.parse(meeting), now);
  /** The rest of a reason, its dates written as the dashboard writes them where it can. */
  const dates = (text: string) => writeDates(text, facts, timeZone, locale);
  const first = facts.firstMeeting;
  const last = facts.lastMeeting;
  const ago = FIRST_AGO.exec(reason);
  const on = ago ? null : FIRST_ON.exec(reason);
  if (ago || on) {
    const [iso = '', rest = ''] = ago ? [ago[2], ago[3]] : [on?.[1], on?.[2]];
    if (!dateOf(first, iso)) return dates(reason);
    const days = since(first);
    return days <= 0
      ? `first sales meeting on ${date(first)}${dates(rest)}`
      : `first sales meeting ${plural(days, 'day')} ago (${date(first)})${dates(rest)}`;
  }
  let match: RegExpExecArray | null;
  if ((match = LAST_ON.exec(reason))) {
    const [, , iso = '', rest = ''] = match;
    if (!dateOf(last, iso)) return dates(reason);
    return `no sales meeting for ${plural(since(last), 'day')} (last on ${date(last)})${dates(rest)}`;
  }
  if ((match = QUIET.exec(reason))) {
    const [, held = '', days = '', iso = '', rest = ''] = match;
    // One meeting, or several on one day: the spell counts from the first (stage-reasons.ts).
    const oneDay = !held.endsWith('the last');
    const from = oneDay ? first : last;
    if (!dateOf(from, iso)) return dates(reason);
    const count = quietPeriods(oneDay, Number(days), iso, facts, now);
    if (count === null) return dates(reason);
    return `${held} ${plural(count, 'day')} ago (${date(from)})${dates(rest)}`;
  }
  if (last && (match = NONE_FOR.exec(reason))) {
    const [, days = '', rest = ''] = match;
    if (!countedFrom(last, days, facts)) return dates(reason);
    return `no sales meeting for ${plural(since(last), 'day')}${dates(rest)}`;
  }
  return dates(reason);
}

/**
 * `text` with each YYYY-MM-DD that is the UTC date of the first, last or next meeting written as
 * the dashboard writes that meeting's date (in the profile's zone, where its day may differ). A
 * date of no meeting the page knows stays as the server wrote it: in another zone than UTC the
 * page cannot tell which day it is there.
 */
export function writeDates(
  text: string,
  facts: ReasonFacts,
  timeZone: string,
  locale?: string,
): string {
  const known = [facts.nextMeeting, facts.lastMeeting, facts.firstMeeting];
  return text.replace(ANY_ISO_DATE, (iso) => {
    const meeting = known.find((m) => dateOf(m, iso));
    if (meeting) return formatDate(meeting, timeZone, locale);
    return unknownDate(iso, timeZone, locale);
  });
}

/** A date of no meeting the page knows: written only where its UTC day is the profile's day. */
function unknownDate(iso: string, timeZone: string, locale?: string): string {
  return timeZone === 'UTC' ? formatDate(`${iso}T12:00:00Z`, 'UTC', locale) : iso;
}

/**
 * `text`, a reason of an earlier stage (historical: its days are not counted again), with each
 * YYYY-MM-DD written as the dashboard writes dates. The server's date is the UTC day of one of
 * the account's meetings (`meetings`: their instants, the timeline's); it is written as that
 * day is in the profile's zone when every meeting on that UTC day falls on one day there. When
 * they fall on two, or none is on it, it is written as is where the zone is UTC, else as given.
 */
export function writeHistoryDates(
  text: string,
  meetings: readonly string[],
  timeZone: string,
  locale?: string,
): string {
  return text.replace(ANY_ISO_DATE, (iso) => {
    const days = new Set(
      meetings.filter((m) => dateOf(m, iso)).map((m) => formatDate(m, timeZone, locale)),
    );
    const [day] = days;
    return days.size === 1 && day !== undefined ? day : unknownDate(iso, timeZone, locale);
  });
}
