import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCalintel } from '../support/cli.js';

/** tsx by path, so that the CLI can start from a directory outside the package. */

const calintel = (args: string[], options: { cwd?: string } = {}) => runCalintel(args, options);

const ORG = {
  internalDomains: ['northwind.io'],
  accounts: [{ id: 'acc-1', name: 'Acme Corp', domains: ['acme.com'], stage: 'negotiation' }],
  leads: [{ id: 'lead-1', email: 'jdoe@acme.com', name: 'Jane Doe', accountId: 'acc-1' }],
  contacts: [
    { id: 'con-1', email: 'cfo@acme.com', name: 'Sam Lee', accountId: 'acc-1', title: 'CFO' },
  ],
};

const ana = { email: 'ana@northwind.io', name: 'Ana Ruiz' };
/** The contract's example event, moved `weeks` later, with `extra` attendees from Acme. */
function acmeCall(id: string, weeks: number, title: string, extra: string[] = []): string {
  const day = 4 + 7 * weeks;
  const date = new Date(Date.UTC(2026, 2, day)).toISOString().slice(0, 10);
  return JSON.stringify({
    id,
    title,
    description: 'Agenda: current process, pain points, timeline',
    start: `${date}T15:00:00-05:00`,
    end: `${date}T15:45:00-05:00`,
    timeZone: 'America/New_York',
    location: 'https://zoom.us/j/123456789',
    organizer: ana,
    attendees: [
      { ...ana, responseStatus: 'accepted' },
      { email: 'jdoe@acme.com', name: 'Jane Doe', responseStatus: 'accepted' },
      ...extra.map((email) => ({ email, responseStatus: 'accepted' })),
    ],
    calendarOwner: ana.email,
  });
}

interface Document {
  accounts: Array<Record<string, unknown>>;
  asOf: string;
}

describe('calintel relationships', () => {
  let work: string;
  let events: string;
  let org: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'calintel-relationships-cli-'));
    events = join(work, 'events.jsonl');
    org = join(work, 'org.json');
    writeFileSync(
      events,
      [
        acmeCall('evt-001', 0, 'Acme <> Northwind | discovery call'),
        acmeCall('evt-002', 2, 'Acme <> Northwind | product demo'),
        '{"id": "evt-bad", "title": ',
        acmeCall('evt-003', 4, 'Acme pricing and proposal review', ['cfo@acme.com']),
        '',
      ].join('\n'),
    );
    writeFileSync(org, JSON.stringify(ORG));
  });

  it('writes one document as of --as-of, reports the bad line and exits 2', async () => {
    const result = await calintel(
      ['relationships', '--input', events, '--org', org, '--as-of', '2026-04-10'],
      { cwd: work },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/events\.jsonl:3: not valid JSON/);
    expect(result.stderr).toContain('1 of 4 lines rejected');
    const document = JSON.parse(result.stdout) as Document;
    expect(document.asOf).toBe('2026-04-10T00:00:00.000Z');
    expect(document.accounts).toHaveLength(1);
    expect(document.accounts[0]).toMatchObject({
      accountId: 'acc-1',
      name: 'Acme Corp',
      meetings: 3,
      firstMeeting: '2026-03-04T20:00:00.000Z',
      lastMeeting: '2026-04-01T20:00:00.000Z',
      stage: 'developing',
      cadenceDays: 14,
      stakeholders: 2,
      newStakeholdersLast90Days: 2,
      series: [],
    });
  });

  it('writes --output, and the stage follows --as-of', async () => {
    const output = join(work, 'out.json');
    const result = await calintel([
      'relationships',
      '--input',
      events,
      '--org',
      org,
      '--output',
      output,
      '--as-of',
      '2026-03-20T12:00:00+01:00',
    ]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    const document = JSON.parse(readFileSync(output, 'utf8')) as Document;
    expect(document.asOf).toBe('2026-03-20T11:00:00.000Z');
    expect(document.accounts[0]).toMatchObject({ meetings: 2, stage: 'new' });
  });

  it('refuses an --as-of that is not a date, with exit 1', async () => {
    const result = await calintel(['relationships', '--input', events, '--as-of', 'soon']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^calintel: --as-of: "soon" is not a date/);
  });
});
