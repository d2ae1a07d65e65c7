import { describe, expect, it } from 'vitest';
import { EventLineError, parseEventLine } from './event-line.js';

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({
    id: 'e1',
    title: 'Call',
    start: '2026-03-04T15:00:00-05:00',
    end: '2026-03-04T15:45:00-05:00',
    ...fields,
  });

describe('parseEventLine', () => {
  it('reads the contract fields, with instants in UTC and defaults filled in', () => {
    const { input } = parseEventLine(
      line({ attendees: [{ email: 'a@acme.com' }], unknownField: 1 }),
    );
    expect(input).toMatchObject({
      id: 'e1',
      start: '2026-03-04T20:00:00.000Z',
      end: '2026-03-04T20:45:00.000Z',
      allDay: false,
      status: 'confirmed',
      transparency: 'opaque',
      attendees: [
        { email: 'a@acme.com', responseStatus: 'needsAction', optional: false, resource: false },
      ],
    });
  });

  it('reads a date as an all-day event', () => {
    const { input } = parseEventLine(line({ start: '2026-03-04', end: '2026-03-05' }));
    expect(input.allDay).toBe(true);
    expect(input.start).toBe('2026-03-04T00:00:00.000Z');
  });

  it('says what is wrong with a broken line', () => {
    expect(() => parseEventLine('{"id": ')).toThrow(EventLineError);
    expect(() => parseEventLine('[]')).toThrow(/not a JSON object/);
    expect(() =>
      parseEventLine(JSON.stringify({ id: 'x', title: 't', start: '2026-03-04T15:00:00' })),
    ).toThrow(/start: must be an RFC 3339 date-time with an offset/);
    expect(() => parseEventLine(line({ id: undefined }))).toThrow(/^id/);
  });

  it('refuses an event that ends before it starts, compared as instants, and takes a zero-length one', () => {
    // 15:00-05:00 is 20:00Z: an end at 16:00+01:00 (15:00Z) is before it though it reads later.
    expect(() => parseEventLine(line({ end: '2026-03-04T16:00:00+01:00' }))).toThrow(
      /^end: 2026-03-04T15:00:00.000Z is before start 2026-03-04T20:00:00.000Z$/,
    );
    expect(() => parseEventLine(line({ start: '2026-03-05', end: '2026-03-04' }))).toThrow(
      EventLineError,
    );
    expect(parseEventLine(line({ end: '2026-03-04T15:00:00-05:00' })).input.end).toBe(
      '2026-03-04T20:00:00.000Z',
    );
  });
});
