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

/**
 * `error` says what is wrong without the property's name or value (`not a duration`): ical.js
 * holds values re-serialised, so the caller quotes the value as the file wrote it (see
 * written-value.ts), and only when the message is made.
 */
export type ValueResult<T> = { ok: true; value: T } | { ok: false; error: string };

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z?)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T::)?$/;

/** Parses one jCal date or date-time string (`2024-03-04`, `2024-03-04T09:00:00Z`). */
export function parseJcalDate(text: string, tzid: string | null): ValueResult<IcsDateValue> {
  const dt = DATE_TIME.exec(text);
  const d = dt ? null : DATE.exec(text);
  const m = dt ?? d;
  if (!m) return { ok: false, error: 'not a date or date-time' };
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
  if (!valid) return { ok: false, error: 'impossible date or time' };
  if (value.second === 60) value.second = 59; // a leap second is read as the second before
  return { ok: true, value };
}

/** Parses an RFC 5545 duration (`P1DT2H`, `-PT15M`, `P2W`). */
export function parseDuration(text: string): ValueResult<IcsDuration> {
  const m = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(
    text.trim().toUpperCase(),
  );
  if (!m || text.trim().toUpperCase().replace(/^[+-]/, '') === 'P')
    return { ok: false, error: 'not a duration' };
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

/** Which value of a list was wrong, when the list has more than one: `value 2: `. */
function entry(index: number, count: number): string {
  return count > 1 ? `value ${index + 1}: ` : '';
}

/** Reads a single-valued DTSTART/DTEND/RECURRENCE-ID property. */
export function readDateProperty(prop: JcalProperty): ValueResult<IcsDateValue> {
  const [first] = values(prop);
  if (typeof first !== 'string') return { ok: false, error: 'has no date value' };
  return parseJcalDate(first, tzidOf(prop));
}

/** Reads every value of an EXDATE line (several per line are allowed). */
export function readDateList(prop: JcalProperty): ValueResult<IcsDateValue[]> {
  const out: IcsDateValue[] = [];
  const list = values(prop);
  for (const [i, raw] of list.entries()) {
    const parsed =
      typeof raw === 'string'
        ? parseJcalDate(raw, tzidOf(prop))
        : { ok: false as const, error: 'not a date' };
    if (!parsed.ok) return { ok: false, error: `${entry(i, list.length)}${parsed.error}` };
    out.push(parsed.value);
  }
  return { ok: true, value: out };
}

/** Reads every value of an RDATE line: dates, date-times or PERIODs (start/end or start/duration). */
export function readRdates(prop: JcalProperty): ValueResult<IcsRdate[]> {
  const out: IcsRdate[] = [];
  const tzid = tzidOf(prop);
  const list = values(prop);
  for (const [i, raw] of list.entries()) {
    const read = readRdate(raw, tzid);
    if (!read.ok) return { ok: false, error: `${entry(i, list.length)}${read.error}` };
    out.push(read.value);
  }
  return { ok: true, value: out };
}

/** One RDATE value: a date, a date-time, or a PERIOD as ical.js holds it ([start, end]). */
function readRdate(raw: unknown, tzid: string | null): ValueResult<IcsRdate> {
  const [startText, second] = Array.isArray(raw) ? (raw as unknown[]) : [raw, null];
  if (typeof startText !== 'string') return { ok: false, error: 'not a date or period' };
  const start = parseJcalDate(startText, tzid);
  if (!start.ok) return start;
  const rdate: IcsRdate = { start: start.value, end: null, duration: null };
  if (typeof second !== 'string') return { ok: true, value: rdate };
  if (/^[+-]?P/i.test(second)) {
    const duration = parseDuration(second);
    if (!duration.ok) return { ok: false, error: `period ${duration.error}` };
    rdate.duration = duration.value;
  } else {
    const end = parseJcalDate(second, tzid);
    if (!end.ok) return { ok: false, error: `period end ${end.error}` };
    rdate.end = end.value;
  }
  return { ok: true, value: rdate };
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
