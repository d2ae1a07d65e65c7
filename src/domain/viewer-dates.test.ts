import { describe, expect, it } from 'vitest';
import { datesCovered, isIanaZone } from './viewer-dates.js';

describe('viewer dates', () => {
  it('names the local dates a range of instants covers, the last one exclusive', () => {
    // Monday 2 to Sunday 8 March in New York, whose clocks go forward on the 8th.
    expect(
      datesCovered(
        { from: '2026-03-02T05:00:00.000Z', to: '2026-03-09T04:00:00.000Z' },
        'America/New_York',
      ),
    ).toEqual({ fromDate: '2026-03-02', toDate: '2026-03-09' });
    expect(
      datesCovered(
        { from: '2026-03-01T15:00:00.000Z', to: '2026-03-08T15:00:00.000Z' },
        'Asia/Tokyo',
      ),
    ).toEqual({ fromDate: '2026-03-02', toDate: '2026-03-09' });
  });

  it('counts a day the range only touches, and not the one its end stops at', () => {
    expect(
      datesCovered({ from: '2026-03-02T23:59:59.999Z', to: '2026-03-03T00:00:00.001Z' }, 'UTC'),
    ).toEqual({ fromDate: '2026-03-02', toDate: '2026-03-04' });
    expect(
      datesCovered({ from: '2026-03-02T12:00:00.000Z', to: '2026-03-03T00:00:00.000Z' }, 'UTC'),
    ).toEqual({ fromDate: '2026-03-02', toDate: '2026-03-03' });
  });

  it('takes a range open at either end, and across the end of a year', () => {
    expect(datesCovered({ from: '2026-12-31T20:00:00.000Z' }, 'Asia/Tokyo')).toEqual({
      fromDate: '2027-01-01',
    });
    expect(datesCovered({ to: '2027-01-01T05:00:00.000Z' }, 'America/New_York')).toEqual({
      toDate: '2027-01-01',
    });
    expect(datesCovered({}, 'UTC')).toEqual({});
  });

  it('knows IANA zone names, and nothing else', () => {
    for (const zone of ['UTC', 'America/New_York', 'Asia/Kolkata', 'Etc/GMT+12'])
      expect(isIanaZone(zone)).toBe(true);
    for (const zone of ['', 'Mars/Olympus_Mons', '+05:00', 'Z', 'local', 'America/New York'])
      expect(isIanaZone(zone)).toBe(false);
  });
});
