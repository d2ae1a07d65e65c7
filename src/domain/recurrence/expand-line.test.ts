import { describe, expect, it } from 'vitest';
import { buildCalendar, buildEvent } from '../../../test/conformance/ics-builder.js';
import { parseCalendar } from '../ical/parse-calendar.js';
import { expandCalendar } from './expand-calendar.js';
import { toExpandLine } from './expand-line.js';

function lines(events: Record<string, string>[]): ReturnType<typeof toExpandLine>[] {
  const parsed = parseCalendar(buildCalendar(events.map(buildEvent)));
  const window = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };
  return expandCalendar(parsed, window, { floatingZone: 'UTC' }).instances.map(toExpandLine);
}

describe('toExpandLine', () => {
  it('writes a timed instance in UTC without milliseconds, with its recurrence id and title', () => {
    const [line] = lines([
      {
        UID: 'abc@example.com',
        'DTSTART;TZID=America/New_York': '20260304T100000',
        'DTEND;TZID=America/New_York': '20260304T110000',
        RRULE: 'FREQ=WEEKLY;COUNT=1',
        SUMMARY: 'Acme <> Northwind',
      },
    ]);
    expect(line).toEqual({
      uid: 'abc@example.com',
      recurrenceId: '2026-03-04T15:00:00Z',
      start: '2026-03-04T15:00:00Z',
      end: '2026-03-04T16:00:00Z',
      allDay: false,
      title: 'Acme <> Northwind',
    });
  });

  it('writes dates for an all-day instance (end exclusive) and null recurrenceId for a single event', () => {
    const [line] = lines([
      { UID: 'day', 'DTSTART;VALUE=DATE': '20260304', 'DTEND;VALUE=DATE': '20260306' },
    ]);
    expect(line).toEqual({
      uid: 'day',
      recurrenceId: null,
      start: '2026-03-04',
      end: '2026-03-06',
      allDay: true,
      title: 'Test event',
    });
  });

  it('gives an empty title when SUMMARY is missing', () => {
    const parsed = parseCalendar(
      buildCalendar([['BEGIN:VEVENT', 'UID:x', 'DTSTART:20260304T100000Z', 'END:VEVENT']]),
    );
    const window = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };
    expect(
      toExpandLine(expandCalendar(parsed, window, { floatingZone: 'UTC' }).instances[0]!).title,
    ).toBe('');
  });
});
