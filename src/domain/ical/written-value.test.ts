import { describe, expect, it } from 'vitest';
import { aboutValue, quoteWritten, sayMessage, writtenValue } from './written-value.js';

describe('writtenValue', () => {
  it('is the text after the first colon, parameters left out', () => {
    expect(writtenValue('RRULE:FREQ=WEEKLY;UNTIL=2024-02')).toBe('FREQ=WEEKLY;UNTIL=2024-02');
    expect(writtenValue('EXDATE;TZID=Europe/Berlin:20240708T090000,2024070')).toBe(
      '20240708T090000,2024070',
    );
  });

  it('skips a colon inside a quoted parameter, and keeps later colons of the value', () => {
    expect(writtenValue('DTEND;TZID="Odd:Zone":2024072T1100')).toBe('2024072T1100');
    expect(writtenValue('X-URL:https://example.com:8080/a')).toBe('https://example.com:8080/a');
  });

  it('is empty for a line without a value', () => {
    expect(writtenValue('DTSTART;TZID="a:b"')).toBe('');
  });
});

describe('quoteWritten', () => {
  it('quotes a value whole up to 80 characters, and cuts a longer one with an ellipsis', () => {
    expect(quoteWritten('x'.repeat(80))).toBe(`"${'x'.repeat(80)}"`);
    expect(quoteWritten('y'.repeat(81))).toBe(`"${'y'.repeat(80)}…"`);
  });
});

describe('sayMessage', () => {
  const message = aboutValue('EXDATE', 'ignored: not a date', 'series: ');

  it('quotes the value of the content line it is given', () => {
    expect(sayMessage(message, 'EXDATE:2024070')).toBe(
      'series: EXDATE "2024070" ignored: not a date',
    );
  });

  it('says the message without a value when the line is unknown', () => {
    expect(sayMessage(message, null)).toBe('series: EXDATE ignored: not a date');
    expect(sayMessage('plain words', 'EXDATE:2024070')).toBe('plain words');
  });
});
