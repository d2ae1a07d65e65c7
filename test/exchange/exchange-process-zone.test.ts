/**
 * The service's own time zone must not change what it reads from Exchange. ews-javascript-api
 * reads a recurrence range's StartDate and EndDate (xs:date) as midnight in the process's zone;
 * read as the UTC date of that instant, an EndDate was the day before wherever the process runs
 * east of UTC, and the series lost its last occurrence. Vitest runs every file of a worker in
 * one zone, so each zone here is a process of its own (read-in-zone.ts) with TZ set, reading the
 * emulator this file starts.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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
}

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

  it('ends each series on its EndDate, as the calendar view does, east and west of UTC', async () => {
    const view = emulator.state
      .view(ALICE, FROM, TO)
      .map((v) => `${new Date(v.start).toISOString()} ${v.subject}`)
      .sort();
    expect(view).toHaveLength(4 + 3 + 5);
    const zones = ['Europe/Berlin', 'Pacific/Kiritimati', 'America/Los_Angeles'];
    const reads = await Promise.all(zones.map((zone) => readInZone(emulator, zone)));
    for (const [index, read] of reads.entries()) {
      const zone = zones[index]!;
      // The child really ran in that zone (Kiritimati is UTC+14, Los Angeles UTC-7 in March).
      expect(read.zone).toBe(zone);
      expect({ zone, starts: read.starts }).toEqual({ zone, starts: view });
      expect({ zone, ranges: read.ranges }).toEqual({
        zone,
        ranges: {
          AAMkWeekly: expect.objectContaining({ startDate: '2026-03-02', endDate: '2026-03-23' }),
          AAMkOffsite: expect.objectContaining({ startDate: '2026-03-03', endDate: '2026-03-17' }),
          AAMkCustom: expect.objectContaining({ startDate: '2026-03-02', endDate: '2026-03-06' }),
        },
      });
    }
    expect(reads.map((read) => read.offsetMinutes)).toEqual([60, 840, -420]);
  });
});
