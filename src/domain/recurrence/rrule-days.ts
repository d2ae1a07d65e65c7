/**
 * The days one period of a rule contributes (RFC 5545 §3.3.10's expand/limit table), as sorted
 * day numbers. Where the RFC leaves a choice open, libical's reading is taken, because its
 * recurrence table is our judge:
 * - YEARLY with BYMONTHDAY but no BYMONTH stays in DTSTART's month (libical fills BYMONTH from
 *   DTSTART), and YEARLY with BYWEEKNO but no BYDAY uses DTSTART's weekday.
 * - BYWEEKNO selects weeks of the week-numbering year, so its days may lie in the neighbouring
 *   calendar years (week 1 of 2015 starts on 2014-12-29).
 * - Parts the RFC marks "N/A" for a frequency (BYYEARDAY with DAILY, say) act as limits.
 */
import {
  civilDate,
  dayNumber,
  daysInMonth,
  daysInYear,
  weekdayOf,
  weekNumberOf,
  weekOneStart,
  weeksInYear,
} from './civil.js';
import type { ByDay, RecurrenceRule } from './rrule-parse.js';

/** What the rule inherits from DTSTART. */
export interface RuleAnchor {
  month: number;
  day: number;
  weekday: number;
}

/** Resolves a possibly negative 1-based index against a length; null when out of range. */
function resolveIndex(n: number, length: number): number | null {
  const v = n > 0 ? n : length + n + 1;
  return v >= 1 && v <= length ? v : null;
}

/** Days of [first, last] whose weekday matches a BYDAY entry; ordinals count within the span. */
function byDayInSpan(byDay: ByDay[], first: number, last: number): Set<number> {
  const out = new Set<number>();
  for (const { weekday, ordinal } of byDay) {
    const firstMatch = first + ((weekday - weekdayOf(first) + 7) % 7);
    if (ordinal === 0) {
      for (let d = firstMatch; d <= last; d += 7) out.add(d);
      continue;
    }
    const lastMatch = last - ((weekdayOf(last) - weekday + 7) % 7);
    const day = ordinal > 0 ? firstMatch + (ordinal - 1) * 7 : lastMatch + (ordinal + 1) * 7;
    if (day >= first && day <= last) out.add(day);
  }
  return out;
}

/** Does a day pass the parts that act as limits? (Weekday entries are matched without ordinal.) */
export function passesDayLimits(rule: RecurrenceRule, dayNum: number, parts: Set<string>): boolean {
  if (parts.has('weekday') && rule.byDay.length) {
    const wd = weekdayOf(dayNum);
    if (!rule.byDay.some((b) => b.weekday === wd)) return false;
  }
  const needsDate =
    (parts.has('month') && rule.byMonth.length > 0) ||
    (parts.has('monthday') && rule.byMonthDay.length > 0) ||
    (parts.has('yearday') && rule.byYearDay.length > 0);
  if (needsDate) {
    const { year, month, day } = civilDate(dayNum);
    if (parts.has('month') && rule.byMonth.length && !rule.byMonth.includes(month)) return false;
    if (parts.has('monthday') && rule.byMonthDay.length) {
      const len = daysInMonth(year, month);
      if (!rule.byMonthDay.some((n) => resolveIndex(n, len) === day)) return false;
    }
    if (parts.has('yearday') && rule.byYearDay.length) {
      const yd = dayNum - dayNumber(year, 1, 1) + 1;
      if (!rule.byYearDay.some((n) => resolveIndex(n, daysInYear(year)) === yd)) return false;
    }
  }
  if (parts.has('weekno') && rule.byWeekNo.length) {
    const { year, week } = weekNumberOf(dayNum, rule.wkst);
    const total = weeksInYear(year, rule.wkst);
    if (!rule.byWeekNo.some((n) => resolveIndex(n, total) === week)) return false;
  }
  return true;
}

/** Days of a month period (MONTHLY), or of one month inside a YEARLY period. */
export function monthDays(
  rule: RecurrenceRule,
  anchor: RuleAnchor,
  year: number,
  month: number,
  byDayInMonth: boolean,
): number[] {
  const first = dayNumber(year, month, 1);
  const len = daysInMonth(year, month);
  const last = first + len - 1;
  let days: number[];
  if (rule.byMonthDay.length) {
    days = rule.byMonthDay
      .map((n) => resolveIndex(n, len))
      .filter((d): d is number => d !== null)
      .map((d) => first + d - 1);
  } else if (rule.byDay.length) {
    days = [...byDayInSpan(rule.byDay, first, last)];
  } else {
    days = anchor.day <= len ? [first + anchor.day - 1] : [];
  }
  if (rule.byMonthDay.length && rule.byDay.length && byDayInMonth) {
    const allowed = byDayInSpan(rule.byDay, first, last);
    days = days.filter((d) => allowed.has(d));
  }
  // BYMONTHDAY=31,-1 names one day twice in a 31-day month.
  return sortUnique(days);
}

