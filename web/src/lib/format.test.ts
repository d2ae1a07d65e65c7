import { describe, expect, it } from 'vitest';
import {
  formatClockRange,
  formatLocalDate,
  formatMonth,
  formatPercent,
  formatTimeRange,
  plural,
} from './format';

describe('format', () => {
  it('shows a meeting in the user zone, one date when it starts and ends the same day', () => {
    expect(
      formatTimeRange('2026-03-02T09:00:00Z', '2026-03-02T10:30:00Z', 'Europe/Berlin', 'en-GB'),
    ).toBe('Mon, 2 Mar 2026, 10:00–11:30');
    expect(
      formatClockRange('2026-03-02T09:00:00Z', '2026-03-02T10:30:00Z', 'America/New_York', 'en-GB'),
    ).toBe('04:00–05:30');
  });

  it('shows both dates for a range that crosses midnight', () => {
    expect(formatTimeRange('2026-03-02T22:00:00Z', '2026-03-03T01:00:00Z', 'UTC', 'en-GB')).toBe(
      'Mon, 2 Mar 2026, 22:00 – Tue, 3 Mar 2026, 01:00',
    );
  });

  it('writes calendar dates and months without shifting them by a zone', () => {
    expect(formatLocalDate('2026-03-02', 'en-GB')).toMatch(/^Monday,? 2 March 2026$/);
    expect(formatMonth('2026-01', 'en-GB')).toBe('Jan 2026');
  });

  it('writes confidence as a whole percentage', () => {
    expect(formatPercent(0.823)).toBe('82%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(1.2)).toBe('100%');
    expect(formatPercent(-0.1)).toBe('0%');
  });

  it('writes a confidence as the whole percentage it reaches, as the confidence filter reads it', () => {
    expect(formatPercent(0.896)).toBe('89%');
    expect(formatPercent(0.9)).toBe('90%');
    expect(formatPercent(0.57)).toBe('57%');
    expect(formatPercent(0.999)).toBe('99%');
    // Shown as N% or more exactly when the "N% or more" filter (confidence >= N / 100) keeps it.
    for (const threshold of [0.5, 0.7, 0.9]) {
      for (let i = 0; i <= 1000; i++) {
        const confidence = i / 1000;
        const shown = Number.parseInt(formatPercent(confidence), 10);
        expect([confidence, shown >= threshold * 100]).toEqual([
          confidence,
          confidence >= threshold,
        ]);
      }
    }
  });

  it('counts in words', () => {
    expect(plural(1, 'meeting')).toBe('1 meeting');
    expect(plural(3, 'meeting')).toBe('3 meetings');
  });
});
