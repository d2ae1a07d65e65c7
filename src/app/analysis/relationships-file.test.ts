import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MeetingAnalyser, type MeetingModels } from '../../domain/detection/analyse.js';
import { analyseRelationships } from '../../domain/relationships/index.js';
import { loadMeetingModels } from './analysis-inputs.js';
import {
  readEvents,
  relationshipMeetings,
  relationshipsFile,
  writeRelationships,
} from './relationships-file.js';
import { LineSink } from './analyze-file.js';

const DAY = 86_400_000;
const ORG = {
  internalDomains: ['northwind.io'],
  accounts: [{ id: 'acc-1', name: 'Acme Corp', domains: ['acme.com'] }],
  leads: [],
  contacts: [
    { id: 'con-1', email: 'cfo@acme.com', name: 'Sam Lee', accountId: 'acc-1', title: 'CFO' },
    {
      id: 'con-2',
      email: 'jdoe@acme.com',
      name: 'Jane Doe',
      accountId: 'acc-1',
      title: 'Procurement Manager',
    },
  ],
};

interface Event {
  id: string;
  title: string;
  description?: string;
  start: number;
  minutes: number;
  people: string[];
  status?: 'confirmed' | 'cancelled';
  seriesId?: string;
}

const BASE = Date.parse('2026-01-06T15:00:00Z');
const EVENTS: Event[] = [
  {
    id: 'acme-1',
    title: 'Acme <> Northwind | discovery call',
    description: 'Agenda: current process, pain points, timeline',
    start: BASE,
    minutes: 45,
    people: ['jdoe@acme.com'],
  },
  {
    id: 'acme-2',
    title: 'Northwind product demo for Acme',
    description: 'Live walkthrough of the platform',
    start: BASE + 14 * DAY,
    minutes: 60,
    people: ['jdoe@acme.com', 'it@acme.com'],
  },
  ...[0, 1, 2, 3, 4, 5, 6].map((week) => ({
    id: `acme-weekly-${week}`,
    title: 'Acme <> Northwind weekly sync',
    description: 'Next steps on the evaluation',
    start: BASE + (21 + 7 * week) * DAY,
    minutes: 30,
    people: ['jdoe@acme.com'],
    seriesId: 'series-17',
    status: week === 3 ? ('cancelled' as const) : ('confirmed' as const),
  })),
  {
    id: 'acme-price',
    title: 'Acme pricing and proposal review',
    description: 'Quote, contract terms, procurement',
    start: BASE + 75 * DAY,
    minutes: 60,
    people: ['jdoe@acme.com', 'cfo@acme.com'],
  },
  {
    id: 'globex-1',
    title: 'Intro call: Globex x Northwind',
    description: 'Discovery: needs and timeline',
    start: BASE + 3 * DAY,
    minutes: 30,
    people: ['hank@globex.com'],
  },
  {
    id: 'globex-2',
    title: 'Globex demo',
    description: 'Product demonstration',
    start: BASE + 10 * DAY,
    minutes: 45,
    people: ['hank@globex.com', 'mia@globex.com'],
  },
  {
    id: 'solo-1',
    title: 'Northwind intro with Pat',
    description: 'Discovery call about your needs',
    start: BASE + 5 * DAY,
    minutes: 30,
    people: ['pat.smith@gmail.com'],
  },
  {
    id: 'internal',
    title: 'Pipeline review',
    start: BASE + 2 * DAY,
    minutes: 30,
    people: ['bo@northwind.io'],
  },
];
const AS_OF = Date.parse('2026-04-01T00:00:00Z');

const pad = (n: number) => String(n).padStart(2, '0');