/** Days of a YEARLY period `year` (a week-numbering year when BYWEEKNO is present). */
export function yearDays(rule: RecurrenceRule, anchor: RuleAnchor, year: number): number[] {
  let days: number[];
  if (rule.byYearDay.length) {
    const first = dayNumber(year, 1, 1);
    const len = daysInYear(year);
    days = rule.byYearDay
      .map((n) => resolveIndex(n, len))
      .filter((d): d is number => d !== null)
      .map((d) => first + d - 1);
    days = limitByDay(rule, days, first, first + len - 1);
    const limits = new Set(['month', 'monthday', 'weekno']);
    return sortUnique(days.filter((d) => passesDayLimits(rule, d, limits)));
  }
  if (rule.byWeekNo.length) return weekNoDays(rule, anchor, year);
  if (rule.byMonthDay.length || !rule.byDay.length) {
    // BYMONTHDAY in each BYMONTH (both default to DTSTART's), then BYDAY as a limit.
    const months = rule.byMonth.length ? rule.byMonth : [anchor.month];
    days = months.flatMap((m) => monthDays(rule, anchor, year, m, rule.byMonth.length > 0));
    if (rule.byDay.length && !rule.byMonth.length) {
      days = limitByDay(rule, days, dayNumber(year, 1, 1), dayNumber(year, 12, 31));
    }
    return sortUnique(days);
  }
  // BYDAY alone: within each BYMONTH month when given (ordinals count in the month), else the year.
  if (rule.byMonth.length) {
    days = rule.byMonth.flatMap((m) => [
      ...byDayInSpan(rule.byDay, dayNumber(year, m, 1), dayNumber(year, m, daysInMonth(year, m))),
    ]);
  } else {
    days = [...byDayInSpan(rule.byDay, dayNumber(year, 1, 1), dayNumber(year, 12, 31))];
  }
  return sortUnique(days);
}

function limitByDay(rule: RecurrenceRule, days: number[], first: number, last: number): number[] {
  if (!rule.byDay.length) return days;
  const allowed = byDayInSpan(rule.byDay, first, last);
  return days.filter((d) => allowed.has(d));
}

/** Days in the listed weeks of week-numbering year `year`, on BYDAY's weekdays (or DTSTART's). */
function weekNoDays(rule: RecurrenceRule, anchor: RuleAnchor, year: number): number[] {
  const start = weekOneStart(year, rule.wkst);
  const total = weeksInYear(year, rule.wkst);
  const weekdays = rule.byDay.length ? rule.byDay.map((b) => b.weekday) : [anchor.weekday];
  const days: number[] = [];
  for (const n of rule.byWeekNo) {
    const week = resolveIndex(n, total);
    if (week === null) continue;
    const weekStartDay = start + (week - 1) * 7;
    for (const wd of weekdays) days.push(weekStartDay + ((wd - rule.wkst + 7) % 7));
  }
  const limits = new Set(['month', 'monthday']);
  return sortUnique(days.filter((d) => passesDayLimits(rule, d, limits)));
}

/** Days of a WEEKLY period starting on `weekStartDay`. */
export function weekDays(rule: RecurrenceRule, anchor: RuleAnchor, weekStartDay: number): number[] {
  const weekdays = rule.byDay.length ? rule.byDay.map((b) => b.weekday) : [anchor.weekday];
  const days = weekdays.map((wd) => weekStartDay + ((wd - rule.wkst + 7) % 7));
  const limits = new Set(['month', 'monthday', 'yearday', 'weekno']);
  return sortUnique(days.filter((d) => passesDayLimits(rule, d, limits)));
}

/** Limits that apply to a single day in DAILY and finer frequencies. */
export const DAY_LIMITS = new Set(['month', 'weekday', 'monthday', 'yearday', 'weekno']);

function sortUnique(days: number[]): number[] {
  return [...new Set(days)].sort((a, b) => a - b);
}
