/**
 * The service's own time zone must not change what it reads from Exchange. ews-javascript-api
 * reads a recurrence range's StartDate and EndDate (xs:date) as midnight in the process's zone;
 * read as the UTC date of that instant, an EndDate was the day before wherever the process runs
 * east of UTC, and the series lost its last occurrence. West of UTC it refuses its own rules for
 * a zone Exchange defines inline ("Customized Time Zone": each change's time of day becomes a
 * date in year 0, which its TransitionTime rejects), and a series in that zone lost its summer
 * time. Vitest runs every file of a worker in one zone, so each zone here is a process of its own
 * (read-in-zone.ts) with TZ set, reading the emulator this file starts.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE, ALICE_PASSWORD, buildItem, buildSeed } from '../../emulators/exchange/test-kit.js';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const CHILD = join(import.meta.dirname, 'read-in-zone.ts');
const FROM = '2026-02-22T00:00:00.000Z';
const TO = '2026-04-30T00:00:00.000Z';

interface ZoneRead {
  zone: string;
  offsetMinutes: number;
  starts: string[];
  ranges: Record<string, { type: string; startDate: string; endDate: string | null }>;
  zones: Record<string, { id: string | null; definition: unknown }>;
}

/** East and west of UTC, on both sides of the date line, and UTC itself. */
const ZONES = [
  'Europe/Berlin',
  'Pacific/Kiritimati',
  'Asia/Tokyo',
  'UTC',
  'America/Los_Angeles',
  'America/New_York',
  'Pacific/Honolulu',
];
/** Their offsets on 23 March 2026 (New York and Los Angeles in summer time, Berlin not yet). */
const OFFSETS = [60, 840, 540, 0, -420, -240, -600];

/** Berlin's rules as the emulator defines them inline: the last Sunday of March and October. */
const BERLIN_RULES = {
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
};

function readInZone(emulator: RunningExchangeEmulator, zone: string): Promise<ZoneRead> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', TSX, CHILD, emulator.ewsUrl, ALICE_PASSWORD, FROM, TO],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', TZ: zone },
        timeout: 50_000,
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${zone}: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ZoneRead);
      },
    );
  });
}

describe('Exchange date-only values read the same in any process time zone', () => {
  let emulator: RunningExchangeEmulator;

  beforeAll(async () => {
    emulator = await startExchangeEmulator({
      protocol: 'http',
      seed: buildSeed([
        buildItem({
          id: 'AAMkWeekly',
          subject: 'Weekly sync',
          // Monday 10:00 in Berlin; the last occurrence is Monday 23 March.
          start: '2026-03-02T09:00:00Z',
          end: '2026-03-02T09:30:00Z',
          recurrence: {
            pattern: { type: 'Weekly', interval: 1, daysOfWeek: ['Monday'] },
            range: { type: 'EndDate', endDate: '2026-03-23' },
          },
        }),
        buildItem({
          id: 'AAMkOffsite',
          subject: 'Offsite day',
          isAllDay: true,
          // Tuesdays from 3 March (midnight in Berlin) to Tuesday 17 March.
          start: '2026-03-02T23:00:00Z',
          end: '2026-03-03T23:00:00Z',
          recurrence: {
            pattern: { type: 'Weekly', interval: 1, daysOfWeek: ['Tuesday'] },
            range: { type: 'EndDate', endDate: '2026-03-17' },
          },
        }),
        buildItem({
          id: 'AAMkCustomSummer',
          subject: 'Custom zone weekly',
          // Mondays 09:00 in Berlin, defined inline, across the change to summer time (29 March).
          start: '2026-03-16T08:00:00Z',
          end: '2026-03-16T08:30:00Z',
          timeZoneId: 'Customized Time Zone',
          recurrence: {
            pattern: { type: 'Weekly', interval: 1, daysOfWeek: ['Monday'] },
            range: { type: 'EndDate', endDate: '2026-04-13' },
          },
        }),
        buildItem({
          id: 'AAMkCustom',
          subject: 'Custom zone daily',
          // 09:00 in Berlin, in a zone Exchange defines by its rules, to Friday 6 March.
          start: '2026-03-02T08:00:00Z',
          end: '2026-03-02T08:30:00Z',
          timeZoneId: 'Customized Time Zone',
          recurrence: {
            pattern: { type: 'Daily', interval: 1 },
            range: { type: 'EndDate', endDate: '2026-03-06' },
          },
        }),
      ]),
    });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('reads each series the same in every process zone: its range, its zone, its times', async () => {
    const view = emulator.state
      .view(ALICE, FROM, TO)
      .map((v) => `${new Date(v.start).toISOString()} ${v.subject}`)
      .sort();
    expect(view).toHaveLength(4 + 3 + 5 + 5);
    // Two children at a time: the machine's cores are shared.
    const limit = pLimit(2);
    const reads = await Promise.all(ZONES.map((zone) => limit(() => readInZone(emulator, zone))));
    // One comparison for every zone, so that a failure shows each zone that reads differently.
    const seen = reads.map((read) => ({
      zone: read.zone,
      starts: read.starts,
      ranges: read.ranges,
      custom: read.zones['AAMkCustomSummer'],
    }));
    expect(seen).toEqual(
      ZONES.map((zone) => ({
        // The child really ran in that zone.
        zone,
        starts: view,
        ranges: {
          AAMkWeekly: expect.objectContaining({ startDate: '2026-03-02', endDate: '2026-03-23' }),
          AAMkOffsite: expect.objectContaining({ startDate: '2026-03-03', endDate: '2026-03-17' }),
          AAMkCustomSummer: expect.objectContaining({
            startDate: '2026-03-16',
            endDate: '2026-04-13',
          }),
          AAMkCustom: expect.objectContaining({ startDate: '2026-03-02', endDate: '2026-03-06' }),
        },
        custom: { id: 'Customized Time Zone', definition: BERLIN_RULES },
      })),
    );
    expect(reads.map((read) => read.offsetMinutes)).toEqual(OFFSETS);
  });
});
