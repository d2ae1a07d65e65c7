/**
 * Reads date, date-time, period and duration values straight from ical.js's jCal arrays.
 *
 * ical.js's own value objects normalise impossible dates (`20241399` becomes 2025-04-09) and
 * mangle sloppy forms (`DTSTART:20240101` becomes `2024-01-01T::`), so the raw jCal strings
 * are checked here instead: a value is either valid as written or reported, never guessed.
 */
import { daysInMonth } from '../recurrence/civil.js';
import { parameter, values, type JcalProperty } from './jcal.js';

/** A DATE or DATE-TIME as written: wall-clock fields, whether UTC (`Z`), and its TZID if any. */
export interface IcsDateValue {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  isDate: boolean;
  isUtc: boolean;
  tzid: string | null;
}

/** A nominal duration: whole days (weeks included) plus exact seconds, RFC 5545 §3.3.6. */
export interface IcsDuration {
  days: number;
  seconds: number;
  negative: boolean;
}

/** An RDATE entry: a start, and for PERIOD values the end or duration that goes with it. */
export interface IcsRdate {
  start: IcsDateValue;
  end: IcsDateValue | null;
  duration: IcsDuration | null;
}

export type ValueResult<T> = { ok: true; value: T } | { ok: false; error: string };

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z?)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T::)?$/;

/** Parses one jCal date or date-time string (`2024-03-04`, `2024-03-04T09:00:00Z`). */
export function parseJcalDate(text: string, tzid: string | null): ValueResult<IcsDateValue> {
  const dt = DATE_TIME.exec(text);
  const d = dt ? null : DATE.exec(text);
  const m = dt ?? d;
  if (!m) return { ok: false, error: `not a date or date-time: "${jcalToIcs(text)}"` };
  const value: IcsDateValue = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: dt ? Number(m[4]) : 0,
    minute: dt ? Number(m[5]) : 0,
    second: dt ? Number(m[6]) : 0,
    isDate: !dt,
    isUtc: dt ? m[7] === 'Z' : false,
    // A UTC value ignores any TZID: RFC 5545 forbids the pair, and `Z` is the unambiguous part.
    tzid: dt && m[7] === 'Z' ? null : dt ? tzid : null,
  };
  const valid =
    value.month >= 1 &&
    value.month <= 12 &&
    value.day >= 1 &&
    value.day <= daysInMonth(value.year, value.month) &&
    value.hour <= 23 &&
    value.minute <= 59 &&
    value.second <= 60;
  if (!valid) return { ok: false, error: `impossible date or time: "${jcalToIcs(text)}"` };
  if (value.second === 60) value.second = 59; // a leap second is read as the second before
  return { ok: true, value };
}

/** Shows a jCal date string in the iCalendar form the file had, for messages. */
function jcalToIcs(text: string): string {
  return text.replace(/[-:]/g, '').replace(/T$/, '');
}

/** Parses an RFC 5545 duration (`P1DT2H`, `-PT15M`, `P2W`). */
export function parseDuration(text: string): ValueResult<IcsDuration> {
  const m = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(
    text.trim().toUpperCase(),
  );
  if (!m || text.trim().toUpperCase().replace(/^[+-]/, '') === 'P')
    return { ok: false, error: `not a duration: "${text}"` };
  const [, sign, w, d, h, mi, s] = m;
  return {
    ok: true,
    value: {
      days: Number(w ?? 0) * 7 + Number(d ?? 0),
      seconds: Number(h ?? 0) * 3600 + Number(mi ?? 0) * 60 + Number(s ?? 0),
      negative: sign === '-',
    },
  };
}

function tzidOf(prop: JcalProperty): string | null {
  const tzid = parameter(prop, 'tzid');
  return tzid !== null && tzid.trim() !== '' ? tzid : null;
}

function nameOf(prop: JcalProperty): string {
  return prop[0].toUpperCase();
}

/** Reads a single-valued DTSTART/DTEND/RECURRENCE-ID property. */
export function readDateProperty(prop: JcalProperty): ValueResult<IcsDateValue> {
  const [first] = values(prop);
  if (typeof first !== 'string') return { ok: false, error: `${nameOf(prop)} has no date value` };
  const parsed = parseJcalDate(first, tzidOf(prop));
  return parsed.ok ? parsed : { ok: false, error: `${nameOf(prop)} ${parsed.error}` };
}

/** Reads every value of an EXDATE line (several per line are allowed). */
export function readDateList(prop: JcalProperty): ValueResult<IcsDateValue[]> {
  const out: IcsDateValue[] = [];
  for (const raw of values(prop)) {
    if (typeof raw !== 'string') return { ok: false, error: `${nameOf(prop)} value is not a date` };
    const parsed = parseJcalDate(raw, tzidOf(prop));
    if (!parsed.ok) return { ok: false, error: `${nameOf(prop)} ${parsed.error}` };
    out.push(parsed.value);
  }
  return { ok: true, value: out };
}

/** Reads every value of an RDATE line: dates, date-times or PERIODs (start/end or start/duration). */
export function readRdates(prop: JcalProperty): ValueResult<IcsRdate[]> {
  const out: IcsRdate[] = [];
  const tzid = tzidOf(prop);
  for (const raw of values(prop)) {
    const [startText, second] = Array.isArray(raw) ? (raw as unknown[]) : [raw, null];
    if (typeof startText !== 'string')
      return { ok: false, error: 'RDATE value is not a date or period' };
    const start = parseJcalDate(startText, tzid);
    if (!start.ok) return { ok: false, error: `RDATE ${start.error}` };
    const entry: IcsRdate = { start: start.value, end: null, duration: null };
    if (typeof second === 'string') {
      if (/^[+-]?P/i.test(second)) {
        const duration = parseDuration(second);
        if (!duration.ok) return { ok: false, error: `RDATE period ${duration.error}` };
        entry.duration = duration.value;
      } else {
        const end = parseJcalDate(second, tzid);
        if (!end.ok) return { ok: false, error: `RDATE period end ${end.error}` };
        entry.end = end.value;
      }
    }
    out.push(entry);
  }
  return { ok: true, value: out };
}

/** The RRULE as text, rebuilt from ical.js's parsed form (ical.js has already read the line). */
export function readRuleText(prop: JcalProperty): string | null {
  const [value] = values(prop);
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object') return null;
  const weekdays = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
  return (
    Object.entries(value as Record<string, unknown>)
      // Google's trailing `;` leaves an empty part.
      .filter(([key, v]) => key !== '' && v !== undefined && v !== null)
      .map(([key, v]) => {
        const name = key.toUpperCase();
        let text = Array.isArray(v) ? v.join(',') : String(v);
        // ical.js stores WKST as 1 = SU ... 7 = SA and UNTIL in jCal form.
        if (name === 'WKST' && typeof v === 'number') text = weekdays[v - 1] ?? text;
        if (name === 'UNTIL') text = text.replace(/[-:]/g, '');
        return `${name}=${text}`;
      })
      .join(';')
  );
}
