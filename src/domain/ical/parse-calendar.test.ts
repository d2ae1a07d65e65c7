import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  buildCalendar,
  buildEvent,
  centralEuropeVtimezone,
} from '../../../test/conformance/ics-builder.js';
import { parseCalendar } from './parse-calendar.js';

/** A DTSTART line ical.js cannot read (a quote never closed): its event is left out. */
const BROKEN_START = 'DTSTART;X="unclosed:20240101T090000Z';

const good = (uid: string): string[] => buildEvent({ UID: uid, DTSTART: '20240101T090000Z' });

describe('parseCalendar', () => {
  it('groups a master and its overrides by UID, whatever their order', () => {
    const text = buildCalendar([
      buildEvent({ UID: 'a', 'RECURRENCE-ID': '20240108T090000Z', DTSTART: '20240108T100000Z' }),
      buildEvent({ UID: 'a', DTSTART: '20240101T090000Z', RRULE: 'FREQ=WEEKLY' }),
      good('b'),
    ]);
    const parsed = parseCalendar(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.series.map((s) => [s.uid, s.master !== null, s.overrides.length])).toEqual([
      ['a', true, 1],
      ['b', true, 0],
    ]);
  });

  it('hands out components without parent, so ICAL.Event cannot scan all siblings', () => {
    const text = buildCalendar([
      buildEvent({ UID: 'a', DTSTART: '20240101T090000Z', RRULE: 'FREQ=DAILY' }),
      buildEvent({ UID: 'a', 'RECURRENCE-ID': '20240102T090000Z', DTSTART: '20240102T100000Z' }),
    ]);
    const [series] = parseCalendar(text).series;
    expect(series!.master!.parent).toBeFalsy();
    expect(Object.keys(new ICAL.Event(series!.master!).exceptions)).toEqual([]);
  });

  it('reads X-WR-CALNAME (unescaped) and X-WR-TIMEZONE', () => {
    const parsed = parseCalendar(
      buildCalendar([good('a')], ['X-WR-CALNAME:Sales\\, EMEA', 'X-WR-TIMEZONE:Europe/Berlin']),
    );
    expect([parsed.name, parsed.defaultTimeZone]).toEqual(['Sales, EMEA', 'Europe/Berlin']);
  });

  it('keeps an override whose master is missing as a series without master', () => {
    const parsed = parseCalendar(
      buildCalendar([
        buildEvent({ UID: 'x', 'RECURRENCE-ID': '20240108T090000Z', DTSTART: '20240108T090000Z' }),
      ]),
    );
    expect(parsed.series).toHaveLength(1);
    expect(parsed.series[0]!.master).toBeNull();
  });

  it('reports a text that is not iCalendar at all as one problem on line 1', () => {
    expect(parseCalendar('hello, world')).toEqual({
      name: null,
      defaultTimeZone: null,
      series: [],
      problems: [
        { line: 1, uid: null, message: 'line 1: not an iCalendar file (no BEGIN:VCALENDAR)' },
      ],
    });
  });

  it('names the malformed line and still returns the valid events', () => {
    const text = buildCalendar([
      good('ok-1'),
      ['BEGIN:VEVENT', 'UID:bad', 'DTSTART:20240101T090000Z', BROKEN_START, 'END:VEVENT'],
      good('ok-2'),
    ]);
    const parsed = parseCalendar(text);
    expect(parsed.series.map((s) => s.uid)).toEqual(['ok-1', 'ok-2']);
    const badLine = text.split('\r\n').indexOf(BROKEN_START) + 1;
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ line: badLine, uid: 'bad' });
    expect(parsed.problems[0]!.message).toMatch(new RegExp(`^line ${badLine}: .*skipped`));
  });

  it('keeps every valid event, in order, when several among many are broken', () => {
    const blocks = Array.from({ length: 60 }, (_, i) =>
      [7, 31, 32].includes(i)
        ? ['BEGIN:VEVENT', `UID:e${i}`, 'DTSTART:20240101T090000Z', BROKEN_START, 'END:VEVENT']
        : good(`e${i}`),
    );
    const parsed = parseCalendar(buildCalendar(blocks));
    const expected = blocks.map((_, i) => `e${i}`).filter((_, i) => ![7, 31, 32].includes(i));
    expect(parsed.series.map((s) => s.uid)).toEqual(expected);
    expect(parsed.problems.map((p) => p.uid)).toEqual(['e7', 'e31', 'e32']);
  });

  it('reports a VEVENT without END:VEVENT at its BEGIN line and keeps the next events', () => {
    const text = buildCalendar([
      ['BEGIN:VEVENT', 'UID:open', 'DTSTART:20240101T090000Z'],
      good('after'),
    ]);
    const parsed = parseCalendar(text);
    expect(parsed.series.map((s) => s.uid)).toEqual(['after']);
    expect(parsed.problems).toEqual([
      {
        line: 4,
        uid: 'open',
        message: 'line 4: VEVENT has no END:VEVENT; skipped',
        effect: { outcome: 'left_out', event: 'line 4' },
      },
    ]);
  });

  it('skips an event whose DTSTART cannot be read, naming the DTSTART line', () => {
    const text = buildCalendar([
      good('ok'),
      buildEvent({ UID: 'bad-date', DTSTART: '20241399T090000' }),
    ]);
    const parsed = parseCalendar(text);
    expect(parsed.series.map((s) => s.uid)).toEqual(['ok']);
    const line = text.split('\r\n').indexOf('DTSTART:20241399T090000') + 1;
    expect(parsed.problems).toEqual([
      {
        line,
        uid: 'bad-date',
        message: `line ${line}: DTSTART "20241399T090000" impossible date or time; event skipped`,
        // Left out: the event is counted at its BEGIN line, whatever line the problem names.
        effect: { outcome: 'left_out', event: `line ${line - 3}` },
      },
    ]);
  });

  it('skips an event whose RRULE ical.js cannot read, naming the RRULE line', () => {
    const text = buildCalendar([
      good('ok'),
      buildEvent({
        UID: 'bad-rule',
        DTSTART: '20240101T090000Z',
        RRULE: 'FREQ=WEEKLY;BYMONTHDAY=40',
      }),
    ]);
    const parsed = parseCalendar(text);
    expect(parsed.series.map((s) => s.uid)).toEqual(['ok']);
    const line = text.split('\r\n').indexOf('RRULE:FREQ=WEEKLY;BYMONTHDAY=40') + 1;
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ line, uid: 'bad-rule' });
    expect(parsed.problems[0]!.message).toMatch(
      new RegExp(`^line ${line}: BYMONTHDAY.*; event skipped$`),
    );
  });

  it('says an unknown RRULE frequency in words, and that the event was skipped', () => {
    const text = buildCalendar([
      buildEvent({ UID: 'sometimes', DTSTART: '20240101T090000Z', RRULE: 'FREQ=SOMETIMES' }),
    ]);
    const line = text.split('\r\n').indexOf('RRULE:FREQ=SOMETIMES') + 1;
    // Before: 'invalid frequency "SOMETIMES" expected: "SECONDLY, ..."; VEVENT skipped'.
    expect(parseCalendar(text).problems[0]?.message).toBe(
      `line ${line}: RRULE FREQ "SOMETIMES" is not one of SECONDLY, MINUTELY, HOURLY, DAILY, ` +
        'WEEKLY, MONTHLY, YEARLY; event skipped',
    );
  });

  it('skips an event without DTSTART, naming its BEGIN line', () => {
    const text = buildCalendar([buildEvent({ UID: 'no-start', SUMMARY: 'x' })]);
    const parsed = parseCalendar(text);
    expect(parsed.series).toEqual([]);
    expect(parsed.problems).toEqual([
      {
        line: 4,
        uid: 'no-start',
        message: 'line 4: VEVENT has no DTSTART; event skipped',
        effect: { outcome: 'left_out', event: 'line 4' },
      },
    ]);
  });

  it('repairs a TZID whose value Outlook wrote inside the quotes', () => {
    const text = buildCalendar([
      [
        'BEGIN:VEVENT',
        'UID:q',
        'DTSTART;TZID="W. Europe Standard Time:20200609T090000"',
        'END:VEVENT',
      ],
    ]);
    const parsed = parseCalendar(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.series.map((s) => s.uid)).toEqual(['q']);
  });

  it('reports an unknown TZID with its line (times are then read as floating)', () => {
    const text = buildCalendar([
      buildEvent({ UID: 'tz', 'DTSTART;TZID=Mars/Olympus_Mons': '20240101T090000' }),
    ]);
    const parsed = parseCalendar(text);
    expect(parsed.series).toHaveLength(1);
    const line = text.split('\r\n').indexOf('DTSTART;TZID=Mars/Olympus_Mons:20240101T090000') + 1;
    expect(parsed.problems).toEqual([
      {
        line,
        uid: 'tz',
        message: `line ${line}: unknown time zone "Mars/Olympus_Mons"; times read as floating`,
        effect: { outcome: 'kept', event: 'line 4' },
      },
    ]);
  });

  it('accepts Windows zone names and custom VTIMEZONEs without problems', () => {
    const text = buildCalendar([
      centralEuropeVtimezone('Customized Time Zone'),
      buildEvent({ 'DTSTART;TZID=W. Europe Standard Time': '20240101T090000' }),
      buildEvent({ 'DTSTART;TZID="(UTC-05:00) Eastern Time (US & Canada)"': '20240101T090000' }),
      buildEvent({ 'DTSTART;TZID=Customized Time Zone': '20240101T090000' }),
    ]);
    expect(parseCalendar(text).problems).toEqual([]);
  });

  it('keeps the higher SEQUENCE of two masters with one UID and says so', () => {
    const text = buildCalendar([
      buildEvent({ UID: 'dup', DTSTART: '20240101T090000Z', SEQUENCE: '2', SUMMARY: 'new' }),
      buildEvent({ UID: 'dup', DTSTART: '20240101T080000Z', SEQUENCE: '1', SUMMARY: 'old' }),
    ]);
    const parsed = parseCalendar(text);
    expect(parsed.series[0]!.master!.getFirstPropertyValue('summary')).toBe('new');
    expect(parsed.problems[0]!.message).toContain('kept the earlier one');
  });

  it('names events without UID and reports it', () => {
    const text = buildCalendar([['BEGIN:VEVENT', 'DTSTART:20240101T090000Z', 'END:VEVENT']]);
    const parsed = parseCalendar(text);
    expect(parsed.series.map((s) => s.uid)).toEqual([expect.stringMatching(/^missing-uid-/)]);
    expect(parsed.problems[0]).toMatchObject({ line: 4, uid: null });
  });
});
