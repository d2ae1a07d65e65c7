/** Contract lines and an organisation for the offline analysis tests, and a way to run them. */
import { Readable, Writable } from 'node:stream';
import type { MeetingAnalyser } from '../../src/domain/detection/analyse.js';
import {
  analyzeLines,
  LineSink,
  readLines,
  type AnalysisLine,
  type Rejection,
} from '../../src/app/analysis/analyze-file.js';

export const CONTRACT_FIELDS = [
  'id',
  'isSalesMeeting',
  'confidence',
  'meetingType',
  'typeConfidence',
  'accountId',
  'matchedLeadIds',
  'matchedContactIds',
  'externalDomains',
  'reasons',
];

export const ORG = {
  internalDomains: ['northwind.io', 'northwind.co.uk'],
  accounts: [{ id: 'acc-1', name: 'Acme Corp', domains: ['acme.com'], stage: 'qualification' }],
  leads: [
    {
      id: 'lead-1',
      email: 'jdoe@acme.com',
      name: 'Jane Doe',
      company: 'Acme Corp',
      accountId: 'acc-1',
    },
  ],
  contacts: [
    { id: 'con-1', email: 'cfo@acme.com', name: 'Sam Lee', accountId: 'acc-1', title: 'CFO' },
  ],
};

const owner = { email: 'ana@northwind.io', name: 'Ana Ruiz' };
export const SALES = {
  id: 'evt-001',
  title: 'Acme <> Northwind | discovery call',
  description: 'Agenda: current process, pain points, timeline',
  start: '2026-03-04T15:00:00-05:00',
  end: '2026-03-04T15:45:00-05:00',
  timeZone: 'America/New_York',
  location: 'https://zoom.us/j/123456789',
  organizer: owner,
  attendees: [
    { ...owner, responseStatus: 'accepted' },
    { email: 'jdoe@acme.com', name: 'Jane Doe', responseStatus: 'accepted' },
  ],
  calendarOwner: owner.email,
};
export const INTERNAL = {
  id: 'evt-002',
  title: 'Weekly team stand-up',
  start: '2026-03-05T09:00:00+01:00',
  end: '2026-03-05T09:30:00+01:00',
  organizer: owner,
  attendees: [
    { ...owner, responseStatus: 'accepted' },
    { email: 'ben@northwind.io', responseStatus: 'accepted' },
  ],
  calendarOwner: owner.email,
};
export const PRICING = {
  id: 'evt-003',
  title: 'Acme pricing and proposal review',
  start: '2026-03-11T16:00:00Z',
  end: '2026-03-11T17:00:00Z',
  organizer: owner,
  attendees: [
    { ...owner, responseStatus: 'accepted' },
    { email: 'cfo@acme.com', name: 'Sam Lee', responseStatus: 'accepted' },
    { email: 'jdoe@acme.com', responseStatus: 'accepted' },
  ],
  calendarOwner: owner.email,
};

export const jsonl = (...events: object[]) => events.map((e) => JSON.stringify(e));

/** A Writable that keeps what is written. */
export function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

export async function runLines(lines: string[], analyser: MeetingAnalyser) {
  const out = collector();
  const rejected: Rejection[] = [];
  const sink = new LineSink(out.stream);
  const counts = await analyzeLines(
    readLines(Readable.from(lines.map((l) => `${l}\n`))),
    analyser,
    sink,
    {
      onRejected: (r) => rejected.push(r),
    },
  );
  await sink.close(false);
  const output = out
    .text()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AnalysisLine);
  return { counts, rejected, output, raw: out.text() };
}
