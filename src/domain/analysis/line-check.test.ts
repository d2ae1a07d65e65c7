import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/support/seeded-random.js';
import { EventLineError, lineSchema, parseEventLine, toMeetingInput } from './event-line.js';
import { isEventLine } from './line-check.js';
import { clearInstantMemo, INSTANT_MEMO_LIMIT, lineInstant } from './line-times.js';

type Json = Record<string, unknown>;

const CORPUS = join(import.meta.dirname, '../../../corpus');

function corpusLines(): Json[] {
  return ['helvetia-analytics', 'lumiere-paie', 'ruta-logistica'].flatMap((name) =>
    readFileSync(join(CORPUS, name, 'events.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as Json),
  );
}

/** Values a field may be given: right and wrong types, each enum's words and near misses. */
const VALUES: readonly unknown[] = [
  undefined,
  null,
  '',
  'x',
  0,
  1,
  true,
  false,
  [],
  {},
  [{}],
  [null],
  ['a@b.c'],
  { email: 'a@b.c' },
  { email: '' },
  { email: 'a@b.c', name: 3 },
  'accepted',
  'Accepted',
  'declined',
  'tentative',
  'needsAction',
  'confirmed',
  'cancelled',
  'canceled',
  'opaque',
  'transparent',
  '2026-03-04',
  '2026-3-4',
  '2026-03-04T10:00:00Z',
  '2026-03-04t10:00:00z',
  '2026-03-04T10:00Z',
  '2026-03-04T10:00:00.123456+0530',
  '2026-03-04T10:00:00',
  '2026-03-04 10:00:00Z',
  '2026-02-30T10:00:00Z',
  '2026-13-04T10:00:00Z',
  '2026-03-04T25:00:00+01:00',
  '2026-03-04T10:00:00+99:99',
];

const TOP_FIELDS = [
  'id',
  'title',
  'description',
  'start',
  'end',
  'timeZone',
  'allDay',
  'location',
  'organizer',
  'attendees',
  'status',
  'transparency',
  'seriesId',
  'calendarOwner',
  'extra',
];
const PERSON_FIELDS = ['email', 'name', 'responseStatus', 'optional', 'resource', 'extra'];

/** A copy of the line with one to three fields (top level or a person's) set to other values. */
function mutated(line: Json, next: () => number): Json {
  const copy = structuredClone(line);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const set = (target: Json, field: string) => {
    const value = pick(VALUES);
    if (value === undefined) delete target[field];
    else target[field] = structuredClone(value);
  };
  for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
    const attendees = copy['attendees'];
    const organizer = copy['organizer'];
    const where = next();
    if (where < 0.3 && Array.isArray(attendees) && attendees.length > 0) {
      const attendee: unknown = pick(attendees);
      if (typeof attendee === 'object' && attendee !== null && !Array.isArray(attendee))
        set(attendee as Json, pick(PERSON_FIELDS));
    } else if (where < 0.4 && typeof organizer === 'object' && organizer !== null) {
      set(organizer as Json, pick(PERSON_FIELDS));
    } else {
      set(copy, pick(TOP_FIELDS));
    }
  }
  return copy;
}

function expectSameAsSchema(json: Json): boolean {
  const parsed = lineSchema.safeParse(json);
  const accepted = isEventLine(json);
  expect(accepted).toBe(parsed.success);
  if (parsed.success) {
    // The same MeetingInput, keys in the same order, from the raw object as from zod's copy.
    const fromRaw = toMeetingInput(json as Parameters<typeof toMeetingInput>[0]);
    expect(JSON.stringify(fromRaw)).toBe(JSON.stringify(toMeetingInput(parsed.data)));
    expect(fromRaw).toStrictEqual(toMeetingInput(parsed.data));
  }
  return accepted;
}

describe('isEventLine', () => {
  it('accepts exactly the corpus lines the schema accepts, with the same data', () => {
    const lines = corpusLines();
    expect(lines.length).toBeGreaterThan(900);
    for (const line of lines) expect(expectSameAsSchema(line)).toBe(true);
  });

  it('agrees with the schema on 30,000 mutated lines', () => {
    const lines = corpusLines();
    const next = seededRandom(4);
    let accepted = 0;
    for (let i = 0; i < 30_000; i++) {
      if (expectSameAsSchema(mutated(lines[i % lines.length] ?? {}, next))) accepted += 1;
    }
    // Both outcomes are well represented, so the comparison tests something either way.
    expect(accepted).toBeGreaterThan(3_000);
    expect(accepted).toBeLessThan(27_000);
  });

  it('leaves the schema to say what is wrong', () => {
    const line = JSON.stringify({ id: 'x', title: 't', start: '2026-03-04', end: 'soon' });
    expect(() => parseEventLine(line)).toThrow(EventLineError);
    expect(() => parseEventLine(line)).toThrow(/^end: must be an RFC 3339 date-time/);
  });
});

describe('lineInstant', () => {
  /** The written date and clock, checked by a round trip through Date.UTC (a slower way). */
  const existing = (value: string): boolean => {
    const [y, m, d, h] = [
      value.slice(0, 4),
      value.slice(5, 7),
      value.slice(8, 10),
      value.slice(11, 13),
    ].map(Number);
    const at = new Date(Date.UTC(y ?? 0, (m ?? 0) - 1, d ?? 0, h || 0));
    return at.getUTCMonth() + 1 === m && at.getUTCDate() === d && at.getUTCHours() === (h || 0);
  };
  const uncached = (value: string): string | null => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return existing(value) ? `${value}T00:00:00.000Z` : null;
    const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
    if (!dateTime.test(value) || !existing(value) || Number.isNaN(Date.parse(value))) return null;
    return new Date(value).toISOString();
  };

  it('refuses days and hours that do not exist, which Date.parse rolls over', () => {
    for (const value of [
      '2026-13-45',
      '2026-02-30',
      '2026-00-10',
      '2026-04-31',
      '2026-02-29',
      '2100-02-29',
      '2026-02-30T10:00:00Z',
      '2026-02-29T10:00Z',
      '2026-01-01T24:00:00Z',
      '2026-06-31T10:00:00+02:00',
    ])
      expect(lineInstant(value), value).toBeNull();
    expect(lineInstant('2028-02-29')).toBe('2028-02-29T00:00:00.000Z');
    expect(lineInstant('2000-02-29T23:30:00-01:00')).toBe('2000-03-01T00:30:00.000Z');
    expect(lineInstant('2026-12-31T23:59:59Z')).toBe('2026-12-31T23:59:59.000Z');
    const line = JSON.stringify({ id: 'x', title: 't', start: '2026-02-30', end: '2026-03-01' });
    expect(() => parseEventLine(line)).toThrow(/^start: /);
  });

  it('gives what Date gives, kept or not, before and after the memo is emptied', () => {
    const values = [
      ...VALUES.filter((v): v is string => typeof v === 'string'),
      `2026-03-04T10:00:00.${'1'.repeat(60)}Z`,
      '2026-02-30',
      '2026-02-30T10:00:00Z',
    ];
    for (let minute = 0; minute < INSTANT_MEMO_LIMIT + 500; minute += 7) {
      const at = new Date(Date.UTC(2026, 0, 1) + minute * 60_000).toISOString();
      values.push(at, `${at.slice(0, 19)}+05:30`, `${at.slice(0, 16)}-0800`, at.slice(0, 10));
    }
    clearInstantMemo();
    for (let round = 0; round < 2; round++) {
      for (const value of values) expect(lineInstant(value)).toBe(uncached(value));
      clearInstantMemo();
    }
  });
});
