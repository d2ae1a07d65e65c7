import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCalintel, type CliResult } from '../support/cli.js';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const calintel = (args: string[]) => runCalintel(args);

/**
 * Runs `calintel` as a real process through tsx, its standard output closed after its first
 * line, as `| head -1` does: only a process of its own meets the broken pipe.
 */
function calintelFirstLineOnly(args: string[]) {
  return new Promise<CliResult>((resolvePromise) => {
    const child = spawn(
      process.execPath,
      ['--import', TSX, join(ROOT, 'src/cli/main.ts'), ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('\n')) child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (status) => resolvePromise({ status: status ?? 1, stdout, stderr }));
  });
}

const ics = (...events: string[][]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', ...events.flat(), 'END:VCALENDAR', ''].join(
    '\r\n',
  );

const HOURLY = [
  'BEGIN:VEVENT',
  'UID:hourly@t',
  'DTSTART:20260101T090000Z',
  'DTEND:20260101T091000Z',
  'RRULE:FREQ=HOURLY',
  'SUMMARY:Every hour',
  'END:VEVENT',
];
const FLOATING = [
  'BEGIN:VEVENT',
  'UID:floating@t',
  'DTSTART:20260110T090000',
  'DTEND:20260110T100000',
  'SUMMARY:Floating',
  'END:VEVENT',
];
/** Each instance lasts three days: two are still running when a later window opens. */
const LONG = [
  'BEGIN:VEVENT',
  'UID:long@t',
  'DTSTART:20260301T090000Z',
  'DURATION:P3D',
  'RRULE:FREQ=DAILY',
  'SUMMARY:Three days',
  'END:VEVENT',
];
/** February 30th never comes: the rule's walk gives up, which no --max-instances changes. */
const NEVER = [
  'BEGIN:VEVENT',
  'UID:never@t',
  'DTSTART:20260101T090000Z',
  'RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30',
  'SUMMARY:Never',
  'END:VEVENT',
];
const BROKEN = ['BEGIN:VEVENT', 'UID:bad@t', 'DTSTART:2026031', 'SUMMARY:Bad', 'END:VEVENT'];

/** A zone nobody defines: read as floating, a guess that moves the instants if the zone is real. */
const UNKNOWN_ZONE = [
  'BEGIN:VEVENT',
  'UID:nowhere@t',
  'DTSTART;TZID=Nowhere/Land:20260715T090000',
  'DTEND;TZID=Nowhere/Land:20260715T100000',
  'SUMMARY:Unknown zone',
  'END:VEVENT',
];
/** No DTSTART: the event is left out. */
const NO_START = ['BEGIN:VEVENT', 'UID:nostart@t', 'SUMMARY:No start', 'END:VEVENT'];

/** COUNT and UNTIL together: the rule cannot be used, so DTSTART alone is listed, not 4. */
const BAD_RULE = [
  'BEGIN:VEVENT',
  'UID:badrule@t',
  'DTSTART:20260301T090000Z',
  'RRULE:FREQ=WEEKLY;COUNT=4;UNTIL=2026',
  'SUMMARY:Weekly',
  'END:VEVENT',
];
/** A malformed EXDATE (five digits of time): the 8 March occurrence it removes is listed. */
const BAD_EXDATE = [
  'BEGIN:VEVENT',
  'UID:badexdate@t',
  'DTSTART:20260301T090000Z',
  'RRULE:FREQ=WEEKLY;COUNT=3',
  'EXDATE:20260308T09000Z',
  'SUMMARY:Weekly',
  'END:VEVENT',
];
const NO_UID = ['BEGIN:VEVENT', 'DTSTART:20260401T090000Z', 'SUMMARY:No UID', 'END:VEVENT'];

const YEAR = ['--from', '2026-01-01', '--to', '2027-01-01'];

async function expandLines(name: string, ...events: string[][]) {
  const file = join(mkdtempSync(join(tmpdir(), 'calintel-ics-cli-')), name);
  writeFileSync(file, ics(...events));
  const result = await calintel(['ics', 'expand', file, ...YEAR]);
  return { ...result, lines: result.stdout.trim().split('\n').filter(Boolean) };
}

