/**
 * Turns a libical table case into what the product expands: a one-VEVENT calendar parsed by
 * parseCalendar, and a window wide enough for every instance the table lists.
 */
import { parseCalendar, type IcsSeries } from '../../src/domain/ical/parse-calendar.js';
import { tableValueToMs, type LibicalCase } from './libical-table.js';

/** The case as an .ics text: DTSTART floating (or UTC, or a date) exactly as the table writes it. */
export function calendarForCase(c: LibicalCase): string {
  const dtstart =
    c.dtstart.length === 8 ? `DTSTART;VALUE=DATE:${c.dtstart}` : `DTSTART:${c.dtstart}`;
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//libical table//EN',
    'BEGIN:VEVENT',
    `UID:libical-line-${c.line}`,
    dtstart,
    `RRULE:${c.rrule}`,
    'SUMMARY:libical case',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

export function seriesForCase(c: LibicalCase): IcsSeries {
  const parsed = parseCalendar(calendarForCase(c));
  const series = parsed.series[0];
  if (!series || parsed.problems.length) {
    throw new Error(
      `case at line ${c.line} did not parse: ${parsed.problems.map((p) => p.message).join('; ')}`,
    );
  }
  return series;
}

/** From START-AT (or DTSTART) to well after the table's last instance (the year 2100). */
export function windowForCase(c: LibicalCase): { from: Date; to: Date } {
  return {
    from: new Date(tableValueToMs(c.startAt ?? c.dtstart)),
    to: new Date(Date.UTC(2100, 0, 1)),
  };
}
