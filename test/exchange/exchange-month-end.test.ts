/**
 * Absolute monthly and yearly series on a day some months lack. EWS's DayOfMonth: "If for a
 * particular month this value is larger than the number of days in the month, the last day of the
 * month is assumed" (types.xsd, contract §3.4), so "the 31st of every month" falls on 28 February,
 * where an RRULE with BYMONTHDAY=31 alone skips every shorter month.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE, ALICE_PASSWORD, buildItem, buildSeed } from '../../emulators/exchange/test-kit.js';
import { openHarness, type ExchangeHarness } from './harness.js';

const BASIC = { authType: 'basic', username: 'alice', password: ALICE_PASSWORD };
// The harness's window: 2026-02-22 to 2026-04-30.
const FROM = '2026-02-22T00:00:00.000Z';
const TO = '2026-04-30T00:00:00.000Z';

function monthly(id: string, day: number, start: string) {
  return buildItem({
    id,
    subject: `Close on day ${day}`,
    start,
    end: start.replace('T09', 'T10'),
    recurrence: {
      pattern: { type: 'AbsoluteMonthly', interval: 1, dayOfMonth: day },
      range: { type: 'NoEnd' },
    },
  });
}

describe('Exchange absolute patterns on days a month lacks', () => {
  let emulator: RunningExchangeEmulator;
  let harness: ExchangeHarness;

  beforeAll(async () => {
    emulator = await startExchangeEmulator({
      protocol: 'http',
      seed: buildSeed([
        // 10:00 Berlin (CET) from 31, 30 and 29 January 2026.
        monthly('AAMkDay31', 31, '2026-01-31T09:00:00Z'),
        monthly('AAMkDay30', 30, '2026-01-30T09:00:00Z'),
        monthly('AAMkDay29', 29, '2026-01-29T09:00:00Z'),
        // "29 February every year", created in 2024: 28 February in 2026.
        buildItem({
          id: 'AAMkLeapDay',
          subject: 'Leap-day review',
          start: '2024-02-29T09:00:00Z',
          end: '2024-02-29T10:00:00Z',
          recurrence: {
            pattern: { type: 'AbsoluteYearly', dayOfMonth: 29, month: 'February' },
            range: { type: 'NoEnd' },
          },
        }),
      ]),
    });
    harness = await openHarness(emulator, { secrets: BASIC });
    await harness.sync();
  });
  afterAll(async () => {
    await harness.close();
    await emulator.close();
  });

  const startsOf = async (seriesId: string) =>
    (await harness.events()).filter((e) => e.seriesId === seriesId).map((e) => e.start);

  it('a monthly series on the 29th, 30th or 31st falls on the last day of shorter months', async () => {
    expect(await startsOf('AAMkDay31')).toEqual([
      '2026-02-28T09:00:00.000Z',
      '2026-03-31T08:00:00.000Z',
    ]);
    expect(await startsOf('AAMkDay30')).toEqual([
      '2026-02-28T09:00:00.000Z',
      '2026-03-30T08:00:00.000Z',
    ]);
    expect(await startsOf('AAMkDay29')).toEqual([
      '2026-02-28T09:00:00.000Z',
      '2026-03-29T08:00:00.000Z',
      '2026-04-29T08:00:00.000Z',
    ]);
  });

  it('a yearly series on 29 February falls on 28 February in other years', async () => {
    expect(await startsOf('AAMkLeapDay')).toEqual(['2026-02-28T09:00:00.000Z']);
  });

  it('the emulator lists the same instances as the store holds', async () => {
    const view = emulator.state
      .view(ALICE, FROM, TO)
      .map((v) => `${v.start} ${v.subject}`)
      .sort();
    const stored = (await harness.events()).map((e) => `${e.start} ${e.title}`).sort();
    expect(stored).toEqual(view);
    expect(view.filter((v) => v.startsWith('2026-02-28'))).toHaveLength(4);
  });
});
