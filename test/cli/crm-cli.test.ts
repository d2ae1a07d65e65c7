import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCalintel } from '../support/cli.js';
import { Store } from '../../src/store/store.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { salesFeed } from '../support/meetings.js';

const TEST_KEY = '0f'.repeat(32);

const calintel = (args: string[], env: Record<string, string>) =>
  runCalintel(args, { env: { CALINTEL_SECRET_KEY: TEST_KEY, ...env } });

const ORG_FILE = {
  internalDomains: ['northwind.io', 'northwind.co.uk'],
  accounts: [{ id: 'acc-1', name: 'Acme Corp', domains: ['acme.com'], stage: 'demo' }],
  leads: [],
  contacts: [
    { id: 'con-1', email: 'jdoe@acme.com', name: 'Jane Doe', accountId: 'acc-1', title: 'VP' },
    { id: 'con-2', email: 'cfo@acme.com', name: 'Sam Lee', accountId: 'acc-1', title: 'CFO' },
  ],
};

describe('calintel crm and sync --detect-meetings', () => {
  let env: Record<string, string>;
  let dataDir: string;
  let work: string;
  let feed: FeedServer;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'calintel-crm-cli-'));
    work = mkdtempSync(join(tmpdir(), 'calintel-crm-files-'));
    // The test feed listens on this machine, which the service refuses unless told otherwise.
    env = { CALINTEL_DATA_DIR: dataDir, ALLOW_PRIVATE_NETWORK_CALENDARS: 'true' };
    feed = await startFeedServer(salesFeed({ day: new Date().toISOString().slice(0, 10) }));
    const user = await calintel(
      [
        'users',
        'create',
        '--email',
        'ana@northwind.io',
        '--org',
        'Northwind',
        '--internal-domain',
        'northwind.io',
      ],
      env,
    );
    expect(user.status).toBe(0);
  });

  afterAll(async () => feed.close());

  it("crm import reads the contract's org.json into the organisation named by --org", async () => {
    const file = join(work, 'org.json');
    writeFileSync(file, JSON.stringify(ORG_FILE));
    const result = await calintel(['crm', 'import', file, '--org', 'Northwind', '--json'], env);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      internalDomains: ['northwind.io', 'northwind.co.uk'],
      accounts: 1,
      leads: 0,
      contacts: 2,
      redetection: { users: 1 },
    });
    const again = await calintel(['crm', 'import', file, '--user', 'ana@northwind.io'], env);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('1 accounts, 0 leads, 2 contacts');
  });

  it('crm import of org.json says which fields it ignored, as the contract ignores unknown ones', async () => {
    // QA: a misspelled "Stage" was dropped without a word.
    const file = join(work, 'typo-org.json');
    writeFileSync(
      file,
      JSON.stringify({ accounts: [{ id: 'typo-1', name: 'Typo Co', Stage: 'demo' }] }),
    );
    const result = await calintel(['crm', 'import', file, '--org', 'Northwind'], env);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(
      'ignored 1 field(s) the contract does not name: accounts.0.Stage (did you mean "stage"?)',
    );
  });

  it('crm import --csv reads one kind with a header row, and names the bad cell', async () => {
    const leads = join(work, 'leads.csv');
    writeFileSync(
      leads,
      'id,email,name,company,accountId\r\nlead-1,walk.in@gmail.com,"Walk, In",Acme,acc-1\r\n',
    );
    const result = await calintel(
      ['crm', 'import', leads, '--csv', 'leads', '--org', 'Northwind', '--json'],
      env,
    );
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ leads: 1 });
    const bad = join(work, 'bad.csv');
    writeFileSync(bad, 'id,email\nlead-2,not-an-email\n');
    const failed = await calintel(
      ['crm', 'import', bad, '--csv', 'leads', '--org', 'Northwind'],
      env,
    );
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(
      'nothing was imported; fix these rows: line 2, column 2 (email): Invalid email address',
    );
    const unknown = await calintel(
      ['crm', 'import', leads, '--csv', 'deals', '--org', 'Northwind'],
      env,
    );
    expect(unknown.stderr).toContain('--csv must be one of accounts, leads, contacts');
    const nobody = await calintel(
      ['crm', 'import', leads, '--csv', 'leads', '--org', 'Nowhere'],
      env,
    );
    expect(nobody.stderr).toContain('organisation "Nowhere" not found');
  });

  it('crm import without --csv tells how to import a CSV file, or text that is not JSON', async () => {
    const leads = join(work, 'hint-leads.csv');
    writeFileSync(leads, 'externalId,email\nlead-7,sam@globex.com\n');
    const csv = await calintel(['crm', 'import', leads, '--org', 'Northwind'], env);
    expect(csv.status).toBe(1);
    expect(csv.stderr).toContain('--csv accounts|leads|contacts');
    const text = join(work, 'leads.txt');
    writeFileSync(text, 'externalId,email\nlead-7,sam@globex.com\n');
    const notJson = await calintel(['crm', 'import', text, '--org', 'Northwind'], env);
    expect(notJson.status).toBe(1);
    expect(notJson.stderr).toMatch(
      /not JSON: .*; for a CSV file, say which records it holds: --csv accounts\|leads\|contacts/,
    );
  });

  it('sync --detect-meetings detects after the sync and prints the sales meetings by type', async () => {
    const store = await Store.open({
      url: `sqlite:${join(dataDir, 'calintel.sqlite')}`,
      secretKey: TEST_KEY,
    });
    try {
      const [match] = await store.users.findByEmail('ana@northwind.io');
      const scope = { orgId: match!.organisation.id, userId: match!.user.id };
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
      await store.close();
    }
    const result = await calintel(['sync', '--provider', 'ics', '--detect-meetings'], env);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('sales meetings: 4 (discovery 1, follow_up 3)');
    const json = await calintel(['sync', '--provider', 'ics', '--detect-meetings', '--json'], env);
    expect(JSON.parse(json.stdout).meetings).toMatchObject({
      salesMeetings: 4,
      byType: { discovery: 1, follow_up: 3 },
      unchanged: 4,
    });
  });
});
