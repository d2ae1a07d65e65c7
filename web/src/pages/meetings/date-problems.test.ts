import { describe, expect, it } from 'vitest';
import { dateProblems } from './date-problems';

const params = (query: string) => new URLSearchParams(query);

describe('dateProblems', () => {
  it('says a date that is not one is not valid, not that it is after “To”', () => {
    expect(
      dateProblems(
        params('from=garbage&to=2026-11-01'),
        { from: '2026-11-02', to: '2026-11-01' },
        false,
      ),
    ).toEqual({
      error: '“From” (“garbage”) is not a valid date: choose a date, or clear the field for none.',
      note: null,
    });
  });

  it('names both sides, a long value cut short, and a day that does not exist', () => {
    const long = 'x'.repeat(60);
    expect(
      dateProblems(params(`from=${long}&to=2026-02-30`), { from: null, to: null }, false).error,
    ).toBe(
      `“From” (“${'x'.repeat(40)}…”) and “To” (“2026-02-30”) are not valid dates: choose a date, or clear the field for none.`,
    );
  });

  it('notes the date used instead when the list can be shown', () => {
    expect(
      dateProblems(
        params('from=2026-03-02&to=soon'),
        { from: '2026-03-02', to: '2026-03-08' },
        true,
        'en-GB',
      ),
    ).toEqual({
      error: null,
      // ICU versions differ on a comma after the weekday.
      note: expect.stringMatching(
        /^“To” \(“soon”\) is not a valid date: the list ends on Sunday,? 8 March 2026 instead\.$/,
      ),
    });
  });

  it('says nothing of dates, empty sides (no bound) or none', () => {
    const none = { error: null, note: null };
    expect(
      dateProblems(params('from=2026-03-02&to='), { from: '2026-03-02', to: null }, true),
    ).toEqual(none);
    expect(dateProblems(params(''), { from: '2026-03-02', to: '2026-03-08' }, true)).toEqual(none);
  });
});
