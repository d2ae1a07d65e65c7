/**
 * The zone an EWS TimeZoneDefinition defines, for a series whose zone has no name a table knows
 * (`Customized Time Zone`, which Exchange gives invitations from other clients): the IANA zone
 * whose offsets agree with it, else a DefinedZone built from the definition alone, usable by
 * luxon for local times and written as a VTIMEZONE for the expansion (exchange-recurrence.ts).
 * Kept apart from exchange-recurrence.ts, which turns EWS patterns into RRULEs and slots, because
 * reading a zone's rules is a subject of its own.
 */
import { IANAZone, Zone, type ZoneOffsetFormat } from 'luxon';
import type { EwsTimeZoneDefinition, EwsTransitionTime } from './exchange-wire.js';

/** An IANA name, or a zone defined by EWS; luxon takes either as a `zone` option. */
export type SeriesZone = string | DefinedZone;

/** The TZID the calendar written for expansion gives a DefinedZone: no table knows it. */
export const DEFINED_TZID = 'X-EWS-Defined-Zone';
/** The year a DefinedZone's VTIMEZONE observances start (ical.js expands each change from it). */
const FIRST_YEAR = 1970;
/** Transitions whose definition gives no time of day (no TimeOffset) are taken at 02:00 local. */
const DEFAULT_TRANSITION_MINUTES = 120;
const DAY_MS = 86_400_000;

const seriesZones = new Map<string, SeriesZone>();

/**
 * The zone a TimeZoneDefinition defines, for the years a series is read in: the first IANA zone
 * whose offsets agree with the definition through those years (its history then supplies what
 * the definition lost, such as the time of day of each change), else a DefinedZone built from
 * the definition alone. Made once per process for each definition and years.
 */
export function zoneOfDefinition(
  label: string,
  definition: EwsTimeZoneDefinition,
  years: number[],
): SeriesZone {
  const key = JSON.stringify([label, definition, years]);
  let zone = seriesZones.get(key);
  if (zone === undefined) {
    // A mailbox has a handful of definitions; a bound keeps a long-running service in check.
    if (seriesZones.size >= 100) seriesZones.clear();
    const defined = new DefinedZone(label, definition);
    seriesZones.set(key, (zone = matchingIanaZone(defined, years) ?? defined));
  }
  return zone;
}

let ianaNames: string[] | null = null;

/**
 * The first IANA zone (in name order) with the definition's offsets at the samples: the middle
 * of January and July, a day either side of each change, and a minute either side of it when
 * its time of day is known.
 */
function matchingIanaZone(zone: DefinedZone, years: number[]): string | null {
  const samples: number[] = [];
  for (const year of years) {
    samples.push(Date.UTC(year, 0, 15, 12), Date.UTC(year, 6, 15, 12));
    for (const change of zone.changesIn(year)) {
      samples.push(change.at - DAY_MS, change.at + DAY_MS);
      if (change.timeKnown) samples.push(change.at - 60_000, change.at + 60_000);
    }
  }
  const expected = samples.map((ms) => zone.offset(ms));
  ianaNames ??= Intl.supportedValuesOf('timeZone').sort();
  for (const name of ianaNames) {
    const iana = IANAZone.create(name);
    if (samples.every((ms, i) => iana.offset(ms) === expected[i])) return name;
  }
  return null;
}

/** One change of offset in a year: the UTC instant, and whether its time of day was given. */
interface Change {
  at: number;
  timeKnown: boolean;
}

/**
 * A zone from an EWS TimeZoneDefinition alone: its offsets by arithmetic on the rules (for
 * luxon), and the same rules as a VTIMEZONE (for the expansion, which reads it as any file's
 * own zone). A rule that runs from spring to autumn is northern, one that runs across the new
 * year southern; a change whose definition gives no time of day is taken at 02:00 local.
 */
export class DefinedZone extends Zone<true> {
  /** The VTIMEZONE's lines, under DEFINED_TZID. */
  readonly vtimezone: string[];

  constructor(
    private readonly label: string,
    private readonly definition: EwsTimeZoneDefinition,
  ) {
    super();
    this.vtimezone = vtimezoneLines(definition);
  }

  override get type(): string {
    return 'ews-defined';
  }

  override get name(): string {
    return this.label;
  }

  override get isUniversal(): boolean {
    return false;
  }

  override offsetName(): string {
    return this.label;
  }

  override formatOffset(ts: number, format: ZoneOffsetFormat): string {
    const minutes = this.offset(ts);
    const sign = minutes < 0 ? '-' : '+';
    const hours = String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0');
    const rest = String(Math.abs(minutes) % 60).padStart(2, '0');
    if (format === 'narrow') return `${sign}${Number(hours)}${rest === '00' ? '' : `:${rest}`}`;
    return format === 'techie' ? `${sign}${hours}${rest}` : `${sign}${hours}:${rest}`;
  }

