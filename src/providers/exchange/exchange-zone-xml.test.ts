import { describe, expect, it } from 'vitest';
import { durationMinutes, itemZonesOf } from './exchange-zone-xml.js';

const NS =
  'xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" ' +
  'xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"';

/** A GetItem answer holding these CalendarItems. */
function getItemAnswer(...items: string[]): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>' +
    `<m:GetItemResponse ${NS}><m:ResponseMessages>` +
    items
      .map(
        (item) =>
          '<m:GetItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>' +
          `<m:Items>${item}</m:Items></m:GetItemResponseMessage>`,
      )
      .join('') +
    '</m:ResponseMessages></m:GetItemResponse></s:Body></s:Envelope>'
  );
}

function calendarItem(id: string, zone: string): string {
  return (
    `<t:CalendarItem><t:ItemId Id="${id}" ChangeKey="CK"/><t:Subject>A &amp; B</t:Subject>` +
    `<t:Body BodyType="Text">Agenda</t:Body><t:Start>2026-03-02T08:00:00Z</t:Start>${zone}</t:CalendarItem>`
  );
}

function zone(id: string, periods: string, groups: string, transitions: string): string {
  return (
    `<t:StartTimeZone Id="${id}" Name="${id}"><t:Periods>${periods}</t:Periods>` +
    `<t:TransitionsGroups>${groups}</t:TransitionsGroups>` +
    `<t:Transitions>${transitions}</t:Transitions></t:StartTimeZone>`
  );
}

const period = (id: string, bias: string) => `<t:Period Bias="${bias}" Name="${id}" Id="${id}"/>`;

function byDay(to: string, time: string, month: number, day: string, occurrence: number): string {
  return (
    `<t:RecurringDayTransition><t:To Kind="Period">${to}</t:To><t:TimeOffset>${time}</t:TimeOffset>` +
    `<t:Month>${month}</t:Month><t:DayOfWeek>${day}</t:DayOfWeek>` +
    `<t:Occurrence>${occurrence}</t:Occurrence></t:RecurringDayTransition>`
  );
}

function byDate(to: string, time: string, month: number, day: number): string {
  return (
    `<t:RecurringDateTransition><t:To Kind="Period">${to}</t:To><t:TimeOffset>${time}</t:TimeOffset>` +
    `<t:Month>${month}</t:Month><t:Day>${day}</t:Day></t:RecurringDateTransition>`
  );
}

const group = (id: string, ...transitions: string[]) =>
  `<t:TransitionsGroup Id="${id}">${transitions.join('')}</t:TransitionsGroup>`;
const toPeriod = (id: string) => `<t:Transition><t:To Kind="Period">${id}</t:To></t:Transition>`;
const toGroup = (id: string) => `<t:Transition><t:To Kind="Group">${id}</t:To></t:Transition>`;
const toGroupFrom = (id: string, at: string) =>
  `<t:AbsoluteDateTransition><t:To Kind="Group">${id}</t:To><t:DateTime>${at}</t:DateTime></t:AbsoluteDateTransition>`;

const CUSTOM = 'Customized Time Zone';

function readOne(zoneXml: string) {
  return itemZonesOf(getItemAnswer(calendarItem('AAMk1', zoneXml))).get('AAMk1');
}

