import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dayAfter, localMidnight } from './all-day.js';

/** What the mappers computed before, with a luxon DateTime per date. */
function luxonMidnight(date: string, zone: string): string | null {
  const local = DateTime.fromISO(date, { zone });
  const valid = local.isValid ? local : DateTime.fromISO(date, { zone: 'UTC' });
  return valid.isValid ? valid.toUTC().toJSDate().toISOString() : null;
}

function luxonDayAfter(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 1 }).toISODate() ?? date;
}

function days(fromYear: number, toYear: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(fromYear, 0, 1); t < Date.UTC(toYear + 1, 0, 1); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

describe('localMidnight', () => {
  it('equals luxon in every zone on the first of each month', () => {
    const zones = [...Intl.supportedValuesOf('timeZone'), 'UTC', 'EST5EDT', 'Not/AZone'];
    const firsts = days(2026, 2026).filter((date) => date.endsWith('-01'));
    for (const zone of zones)
      for (const date of firsts) expect(localMidnight(date, zone)).toBe(luxonMidnight(date, zone));
  });

  it('equals luxon on every day of years where midnight falls in a gap or comes twice', () => {
    // Santiago and Asuncion skip midnight, Havana repeats it, Beirut falls back at midnight;
    // Lord Howe moves by half an hour, Apia crossed the date line (2011-12-30 never happened).
    const zones = [
      'America/Santiago',
      'America/Asuncion',
      'America/Havana',
      'Asia/Beirut',
      'Australia/Lord_Howe',
      'Pacific/Apia',
      'Europe/Berlin',
    ];
    for (const zone of zones)
      for (const date of [...days(2010, 2011), ...days(2026, 2026)])
        expect(localMidnight(date, zone)).toBe(luxonMidnight(date, zone));
  });

  it('leaves what is not a plain date to luxon, and is null for what is no date at all', () => {
    for (const date of ['20260302', '2026-W10-1', '2026-061', '0999-12-31', '2026-02-30', 'x'])
      expect(localMidnight(date, 'Europe/Berlin')).toBe(luxonMidnight(date, 'Europe/Berlin'));
    expect(localMidnight('2026-02-30', 'UTC')).toBeNull();
  });
});

describe('dayAfter', () => {
  it('equals luxon, across months, leap days and years, and for what is not a date', () => {
    const dates = [...days(2023, 2024), '9999-12-31', '2024-13-01', '20240229', 'x'];
    for (const date of dates) expect(dayAfter(date)).toBe(luxonDayAfter(date));
  });
});
