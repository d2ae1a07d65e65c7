/**
 * Wall-clock questions conflicts ask of a time zone: where a calendar day starts (all-day events,
 * working hours) and what local day and minute an instant falls on. Built on the recurrence
 * module's cached zone clocks; a name that is not an IANA zone reads as UTC.
 */
import { IANAZone } from 'luxon';
import { civilDate, dayNumber, weekdayOf } from '../recurrence/civil.js';
import { ianaClock, type ZoneClock } from '../recurrence/zone-clock.js';

const DAY_SECONDS = 86_400;
const validity = new Map<string, boolean>();

export function isValidZone(zone: string | null | undefined): zone is string {
  if (!zone) return false;
  let valid = validity.get(zone);
  if (valid === undefined) validity.set(zone, (valid = IANAZone.isValidZone(zone)));
  return valid;
}

function clockOf(zone: string | null | undefined): ZoneClock {
  return ianaClock(isValidZone(zone) ? zone : 'UTC');
}

/** Midnight UTC-ms that starts the calendar date `YYYY-MM-DD` in `zone`. */
export function startOfDate(date: string, zone: string | null): number {
  const [year, month, day] = date.split('-').map(Number);
  return clockOf(zone).toUtc(dayNumber(year ?? 1970, month ?? 1, day ?? 1) * DAY_SECONDS);
}

export interface LocalMoment {
  /** Days since 1970-01-01 on the local calendar. */
  day: number;
  /** Minutes since local midnight. */
  minute: number;
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  weekday: number;
}

export function localMoment(utcMs: number, zone: string | null): LocalMoment {
  const local = clockOf(zone).toLocal(utcMs);
  const day = Math.floor(local / DAY_SECONDS);
  return {
    day,
    minute: Math.floor((local - day * DAY_SECONDS) / 60),
    weekday: weekdayOf(day) + 1,
  };
}

/** UTC-ms of `minute` minutes after local midnight of local `day` in `zone`. */
export function utcOfLocal(day: number, minute: number, zone: string | null): number {
  return clockOf(zone).toUtc(day * DAY_SECONDS + minute * 60);
}

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "Tue 2026-03-10 10:00 (Europe/Berlin)": an instant as the person reads it. */
export function formatLocal(utcMs: number, zone: string | null): string {
  const name = isValidZone(zone) ? zone : 'UTC';
  const moment = localMoment(utcMs, name);
  const { year, month, day } = civilDate(moment.day);
  const hh = String(Math.floor(moment.minute / 60)).padStart(2, '0');
  const mm = String(moment.minute % 60).padStart(2, '0');
  const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return `${WEEKDAY_NAMES[moment.weekday - 1]} ${date} ${hh}:${mm} (${name})`;
}
