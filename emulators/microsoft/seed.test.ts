import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultSeed,
  parseSeed,
  startMicrosoftEmulator,
  type RunningMicrosoftEmulator,
} from './index.js';
import { NOW } from './test-kit.js';

let emulator: RunningMicrosoftEmulator;

beforeAll(async () => {
  emulator = await startMicrosoftEmulator({ now: () => NOW });
});

afterAll(async () => {
  await emulator.close();
});

describe('seed', () => {
  it('the default seed lists a Teams meeting, an all-day event, and a series with one moved occurrence', () => {
    const calendar = emulator.state.defaultCalendarId('carol@fabrikam.test');
    const truth = emulator.state.listTruth(calendar);
    expect(truth.find((e) => e.isAllDay)).toMatchObject({
      subject: 'Team offsite',
      start: { dateTime: '2026-03-05T00:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2026-03-07T00:00:00.0000000', timeZone: 'UTC' },
    });
    expect(truth.find((e) => e.onlineMeeting)?.onlineMeeting?.joinUrl).toMatch(
      /^https:\/\/teams\.microsoft\.com\//,
    );
    const series = truth.filter((e) => e.seriesMasterId === 'AAMkDemoWeekly');
    expect(series).toHaveLength(10);
    expect(series.filter((e) => e.type === 'exception').map((e) => e.subject)).toEqual([
      'Pipeline review (moved)',
    ]);
  });

  it('names every problem of a bad seed with its path', () => {
    expect(() =>
      parseSeed({ users: [{ email: 'a@b.c', calendars: [{ events: [{ start: {} }] }] }] }),
    ).toThrow(/users\.0\.calendars\.0\.events\.0\.start\.dateTime/);
    expect(() => parseSeed(defaultSeed(NOW))).not.toThrow();
  });
});
