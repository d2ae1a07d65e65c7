import { describe, expect, it } from 'vitest';
import {
  charsetOf,
  decodeDeclared,
  decodeIcs,
  decodeUndeclared,
  encodingOf,
  guessedCharsetNote,
  mendSplitCharacters,
} from './ics-bytes.js';
import { contentLines } from './ics-lines.js';
import { parseCalendar } from './parse-calendar.js';
import { streamCalendar } from './stream-calendar.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('decodeIcs', () => {
  it('joins a UTF-8 character that a CRLF fold cuts in two (RFC 5545 §3.1)', () => {
    const text = decodeIcs(bytes('SUMMARY:Caf\xc3\r\n \xa9 meeting\r\n'));
    expect(contentLines(text)).toEqual([{ line: 1, text: 'SUMMARY:Café meeting' }]);
  });

  it('joins characters cut by LF folds, tab folds and several folds in a row', () => {
    // 日 is E6 97 A5, € is E2 82 AC, 😀 is F0 9F 98 80.
    const input = 'A:\xe6\x97\n\t\xa5|\xe2\n \x82\n \xac|\xf0\x9f\r\n \x98\x80\r\n';
    expect(contentLines(decodeIcs(bytes(input)))).toEqual([{ line: 1, text: 'A:日|€|😀' }]);
  });

  it('keeps every line where it was, so that problems name the file lines', () => {
    const input = 'A:x\xc3\r\n \xa9\r\nB:y\r\nC:\xe2\x82\r\n \xac\r\n';
    const mended = mendSplitCharacters(bytes(input));
    expect(mended.length).toBe(input.length);
    expect(contentLines(decodeIcs(bytes(input)))).toEqual([
      { line: 1, text: 'A:xé' },
      { line: 3, text: 'B:y' },
      { line: 4, text: 'C:€' },
    ]);
  });

  it('leaves bytes that are not a cut character alone, and never changes its input', () => {
    const input = bytes('A:\xc3\r\n x\r\nB:\xa9\r\n \xa9\r\nC:caf\xc3\xa9\r\n \xa9\r\n');
    const before = Buffer.from(input);
    expect(contentLines(decodeIcs(input)).map((l) => l.text)).toEqual([
      'A:\ufffdx',
      'B:\ufffd\ufffd',
      'C:café\ufffd',
    ]);
    expect(mendSplitCharacters(input)).toBe(input);
    expect(Buffer.compare(input, before)).toBe(0);
  });

  it('reads the declared charset, and drops a byte order mark', () => {
    expect(decodeIcs(bytes('SUMMARY:R\xe9union caf\xe9'), encodingOf('ISO-8859-1')!)).toBe(
      'SUMMARY:Réunion café',
    );
    expect(decodeIcs(bytes('\xef\xbb\xbfA:b'))).toBe('A:b');
  });

  it('names a broken event at its file line after a mended fold', () => {
    const file = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:x',
      'BEGIN:VEVENT',
      'UID:a@t',
      'DTSTAMP:20260101T000000Z',
      'DTSTART:20260310T100000Z',
      'SUMMARY:Caf\xc3',
      ' \xa9',
      'RRULE:FREQ=SOMETIMES',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const text = decodeIcs(bytes(file));
    expect(parseCalendar(text).problems).toEqual([
      expect.objectContaining({ line: 10, message: expect.stringMatching(/^line 10: /) }),
    ]);
    const streamed = [...streamCalendar(text).items()];
    expect(streamed).toEqual([{ problem: expect.objectContaining({ line: 10 }) }]);
    const fixed = parseCalendar(text.replace('FREQ=SOMETIMES', 'FREQ=DAILY'));
    expect(fixed.series[0]?.master?.getFirstPropertyValue('summary')).toBe('Café');
  });
});

describe('charsetOf and encodingOf', () => {
  it('reads the charset parameter, quoted or not', () => {
    expect(charsetOf('text/calendar; charset=ISO-8859-1')).toBe('ISO-8859-1');
    expect(charsetOf('text/calendar;CHARSET="utf-8"; method=PUBLISH')).toBe('utf-8');
    expect(charsetOf('text/calendar')).toBeNull();
    expect(charsetOf(null)).toBeNull();
  });

  it('knows the WHATWG labels and nothing else', () => {
    expect(encodingOf('latin1')).toBe('windows-1252');
    expect(encodingOf('UTF8')).toBe('utf-8');
    expect(encodingOf('klingon')).toBeNull();
  });
});

describe('decodeDeclared', () => {
  const latin1 = bytes('SUMMARY:R\xe9union caf\xe9');

  it('reads the charset a body declares, and UTF-8 when it declares none', () => {
    expect(decodeDeclared(latin1, 'ISO-8859-1')).toEqual({
      text: 'SUMMARY:Réunion café',
      encoding: 'windows-1252',
      unknownCharset: null,
      guessed: null,
    });
    const utf8 = Buffer.from('SUMMARY:Réunion café', 'utf8');
    expect(decodeDeclared(utf8, null).text).toBe('SUMMARY:Réunion café');
    expect(decodeDeclared(Buffer.from('\ufeffA:é', 'utf16le'), 'utf-16le').text).toBe('A:é');
  });

  it('reads an unknown charset as UTF-8 and names it', () => {
    const utf8 = Buffer.from('A:é', 'utf8');
    expect(decodeDeclared(utf8, 'x-klingon')).toEqual({
      text: 'A:é',
      encoding: 'utf-8',
      unknownCharset: 'x-klingon',
      guessed: null,
    });
  });

  it('does not believe a legacy charset declared for valid UTF-8 (a server default)', () => {
    const utf8 = bytes('SUMMARY:Caf\xc3\r\n \xa9');
    expect(decodeDeclared(utf8, 'iso-8859-1')).toMatchObject({
      text: 'SUMMARY:Caf\r\n é',
      encoding: 'utf-8',
    });
    expect(decodeDeclared(bytes('A:plain'), 'iso-8859-1').encoding).toBe('windows-1252');
  });
});

describe('decodeUndeclared', () => {
  it('reads UTF-8, with a byte order mark or a fold inside a character, as UTF-8', () => {
    for (const body of [
      Buffer.from('SUMMARY:Réunion 日', 'utf8'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('SUMMARY:Réunion 日', 'utf8')]),
    ]) {
      expect(decodeUndeclared(body)).toEqual({
        text: 'SUMMARY:Réunion 日',
        encoding: 'utf-8',
        unknownCharset: null,
        guessed: null,
      });
    }
    expect(decodeUndeclared(bytes('SUMMARY:Caf\xc3\r\n \xa9')).text).toBe('SUMMARY:Caf\r\n é');
  });

  it('reads bytes that are not UTF-8 as windows-1252 and says so', () => {
    // Read as UTF-8, both letters became U+FFFD, for good.
    const decoded = decodeUndeclared(bytes('SUMMARY:R\xe9union caf\xe9'));
    expect(decoded).toEqual({
      text: 'SUMMARY:Réunion café',
      encoding: 'windows-1252',
      unknownCharset: null,
      guessed: 'windows-1252',
    });
    expect(guessedCharsetNote('the file', decoded)).toMatch(
      /^the file names no charset and is not valid UTF-8: it was read as windows-1252/,
    );
    expect(guessedCharsetNote('the file', decodeUndeclared(bytes('A:plain')))).toBeNull();
  });

  it('is what decodeDeclared does when nothing is declared', () => {
    const body = bytes('SUMMARY:R\xe9union');
    expect(decodeDeclared(body, null)).toEqual(decodeUndeclared(body));
  });
});