/** The instant written in local time at `offsetMinutes` from UTC, as RFC 3339. */
function withOffset(at: number, offsetMinutes: number): string {
  const local = new Date(at + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const abs = Math.abs(offsetMinutes);
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const ana = { email: 'ana@northwind.io', name: 'Ana Ruiz' };
function line(event: Event, offsetMinutes = 0): string {
  return JSON.stringify({
    id: event.id,
    title: event.title,
    description: event.description,
    start: withOffset(event.start, offsetMinutes),
    end: withOffset(event.start + event.minutes * 60_000, offsetMinutes),
    location: 'https://zoom.us/j/123456789',
    organizer: ana,
    attendees: [
      { ...ana, responseStatus: 'accepted' },
      ...event.people.map((email) => ({ email, responseStatus: 'accepted' })),
    ],
    status: event.status ?? 'confirmed',
    seriesId: event.seriesId,
    calendarOwner: ana.email,
  });
}

async function* linesOf(lines: readonly string[]): AsyncGenerator<string> {
  yield* lines;
}

describe('relationships from a file', () => {
  let models: MeetingModels;
  let analyser: MeetingAnalyser;

  beforeAll(async () => {
    models = await loadMeetingModels();
    analyser = new MeetingAnalyser(ORG, models);
  });

  async function documentOf(lines: readonly string[], now = AS_OF): Promise<string> {
    const read = await readEvents(linesOf(lines));
    const accounts = analyseRelationships(relationshipMeetings(read.inputs, analyser), now);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const sink = new LineSink(out);
    await writeRelationships(accounts, now, sink);
    await sink.close(true);
    return Buffer.concat(chunks).toString('utf8');
  }

  it('groups sales meetings by account, domain and free-mail address, with the contract fields', async () => {
    const document = JSON.parse(await documentOf(EVENTS.map((e) => line(e)))) as {
      accounts: Array<Record<string, unknown>>;
      asOf: string;
    };
    expect(document.asOf).toBe('2026-04-01T00:00:00.000Z');
    expect(document.accounts.map((a) => a.accountId)).toEqual([
      'acc-1',
      'domain:globex.com',
      'patsmith@gmail.com',
    ]);
    const acme = document.accounts[0] as Record<string, unknown>;
    expect(Object.keys(acme).slice(0, 14)).toEqual([
      'accountId',
      'name',
      'meetings',
      'firstMeeting',
      'lastMeeting',
      'stage',
      'cadenceDays',
      'cadenceTrend',
      'durationTrend',
      'stakeholders',
      'newStakeholdersLast90Days',
      'stakeholderExpansion',
      'series',
      'reasons',
    ]);
    expect(acme).toMatchObject({
      name: 'Acme Corp',
      meetings: 9,
      firstMeeting: '2026-01-06T15:00:00.000Z',
      lastMeeting: '2026-03-22T15:00:00.000Z',
      stage: 'developing',
      cadenceDays: 7,
      stakeholders: 3,
    });
    // The cancelled instance is no sales meeting, but it counts for its series.
    expect(acme.series).toMatchObject([
      { seriesId: 'series-17', occurrences: 7, held: 6, cancelled: 1 },
    ]);
    const details = acme.stakeholderDetails as Array<{ email: string; seniority: string }>;
    expect(details.find((s) => s.email === 'cfo@acme.com')?.seniority).toBe('c_level');
  });

  it('gives the same document whatever the order of the lines and the offsets of their times', async () => {
    const expected = await documentOf(EVENTS.map((e) => line(e)));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -12 * 4, max: 14 * 4 }), {
          minLength: EVENTS.length,
          maxLength: EVENTS.length,
        }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
          minLength: EVENTS.length,
          maxLength: EVENTS.length,
        }),
        async (quarterHours, order) => {
          const lines = EVENTS.map((event, i) => ({
            text: line(event, (quarterHours[i] ?? 0) * 15),
            key: order[i] ?? 0,
          }))
            .sort((a, b) => a.key - b.key)
            .map((l) => l.text);
          expect(await documentOf(lines)).toBe(expected);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('reads the input, reports bad lines, and writes the document as of --as-of', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    stdin.end(`${line(EVENTS[0] as Event)}\n{"id": "broken"\n\n${line(EVENTS[1] as Event)}\n`);
    const rejected: Array<{ line: number; reason: string }> = [];
    const result = await relationshipsFile({
      input: '-',
      output: null,
      org: null,
      now: Date.parse('2026-02-01T00:00:00Z'),
      models,
      stdin,
      stdout,
      onRejected: (r) => rejected.push(r),
    });
    expect(result).toMatchObject({ lines: 4, events: 2, rejected: 1, accounts: 1 });
    expect(rejected).toEqual([
      { line: 2, reason: expect.stringMatching(/^not valid JSON/) as string },
    ]);
    const document = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      accounts: Array<{ accountId: string; meetings: number }>;
      asOf: string;
    };
    // Without an org file, acme.com is no CRM account: grouped by its domain.
    expect(document.accounts.map((a) => [a.accountId, a.meetings])).toEqual([
      ['domain:acme.com', 2],
    ]);
    expect(document.asOf).toBe('2026-02-01T00:00:00.000Z');
  });
});
