import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MeetingModels } from '../../domain/detection/analyse.js';
import { loadMeetingModels, loadOrganisationFile } from './analysis-inputs.js';
import {
  conflictsFile,
  ownerOfUnnamedLines,
  readConflictLine,
  type ConflictLineInput,
} from './conflicts-file.js';

const ANA = { email: 'ana@northwind.io', name: 'Ana Ruiz', responseStatus: 'accepted' };
const JANE = { email: 'jdoe@acme.com', name: 'Jane Doe', responseStatus: 'accepted' };

const ORG = {
  internalDomains: ['northwind.io'],
  accounts: [{ id: 'acc-1', name: 'Acme Corp', domains: ['acme.com'], stage: 'negotiation' }],
  offices: [
    { name: 'Berlin HQ', location: { lat: 52.5125, lng: 13.3903 }, timeZone: 'Europe/Berlin' },
  ],
  workingHours: { start: '09:00', end: '17:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
  timeZones: { 'ANA@northwind.io': 'Europe/Berlin' },
  travel: { bufferMinutes: 15 },
};

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ calendarOwner: ANA.email, ...fields });

const SALES = line({
  id: 'sales',
  title: 'Acme <> Northwind | pricing negotiation',
  start: '2026-03-10T10:00:00+01:00',
  end: '2026-03-10T11:00:00+01:00',
  location: 'https://zoom.us/j/1',
  organizer: { email: JANE.email },
  attendees: [ANA, JANE],
});
const SYNC = line({
  id: 'sync',
  title: 'Weekly team sync',
  start: '2026-03-10T10:30:00+01:00',
  end: '2026-03-10T11:30:00+01:00',
  organizer: { email: ANA.email },
  attendees: [ANA, { email: 'ben@northwind.io', responseStatus: 'accepted' }],
  seriesId: 'series-1',
});
const OFFSITE = line({ id: 'offsite', title: 'Offsite', start: '2026-03-13', end: '2026-03-14' });
const LATE = line({
  id: 'late',
  title: 'Late call',
  // 23:30 UTC on the 12th is 00:30 on the 13th in Berlin: inside the offsite's Berlin day.
  start: '2026-03-12T23:30:00Z',
  end: '2026-03-13T00:15:00Z',
});

