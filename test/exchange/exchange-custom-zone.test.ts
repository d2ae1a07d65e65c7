/**
 * A series in a zone Exchange has no name for ("Customized Time Zone", as it names the zone of
 * an invitation from another client), defined by its periods and transitions: synced through
 * ews-javascript-api from the emulator, it must repeat in that zone across the change to summer
 * time, with its exception shown once and its deleted occurrence not at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE, ALICE_PASSWORD, buildItem, buildSeed } from '../../emulators/exchange/test-kit.js';
import { openHarness, type ExchangeHarness } from './harness.js';

const BASIC = { authType: 'basic', username: 'alice', password: ALICE_PASSWORD };

describe('Exchange series in a "Customized Time Zone"', () => {
  let emulator: RunningExchangeEmulator;
  let harness: ExchangeHarness;

  beforeAll(async () => {
    const weekly = buildItem({
      id: 'AAMkCustom',
      subject: 'Weekly',
      // Monday 09:00 in Berlin (CET) from 2 March 2026; summer time begins on 29 March.
      start: '2026-03-02T08:00:00Z',
      end: '2026-03-02T08:30:00Z',
      timeZone: 'W. Europe Standard Time',
      timeZoneId: 'Customized Time Zone',
      recurrence: {
        pattern: { type: 'Weekly', interval: 1, daysOfWeek: ['Monday'] },
        range: { type: 'NoEnd' },
      },
      modifiedOccurrences: [
        {
          originalStart: '2026-04-06T07:00:00Z',
          start: '2026-04-06T12:00:00Z',
          end: '2026-04-06T12:30:00Z',
          subject: 'Weekly (moved)',
        },
      ],
      deletedOccurrences: ['2026-04-13T07:00:00Z'],
    });
    emulator = await startExchangeEmulator({ protocol: 'http', seed: buildSeed([weekly]) });
    harness = await openHarness(emulator, { secrets: BASIC });
  });
  afterAll(async () => {
    await harness.close();
    await emulator.close();
  });

  it('repeats in the zone the definition defines, as the calendar view shows it', async () => {
    const outcome = await harness.sync();
    expect(outcome.issues).toEqual([]);
    const events = await harness.events();
    const view = emulator.state
      .view(ALICE, '2026-02-22T00:00:00Z', '2026-04-30T00:00:00Z')
      .map((v) => `${new Date(v.start).toISOString()} ${v.subject}`);
    expect(events.map((e) => `${e.start} ${e.title}`)).toEqual(view);
    expect(events.map((e) => [e.originalStart, e.start, e.title])).toEqual([
      ['2026-03-02T08:00:00Z', '2026-03-02T08:00:00.000Z', 'Weekly'],
      ['2026-03-09T08:00:00Z', '2026-03-09T08:00:00.000Z', 'Weekly'],
      ['2026-03-16T08:00:00Z', '2026-03-16T08:00:00.000Z', 'Weekly'],
      ['2026-03-23T08:00:00Z', '2026-03-23T08:00:00.000Z', 'Weekly'],
      ['2026-03-30T07:00:00Z', '2026-03-30T07:00:00.000Z', 'Weekly'],
      ['2026-04-06T07:00:00Z', '2026-04-06T12:00:00.000Z', 'Weekly (moved)'],
      ['2026-04-20T07:00:00Z', '2026-04-20T07:00:00.000Z', 'Weekly'],
      ['2026-04-27T07:00:00Z', '2026-04-27T07:00:00.000Z', 'Weekly'],
    ]);
  });
});
