import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCalintel } from '../support/cli.js';

const ics = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//t//EN',
  'BEGIN:VEVENT',
  'UID:daily@t',
  'DTSTART:20260101T090000Z',
  'DTEND:20260101T091000Z',
  'RRULE:FREQ=DAILY;COUNT=3',
  'SUMMARY:Daily',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const event = JSON.stringify({
  id: 'evt-1',
  title: 'Acme <> Northwind | discovery call',
  start: '2026-03-04T15:00:00Z',
  end: '2026-03-04T15:45:00Z',
  attendees: [{ email: 'ana@northwind.io' }, { email: 'jdoe@acme.com' }],
});

const starts = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { start: string }).start);

describe('the date flags of calintel', () => {
  let file: string;
  let events: string;

  beforeAll(() => {
    const work = mkdtempSync(join(tmpdir(), 'calintel-date-flags-'));
    file = join(work, 'daily.ics');
    events = join(work, 'events.jsonl');
    writeFileSync(file, ics);
    writeFileSync(events, `${event}\n`);
  });

  it('ics expand refuses a time without a date (not today at that time), naming the flag and the forms', async () => {
    const result = await runCalintel([
      'ics',
      'expand',
      file,
      '--from',
      '10:00',
      '--to',
      '2027-01-01',
    ]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'calintel: --from: "10:00" is not a date (YYYY-MM-DD), an RFC 3339 date-time with an offset (such as 2026-03-01T09:00:00Z or 2026-03-01T09:00+01:00), or a date-time without one, read in --tz (2026-03-01T09:00)\n',
    );
  });

  it('ics expand refuses the ISO forms that are not dates or date-times: weeks, days of the year, years', async () => {
    for (const [flag, value] of [
      ['--to', '2026-W10'],
      ['--to', '2026-060'],
      ['--from', '2026'],
    ] as const) {
      const window = { '--from': '2026-01-01', '--to': '2027-01-01', [flag]: value };
      const result = await runCalintel([
        'ics',
        'expand',
        file,
        '--from',
        window['--from'],
        '--to',
        window['--to'],
      ]);
      expect(result.status, value).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^calintel: ${flag}: "${value}" is not a date`));
    }
  });

  it('ics expand takes a date and a date-time without an offset in --tz, and one with an offset as it says', async () => {
    const local = await runCalintel([
      'ics',
      'expand',
      file,
      '--from',
      '2026-01-02T10:00', // 09:00Z: the second instance is in
      '--to',
      '2026-01-03',
      '--tz',
      'Europe/Berlin', // midnight in Berlin: the third is out
    ]);
    expect(local.status, local.stderr).toBe(0);
    expect(starts(local.stdout)).toEqual(['2026-01-02T09:00:00Z']);
    const offset = await runCalintel([
      'ics',
      'expand',
      file,
      '--from',
      '2026-01-01T10:00:01+01:00', // just after the first instance
      '--to',
      '2026-01-03T09:00:00Z',
    ]);
    expect(offset.status, offset.stderr).toBe(0);
    expect(starts(offset.stdout)).toEqual(['2026-01-02T09:00:00Z']);
  });

  it('conflicts and relationships refuse the same values for --as-of in the same words, as usage errors', async () => {
    for (const command of ['conflicts', 'relationships']) {
      const result = await runCalintel([command, '--input', events, '--as-of', '10:00']);
      expect(result.status, command).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        'calintel: --as-of: "10:00" is not a date (YYYY-MM-DD) or an RFC 3339 date-time with an offset (such as 2026-03-01T09:00:00Z or 2026-03-01T09:00+01:00)\n',
      );
    }
    const local = await runCalintel([
      'relationships',
      '--input',
      events,
      '--as-of',
      '2026-04-01T09:00',
    ]);
    expect(local.status).toBe(1);
    expect(local.stderr).toContain('--as-of: "2026-04-01T09:00" is not a date');
  });

  it('relationships reads --as-of as a date at midnight UTC or a date-time with an offset', async () => {
    const date = await runCalintel(['relationships', '--input', events, '--as-of', '2026-04-01']);
    expect(date.status, date.stderr).toBe(0);
    expect(JSON.parse(date.stdout)).toMatchObject({ asOf: '2026-04-01T00:00:00.000Z' });
    const instant = await runCalintel([
      'relationships',
      '--input',
      events,
      '--as-of',
      '2026-04-01T09:30:00+02:00',
    ]);
    expect(instant.status, instant.stderr).toBe(0);
    expect(JSON.parse(instant.stdout)).toMatchObject({ asOf: '2026-04-01T07:30:00.000Z' });
  });
});