/** A Writable that keeps what is written. */
function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('conflictsFile', () => {
  let models: MeetingModels;
  let work: string;
  let org: string;

  beforeAll(async () => {
    models = await loadMeetingModels();
    work = mkdtempSync(join(tmpdir(), 'calintel-conflicts-'));
    org = join(work, 'org.json');
    writeFileSync(org, JSON.stringify(ORG));
  });

  async function run(lines: string[], options: { org?: string | null; now?: string } = {}) {
    const out = collector();
    const rejected: string[] = [];
    const result = await conflictsFile({
      input: '-',
      output: null,
      org: options.org === undefined ? org : options.org,
      now: Date.parse(options.now ?? '2026-03-01T00:00:00Z'),
      models,
      stdin: Readable.from(lines.map((l) => `${l}\n`)),
      stdout: out.stream,
      onRejected: ({ line: n, reason }) => rejected.push(`${n}: ${reason}`),
    });
    const conflicts = out
      .text()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    return { result, conflicts, rejected };
  }

  it('writes the contract fields first, times in UTC, and the sales meeting wins', async () => {
    const { conflicts, result } = await run([SALES, SYNC]);
    expect(result).toMatchObject({ lines: 2, events: 2, rejected: 0, conflicts: 1 });
    const [conflict] = conflicts;
    expect(Object.keys(conflict!).slice(0, 7)).toEqual([
      'kind',
      'eventIds',
      'start',
      'end',
      'severity',
      'suggestions',
      'autoResolvable',
    ]);
    expect(conflict).toMatchObject({
      kind: 'overlap',
      eventIds: ['sales', 'sync'],
      start: '2026-03-10T09:30:00.000Z',
      end: '2026-03-10T10:00:00.000Z',
      severity: 'high',
      autoResolvable: false,
      owner: 'ana@northwind.io',
      key: 'overlap:ana@northwind.io:sales,sync',
    });
    const priorities = conflict!.priorities as Record<string, number>;
    expect(priorities.sales).toBeGreaterThan(priorities.sync!);
    const [first] = conflict!.suggestions as Array<Record<string, unknown>>;
    // Ana's working hours are Berlin's (timeZones is read case-insensitively).
    expect(first).toMatchObject({
      action: 'reschedule',
      eventId: 'sync',
      to: { start: '2026-03-10T10:00:00.000Z', end: '2026-03-10T11:00:00.000Z' },
    });
    expect(first!.why).toMatch(/Tue 2026-03-10 11:00 \(Europe\/Berlin\)/);
  });

  it('reads all-day dates in the owner’s zone', async () => {
    const { conflicts } = await run([OFFSITE, LATE]);
    expect(conflicts.map((c) => c.eventIds)).toEqual([['late', 'offsite']]);
    expect(conflicts[0]).toMatchObject({ severity: 'medium', start: '2026-03-12T23:30:00.000Z' });
    const { conflicts: utc } = await run([OFFSITE, LATE], { org: null });
    expect(utc[0]?.start).toBe('2026-03-13T00:00:00.000Z'); // no zone known: the UTC day
  });

  it('without timeZones, takes the zone most of the owner’s events were written in', async () => {
    const inNewYork = line({
      id: 'ny',
      title: 'Standup',
      timeZone: 'America/New_York',
      start: '2026-03-12T09:00:00-04:00',
      end: '2026-03-12T09:15:00-04:00',
    });
    // 02:00 UTC on the 13th is still the 12th in New York: before the offsite's New York day.
    const night = line({
      id: 'night',
      title: 'Night',
      start: '2026-03-13T02:00:00Z',
      end: '2026-03-13T03:00:00Z',
    });
    const { conflicts } = await run([OFFSITE, inNewYork, night], { org: null });
    expect(conflicts).toEqual([]);
    const { conflicts: utc } = await run([OFFSITE, night], { org: null });
    expect(utc.map((c) => c.eventIds)).toEqual([['night', 'offsite']]);
  });

  it('reads iCalUid and calendarId beyond the contract: copies on two calendars are one duplicate', async () => {
    const copy = (id: string, calendarId: string) =>
      line({
        id,
        title: 'Board prep',
        start: '2026-03-12T14:00:00+01:00',
        end: '2026-03-12T15:00:00+01:00',
        iCalUid: 'prep@northwind.io',
        calendarId,
      });
    const { conflicts } = await run([copy('b', 'personal'), copy('a', 'work')]);
    expect(conflicts).toEqual([
      expect.objectContaining({
        kind: 'duplicate',
        eventIds: ['a', 'b'],
        autoResolvable: true,
        suggestions: [expect.objectContaining({ action: 'merge', eventId: 'b', keepEventId: 'a' })],
        reasons: expect.arrayContaining([
          "the same meeting is on 2 of your calendars: calendar 'work' and calendar 'personal'",
        ]),
      }),
    ]);
    const named = await run(
      [
        { ...JSON.parse(copy('b', 'cal-2')), calendarName: 'Personal (iCloud)' },
        { ...JSON.parse(copy('a', 'cal-1')), calendarName: 'Work (Google)' },
      ].map((l) => JSON.stringify(l)),
    );
    const [merge] = named.conflicts[0]?.suggestions as { why: string }[];
    expect(merge?.why).toBe(
      'the same meeting twice: keep the copy on Work (Google) and remove this one on Personal (iCloud)',
    );
  });

  it('writes travel conflicts with their places and times', async () => {
    const office = line({
      id: 'office',
      title: 'Planning',
      start: '2026-03-11T09:00:00+01:00',
      end: '2026-03-11T10:00:00+01:00',
      location: 'Room Spree',
    });
    const munich = line({
      id: 'munich',
      title: 'Acme visit',
      start: '2026-03-11T10:30:00+01:00',
      end: '2026-03-11T12:00:00+01:00',
      location: 'Acme GmbH, Leopoldstraße 1, München',
      attendees: [ANA, JANE],
    });
    const { conflicts } = await run([office, munich]);
    expect(conflicts[0]).toMatchObject({
      kind: 'travel',
      eventIds: ['munich', 'office'],
      travel: {
        from: { label: 'office Berlin HQ', source: 'office' },
        to: { label: 'Munich, DE', source: 'city' },
        mode: 'flying',
        minutesAvailable: 30,
      },
    });
  });

  it('reports bad lines with their numbers and carries on', async () => {
    const { result, conflicts, rejected } = await run([
      SALES,
      '{"id": "x"',
      '',
      SYNC,
      '{"id":"y","title":"t","start":"soon","end":"later"}',
    ]);
    expect(result).toMatchObject({ lines: 5, events: 2, rejected: 2, conflicts: 1 });
    expect(conflicts).toHaveLength(1);
    expect(rejected).toEqual([
      expect.stringMatching(/^2: not valid JSON/),
      '5: start: must be an RFC 3339 date-time with an offset, or a date YYYY-MM-DD',
    ]);
  });

  it('gives the same output whatever the line order', async () => {
    const lines = [SALES, SYNC, OFFSITE, LATE];
    const forward = await run(lines);
    const backward = await run([...lines].reverse());
    expect(backward.conflicts).toEqual(forward.conflicts);
  });

  it('writes to --output and refuses to overwrite its input', async () => {
    const input = join(work, 'events.jsonl');
    const output = join(work, 'conflicts.jsonl');
    writeFileSync(input, `${SALES}\n${SYNC}\n`);
    const result = await conflictsFile({ input, output, org, now: 0, models });
    expect(result.conflicts).toBe(1);
    expect(readFileSync(output, 'utf8').trim().split('\n')).toHaveLength(1);
    await expect(conflictsFile({ input, output: input, org, now: 0, models })).rejects.toThrow(
      '--output must not be the --input file',
    );
  });
});

