import fc from 'fast-check';
import { RRuleTemporal } from 'rrule-temporal';
import { describe, expect, it } from 'vitest';
import { localFields, localSeconds } from './civil.js';
import { walkRule } from './rrule-iterator.js';
import { parseRecurrenceRule } from './rrule-parse.js';

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** Rules from the part of RFC 5545 where engines agree (libical's own readings are left out). */
const ruleText = fc
  .record({
    freq: fc.constantFrom('YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY'),
    interval: fc.integer({ min: 1, max: 4 }),
    count: fc.integer({ min: 1, max: 25 }),
    days: fc.subarray(DAYS, { minLength: 1, maxLength: 3 }),
    ordinal: fc.constantFrom(0, 1, 2, -1, -2),
    monthDays: fc.subarray([1, 2, 15, 28, 29, 30, 31, -1, -2], { minLength: 1, maxLength: 3 }),
    months: fc.subarray([1, 2, 3, 6, 9, 12], { minLength: 1, maxLength: 3 }),
    wkst: fc.constantFrom(...DAYS),
    shape: fc.constantFrom('plain', 'byday', 'bymonthday', 'bymonth', 'setpos'),
  })
  .map((r) => {
    const parts = [`FREQ=${r.freq}`, `INTERVAL=${r.interval}`, `COUNT=${r.count}`];
    const byday = (ordinals: boolean) =>
      `BYDAY=${r.days.map((d) => (ordinals && r.ordinal ? `${r.ordinal}${d}` : d)).join(',')}`;
    const monthly = r.freq === 'MONTHLY';
    if (r.shape === 'byday') parts.push(byday(monthly));
    if (r.shape === 'bymonthday' && monthly) parts.push(`BYMONTHDAY=${r.monthDays.join(',')}`);
    if (r.shape === 'bymonth') parts.push(`BYMONTH=${r.months.join(',')}`);
    if (r.shape === 'bymonth' && r.freq === 'YEARLY') parts.push(byday(true));
    if (r.shape === 'setpos' && (monthly || r.freq === 'WEEKLY'))
      parts.push(`BYDAY=${r.days.join(',')}`, 'BYSETPOS=1,-1');
    if (r.freq === 'WEEKLY') parts.push(`WKST=${r.wkst}`);
    return parts.join(';');
  });

const start = fc
  .record({
    day: fc.integer({ min: 18_262, max: 21_914 }), // 2020-01-01 .. 2029-12-31
    halfHour: fc.integer({ min: 0, max: 47 }),
  })
  .map(({ day, halfHour }) => day * 86_400 + halfHour * 1800);

function ours(rule: string, startLocal: number): string[] {
  const parsed = parseRecurrenceRule(rule);
  if (!parsed.ok) throw new Error(parsed.error);
  const walk = walkRule(parsed.rule, {
    start: startLocal,
    isDate: false,
    untilLocal: null,
    includeDtstart: false,
    skipBefore: startLocal,
    stopAt: startLocal + 200 * 366 * 86_400,
    maxPeriods: 1_000_000,
    maxSteps: 1_000_000,
  });
  return [...walk].map((s) => new Date(s * 1000).toISOString().slice(0, 19));
}

/** rrule-temporal's answer, or null when it gives up (a rule that never matches makes it throw). */
function theirs(rule: string, startLocal: number): string[] | null {
  const f = localFields(startLocal);
  const pad = (n: number) => String(n).padStart(2, '0');
  const dt = `${f.year}${pad(f.month)}${pad(f.day)}T${pad(f.hour)}${pad(f.minute)}00`;
  try {
    const engine = new RRuleTemporal({ rruleString: `DTSTART:${dt}\nRRULE:${rule}` });
    return engine.all().map((z) => new Date(localSeconds(z) * 1000).toISOString().slice(0, 19));
  } catch {
    return null;
  }
}

describe('walkRule', () => {
  it('agrees with rrule-temporal on rules both read the same way', () => {
    fc.assert(
      fc.property(ruleText, start, (rule, startLocal) => {
        const expected = theirs(rule, startLocal);
        fc.pre(expected !== null);
        expect(ours(rule, startLocal), rule).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('yields instants in strictly increasing order, never before DTSTART, at most COUNT', () => {
    fc.assert(
      fc.property(ruleText, start, (rule, startLocal) => {
        const list = ours(rule, startLocal);
        const count = Number(/COUNT=(\d+)/.exec(rule)![1]);
        expect(list.length).toBeLessThanOrEqual(count);
        list.forEach((v, i) => {
          if (i > 0) expect(v > list[i - 1]!).toBe(true);
        });
        const first = new Date(startLocal * 1000).toISOString().slice(0, 19);
        expect(list.every((v) => v >= first)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
