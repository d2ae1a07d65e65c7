import { describe, expect, it } from 'vitest';
import {
  buildCalendar,
  buildEvent,
  centralEuropeVtimezone,
} from '../../../test/conformance/ics-builder.js';
import { findCutOff, scanBlocks } from './ics-blocks.js';
import { contentLines, forEachContentLine, type SpannedLine } from './ics-lines.js';

const event = (uid: string): string[] => buildEvent({ UID: uid, DTSTART: '20240101T090000Z' });

describe('forEachContentLine', () => {
  it('gives the lines contentLines gives, with their offsets', () => {
    const texts = [
      'BEGIN:VCALENDAR\r\nX-A:one\r\n two\r\n\tthree\r\nEND:VCALENDAR\r\n',
      'BEGIN:VCALENDAR\nX-A:one\n two\n\nX-B:b\n  \nEND:VCALENDAR',
      ' leading space\r\n\r\nX-C:c\r\n',
    ];
    for (const text of texts) {
      const seen: SpannedLine[] = [];
      forEachContentLine(text, (line) => seen.push(line));
      expect(seen.map(({ line, text: t }) => ({ line, text: t }))).toEqual(contentLines(text));
      for (const l of seen)
        expect(text.slice(l.start, l.end).replace(/\r?\n[ \t]/g, '')).toBe(l.text);
    }
  });
});

describe('scanBlocks', () => {
  it('cuts components with their lines and offsets, VTIMEZONEs apart, header lines kept', () => {
    const text = buildCalendar(
      [event('a'), centralEuropeVtimezone('Custom'), event('b')],
      ['X-WR-CALNAME:Team'],
    );
    const scan = scanBlocks(text)!;
    expect(scan.header.map((l) => l.text)).toEqual([
      'VERSION:2.0',
      'PRODID:-//calintel//test//EN',
      'X-WR-CALNAME:Team',
    ]);
    expect(scan.blocks.map((b) => [b.name, b.uid, b.line])).toEqual([
      ['VEVENT', 'a', 5],
      ['VEVENT', 'b', 25],
    ]);
    expect(scan.vtimezones.map((b) => [b.name, b.line])).toEqual([['VTIMEZONE', 10]]);
    const first = scan.blocks[0]!;
    expect(text.slice(first.start, first.end)).toBe(event('a').join('\r\n'));
  });

  it('reads the UID as ical.js does: unfolded, unescaped, behind parameters, trimmed', () => {
    const text = buildCalendar([
      ['BEGIN:VEVENT', 'UID:fold', ' ed', 'DTSTART:20240101T090000Z', 'END:VEVENT'],
      ['BEGIN:VEVENT', 'UID:a\\,b', 'END:VEVENT'],
      ['BEGIN:VEVENT', 'UID;X-P="q:r": spaced ', 'END:VEVENT'],
      ['BEGIN:VEVENT', 'UID:', 'END:VEVENT'],
      ['BEGIN:VEVENT', 'BEGIN:VALARM', 'UID:alarm', 'END:VALARM', 'END:VEVENT'],
    ]).replace(/\r\n/g, '\n');
    expect(scanBlocks(text)!.blocks.map((b) => b.uid)).toEqual([
      'folded',
      'a,b',
      'spaced',
      null,
      null,
    ]);
  });

  it.each([
    ['a VEVENT without END', buildCalendar([['BEGIN:VEVENT', 'UID:x'], event('y')])],
    ['an END of another component', buildCalendar([['BEGIN:VEVENT', 'UID:x', 'END:VTODO']])],
    ['a line that is not a content line', buildCalendar([event('x'), ['garbage']])],
    ['two calendars', buildCalendar([event('x')]) + buildCalendar([event('y')])],
    ['a line before the calendar', `X-A:b\r\n${buildCalendar([event('x')])}`],
    ['a VEVENT inside a component', buildCalendar([['BEGIN:VTODO', ...event('x'), 'END:VTODO']])],
    ['no END:VCALENDAR', buildCalendar([event('x')]).replace('END:VCALENDAR', '')],
    ['no calendar at all', 'hello, world'],
  ])('leaves a file with %s to the whole-text parse (null)', (_, text) => {
    expect(scanBlocks(text)).toBeNull();
  });
});

describe('findCutOff', () => {
  const whole = buildCalendar([event('a'), event('b')]);
  const lineOf = (text: string, needle: string): number =>
    text.slice(0, text.indexOf(needle)).split('\r\n').length;

  it.each([
    ['between two events', whole.slice(0, whole.indexOf('BEGIN:VEVENT\r\nUID:b'))],
    ['inside the calendar header', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n'],
    ['inside END:VCALENDAR', whole.slice(0, whole.lastIndexOf('END:VCALENDAR') + 7)],
  ])('names the open VCALENDAR when a text is cut %s', (_, text) => {
    expect(findCutOff(text)).toEqual({ outer: 'VCALENDAR', name: 'VCALENDAR', line: 1 });
  });

  it('names the innermost open component when a text is cut inside a VEVENT', () => {
    const text = whole.slice(0, whole.indexOf('UID:b') + 5);
    expect(findCutOff(text)).toEqual({
      outer: 'VCALENDAR',
      name: 'VEVENT',
      line: lineOf(text, 'BEGIN:VEVENT\r\nUID:b'),
    });
  });

  it('names a cut second calendar of two, and reads bare-CR line ends', () => {
    const two = whole + buildCalendar([event('c')]);
    expect(findCutOff(two.slice(0, two.lastIndexOf('END:VEVENT')))?.name).toBe('VEVENT');
    expect(findCutOff(whole.replace(/\r\n/g, '\r').replace('END:VCALENDAR', ''))?.name).toBe(
      'VCALENDAR',
    );
  });

  it.each([
    ['a whole calendar', whole],
    ['a whole calendar without its last line end', whole.trimEnd()],
    ['an empty calendar', buildCalendar([])],
    ['a VEVENT without END in the middle', buildCalendar([['BEGIN:VEVENT', 'UID:x'], event('y')])],
    ['a stray END', buildCalendar([['BEGIN:VEVENT', 'UID:x', 'END:VTODO', 'END:VEVENT']])],
    ['bare CR line ends', whole.replace(/\r\n/g, '\r')],
    ['text that is not iCalendar', 'hello, world'],
  ])('is null for %s', (_, text) => {
    expect(findCutOff(text)).toBeNull();
  });
});
