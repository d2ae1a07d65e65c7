/**
 * Expands a recurring master with the project's own recurrence code (src/domain/recurrence), so
 * the emulator and the service agree on RRULE semantics by construction and any disagreement
 * with Google is one bug in one place. Google's `recurrence` lines are iCalendar properties
 * without DTSTART (reference/events), so the master is written out as a one-event VCALENDAR with
 * DTSTART/DTEND in the master's zone and parsed back by the domain parser.
 */
import { parseCalendar } from '../../src/domain/ical/parse-calendar.js';
import { expandSeries } from '../../src/domain/recurrence/expand-series.js';
import type { ExpandedInstance } from '../../src/domain/recurrence/types.js';
import { formatInZone, icsDate, icsLocal, instantOf, isAllDay, validZone } from './times.js';
import type { GoogleEvent, GoogleEventDateTime } from './types.js';

export interface Occurrence {
  /** The original start: UTC `YYYY-MM-DDTHH:mm:ssZ`, or `YYYY-MM-DD` for all-day series. */
  key: string;
  startMs: number;
  endMs: number;
  start: GoogleEventDateTime;
  end: GoogleEventDateTime;
  originalStartTime: GoogleEventDateTime;
  /** Removed by an EXDATE (or EXRULE): listed as a cancelled instance with showDeleted. */
  excluded: boolean;
}

export interface Expansion {
  occurrences: Occurrence[];
  /** False when some RRULE has neither COUNT nor UNTIL: the series runs past any horizon. */
  bounded: boolean;
  problems: string[];
}

export interface ExpandContext {
  /** The calendar's zone: used when the master names none. */
  calendarZone: string;
  /** Unbounded series stop here. */
  horizonMs: number;
  maxInstances: number;
}

/** Bounded series are expanded this far past their start (COUNT/UNTIL end them earlier). */
const BOUNDED_SPAN_MS = 100 * 366 * 86_400_000;
const DAY_MS = 86_400_000;

/** The zone a master expands in: its start's timeZone, else the calendar's. */
export function seriesZone(master: GoogleEvent, calendarZone: string): string {
  return validZone(master.start?.timeZone, calendarZone);
}

/** Every occurrence of a master up to the horizon (bounded series: all of them). */
export function expandMaster(master: GoogleEvent, ctx: ExpandContext): Expansion {
  const zone = seriesZone(master, ctx.calendarZone);
  const lines = master.recurrence ?? [];
  const bounded = isBounded(lines);
  const startMs = instantOf(master.start, zone);
  if (Number.isNaN(startMs)) return { occurrences: [], bounded, problems: ['start unreadable'] };
  const window = {
    from: new Date(startMs - DAY_MS),
    to: new Date(bounded ? startMs + BOUNDED_SPAN_MS : ctx.horizonMs),
  };
  const live = expandLines(master, lines, zone, window, ctx.maxInstances);
  // EXDATE'd instances are listed as cancelled with showDeleted, so find them by expanding once
  // more without the exclusions.
  const exclusions = lines.filter((line) => /^(EXDATE|EXRULE)[;:]/i.test(line.trim()));
  const all = exclusions.length
    ? expandLines(
        master,
        lines.filter((line) => !exclusions.includes(line)),
        zone,
        window,
        ctx.maxInstances,
      )
    : live;
  const liveKeys = new Set(live.instances.map((i) => i.recurrenceId));
  const allDay = isAllDay(master.start);
  const occurrences = all.instances
    .filter((i) => i.recurrenceId !== null)
    .map((i) => toOccurrence(i, zone, allDay, !liveKeys.has(i.recurrenceId)));
  return { occurrences, bounded, problems: live.problems };
}

function isBounded(lines: string[]): boolean {
  const rules = lines.filter((line) => /^RRULE[;:]/i.test(line.trim()));
  return rules.every((rule) => /(^|[;:])(COUNT|UNTIL)=/i.test(rule));
}

function expandLines(
  master: GoogleEvent,
  lines: string[],
  zone: string,
  window: { from: Date; to: Date },
  maxInstances: number,
): { instances: ExpandedInstance[]; problems: string[] } {
  const parsed = parseCalendar(calendarText(master, lines, zone));
  const series = parsed.series[0];
  if (!series) return { instances: [], problems: parsed.problems.map((p) => p.message) };
  const result = expandSeries(series, window, {
    floatingZone: zone,
    maxInstancesPerSeries: maxInstances,
  });
  const problems = [...parsed.problems, ...result.problems].map((p) => p.message);
  return { instances: result.instances, problems };
}

/** The master as a one-event VCALENDAR the domain parser reads. */
function calendarText(master: GoogleEvent, lines: string[], zone: string): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//google-emulator//EN',
    'BEGIN:VEVENT',
    'UID:series',
    dateLine('DTSTART', master.start, zone),
    dateLine('DTEND', master.end ?? master.start, zone),
    ...lines.map((line) => line.trim()).filter(Boolean),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

function dateLine(name: string, value: GoogleEventDateTime | undefined, zone: string): string {
  if (value && isAllDay(value)) return `${name};VALUE=DATE:${icsDate(value.date ?? '')}`;
  return `${name};TZID=${zone}:${icsLocal(instantOf(value, zone), zone)}`;
}

function toOccurrence(
  instance: ExpandedInstance,
  zone: string,
  allDay: boolean,
  excluded: boolean,
): Occurrence {
  const key = instance.recurrenceId ?? '';
  const startMs = Date.parse(instance.start);
  const endMs = Date.parse(instance.end);
  if (allDay) {
    return {
      key,
      startMs,
      endMs,
      start: { date: instance.startDate ?? key },
      end: { date: instance.endDate ?? key },
      originalStartTime: { date: key },
      excluded,
    };
  }
  return {
    key,
    startMs,
    endMs,
    start: { dateTime: formatInZone(startMs, zone), timeZone: zone },
    end: { dateTime: formatInZone(endMs, zone), timeZone: zone },
    originalStartTime: { dateTime: formatInZone(Date.parse(key), zone), timeZone: zone },
    excluded,
  };
}
