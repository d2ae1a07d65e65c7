import { describe, expect, it } from 'vitest';
import { eventIdOf, mapCalendarObject } from './caldav-mapper.js';

const WINDOW = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };

const calendar = (...lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');

describe('mapCalendarObject', () => {
  it('expands a series in a zone, honouring EXDATE and a moved override, with ids from the href', () => {
    const object = {
      href: '/cal/work/weekly.ics',
      etag: '"e1"',
      data: calendar(
        'BEGIN:VEVENT',
        'UID:w@acme.test',
        'DTSTAMP:20260101T000000Z',
        'DTSTART;TZID=Europe/Berlin:20260303T100000',
        'DTEND;TZID=Europe/Berlin:20260303T110000',
        'RRULE:FREQ=WEEKLY;COUNT=4',
        'EXDATE;TZID=Europe/Berlin:20260317T100000',
        'SUMMARY:Forecast',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:w@acme.test',
        'DTSTAMP:20260101T000000Z',
        'RECURRENCE-ID;TZID=Europe/Berlin:20260310T100000',
        'DTSTART;TZID=Europe/Berlin:20260311T150000',
        'DTEND;TZID=Europe/Berlin:20260311T160000',
        'SUMMARY:Forecast (moved)',
        'END:VEVENT',
      ),
    };
    const mapped = mapCalendarObject(object, WINDOW, 'UTC');
    expect(mapped.issues).toEqual([]);
    expect(mapped.keys).toEqual([
      '2026-03-03T09:00:00Z',
      '2026-03-10T09:00:00Z',
      '2026-03-24T09:00:00Z',
    ]);
    expect(
      mapped.events.map((p) => [p.event.providerEventId, p.event.title, p.event.start]),
    ).toEqual([
      ['/cal/work/weekly.ics::2026-03-03T09:00:00Z', 'Forecast', '2026-03-03T09:00:00.000Z'],
      [
        '/cal/work/weekly.ics::2026-03-10T09:00:00Z',
        'Forecast (moved)',
        '2026-03-11T14:00:00.000Z',
      ],
      ['/cal/work/weekly.ics::2026-03-24T09:00:00Z', 'Forecast', '2026-03-24T09:00:00.000Z'],
    ]);
    expect(
      mapped.events.every((p) => p.event.etag === '"e1"' && p.event.timeZone === 'Europe/Berlin'),
    ).toBe(true);
    expect(mapped.events[0]!.raw).toMatchObject({ href: '/cal/work/weekly.ics', etag: '"e1"' });
  });

  it('gives a single event its bare href, and qualifies ids by UID when an object holds several', () => {
    const single = mapCalendarObject(
      {
        href: '/cal/a.ics',
        etag: null,
        data: calendar(
          'BEGIN:VEVENT',
          'UID:a',
          'DTSTAMP:20260101T000000Z',
          'DTSTART:20260305T100000Z',
          'DTEND:20260305T110000Z',
          'END:VEVENT',
        ),
      },
      WINDOW,
      'UTC',
    );
    expect(single.events.map((p) => p.event.providerEventId)).toEqual(['/cal/a.ics']);
    expect(single.keys).toEqual(['']);
    expect(eventIdOf('/cal/a.ics', '')).toBe('/cal/a.ics');

    const two = mapCalendarObject(
      {
        href: '/cal/two.ics',
        etag: null,
        data: calendar(
          ...['x', 'y'].flatMap((uid) => [
            'BEGIN:VEVENT',
            `UID:${uid}`,
            'DTSTAMP:20260101T000000Z',
            'DTSTART:20260305T100000Z',
            'DTEND:20260305T110000Z',
            'END:VEVENT',
          ]),
        ),
      },
      WINDOW,
      'UTC',
    );
    expect(two.events.map((p) => p.event.providerEventId)).toEqual([
      '/cal/two.ics::x',
      '/cal/two.ics::y',
    ]);
  });

  it('reports an unreadable VEVENT as an issue naming its object, which keeps all its events', () => {
    const mapped = mapCalendarObject(
      {
        href: '/cal/bad.ics',
        etag: null,
        data: calendar(
          'BEGIN:VEVENT',
          'UID:bad',
          'DTSTAMP:20260101T000000Z',
          'SUMMARY:x',
          'END:VEVENT',
        ),
      },
      WINDOW,
      'UTC',
    );
    expect(mapped.events).toEqual([]);
    // Its events are stored as `/cal/bad.ics::<recurrence id>`: the issue keeps them all.
    expect(mapped.issues[0]).toMatchObject({ providerEventId: '/cal/bad.ics', keepsSeries: true });
    expect(mapped.issues[0]!.message).toMatch(/^\/cal\/bad\.ics: .*DTSTART/);
  });
});
