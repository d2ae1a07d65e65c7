/**
 * Parses an RRULE value (RFC 5545 §3.3.10) into plain numbers the iterator can use.
 *
 * Tolerant where real files are sloppy and the meaning is still clear: a trailing `;` (Google
 * writes one), lower case, spaces around parts, duplicate list values, an `RRULE:` prefix,
 * `RSCALE=GREGORIAN` and unknown `X-` parts. Strict where guessing would invent instances: an
 * unknown FREQ, a value out of range, or a non-Gregorian RSCALE is an error.
 */
import { WEEKDAY_CODES } from './civil.js';

export const FREQUENCIES = [
  'SECONDLY',
  'MINUTELY',
  'HOURLY',
  'DAILY',
  'WEEKLY',
  'MONTHLY',
  'YEARLY',
] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** A BYDAY entry: weekday 0 = Monday ... 6 = Sunday, ordinal 0 when absent (every such day). */
export interface ByDay {
  weekday: number;
  ordinal: number;
}

/** UNTIL as written: a date, a floating date-time, or a UTC date-time (fields as written). */
export interface RuleUntil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  isDate: boolean;
  isUtc: boolean;
}

export interface RecurrenceRule {
  freq: Frequency;
  interval: number;
  count: number | null;
  until: RuleUntil | null;
  /** Week start, 0 = Monday (the default) ... 6 = Sunday. */
  wkst: number;
  bySecond: number[];
  byMinute: number[];
  byHour: number[];
  byDay: ByDay[];
  byMonthDay: number[];
  byYearDay: number[];
  byWeekNo: number[];
  byMonth: number[];
  bySetPos: number[];
}

export type ParsedRule = { ok: true; rule: RecurrenceRule } | { ok: false; error: string };

type ListPart =
  | 'bySecond'
  | 'byMinute'
  | 'byHour'
  | 'byMonthDay'
  | 'byYearDay'
  | 'byWeekNo'
  | 'byMonth'
  | 'bySetPos';

/** Allowed ranges; negative ranges are the mirrored ones (RFC 5545 §3.3.10 grammar). */
const LIST_PARTS: Record<string, { key: ListPart; min: number; max: number; signed: boolean }> = {
  BYSECOND: { key: 'bySecond', min: 0, max: 60, signed: false },
  BYMINUTE: { key: 'byMinute', min: 0, max: 59, signed: false },
  BYHOUR: { key: 'byHour', min: 0, max: 23, signed: false },
  BYMONTHDAY: { key: 'byMonthDay', min: 1, max: 31, signed: true },
  BYYEARDAY: { key: 'byYearDay', min: 1, max: 366, signed: true },
  BYWEEKNO: { key: 'byWeekNo', min: 1, max: 53, signed: true },
  BYMONTH: { key: 'byMonth', min: 1, max: 12, signed: false },
  BYSETPOS: { key: 'bySetPos', min: 1, max: 366, signed: true },
};

function parseIntList(value: string, spec: (typeof LIST_PARTS)[string]): number[] | string {
  const out = new Set<number>();
  for (const raw of value.split(',')) {
    const text = raw.trim();
    if (!/^[+-]?\d+$/.test(text)) return `not a number: "${raw}"`;
    const n = Number(text);
    const abs = Math.abs(n);
    if ((n < 0 && !spec.signed) || abs < spec.min || abs > spec.max) return `out of range: ${n}`;
    // BYSECOND=60 (a leap second) has no wall-clock instant; RFC 5545 allows it, we drop it.
    if (!(spec.key === 'bySecond' && n === 60)) out.add(n);
  }
  return [...out].sort((a, b) => a - b);
}

function parseByDay(value: string): ByDay[] | string {
  const out = new Map<string, ByDay>();
  for (const raw of value.split(',')) {
    const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(raw.trim().toUpperCase());
    const weekday = m ? WEEKDAY_CODES.indexOf(m[2] as (typeof WEEKDAY_CODES)[number]) : -1;
    if (!m || weekday < 0) return `not a weekday: "${raw}"`;
    const ordinal = m[1] ? Number(m[1]) : 0;
    if (Math.abs(ordinal) > 53) return `weekday ordinal out of range: ${ordinal}`;
    out.set(`${ordinal}${weekday}`, { weekday, ordinal });
  }
  return [...out.values()];
}