// One test starts the CLI as a real process (through tsx): slow on a busy machine.
describe('calintel ics expand', { timeout: 120_000 }, () => {
  let hourly: string;
  let floating: string;
  let long: string;
  let never: string;

  beforeAll(() => {
    const work = mkdtempSync(join(tmpdir(), 'calintel-ics-cli-'));
    hourly = join(work, 'hourly.ics');
    floating = join(work, 'floating.ics');
    writeFileSync(hourly, ics(HOURLY));
    writeFileSync(floating, ics(FLOATING, BROKEN));
    long = join(work, 'long.ics');
    writeFileSync(long, ics(LONG));
    never = join(work, 'never.ics');
    writeFileSync(never, ics(NEVER));
  });

  it('leaves out cancelled occurrences (the line has no status), exit 0', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'calintel-ics-cancel-')), 'cancel.ics');
    const weekly = ['UID:w@t', 'DTSTART:20260303T150000Z', 'DTEND:20260303T153000Z'];
    writeFileSync(
      file,
      ics(
        ['BEGIN:VEVENT', ...weekly, 'RRULE:FREQ=WEEKLY;COUNT=3', 'SUMMARY:Weekly', 'END:VEVENT'],
        [
          'BEGIN:VEVENT',
          'UID:w@t',
          'RECURRENCE-ID:20260310T150000Z',
          'DTSTART:20260310T150000Z',
          'DTEND:20260310T153000Z',
          'STATUS:CANCELLED',
          'END:VEVENT',
        ],
        [
          'BEGIN:VEVENT',
          'UID:gone@t',
          'DTSTART:20260305T150000Z',
          'STATUS:CANCELLED',
          'END:VEVENT',
        ],
      ),
    );
    const result = await calintel(['ics', 'expand', file, ...YEAR]);
    expect(result.status).toBe(0);
    const starts = result.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { start: string }).start);
    expect(starts).toEqual(['2026-03-03T15:00:00Z', '2026-03-17T15:00:00Z']);
  });

  it('refuses a --tz that is not an IANA zone in one line, exit 1', async () => {
    for (const zone of ['local', 'UTC+3']) {
      const result = await calintel(['ics', 'expand', floating, ...YEAR, '--tz', zone]);
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(
        `calintel: --tz: "${zone}" is not an IANA time zone (such as Europe/Berlin or UTC)\n`,
      );
    }
  });

  it('names a bad line once, and reads floating times in --tz', async () => {
    const result = await calintel(['ics', 'expand', floating, ...YEAR, '--tz', 'Europe/Berlin']);
    expect(result.status).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ start: '2026-01-10T08:00:00Z' });
    expect(result.stderr).toMatch(/floating\.ics:\d+: DTSTART "2026031" not a date/);
    expect(result.stderr).not.toMatch(/: line \d+:/);
  });

  it('exits 2 naming the series cut at --max-instances (5000 by default)', async () => {
    const capped = await calintel(['ics', 'expand', hourly, ...YEAR]);
    expect(capped.status).toBe(2);
    expect(capped.stdout.trim().split('\n')).toHaveLength(5000);
    expect(capped.stderr).toContain('hourly@t: more than 5000 instances in the window');
    expect(capped.stderr).toContain('--max-instances');
    const all = await calintel(['ics', 'expand', hourly, ...YEAR, '--max-instances', '9000']);
    expect(all.status, all.stderr).toBe(0);
    expect(all.stdout.trim().split('\n')).toHaveLength(8751);
  });

  it('spends --max-instances on the instances it prints, not on those running into --from', async () => {
    const window = ['--from', '2026-03-10', '--to', '2026-03-20', '--max-instances', '2'];
    const result = await calintel(['ics', 'expand', long, ...window]);
    const starts = result.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { start: string }).start);
    expect(starts).toEqual(['2026-03-10T09:00:00Z', '2026-03-11T09:00:00Z']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('long@t: more than 2 instances in the window');
  });

  it('does not point to --max-instances when the rule itself gave up', async () => {
    const centuries = ['--from', '2026-01-01', '--to', '2900-01-01'];
    const result = await calintel(['ics', 'expand', never, ...centuries]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('never@t: the rule matched nothing in 200000 steps');
    expect(result.stderr).not.toContain('--max-instances');
  });

  it('exits 2 for an unknown zone read as floating: the instants are a guess', async () => {
    const result = await expandLines('zone.ics', UNKNOWN_ZONE, FLOATING);
    expect(result.stderr).toMatch(/zone\.ics:\d+: unknown time zone "Nowhere\/Land"/);
    expect(result.lines).toHaveLength(2);
    expect(result.status).toBe(2);
  });

  it('exits 2 when an RRULE was ignored: its event lists DTSTART alone', async () => {
    const result = await expandLines('rule.ics', BAD_RULE);
    expect(result.stderr).toMatch(/rule\.ics:\d+: .*RRULE/);
    expect(result.lines).toHaveLength(1);
    expect(result.status).toBe(2);
  });

  it('exits 2 when a malformed EXDATE was skipped: the deleted occurrence is listed', async () => {
    const result = await expandLines('exdate.ics', BAD_EXDATE);
    expect(result.stderr).toMatch(/exdate\.ics:\d+: .*EXDATE/);
    expect(result.lines.some((l) => l.includes('2026-03-08T09:00'))).toBe(true);
    expect(result.status).toBe(2);
  });

  it('exits 0 when it only warned: a VEVENT without UID, listed as written', async () => {
    const result = await expandLines('nouid.ics', NO_UID, FLOATING);
    expect(result.stderr).toMatch(/nouid\.ics:\d+: .*no UID/);
    expect(result.lines).toHaveLength(2);
    expect(result.status).toBe(0);
  });

  it('exits 2 when an event was left out, even beside a mere warning', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'calintel-ics-cli-')), 'nostart.ics');
    writeFileSync(file, ics(UNKNOWN_ZONE, NO_START));
    const result = await calintel(['ics', 'expand', file, ...YEAR]);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/nostart\.ics:\d+: .*DTSTART/);
    expect(result.status).toBe(2);
  });

  it('stops quietly when the reader of its output goes away (| head -1)', async () => {
    const result = await calintelFirstLineOnly([
      'ics',
      'expand',
      hourly,
      ...YEAR,
      '--max-instances',
      '9000',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
