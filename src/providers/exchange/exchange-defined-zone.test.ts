/**
 * The zone an EWS TimeZoneDefinition defines: its offsets hour by hour against the IANA zone it
 * stands for, fixed-date and bounded rules, and the IANA zone chosen when one agrees with it.
 */
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { DefinedZone, zoneOfDefinition } from './exchange-defined-zone.js';

describe('DefinedZone', () => {
  const floating = (month: number, week: number, time: number | null = 120) => ({
    month,
    week,
    dayOfWeek: 0,
    day: null,
    time,
  });
  const offsets = (zone: DefinedZone | string, year: number) => {
    const out: number[] = [];
    for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 3_600_000)
      out.push(DateTime.fromMillis(ms, { zone }).offset);
    return out;
  };

  it.each([
    [
      'Europe/Berlin',
      {
        standardOffset: 60,
        rules: [
          {
            from: null,
            until: null,
            delta: 60,
            toDaylight: floating(3, 5),
            toStandard: floating(10, 5, 180),
          },
        ],
      },
    ],
    [
      'America/New_York',
      {
        standardOffset: -300,
        rules: [
          {
            from: null,
            until: null,
            delta: 60,
            toDaylight: floating(3, 2),
            toStandard: floating(11, 1),
          },
        ],
      },
    ],
    ['Asia/Tokyo', { standardOffset: 540, rules: [] }],
  ])('gives the offsets of %s, hour by hour, from its definition', (iana, definition) => {
    const zone = new DefinedZone('Customized Time Zone', definition);
    for (const year of [2025, 2026, 2030]) expect(offsets(zone, year)).toEqual(offsets(iana, year));
  });

  it('reads fixed-date rules and a rule bounded in time', () => {
    const zone = new DefinedZone('Fixed', {
      standardOffset: 0,
      rules: [
        {
          from: '2020-01-01',
          until: '2030-12-31',
          delta: 60,
          toDaylight: { month: 4, week: null, dayOfWeek: null, day: 1, time: 60 },
          toStandard: { month: 9, week: null, dayOfWeek: null, day: 1, time: 60 },
        },
      ],
    });
    expect(zone.offset(Date.parse('2026-03-31T23:00:00Z'))).toBe(0);
    expect(zone.offset(Date.parse('2026-04-01T01:00:00Z'))).toBe(60);
    expect(zone.offset(Date.parse('2026-09-01T00:30:00Z'))).toBe(0);
  });

  it('is the IANA zone that agrees with the definition, which supplies the lost times of day', () => {
    const berlin = {
      standardOffset: 60,
      rules: [
        {
          from: null,
          until: null,
          delta: 60,
          toDaylight: floating(3, 5, null),
          toStandard: floating(10, 5, null),
        },
      ],
    };
    const zone = zoneOfDefinition('Customized Time Zone', berlin, [2026, 2027]);
    expect(typeof zone).toBe('string');
    expect(offsets(zone, 2026)).toEqual(offsets('Europe/Berlin', 2026));
    // Daylight time from the first Sunday of May to the first Sunday of September: no IANA zone.
    const odd = {
      standardOffset: 60,
      rules: [
        {
          from: null,
          until: null,
          delta: 60,
          toDaylight: floating(5, 1),
          toStandard: floating(9, 1),
        },
      ],
    };
    const defined = zoneOfDefinition('Customized Time Zone', odd, [2026]);
    expect(defined).toBeInstanceOf(DefinedZone);
    expect((defined as DefinedZone).offset(Date.parse('2026-05-03T00:59:00Z'))).toBe(60);
    expect((defined as DefinedZone).offset(Date.parse('2026-05-03T01:00:00Z'))).toBe(120);
  });
});