describe('itemZonesOf', () => {
  it('reads a zone defined inline with its times of day (Berlin, as Exchange writes it)', () => {
    const berlin = zone(
      CUSTOM,
      period('Std', '-PT1H') + period('Dlt/1', '-PT2H'),
      group('0', byDay('Dlt/1', 'PT2H', 3, 'Sunday', -1), byDay('Std', 'PT3H', 10, 'Sunday', -1)),
      toGroup('0'),
    );
    expect(readOne(berlin)).toEqual({
      id: CUSTOM,
      problem: null,
      definition: {
        standardOffset: 60,
        rules: [
          {
            from: null,
            until: null,
            delta: 60,
            toDaylight: { month: 3, week: 5, dayOfWeek: 0, day: null, time: 120 },
            toStandard: { month: 10, week: 5, dayOfWeek: 0, day: null, time: 180 },
          },
        ],
      },
    });
  });

  it('tells daylight time by its bias, not by its name or order (Sydney, across the new year)', () => {
    const sydney = zone(
      CUSTOM,
      period('Summer', '-PT11H') + period('Winter', '-PT10H'),
      group('g', byDay('Winter', 'PT3H', 4, 'Sunday', 1), byDay('Summer', 'PT2H', 10, 'Sunday', 1)),
      toGroup('g'),
    );
    expect(readOne(sydney)?.definition).toEqual({
      standardOffset: 600,
      rules: [
        {
          from: null,
          until: null,
          delta: 60,
          toDaylight: { month: 10, week: 1, dayOfWeek: 0, day: null, time: 120 },
          toStandard: { month: 4, week: 1, dayOfWeek: 0, day: null, time: 180 },
        },
      ],
    });
  });

  it('gives each group its years, and leaves out groups before a change of standard time', () => {
    const pacific = zone(
      CUSTOM,
      period('Old', '-PT3H') + period('Std', 'PT8H') + period('Dlt', 'PT7H'),
      group('0', toPeriod('Old')) +
        group('1', byDay('Dlt', 'PT2H', 4, 'Sunday', 1), byDay('Std', 'PT2H', 10, 'Sunday', -1)) +
        group('2', byDay('Dlt', 'PT2H', 3, 'Sunday', 2), byDay('Std', 'PT2H', 11, 'Sunday', 1)),
      // Out of order on purpose: the dates order them.
      toGroup('0') +
        toGroupFrom('2', '2007-01-01T00:00:00') +
        toGroupFrom('1', '1990-01-01T00:00:00'),
    );
    expect(readOne(pacific)?.definition).toEqual({
      standardOffset: -480,
      rules: [
        {
          from: null,
          until: '2006-12-31',
          delta: 60,
          toDaylight: { month: 4, week: 1, dayOfWeek: 0, day: null, time: 120 },
          toStandard: { month: 10, week: 5, dayOfWeek: 0, day: null, time: 120 },
        },
        {
          from: '2007-01-01',
          until: null,
          delta: 60,
          toDaylight: { month: 3, week: 2, dayOfWeek: 0, day: null, time: 120 },
          toStandard: { month: 11, week: 1, dayOfWeek: 0, day: null, time: 120 },
        },
      ],
    });
  });

  it('reads fixed-date changes, a change at midnight, and a zone without daylight time', () => {
    const fixed = zone(
      CUSTOM,
      period('Std', '-PT3H30M') + period('Dlt', '-PT4H30M'),
      group('0', byDate('Dlt', 'PT0M', 3, 22), byDate('Std', 'PT0M', 9, 22)),
      toGroup('0'),
    );
    expect(readOne(fixed)?.definition?.rules[0]).toMatchObject({
      delta: 60,
      toDaylight: { month: 3, week: null, dayOfWeek: null, day: 22, time: 0 },
      toStandard: { month: 9, day: 22, time: 0 },
    });
    expect(readOne(fixed)?.definition?.standardOffset).toBe(210);
    const plain = zone(CUSTOM, period('Std', '-PT9H'), group('0', toPeriod('Std')), toGroup('0'));
    expect(readOne(plain)).toEqual({
      id: CUSTOM,
      problem: null,
      definition: { standardOffset: 540, rules: [] },
    });
  });

  it('says why a definition cannot be read instead of guessing', () => {
    const missingGroup = zone(CUSTOM, period('Std', 'PT0M'), '', toGroup('7'));
    expect(readOne(missingGroup)).toEqual({
      id: CUSTOM,
      definition: null,
      problem: 'its definition names a group "7" it lacks',
    });
    const missingPeriod = zone(
      CUSTOM,
      period('Std', 'PT0M'),
      group('0', byDay('Nowhere', 'PT2H', 3, 'Sunday', -1), byDay('Std', 'PT3H', 10, 'Sunday', -1)),
      toGroup('0'),
    );
    expect(readOne(missingPeriod)?.problem).toBe('its definition names a period it lacks');
    const undated = zone(
      CUSTOM,
      period('Std', '-PT1H') + period('Dlt', '-PT2H'),
      group('0', byDay('Dlt', 'PT2H', 13, 'Sunday', -1), byDay('Std', 'PT3H', 10, 'Sunday', -1)),
      toGroup('0'),
    );
    expect(readOne(undated)?.problem).toBe('its definition has a yearly change it does not date');
    expect(readOne(zone(CUSTOM, '', '', ''))?.problem).toBe(
      'its definition has no period with a bias',
    );
  });

  it('reads every item of an answer by its ItemId, and nothing from an answer naming known zones', () => {
    const custom = zone(CUSTOM, period('Std', '-PT9H'), group('0', toPeriod('Std')), toGroup('0'));
    const known = zone('Tokyo Standard Time', period('Std', '-PT9H'), '', '');
    const zones = itemZonesOf(getItemAnswer(calendarItem('A', custom), calendarItem('B', known)));
    expect([...zones.keys()]).toEqual(['A', 'B']);
    expect(zones.get('B')).toEqual({ id: 'Tokyo Standard Time', definition: null, problem: null });
    expect(itemZonesOf(getItemAnswer(calendarItem('B', known))).size).toBe(0);
    expect(itemZonesOf('<not xml')).toEqual(new Map());
    expect(itemZonesOf(`<t:StartTimeZone Id="${CUSTOM}"><unclosed>`)).toEqual(new Map());
  });
});

describe('durationMinutes', () => {
  it.each([
    ['PT2H', 120],
    ['-PT1H', -60],
    ['PT5H30M', 330],
    ['-PT9H30M', -570],
    ['PT0M', 0],
    ['P0DT2H', 120],
    ['PT23H59M59S', 1439],
  ])('reads %s as %i minutes', (text, minutes) => {
    expect(durationMinutes(text)).toBe(minutes);
  });

  it.each(['', 'P', 'PT', '2H', 'PT2X', null])('refuses %j', (text) => {
    expect(durationMinutes(text)).toBeNull();
  });
});
