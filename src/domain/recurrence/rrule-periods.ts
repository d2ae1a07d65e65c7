/**
 * One rule period at a time: where period k starts, and which wall-clock instants it holds.
 *
 * A period is YEARLY's year, MONTHLY's month, WEEKLY's week (from WKST), DAILY's day, or one
 * hour/minute/second. Its candidates are `days × times` in order, which lets BYSETPOS pick the
 * n-th candidate by arithmetic instead of building the whole set (libical's table has a rule with
 * 69,632 candidates a month).
 */
import {
  civilDate,
  dayNumber,
  SECONDS_PER_DAY,
  weekdayOf,
  weekNumberOf,
  weekOneStart,
  type LocalFields,
} from './civil.js';
import {
  DAY_LIMITS,
  monthDays,
  passesDayLimits,
  weekDays,
  yearDays,
  type RuleAnchor,
} from './rrule-days.js';
import type { RecurrenceRule } from './rrule-parse.js';

export interface PeriodSet {
  days: number[];
  /** Sorted seconds of the day. */
  times: number[];
}

export interface PeriodPlan {
  /** Local seconds at which period k begins (no candidate of period k lies before it). */
  startOf(k: number): number;
  /** The candidates of period k, or a later period index to jump to when k holds none. */
  candidates(k: number): PeriodSet | { skipTo: number };
  /** A period index at or before the one holding `local` (to skip ahead without COUNT). */
  indexBefore(local: number): number;
}

const SUB_DAILY_UNIT = { HOURLY: 3600, MINUTELY: 60, SECONDLY: 1 } as const;

function product(hours: number[], minutes: number[], seconds: number[]): number[] {
  const out: number[] = [];
  for (const h of hours)
    for (const m of minutes) for (const s of seconds) out.push(h * 3600 + m * 60 + s);
  return out.sort((a, b) => a - b);
}

/**
 * The YEARLY start year. With BYWEEKNO, libical starts in the neighbouring week-numbering year
 * when DTSTART's week belongs to it and that year has days on DTSTART's side of New Year.
 */
function firstYear(rule: RecurrenceRule, anchor: RuleAnchor, startDay: number): number {
  const { year, month } = civilDate(startDay);
  if (!rule.byWeekNo.length) return year;
  const { week } = weekNumberOf(startDay, rule.wkst);
  if (month === 1 && week > 5) {
    const newYear = dayNumber(year, 1, 1);
    return yearDays(rule, anchor, year - 1).some((d) => d >= newYear) ? year - 1 : year;
  }
  if (month === 12 && week < 45) return yearDays(rule, anchor, year + 1).length ? year + 1 : year;
  return year;
}

