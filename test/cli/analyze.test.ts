import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCalintel } from '../support/cli.js';
import { CONTRACT_FIELDS } from '../support/analysis-lines.js';

/** tsx by path, so that the CLI can start from a directory outside the package. */

const calintel = (args: string[], options: { cwd?: string; stdin?: string } = {}) =>
  runCalintel(args, options);

const ORG = {
  internalDomains: ['northwind.io'],
  accounts: [{ id: 'acc-1', name: 'Acme Corp', domains: ['acme.com'], stage: 'qualification' }],
  leads: [{ id: 'lead-1', email: 'jdoe@acme.com', name: 'Jane Doe', accountId: 'acc-1' }],
  contacts: [
    { id: 'con-1', email: 'cfo@acme.com', name: 'Sam Lee', accountId: 'acc-1', title: 'CFO' },
  ],
};

const ana = { email: 'ana@northwind.io', name: 'Ana Ruiz' };
const SALES = JSON.stringify({
  id: 'evt-001',
  title: 'Acme <> Northwind | discovery call',
  description: 'Agenda: current process, pain points, timeline',
  start: '2026-03-04T15:00:00-05:00',
  end: '2026-03-04T15:45:00-05:00',
  location: 'https://zoom.us/j/123456789',
  organizer: ana,
  attendees: [
    { ...ana, responseStatus: 'accepted' },
    { email: 'jdoe@acme.com', name: 'Jane Doe', responseStatus: 'accepted' },
  ],
  calendarOwner: ana.email,
});
const PERSONAL = JSON.stringify({
  id: 'evt-002',
  title: 'Dentist',
  start: '2026-03-06',
  end: '2026-03-07',
  calendarOwner: ana.email,
});

function lines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('calintel analyze', () => {
  let work: string;
  let events: string;
  let org: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'calintel-analyze-cli-'));
    events = join(work, 'events.jsonl');
    org = join(work, 'org.json');
    writeFileSync(events, `${SALES}\n${PERSONAL}\n`);
    writeFileSync(org, JSON.stringify(ORG));
  });

  it('prints one contract line per event, fields in the contract order, from any directory', async () => {
    const result = await calintel(['analyze', '--input', events, '--org', org], { cwd: work });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const raw = result.stdout.trim().split('\n');
    expect(raw).toHaveLength(2);
    for (const line of raw)
      expect(Object.keys(JSON.parse(line) as object)).toEqual(CONTRACT_FIELDS);
    const [sales, personal] = lines(result.stdout);
    expect(sales).toMatchObject({
      id: 'evt-001',
      isSalesMeeting: true,
      accountId: 'acc-1',
      matchedLeadIds: ['lead-1'],
      matchedContactIds: [],
      externalDomains: ['acme.com'],
    });
    expect(typeof sales?.meetingType).toBe('string');
    expect(typeof sales?.typeConfidence).toBe('number');
    expect(personal).toMatchObject({
      id: 'evt-002',
      isSalesMeeting: false,
      meetingType: null,
      typeConfidence: null,
      accountId: null,
    });
    expect((personal?.reasons as string[]).length).toBeGreaterThan(0);
  });

  it('reads standard input with --input - and writes --output, warning when lines are not in time order', async () => {
    const output = join(work, 'out.jsonl');
    // A follow-up a week later, on the line before the discovery call.
    const later = SALES.replace('"evt-001"', '"evt-003"').replaceAll('2026-03-04', '2026-03-11');
    const result = await calintel(
      ['analyze', '--input', '-', '--org', org, '--output', output, '--history', 'seen'],
      { stdin: `${PERSONAL}\n${later}\n${SALES}\n` },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^calintel: warning: stdin: line 3: a sales meeting with acc-1 starts before one on an earlier line;/m,
    );
    expect(lines(readFileSync(output, 'utf8')).map((l) => l.id)).toEqual([
      'evt-002',
      'evt-003',
      'evt-001',
    ]);
  });

  it('reports bad lines with their line numbers on stderr, analyses the rest, and exits 2', async () => {
    const file = join(work, 'partly-broken.jsonl');
    writeFileSync(
      file,
      [
        SALES,
        '{"id": "evt-bad", "title": ',
        JSON.stringify({ id: 'evt-no-start', title: 'x', end: '2026-03-04T10:00:00Z' }),
        JSON.stringify({
          id: 'evt-bad-date',
          title: 'x',
          start: '2026-03-04 10:00',
          end: '2026-03-04T11:00:00Z',
        }),
        PERSONAL,
        '',
      ].join('\n'),
    );
    const result = await calintel(['analyze', '--input', file, '--org', org]);
    expect(result.status).toBe(2);
    expect(lines(result.stdout).map((l) => l.id)).toEqual(['evt-001', 'evt-002']);
    expect(result.stderr).toMatch(/partly-broken\.jsonl:2: not valid JSON/);
    expect(result.stderr).toMatch(/partly-broken\.jsonl:3: start: /);
    expect(result.stderr).toMatch(/partly-broken\.jsonl:4: start: /);
    expect(result.stderr).toContain('3 of 5 lines rejected');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops with a clear message and exit 1 when the --org file is missing or invalid', async () => {
    const missing = await calintel(['analyze', '--input', events, '--org', join(work, 'no.json')]);
    expect(missing.status).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^calintel: --org: cannot read .*no\.json: ENOENT\n$/);
    const invalid = join(work, 'invalid.json');
    writeFileSync(invalid, '{"accounts": {"id": "acc-1"}}');
    const wrong = await calintel(['analyze', '--input', events, '--org', invalid]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(
      /^calintel: --org: .*invalid\.json is not an organisation context: accounts/,
    );
  });

  it('stops with exit 1 at an account stage the CRM does not have, naming the account', async () => {
    const unknown = join(work, 'unknown-stage.json');
    writeFileSync(
      unknown,
      JSON.stringify({ ...ORG, accounts: [{ ...ORG.accounts[0], stage: 'won' }] }),
    );
    const result = await calintel(['analyze', '--input', events, '--org', unknown]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^calintel: --org: .*unknown-stage\.json is not an organisation context: accounts\.0\.stage: account "acc-1" has stage "won", .*prospecting, qualification, demo, proposal, negotiation, closed_won, closed_lost\n$/,
    );
  });
});
