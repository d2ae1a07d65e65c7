import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildCalendar,
  buildEvent,
  type EventFields,
} from '../../../test/conformance/ics-builder.js';
import { parseCalendar } from '../ical/parse-calendar.js';
import { expandCalendar } from './expand-calendar.js';

const pad = (n: number): string => String(n).padStart(2, '0');

function stamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00`;
}

const BASE = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

/** One random series: zone, rule, length, EXDATE, an override; UIDs are made unique later. */
const series = fc.record({
  startHours: fc.integer({ min: 0, max: 24 * 200 }),
  zone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'floating', 'date'),
  rule: fc.constantFrom(
    null,
    'FREQ=DAILY',
    'FREQ=WEEKLY;BYDAY=MO,TH',
    'FREQ=MONTHLY;BYMONTHDAY=1,-1;COUNT=8',
    'FREQ=HOURLY;INTERVAL=5;UNTIL=20240301T000000Z',
  ),
  hours: fc.integer({ min: 0, max: 30 }),
  exdateAfter: fc.option(fc.integer({ min: 1, max: 5 })),
  moveBy: fc.option(fc.integer({ min: -48, max: 48 })),
});

type Series = typeof series extends fc.Arbitrary<infer T> ? T : never;

function toEvents(s: Series, uid: string): EventFields[] {
  const start = BASE + s.startHours * HOUR;
  const isDate = s.zone === 'date';
  const value = (ms: number): string =>
    isDate ? stamp(ms).slice(0, 8) : stamp(ms) + (s.zone === 'UTC' ? 'Z' : '');
  const key = (name: string): string =>
    isDate
      ? `${name};VALUE=DATE`
      : s.zone === 'UTC' || s.zone === 'floating'
        ? name
        : `${name};TZID=${s.zone}`;
  const master: EventFields = {
    UID: uid,
    [key('DTSTART')]: value(start),
    [key('DTEND')]: value(start + (isDate ? 24 : s.hours) * HOUR),
  };
  if (s.rule) master.RRULE = s.rule;
  if (s.rule && s.exdateAfter) master[key('EXDATE')] = value(start + s.exdateAfter * 24 * HOUR);
  const events = [master];
  if (s.rule && s.moveBy !== null) {
    const original = start + 7 * 24 * HOUR;
    events.push({
      UID: uid,
      [key('RECURRENCE-ID')]: value(original),
      [key('DTSTART')]: value(original + s.moveBy * HOUR),
    });
  }
  return events;
}

const scenario = fc.record({
  series: fc.array(series, { minLength: 1, maxLength: 6 }),
  fromHours: fc.integer({ min: 0, max: 24 * 250 }),
  spanHours: fc.integer({ min: 0, max: 24 * 60 }),
  max: fc.integer({ min: 1, max: 40 }),
  floatingZone: fc.constantFrom('UTC', 'Asia/Tokyo', 'America/Los_Angeles'),
});

describe('expandCalendar properties', () => {
  it('lists instances sorted, inside the window rule, without duplicates, at most max per series', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const events = sc.series.flatMap((s, i) => toEvents(s, `s${i}`));
        const parsed = parseCalendar(buildCalendar(events.map(buildEvent)));
        const from = new Date(BASE + sc.fromHours * HOUR);
        const to = new Date(from.getTime() + sc.spanHours * HOUR);
        const result = expandCalendar(
          parsed,
          { from, to },
          { floatingZone: sc.floatingZone, maxInstancesPerSeries: sc.max },
        );
        const list = result.instances;
        const keys = list.map((i) => `${i.uid} ${i.recurrenceId} ${i.start}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (let i = 1; i < list.length; i++) {
          const [a, b] = [list[i - 1]!, list[i]!];
          expect(a.start < b.start || (a.start === b.start && a.uid <= b.uid)).toBe(true);
        }
        for (const i of list) {
          expect(i.start < to.toISOString()).toBe(true);
          expect(i.start >= from.toISOString() || i.end > from.toISOString()).toBe(true);
          expect(i.end >= i.start).toBe(true);
        }
        const perSeries = new Map<string, number>();
        for (const i of list) perSeries.set(i.uid, (perSeries.get(i.uid) ?? 0) + 1);
        for (const [uid, n] of perSeries) {
          expect(n).toBeLessThanOrEqual(sc.max);
          if (n < sc.max) expect(result.truncated.map((t) => t.uid)).not.toContain(uid);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('lists in a window exactly what a wide expansion lists for that window (skipping ahead loses nothing)', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const events = sc.series.flatMap((s, i) => toEvents(s, `s${i}`));
        const parsed = parseCalendar(buildCalendar(events.map(buildEvent)));
        const from = new Date(BASE + sc.fromHours * HOUR);
        const to = new Date(from.getTime() + sc.spanHours * HOUR);
        const options = { floatingZone: sc.floatingZone, maxInstancesPerSeries: 100_000 };
        const wide = expandCalendar(
          parsed,
          { from: new Date(BASE - 400 * 24 * HOUR), to: new Date(BASE + 800 * 24 * HOUR) },
          options,
        );
        const [f, t] = [from.toISOString(), to.toISOString()];
        const expected = wide.instances.filter((i) => i.start < t && (i.start >= f || i.end > f));
        const key = (i: (typeof expected)[number]): string =>
          `${i.uid} ${i.recurrenceId} ${i.start} ${i.end}`;
        expect(expandCalendar(parsed, { from, to }, options).instances.map(key)).toEqual(
          expected.map(key),
        );
      }),
      { numRuns: 150 },
    );
  });
});