  /** Minutes east of UTC at the UTC instant `ts`. */
  override offset(ts: number): number {
    const standard = this.definition.standardOffset;
    const year = new Date(ts).getUTCFullYear();
    const rule = this.ruleOn(new Date(ts + standard * 60_000).toISOString().slice(0, 10));
    if (!rule) return standard;
    const toDaylight = changeAt(rule.toDaylight, year, standard);
    const toStandard = changeAt(rule.toStandard, year, standard + rule.delta);
    const daylight =
      toDaylight < toStandard
        ? ts >= toDaylight && ts < toStandard
        : ts >= toDaylight || ts < toStandard;
    return daylight ? standard + rule.delta : standard;
  }

  /** The changes of `year`, for matching an IANA zone. */
  changesIn(year: number): Change[] {
    const rule = this.ruleOn(`${year}-07-01`) ?? this.ruleOn(`${year}-01-01`);
    if (!rule) return [];
    const standard = this.definition.standardOffset;
    return [
      { at: changeAt(rule.toDaylight, year, standard), timeKnown: rule.toDaylight.time !== null },
      {
        at: changeAt(rule.toStandard, year, standard + rule.delta),
        timeKnown: rule.toStandard.time !== null,
      },
    ];
  }

  override equals(other: Zone): boolean {
    return other instanceof DefinedZone && other.vtimezone.join('\n') === this.vtimezone.join('\n');
  }

  override get isValid(): true {
    return true;
  }

  /** The last rule in force on a day (`YYYY-MM-DD`). */
  private ruleOn(date: string): EwsTimeZoneDefinition['rules'][number] | null {
    let found = null;
    for (const rule of this.definition.rules)
      if ((!rule.from || rule.from <= date) && (!rule.until || date <= rule.until)) found = rule;
    return found;
  }
}

/** The UTC instant of a change in `year`, its local time read in the offset before it. */
function changeAt(change: EwsTransitionTime, year: number, offsetBefore: number): number {
  const date = transitionDate(change, year);
  const minutes = change.time ?? DEFAULT_TRANSITION_MINUTES;
  return Date.parse(`${date}T00:00:00Z`) + (minutes - offsetBefore) * 60_000;
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

function vtimezoneLines(definition: EwsTimeZoneDefinition): string[] {
  const standard = definition.standardOffset;
  const lines = ['BEGIN:VTIMEZONE', `TZID:${DEFINED_TZID}`];
  if (definition.rules.length === 0) {
    lines.push('BEGIN:STANDARD', `DTSTART:${FIRST_YEAR}0101T000000`);
    lines.push(`TZOFFSETFROM:${utcOffset(standard)}`, `TZOFFSETTO:${utcOffset(standard)}`);
    lines.push('END:STANDARD');
  }
  for (const rule of definition.rules) {
    const daylight = standard + rule.delta;
    const bounds = { from: rule.from, until: rule.until };
    lines.push(...observance('DAYLIGHT', rule.toDaylight, standard, daylight, bounds));
    lines.push(...observance('STANDARD', rule.toStandard, daylight, standard, bounds));
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

/** One observance: its first change on or after the rule's first day, repeated yearly. */
function observance(
  kind: 'STANDARD' | 'DAYLIGHT',
  change: EwsTransitionTime,
  from: number,
  to: number,
  bounds: { from: string | null; until: string | null },
): string[] {
  let year = Math.max(FIRST_YEAR, Number(bounds.from?.slice(0, 4) ?? FIRST_YEAR));
  let date = transitionDate(change, year);
  if (bounds.from && date < bounds.from) date = transitionDate(change, ++year);
  const minutes = change.time ?? DEFAULT_TRANSITION_MINUTES;
  const time = `${pad(Math.floor(minutes / 60))}${pad(minutes % 60)}00`;
  const day =
    change.day !== null
      ? `BYMONTHDAY=${change.day}`
      : `BYDAY=${change.week === 5 ? -1 : (change.week ?? 1)}${WEEKDAYS[change.dayOfWeek ?? 0]}`;
  const until = bounds.until ? `;UNTIL=${bounds.until.replaceAll('-', '')}T235959Z` : '';
  return [
    `BEGIN:${kind}`,
    `DTSTART:${date.replaceAll('-', '')}T${time}`,
    `TZOFFSETFROM:${utcOffset(from)}`,
    `TZOFFSETTO:${utcOffset(to)}`,
    `RRULE:FREQ=YEARLY;BYMONTH=${change.month};${day}${until}`,
    `END:${kind}`,
  ];
}

/** `YYYY-MM-DD` of a change in `year`: its fixed day, or its weekday of its week of the month. */
function transitionDate(change: EwsTransitionTime, year: number): string {
  const month = change.month - 1;
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  let day: number;
  if (change.day !== null) day = Math.min(change.day, daysInMonth);
  else {
    const firstWeekday = new Date(Date.UTC(year, month, 1)).getUTCDay();
    const first = 1 + (((change.dayOfWeek ?? 0) - firstWeekday + 7) % 7);
    day = first + 7 * ((change.week ?? 1) - 1);
    while (day > daysInMonth) day -= 7;
  }
  return `${String(year).padStart(4, '0')}-${pad(month + 1)}-${pad(day)}`;
}

function utcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}${pad(Math.abs(minutes) % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