describe('the owner rule', () => {
  const read = (fields: Record<string, unknown>) =>
    readConflictLine(
      JSON.stringify({ id: 'e', title: '', start: '2026-03-10', end: '2026-03-11', ...fields }),
      1,
    ) as ConflictLineInput;

  it('gives lines without calendarOwner to the only owner named, else to one unnamed person', () => {
    expect(ownerOfUnnamedLines([read({ calendarOwner: 'Ana@Northwind.io' }), read({})])).toBe(
      'ana@northwind.io',
    );
    expect(ownerOfUnnamedLines([read({}), read({})])).toBe('');
    expect(
      ownerOfUnnamedLines([read({ calendarOwner: 'a@x.io' }), read({ calendarOwner: 'b@x.io' })]),
    ).toBe('');
  });
});

describe('loadOrganisationFile (scheduling fields)', () => {
  const write = (content: unknown) => {
    const file = join(mkdtempSync(join(tmpdir(), 'calintel-org-')), 'org.json');
    writeFileSync(file, JSON.stringify(content));
    return file;
  };

  it('reads offices, working hours, zones and travel numbers', async () => {
    const { scheduling, context } = await loadOrganisationFile(write(ORG));
    expect(context.internalDomains).toEqual(['northwind.io']);
    expect(scheduling.offices).toEqual([
      { name: 'Berlin HQ', location: null, lat: 52.5125, lng: 13.3903, timeZone: 'Europe/Berlin' },
    ]);
    expect(scheduling.workingHours).toEqual({ start: 540, end: 1020, days: [1, 2, 3, 4, 5] });
    expect(scheduling.timeZones.get('ana@northwind.io')).toBe('Europe/Berlin');
    expect(scheduling.travel).toEqual({ bufferMinutes: 15 });
  });

  it('skips a byte-order mark at the start of the file', async () => {
    const file = write(ORG);
    writeFileSync(file, `\uFEFF${JSON.stringify(ORG)}`);
    const { context } = await loadOrganisationFile(file);
    expect(context.internalDomains).toEqual(['northwind.io']);
  });

  it('names the field that is wrong', async () => {
    await expect(
      loadOrganisationFile(write({ timeZones: { 'a@b.c': 'Mars/Olympus' } })),
    ).rejects.toThrow(/timeZones\.a@b\.c: must be an IANA time zone/);
    await expect(
      loadOrganisationFile(write({ workingHours: { start: '18:00', end: '09:00' } })),
    ).rejects.toThrow(/workingHours: end must be after start/);
  });
});