/** Builds the period plan for a rule anchored at DTSTART (`start`, wall clock). */
export function planPeriods(rule: RecurrenceRule, start: LocalFields, isDate: boolean): PeriodPlan {
  const startDay = dayNumber(start.year, start.month, start.day);
  const anchor: RuleAnchor = { month: start.month, day: start.day, weekday: weekdayOf(startDay) };
  const pick = (by: number[], own: number): number[] => (isDate ? [0] : by.length ? by : [own]);
  const dailyTimes = product(
    pick(rule.byHour, start.hour),
    pick(rule.byMinute, start.minute),
    pick(rule.bySecond, start.second),
  );
  const interval = rule.interval;
  // A date-only DTSTART has no time of day to step through, so sub-daily rules step by days.
  const freq = isDate && rule.freq in SUB_DAILY_UNIT ? 'DAILY' : rule.freq;

  switch (freq) {
    case 'YEARLY': {
      const y0 = firstYear(rule, anchor, startDay);
      const yearOf = (k: number): number => y0 + k * interval;
      return {
        startOf: (k) =>
          (rule.byWeekNo.length ? weekOneStart(yearOf(k), rule.wkst) : dayNumber(yearOf(k), 1, 1)) *
          SECONDS_PER_DAY,
        candidates: (k) => ({ days: yearDays(rule, anchor, yearOf(k)), times: dailyTimes }),
        indexBefore: (local) =>
          Math.floor((civilDate(Math.floor(local / SECONDS_PER_DAY)).year - 1 - y0) / interval),
      };
    }
    case 'MONTHLY': {
      const m0 = start.year * 12 + start.month - 1;
      const ym = (k: number): [number, number] => {
        const m = m0 + k * interval;
        return [Math.floor(m / 12), (m % 12) + 1];
      };
      const limits = new Set(['yearday', 'weekno']);
      return {
        startOf: (k) => dayNumber(...ym(k), 1) * SECONDS_PER_DAY,
        candidates: (k) => {
          const [y, m] = ym(k);
          if (rule.byMonth.length && !rule.byMonth.includes(m))
            return { days: [], times: dailyTimes };
          const days = monthDays(rule, anchor, y, m, true).filter((d) =>
            passesDayLimits(rule, d, limits),
          );
          return { days: days.sort((a, b) => a - b), times: dailyTimes };
        },
        indexBefore: (local) => {
          const { year, month } = civilDate(Math.floor(local / SECONDS_PER_DAY));
          return Math.floor((year * 12 + month - 1 - m0) / interval) - 1;
        },
      };
    }
    case 'WEEKLY':
    case 'DAILY': {
      const length = freq === 'WEEKLY' ? 7 : 1;
      const d0 = freq === 'WEEKLY' ? startDay - ((anchor.weekday - rule.wkst + 7) % 7) : startDay;
      const dayOf = (k: number): number => d0 + k * interval * length;
      return {
        startOf: (k) => dayOf(k) * SECONDS_PER_DAY,
        candidates: (k) => {
          const d = dayOf(k);
          if (freq === 'WEEKLY') return { days: weekDays(rule, anchor, d), times: dailyTimes };
          return { days: passesDayLimits(rule, d, DAY_LIMITS) ? [d] : [], times: dailyTimes };
        },
        indexBefore: (local) =>
          Math.floor((local / SECONDS_PER_DAY - d0) / (interval * length)) - 1,
      };
    }
    default:
      return subDailyPlan(
        rule,
        start,
        startDay,
        SUB_DAILY_UNIT[freq as keyof typeof SUB_DAILY_UNIT],
      );
  }
}

/** HOURLY, MINUTELY, SECONDLY: one unit per period; a failed limit jumps to the next unit that can pass. */
function subDailyPlan(
  rule: RecurrenceRule,
  start: LocalFields,
  startDay: number,
  unit: number,
): PeriodPlan {
  const startSecond =
    startDay * SECONDS_PER_DAY + start.hour * 3600 + start.minute * 60 + start.second;
  const s0 = startSecond - (startSecond % unit);
  const step = rule.interval * unit;
  const minutes = unit > 60 ? (rule.byMinute.length ? rule.byMinute : [start.minute]) : [0];
  const seconds = unit > 1 ? (rule.bySecond.length ? rule.bySecond : [start.second]) : [0];
  const offsets = product([0], minutes, seconds);
  const nextIndexAt = (local: number): number => Math.ceil((local - s0) / step);
  return {
    startOf: (k) => s0 + k * step,
    indexBefore: (local) => Math.floor((local - s0) / step) - 1,
    candidates: (k) => {
      const at = s0 + k * step;
      const day = Math.floor(at / SECONDS_PER_DAY);
      const secOfDay = at - day * SECONDS_PER_DAY;
      const hour = Math.floor(secOfDay / 3600);
      const minute = Math.floor((secOfDay % 3600) / 60);
      if (!passesDayLimits(rule, day, DAY_LIMITS))
        return { skipTo: Math.max(k + 1, nextIndexAt((day + 1) * SECONDS_PER_DAY)) };
      if (rule.byHour.length && !rule.byHour.includes(hour)) {
        return { skipTo: Math.max(k + 1, nextIndexAt(at - (at % 3600) + 3600)) };
      }
      if (unit < 3600 && rule.byMinute.length && !rule.byMinute.includes(minute)) {
        return { skipTo: Math.max(k + 1, nextIndexAt(at - (at % 60) + 60)) };
      }
      if (unit === 1 && rule.bySecond.length && !rule.bySecond.includes(secOfDay % 60))
        return { skipTo: k + 1 };
      return { days: [day], times: offsets.map((o) => secOfDay + o) };
    },
  };
}
