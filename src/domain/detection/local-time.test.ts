import { describe, expect, it } from 'vitest';
import { localTime, localTimeUncached } from './local-time.js';

describe('localTime', () => {
  const ZONES = [
    'Australia/Lord_Howe', // DST of 30 minutes, changing at 15:30 UTC
    'Asia/Kolkata', // +05:30
    'America/St_Johns', // -03:30 / -02:30, changing at 05:30 / 04:30 UTC
    'Asia/Kathmandu', // +05:45
    'Pacific/Chatham', // +12:45 / +13:45
    'Europe/Berlin',
    'America/New_York',
    'America/Sao_Paulo', // DST until 2019
    'Africa/Monrovia', // -00:44:30 until 1972
    'UTC',
  ];

  /** The instants where the cached answer differs from Intl's (a few thousand per call). */
  let mismatches: string[] = [];
  const same = (instant: string, zone: string | null) => {
    const cached = JSON.stringify(localTime(instant, zone));
    const intl = JSON.stringify(localTimeUncached(instant, zone));
    if (cached !== intl) mismatches.push(`${zone} ${instant}: ${cached} != ${intl}`);
  };
  const checked = (run: () => void) => {
    mismatches = [];
    run();
    expect(mismatches).toEqual([]);
  };

  it('gives what Intl gives, every 37 minutes 31 seconds through a year of DST changes', () => {
    checked(() => {
      for (const zone of ZONES) {
        for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 2_251_000) {
          same(new Date(t).toISOString(), zone);
        }
      }
    });
  });

  it('gives what Intl gives on each minute around the transitions', () => {
    const transitions = [
      ['Australia/Lord_Howe', '2026-04-04T14:00:00Z'],
      ['Australia/Lord_Howe', '2026-10-03T15:00:00Z'],
      ['America/St_Johns', '2026-03-08T05:00:00Z'],
      ['America/St_Johns', '2026-11-01T04:00:00Z'],
      ['Europe/Berlin', '2026-03-29T00:00:00Z'],
      ['Europe/Berlin', '2026-10-25T00:00:00Z'],
      ['America/New_York', '2026-03-08T06:00:00Z'],
      ['Pacific/Chatham', '2026-04-04T13:00:00Z'],
      ['Africa/Monrovia', '1972-01-06T23:00:00Z'],
    ] as const;
    checked(() => {
      for (const [zone, from] of transitions) {
        const start = Date.parse(from);
        for (let t = start; t < start + 3 * 3_600_000; t += 60_000 + 7) {
          same(new Date(t).toISOString(), zone);
        }
      }
    });
  });

  it('gives what Intl gives on random instants from 1890 to 2210', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const from = Date.UTC(1890, 0, 1);
    const span = Date.UTC(2210, 0, 1) - from;
    const count = 1_500;
    checked(() => {
      for (const zone of ZONES) {
        for (let i = 0; i < count; i++)
          same(new Date(from + Math.floor(next() * span)).toISOString(), zone);
      }
    });
  });

  it('falls back to UTC for an unknown or empty zone, and to null for a bad instant', () => {
    checked(() => {
      for (const zone of ['Mars/Olympus_Mons', '', null]) same('2026-07-04T23:30:00.000Z', zone);
      same('2026-07-04T23:30:00+02:00', 'Asia/Kolkata');
    });
    for (const zone of ['Mars/Olympus_Mons', '', null]) {
      expect(localTime('2026-07-04T23:30:00.000Z', zone)).toEqual({ hour: 23, weekday: 6 });
    }
    expect(localTime('not a date', 'Europe/Berlin')).toBeNull();
    expect(localTime('2026-03-29T00:59:59.999Z', 'Europe/Berlin')).toEqual({ hour: 1, weekday: 7 });
    expect(localTime('2026-03-29T01:00:00.000Z', 'Europe/Berlin')).toEqual({ hour: 3, weekday: 7 });
    expect(localTime('2026-10-03T15:29:59.999Z', 'Australia/Lord_Howe')).toEqual({
      hour: 1,
      weekday: 7,
    });
    expect(localTime('2026-10-03T15:30:00.000Z', 'Australia/Lord_Howe')).toEqual({
      hour: 2,
      weekday: 7,
    });
  });

  it('reads the offset a time was written with when no zone, or an unknown one, is given', () => {
    // 10:00+09:00 on a Wednesday is 01:00 UTC: ten in the morning to whoever wrote it.
    expect(localTime('2026-03-04T01:00:00.000Z', null, 540)).toEqual({ hour: 10, weekday: 3 });
    expect(localTime('2026-03-04T01:00:00.000Z', 'Mars/Olympus_Mons', 540)).toEqual({
      hour: 10,
      weekday: 3,
    });
    // 20:30-05:00 on a Tuesday is 01:30 UTC on Wednesday.
    expect(localTime('2026-03-04T01:30:00.000Z', null, -300)).toEqual({ hour: 20, weekday: 2 });
    // A zone that is known says more than an offset (which is right only for that instant).
    expect(localTime('2026-03-04T01:00:00.000Z', 'Europe/Berlin', 540)).toEqual({
      hour: 2,
      weekday: 3,
    });
  });
});
