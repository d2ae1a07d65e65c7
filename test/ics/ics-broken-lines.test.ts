import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCalintel } from '../support/cli.js';

const TEST_KEY = '0f'.repeat(32);
const FILES = resolve(import.meta.dirname, '../fixtures/ics/broken-lines');

interface Imported {
  issues: Array<{ line: number | null; message: string }>;
  eventsLeftOut: number;
  eventsKeptWithIssues: number;
}

interface StoredRow {
  title: string;
  description: string | null;
  location: string | null;
  attendees: string;
}

/**
 * A broken line inside a VEVENT: a line that is not essential (DESCRIPTION, an ATTENDEE, a line
 * with no colon) is dropped and the event kept, and the issue says so; a broken DTSTART still
 * leaves the event out. Each file holds "Fine one" and "Broken one", weekly, so both are inside
 * the sync window whatever day the test runs.
 */
describe(
  'calintel import ics of a file with a broken line in an event',
  { timeout: 120_000 },
  () => {
    let env: Record<string, string>;
    let dataDir: string;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'calintel-broken-lines-'));
      env = { CALINTEL_SECRET_KEY: TEST_KEY, CALINTEL_DATA_DIR: dataDir };
      expect((await runCalintel(['migrate', '--json'], { env })).status).toBe(0);
      const user = ['users', 'create', '--email', 'ana@northwind.io', '--org', 'Northwind'];
      expect((await runCalintel(user, { env })).status).toBe(0);
    });

    async function importFile(name: string): Promise<{ result: Imported; stored: StoredRow[] }> {
      const args = ['import', 'ics', join(FILES, name), '--user', 'ana@northwind.io'];
      const run = await runCalintel([...args, '--label', name, '--json'], { env });
      expect(run.status, run.stderr).toBe(2);
      const result = JSON.parse(run.stdout) as Imported;
      const db = new Database(join(dataDir, 'calintel.sqlite'), { readonly: true });
      try {
        const stored = db
          .prepare(
            `select distinct e.title, e.description, e.location, e.attendees from calendar_events e
           join calendars c on c.id = e.calendar_id where c.name = ? order by e.title`,
          )
          .all(name) as StoredRow[];
        return { result, stored };
      } finally {
        db.close();
      }
    }

    it('keeps the event without a DESCRIPTION it cannot read, and says so at its line', async () => {
      const { result, stored } = await importFile('broken-description.ics');
      expect(result.issues.map((i) => i.message)).toEqual([
        expect.stringMatching(
          /^line 21: DESCRIPTION could not be read \(.+\); the event was kept without it$/,
        ),
      ]);
      expect(result).toMatchObject({ eventsLeftOut: 0, eventsKeptWithIssues: 1 });
      expect(stored.map((r) => r.title)).toEqual(['Broken one', 'Fine one']);
      expect(stored[0]).toMatchObject({ description: null, location: 'Room 4' });
    });

    it('keeps the event without the one ATTENDEE line it cannot read, with the other attendees', async () => {
      const { result, stored } = await importFile('broken-attendee.ics');
      expect(result.issues.map((i) => i.message)).toEqual([
        expect.stringMatching(
          /^line 21: ATTENDEE could not be read \(.+\); the event was kept without it$/,
        ),
      ]);
      expect(result).toMatchObject({ eventsLeftOut: 0, eventsKeptWithIssues: 1 });
      expect(stored.map((r) => r.title)).toEqual(['Broken one', 'Fine one']);
      const attendees = JSON.parse(stored[0]!.attendees) as Array<{ email: string }>;
      expect(attendees.map((a) => a.email)).toEqual(['ana@northwind.io']);
    });

    it('keeps the event without a line that has no colon', async () => {
      const { result, stored } = await importFile('no-colon.ics');
      expect(result.issues.map((i) => i.message)).toEqual([
        expect.stringMatching(/^line 21: .+; the event was kept without it$/),
      ]);
      expect(result).toMatchObject({ eventsLeftOut: 0, eventsKeptWithIssues: 1 });
      expect(stored.map((r) => r.title)).toEqual(['Broken one', 'Fine one']);
    });

    it('still leaves out the event whose DTSTART cannot be read', async () => {
      const { result, stored } = await importFile('broken-dtstart.ics');
      expect(result.issues.map((i) => i.message)).toEqual([
        expect.stringMatching(/^line 20: .+; event skipped$/),
      ]);
      expect(result).toMatchObject({ eventsLeftOut: 1, eventsKeptWithIssues: 0 });
      expect(stored.map((r) => r.title)).toEqual(['Fine one']);
    });
  },
);