function parseUntil(value: string): RuleUntil | string {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(
    value.trim().toUpperCase(),
  );
  if (!m) return `UNTIL is not a date or date-time: "${value}"`;
  const [, y, mo, d, h, mi, s, z] = m;
  const until: RuleUntil = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h ?? 0),
    minute: Number(mi ?? 0),
    second: Number(s ?? 0),
    isDate: h === undefined,
    isUtc: z === 'Z',
  };
  if (until.month < 1 || until.month > 12 || until.day < 1 || until.day > 31)
    return `UNTIL is not a valid date: "${value}"`;
  return until;
}

function emptyRule(freq: Frequency): RecurrenceRule {
  return {
    freq,
    interval: 1,
    count: null,
    until: null,
    wkst: 0,
    bySecond: [],
    byMinute: [],
    byHour: [],
    byDay: [],
    byMonthDay: [],
    byYearDay: [],
    byWeekNo: [],
    byMonth: [],
    bySetPos: [],
  };
}

/** Splits `A=1;B=2;` into upper-cased keys and values, ignoring empty parts (the trailing `;`). */
function splitParts(text: string): [string, string][] | string {
  const body = text.trim().replace(/^RRULE:/i, '');
  const parts: [string, string][] = [];
  for (const part of body.split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return `malformed rule part "${part}"`;
    parts.push([part.slice(0, eq).trim().toUpperCase(), part.slice(eq + 1).trim()]);
  }
  return parts;
}

/** Applies one NAME=value part to the rule; returns an error message or null. */
function applyPart(rule: RecurrenceRule, name: string, value: string): string | null {
  const list = LIST_PARTS[name];
  if (list) {
    const parsed = parseIntList(value, list);
    if (typeof parsed === 'string') return `${name} ${parsed}`;
    rule[list.key] = parsed;
    return null;
  }
  switch (name) {
    case 'FREQ':
      return null;
    case 'INTERVAL':
    case 'COUNT': {
      if (!/^\d+$/.test(value) || Number(value) < (name === 'COUNT' ? 0 : 1))
        return `${name} must be a positive integer`;
      if (name === 'COUNT') rule.count = Number(value);
      else rule.interval = Number(value);
      return null;
    }
    case 'UNTIL': {
      const until = parseUntil(value);
      if (typeof until === 'string') return until;
      rule.until = until;
      return null;
    }
    case 'WKST': {
      const wkst = WEEKDAY_CODES.indexOf(value.toUpperCase() as (typeof WEEKDAY_CODES)[number]);
      if (wkst < 0) return `WKST is not a weekday: "${value}"`;
      rule.wkst = wkst;
      return null;
    }
    case 'BYDAY': {
      const days = parseByDay(value);
      if (typeof days === 'string') return `BYDAY ${days}`;
      rule.byDay = days;
      return null;
    }
    case 'RSCALE':
      return value.toUpperCase() === 'GREGORIAN'
        ? null
        : `RSCALE=${value} (non-Gregorian calendars) is not supported`;
    case 'SKIP':
      // Only meaningful with a non-Gregorian RSCALE, which is refused above; OMIT is the default.
      return null;
    default:
      return name.startsWith('X-') ? null : `unknown rule part ${name}`;
  }
}

/** Parses an RRULE value; never throws. */
export function parseRecurrenceRule(text: string): ParsedRule {
  const parts = splitParts(text);
  if (typeof parts === 'string') return { ok: false, error: parts };
  const freqText = parts.find(([k]) => k === 'FREQ')?.[1]?.toUpperCase();
  const freq = FREQUENCIES.find((f) => f === freqText);
  if (!freq)
    return { ok: false, error: freqText ? `unknown FREQ=${freqText}` : 'RRULE has no FREQ' };
  const rule = emptyRule(freq);
  for (const [name, value] of parts) {
    const error = applyPart(rule, name, value);
    if (error) return { ok: false, error };
  }
  // COUNT with UNTIL is forbidden by RFC 5545 but seen; both bound the series, so both apply.
  return { ok: true, rule };
}
