import { parseCalendar } from '../../src/domain/ical/parse-calendar.js';
import { expandCalendar } from '../../src/domain/recurrence/expand-calendar.js';
import type { ExpandOptions, ExpandResult } from '../../src/domain/recurrence/types.js';

/**
 * Small builders for iCalendar test data: `buildEvent({ DTSTART: ..., RRULE: ... })` gives the
 * lines of one VEVENT, `buildCalendar(...)` wraps events in a VCALENDAR with CRLF line ends.
 * Keys are written as given, so `'DTSTART;TZID=Europe/Berlin': '20240101T090000'` works; a key
 * may hold several values (one line each), e.g. `EXDATE: ['...', '...']`.
 */

export type EventFields = Record<string, string | string[]>;

let counter = 0;

/** One VEVENT; a UID and a SUMMARY are added unless given. */
export function buildEvent(fields: EventFields): string[] {
  const withDefaults: EventFields = {
    UID: `test-${++counter}@calintel.test`,
    SUMMARY: 'Test event',
    ...fields,
  };
  const lines = ['BEGIN:VEVENT'];
  for (const [key, value] of Object.entries(withDefaults)) {
    for (const v of Array.isArray(value) ? value : [value]) lines.push(`${key}:${v}`);
  }
  lines.push('END:VEVENT');
  return lines;
}

/** A VTIMEZONE for Central Europe as Outlook writes it, under any TZID. */
export function centralEuropeVtimezone(tzid: string): string[] {
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${tzid}`,
    'BEGIN:STANDARD',
    'DTSTART:16010101T030000',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10',
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'DTSTART:16010101T020000',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3',
    'END:DAYLIGHT',
    'END:VTIMEZONE',
  ];
}

/** A VCALENDAR around the given blocks (events, time zones) and extra header lines. */
export function buildCalendar(blocks: string[][], header: string[] = []): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//test//EN',
    ...header,
    ...blocks.flat(),
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

export const YEAR_2024 = {
  from: new Date('2024-01-01T00:00:00Z'),
  to: new Date('2025-01-01T00:00:00Z'),
};

/** Parses a calendar of `events` (no problem allowed but unknown zones) and expands it. */
export function expandEvents(
  events: EventFields[],
  window = YEAR_2024,
  options: Partial<ExpandOptions> = {},
): ExpandResult {
  const parsed = parseCalendar(buildCalendar(events.map((e) => buildEvent(e))));
  const problems = parsed.problems.filter((p) => !p.message.includes('unknown time zone'));
  if (problems.length)
    throw new Error(`unexpected problems: ${problems.map((p) => p.message).join('; ')}`);
  return expandCalendar(parsed, window, { floatingZone: 'UTC', ...options });
}

export const startsOf = (r: ExpandResult): string[] => r.instances.map((i) => i.start);
