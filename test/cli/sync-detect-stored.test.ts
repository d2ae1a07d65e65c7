/**
 * `calintel sync --detect-meetings` when nothing syncs (only an imported file): it still detects
 * over the stored events, so the count it prints is the stored meetings', not 0.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { loadConfig } from '../../src/config/config.js';
import { runCalintel, type CliResult } from '../support/cli.js';

const env = {
  CALINTEL_SECRET_KEY: '0f'.repeat(32),
  CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-sync-detect-')),
};
const calintel = (...args: string[]) => runCalintel(args, { env });
const ok = (result: CliResult) => {
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
};

/** YYYYMMDD, `days` from now: the command detects over a window around the real clock. */
function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
}

/** A weekly call with a customer, as a calendar export has it: a sales meeting each week. */
function customerCalls(): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//t//EN',
    'BEGIN:VEVENT',
    'UID:initech-weekly@t',
    `DTSTART:${dayFromNow(2)}T150000Z`,
    `DTEND:${dayFromNow(2)}T153000Z`,
    'RRULE:FREQ=WEEKLY;COUNT=3',
    'SUMMARY:Initech weekly check-in',
    'ORGANIZER;CN=Ana Ruiz:mailto:ana@northwind.io',
    'ATTENDEE;PARTSTAT=ACCEPTED;CN=Bill Lumbergh:mailto:bill@initech.com',
    'ATTENDEE;PARTSTAT=ACCEPTED;CN=Ana Ruiz:mailto:ana@northwind.io',
    'LOCATION:https://meet.google.com/abc-defg-hij',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

async function storedSalesMeetings(): Promise<number> {
  const app = await createApp(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
  try {
    let count = 0;
    for (const orgId of await app.store.organisations.ids())
      for (const user of await app.store.users.list({ orgId }))
        count += (await app.store.meetings.list({ orgId, userId: user.id }, {})).items.length;
    return count;
  } finally {
    await app.close();
  }
}

describe('calintel sync --detect-meetings with nothing to sync', () => {
  beforeAll(async () => {
    ok(
      await calintel(
        ...['users', 'create', '--email', 'ana@northwind.io', '--org', 'Northwind'],
        ...['--internal-domain', 'northwind.io'],
      ),
    );
    const file = join(env.CALINTEL_DATA_DIR, 'calls.ics');
    writeFileSync(file, customerCalls());
    ok(await calintel('import', 'ics', file, '--user', 'ana@northwind.io'));
  });

  it('detects over the stored events and prints the stored meetings’ count', async () => {
    const text = ok(await calintel('sync', '--detect-meetings'));
    const stored = await storedSalesMeetings();
    expect(stored).toBe(3);
    expect(text).toMatch(new RegExp(`^sales meetings: ${stored} \\(`, 'm'));
    expect(text).toContain('no calendars to sync');
    const json = JSON.parse(ok(await calintel('sync', '--detect-meetings', '--json'))) as {
      meetings: { salesMeetings: number };
    };
    expect(json.meetings.salesMeetings).toBe(stored);
  });
});
