import { describe, expect, it } from 'vitest';
import { buildCalendar, buildEvent } from '../../../test/conformance/ics-builder.js';
import { parseCalendar } from '../ical/parse-calendar.js';
import { expandCalendar } from './expand-calendar.js';
import { takesPlace, toExpandLine } from './expand-line.js';

function instances(events: Record<string, string>[]) {
  const parsed = parseCalendar(buildCalendar(events.map(buildEvent)));
  const window = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };
  return expandCalendar(parsed, window, { floatingZone: 'UTC' }).instances;
}

function lines(events: Record<string, string>[]): ReturnType<typeof toExpandLine>[] {
  return instances(events).map(toExpandLine);
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

describe('takesPlace', () => {
  const weekly = {
    UID: 'weekly@t',
    DTSTART: '20260303T150000Z',
    DTEND: '20260303T153000Z',
    RRULE: 'FREQ=WEEKLY;COUNT=3',
    SUMMARY: 'Weekly',
  };
  const starts = (events: Record<string, string>[]) =>
    instances(events)
      .filter(takesPlace)
      .map((i) => toExpandLine(i).start);

  it('leaves out an occurrence whose override is cancelled, and keeps the others', () => {
    const cancelled = {
      UID: 'weekly@t',
      'RECURRENCE-ID': '20260310T150000Z',
      DTSTART: '20260310T150000Z',
      DTEND: '20260310T153000Z',
      STATUS: 'CANCELLED',
    };
    // Expansion keeps it (the import stores it as cancelled); only the listing leaves it out.
    expect(instances([weekly, cancelled])).toHaveLength(3);
    expect(starts([weekly, cancelled])).toEqual(['2026-03-03T15:00:00Z', '2026-03-17T15:00:00Z']);
  });

  it('leaves out every instance of a cancelled series but an override that is not cancelled', () => {
    const moved = {
      UID: 'weekly@t',
      'RECURRENCE-ID': '20260310T150000Z',
      DTSTART: '20260311T150000Z',
      DTEND: '20260311T153000Z',
      STATUS: 'CONFIRMED',
    };
    expect(starts([{ ...weekly, STATUS: 'cancelled' }, moved])).toEqual(['2026-03-11T15:00:00Z']);
    expect(starts([{ ...weekly, STATUS: 'TENTATIVE' }])).toHaveLength(3);
  });
});
