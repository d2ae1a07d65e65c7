import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCalintel, runCalintelProcess } from '../support/cli.js';
import { sampleFeed, startFeedServer, type FeedServer } from '../support/feed-server.js';

const TEST_KEY = '0f'.repeat(32);

const calintel = (args: string[], env: Record<string, string> = {}) =>
  runCalintel(args, { env: { CALINTEL_SECRET_KEY: TEST_KEY, ...env } });
/** The command as its own process: that it starts, and that its exit code reaches the shell. */
const calintelProcess = (args: string[], env: Record<string, string> = {}) =>
  runCalintelProcess(args, { env: { CALINTEL_SECRET_KEY: TEST_KEY, ...env } });

// Two tests start the CLI as a real process (through tsx): slow on a busy machine.
describe('calintel CLI', { timeout: 120_000 }, () => {
  let dataDir: string;
  let work: string;
  let feed: FeedServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'calintel-cli-'));
    work = mkdtempSync(join(tmpdir(), 'calintel-cli-files-'));
    // The test feed listens on this machine, which the service refuses unless told otherwise.
    env = { CALINTEL_DATA_DIR: dataDir, ALLOW_PRIVATE_NETWORK_CALENDARS: 'true' };
    feed = await startFeedServer(sampleFeed({ day: new Date().toISOString().slice(0, 10) }));
  });

  afterAll(async () => feed.close());

  it('shows its commands', async () => {
    const { status, stdout } = await calintelProcess(['--help']);
    expect(status).toBe(0);
    for (const command of ['serve', 'migrate', 'users', 'tokens', 'import', 'ics', 'sync'])
      expect(stdout).toContain(command);
  });

  it('stops with one line per configuration problem and no stack trace', async () => {
    const { status, stderr } = await calintelProcess(['migrate'], {
      ...env,
      PORT: 'eighty',
      CALINTEL_SECRET_KEY: 'short',
    });
    expect(status).toBe(78);
    expect(stderr).toContain('PORT:');
    expect(stderr).toContain('CALINTEL_SECRET_KEY:');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('migrates, creates a user and a token, imports a file, and imports it again as an update', async () => {
    expect((await calintel(['migrate', '--json'], env)).status).toBe(0);
    const user = await calintel(
      [
        'users',
        'create',
        '--email',
        'Ana@Northwind.io',
        '--org',
        'Northwind',
        '--internal-domain',
        'northwind.io',
        '--json',
      ],
      env,
    );
    expect(user.status).toBe(0);
    expect(JSON.parse(user.stdout).user).toMatchObject({
      email: 'ana@northwind.io',
      // None given: the dashboard shows the browser's zone rather than UTC.
      timeZone: null,
    });
    const duplicate = await calintel(
      ['users', 'create', '--email', 'ana@northwind.io', '--org', 'Northwind'],
      env,
    );
    expect(duplicate.status).toBe(1);
    expect(duplicate.stderr).toContain('already exists');
    const token = await calintel(['tokens', 'create', '--user', 'ana@northwind.io'], env);
    expect(token.stdout.trim()).toMatch(/^cit_[A-Za-z0-9_-]{20,}$/);

    const file = join(work, 'work.ics');
    writeFileSync(file, sampleFeed({ day: new Date().toISOString().slice(0, 10) }));
    const first = await calintel(
      ['import', 'ics', file, '--user', 'ana@northwind.io', '--json'],
      env,
    );
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout).sync).toMatchObject({ added: 4, deleted: 0 });
    writeFileSync(
      file,
      sampleFeed({ day: new Date().toISOString().slice(0, 10), withoutSingle: true }),
    );
    const second = await calintel(
      ['import', 'ics', file, '--user', 'ana@northwind.io', '--json'],
      env,
    );
    expect(JSON.parse(second.stdout).sync).toMatchObject({ added: 0, deleted: 1 });
  });

  it('imports another file of the same name into a calendar of its own; the same file again updates its own', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const [first, second] = ['x', 'y'].map((dir) => {
      mkdirSync(join(work, dir), { recursive: true });
      return join(work, dir, 'basic.ics');
    }) as [string, string];
    writeFileSync(first, sampleFeed({ day: today }));
    writeFileSync(second, sampleFeed({ day: today, withoutSingle: true }));
    const importFile = async (file: string) =>
      JSON.parse(
        (await calintel(['import', 'ics', file, '--user', 'ana@northwind.io', '--json'], env))
          .stdout,
      ) as { label: string; sync: { added: number; deleted: number } };
    const one = await importFile(first);
    const other = await importFile(second);
    // Every export is called the same: the second file must not replace the first one's events.
    expect(other.label).not.toBe(one.label);
    expect(other.sync).toMatchObject({ deleted: 0 });
    writeFileSync(first, sampleFeed({ day: today, withoutSingle: true }));
    const again = await importFile(first);
    expect(again.label).toBe(one.label);
    expect(again.sync).toMatchObject({ added: 0, deleted: 1 });
  });

  it('imports a character split by a line fold whole (RFC 5545 3.1)', async () => {
    const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    const file = join(work, 'fold.ics');
    const lines = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//EN',
      'BEGIN:VEVENT',
      'UID:fold@test',
      'DTSTAMP:20260101T000000Z',
      `DTSTART:${day}T100000Z`,
      `DTEND:${day}T110000Z`,
    ];
    // "Café" with the two bytes of "é" on either side of a fold.
    const summary = Buffer.concat([
      Buffer.from('SUMMARY:Caf'),
      Buffer.from([0xc3]),
      Buffer.from('\r\n '),
      Buffer.from([0xa9]),
      Buffer.from(' review'),
    ]);
    const tail = Buffer.from('\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n');
    writeFileSync(file, Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n'), summary, tail]));
    const imported = await calintel(
      ['import', 'ics', file, '--user', 'ana@northwind.io', '--label', 'Folds', '--json'],
      env,
    );
    expect(imported.status).toBe(0);
    const db = new Database(join(dataDir, 'calintel.sqlite'), { readonly: true });
    try {
      const row = db
        .prepare("select title from calendar_events where ical_uid = 'fold@test'")
        .get();
      expect(row).toEqual({ title: 'Café review' });
    } finally {
      db.close();
    }
  });

  it('sets dashboard passwords and prints one-time sign-in links', async () => {
    const create = (password: string) =>
      calintel(
        ['users', 'create', '--email', 'rep@acme.test', '--org', 'Acme', '--password', password],
        env,
      );
    const short = await create('short');
    expect(short.status).not.toBe(0);
    expect(short.stderr).toContain('--password: a password needs at least 10 characters');
    // Nothing half-made: the same user can be created right after.
    expect((await create('a long enough password')).status).toBe(0);
    const changed = await calintel(
      ['users', 'set-password', '--email', 'rep@acme.test', '--password', 'another long password'],
      env,
    );
    expect(changed.stdout).toContain('password set for rep@acme.test');
    const link = await calintel(['users', 'sign-in-link', '--email', 'rep@acme.test'], env);
    expect(link.stdout.trim()).toMatch(/^http:\/\/127\.0\.0\.1:8000\/auth\/link\/[\w-]{40,}$/);
  });

  it('reports the broken part of a file by line and still imports the rest (exit 2)', async () => {
    const file = join(work, 'partly-broken.ics');
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    writeFileSync(
      file,
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//t//EN',
        'BEGIN:VEVENT',
        'UID:good@t',
        `DTSTART:${day}T100000Z`,
        `DTEND:${day}T110000Z`,
        'SUMMARY:Good',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:bad@t',
        'DTSTART:not-a-date',
        'SUMMARY:Bad',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    const result = await calintel(
      ['import', 'ics', file, '--user', 'ana@northwind.io', '--json'],
      env,
    );
    expect(result.status).toBe(2);
    expect(JSON.parse(result.stdout).sync.added).toBe(1);
    expect(result.stderr).toMatch(/partly-broken\.ics:1[0-9]: /);
  });

  it('says how many events a partly broken file left out and kept despite an issue', async () => {
    const file = join(work, 'counted.ics');
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    const event = (uid: string, ...lines: string[]) => [
      'BEGIN:VEVENT',
      `UID:${uid}`,
      ...lines,
      'END:VEVENT',
    ];
    const text = [
      ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN'],
      event('good@t', `DTSTART:${day}T100000Z`),
      event('broken@t', `DTSTART:${day}T110000Z`, 'DTSTART;X="unclosed:20260302T090000Z'),
      event('rule@t', `DTSTART:${day}T120000Z`, 'RRULE:FREQ=WEEKLY;BYSETPOS=0'),
      event('no-start@t', 'SUMMARY:When?'),
      ['END:VCALENDAR', ''],
    ];
    writeFileSync(file, text.flat().join('\r\n'));
    const args = ['import', 'ics', file, '--user', 'ana@northwind.io', '--label', 'Counted'];
    const said = await calintel(args, env);
    expect(said.status).toBe(2);
    expect(said.stdout).toContain(
      '2 added, 0 updated, 0 removed; 3 issues: 2 events left out, 1 kept despite an issue',
    );
    const json = JSON.parse((await calintel([...args, '--json'], env)).stdout);
    expect(json).toMatchObject({ eventsLeftOut: 2, eventsKeptWithIssues: 1 });
  });

  it('sync --dry-run counts the changes of a feed and writes nothing', async () => {
    const { store, close } = await openCliStore(dataDir);
    try {
      const [match] = await store.users.findByEmail('ana@northwind.io');
      if (!match) throw new Error('user missing');
      const scope = { orgId: match.organisation.id, userId: match.user.id };
      const connection = await store.connections.create(scope, {
        provider: 'ics',
        label: 'Feed',
        secrets: { url: feed.url() },
        settings: { source: 'feed' },
      });
      await store.calendars.upsert(scope, connection.id, {
        providerCalendarId: 'default',
        name: 'Feed',
        timeZone: null,
        isPrimary: true,
      });
    } finally {
      await close();
    }
    const dry = await calintel(['sync', '--provider', 'ics', '--dry-run', '--json'], env);
    expect(dry.status).toBe(0);
    const report = JSON.parse(dry.stdout);
    expect(report.dryRun).toBe(true);
    expect(report.calendars).toEqual([
      expect.objectContaining({ calendarName: 'Feed', added: 4, error: null }),
    ]);
    const real = JSON.parse((await calintel(['sync', '--provider', 'ics', '--json'], env)).stdout);
    expect(real.calendars[0]).toMatchObject({ added: 4, changes: { created: 4 } });
  });

  it('sync takes outlook as the Microsoft provider, names the choices for a wrong one, and refuses an unknown user', async () => {
    const outlook = await calintel(['sync', '--provider', 'outlook', '--json'], env);
    expect(outlook.status, outlook.stderr).toBe(0);
    expect(JSON.parse(outlook.stdout).calendars).toEqual([]);
    const wrong = await calintel(['sync', '--provider', 'hotmail'], env);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain('outlook');
    const nobody = await calintel(['sync', '--user-id', 'no-such-user'], env);
    expect(nobody.status).not.toBe(0);
    expect(nobody.stderr).toContain('no user no-such-user');
  });

  it('sync prints a summary of the changes it logged', async () => {
    const day = new Date().toISOString().slice(0, 10);
    feed.setBody(sampleFeed({ day, withoutSingle: true }));
    const result = await calintel(['sync', '--provider', 'ics'], env);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^calendar .* changes /m);
    expect(result.stdout).toMatch(/^Feed .* 1 deleted/m);
    expect(result.stdout).toContain('changes: 1 deleted');
  });

  it('ics expand prints contract lines and rejects bad flags clearly', async () => {
    const file = join(work, 'expand.ics');
    writeFileSync(file, sampleFeed({ day: '20260310' }));
    const result = await calintel([
      'ics',
      'expand',
      file,
      '--from',
      '2026-03-01',
      '--to',
      '2026-04-01',
    ]);
    expect(result.status).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toEqual({
      uid: 'weekly@feed.test',
      recurrenceId: '2026-03-10T09:00:00Z',
      start: '2026-03-10T09:00:00Z',
      end: '2026-03-10T09:30:00Z',
      allDay: false,
      title: 'Pipeline review',
    });
    const bad = await calintel([
      'ics',
      'expand',
      file,
      '--from',
      'yesterday',
      '--to',
      '2026-04-01',
    ]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--from');
  });
});

async function openCliStore(dataDir: string) {
  const { Store } = await import('../../src/store/store.js');
  const store = await Store.open({
    url: `sqlite:${join(dataDir, 'calintel.sqlite')}`,
    secretKey: TEST_KEY,
  });
  return { store, close: () => store.close() };
}
